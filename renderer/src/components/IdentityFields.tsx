// Fields shared by the client and company forms: legal form (with suggestions), SIREN, and the
// VAT number with the one computed from the SIREN offered as a hint.
import { useId } from 'react';
import { LEGAL_FORMS } from '../../../shared/domain/client.js';
import { frenchVatFromSiren, isValidSiren } from '../../../shared/validation.js';
import { TextField } from './Field.js';

interface FieldProps {
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
}

export function LegalFormField(props: FieldProps) {
  const listId = useId();
  return (
    <>
      <TextField label="Forme juridique" {...props} list={listId} />
      <datalist id={listId}>
        {LEGAL_FORMS.map((f) => (
          <option key={f} value={f} />
        ))}
      </datalist>
    </>
  );
}

export function SirenField(props: FieldProps) {
  return <TextField label="SIREN" {...props} inputMode="numeric" hint="9 chiffres" />;
}

export function VatField({ siren, ...props }: FieldProps & { siren: string }) {
  const suggested = isValidSiren(siren) && !props.value ? frenchVatFromSiren(siren) : null;
  return <TextField label="N° de TVA intracommunautaire" {...props} hint={suggested ? `Calculé depuis le SIREN : ${suggested}` : undefined} />;
}
