// The balance âgée: open balances by client and by how long they are past due, with disputed
// amounts apart; sortable; a click on an amount lists the invoices behind it; exports.
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { AgingRow } from '../../../../shared/domain/aging.js';
import { formatDateFr, type IsoDate } from '../../../../shared/domain/dates.js';
import { formatEuros, type Cents } from '../../../../shared/domain/money.js';
import { fold } from '../../../../shared/domain/text.js';
import { api } from '../../api/client.js';
import { downloadFile } from '../../api/files.js';
import { ErrorState } from '../../components/EmptyState.js';
import { useToast } from '../../components/Toast.js';

type SortKey = 'client' | 'disputed' | 'total' | number;
type Cell = { clientId?: number; bucket?: number | 'disputed'; label: string };
const SHOWN = 100;

export function AgingTable({ asOf }: { asOf: IsoDate }) {
  const notify = useToast();
  const report = useQuery({ queryKey: ['reports.aging', asOf], queryFn: () => api('reports.aging', { asOf }) });
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'total', desc: true });
  const [filter, setFilter] = useState('');
  const [cell, setCell] = useState<Cell | null>(null);
  const invoices = useQuery({
    queryKey: ['reports.agingInvoices', asOf, cell?.clientId, cell?.bucket],
    queryFn: () => api('reports.agingInvoices', { asOf, ...(cell?.clientId ? { clientId: cell.clientId } : {}), ...(cell?.bucket !== undefined ? { bucket: cell.bucket } : {}) }),
    enabled: cell !== null,
  });

  const rows = useMemo(() => {
    const all = report.data?.rows ?? [];
    const needle = fold(filter);
    const value = (r: AgingRow): number | string =>
      sort.key === 'client' ? fold(r.clientName) : sort.key === 'disputed' ? r.disputedCents : sort.key === 'total' ? r.totalCents : (r.buckets[sort.key] ?? 0);
    return all
      .filter((r) => !needle || fold(r.clientName).includes(needle))
      .sort((a, b) => {
        const va = value(a);
        const vb = value(b);
        const c = va < vb ? -1 : va > vb ? 1 : 0;
        return sort.desc ? -c : c;
      });
  }, [report.data, sort, filter]);

  async function exportAs(format: 'xlsx' | 'csv' | 'pdf') {
    try {
      const file = await api('reports.agingExport', { asOf, format });
      downloadFile(file.fileName, file.mimeType, file.base64);
    } catch (error) {
      notify((error as Error).message, { tone: 'error' });
    }
  }

  if (report.isError) return <ErrorState error={report.error} />;
  const data = report.data;
  const header = (key: SortKey, label: string, numeric = true) => (
    <th className={numeric ? 'cell--num' : undefined} aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className="table__sort" onClick={() => setSort((s) => ({ key, desc: s.key === key ? !s.desc : key !== 'client' }))}>
        {label}
        {sort.key === key ? (sort.desc ? ' ▼' : ' ▲') : ''}
      </button>
    </th>
  );
  const amount = (value: Cents, target: Cell) =>
    value > 0 ? (
      <button type="button" className="cell-link" onClick={() => setCell(target)} aria-label={`${target.label} : ${formatEuros(value)}`}>
        {formatEuros(value)}
      </button>
    ) : (
      <span className="muted">—</span>
    );

  return (
    <section className="card card--flush" aria-label="Balance âgée">
      <div className="page__header" style={{ marginBottom: '0.5rem' }}>
        <h2>Balance âgée</h2>
        <div className="page__actions">
          <input type="search" className="toolbar__small" placeholder="Filtrer les clients" aria-label="Filtrer les clients" value={filter} onChange={(e) => setFilter(e.target.value)} />
          <button type="button" className="button" onClick={() => void exportAs('xlsx')}>
            Excel (XLSX)
          </button>
          <button type="button" className="button" onClick={() => void exportAs('csv')}>
            CSV
          </button>
          <button type="button" className="button" onClick={() => void exportAs('pdf')}>
            PDF
          </button>
        </div>
      </div>
      {!data ? (
        <p className="muted">Calcul de la balance âgée…</p>
      ) : data.rows.length === 0 ? (
        <p className="muted">Aucun encours au {formatDateFr(asOf)} : toutes les factures émises à cette date étaient réglées.</p>
      ) : (
        <div className="aging-scroll">
          <table className="simple-table aging-table" aria-label="Balance âgée par client">
            <thead>
              <tr>
                {header('client', 'Client', false)}
                {data.buckets.map((b, n) => header(n, b.label))}
                {header('disputed', 'En litige')}
                {header('total', 'Total')}
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, SHOWN).map((r) => (
                <tr key={r.clientId}>
                  <td>
                    <Link to={`/clients/${r.clientId}`}>{r.clientName}</Link>
                  </td>
                  {r.buckets.map((v, n) => (
                    <td key={n} className="cell--num">
                      {amount(v, { clientId: r.clientId, bucket: n, label: `${r.clientName}, ${data.buckets[n]?.label}` })}
                    </td>
                  ))}
                  <td className="cell--num">{amount(r.disputedCents, { clientId: r.clientId, bucket: 'disputed', label: `${r.clientName}, en litige` })}</td>
                  <td className="cell--num">{amount(r.totalCents, { clientId: r.clientId, label: `${r.clientName}, total` })}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <td>
                  Total ({data.rows.length.toLocaleString('fr-FR')} client{data.rows.length > 1 ? 's' : ''})
                </td>
                {data.totals.buckets.map((v, n) => (
                  <td key={n} className="cell--num">
                    {amount(v, { bucket: n, label: `Tous les clients, ${data.buckets[n]?.label}` })}
                  </td>
                ))}
                <td className="cell--num">{amount(data.totals.disputedCents, { bucket: 'disputed', label: 'Tous les clients, en litige' })}</td>
                <td className="cell--num">{formatEuros(data.totals.totalCents)}</td>
              </tr>
            </tfoot>
          </table>
          {rows.length > SHOWN ? (
            <p className="muted">
              {SHOWN} premiers clients sur {rows.length.toLocaleString('fr-FR')} selon le tri ; filtrez ou exportez pour voir les autres. Les totaux portent sur tous.
            </p>
          ) : null}
        </div>
      )}

      {cell ? (
        <section className="drilldown" aria-label="Factures de la cellule">
          <div className="page__header" style={{ marginBottom: '0.5rem' }}>
            <h3>Factures : {cell.label}</h3>
            <button type="button" className="button" onClick={() => setCell(null)}>
              Fermer
            </button>
          </div>
          {invoices.data ? (
            <table className="simple-table" aria-label="Factures de la cellule">
              <thead>
                <tr>
                  <th>Facture</th>
                  <th>Client</th>
                  <th>Échéance</th>
                  <th className="cell--num">Retard</th>
                  <th className="cell--num">Reste dû</th>
                </tr>
              </thead>
              <tbody>
                {invoices.data.map((i) => (
                  <tr key={i.id}>
                    <td>
                      <Link to={`/factures/${i.id}`}>{i.number}</Link>
                      {i.disputed ? <span className="badge">litige</span> : null}
                    </td>
                    <td>{i.clientName}</td>
                    <td>{formatDateFr(i.dueDate)}</td>
                    <td className="cell--num">{i.daysPastDue > 0 ? `${i.daysPastDue} j` : '—'}</td>
                    <td className="cell--num">{formatEuros(i.balanceCents as Cents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">Chargement…</p>
          )}
          {invoices.data && invoices.data.length >= 1000 ? <p className="muted">Les 1 000 premières factures sont affichées.</p> : null}
        </section>
      ) : null}
    </section>
  );
}
