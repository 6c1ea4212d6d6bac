// Recouvra's CSV format, read side: three `;`-separated UTF-8 files (clients, invoices,
// payments) with a header row. Pure apart from csv-parse: turns the files' text into a plan of
// validated rows plus every refused line (file, line number, French reason). Checks that need
// the database (existing clients, invoice numbers already used, invoices named by payments)
// are in apply.ts.
import { parse } from 'csv-parse/sync';
import type { ClientKind } from '../../../shared/domain/client.js';
import { parseDateInput, type IsoDate } from '../../../shared/domain/dates.js';
import type { PaymentMethod } from '../../../shared/domain/invoice.js';
import { cents, parseEuros, type Cents } from '../../../shared/domain/money.js';
import { fold } from '../../../shared/domain/text.js';
import { formatImportError, type ImportError, type ImportFileKind, type ImportFiles } from '../../../shared/domain/import.js';
import { clientInputSchema, type ClientData, type ClientInput } from '../../../shared/schemas.js';
import { compactIdentifier, isValidSiren } from '../../../shared/validation.js';

// The shapes crossing the import channels live in shared/domain/import.ts; re-exported here.
export { formatImportError, type ImportError, type ImportFileKind, type ImportFiles };

export const DEFAULT_FILE_NAMES: Record<ImportFileKind, string> = {
  clients: 'clients.csv',
  invoices: 'factures.csv',
  payments: 'paiements.csv',
};

// Columns, in the order the export writes them. `country` is an extension: optional, FR when
// absent, written by the export only when a client lives abroad.
export const CLIENT_COLUMNS = [
  'name', 'kind', 'siren', 'siret', 'vat',
  'address_1', 'address_2', 'address_3', 'address_4', 'address_5', 'address_6',
  'email', 'phone', 'payment_terms_days',
] as const;
const CLIENT_REQUIRED = ['name', 'kind'] as const;
const CLIENT_OPTIONAL = [...CLIENT_COLUMNS.filter((c) => c !== 'name' && c !== 'kind'), 'country'] as const;

export const INVOICE_REQUIRED = ['client_name', 'client_siren', 'client_kind', 'invoice_number', 'issue_date', 'due_date', 'amount_ttc'] as const;
export const INVOICE_OPTIONAL = ['amount_ht', 'delivery_date', 'reference'] as const;
export const INVOICE_COLUMNS = [...INVOICE_REQUIRED, ...INVOICE_OPTIONAL] as const;

export const PAYMENT_COLUMNS = ['invoice_number', 'payment_date', 'amount', 'method'] as const;
const PAYMENT_REQUIRED = ['invoice_number', 'payment_date', 'amount'] as const;
const PAYMENT_OPTIONAL = ['method'] as const;

/** Same limits as the invoice schema (shared/schemas-ledger.ts). */
const INVOICE_NUMBER_MAX = 40;
const REFERENCE_MAX = 80;
const CLIENT_NAME_MAX = 120;

export interface ClientRowPlan {
  line: number;
  data: ClientData;
}

/** The client an invoice line names; matched or created against the database in apply.ts. */
export interface ClientRef {
  name: string;
  /** Compact, valid SIREN, or null. */
  siren: string | null;
  /** null when the column was empty. */
  kind: ClientKind | null;
}

export interface InvoiceRowPlan {
  line: number;
  number: string;
  client: ClientRef;
  issueDate: IsoDate;
  dueDate: IsoDate;
  deliveryDate: IsoDate | null;
  amountTtcCents: Cents;
  amountHtCents: Cents | null;
  amountTvaCents: Cents | null;
  reference: string | null;
}

export interface PaymentRowPlan {
  line: number;
  invoiceNumber: string;
  date: IsoDate;
  amountCents: Cents;
  method: PaymentMethod;
}

export interface ImportPlan {
  names: Record<ImportFileKind, string>;
  clients: ClientRowPlan[];
  invoices: InvoiceRowPlan[];
  payments: PaymentRowPlan[];
  warnings: string[];
  errors: ImportError[];
  /** Invoice numbers of refused invoice lines: a payment naming one is not reported a second time. */
  refusedInvoiceNumbers: Set<string>;
  /** Files refused as a whole (missing column, unreadable): their rows are unknown. */
  refusedFiles: Set<ImportFileKind>;
}

// ——— Reading a table ———

interface Row {
  line: number;
  get(column: string): string;
}

interface Table {
  rows: Row[];
}

