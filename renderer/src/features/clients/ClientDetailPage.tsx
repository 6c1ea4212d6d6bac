// One client: identity, address as it will print, contacts, terms, solvency, notes and the
// history of every change. Archive has an "Annuler"; deletion asks first.
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { printedLines } from '../../../../shared/domain/address.js';
import { AUDIT_ACTION_LABELS } from '../../../../shared/domain/audit.js';
import { CLIENT_KIND_LABELS, CONTACT_ROLE_LABELS, formatPaymentTerms, type Client } from '../../../../shared/domain/client.js';
import { formatDateFr, todayLocal } from '../../../../shared/domain/dates.js';
import { formatEuros } from '../../../../shared/domain/money.js';
import { formatSiren } from '../../../../shared/validation.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { ErrorState } from '../../components/EmptyState.js';
import { useToast } from '../../components/Toast.js';
import { ArchivedDocuments } from '../documents/ArchivedDocuments.js';
import { ClientCollection } from './ClientCollection.js';
import { ClientLedger } from './ClientLedger.js';
import { ClientLegal } from './ClientLegal.js';
import { PaymentPlans } from './PaymentPlans.js';
import { PersonalData } from './PersonalData.js';
import { useArchiveClient, useClient, useClientHistory, useDeleteClient } from './queries.js';

function formatTimestamp(iso: string): string {
  const d = new Date(iso);
  return `${formatDateFr(todayLocal(d))} à ${String(d.getHours()).padStart(2, '0')} h ${String(d.getMinutes()).padStart(2, '0')}`;
}

function Row({ label, value }: { label: string; value: string | null | undefined }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value || '—'}</dd>
    </>
  );
}

export function ClientDetailPage() {
  const id = Number(useParams().id);
  const client = useClient(id);
  if (client.isPending) return <div className="loading">Chargement…</div>;
  if (client.isError) return <ErrorState error={client.error} />;
  return <ClientDetail client={client.data} />;
}

