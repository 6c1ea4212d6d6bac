// The invoice list: filters (status, days overdue, search), sort and the open balance of the
// selection, all computed in SQL; rows virtualized and fetched by pages (200 000 invoices stay smooth).
import { useDeferredValue, useEffect, useRef } from 'react';
import { Link, useNavigate } from 'react-router';
import { formatDateFr, parseDateInput } from '../../../../shared/domain/dates.js';
import { INVOICE_STATUSES, INVOICE_STATUS_LABELS, type InvoiceStatus } from '../../../../shared/domain/invoice.js';
import { formatEuros, parseEuros, type Cents } from '../../../../shared/domain/money.js';
import type { InvoiceListQuery } from '../../../../shared/schemas-ledger.js';
import { api } from '../../api/client.js';
import { EmptyState, ErrorState } from '../../components/EmptyState.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { useListShortcuts, useUrlParams } from '../../components/listParams.js';
import { usePagedRows } from '../../components/usePagedRows.js';

const ROW_HEIGHT = 44;
type SortField = NonNullable<InvoiceListQuery['sort']>;
const COLUMNS: { field: SortField; label: string; numeric?: boolean }[] = [
  { field: 'number', label: 'Numéro' },
  { field: 'client', label: 'Client' },
  { field: 'issueDate', label: 'Émise le' },
  { field: 'dueDate', label: 'Échéance' },
  { field: 'amount', label: 'Montant TTC', numeric: true },
  { field: 'balance', label: 'Reste dû', numeric: true },
  { field: 'daysOverdue', label: 'Retard', numeric: true },
];
const OVERDUE_FILTERS = [
  { value: '', label: 'Tout retard' },
  { value: '1', label: 'En retard' },
  { value: '30', label: 'Plus de 30 jours' },
  { value: '60', label: 'Plus de 60 jours' },
  { value: '90', label: 'Plus de 90 jours' },
];