/**
 * Parses one file: header checks (missing required column → the file is refused; unknown
 * column → warning), then its rows with their 1-based line numbers (a quoted value may span
 * lines: a row is numbered by the line it starts on). Blank rows are skipped.
 */
function readTable(
  text: string,
  file: string,
  required: readonly string[],
  optional: readonly string[],
  errors: ImportError[],
  warnings: string[],
): Table | null {
  // One newline convention, so csv-parse counts lines right (it miscounts CRLF inside quotes).
  const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (normalized.trim() === '') {
    errors.push({ file, line: null, message: 'fichier vide : la ligne d’en-tête est obligatoire.' });
    return null;
  }
  let records: string[][];
  try {
    // No `info`: it costs more than the parse on large files. Line numbers are counted below
    // instead (every record ends one line, plus the line breaks inside its quoted values).
    records = parse(normalized, {
      delimiter: ';',
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    }) as string[][];
  } catch (error) {
    const line = typeof (error as { lines?: unknown }).lines === 'number' ? (error as { lines: number }).lines : null;
    errors.push({
      file,
      line,
      message: 'fichier illisible : guillemets mal placés (une valeur entre guillemets doit se fermer puis être suivie d’un « ; » ou d’une fin de ligne).',
    });
    return null;
  }
  const lines = new Array<number>(records.length);
  let nextLine = 1;
  records.forEach((record, i) => {
    lines[i] = nextLine;
    nextLine++;
    for (const cell of record) for (let at = cell.indexOf('\n'); at !== -1; at = cell.indexOf('\n', at + 1)) nextLine++;
  });

  const headerIndex = records.findIndex((r) => r.some((c) => c.trim() !== ''));
  if (headerIndex === -1) {
    errors.push({ file, line: null, message: 'fichier vide : la ligne d’en-tête est obligatoire.' });
    return null;
  }
  const header = records[headerIndex]!.map((h) => h.replace(/^\uFEFF/, '').trim().toLowerCase());
  const known = new Set([...required, ...optional]);
  const index = new Map<string, number>();
  let refused = false;
  header.forEach((name, i) => {
    if (name === '') return;
    if (index.has(name)) {
      errors.push({ file, line: lines[headerIndex]!, message: `colonne « ${name} » en double dans l’en-tête.` });
      refused = true;
      return;
    }
    index.set(name, i);
    if (!known.has(name)) warnings.push(`${file} : colonne inconnue « ${name} » ignorée.`);
  });
  const missing = required.filter((c) => !index.has(c));
  for (const column of missing) {
    errors.push({ file, line: null, message: `colonne obligatoire « ${column} » absente de l’en-tête.` });
  }
  if (missing.length > 0 && header.length === 1 && /[,\t]/.test(header[0] ?? '')) {
    errors.push({ file, line: null, message: 'le séparateur attendu est le point-virgule (;) : enregistrez le fichier en « CSV séparateur point-virgule ».' });
  }
  if (missing.length > 0 || refused) return null;

  const width = header.length;
  const rows: Row[] = [];
  for (let k = headerIndex + 1; k < records.length; k++) {
    const cells = records[k]!;
    if (cells.every((c) => c.trim() === '')) continue;
    const line = lines[k]!;
    // Every line has as many values as the header: a shifted line would be misread.
    if (cells.length !== width) {
      errors.push({
        file,
        line,
        message:
          cells.length > width
            ? `${cells.length} valeurs pour ${width} colonnes : une valeur contenant « ; » doit être entre guillemets.`
            : `${cells.length} valeurs pour ${width} colonnes : chaque ligne doit avoir autant de valeurs que l’en-tête (séparées par « ; »).`,
      });
      continue;
    }
    rows.push({
      line,
      get(column: string) {
        const i = index.get(column);
        return i === undefined ? '' : cells[i]!.trim();
      },
    });
  }
  return { rows };
}

// ——— Cell parsers: a value, or a French reason ———

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const refuse = <T>(message: string): Parsed<T> => ({ ok: false, message });

/** label: « montant TTC » */
function parseAmount(raw: string, label: string, options: { required: boolean; positive: boolean }): Parsed<Cents | null> {
  if (raw === '') return options.required ? refuse(`${label} manquant`) : ok(null);
  const value = parseEuros(raw);
  if (value === null) {
    if (/^[+-]?[\d\s\u00a0\u202f]*[.,]\d{3,}\s*€?$/.test(raw)) return refuse(`${label} « ${raw} » : deux décimales au plus`);
    return refuse(`${label} invalide « ${raw} » (ex. 1 234,56)`);
  }
  if (value < 0) return refuse(`${label} négatif « ${raw} »`);
  if (options.positive && value === 0) return refuse(`${label} nul « ${raw} »`);
  return ok(value);
}

