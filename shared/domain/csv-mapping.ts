// Importing a CSV from another tool: its columns are mapped to Recouvra's invoice fields (guessed
// from French and English headers, corrected by the user, saved as presets), then the file is
// turned into Recouvra's own factures.csv and goes through the one importer (same checks, same
// line numbers, all or nothing).
import { fold } from './text.js';

export const MAPPED_FIELDS = ['client_name', 'client_siren', 'client_kind', 'invoice_number', 'issue_date', 'due_date', 'amount_ttc', 'amount_ht', 'delivery_date', 'reference'] as const;
export type MappedField = (typeof MAPPED_FIELDS)[number];

export const MAPPED_FIELD_LABELS: Record<MappedField, string> = {
  client_name: 'Client (nom)',
  client_siren: 'SIREN du client',
  client_kind: 'Type de client (professionnel / particulier)',
  invoice_number: 'Numéro de facture',
  issue_date: 'Date de facture',
  due_date: 'Date d’échéance',
  amount_ttc: 'Montant TTC',
  amount_ht: 'Montant HT',
  delivery_date: 'Date de livraison',
  reference: 'Référence',
};

/** Fields a file must provide; the others are left empty (the client's type: professionnel). */
export const REQUIRED_MAPPED_FIELDS: readonly MappedField[] = ['client_name', 'invoice_number', 'issue_date', 'due_date', 'amount_ttc'];

/** Field → the header of the file's column (null: not in the file). */
export type CsvMapping = Partial<Record<MappedField, string | null>>;

/** Header words, folded (lower case, no accents, no punctuation), that name each field. */
const SYNONYMS: Record<MappedField, string[]> = {
  client_name: ['client', 'nom client', 'client name', 'customer', 'customer name', 'raison sociale', 'tiers', 'nom du client', 'societe', 'destinataire', 'debiteur'],
  client_siren: ['siren', 'siren client', 'client siren', 'siret', 'company number', 'registration number'],
  client_kind: ['type client', 'client kind', 'type', 'categorie client', 'customer type'],
  invoice_number: ['numero', 'numero facture', 'n facture', 'no facture', 'num facture', 'facture', 'invoice', 'invoice number', 'invoice no', 'number', 'piece', 'ref facture'],
  issue_date: ['date', 'date facture', 'date de facture', 'date emission', 'invoice date', 'issue date', 'date piece'],
  due_date: ['echeance', 'date echeance', 'date d echeance', 'due date', 'due', 'date limite de paiement', 'payment due'],
  amount_ttc: ['ttc', 'montant ttc', 'total ttc', 'montant', 'total', 'amount', 'total amount', 'amount incl tax', 'gross amount', 'net a payer', 'total due'],
  amount_ht: ['ht', 'montant ht', 'total ht', 'amount excl tax', 'net amount', 'subtotal'],
  delivery_date: ['date livraison', 'date de livraison', 'livraison', 'delivery date', 'date prestation', 'date de prestation'],
  reference: ['reference', 'ref', 'commande', 'bon de commande', 'order', 'po', 'purchase order', 'votre reference'],
};

const norm = (header: string) => fold(header).replace(/[^a-z0-9]+/g, ' ').trim();

/**
 * The mapping guessed from the headers: an exact synonym first, then a header containing a
 * synonym; each header is used once, the most specific fields first.
 */
export function guessMapping(headers: readonly string[]): CsvMapping {
  const mapping: CsvMapping = {};
  const used = new Set<string>();
  const order: MappedField[] = ['amount_ht', 'amount_ttc', 'due_date', 'delivery_date', 'issue_date', 'client_siren', 'client_kind', 'invoice_number', 'client_name', 'reference'];
  for (const pass of ['exact', 'contains'] as const) {
    for (const field of order) {
      if (mapping[field]) continue;
      const found = headers.find((h) => {
        if (used.has(h)) return false;
        const n = norm(h);
        return SYNONYMS[field].some((s) => (pass === 'exact' ? n === s : n.split(' ').length > 1 && (` ${n} `.includes(` ${s} `) && s.length > 2)));
      });
      if (found) {
        mapping[field] = found;
        used.add(found);
      }
    }
  }
  return mapping;
}

/** French problems with a mapping (empty when usable). */
export function mappingProblems(mapping: CsvMapping, headers: readonly string[]): string[] {
  const problems: string[] = [];
  for (const field of REQUIRED_MAPPED_FIELDS) {
    if (!mapping[field]) problems.push(`« ${MAPPED_FIELD_LABELS[field]} » : choisissez la colonne du fichier.`);
  }
  for (const [field, header] of Object.entries(mapping)) {
    if (header && !headers.includes(header)) problems.push(`« ${MAPPED_FIELD_LABELS[field as MappedField]} » : la colonne « ${header} » n’est pas dans ce fichier.`);
  }
  const taken = Object.values(mapping).filter((h): h is string => Boolean(h));
  const twice = taken.filter((h, i) => taken.indexOf(h) !== i);
  for (const h of new Set(twice)) problems.push(`La colonne « ${h} » est associée à deux champs.`);
  return problems;
}
