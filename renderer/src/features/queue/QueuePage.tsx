// Relances: what to do today, one line per client (its invoices at the same step), with the
// paperwork done from here — letter or formal notice generated and archived, e-mail prepared (or
// sent by SMTP), SMS text with its length, call with a script and its outcome — or the step
// skipped. Clients on hold and declarations due to the credit insurer are listed below.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { formatDateFr, parseDateInput, todayLocal, type IsoDate } from '../../../../shared/domain/dates.js';
import { formatEuros } from '../../../../shared/domain/money.js';
import { CALL_OUTCOME_LABELS, CHANNEL_LABELS, HOLD_LABELS, signed, TONE_LABELS, type ActionResult, type CallOutcome, type QueueLine } from '../../../../shared/domain/scenarios.js';
import { api } from '../../api/client.js';
import { downloadFile, showPdf } from '../../api/files.js';
import { ErrorState } from '../../components/EmptyState.js';
import { TextArea, TextField } from '../../components/Field.js';
import { FormDialog } from '../../components/FormDialog.js';
import { useToast } from '../../components/Toast.js';

const DO_LABEL: Record<QueueLine['step']['channel'], string> = {
  letter: 'Générer le courrier',
  registered_letter: 'Générer la mise en demeure',
  email: 'Préparer le courriel',
  sms: 'Préparer le SMS',
  phone: 'Appeler',
};

function stepText(line: QueueLine): string {
  return `${CHANNEL_LABELS[line.step.channel]} · J${signed(line.step.offsetDays)} · ${TONE_LABELS[line.step.tone]}`;
}

function CallDialog({ line, asOf, onClose, onDone }: { line: QueueLine; asOf: IsoDate; onClose: () => void; onDone: (r: ActionResult) => void }) {
  const [outcome, setOutcome] = useState<CallOutcome | ''>('');
  const [date, setDate] = useState('');
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const act = useMutation({
    mutationFn: () => {
      const when = parseDateInput(date) ?? undefined;
      return api('queue.act', {
        clientId: line.clientId,
        stepOffset: line.step.offsetDays,
        asOf,
        decision: 'do',
        call: {
          outcome: outcome as CallOutcome,
          ...(outcome === 'promise' ? { promisedDate: when } : {}),
          ...(outcome === 'call_back' ? { callBackDate: when } : {}),
          ...(outcome === 'dispute' ? { disputeReason: reason } : {}),
          ...(note.trim() ? { note } : {}),
        },
      });
    },
    onSuccess: onDone,
    onError: (e: Error & { fields?: Record<string, string> }) => {
      setError(e.message);
      setErrors(e.fields ?? {});
    },
  });
  return (
    <FormDialog open title={`Appel — ${line.clientName}`} submitLabel="Enregistrer l’appel" busy={act.isPending} error={error} onClose={onClose} onSubmit={() => (outcome ? act.mutate() : setError('Choisissez l’issue de l’appel.'))}>
      <div className="call-script" aria-label="Script d’appel">
        <p>
          « Bonjour, je vous appelle de la part de notre service comptable au sujet de {line.invoices.length > 1 ? `${line.invoices.length} factures` : 'la facture'}{' '}
          {line.invoices.map((i) => i.number).join(', ')}, pour un total de <strong>{formatEuros(line.totalCents)}</strong>, échue{line.invoices.length > 1 ? 's' : ''} depuis{' '}
          {Math.max(...line.invoices.map((i) => i.daysLate))} jours. »
        </p>
        <p>« Avez-vous bien reçu la facture ? Y a-t-il un problème qui bloque le règlement ? À quelle date pouvez-vous régler ? »</p>
      </div>
      <fieldset className="radio-group">
        <legend>Issue de l’appel</legend>
        {(Object.keys(CALL_OUTCOME_LABELS) as CallOutcome[]).map((o) => (
          <label key={o}>
            <input type="radio" name="outcome" value={o} checked={outcome === o} onChange={() => setOutcome(o)} /> {CALL_OUTCOME_LABELS[o]}
          </label>
        ))}
      </fieldset>
      {outcome === 'promise' || outcome === 'call_back' ? (
        <TextField label={outcome === 'promise' ? 'Date promise' : 'Rappeler le'} placeholder="JJ/MM/AAAA" value={date} onChange={setDate} error={errors.promisedDate ?? errors.callBackDate} />
      ) : null}
      {outcome === 'dispute' ? <TextField label="Motif du litige" value={reason} onChange={setReason} error={errors.disputeReason} /> : null}
      <TextArea label="Note" value={note} onChange={setNote} rows={2} />
    </FormDialog>
  );
}