/** label: « date d’échéance » */
function parseDate(raw: string, label: string, required: boolean): Parsed<IsoDate | null> {
  if (raw === '') return required ? refuse(`${label} manquante`) : ok(null);
  const value = parseDateInput(raw);
  return value === null ? refuse(`${label} invalide « ${raw} » (JJ/MM/AAAA)`) : ok(value);
}

const KINDS: Record<string, ClientKind> = {
  professionnel: 'business',
  professionnelle: 'business',
  business: 'business',
  particulier: 'consumer',
  particuliere: 'consumer',
  consumer: 'consumer',
};

function parseKind(raw: string, label: string): Parsed<ClientKind | null> {
  if (raw === '') return ok(null);
  const kind = KINDS[fold(raw)];
  return kind ? ok(kind) : refuse(`${label} invalide « ${raw} » (professionnel ou particulier)`);
}

const METHODS: Record<string, PaymentMethod> = {
  virement: 'transfer',
  transfer: 'transfer',
  cheque: 'cheque',
  carte: 'card',
  'carte bancaire': 'card',
  cb: 'card',
  card: 'card',
  prelevement: 'direct_debit',
  direct_debit: 'direct_debit',
  'direct debit': 'direct_debit',
  especes: 'cash',
  cash: 'cash',
  autre: 'other',
  other: 'other',
};

/** The method as the export writes it (French). */
export const METHOD_CSV: Record<PaymentMethod, string> = {
  transfer: 'virement',
  cheque: 'chèque',
  card: 'carte',
  direct_debit: 'prélèvement',
  cash: 'espèces',
  other: 'autre',
};

function parseMethod(raw: string): Parsed<PaymentMethod> {
  if (raw === '') return ok('other');
  const method = METHODS[fold(raw)];
  return method ? ok(method) : refuse(`moyen de paiement inconnu « ${raw} » (virement, chèque, carte, prélèvement, espèces ou autre)`);
}

/** '' → 30 days; "45", "45 jours"; "45 fin de mois" / "45 FDM" → 45 days end of month. */
function parseTerms(raw: string): Parsed<ClientInput['paymentTerms']> {
  if (raw === '') return ok({ mode: 'net', days: 30 });
  const folded = fold(raw);
  if (/^45\s*(j|jours?)?\s*(fin de mois|fdm|fm)$/.test(folded)) return ok({ mode: 'eom45' });
  const m = /^(\d{1,3})\s*(j|jours?)?$/.exec(folded);
  if (m) return ok({ mode: 'net', days: Number(m[1]) });
  return refuse(`délai de paiement invalide « ${raw} » (un nombre de jours, ou « 45 fin de mois »)`);
}

/** The matching key of a client name: case, accents and spacing ignored. */
export function nameKey(name: string): string {
  return fold(name);
}

// ——— Client rows through the shared schema ———

const CLIENT_PATH_COLUMNS: Record<string, string> = {
  kind: 'kind',
  name: 'name',
  firstName: 'name',
  lastName: 'name',
  siren: 'siren',
  siret: 'siret',
  vatNumber: 'vat',
  country: 'country',
  paymentTerms: 'payment_terms_days',
};

function columnOfPath(path: readonly PropertyKey[]): string {
  const [head, second, third] = path;
  if (head === 'address' && typeof second === 'number') return `address_${second + 1}`;
  if (head === 'contacts') return third === 'email' ? 'email' : third === 'phone' ? 'phone' : 'name';
  return CLIENT_PATH_COLUMNS[String(head)] ?? path.map(String).join('.');
}

/** A zod message as a clause of a line message: "Nom : obligatoire." → "nom : obligatoire (colonne name)". */
function issueMessage(message: string, column: string): string {
  let text = message.trim().replace(/\.$/, '');
  text = text.replace(/^Ligne (\d) : /, 'adresse ligne $1 : ');
  if (/^\p{Lu}\p{Ll}/u.test(text)) text = text[0]!.toLowerCase() + text.slice(1);
  return `${text} (colonne ${column})`;
}

