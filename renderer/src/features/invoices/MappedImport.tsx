// A CSV from another tool: the first rows shown, each Recouvra field matched to one of its columns
// (guessed, corrected by you, saved as a preset for next time), then the usual preview and import.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { MAPPED_FIELD_LABELS, MAPPED_FIELDS, REQUIRED_MAPPED_FIELDS, type CsvMapping, type MappedField } from '../../../../shared/domain/csv-mapping.js';
import type { ImportPreview } from '../../../../shared/domain/import.js';
import { api } from '../../api/client.js';
import { useToast } from '../../components/Toast.js';
import { ImportActions, ImportPreviewView } from './ImportPage.js';

type Sample = Awaited<ReturnType<typeof api<'import.csvSample'>>>;

export function MappedImport() {
  const navigate = useNavigate();
  const notify = useToast();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [sample, setSample] = useState<Sample | null>(null);
  const [mapping, setMapping] = useState<CsvMapping>({});
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [presetName, setPresetName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const fail = (e: Error) => setError(e.message);

  async function choose(f: File | undefined) {
    setError(null);
    setPreview(null);
    setSample(null);
    if (!f) return setFile(null);
    const text = await f.text();
    setFile({ name: f.name, text });
    try {
      const s = await api('import.csvSample', { fileName: f.name, text });
      setSample(s);
      setMapping(s.guessed);
    } catch (e) {
      fail(e as Error);
    }
  }
  const check = useMutation({ mutationFn: () => api('import.mappedPreview', { fileName: file!.name, text: file!.text, mapping }), onSuccess: setPreview, onError: fail });
  const apply = useMutation({
    mutationFn: () => api('import.mappedApply', { fileName: file!.name, text: file!.text, mapping }),
    onSuccess: (r) => {
      void queryClient.invalidateQueries();
      notify(`Import terminé : ${r.clientsCreated} clients créés, ${r.invoices} factures.`);
      navigate('/factures');
    },
    onError: fail,
  });
  const save = useMutation({
    mutationFn: () => api('import.presetSave', { name: presetName, mapping }),
    onSuccess: (presets) => {
      setSample((s) => (s ? { ...s, presets } : s));
      notify(`Modèle « ${presetName} » enregistré.`);
    },
    onError: fail,
  });

  return (
    <div className="form">
      <fieldset>
        <legend>Fichier</legend>
        <div className="field">
          <label htmlFor="mapped-file">Fichier CSV (séparateur « ; », « , » ou tabulation)</label>
          <input id="mapped-file" type="file" accept=".csv,.txt,text/csv" onChange={(e) => void choose(e.target.files?.[0])} />
        </div>
      </fieldset>
      {error ? <div className="notice notice--error" role="alert">{error}</div> : null}
      {sample ? (
        <>
          <p className="muted">
            {sample.rowCount} ligne{sample.rowCount > 1 ? 's' : ''} ; séparateur « {sample.separator === '\t' ? 'tabulation' : sample.separator} ».
          </p>
          <div className="table-scroll">
            <table className="simple-table" aria-label="Premières lignes du fichier">
              <thead>
                <tr>
                  {sample.headers.map((h) => (
                    <th key={h}>{h}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {sample.rows.slice(0, 5).map((r, i) => (
                  <tr key={i}>
                    {sample.headers.map((_, k) => (
                      <td key={k}>{r[k] ?? ''}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <fieldset aria-label="Correspondance des colonnes">
            <legend>Colonnes</legend>
            {Object.keys(sample.presets).length ? (
              <div className="field">
                <label htmlFor="preset">Modèle enregistré</label>
                <select id="preset" defaultValue="" onChange={(e) => e.target.value && setMapping(sample.presets[e.target.value] ?? {})}>
                  <option value="">—</option>
                  {Object.keys(sample.presets).map((n) => (
                    <option key={n} value={n}>
                      {n}
                    </option>
                  ))}
                </select>
              </div>
            ) : null}
            <div className="grid grid--3">
              {MAPPED_FIELDS.map((field: MappedField) => (
                <div className="field" key={field}>
                  <label htmlFor={`map-${field}`}>
                    {MAPPED_FIELD_LABELS[field]}
                    {REQUIRED_MAPPED_FIELDS.includes(field) ? ' *' : ''}
                  </label>
                  <select
                    id={`map-${field}`}
                    value={mapping[field] ?? ''}
                    onChange={(e) => {
                      setPreview(null);
                      setMapping((m) => ({ ...m, [field]: e.target.value || null }));
                    }}
                  >
                    <option value="">(absent du fichier)</option>
                    {sample.headers.map((h) => (
                      <option key={h} value={h}>
                        {h}
                      </option>
                    ))}
                  </select>
                </div>
              ))}
            </div>
            <div className="inline-form">
              <input aria-label="Nom du modèle" placeholder="ex. Export Sellsy" value={presetName} onChange={(e) => setPresetName(e.target.value)} />
              <button type="button" className="button" disabled={!presetName.trim()} onClick={() => save.mutate()}>
                Enregistrer ce modèle
              </button>
            </div>
          </fieldset>
          <ImportActions canCheck checking={check.isPending} onCheck={() => check.mutate()} preview={preview} importing={apply.isPending} onImport={() => apply.mutate()} />
        </>
      ) : null}
      {preview ? <ImportPreviewView preview={preview} /> : null}
    </div>
  );
}
