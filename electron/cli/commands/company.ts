// `recouvra company`: shows the user's company, or sets fields with --set field=value.
import { COMPANY_CLI_FIELDS, type Company, type CompanyCliField } from '../../../shared/domain/company.js';
import { formatIban, formatSiren } from '../../../shared/validation.js';
import { companyInputSchema, type CompanyInput } from '../../../shared/schemas.js';
import { issuesToFields } from '../../../shared/result.js';
import { withBook } from '../context.js';
import { parseDateInput } from '../../../shared/domain/dates.js';

const FIELD_NAMES = Object.keys(COMPANY_CLI_FIELDS) as CompanyCliField[];

/** Reverse map: "address.5" → "address_6", "vatNumber" → "vat". */
const CLI_NAME_OF_PATH = Object.fromEntries(Object.entries(COMPANY_CLI_FIELDS).map(([cli, path]) => [path, cli]));

function toInput(company: Company | null): CompanyInput {
  if (!company) return { name: '', address: ['', '', '', '', '', ''] };
  const { updatedAt: _updatedAt, ...rest } = company;
  return { ...rest, address: [...company.address] };
}

function applySet(input: CompanyInput, assignment: string): string | null {
  const eq = assignment.indexOf('=');
  if (eq <= 0) return `« ${assignment} » : attendu champ=valeur (ex. --set siren=732829320).`;
  const field = assignment.slice(0, eq).trim() as CompanyCliField;
  const value = assignment.slice(eq + 1);
  const path = COMPANY_CLI_FIELDS[field];
  if (!path) return `Champ inconnu « ${field} ». Champs possibles : ${FIELD_NAMES.join(', ')}.`;
  if (path.startsWith('address.')) {
    const lines = [...(input.address ?? [])];
    while (lines.length < 6) lines.push('');
    lines[Number(path.slice(8))] = value;
    input.address = lines;
  } else if (path.startsWith('person.')) {
    const key = path.slice(7);
    const person = { ...(input.person ?? { kind: 'legal' }) } as Record<string, unknown>;
    person[key] = key === 'kind' ? ({ morale: 'legal', physique: 'natural' } as Record<string, string>)[value] ?? value : key === 'birthDate' ? (parseDateInput(value) ?? value) : value;
    input.person = person as CompanyInput['person'];
  } else if (path === 'paymentTermsDays') {
    const days = Number(value);
    input.paymentTermsDays = Number.isInteger(days) ? days : (Number.NaN as number);
  } else {
    (input as Record<string, unknown>)[path] = value;
  }
  return null;
}

export function printCompany(c: Company | null): void {
  if (!c) {
    console.log('Aucune entreprise enregistrée. Renseignez-la : recouvra company --set name="Ma Société" --set siren=…');
    return;
  }
  const rows: [string, string | null][] = [
    ['Raison sociale (name)', c.name],
    ['Forme juridique (legal_form)', c.legalForm],
    ['SIREN (siren)', c.siren ? formatSiren(c.siren) : null],
    ['TVA intracommunautaire (vat)', c.vatNumber],
    ['RCS (rcs_city)', c.rcsCity],
    ...c.address.map((line, i): [string, string] => [`Adresse ligne ${i + 1} (address_${i + 1})`, line]),
    ['Représentant légal (representative)', c.representative],
    ['E-mail (email)', c.email],
    ['Téléphone (phone)', c.phone],
    ['IBAN (iban)', c.iban ? formatIban(c.iban) : null],
    ['BIC (bic)', c.bic],
    ['Signataire (signatory_name)', c.signatoryName],
    ['Qualité du signataire (signatory_title)', c.signatoryTitle],
    ['Délai de paiement par défaut (payment_terms_days)', `${c.paymentTermsDays} jours`],
    ['Logo', c.logo ? c.logo.mimeType : null],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v || '—'}`);
}

export function company(options: { db?: string; set?: string[]; json?: boolean }): Promise<number> {
  return withBook(options.db, (ctx) => {
    let current = ctx.repos.company.get();
    if (options.set && options.set.length > 0) {
      const input = toInput(current);
      for (const assignment of options.set) {
        const problem = applySet(input, assignment);
        if (problem) {
          console.error(`Erreur : ${problem}`);
          return 1;
        }
      }
      const parsed = companyInputSchema.safeParse(input);
      if (!parsed.success) {
        console.error('Rien n’a été enregistré :');
        for (const [path, message] of Object.entries(issuesToFields(parsed.error.issues))) {
          console.error(`  ${CLI_NAME_OF_PATH[path] ?? path} : ${message}`);
        }
        return 1;
      }
      current = ctx.repos.company.save(parsed.data);
      if (!options.json) console.log('Entreprise enregistrée.\n');
    }
    if (options.json) console.log(JSON.stringify(current, null, 2));
    else printCompany(current);
    return 0;
  });
}