/** Runs clientInputSchema, the same rules as the client form; issues become line messages. */
export function validateClient(input: ClientInput, columnPrefix = ''): Parsed<ClientData> {
  const parsed = clientInputSchema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  const seen = new Set<string>();
  const messages: string[] = [];
  for (const issue of parsed.error.issues) {
    const column = columnPrefix + columnOfPath(issue.path);
    if (seen.has(column)) continue;
    seen.add(column);
    messages.push(issueMessage(issue.message, column));
  }
  return refuse(messages.join(' ; '));
}

/** A particulier's "Prénom Nom" goes whole into lastName, so the schema accepts it as typed. */
export function clientInputFromRow(fields: {
  name: string;
  kind: ClientKind;
  siren?: string;
  siret?: string;
  vat?: string;
  address?: string[];
  email?: string;
  phone?: string;
  paymentTerms?: ClientInput['paymentTerms'];
  country?: string;
}): ClientInput {
  const contact =
    fields.email || fields.phone
      ? [{ role: 'accounting' as const, name: fields.kind === 'business' ? 'Comptabilité' : fields.name, email: fields.email || null, phone: fields.phone || null }]
      : [];
  return {
    kind: fields.kind,
    ...(fields.kind === 'business' ? { name: fields.name } : { firstName: null, lastName: fields.name }),
    siren: fields.siren || null,
    siret: fields.siret || null,
    vatNumber: fields.vat || null,
    address: fields.address ?? [],
    ...(fields.country ? { country: fields.country } : {}),
    contacts: contact,
    paymentTerms: fields.paymentTerms ?? { mode: 'net', days: 30 },
  };
}

// ——— The three files ———

function parseClients(table: Table, file: string, plan: ImportPlan) {
  const bySiren = new Map<string, number>();
  const byName = new Map<string, number>();
  for (const row of table.rows) {
    const problems: string[] = [];
    const kind = parseKind(row.get('kind'), 'type de client');
    if (!kind.ok) problems.push(kind.message);
    else if (kind.value === null) problems.push('type de client manquant (professionnel ou particulier)');
    const terms = parseTerms(row.get('payment_terms_days'));
    if (!terms.ok) problems.push(terms.message);
    if (problems.length === 0 && kind.ok && kind.value && terms.ok) {
      const input = clientInputFromRow({
        name: row.get('name'),
        kind: kind.value,
        siren: row.get('siren'),
        siret: row.get('siret'),
        vat: row.get('vat'),
        address: [1, 2, 3, 4, 5, 6].map((n) => row.get(`address_${n}`)),
        email: row.get('email'),
        phone: row.get('phone'),
        paymentTerms: terms.value,
        country: row.get('country'),
      });
      const client = validateClient(input);
      if (!client.ok) problems.push(client.message);
      else {
        const data = client.value;
        const key = nameKey(data.name);
        const sameSiren = data.siren ? bySiren.get(data.siren) : undefined;
        const sameName = data.siren ? undefined : byName.get(key);
        if (sameSiren !== undefined) problems.push(`client en double : même SIREN que la ligne ${sameSiren}`);
        else if (sameName !== undefined) problems.push(`client en double : même nom que la ligne ${sameName} (indiquez le SIREN pour les distinguer)`);
        else {
          if (data.siren) bySiren.set(data.siren, row.line);
          else byName.set(key, row.line);
          plan.clients.push({ line: row.line, data });
        }
      }
    }
    if (problems.length) plan.errors.push({ file, line: row.line, message: problems.join(' ; ') });
  }
}

