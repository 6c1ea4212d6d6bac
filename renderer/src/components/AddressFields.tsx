// The six lines of a postal address (NF Z10-011), each with its 38-character counter.
import { ADDRESS_LINE_HINTS_FR, ADDRESS_LINE_MAX } from '../../../shared/domain/address.js';
import type { FieldErrors } from './form.js';
import { TextField } from './Field.js';

export function AddressFields({ lines, onChange, errors, legend }: { lines: string[]; onChange: (lines: string[]) => void; errors: FieldErrors; legend: string }) {
  return (
    <fieldset className="address">
      <legend>{legend}</legend>
      <p className="fieldset__hint">Six lignes de 38 caractères au plus, comme sur l’enveloppe ; la dernière : code postal et localité.</p>
      {ADDRESS_LINE_HINTS_FR.map((hint, i) => (
        <TextField
          key={i}
          label={hint}
          value={lines[i] ?? ''}
          maxLength={ADDRESS_LINE_MAX + 20}
          error={errors[`address.${i}`]}
          hint={`${(lines[i] ?? '').length}/${ADDRESS_LINE_MAX}`}
          onChange={(v) => {
            const next = [...lines];
            next[i] = v;
            onChange(next);
          }}
          autoComplete="off"
        />
      ))}
    </fieldset>
  );
}
