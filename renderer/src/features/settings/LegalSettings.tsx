// Paramètres for the law engine: the reading of "45 jours fin de mois", and the rate table
// (built-in rows with their sources, plus the half-years the user adds when they are published).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { EOM45_READING_LABELS, type Eom45Reading } from '../../../../shared/domain/terms.js';
import { formatRateBp, formatSemesterFr, type Semester } from '../../../../shared/legal/rates.js';
import { api } from '../../api/client.js';
import { SelectField, TextField } from '../../components/Field.js';
import { errorsFromApi, type FieldErrors } from '../../components/form.js';
import { readRateBp } from '../../components/parse.js';
import { useToast } from '../../components/Toast.js';

export function LegalSettings() {
  const queryClient = useQueryClient();
  const notify = useToast();
  const settings = useQuery({ queryKey: ['settings.get'], queryFn: () => api('settings.get', {}) });
  const rates = useQuery({ queryKey: ['rates.list'], queryFn: () => api('rates.list', {}) });
  const setReading = useMutation({
    mutationFn: (eom45Reading: Eom45Reading) => api('settings.set', { eom45Reading }),
    onSuccess: (s) => queryClient.setQueryData(['settings.get'], s),
  });
  const saveReports = useMutation({
    mutationFn: (patch: { agingBounds?: number[]; financingRateBp?: number }) => api('settings.set', patch),
    onSuccess: (s) => {
      queryClient.setQueryData(['settings.get'], s);
      for (const key of ['reports.aging', 'reports.charts', 'reports.whatIf']) void queryClient.invalidateQueries({ queryKey: [key] });
      notify('Réglages des rapports enregistrés.');
      setReportErrors({});
    },
    onError: (err) => setReportErrors(errorsFromApi(err)),
  });
  const [bounds, setBounds] = useState<string | null>(null);
  const [financing, setFinancing] = useState<string | null>(null);
  const [reportErrors, setReportErrors] = useState<FieldErrors>({});
  const refreshRates = (view: Awaited<ReturnType<typeof api<'rates.list'>>>) => {
    queryClient.setQueryData(['rates.list'], view);
    void queryClient.invalidateQueries({ queryKey: ['penalties.invoice'] });
  };
  const saveRate = useMutation({ mutationFn: (input: Parameters<typeof api<'rates.save'>>[1]) => api('rates.save', input), onSuccess: refreshRates });
  const removeRate = useMutation({ mutationFn: (semester: string) => api('rates.remove', { semester }), onSuccess: refreshRates });
  const [form, setForm] = useState({ semester: '', ecb: '', consumer: '', other: '', source: '' });
  const [errors, setErrors] = useState<FieldErrors>({});

  function submit(e: FormEvent) {
    e.preventDefault();
    const ecb = readRateBp(form.ecb, 'Taux BCE');
    const consumer = readRateBp(form.consumer, 'Taux légal (créancier particulier)');
    const other = readRateBp(form.other, 'Taux légal (autres cas)');
    const found: FieldErrors = {};
    if (!ecb.ok) found.ecbMroBp = ecb.message;
    if (!consumer.ok) found.legalConsumerCreditorBp = consumer.message;
    if (!other.ok) found.legalOtherBp = other.message;
    setErrors(found);
    if (!ecb.ok || !consumer.ok || !other.ok) return;
    saveRate.mutate(
      { semester: form.semester.trim().toUpperCase(), ecbMroBp: ecb.value, legalConsumerCreditorBp: consumer.value, legalOtherBp: other.value, source: form.source },
      {
        onSuccess: () => {
          notify('Taux enregistrés : les calculs de pénalités en tiennent compte.');
          setForm({ semester: '', ecb: '', consumer: '', other: '', source: '' });
        },
        onError: (err) => setErrors(errorsFromApi(err)),
      },
    );
  }

  return (
    <>
      <h2 className="section-title">Calculs</h2>
      <div className="grid grid--2">
        <SelectField
          label="« 45 jours fin de mois » se lit"
          value={settings.data?.eom45Reading ?? 'eom_plus_45'}
          onChange={(v) => setReading.mutate(v)}
          options={(Object.keys(EOM45_READING_LABELS) as Eom45Reading[]).map((k) => ({ value: k, label: EOM45_READING_LABELS[k] }))}
        />
      </div>
      <form
        className="grid grid--3"
        aria-label="Réglages des rapports"
        onSubmit={(e) => {
          e.preventDefault();
          const rate = readRateBp(financing ?? '', 'Taux de financement');
          const parsedBounds = (bounds ?? '').split(/[;,\s]+/).filter(Boolean).map(Number);
          const found: FieldErrors = {};
          if (!rate.ok) found.financingRateBp = rate.message;
          if (bounds !== null && parsedBounds.some((b) => !Number.isInteger(b))) found.agingBounds = 'Tranches : des nombres entiers de jours séparés par des virgules (ex. 30, 60, 90).';
          setReportErrors(found);
          if (Object.keys(found).length) return;
          saveReports.mutate({
            ...(bounds !== null ? { agingBounds: parsedBounds } : {}),
            ...(financing !== null && rate.ok && rate.value !== null ? { financingRateBp: rate.value } : {}),
          });
        }}
      >
        <TextField
          label="Tranches de la balance âgée (jours)"
          value={bounds ?? (settings.data?.agingBounds ?? [30, 60, 90]).join(', ')}
          onChange={setBounds}
          error={reportErrors.agingBounds}
          hint="Limites croissantes : 30, 60, 90 donne non échu, 1–30, 31–60, 61–90, plus de 90"
        />
        <TextField
          label="Taux de financement (découvert, %)"
          value={financing ?? ((settings.data?.financingRateBp ?? 800) / 100).toFixed(2).replace('.', ',')}
          onChange={setFinancing}
          error={reportErrors.financingRateBp}
          hint="Ce que vous coûte l’argent qui manque : sert au coût du retard"
        />
        <div className="field">
          <label>&nbsp;</label>
          <button type="submit" className="button" disabled={saveReports.isPending}>
            Enregistrer les réglages
          </button>
        </div>
      </form>

      <h2 className="section-title" id="taux">
        Taux de référence
      </h2>
      <p className="muted">
        Pénalités entre professionnels : taux de la BCE au 1er janvier ou au 1er juillet + 10 points (article L441-10 du Code de commerce).
        Particuliers : taux de l’intérêt légal du semestre (article L313-2 du Code monétaire et financier). Chaque ligne cite sa source.
      </p>
      {rates.data?.coverageWarning ? <div className="notice notice--warning">{rates.data.coverageWarning}</div> : null}
      <table className="simple-table" aria-label="Taux par semestre">
        <thead>
          <tr>
            <th>Semestre</th>
            <th className="cell--num">BCE</th>
            <th className="cell--num">Pénalités (BCE + 10)</th>
            <th className="cell--num">Légal, créancier particulier</th>
            <th className="cell--num">Légal, autres cas</th>
            <th>Source</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {[...(rates.data?.rows ?? [])].reverse().map((r) => (
            <tr key={r.semester}>
              <td>
                {formatSemesterFr(r.semester as Semester)}
                {r.unconfirmed ? <span className="badge">non confirmé</span> : null}
                {r.origin === 'user' ? <span className="badge">saisi</span> : null}
              </td>
              <td className="cell--num">{r.ecbMroBp === null ? '—' : formatRateBp(r.ecbMroBp)}</td>
              <td className="cell--num">{r.ecbMroBp === null ? '—' : formatRateBp(r.ecbMroBp + 1000)}</td>
              <td className="cell--num">{r.legalConsumerCreditorBp === null ? '—' : formatRateBp(r.legalConsumerCreditorBp)}</td>
              <td className="cell--num">{r.legalOtherBp === null ? '—' : formatRateBp(r.legalOtherBp)}</td>
              <td className="muted" style={{ maxWidth: '22rem', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={r.sources.join('\n')}>
                {r.note ?? r.sources[0]}
              </td>
              <td>
                {r.origin === 'user' ? (
                  <button type="button" className="button button--link" onClick={() => removeRate.mutate(r.semester)}>
                    Retirer
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="form" onSubmit={submit} aria-label="Ajouter les taux d’un semestre" style={{ marginTop: '1rem' }}>
        <fieldset>
          <legend>Ajouter ou corriger les taux d’un semestre</legend>
          <div className="grid grid--4">
            <TextField label="Semestre" value={form.semester} onChange={(v) => setForm((f) => ({ ...f, semester: v }))} error={errors.semester} placeholder="2026-S2" />
            <TextField label="Taux BCE (%)" value={form.ecb} onChange={(v) => setForm((f) => ({ ...f, ecb: v }))} error={errors.ecbMroBp} placeholder="2,15" />
            <TextField label="Taux légal, créancier particulier (%)" value={form.consumer} onChange={(v) => setForm((f) => ({ ...f, consumer: v }))} error={errors.legalConsumerCreditorBp} />
            <TextField label="Taux légal, autres cas (%)" value={form.other} onChange={(v) => setForm((f) => ({ ...f, other: v }))} error={errors.legalOtherBp} />
          </div>
          <TextField label="Source" value={form.source} onChange={(v) => setForm((f) => ({ ...f, source: v }))} error={errors.source} hint="Arrêté au Journal officiel, page de la Banque de France…" />
          <div className="form__actions">
            <button type="submit" className="button button--primary" disabled={saveRate.isPending}>
              Enregistrer les taux
            </button>
          </div>
        </fieldset>
      </form>
    </>
  );
}