function ClientDetail({ client }: { client: Client }) {
  const navigate = useNavigate();
  const notify = useToast();
  const history = useClientHistory(client.id);
  const archive = useArchiveClient();
  const remove = useDeleteClient();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const address = printedLines(client.address);

  const setArchived = (archived: boolean) =>
    archive.mutate(
      { id: client.id, archive: archived },
      {
        onSuccess: (c) =>
          notify(archived ? `Client « ${c.name} » archivé.` : `Client « ${c.name} » restauré.`, {
            action: { label: 'Annuler', run: () => archive.mutate({ id: c.id, archive: !archived }) },
          }),
        onError: (error) => notify(error.message, { tone: 'error' }),
      },
    );

  return (
    <section className="page">
      <header className="page__header">
        <div>
          <p className="breadcrumb">
            <Link to="/clients">Clients</Link> ›
          </p>
          <h1>
            {client.name} {client.archivedAt ? <span className="badge badge--large">Archivé</span> : null}
          </h1>
          <p className="page__subtitle">
            {CLIENT_KIND_LABELS[client.kind]}
            {client.legalForm ? ` · ${client.legalForm}` : ''}
            {client.city ? ` · ${client.city}` : ''}
          </p>
        </div>
        <div className="page__actions">
          <Link to={`/clients/${client.id}/modifier`} className="button button--primary">
            Modifier
          </Link>
          {client.archivedAt ? (
            <button type="button" className="button" onClick={() => setArchived(false)} disabled={archive.isPending}>
              Restaurer
            </button>
          ) : (
            <button type="button" className="button" onClick={() => setArchived(true)} disabled={archive.isPending}>
              Archiver
            </button>
          )}
          <button type="button" className="button button--danger-outline" onClick={() => setConfirmDelete(true)}>
            Supprimer
          </button>
        </div>
      </header>

      {client.archivedAt ? (
        <div className="notice">Client archivé le {formatTimestamp(client.archivedAt)} : il n’apparaît plus dans la liste des clients actifs.</div>
      ) : null}

      <div className="cards">
        <ClientLedger clientId={client.id} />
        <ClientCollection clientId={client.id} />
        <PaymentPlans clientId={client.id} />
        <ClientLegal clientId={client.id} />

        <article className="card card--wide" aria-label="Courriers du client">
          <div className="card__header">
            <h2>Courriers</h2>
            <span>
              <Link className="button" to={`/documents?client=${client.id}&type=friendly_reminder`}>
                Nouvelle relance
              </Link>{' '}
              <Link className="button" to={`/documents?client=${client.id}&type=statement`}>
                Relevé de compte
              </Link>{' '}
              <Link className="button" to={`/documents?client=${client.id}&type=formal_notice`}>
                Mise en demeure
              </Link>
            </span>
          </div>
          <ArchivedDocuments clientId={client.id} emptyText="Aucun courrier envoyé à ce client pour l’instant." />
        </article>

        <article className="card">
          <h2>Identité</h2>
          <dl className="facts">
            <Row label="SIREN" value={client.siren ? formatSiren(client.siren) : null} />
            <Row label="SIRET" value={client.siret ? formatSiren(client.siret) : null} />
            <Row label="TVA intracommunautaire" value={client.vatNumber} />
            <Row label="Code NAF" value={client.nafCode} />
            <Row label="Pays" value={client.country} />
          </dl>
        </article>

        <article className="card">
          <h2>Adresse de facturation</h2>
          {address.length ? (
            <address className="postal">
              {address.map((line, i) => (
                <div key={i}>{line}</div>
              ))}
            </address>
          ) : (
            <p className="muted">Aucune adresse : impossible d’envoyer un courrier à ce client. <Link to={`/clients/${client.id}/modifier`}>Ajouter l’adresse</Link></p>
          )}
        </article>

        <article className="card">
          <h2>Conditions</h2>
          <dl className="facts">
            <Row label="Délai de paiement" value={formatPaymentTerms(client.paymentTerms)} />
            <Row label="Encours autorisé" value={client.creditLimitCents === null ? null : formatEuros(client.creditLimitCents)} />
          </dl>
        </article>

        <article className="card card--wide">
          <h2>Contacts</h2>
          {client.contacts.length ? (
            <table className="simple-table">
              <thead>
                <tr>
                  <th>Rôle</th>
                  <th>Nom</th>
                  <th>E-mail</th>
                  <th>Téléphone</th>
                </tr>
              </thead>
              <tbody>
                {client.contacts.map((c) => (
                  <tr key={c.id}>
                    <td>{CONTACT_ROLE_LABELS[c.role]}</td>
                    <td>{c.name}</td>
                    <td>{c.email ?? '—'}</td>
                    <td>{c.phone ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">Aucun contact. Ajoutez au moins la personne à relancer en comptabilité.</p>
          )}
        </article>

        <article className="card card--wide">
          <h2>Solvabilité</h2>
          <dl className="facts">
            <Row label="Situation financière" value={client.solvency.situation} />
            <Row label="Derniers comptes lus" value={[formatDateFr(client.solvency.accountsDate), client.solvency.accountsNote].filter(Boolean).join(' — ')} />
            <Row label="Incidents de paiement" value={client.solvency.incidents} />
          </dl>
        </article>

        <article className="card card--wide">
          <h2>Notes et étiquettes</h2>
          {client.notes ? <p className="notes">{client.notes}</p> : <p className="muted">Aucune note.</p>}
          <div>
            {client.tags.map((t) => (
              <span key={t} className="tag">
                {t}
              </span>
            ))}
          </div>
        </article>

        {client.kind === 'consumer' ? <PersonalData clientId={client.id} clientName={client.name} /> : null}

        <article className="card card--wide">
          <h2>Historique</h2>
          {history.data?.length ? (
            <ol className="history">
              {history.data.map((e) => (
                <li key={e.id}>
                  <span className="history__when">{formatTimestamp(e.at)}</span> <strong>{AUDIT_ACTION_LABELS[e.action]}</strong> — {e.summary}
                </li>
              ))}
            </ol>
          ) : (
            <p className="muted">{history.isPending ? 'Chargement…' : 'Aucun événement.'}</p>
          )}
        </article>
      </div>

      <ConfirmDialog
        open={confirmDelete}
        title={`Supprimer « ${client.name} » ?`}
        confirmLabel="Supprimer définitivement"
        danger
        onCancel={() => setConfirmDelete(false)}
        onConfirm={() => {
          setConfirmDelete(false);
          remove.mutate(client.id, {
            onSuccess: () => {
              notify(`Client « ${client.name} » supprimé.`);
              navigate('/clients');
            },
            onError: (error) => notify(error.message, { tone: 'error' }),
          });
        }}
      >
        La suppression est définitive. Elle n’est possible que pour un client sans facture ni paiement ; sinon, archivez-le.
      </ConfirmDialog>
    </section>
  );
}