function SkipDialog({ line, asOf, onClose, onDone }: { line: QueueLine; asOf: IsoDate; onClose: () => void; onDone: (r: ActionResult) => void }) {
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const act = useMutation({
    mutationFn: () => api('queue.act', { clientId: line.clientId, stepOffset: line.step.offsetDays, asOf, decision: 'skip', ...(note.trim() ? { note } : {}) }),
    onSuccess: onDone,
    onError: (e: Error) => setError(e.message),
  });
  return (
    <FormDialog open title={`Passer l’étape — ${line.clientName}`} submitLabel="Passer l’étape" busy={act.isPending} error={error} onClose={onClose} onSubmit={() => act.mutate()}>
      <p>
        {stepText(line)} ne sera pas faite ; la prochaine étape suivra. L’étape passée figure dans l’historique du client.
      </p>
      <TextArea label="Pourquoi (facultatif)" value={note} onChange={setNote} rows={2} />
    </FormDialog>
  );
}

function Result({ result }: { result: ActionResult }) {
  const notify = useToast();
  const fail = (e: Error) => notify(e.message, { tone: 'error' });
  const doc = result.document;
  return (
    <div className="queue-result" role="status" aria-label={`Résultat — ${result.line.clientName}`}>
      {doc ? (
        <span>
          {doc.title} archivé.{' '}
          <button type="button" className="button button--link" onClick={() => showPdf(() => api('documents.merge', { ids: [doc.id] }), { print: true }).catch(fail)}>
            Imprimer
          </button>
        </span>
      ) : null}
      {result.email ? (
        result.email.transport === 'smtp' ? (
          <span> Courriel envoyé à {result.email.recipient}.</span>
        ) : (
          <span>
            {' '}
            Courriel prêt pour {result.email.recipient}.{' '}
            <button type="button" className="button button--link" onClick={() => result.email?.eml && downloadFile(result.email.eml.fileName, 'message/rfc822', result.email.eml.base64)}>
              Ouvrir dans la messagerie (.eml)
            </button>
            {result.email.warning ? <span className="field__error"> {result.email.warning}</span> : null}
          </span>
        )
      ) : null}
      {result.sms ? (
        <span>
          {' '}
          SMS pour {result.sms.phone ?? 'un numéro à trouver'} : « {result.sms.text} » ({result.sms.characters} caractères, {result.sms.segments} SMS){' '}
          <button type="button" className="button button--link" onClick={() => void navigator.clipboard?.writeText(result.sms!.text).then(() => notify('Texte copié.'))}>
            Copier
          </button>
        </span>
      ) : null}
      {!doc && !result.email && !result.sms ? <span>Enregistré dans l’historique du client.</span> : null}
    </div>
  );
}

/** Lines rendered at first, and added by each « Afficher plus ». */
const QUEUE_PAGE = 100;

function ShowMore({ shown, total, onMore, what }: { shown: number; total: number; onMore: () => void; what: string }) {
  if (shown >= total) return null;
  const next = Math.min(QUEUE_PAGE, total - shown);
  return (
    <p className="muted">
      {shown.toLocaleString('fr-FR')} {what} affichées sur {total.toLocaleString('fr-FR')}.{' '}
      <button type="button" className="button" onClick={onMore}>
        Afficher les {next} suivantes
      </button>
    </p>
  );
}

