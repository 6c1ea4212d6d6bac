// Choosing a client by typing part of its name, SIREN or city (searched in SQL, 8 results).
import { useQuery } from '@tanstack/react-query';
import { useDeferredValue, useId, useState } from 'react';
import { formatSiren } from '../../../shared/validation.js';
import { api } from '../api/client.js';

export interface PickedClient {
  id: number;
  name: string;
}

export function ClientPicker({ value, onChange, error, label = 'Client' }: { value: PickedClient | null; onChange: (c: PickedClient | null) => void; error?: string | undefined; label?: string }) {
  const id = useId();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const deferred = useDeferredValue(text);
  const results = useQuery({
    queryKey: ['clients.list', 'picker', deferred],
    queryFn: () => api('clients.list', { search: deferred, limit: 8 }),
    enabled: open,
  });
  return (
    <div className={`field client-picker ${error ? 'field--invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {value ? (
        <div className="client-picker__chosen">
          <strong>{value.name}</strong>{' '}
          <button type="button" className="button button--link" onClick={() => onChange(null)}>
            Changer
          </button>
        </div>
      ) : (
        <>
          <input
            id={id}
            role="combobox"
            aria-expanded={open}
            aria-controls={`${id}-list`}
            aria-invalid={error ? true : undefined}
            placeholder="Tapez un nom, un SIREN ou une ville"
            value={text}
            autoComplete="off"
            onChange={(e) => {
              setText(e.target.value);
              setOpen(true);
            }}
            onFocus={() => setOpen(true)}
            onBlur={() => setTimeout(() => setOpen(false), 150)}
          />
          {open && results.data ? (
            <ul id={`${id}-list`} role="listbox" className="client-picker__results">
              {results.data.rows.length === 0 ? <li className="muted" style={{ padding: '0.5rem 0.75rem' }}>Aucun client trouvé.</li> : null}
              {results.data.rows.map((c) => (
                <li key={c.id} role="option" aria-selected={false}>
                  <button type="button" onMouseDown={(e) => e.preventDefault()} onClick={() => { onChange({ id: c.id, name: c.name }); setOpen(false); }}>
                    {c.name} <span className="muted">{[c.siren ? formatSiren(c.siren) : null, c.city].filter(Boolean).join(' · ')}</span>
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
        </>
      )}
      {error ? <div className="field__error" role="alert">{error}</div> : null}
    </div>
  );
}
