// The reminder side of one invoice: sold to a factor (it leaves the queue: the factor collects
// it) or covered by credit insurance (its declaration deadline is watched), and excluded from
// reminders with a reason until a date.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Invoice } from '../../../../shared/domain/invoice.js';
import { formatDateFr, parseDateInput } from '../../../../shared/domain/dates.js';
import { api } from '../../api/client.js';
import { SelectField, TextField } from '../../components/Field.js';
import { useToast } from '../../components/Toast.js';
import { Attachments } from '../clients/Attachments.js';
import { useLedgerMutation } from './queries.js';

type Financing = 'none' | 'factored' | 'insured';

export function InvoiceCollection({ invoice }: { invoice: Invoice }) {
  const notify = useToast();
  const queryClient = useQueryClient();
  const financing = useLedgerMutation('invoices.setFinancing');
  const exclusions = useQuery({ queryKey: ['exclusions.list', invoice.clientId], queryFn: () => api('exclusions.list', { clientId: invoice.clientId }) });
  const mine = exclusions.data?.filter((e) => e.invoiceId === invoice.id && e.active) ?? [];
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const refresh = () => {
    for (const key of ['exclusions.list', 'queue.today']) void queryClient.invalidateQueries({ queryKey: [key] });
  };
  const exclude = useMutation({
    mutationFn: () => api('exclusions.add', { invoiceId: invoice.id, reason, untilDate: until.trim() ? (parseDateInput(until) ?? 'invalide') : null }),
    onSuccess: () => {
      setReason('');
      setUntil('');
      setErrors({});
      refresh();
    },
    onError: (e: Error & { fields?: Record<string, string> }) => setErrors(e.fields ?? { reason: e.message }),
  });
  const lift = useMutation({ mutationFn: (id: number) => api('exclusions.lift', { id }), onSuccess: refresh });
  return (
    <article className="card" aria-label="Relances de la facture">
      <h2>Relances</h2>
      <SelectField<Financing>
        label="Financement"
        value={invoice.financing ?? 'none'}
        onChange={(v) =>
          financing.mutate(
            { invoiceId: invoice.id, financing: v === 'none' ? null : v },
            { onSuccess: () => { refresh(); notify(v === 'factored' ? 'Facture cédée au factor : elle sort des relances.' : v === 'insured' ? 'Facture assurée : le délai de déclaration à l’assureur est suivi.' : 'Facture ni cédée ni assurée.'); } },
          )
        }
        options={[
          { value: 'none', label: 'Ni affacturée ni assurée' },
          { value: 'factored', label: 'Cédée au factor (le factor la recouvre)' },
          { value: 'insured', label: 'Couverte par l’assurance-crédit' },
        ]}
      />
      {mine.map((e) => (
        <p key={e.id}>
          Exclue des relances : {e.reason}
          {e.untilDate ? ` (jusqu’au ${formatDateFr(e.untilDate)})` : ''}.{' '}
          <button type="button" className="button button--link" onClick={() => lift.mutate(e.id)}>
            Reprendre
          </button>
        </p>
      ))}
      {mine.length === 0 ? (
        <form className="inline-form" aria-label="Exclure la facture des relances" onSubmit={(e) => { e.preventDefault(); exclude.mutate(); }}>
          <TextField label="Motif d’exclusion" value={reason} onChange={setReason} error={errors.reason} />
          <TextField label="Jusqu’au (facultatif)" value={until} onChange={setUntil} error={errors.untilDate} placeholder="JJ/MM/AAAA" />
          <button type="submit" className="button">Exclure des relances</button>
        </form>
      ) : null}
      <Attachments owner={{ type: 'invoice', id: invoice.id }} title="Pièces de la facture" />
    </article>
  );
}