export function QueuePage() {
  const notify = useToast();
  const queryClient = useQueryClient();
  const [dateText, setDateText] = useState(formatDateFr(todayLocal()));
  const asOf = parseDateInput(dateText) ?? todayLocal();
  const [dialog, setDialog] = useState<{ kind: 'call' | 'skip'; line: QueueLine } | null>(null);
  const [results, setResults] = useState<ActionResult[]>([]);
  const [busy, setBusy] = useState<number | null>(null);
  // A large book can have thousands of lines on a catch-up day: shown a page at a time.
  const [shown, setShown] = useState(QUEUE_PAGE);
  const [heldShown, setHeldShown] = useState(QUEUE_PAGE);
  // Only the lines shown come from the core; the counts are those of the whole queue.
  const limit = Math.max(shown, heldShown);
  const queue = useQuery({ queryKey: ['queue.today', asOf, limit], queryFn: () => api('queue.today', { asOf, limit }), placeholderData: (previous) => previous });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['queue.today'] });
    void queryClient.invalidateQueries({ queryKey: ['documents.list'] });
    void queryClient.invalidateQueries({ queryKey: ['register.list'] });
  };
  const done = (result: ActionResult) => {
    setDialog(null);
    setResults((r) => [result, ...r]);
    refresh();
  };
  async function doLine(line: QueueLine) {
    if (line.step.channel === 'phone') return setDialog({ kind: 'call', line });
    setBusy(line.clientId);
    try {
      done(await api('queue.act', { clientId: line.clientId, stepOffset: line.step.offsetDays, asOf, decision: 'do' }));
    } catch (e) {
      notify((e as Error).message, { tone: 'error' });
    } finally {
      setBusy(null);
    }
  }
  const automatic = queue.data?.counts.automatic ?? 0;
  const [running, setRunning] = useState(false);
  async function runAll() {
    setRunning(true);
    try {
      const { results: done, failures } = await api('queue.runAutomatic', { asOf });
      setResults((r) => [...done, ...r]);
      refresh();
      notify(`${done.length} étape${done.length > 1 ? 's' : ''} automatique${done.length > 1 ? 's' : ''} faite${done.length > 1 ? 's' : ''}.${failures.length ? ` Non faites : ${failures.map((f) => `${f.clientName} (${f.message})`).join(' ; ')}` : ''}`, failures.length ? { tone: 'error' } : undefined);
    } catch (e) {
      notify((e as Error).message, { tone: 'error' });
    } finally {
      setRunning(false);
    }
  }
  const smsCount = queue.data?.counts.sms ?? 0;
  const letters = queue.data?.counts.letters ?? 0;

  return (
    <section className="page">
      <header className="page__header">
        <div>
          <h1>Relances</h1>
          <p className="page__subtitle">Ce qu’il faut faire aujourd’hui, client par client.</p>
        </div>
        <div className="page__actions">
          <TextField label="À la date du" value={dateText} onChange={setDateText} className="field--inline" />
          {automatic ? (
            <button type="button" className="button" disabled={running} onClick={() => void runAll()}>
              {running ? 'En cours…' : `Faire les ${automatic} étape${automatic > 1 ? 's' : ''} automatique${automatic > 1 ? 's' : ''}`}
            </button>
          ) : null}
          {smsCount ? (
            <button
              type="button"
              className="button"
              onClick={() =>
                api('queue.smsCsv', { asOf })
                  .then((f) => {
                    downloadFile(f.fileName, 'text/csv', f.base64);
                    notify(`${f.exported} SMS exporté${f.exported > 1 ? 's' : ''}${f.rejected.length ? ` ; sans numéro de mobile valable : ${f.rejected.map((r) => r.name).join(', ')}` : ''}.`);
                  })
                  .catch((e: Error) => notify(e.message, { tone: 'error' }))
              }
            >
              Exporter les {smsCount} SMS (CSV)
            </button>
          ) : null}
          <button
            type="button"
            className="button button--primary"
            disabled={letters === 0}
            onClick={() =>
              showPdf(async () => {
                const batch = await api('queue.letters', { asOf });
                refresh();
                notify(`${batch.count} courrier${batch.count > 1 ? 's' : ''} généré${batch.count > 1 ? 's' : ''}, archivé${batch.count > 1 ? 's' : ''} et noté${batch.count > 1 ? 's' : ''} comme fait${batch.count > 1 ? 's' : ''}.`);
                return batch;
              }, { print: true }).catch((e: Error) => notify(e.message, { tone: 'error' }))
            }
          >
            {letters === 0 ? 'Aucun courrier à imprimer' : letters === 1 ? 'Imprimer le courrier du jour' : `Imprimer les ${letters} courriers du jour`}
          </button>
        </div>
      </header>

      {results.length ? (
        <section className="card" aria-label="Fait aujourd’hui" style={{ marginBottom: '1rem' }}>
          <h2>Fait</h2>
          {results.map((r) => (
            <Result key={r.actionId} result={r} />
          ))}
        </section>
      ) : null}

      <section className="card" aria-label="À faire" aria-busy={queue.isPending}>
        <h2>À faire {queue.data ? `(${queue.data.counts.lines})` : ''}</h2>
        {queue.isError ? <ErrorState error={queue.error} /> : null}
        {queue.data && queue.data.lines.length === 0 ? <p className="muted">Rien à faire à cette date : aucune étape de relance n’est due. Revenez demain.</p> : null}
        {queue.data?.lines.length ? (
          <table className="simple-table" aria-label="Relances à faire">
            <thead>
              <tr>
                <th>Client</th>
                <th>Étape</th>
                <th>Factures</th>
                <th className="cell--num">Montant</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {queue.data.lines.slice(0, shown).map((line) => (
                <tr key={line.clientId} aria-label={line.clientName}>
                  <td>
                    <Link to={`/clients/${line.clientId}`}>{line.clientName}</Link>
                    <div className="muted">{line.scenarioName}</div>
                  </td>
                  <td>
                    {stepText(line)}
                    <div className="muted">
                      {line.step.needsValidation ? 'à valider' : 'automatique'}
                      {line.skippedSteps ? ` · ${line.skippedSteps} étape${line.skippedSteps > 1 ? 's' : ''} antérieure${line.skippedSteps > 1 ? 's' : ''} laissée${line.skippedSteps > 1 ? 's' : ''} de côté` : ''}
                      {line.resumed ? ' · reprise après une promesse non tenue' : ''}
                    </div>
                  </td>
                  <td>
                    {line.invoices.map((i) => (
                      <div key={i.id}>
                        <Link to={`/factures/${i.id}`}>{i.number}</Link> <span className="muted">{i.daysLate >= 0 ? `échue depuis ${i.daysLate} j` : `échéance dans ${-i.daysLate} j`}</span>
                      </div>
                    ))}
                  </td>
                  <td className="cell--num">{formatEuros(line.totalCents)}</td>
                  <td className="cell--actions">
                    <button type="button" className="button button--primary" disabled={busy === line.clientId} onClick={() => void doLine(line)}>
                      {DO_LABEL[line.step.channel]}
                    </button>{' '}
                    <button type="button" className="button" onClick={() => setDialog({ kind: 'skip', line })}>
                      Passer
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {queue.data ? <ShowMore shown={shown} total={queue.data.counts.lines} onMore={() => setShown((n) => n + QUEUE_PAGE)} what="relances" /> : null}
      </section>

      {queue.data?.insurer.length ? (
        <section className="card" aria-label="Déclarations à l’assureur" style={{ marginTop: '1rem' }}>
          <h2>Assurance-crédit : déclarations à faire</h2>
          <table className="simple-table">
            <tbody>
              {queue.data.insurer.map((d) => (
                <tr key={d.invoiceId}>
                  <td>
                    <Link to={`/clients/${d.clientId}`}>{d.clientName}</Link> — {d.invoiceNumber}
                  </td>
                  <td className="cell--num">{formatEuros(d.remainingCents)}</td>
                  <td>
                    {d.daysLeft >= 0 ? `à déclarer avant le ${formatDateFr(d.deadline)} (${d.daysLeft} j)` : <strong>délai dépassé le {formatDateFr(d.deadline)}</strong>}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="button"
                      onClick={() =>
                        showPdf(async () => {
                          const doc = await api('insurer.declare', { invoiceId: d.invoiceId });
                          refresh();
                          return api('documents.merge', { ids: [doc.id] });
                        }, { print: true }).catch((e: Error) => notify(e.message, { tone: 'error' }))
                      }
                    >
                      Préparer la déclaration
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}

      {queue.data?.held.length ? (
        <section className="card" aria-label="En pause" style={{ marginTop: '1rem' }}>
          <h2>En pause ({queue.data.counts.held})</h2>
          <ul className="plain-list">
            {queue.data.held.slice(0, heldShown).map((h) => (
              <li key={h.clientId}>
                <Link to={`/clients/${h.clientId}`}>{h.clientName}</Link> —{' '}
                {h.holds.map((hold) => `${HOLD_LABELS[hold.reason]}${hold.note ? ` (${hold.note})` : ''}${hold.until ? ` jusqu’au ${formatDateFr(hold.until)}` : ''}`).join(' ; ')}
              </li>
            ))}
          </ul>
          <ShowMore shown={heldShown} total={queue.data.counts.held} onMore={() => setHeldShown((n) => n + QUEUE_PAGE)} what="relances en pause" />
        </section>
      ) : null}

      {dialog?.kind === 'call' ? <CallDialog line={dialog.line} asOf={asOf} onClose={() => setDialog(null)} onDone={done} /> : null}
      {dialog?.kind === 'skip' ? <SkipDialog line={dialog.line} asOf={asOf} onClose={() => setDialog(null)} onDone={done} /> : null}
    </section>
  );
}
