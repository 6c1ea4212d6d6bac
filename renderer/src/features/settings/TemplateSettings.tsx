// Paramètres → Modèles de courrier: the wording of each letter type, with its placeholders;
// saved with the books; "Texte par défaut" puts the original wording back.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { LETTER_TYPE_LABELS, LETTER_TYPES, PLACEHOLDERS, type LetterType } from '../../../../shared/documents/letter-model.js';
import { api } from '../../api/client.js';
import { SelectField, TextArea, TextField } from '../../components/Field.js';
import { useToast } from '../../components/Toast.js';

export function TemplateSettings() {
  const notify = useToast();
  const queryClient = useQueryClient();
  const templates = useQuery({ queryKey: ['templates.list'], queryFn: () => api('templates.list', {}) });
  const [type, setType] = useState<LetterType>('friendly_reminder');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const current = templates.data?.[type];
  useEffect(() => {
    if (current) {
      setSubject(current.subject);
      setBody(current.body);
      setError(null);
    }
  }, [current, type]);
  const onDone = (message: string) => (data: NonNullable<typeof templates.data>) => {
    queryClient.setQueryData(['templates.list'], data);
    void queryClient.invalidateQueries({ queryKey: ['letters.preview'] });
    notify(message);
  };
  const save = useMutation({ mutationFn: () => api('templates.save', { type, subject, body }), onSuccess: onDone('Modèle enregistré.'), onError: (e) => setError(e.message) });
  const reset = useMutation({ mutationFn: () => api('templates.reset', { type }), onSuccess: onDone('Texte par défaut rétabli.') });

  return (
    <>
      <h2 className="section-title">Modèles de courrier</h2>
      <form
        className="form"
        aria-label="Modèle de courrier"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <fieldset>
          <legend>Texte des courriers</legend>
          <div className="grid grid--2">
            <SelectField label="Courrier" value={type} onChange={setType} options={LETTER_TYPES.map((t) => ({ value: t, label: `${LETTER_TYPE_LABELS[t]}${templates.data?.[t]?.custom ? ' (modifié)' : ''}` }))} />
            <TextField label="Objet" value={subject} onChange={setSubject} />
          </div>
          <TextArea label="Texte (paragraphes séparés par une ligne vide)" value={body} onChange={setBody} rows={12} error={error ?? undefined} />
          <p className="fieldset__hint">
            Champs disponibles :{' '}
            {Object.entries(PLACEHOLDERS).map(([name, label], i) => (
              <span key={name} title={label}>
                {i ? ', ' : ''}
                <code>{`{{${name}}}`}</code>
              </span>
            ))}
            . Le tableau des factures s’insère après le paragraphe qui dit « ci-dessous ». Aperçu : page Documents.
          </p>
          <div className="form__actions">
            <button type="button" className="button" disabled={!current?.custom || reset.isPending} onClick={() => reset.mutate()}>
              Texte par défaut
            </button>
            <button type="submit" className="button button--primary" disabled={save.isPending}>
              Enregistrer le modèle
            </button>
          </div>
        </fieldset>
      </form>
    </>
  );
}