export function InvoicesPage() {
  const navigate = useNavigate();
  const { params, update } = useUrlParams();
  const search = params.get('q') ?? '';
  const statuses = (params.get('statut')?.split(',').filter(Boolean) ?? []) as InvoiceStatus[];
  const minDays = params.get('retard') ?? '';
  const sort = (params.get('tri') as SortField | null) ?? 'dueDate';
  const direction = params.get('ordre') === 'desc' ? 'desc' : 'asc';
  const clientId = params.get('client') ? Number(params.get('client')) : undefined;
  const issuedFrom = parseDateInput(params.get('du') ?? '');
  const issuedTo = parseDateInput(params.get('au') ?? '');
  const minAmount = parseEuros(params.get('min') ?? '');
  const deferredSearch = useDeferredValue(search);
  const query: InvoiceListQuery = {
    search: deferredSearch,
    statuses,
    sort,
    direction,
    ...(minDays ? { minDaysOverdue: Number(minDays) } : {}),
    ...(clientId ? { clientId } : {}),
    ...(issuedFrom ? { issuedFrom } : {}),
    ...(issuedTo ? { issuedTo } : {}),
    ...(minAmount !== null && minAmount > 0 ? { minAmountCents: minAmount } : {}),
  };
  const searchRef = useRef<HTMLInputElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);


  useListShortcuts(searchRef, { n: () => navigate('/factures/nouvelle'), p: () => navigate('/paiements/nouveau') });

  const { first, total, virtualizer, items, rowAt } = usePagedRows({
    key: ['invoices.list', query],
    fetchPage: (offset, limit) => api('invoices.list', { ...query, offset, limit }),
    scrollRef,
    rowHeight: ROW_HEIGHT,
  });

  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [deferredSearch, statuses.join(','), minDays, sort, direction, issuedFrom, issuedTo, minAmount, clientId]);

  const toggleStatus = (s: InvoiceStatus) => {
    const next = statuses.includes(s) ? statuses.filter((x) => x !== s) : [...statuses, s];
    update({ statut: next.join(',') });
  };
  const toggleSort = (field: SortField) => {
    if (sort === field) update({ ordre: direction === 'asc' ? 'desc' : null });
    else update({ tri: field === 'dueDate' ? null : field, ordre: null });
  };
  const filtered = search !== '' || statuses.length > 0 || minDays !== '' || clientId !== undefined || Boolean(issuedFrom || issuedTo || minAmount);
  const nothingYet = !first.isPending && total === 0 && !filtered;

  return (
    <section className="page page--fill">
      <header className="page__header">
        <h1>Factures</h1>
        <div className="page__actions">
          <Link to="/factures/import" className="button">
            Importer
          </Link>
          <Link to="/paiements/nouveau" className="button" title="Raccourci : P">
            Enregistrer un paiement
          </Link>
          <Link to="/factures/nouvelle" className="button button--primary" title="Raccourci : N">
            Nouvelle facture
          </Link>
        </div>
      </header>

      <div className="toolbar toolbar--wrap" role="search">
        <input
          ref={searchRef}
          type="search"
          className="toolbar__search"
          placeholder="Numéro ou client   ( / )"
          aria-label="Rechercher une facture"
          value={search}
          onChange={(e) => update({ q: e.target.value })}
          onKeyDown={(e) => e.key === 'Escape' && update({ q: null })}
        />
        <select aria-label="Retard" value={minDays} onChange={(e) => update({ retard: e.target.value })}>
          {OVERDUE_FILTERS.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </select>
        <input className="toolbar__small" aria-label="Émises à partir du" placeholder="Émises du JJ/MM/AAAA" defaultValue={params.get('du') ?? ''} onBlur={(e) => update({ du: e.target.value })} />
        <input className="toolbar__small" aria-label="Émises jusqu’au" placeholder="au JJ/MM/AAAA" defaultValue={params.get('au') ?? ''} onBlur={(e) => update({ au: e.target.value })} />
        <input className="toolbar__small" aria-label="Montant TTC minimum" placeholder="Montant min. €" inputMode="decimal" defaultValue={params.get('min') ?? ''} onBlur={(e) => update({ min: e.target.value })} />
        {clientId ? (
          <button type="button" className="chip" aria-pressed="true" onClick={() => update({ client: null })}>
            {first.data?.rows[0]?.clientName ?? 'Un client'} ×
          </button>
        ) : null}
        <span className="toolbar__count" aria-live="polite">
          {first.isPending ? '…' : `${total.toLocaleString('fr-FR')} facture${total > 1 ? 's' : ''} · reste dû ${formatEuros((first.data?.balanceCents ?? 0) as Cents)}`}
        </span>
      </div>
      <div className="chips" role="group" aria-label="Statuts" style={{ marginBottom: '0.75rem' }}>
        {INVOICE_STATUSES.map((s) => (
          <button key={s} type="button" className="chip" aria-pressed={statuses.includes(s)} onClick={() => toggleStatus(s)}>
            {INVOICE_STATUS_LABELS[s]}
          </button>
        ))}
      </div>

      {first.isError ? <ErrorState error={first.error} /> : null}
      {nothingYet ? (
        <EmptyState
          title="Aucune facture pour l’instant"
          action={
            <Link to="/factures/nouvelle" className="button button--primary">
              Saisir une facture
            </Link>
          }
        >
          Saisissez vos factures impayées, ou importez-les depuis des fichiers CSV (bouton « Importer ») : Recouvra suit leur échéance,
          leurs paiements et calcule les pénalités de retard.
        </EmptyState>
      ) : (
        <div className="table" role="table" aria-label="Factures" aria-rowcount={total + 1}>
          <div role="rowgroup">
            <div className="table__row table__row--head invoices-grid" role="row">
              {COLUMNS.map((c) => (
                <div key={c.field} role="columnheader" className={c.numeric ? 'cell--num' : undefined} aria-sort={sort === c.field ? (direction === 'asc' ? 'ascending' : 'descending') : 'none'}>
                  <button type="button" className="table__sort" onClick={() => toggleSort(c.field)}>
                    {c.label}
                    <span aria-hidden="true">{sort === c.field ? (direction === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                  </button>
                </div>
              ))}
              <div role="columnheader">Statut</div>
            </div>
          </div>
          <div ref={scrollRef} className="table__body" role="rowgroup">
            {total === 0 && !first.isPending ? <div className="table__empty">Aucune facture ne correspond à ces filtres.</div> : null}
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {items.map((item) => {
                const row = rowAt(item.index);
                return (
                  <div
                    key={item.key}
                    role="row"
                    className="table__row invoices-grid"
                    style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                    onClick={() => row && navigate(`/factures/${row.id}`)}
                  >
                    {row ? (
                      <>
                        <div role="cell" className="cell--strong">
                          <Link to={`/factures/${row.id}`} onClick={(e) => e.stopPropagation()}>
                            {row.number}
                          </Link>
                        </div>
                        <div role="cell">{row.clientName}</div>
                        <div role="cell">{formatDateFr(row.issueDate)}</div>
                        <div role="cell">{formatDateFr(row.dueDate)}</div>
                        <div role="cell" className="cell--num">{formatEuros(row.amountCents)}</div>
                        <div role="cell" className="cell--num">{formatEuros(row.balanceCents)}</div>
                        <div role="cell" className="cell--num">{row.daysOverdue > 0 ? `${row.daysOverdue} j` : '—'}</div>
                        <div role="cell">
                          <StatusBadge status={row.status} />
                        </div>
                      </>
                    ) : (
                      <div role="cell" className="cell--loading">Chargement…</div>
                    )}
                  </div>
                );
              })}
            </div>
          </div>
        </div>
      )}
    </section>
  );
}
