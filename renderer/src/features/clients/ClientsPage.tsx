// The client list: search (name, SIREN, city), filter, sort, all in SQL; rows virtualized and
// fetched by pages, so scrolling stays smooth however large the book is.
import { useDeferredValue, useEffect, useRef } from 'react';
import { Link, useNavigate } from 'react-router';
import { CLIENT_KIND_LABELS, type ClientSortField, type ClientStatusFilter } from '../../../../shared/domain/client.js';
import { formatSiren } from '../../../../shared/validation.js';
import { api } from '../../api/client.js';
import { EmptyState, ErrorState } from '../../components/EmptyState.js';
import { Segmented } from '../../components/Segmented.js';
import { useListShortcuts, useUrlParams } from '../../components/listParams.js';
import { usePagedRows } from '../../components/usePagedRows.js';

const ROW_HEIGHT = 44;

const COLUMNS: { field: ClientSortField; label: string }[] = [
  { field: 'name', label: 'Nom' },
  { field: 'siren', label: 'SIREN' },
  { field: 'city', label: 'Ville' },
  { field: 'kind', label: 'Type' },
];

const STATUS_LABELS: Record<ClientStatusFilter, string> = { active: 'Actifs', archived: 'Archivés', all: 'Tous' };


export function ClientsPage() {
  const navigate = useNavigate();
  const { params, update } = useUrlParams();
  const search = params.get('q') ?? '';
  const status = (params.get('statut') as ClientStatusFilter | null) ?? 'active';
  const sort = (params.get('tri') as ClientSortField | null) ?? 'name';
  const direction = params.get('ordre') === 'desc' ? 'desc' : 'asc';
  const deferredSearch = useDeferredValue(search);
  const query = { search: deferredSearch, status, sort, direction } as const;

  const searchRef = useRef<HTMLInputElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);


  useListShortcuts(searchRef, { n: () => navigate('/clients/nouveau') });

  const { first, total, virtualizer, items, rowAt } = usePagedRows({
    key: ['clients.list', query],
    fetchPage: (offset, limit) => api('clients.list', { ...query, offset, limit }),
    scrollRef,
    rowHeight: ROW_HEIGHT,
  });

  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [deferredSearch, status, sort, direction]);

  const toggleSort = (field: ClientSortField) => {
    if (sort === field) update({ ordre: direction === 'asc' ? 'desc' : null });
    else update({ tri: field === 'name' ? null : field, ordre: null });
  };

  const noClientsAtAll = !first.isPending && total === 0 && search === '' && status === 'active';

  return (
    <section className="page page--fill">
      <header className="page__header">
        <h1>Clients</h1>
        <Link to="/clients/nouveau" className="button button--primary" title="Raccourci : N">
          Nouveau client
        </Link>
      </header>

      <div className="toolbar" role="search">
        <input
          ref={searchRef}
          type="search"
          className="toolbar__search"
          placeholder="Rechercher par nom, SIREN ou ville   ( / )"
          aria-label="Rechercher un client"
          value={search}
          onChange={(e) => update({ q: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === 'Escape') update({ q: null });
          }}
        />
        <Segmented label="Statut" value={status} options={STATUS_LABELS} onChange={(s) => update({ statut: s === 'active' ? null : s })} />
        <span className="toolbar__count" aria-live="polite">
          {first.isPending ? '…' : `${total.toLocaleString('fr-FR')} client${total > 1 ? 's' : ''}`}
        </span>
      </div>

      {first.isError ? <ErrorState error={first.error} /> : null}

      {noClientsAtAll ? (
        <EmptyState
          title="Aucun client pour l’instant"
          action={
            <Link to="/clients/nouveau" className="button button--primary">
              Ajouter votre premier client
            </Link>
          }
        >
          Ajoutez les clients à qui vous facturez : leur SIREN, leur adresse de facturation et leurs contacts serviront aux relances et
          aux mises en demeure.
        </EmptyState>
      ) : (
        <div className="table" role="table" aria-label="Clients" aria-rowcount={total + 1}>
          <div className="table__head" role="rowgroup">
            <div className="table__row table__row--head clients-grid" role="row" aria-rowindex={1}>
              {COLUMNS.map((c) => (
                <div
                  key={c.field}
                  role="columnheader"
                  aria-sort={sort === c.field ? (direction === 'asc' ? 'ascending' : 'descending') : 'none'}
                >
                  <button type="button" className="table__sort" onClick={() => toggleSort(c.field)}>
                    {c.label}
                    <span aria-hidden="true">{sort === c.field ? (direction === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                  </button>
                </div>
              ))}
              <div role="columnheader">Étiquettes</div>
            </div>
          </div>
          <div ref={scrollRef} className="table__body" role="rowgroup">
            {total === 0 && !first.isPending ? (
              <div className="table__empty">
                Aucun client ne correspond{search ? ` à « ${search} »` : ''}
                {status !== 'all' ? ` parmi les ${STATUS_LABELS[status].toLowerCase()}` : ''}.
              </div>
            ) : null}
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {items.map((item) => {
                const row = rowAt(item.index);
                return (
                  <div
                    key={item.key}
                    role="row"
                    aria-rowindex={item.index + 2}
                    className={`table__row clients-grid ${row?.archivedAt ? 'table__row--archived' : ''}`}
                    style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                    onClick={() => row && navigate(`/clients/${row.id}`)}
                  >
                    {row ? (
                      <>
                        <div role="cell" className="cell--strong">
                          <Link to={`/clients/${row.id}`} onClick={(e) => e.stopPropagation()}>
                            {row.name}
                          </Link>
                          {row.archivedAt ? <span className="badge">Archivé</span> : null}
                        </div>
                        <div role="cell" className="cell--mono">{row.siren ? formatSiren(row.siren) : '—'}</div>
                        <div role="cell">{row.city ?? '—'}</div>
                        <div role="cell">{CLIENT_KIND_LABELS[row.kind]}</div>
                        <div role="cell" className="cell--tags">
                          {row.tags.map((t) => (
                            <span key={t} className="tag">
                              {t}
                            </span>
                          ))}
                        </div>
                      </>
                    ) : (
                      <div role="cell" className="cell--loading">
                        Chargement…
                      </div>
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