function parseInvoices(table: Table, file: string, plan: ImportPlan) {
  const numbers = new Map<string, number>();
  for (const row of table.rows) {
    const problems: string[] = [];
    const number = row.get('invoice_number');
    if (number === '') problems.push('numéro de facture manquant');
    else if (number.length > INVOICE_NUMBER_MAX) problems.push(`numéro de facture « ${number} » : ${INVOICE_NUMBER_MAX} caractères au plus`);
    else if (numbers.has(number)) problems.push(`numéro de facture « ${number} » en double (déjà ligne ${numbers.get(number)})`);
    else numbers.set(number, row.line);

    const clientName = row.get('client_name');
    if (clientName === '') problems.push('nom du client manquant');
    else if (clientName.length > CLIENT_NAME_MAX) problems.push(`nom du client : ${CLIENT_NAME_MAX} caractères au plus`);
    const sirenRaw = row.get('client_siren');
    const siren = compactIdentifier(sirenRaw);
    if (siren !== '' && !isValidSiren(siren)) problems.push(`SIREN du client invalide « ${sirenRaw} » (9 chiffres dont une clé de contrôle)`);
    const kind = parseKind(row.get('client_kind'), 'type de client');
    if (!kind.ok) problems.push(kind.message);

    const issue = parseDate(row.get('issue_date'), 'date de facture', true);
    const due = parseDate(row.get('due_date'), 'date d’échéance', true);
    const delivery = parseDate(row.get('delivery_date'), 'date de livraison', false);
    for (const d of [issue, due, delivery]) if (!d.ok) problems.push(d.message);
    if (issue.ok && due.ok && issue.value && due.value && due.value < issue.value) {
      problems.push(`date d’échéance « ${row.get('due_date')} » antérieure à la date de facture « ${row.get('issue_date')} »`);
    }

    const ttc = parseAmount(row.get('amount_ttc'), 'montant TTC', { required: true, positive: true });
    const ht = parseAmount(row.get('amount_ht'), 'montant HT', { required: false, positive: false });
    for (const a of [ttc, ht]) if (!a.ok) problems.push(a.message);
    if (ttc.ok && ht.ok && ttc.value !== null && ht.value !== null && ht.value > ttc.value) {
      problems.push(`montant HT « ${row.get('amount_ht')} » supérieur au montant TTC « ${row.get('amount_ttc')} »`);
    }
    const reference = row.get('reference');
    if (reference.length > REFERENCE_MAX) problems.push(`référence : ${REFERENCE_MAX} caractères au plus`);

    if (problems.length) {
      plan.errors.push({ file, line: row.line, message: problems.join(' ; ') });
      if (number !== '') plan.refusedInvoiceNumbers.add(number);
      continue;
    }
    const amountTtcCents = (ttc as { value: Cents }).value;
    const amountHtCents = (ht as { value: Cents | null }).value;
    plan.invoices.push({
      line: row.line,
      number,
      client: { name: clientName, siren: siren || null, kind: (kind as { value: ClientKind | null }).value },
      issueDate: (issue as { value: IsoDate }).value,
      dueDate: (due as { value: IsoDate }).value,
      deliveryDate: (delivery as { value: IsoDate | null }).value,
      amountTtcCents,
      amountHtCents,
      amountTvaCents: amountHtCents === null ? null : cents(amountTtcCents - amountHtCents),
      reference: reference || null,
    });
  }
}

function parsePayments(table: Table, file: string, plan: ImportPlan) {
  for (const row of table.rows) {
    const problems: string[] = [];
    const invoiceNumber = row.get('invoice_number');
    if (invoiceNumber === '') problems.push('numéro de facture manquant');
    const date = parseDate(row.get('payment_date'), 'date de paiement', true);
    if (!date.ok) problems.push(date.message);
    const amount = parseAmount(row.get('amount'), 'montant', { required: true, positive: true });
    if (!amount.ok) problems.push(amount.message);
    const method = parseMethod(row.get('method'));
    if (!method.ok) problems.push(method.message);
    if (problems.length) {
      plan.errors.push({ file, line: row.line, message: problems.join(' ; ') });
      continue;
    }
    plan.payments.push({
      line: row.line,
      invoiceNumber,
      date: (date as { value: IsoDate }).value,
      amountCents: (amount as { value: Cents }).value,
      method: (method as { value: PaymentMethod }).value,
    });
  }
}

/** Parses and checks the files on their own (no database). */
export function parseImport(files: ImportFiles): ImportPlan {
  const names = { ...DEFAULT_FILE_NAMES, ...files.names };
  const plan: ImportPlan = {
    names,
    clients: [],
    invoices: [],
    payments: [],
    warnings: [],
    errors: [],
    refusedInvoiceNumbers: new Set(),
    refusedFiles: new Set(),
  };
  const read = (kind: ImportFileKind, required: readonly string[], optional: readonly string[]) => {
    const text = files[kind];
    if (text === undefined) return null;
    const table = readTable(text, names[kind], required, optional, plan.errors, plan.warnings);
    if (!table) plan.refusedFiles.add(kind);
    return table;
  };
  const clients = read('clients', CLIENT_REQUIRED, CLIENT_OPTIONAL);
  if (clients) parseClients(clients, names.clients, plan);
  const invoices = read('invoices', INVOICE_REQUIRED, INVOICE_OPTIONAL);
  if (invoices) parseInvoices(invoices, names.invoices, plan);
  const payments = read('payments', PAYMENT_REQUIRED, PAYMENT_OPTIONAL);
  if (payments) parsePayments(payments, names.payments, plan);
  return plan;
}
