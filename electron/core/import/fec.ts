// FEC import: the Fichier des Écritures Comptables every French accounting package exports
// (article A47 A-1 du livre des procédures fiscales; fields in BOI-CF-IOR-60-40-20), read into
// Recouvra's clients, invoices, credit notes, payments and allocations.
//
// What the sources say, and what we read
// - Encoding: A47 A-1 III 1° allows ASCII, ISO 8859-15 or EBCDIC; in practice files are also
//   UTF-8 (with or without BOM) and Windows-1252. A valid UTF-8 byte sequence (a BOM included)
//   is read as UTF-8. Otherwise the file is single-byte: any byte 0x80–0x9F means Windows-1252
//   (those are printable there — € 0x80, ’ 0x92, œ 0x9C, … 0x85 — and unused control codes in
//   ISO 8859-15); without them it is read as ISO 8859-15, the standard's own, where 0xA4 is €
//   (¤ in Windows-1252/Latin-1). UTF-16, EBCDIC and binary files are refused as a whole.
// - Separator: one per file (A47 A-1 I 4°), tab or "|" for the BOI; ";" and "," are accepted
//   too, as the DGFiP's own checker (Test Compta Demat) accepts them. Found from the header.
// - Header: the first line names the columns. Matched as Test Compta Demat does: case, accents
//   and spaces ignored, any order. The 18 columns JournalCode … Idevise are required; Montant +
//   Sens (D/C or +1/-1) may replace Debit + Credit. Known optional columns (DateRglt, ModeRglt,
//   NatOp, IdClient, and a due date: DateEcheance/EcheanceDate/DateEch) are read or ignored
//   silently; others are ignored with a warning. A trailing separator is tolerated.
// - Amounts: A47 A-1 III 2°: decimal comma, sign first, zero padding allowed, no thousands
//   separator. Read as exact cents from the text (never a float): "000000001234,50", "-12,30",
//   "12.30" (a point, as the checker tolerates), a trailing sign "12,30-" (idem); more than two
//   decimals only when the extra ones are zeros. Empty = 0.
// - Dates: A47 A-1 III 4°: AAAAMMJJ without separator (a time may follow). "2026-01-15" or
//   "15/01/2026" are refused with that rule quoted: the standard does not allow them.
// - An entry = JournalCode + EcritureNum (numbering may restart per journal). An unbalanced
//   entry is a warning, not a refusal: the DGFiP checker lists it as an anomaly and still loads
//   the file, and it does not change what a customer account says.
//
// Mapping (see planFec): customer lines are those on 411… accounts; the client is CompAuxNum
// (name CompAuxLib), or the 411… account itself when the books keep one account per client.
// An entry's other lines tell what a customer line is (never the journal's name):
// - à-nouveaux (journal AN/RAN/ANO/OUV…, « à nouveaux » or « ouverture » in its name, or a line on
//   890): debits are invoices still open at the opening (for their remaining amount), credits
//   are credits on the client's account;
// - a line on class 5 (bank, cash): credits are payments, debits are refunds or rejected
//   payments;
// - a line on class 7 (revenue): debits are invoices (number = PieceRef), credits are credit
//   notes;
// - otherwise (OD): a credit against 416 (doubtful) or 654/6714 (loss) is not a payment and is
//   left out (warned: the client still owes it in Recouvra); any other credit (compensation,
//   discount, advance applied…) settles like a payment of method « autre ».
// Lettering (EcritureLet, per client) is the only source of allocations: the credits of a
// letter are allocated to its invoices, oldest first, up to their balances; unlettered credits
// stay credits on the client's account. Nothing is ever allocated by guess.
//
// Idempotence (no new table): invoices by number (PieceRef), credit notes by number, payments by
// a key in payments.reference (`FEC:<journal>:<entry>:<date>:<client>:<amount>`), clients by their
// account, remembered in the settings row `fecClientAccounts` (account → client id). A later FEC
// of the same books adds what is new, allocates what was lettered since, updates an invoice's
// amount while nothing is paid or credited on it, and writes nothing twice.
import type { ClientKind, PaymentTerms } from '../../../shared/domain/client.js';
import { isIsoDate, type IsoDate } from '../../../shared/domain/dates.js';
import type { FecImportSummary, ImportError, ImportPreview, ImportResult, ImportTotals } from '../../../shared/domain/import.js';
import type { PaymentMethod } from '../../../shared/domain/invoice.js';
import { cents, formatEuros, formatEurosInput, MAX_CENTS, type Cents } from '../../../shared/domain/money.js';
import { dueDateFor } from '../../../shared/domain/terms.js';
import { fold } from '../../../shared/domain/text.js';
import type { ClientData } from '../../../shared/schemas.js';
import type { CoreContext } from '../context.js';
import type { Db } from '../db/connection.js';
import { bulkStatements, ImportRefusedError, withLargeCache } from './apply.js';
import { clientInputFromRow, nameKey, validateClient } from './csv.js';

export { ImportRefusedError };

/** The 18 columns of A47 A-1 (BIC/IS and BNC/BA under commercial law), in their order. */
export const FEC_COLUMNS = [
  'JournalCode', 'JournalLib', 'EcritureNum', 'EcritureDate', 'CompteNum', 'CompteLib', 'CompAuxNum', 'CompAuxLib',
  'PieceRef', 'PieceDate', 'EcritureLib', 'Debit', 'Credit', 'EcritureLet', 'DateLet', 'ValidDate', 'Montantdevise', 'Idevise',
] as const;
export type FecColumn = (typeof FEC_COLUMNS)[number];

/** The settings row remembering which client each customer account became. */
export const FEC_CLIENT_ACCOUNTS_KEY = 'fecClientAccounts';
/** The prefix of the payments.reference of an imported payment. */
export const FEC_PAYMENT_PREFIX = 'FEC:';

export type FecEncoding = FecImportSummary['encoding'];
export type FecSeparator = '\t' | '|' | ';' | ',';
const SEPARATOR_NAMES: Record<FecSeparator, FecImportSummary['separator']> = { '\t': 'tabulation', '|': '|', ';': ';', ',': ',' };

/** Same limits as the invoice and credit-note schemas (shared/schemas-ledger.ts). */
const NUMBER_MAX = 40;
/** A new client's kind: a FEC does not say; a customer account of a firm is most often a business. */
const NEW_CLIENT_KIND: ClientKind = 'business';

// ——— Reading the bytes ———

type Decoded = { ok: true; text: string; encoding: FecEncoding } | { ok: false; message: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });
const iso885915 = new TextDecoder('iso-8859-15');
/**
 * Windows-1252's 0x80–0x9F (5 unassigned bytes keep their C1 code). Decoded by hand: Node's own
 * TextDecoder('windows-1252') reads these bytes as Latin-1 control codes (0x80 → U+0080, not €).
 */
const WINDOWS_1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
export function decodeWindows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('latin1')
    .replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80]!);
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

/** The file's text and its encoding, or why it cannot be a FEC (a French message). */
export function decodeFec(bytes: Uint8Array): Decoded {
  if (bytes.length === 0) return { ok: false, message: 'fichier vide (0 octet) : exportez à nouveau le FEC depuis le logiciel comptable.' };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    return { ok: false, message: 'ce fichier est une archive ZIP (ou un classeur Excel .xlsx), pas un FEC : décompressez-le, ou exportez le FEC au format texte (.txt).' };
  }
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return { ok: false, message: 'ce fichier est un PDF, pas un FEC : exportez le FEC au format texte (.txt).' };
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) return { ok: false, message: 'ce fichier est un document Office (.xls, .doc), pas un FEC : exportez le FEC au format texte (.txt).' };
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    return { ok: false, message: 'fichier encodé en UTF-16 : le FEC doit être en UTF-8, ISO-8859-15 ou Windows-1252 (réenregistrez-le dans l’un de ces encodages).' };
  }
  // Trailing NUL padding (fixed-size exports) is dropped; a NUL anywhere else means binary.
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  const body = end === bytes.length ? bytes : bytes.subarray(0, end);
  const nul = body.indexOf(0);
  if (nul !== -1) {
    return { ok: false, message: `fichier binaire (octet nul à la position ${nul + 1}) : un FEC est un fichier texte ; vérifiez que c’est bien l’export « FEC » du logiciel comptable.` };
  }
  // Other control characters than tab, CR, LF, FF: a few are tolerated, many mean binary.
  const sample = body.subarray(0, Math.min(body.length, 65536));
  let controls = 0;
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i]!;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) controls++;
  }
  if (controls > Math.max(8, sample.length / 100)) {
    return { ok: false, message: 'fichier binaire (caractères de contrôle) : un FEC est un fichier texte ; vérifiez que c’est bien l’export « FEC » du logiciel comptable.' };
  }
  if (startsWith(body, [0xef, 0xbb, 0xbf])) {
    try {
      return { ok: true, text: utf8.decode(body.subarray(3)), encoding: 'UTF-8' };
    } catch {
      return { ok: false, message: 'le fichier s’annonce en UTF-8 (BOM) mais contient des octets invalides en UTF-8 : réexportez-le.' };
    }
  }
  try {
    return { ok: true, text: utf8.decode(body), encoding: 'UTF-8' };
  } catch {
    // Single-byte: see the header comment for how Windows-1252 and ISO 8859-15 are told apart.
  }
  let c1 = false;
  for (let i = 0; i < body.length; i++) {
    const b = body[i]!;
    if (b >= 0x80 && b <= 0x9f) {
      c1 = true;
      break;
    }
  }
  return c1 ? { ok: true, text: decodeWindows1252(body), encoding: 'Windows-1252' } : { ok: true, text: iso885915.decode(body), encoding: 'ISO-8859-15' };
}

// ——— Cell parsers ———

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * An amount of the FEC as exact cents: decimal comma (or point), sign first (or last, as the
 * DGFiP checker tolerates), zero padding, no thousands separator. Empty = 0.
 */
export function parseFecAmount(raw: string, label: string): Parsed<number> {
  const text = raw.trim();
  if (text === '') return { ok: true, value: 0 };
  const fast = fastAmount(text);
  if (fast !== null) return { ok: true, value: fast };
  const m = /^([+-]?)\s*(\d+)(?:[.,](\d*))?\s*([+-]?)$/.exec(text);
  if (!m || (m[1] && m[4])) {
    if (/^[+-]?\d{1,3}(?:[ \u00a0\u202f.']\d{3})+(?:,\d*)?[+-]?$/.test(text) || /^[+-]?\d{1,3}(?:,\d{3})+\.\d*$/.test(text)) {
      return { ok: false, message: `${label} « ${text} » : pas de séparateur de milliers dans un FEC (ex. 1234,56)` };
    }
    return { ok: false, message: `${label} invalide « ${text} » (ex. 1234,56)` };
  }
  const negative = m[1] === '-' || m[4] === '-';
  const units = m[2]!.replace(/^0+(?=\d)/, '');
  const decimals = m[3] ?? '';
  if (decimals.length > 2 && /[^0]/.test(decimals.slice(2))) return { ok: false, message: `${label} « ${text} » : plus de deux décimales` };
  if (units.length > 13) return { ok: false, message: `${label} « ${text} » : montant trop grand` };
  const value = Number(units) * 100 + Number(decimals.slice(0, 2).padEnd(2, '0'));
  if (value > MAX_CENTS) return { ok: false, message: `${label} « ${text} » : montant trop grand` };
  return { ok: true, value: negative && value !== 0 ? -value : value };
}

/** "1234,50", "000000001234,5", "-12.30", "12": the common shapes, without a regular expression. Null: ask the full parser. */
function fastAmount(text: string): number | null {
  let i = 0;
  let negative = false;
  if (text.charCodeAt(0) === 45) {
    negative = true;
    i = 1;
  }
  let units = 0;
  let digits = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    if (digits > 0 || c !== 48) digits++;
    units = units * 10 + (c - 48);
  }
  if (digits > 12) return null;
  let decimals = 0;
  if (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 44 && c !== 46) return null;
    i++;
    const start = i;
    for (; i < text.length; i++) {
      const d = text.charCodeAt(i);
      if (d < 48 || d > 57) return null;
      if (i - start < 2) decimals += (d - 48) * (i === start ? 10 : 1);
      else if (d !== 48) return null;
    }
  }
  if (negative && text.length === 1) return null;
  const value = units * 100 + decimals;
  return negative && value !== 0 ? -value : value;
}

/** A date of the FEC: AAAAMMJJ (A47 A-1 III 4°), a time may follow. Empty → null. */
export function parseFecDate(raw: string, label: string): Parsed<IsoDate | null> {
  const text = raw.trim();
  if (text === '') return { ok: true, value: null };
  const m = /^(\d{4})(\d{2})(\d{2})(?:[ T]?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/.exec(text);
  const iso = m ? `${m[1]}-${m[2]}-${m[3]}` : null;
  if (iso && isIsoDate(iso)) return { ok: true, value: iso };
  if (iso) return { ok: false, message: `${label} « ${text} » : ce n’est pas une date du calendrier` };
  if (/^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|^\d{1,2}[-/.]\d{1,2}[-/.]\d{4}/.test(text)) {
    return { ok: false, message: `${label} « ${text} » : le FEC écrit les dates AAAAMMJJ, sans séparateur (ex. 20260115)` };
  }
  return { ok: false, message: `${label} invalide « ${text} » (AAAAMMJJ, ex. 20260115)` };
}

// ——— Reading the file ———

/** One valid line of the file. Amounts in cents, both ≥ 0 (a negative debit is read as a credit). */
export interface FecLine {
  line: number;
  journalCode: string;
  journalLib: string;
  ecritureNum: string;
  ecritureDate: IsoDate;
  compteNum: string;
  compteLib: string;
  compAuxNum: string;
  compAuxLib: string;
  pieceRef: string;
  pieceDate: IsoDate | null;
  ecritureLib: string;
  debitCents: number;
  creditCents: number;
  ecritureLet: string;
  dateLet: IsoDate | null;
  validDate: IsoDate | null;
  /** From an optional due-date column (not one of the 18). */
  dueDate: IsoDate | null;
  /** From the optional ModeRglt column. */
  paymentMode: string;
}

export interface FecParse {
  fileName: string;
  encoding: FecEncoding | null;
  separator: FecSeparator | null;
  amountColumns: 'Debit/Credit' | 'Montant/Sens' | null;
  /** Lines read after the header (blank lines excluded). */
  dataLines: number;
  /** The valid lines. */
  lines: FecLine[];
  /** Refused lines (line ≥ 2) and refusals of the whole file (line null, or 1 for the header). */
  errors: ImportError[];
  warnings: string[];
}

/** A column name as Test Compta Demat compares them: accents, case and anything not a letter or digit ignored. */
function columnKey(name: string): string {
  return fold(name.replace(/^"|"$/g, '')).replace(/[^a-z0-9]/g, '');
}

const REQUIRED_KEYS = FEC_COLUMNS.filter((c) => c !== 'Debit' && c !== 'Credit').map((c) => [columnKey(c), c] as const);
const KNOWN_KEYS = new Set([...FEC_COLUMNS.map(columnKey), 'montant', 'sens']);
/** Optional columns: read (due date, payment mode) or known and ignored (the BNC/BA treasury ones). */
const DUE_DATE_KEYS = ['dateecheance', 'echeancedate', 'dateech', 'echeance'];
const IGNORED_KEYS = new Set(['daterglt', 'natop', 'idclient', 'result']);

function splitCells(line: string, separator: FecSeparator): string[] {
  const cells = line.split(separator);
  for (let i = 0; i < cells.length; i++) {
    let cell = cells[i]!.trim();
    if (cell.length >= 2 && cell.charCodeAt(0) === 34 && cell.charCodeAt(cell.length - 1) === 34) cell = cell.slice(1, -1).replace(/""/g, '"').trim();
    cells[i] = cell;
  }
  return cells;
}

/**
 * Reads a FEC: encoding, separator, header, then every line (1-based numbers, the header is
 * line 1). Pure: no database. Every refused line is in `errors` with its reason in French.
 */
export function parseFec(bytes: Uint8Array, fileName: string): FecParse {
  const result: FecParse = { fileName, encoding: null, separator: null, amountColumns: null, dataLines: 0, lines: [], errors: [], warnings: [] };
  const fileError = (message: string, line: number | null = null) => result.errors.push({ file: fileName, line, message });
  const decoded = decodeFec(bytes);
  if (!decoded.ok) {
    fileError(decoded.message);
    return result;
  }
  result.encoding = decoded.encoding;
  const text = decoded.text;
  if (text.trim() === '') {
    fileError('fichier vide : un FEC commence par la ligne d’en-tête (JournalCode, JournalLib, …) suivie des écritures.');
    return result;
  }
  const rawLines = text.split(/\r\n|\n|\r/);
  const endsWithNewline = /[\r\n]$/.test(text);
  if (endsWithNewline) rawLines.pop();

  let headerIndex = 0;
  while (headerIndex < rawLines.length && rawLines[headerIndex]!.trim() === '') headerIndex++;
  const headerLine = rawLines[headerIndex]!;
  const headerNumber = headerIndex + 1;

  // The separator: the candidate that splits the header into the most FEC column names.
  let separator: FecSeparator | null = null;
  let best = 0;
  for (const candidate of ['\t', '|', ';', ','] as const) {
    const found = headerLine.split(candidate).filter((name) => KNOWN_KEYS.has(columnKey(name))).length;
    if (found > best) {
      best = found;
      separator = candidate;
    }
  }
  if (separator === null || best < 4) {
    const looksLikeData = /^\s*[^\t|;,]{1,8}[\t|;,][^\t|;,]*[\t|;,]\s*\d/.test(headerLine);
    fileError(
      looksLikeData
        ? 'en-tête absent : la première ligne d’un FEC nomme ses colonnes (JournalCode, JournalLib, EcritureNum, …) ; celle-ci contient déjà des écritures.'
        : 'ce fichier n’est pas un FEC : sa première ligne doit nommer les 18 colonnes (JournalCode, JournalLib, EcritureNum, EcritureDate, CompteNum, …), séparées par des tabulations ou des « | ».',
      headerNumber,
    );
    return result;
  }
  result.separator = separator;
  const header = splitCells(headerLine, separator);
  // A separator at the end of the header (and then of every line) is tolerated, as the DGFiP
  // checker does; without it on the header, a line with one field too many is refused (it may
  // be a label holding the separator, when the last column is empty).
  let trailing = false;
  while (header.length > 0 && header[header.length - 1] === '') {
    header.pop();
    trailing = true;
  }
  const index = new Map<string, number>();
  let refused = false;
  header.forEach((name, i) => {
    const key = columnKey(name);
    if (key === '') {
      fileError(`colonne ${i + 1} sans nom dans l’en-tête.`, headerNumber);
      refused = true;
      return;
    }
    if (index.has(key)) {
      fileError(`colonne « ${name} » en double dans l’en-tête.`, headerNumber);
      refused = true;
      return;
    }
    index.set(key, i);
    if (!KNOWN_KEYS.has(key) && !DUE_DATE_KEYS.includes(key) && key !== 'moderglt' && !IGNORED_KEYS.has(key)) {
      result.warnings.push(`${fileName} : colonne « ${name} » inconnue, ignorée.`);
    }
  });
  for (const [key, name] of REQUIRED_KEYS) if (!index.has(key)) fileError(`colonne obligatoire « ${name} » absente de l’en-tête.`);
  const hasDebitCredit = index.has('debit') && index.has('credit');
  const hasMontantSens = index.has('montant') && index.has('sens');
  if (!hasDebitCredit && !hasMontantSens) {
    if (index.has('debit') !== index.has('credit')) fileError(`colonne obligatoire « ${index.has('debit') ? 'Credit' : 'Debit'} » absente de l’en-tête.`);
    else fileError('colonnes obligatoires « Debit » et « Credit » (ou « Montant » et « Sens ») absentes de l’en-tête.');
  }
  if (result.errors.length > 0 || refused) return result;
  result.amountColumns = hasDebitCredit ? 'Debit/Credit' : 'Montant/Sens';

  const width = header.length;
  const at = (key: string) => index.get(key) ?? -1;
  const col = {
    journalCode: at('journalcode'), journalLib: at('journallib'), ecritureNum: at('ecriturenum'), ecritureDate: at('ecrituredate'),
    compteNum: at('comptenum'), compteLib: at('comptelib'), compAuxNum: at('compauxnum'), compAuxLib: at('compauxlib'),
    pieceRef: at('pieceref'), pieceDate: at('piecedate'), ecritureLib: at('ecriturelib'), debit: at('debit'), credit: at('credit'),
    montant: at('montant'), sens: at('sens'), ecritureLet: at('ecriturelet'), dateLet: at('datelet'), validDate: at('validdate'),
    dueDate: DUE_DATE_KEYS.map(at).find((i) => i !== -1) ?? -1, paymentMode: at('moderglt'), montantDevise: at('montantdevise'),
  };
  const lastIndex = rawLines.length - 1;
  let bothSides = 0;
  let negatives = 0;
  // Dates repeat from line to line: each distinct text is checked once.
  const dates = new Map<string, Parsed<IsoDate | null>>();
  const dueDateLabel = col.dueDate === -1 ? '' : `date d’échéance (${header[col.dueDate]})`;
  let cells: string[] = [];
  let problems: string[] = [];
  const get = (i: number) => (i === -1 ? '' : cells[i]!);
  const required = (i: number, name: string) => {
    const value = get(i);
    if (value === '') problems.push(`${name} manquant`);
    return value;
  };
  const date = (i: number, label: string): IsoDate | null => {
    if (i === -1) return null;
    const raw = cells[i]!;
    if (raw === '') return null;
    const key = `${label}\u0000${raw}`;
    let parsed = dates.get(key);
    if (!parsed) dates.set(key, (parsed = parseFecDate(raw, label)));
    if (!parsed.ok) {
      problems.push(parsed.message);
      return null;
    }
    return parsed.value;
  };
  for (let k = headerIndex + 1; k < rawLines.length; k++) {
    const raw = rawLines[k]!;
    if (raw.trim() === '') continue;
    const line = k + 1;
    result.dataLines++;
    cells = splitCells(raw, separator);
    if (trailing && cells.length === width + 1 && cells[width] === '') cells.pop();
    if (cells.length !== width) {
      if (k === lastIndex && !endsWithNewline && cells.length < width) {
        fileError(`fichier tronqué : la dernière ligne n’a que ${cells.length} champ${cells.length > 1 ? 's' : ''} sur ${width} (l’export a-t-il été interrompu ?).`, line);
      } else if (cells.length < width) {
        fileError(`${cells.length} champ${cells.length > 1 ? 's' : ''} au lieu de ${width} : ligne incomplète.`, line);
      } else {
        fileError(`${cells.length} champs au lieu de ${width} : un libellé contient-il le séparateur « ${separator === '\t' ? 'tabulation' : separator} » ?`, line);
      }
      continue;
    }
    problems = [];
    const journalCode = required(col.journalCode, 'code journal (JournalCode)');
    const ecritureNum = required(col.ecritureNum, 'numéro d’écriture (EcritureNum)');
    const compteNum = required(col.compteNum, 'numéro de compte (CompteNum)');
    const ecritureDate = date(col.ecritureDate, 'date d’écriture (EcritureDate)');
    if (get(col.ecritureDate) === '') problems.push('date d’écriture (EcritureDate) manquante');
    const pieceDate = date(col.pieceDate, 'date de pièce (PieceDate)');
    const dateLet = date(col.dateLet, 'date de lettrage (DateLet)');
    const validDate = date(col.validDate, 'date de validation (ValidDate)');
    const dueDate = date(col.dueDate, dueDateLabel);

    let debitCents = 0;
    let creditCents = 0;
    if (hasDebitCredit) {
      const debit = parseFecAmount(get(col.debit), 'débit (Debit)');
      const credit = parseFecAmount(get(col.credit), 'crédit (Credit)');
      if (!debit.ok) problems.push(debit.message);
      if (!credit.ok) problems.push(credit.message);
      if (debit.ok && credit.ok) {
        // A negative amount is the other side (some exports sign instead of using both columns).
        const d = debit.value;
        const c = credit.value;
        if (d < 0 || c < 0) negatives++;
        debitCents = (d > 0 ? d : 0) + (c < 0 ? -c : 0);
        creditCents = (c > 0 ? c : 0) + (d < 0 ? -d : 0);
      }
    } else {
      const amount = parseFecAmount(get(col.montant), 'montant (Montant)');
      if (!amount.ok) problems.push(amount.message);
      const sens = get(col.sens).toUpperCase();
      const side = sens === 'D' || sens === '+1' ? 1 : sens === 'C' || sens === '-1' ? -1 : 0;
      if (side === 0) problems.push(`sens (Sens) invalide « ${get(col.sens)} » (D ou C, +1 ou -1)`);
      if (amount.ok && side !== 0) {
        const signed = amount.value * side;
        if (amount.value < 0) negatives++;
        debitCents = signed > 0 ? signed : 0;
        creditCents = signed < 0 ? -signed : 0;
      }
    }
    if (problems.length === 0 && debitCents !== 0 && creditCents !== 0) {
      if (compteNum.startsWith('411')) {
        problems.push(
          `débit (${formatEuros(cents(debitCents))}) et crédit (${formatEuros(cents(creditCents))}) tous deux renseignés sur un compte client : une ligne est au débit ou au crédit`,
        );
      } else bothSides++;
    }
    const montantDevise = get(col.montantDevise);
    if (montantDevise !== '') {
      const parsed = parseFecAmount(montantDevise, 'montant en devise (Montantdevise)');
      if (!parsed.ok) problems.push(parsed.message);
    }
    if (problems.length > 0) {
      fileError(problems.join(' ; '), line);
      continue;
    }
    result.lines.push({
      line,
      journalCode,
      journalLib: get(col.journalLib),
      ecritureNum,
      ecritureDate: ecritureDate!,
      compteNum,
      compteLib: get(col.compteLib),
      compAuxNum: get(col.compAuxNum),
      compAuxLib: get(col.compAuxLib),
      pieceRef: get(col.pieceRef),
      pieceDate,
      ecritureLib: get(col.ecritureLib),
      debitCents,
      creditCents,
      ecritureLet: get(col.ecritureLet),
      dateLet,
      validDate,
      dueDate,
      paymentMode: get(col.paymentMode),
    });
  }
  if (result.dataLines === 0 && result.errors.length === 0) {
    fileError('le FEC ne contient aucune écriture : seulement la ligne d’en-tête.');
  }
  if (negatives > 0) result.warnings.push(`${fileName} : ${plural(negatives, 'montant négatif lu', 'montants négatifs lus')} comme le sens opposé (un débit négatif est un crédit).`);
  if (bothSides > 0) result.warnings.push(`${fileName} : ${plural(bothSides, 'ligne', 'lignes')} hors comptes clients avec un débit et un crédit à la fois (sans effet sur l’import).`);
  return result;
}

const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

// ——— From lines to facts ———

export interface FecClientFact {
  /** CompAuxNum, or the 411… account when the books keep one account per client. */
  key: string;
  name: string;
  /** The first line naming it. */
  line: number;
}

export interface FecInvoiceFact {
  number: string;
  clientKey: string;
  issueDate: IsoDate;
  /** From an optional due-date column; otherwise computed from the client's terms. */
  dueDate: IsoDate | null;
  amountTtcCents: number;
  amountHtCents: number | null;
  amountTvaCents: number | null;
  line: number;
  /** Lettering code ('' when unlettered). */
  letter: string;
  /** From the à-nouveaux: the amount still owed at the opening. */
  opening: boolean;
}

export interface FecCreditNoteFact {
  number: string;
  clientKey: string;
  issueDate: IsoDate;
  amountCents: number;
  line: number;
  letter: string;
  /** The PieceRef and the words of its label, to find the invoice it names. */
  names: string[];
  /** Its key as a credit on the client's account, when no invoice can take it. */
  paymentKey: string;
  date: IsoDate;
  journalCode: string;
}

export type FecCreditKind = 'payment' | 'settlement' | 'opening';

export interface FecPaymentFact {
  /** Stored in payments.reference. */
  key: string;
  clientKey: string;
  date: IsoDate;
  amountCents: number;
  method: PaymentMethod;
  kind: FecCreditKind;
  line: number;
  letter: string;
}

/** A debit on a customer account that is not an invoice: a refund, a rejected payment, a reclassification. */
export interface FecDebitFact {
  clientKey: string;
  amountCents: number;
  line: number;
  letter: string;
  kind: 'treasury' | 'other';
}

export interface FecPlan {
  fileName: string;
  clients: FecClientFact[];
  invoices: FecInvoiceFact[];
  creditNotes: FecCreditNoteFact[];
  payments: FecPaymentFact[];
  debits: FecDebitFact[];
  customerLines: number;
  errors: ImportError[];
  warnings: string[];
}

interface EntryInfo {
  journalCode: string;
  ecritureNum: string;
  firstLine: number;
  debit: number;
  credit: number;
  opening: boolean;
  revenue: boolean;
  treasuryAccount: string | null;
  doubtful: boolean;
  loss: boolean;
  /** Class 7 credits less debits: the invoice's HT when the entry has one invoice. */
  revenueNet: number;
  customerDebits: number;
}

const CUSTOMER_TOTAL_MAX = 2 ** 50;
const OPENING_JOURNALS = new Set(['an', 'ran', 'ano', 'anx', 'anc', 'aan', 'ouv', 'ouverture', 'rep', 'report']);
const isCustomerAccount = (account: string) => account.startsWith('411');

function isOpeningJournal(code: string, label: string): boolean {
  if (OPENING_JOURNALS.has(fold(code))) return true;
  return /a[ -]?nouveaux?\b|\bouverture\b|\breports? a nouveau/.test(fold(label));
}

/** The method a payment's words or account tell; 'other' when they say nothing. */
export function fecPaymentMethod(text: string, treasuryAccount: string | null): PaymentMethod {
  const words = ` ${fold(text).replace(/[^a-z0-9]+/g, ' ')} `;
  if (/ (prlv|prelev\w*|sdd) /.test(words)) return 'direct_debit';
  if (/ (chq|cheques?|ch) /.test(words)) return 'cheque';
  if (/ (cb|carte\w*|tpe) /.test(words)) return 'card';
  if (/ (esp|especes) /.test(words)) return 'cash';
  if (/ (vir|virt|vrt|virements?|sepa|sct) /.test(words)) return 'transfer';
  if (treasuryAccount?.startsWith('53')) return 'cash';
  if (treasuryAccount?.startsWith('5112')) return 'cheque';
  return 'other';
}

/**
 * Turns the valid lines into facts (clients, invoices, credit notes, payments) by the rules in the
 * header comment. Pure: no database. Refusals found here (no PieceRef on an invoice, one invoice
 * number for two clients…) are added to the errors, each with its line.
 */
export function planFec(parse: FecParse): FecPlan {
  const { fileName } = parse;
  const plan: FecPlan = { fileName, clients: [], invoices: [], creditNotes: [], payments: [], debits: [], customerLines: 0, errors: [], warnings: [] };
  const refuse = (line: number, message: string) => plan.errors.push({ file: fileName, line, message });

  // Entries and what their lines are.
  const entries = new Map<string, EntryInfo>();
  const collective = new Set<string>();
  const journalOpening = new Map<string, boolean>();
  for (const l of parse.lines) {
    const key = `${l.journalCode}\u0000${l.ecritureNum}`;
    let e = entries.get(key);
    if (!e) {
      const jk = `${l.journalCode}\u0000${l.journalLib}`;
      let opening = journalOpening.get(jk);
      if (opening === undefined) journalOpening.set(jk, (opening = isOpeningJournal(l.journalCode, l.journalLib)));
      e = { journalCode: l.journalCode, ecritureNum: l.ecritureNum, firstLine: l.line, debit: 0, credit: 0, opening, revenue: false, treasuryAccount: null, doubtful: false, loss: false, revenueNet: 0, customerDebits: 0 };
      entries.set(key, e);
    }
    e.debit += l.debitCents;
    e.credit += l.creditCents;
    const account = l.compteNum;
    if (isCustomerAccount(account)) {
      if (l.compAuxNum !== '') collective.add(account);
      if (l.debitCents > 0) e.customerDebits++;
      continue;
    }
    const first = account.charAt(0);
    if (account.startsWith('890')) e.opening = true;
    else if (first === '7') {
      e.revenue = true;
      e.revenueNet += l.creditCents - l.debitCents;
    } else if (first === '5') e.treasuryAccount ??= account;
    else if (account.startsWith('416')) e.doubtful = true;
    else if (account.startsWith('654') || account.startsWith('6714')) e.loss = true;
  }

  // Unbalanced entries: a warning (see the header comment).
  const unbalanced = [...entries.values()].filter((e) => e.debit !== e.credit);
  if (unbalanced.length > 0) {
    const shown = unbalanced
      .slice(0, 5)
      .map((e) => `${e.journalCode} ${e.ecritureNum} (ligne ${e.firstLine} : débit ${formatEuros(e.debit as Cents)}, crédit ${formatEuros(e.credit as Cents)})`);
    plan.warnings.push(
      `${fileName} : ${plural(unbalanced.length, 'écriture déséquilibrée', 'écritures déséquilibrées')} (débit ≠ crédit) : ${shown.join(' ; ')}${unbalanced.length > shown.length ? ' …' : ''}. Les comptes clients sont lus tels quels.`,
    );
  }

  const clients = new Map<string, FecClientFact>();
  const invoices = new Map<string, FecInvoiceFact>();
  const invoiceEntries = new Map<string, Set<EntryInfo>>();
  const creditNotes = new Map<string, FecCreditNoteFact>();
  const paymentKeys = new Map<string, number>();
  const openingDebits: { l: FecLine; clientKey: string; e: EntryInfo }[] = [];
  let zeroLines = 0;
  // Every sum the import makes (invoice amounts, totals, balances) stays an exact integer below this.
  let customerTotal = 0;
  let doubtful = 0;
  let doubtfulCents = 0;
  let losses = 0;
  let lossCents = 0;
  const doubtfulLines: number[] = [];
  const lossLines: number[] = [];

  const paymentKey = (l: FecLine, clientKey: string, amount: number) => {
    // The entry's date too: entry numbers may start again every year.
    const base = `${FEC_PAYMENT_PREFIX}${l.journalCode}:${l.ecritureNum}:${l.ecritureDate.replaceAll('-', '')}:${clientKey}:${formatEurosInput(cents(amount))}`;
    const seen = (paymentKeys.get(base) ?? 0) + 1;
    paymentKeys.set(base, seen);
    return seen === 1 ? base : `${base}#${seen}`;
  };
  const checkNumber = (l: FecLine, what: string): string | null => {
    if (l.pieceRef === '') {
      refuse(l.line, `référence de pièce (PieceRef) manquante : c’est le numéro ${what}`);
      return null;
    }
    if (l.pieceRef.length > NUMBER_MAX) {
      refuse(l.line, `référence de pièce « ${l.pieceRef} » : ${NUMBER_MAX} caractères au plus pour un numéro ${what}`);
      return null;
    }
    return l.pieceRef;
  };
  const addInvoice = (l: FecLine, clientKey: string, number: string, e: EntryInfo, opening: boolean) => {
    const issueDate = l.pieceDate ?? l.ecritureDate;
    const existing = invoices.get(number);
    if (existing) {
      if (existing.clientKey !== clientKey) {
        refuse(l.line, `pièce « ${number} » : c’est déjà la facture d’un autre client (compte ${existing.clientKey}, ligne ${existing.line})`);
        return;
      }
      existing.amountTtcCents += l.debitCents;
      if (issueDate < existing.issueDate) existing.issueDate = issueDate;
      if (existing.letter === '') existing.letter = l.ecritureLet;
      if (l.dueDate && (!existing.dueDate || l.dueDate > existing.dueDate)) existing.dueDate = l.dueDate;
      invoiceEntries.get(number)!.add(e);
      return;
    }
    invoices.set(number, {
      number,
      clientKey,
      issueDate,
      dueDate: l.dueDate,
      amountTtcCents: l.debitCents,
      amountHtCents: null,
      amountTvaCents: null,
      line: l.line,
      letter: l.ecritureLet,
      opening,
    });
    invoiceEntries.set(number, new Set([e]));
  };

  for (const l of parse.lines) {
    if (!isCustomerAccount(l.compteNum)) continue;
    plan.customerLines++;
    customerTotal += l.debitCents + l.creditCents;
    if (l.compAuxNum === '' && collective.has(l.compteNum)) {
      refuse(l.line, `compte collectif ${l.compteNum} sans compte auxiliaire (CompAuxNum) : impossible de savoir de quel client il s’agit`);
      continue;
    }
    const clientKey = l.compAuxNum || l.compteNum;
    const name = l.compAuxNum ? l.compAuxLib : l.compteLib;
    const client = clients.get(clientKey);
    if (!client) clients.set(clientKey, { key: clientKey, name: name || clientKey, line: l.line });
    else if (client.name === clientKey && name) client.name = name;
    if (l.debitCents === 0 && l.creditCents === 0) {
      zeroLines++;
      continue;
    }
    const e = entries.get(`${l.journalCode}\u0000${l.ecritureNum}`)!;
    const letter = l.ecritureLet;
    if (l.debitCents > 0) {
      if (e.opening) openingDebits.push({ l, clientKey, e });
      else if (e.revenue) {
        const number = checkNumber(l, 'de la facture');
        if (number) addInvoice(l, clientKey, number, e, false);
      } else plan.debits.push({ clientKey, amountCents: l.debitCents, line: l.line, letter, kind: e.treasuryAccount ? 'treasury' : 'other' });
      continue;
    }
    const amount = l.creditCents;
    const text = `${l.ecritureLib} ${l.paymentMode} ${l.journalLib}`;
    if (e.opening) {
      plan.payments.push({ key: paymentKey(l, clientKey, amount), clientKey, date: l.ecritureDate, amountCents: amount, method: 'other', kind: 'opening', line: l.line, letter });
    } else if (e.treasuryAccount) {
      plan.payments.push({ key: paymentKey(l, clientKey, amount), clientKey, date: l.ecritureDate, amountCents: amount, method: fecPaymentMethod(text, e.treasuryAccount), kind: 'payment', line: l.line, letter });
    } else if (e.revenue) {
      const number = checkNumber(l, 'de l’avoir');
      if (!number) continue;
      const existing = creditNotes.get(number);
      if (existing) {
        if (existing.clientKey !== clientKey) refuse(l.line, `pièce « ${number} » : c’est déjà l’avoir d’un autre client (compte ${existing.clientKey}, ligne ${existing.line})`);
        else existing.amountCents += amount;
        continue;
      }
      const words = fold(l.ecritureLib).split(/[^a-z0-9/_.-]+/).filter((w) => w.length > 1);
      creditNotes.set(number, {
        number,
        clientKey,
        issueDate: l.pieceDate ?? l.ecritureDate,
        amountCents: amount,
        line: l.line,
        letter,
        names: [fold(l.pieceRef), ...words],
        paymentKey: paymentKey(l, clientKey, amount),
        date: l.ecritureDate,
        journalCode: l.journalCode,
      });
    } else if (e.doubtful) {
      doubtful++;
      doubtfulCents += amount;
      doubtfulLines.push(l.line);
    } else if (e.loss) {
      losses++;
      lossCents += amount;
      lossLines.push(l.line);
    } else {
      plan.payments.push({ key: paymentKey(l, clientKey, amount), clientKey, date: l.ecritureDate, amountCents: amount, method: fecPaymentMethod(text, null), kind: 'settlement', line: l.line, letter });
    }
  }

  // À-nouveaux: an empty or generic PieceRef (« AN », the journal's code, one shared by several
  // clients) is an account's global balance, not an invoice.
  const openingClients = new Map<string, Set<string>>();
  for (const l of parse.lines) {
    if (!isCustomerAccount(l.compteNum) || l.pieceRef === '' || !entries.get(`${l.journalCode}\u0000${l.ecritureNum}`)?.opening) continue;
    const set = openingClients.get(l.pieceRef) ?? new Set<string>();
    set.add(l.compAuxNum || l.compteNum);
    openingClients.set(l.pieceRef, set);
  }
  let globalOpenings = 0;
  for (const { l, clientKey, e } of openingDebits) {
    const generic = OPENING_JOURNALS.has(fold(l.pieceRef)) || /^a[ -]?nouveaux?$/.test(fold(l.pieceRef)) || fold(l.pieceRef) === fold(l.journalCode);
    const detailed = l.pieceRef !== '' && !generic && openingClients.get(l.pieceRef)!.size === 1;
    if (detailed && invoices.has(l.pieceRef) && !invoices.get(l.pieceRef)!.opening) continue; // the invoice itself is in the file
    const number = detailed ? l.pieceRef : `${l.pieceRef || l.journalCode || 'AN'}-${clientKey}`;
    if (number.length > NUMBER_MAX) {
      refuse(l.line, `à-nouveau : numéro « ${number} » trop long (${NUMBER_MAX} caractères au plus)`);
      continue;
    }
    if (!detailed && !invoices.has(number)) globalOpenings++;
    addInvoice(l, clientKey, number, e, true);
  }

  // HT and TVA from the sales entry, when it holds this one invoice alone.
  for (const invoice of invoices.values()) {
    if (invoice.opening) continue;
    const parts = invoiceEntries.get(invoice.number)!;
    if (parts.size !== 1) continue;
    const [e] = [...parts];
    if (!e || e.customerDebits !== 1 || e.revenueNet <= 0 || e.revenueNet > invoice.amountTtcCents) continue;
    invoice.amountHtCents = e.revenueNet;
    invoice.amountTvaCents = invoice.amountTtcCents - e.revenueNet;
  }

  if (customerTotal > CUSTOMER_TOTAL_MAX) {
    plan.errors.push({ file: fileName, line: null, message: `montants des comptes clients hors limites (${formatEuros(customerTotal as Cents)} en tout) : ce n’est pas un FEC vraisemblable.` });
  }
  plan.clients = [...clients.values()];
  plan.invoices = [...invoices.values()];
  plan.creditNotes = [...creditNotes.values()];
  if (zeroLines > 0) plan.warnings.push(`${fileName} : ${plural(zeroLines, 'ligne client à zéro ignorée', 'lignes client à zéro ignorées')}.`);
  if (globalOpenings > 0) {
    plan.warnings.push(
      `${fileName} : ${plural(globalOpenings, 'solde d’ouverture global repris comme une facture', 'soldes d’ouverture globaux repris comme des factures')} « AN-<compte> » : le FEC ne détaille pas les factures ouvertes de ces clients à l’ouverture.`,
    );
  }
  if (doubtful > 0) {
    plan.warnings.push(
      `${fileName} : ${plural(doubtful, 'créance passée', 'créances passées')} en clients douteux (416) pour ${formatEuros(cents(doubtfulCents))} (ligne${doubtful > 1 ? 's' : ''} ${listLines(doubtfulLines)}) : ce n’est pas un paiement, ${doubtful > 1 ? 'elles restent dues' : 'elle reste due'} dans Recouvra.`,
    );
  }
  if (losses > 0) {
    plan.warnings.push(
      `${fileName} : ${plural(losses, 'créance passée', 'créances passées')} en perte (654) pour ${formatEuros(cents(lossCents))} (ligne${losses > 1 ? 's' : ''} ${listLines(lossLines)}) : non importée${losses > 1 ? 's' : ''} comme paiement ; passez la facture en perte dans Recouvra si vous renoncez à la recouvrer.`,
    );
  }
  return plan;
}

function listLines(lines: number[]): string {
  const shown = lines.slice(0, 8).join(', ');
  return lines.length > 8 ? `${shown} …` : shown;
}

// ——— Checking the facts against the database ———

type ClientTarget =
  | { type: 'existing'; id: number; name: string; archived: boolean; terms: PaymentTerms; previouslyImported: boolean }
  | { type: 'new'; index: number; name: string; terms: PaymentTerms };

interface NewClient {
  key: string;
  data: ClientData;
  line: number;
}

interface InvoiceTarget {
  fact: FecInvoiceFact;
  client: ClientTarget;
  clientName: string;
  /** 'new': to create; 'updated': amount changes; 'unchanged' / 'kept': left as is; 'opening': already there, carried by the à-nouveaux. */
  status: 'new' | 'updated' | 'unchanged' | 'kept' | 'opening';
  existingId: number | null;
  index: number;
  dueDate: IsoDate;
  amountTtcCents: number;
  /** What is still owed on it, as the import goes. */
  balance: number;
}

interface CreditTarget {
  fact: FecPaymentFact;
  client: ClientTarget;
  existingId: number | null;
  /** For new payments: their amount (less what a lettered rejection took back); for existing ones: what is not allocated yet. */
  available: number;
  amountCents: number;
  allocated: number;
  /** The invoices its allocations go to. */
  invoiceNumbers: string[];
}

interface NewCreditNote {
  fact: FecCreditNoteFact;
  invoice: InvoiceTarget;
}

interface Allocation {
  credit: CreditTarget;
  invoice: InvoiceTarget;
  amountCents: number;
}

interface Resolution {
  plan: FecPlan;
  errors: ImportError[];
  warnings: string[];
  newClients: NewClient[];
  clientOf: Map<string, ClientTarget>;
  existingClientIds: Set<number>;
  invoices: InvoiceTarget[];
  creditNotes: NewCreditNote[];
  credits: CreditTarget[];
  allocations: Allocation[];
  paymentsAlreadyThere: number;
}

const json = (values: Iterable<string | number>) => JSON.stringify([...values]);

function termsOf(mode: string, days: number | null): PaymentTerms {
  return mode === 'eom45' ? { mode: 'eom45' } : { mode: 'net', days: days ?? 30 };
}

/** The settings row mapping customer accounts to client ids. */
function readAccountMap(db: Db): Record<string, number> {
  const row = db.prepare('SELECT value_json FROM settings WHERE key = ?').get(FEC_CLIENT_ACCOUNTS_KEY) as { value_json: string } | undefined;
  if (!row) return {};
  try {
    const value = JSON.parse(row.value_json) as unknown;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter((e): e is [string, number] => Number.isSafeInteger(e[1])));
  } catch {
    return {};
  }
}

function resolve(ctx: CoreContext, plan: FecPlan, parseErrors: ImportError[], parseWarnings: string[]): Resolution {
  const { db } = ctx;
  const file = plan.fileName;
  const errors = [...parseErrors, ...plan.errors];
  const warnings = [...parseWarnings, ...plan.warnings];
  const refuse = (line: number, message: string) => errors.push({ file, line, message });
  const company = ctx.repos.company.get();
  const defaultTerms: PaymentTerms = { mode: 'net', days: company?.paymentTermsDays ?? 30 };
  const reading = ctx.repos.settings.get().eom45Reading;

  // Clients: by the account remembered from an earlier import, else by the invoices already in
  // Recouvra under the file's numbers, else by name (case and accents ignored), else created.
  const accountMap = readAccountMap(db);
  type ClientRow = { id: number; name: string; archived_at: string | null; terms_mode: string; terms_days: number | null };
  const allClients = db.prepare('SELECT id, name, archived_at, terms_mode, terms_days FROM clients').all() as ClientRow[];
  const byId = new Map(allClients.map((c) => [c.id, c]));
  const byName = new Map<string, ClientRow[]>();
  for (const c of allClients) {
    const k = nameKey(c.name);
    const list = byName.get(k);
    if (list) list.push(c);
    else byName.set(k, [c]);
  }
  type ExistingInvoice = { id: number; client_id: number; number: string; amount_ttc_cents: number; paid_cents: number; credited_cents: number };
  const existingInvoices = new Map(
    (
      db
        .prepare('SELECT id, client_id, number, amount_ttc_cents, paid_cents, credited_cents FROM invoices WHERE number IN (SELECT value FROM json_each(?))')
        .all(json(plan.invoices.map((i) => i.number))) as ExistingInvoice[]
    ).map((i) => [i.number, i]),
  );
  const invoiceClientsOf = new Map<string, Set<number>>();
  for (const i of plan.invoices) {
    const found = existingInvoices.get(i.number);
    if (!found) continue;
    const set = invoiceClientsOf.get(i.clientKey) ?? new Set<number>();
    set.add(found.client_id);
    invoiceClientsOf.set(i.clientKey, set);
  }

  const mappedIds = new Map<number, string>();
  for (const [key, id] of Object.entries(accountMap)) mappedIds.set(id, key);
  const newClients: NewClient[] = [];
  const clientOf = new Map<string, ClientTarget>();
  const existingClientIds = new Set<number>();
  let byNameCount = 0;
  let byInvoicesCount = 0;
  const existing = (c: ClientRow, previouslyImported: boolean): ClientTarget => {
    existingClientIds.add(c.id);
    return { type: 'existing', id: c.id, name: c.name, archived: c.archived_at !== null, terms: termsOf(c.terms_mode, c.terms_days), previouslyImported };
  };
  for (const fact of plan.clients) {
    const mapped = accountMap[fact.key];
    const remembered = mapped === undefined ? undefined : byId.get(mapped);
    if (remembered) {
      clientOf.set(fact.key, existing(remembered, true));
      continue;
    }
    // A client that an earlier FEC tied to another account is not this one, whatever the numbers say.
    const evidence = new Set([...(invoiceClientsOf.get(fact.key) ?? [])].filter((id) => !mappedIds.has(id) || mappedIds.get(id) === fact.key));
    if (evidence.size > 1) {
      refuse(fact.line, `les factures du compte ${fact.key} sont déjà dans Recouvra sous plusieurs clients : impossible de savoir lequel est « ${fact.name} »`);
      continue;
    }
    if (evidence.size === 1) {
      const c = byId.get([...evidence][0]!)!;
      clientOf.set(fact.key, existing(c, false));
      byInvoicesCount++;
      continue;
    }
    const named = byName.get(nameKey(fact.name));
    if (named && named.length > 1) {
      refuse(fact.line, `plusieurs clients s’appellent « ${fact.name} » dans Recouvra : impossible de savoir lequel est le compte ${fact.key}`);
      continue;
    }
    if (named && named.length === 1) {
      clientOf.set(fact.key, existing(named[0]!, false));
      byNameCount++;
      continue;
    }
    const data = validateClient(clientInputFromRow({ name: fact.name, kind: NEW_CLIENT_KIND, paymentTerms: defaultTerms }));
    if (!data.ok) {
      refuse(fact.line, `client « ${fact.name} » (compte ${fact.key}) : ${data.message.replace(/ \(colonne [^)]*\)/g, '')}`);
      continue;
    }
    clientOf.set(fact.key, { type: 'new', index: newClients.length, name: data.value.name, terms: defaultTerms });
    newClients.push({ key: fact.key, data: data.value, line: fact.line });
  }
  if (byNameCount > 0) warnings.push(`${plural(byNameCount, 'client du FEC rapproché', 'clients du FEC rapprochés')} d’un client de Recouvra par le nom.`);
  if (byInvoicesCount > 0) warnings.push(`${plural(byInvoicesCount, 'client du FEC rapproché', 'clients du FEC rapprochés')} d’un client de Recouvra par ses factures.`);
  if (newClients.length > 0) {
    warnings.push(
      `${plural(newClients.length, 'client créé', 'clients créés')} comme professionnel${newClients.length > 1 ? 's' : ''} (le FEC ne dit pas le type) avec un délai de paiement de ${defaultTerms.mode === 'net' ? defaultTerms.days : 45} jours : corrigez les particuliers et les délais dans leur fiche.`,
    );
  }
  const archivedNoted = new Set<number>();
  const usable = (client: ClientTarget, line: number): boolean => {
    if (client.type === 'existing' && client.archived) {
      if (!archivedNoted.has(client.id)) {
        archivedNoted.add(client.id);
        refuse(line, `le client « ${client.name} » est archivé : restaurez-le avant d’importer ses écritures`);
      }
      return false;
    }
    return true;
  };

  // Invoices.
  const invoices: InvoiceTarget[] = [];
  const invoiceByNumber = new Map<string, InvoiceTarget>();
  let updated = 0;
  let kept = 0;
  const keptShown: string[] = [];
  let openingSkipped = 0;
  let computedDueDates = 0;
  for (const fact of plan.invoices) {
    const client = clientOf.get(fact.clientKey);
    if (!client) continue; // its client was refused
    const found = existingInvoices.get(fact.number);
    const target: InvoiceTarget = {
      fact,
      client,
      clientName: client.name,
      status: 'new',
      existingId: null,
      index: invoices.length,
      dueDate: fact.dueDate ?? dueDateFor(fact.issueDate, client.terms, reading),
      amountTtcCents: fact.amountTtcCents,
      balance: fact.amountTtcCents,
    };
    if (found) {
      if (client.type !== 'existing' || client.id !== found.client_id) {
        const owner = byId.get(found.client_id)?.name ?? '?';
        refuse(fact.line, `facture « ${fact.number} » : ce numéro est déjà celui d’une facture de « ${owner} » dans Recouvra`);
        continue;
      }
      target.existingId = found.id;
      target.amountTtcCents = found.amount_ttc_cents;
      if (fact.opening) target.status = 'opening';
      else if (found.amount_ttc_cents === fact.amountTtcCents) target.status = 'unchanged';
      else if (found.paid_cents === 0 && found.credited_cents === 0) {
        target.status = 'updated';
        target.amountTtcCents = fact.amountTtcCents;
        updated++;
      } else {
        target.status = 'kept';
        if (keptShown.length < 5) keptShown.push(`${fact.number} (ligne ${fact.line} : ${formatEuros(cents(fact.amountTtcCents))} dans le FEC, ${formatEuros(cents(found.amount_ttc_cents))} dans Recouvra)`);
        kept++;
      }
      target.balance = target.amountTtcCents - found.paid_cents - found.credited_cents;
    } else {
      if (fact.opening && client.type === 'existing' && client.previouslyImported) {
        // Its client came from an earlier FEC: what the à-nouveaux carry is already in Recouvra.
        openingSkipped++;
        continue;
      }
      if (!usable(client, fact.line)) continue;
      if (!fact.dueDate) computedDueDates++;
    }
    invoices.push(target);
    invoiceByNumber.set(fact.number, target);
  }
  if (kept > 0) {
    warnings.push(
      `${plural(kept, 'facture', 'factures')} au montant différent dans le FEC, mais déjà réglée${kept > 1 ? 's' : ''} ou créditée${kept > 1 ? 's' : ''} en partie dans Recouvra : laissée${kept > 1 ? 's' : ''} telle${kept > 1 ? 's' : ''} quelle${kept > 1 ? 's' : ''} : ${keptShown.join(' ; ')}${kept > keptShown.length ? ' …' : ''}.`,
    );
  }
  if (updated > 0) warnings.push(`${plural(updated, 'facture modifiée', 'factures modifiées')} : montant différent dans le FEC (elles n’étaient ni réglées ni créditées).`);
  if (computedDueDates > 0) {
    warnings.push(
      `Échéances : le FEC n’en contient pas ; celles de ${plural(computedDueDates, 'facture', 'factures')} sont calculées selon le délai de paiement de chaque client (à défaut celui de votre entreprise, ${defaultTerms.mode === 'net' ? defaultTerms.days : 45} jours).`,
    );
  }
  const openingNew = invoices.filter((i) => i.status === 'new' && i.fact.opening).length;
  if (openingNew > 0) warnings.push(`${plural(openingNew, 'facture reprise', 'factures reprises')} des à-nouveaux pour le reste dû à l’ouverture de l’exercice.`);

  // Credits already in Recouvra: this file's keys, and payments entered by hand (same client, date and amount).
  type ExistingPayment = { id: number; client_id: number; payment_date: string; amount_cents: number; reference: string | null; allocated: number };
  const paymentColumns = 'p.id, p.client_id, p.payment_date, p.amount_cents, p.reference, COALESCE((SELECT SUM(a.amount_cents) FROM payment_allocations a WHERE a.payment_id = p.id), 0) AS allocated';
  const keys = [...plan.payments.map((p) => p.key), ...plan.creditNotes.map((c) => c.paymentKey)];
  const existingByKey = new Map(
    (db.prepare(`SELECT ${paymentColumns} FROM payments p WHERE p.reference IN (SELECT value FROM json_each(?))`).all(json(keys)) as ExistingPayment[]).map((p) => [p.reference!, p]),
  );
  const manual = new Map<string, ExistingPayment[]>();
  const existingIds = [...existingClientIds];
  if (existingIds.length > 0) {
    for (const p of db
      .prepare(`SELECT ${paymentColumns} FROM payments p WHERE p.client_id IN (SELECT value FROM json_each(?)) AND (p.reference IS NULL OR p.reference NOT LIKE 'FEC:%')`)
      .all(json(existingIds)) as ExistingPayment[]) {
      const k = `${p.client_id}|${p.payment_date}|${p.amount_cents}`;
      const list = manual.get(k);
      if (list) list.push(p);
      else manual.set(k, [p]);
    }
  }
  const existingCreditNotes = new Set(
    db.prepare('SELECT number FROM credit_notes WHERE number IN (SELECT value FROM json_each(?))').pluck().all(json(plan.creditNotes.map((c) => c.number))) as string[],
  );

  const credits: CreditTarget[] = [];
  let alreadyThere = 0;
  let matchedByHand = 0;
  let openingCreditsSkipped = 0;
  const addCredit = (fact: FecPaymentFact, client: ClientTarget): CreditTarget | null => {
    const found = existingByKey.get(fact.key);
    let target: CreditTarget | null = null;
    if (found) {
      target = { fact, client, existingId: found.id, available: found.amount_cents - found.allocated, amountCents: found.amount_cents, allocated: 0, invoiceNumbers: [] };
      alreadyThere++;
    } else if (fact.kind === 'opening' && client.type === 'existing' && client.previouslyImported) {
      openingCreditsSkipped++;
      return null;
    } else if (client.type === 'existing' && manual.get(`${client.id}|${fact.date}|${fact.amountCents}`)?.length) {
      const p = manual.get(`${client.id}|${fact.date}|${fact.amountCents}`)!.shift()!;
      target = { fact, client, existingId: p.id, available: p.amount_cents - p.allocated, amountCents: p.amount_cents, allocated: 0, invoiceNumbers: [] };
      alreadyThere++;
      matchedByHand++;
    } else {
      if (!usable(client, fact.line)) return null;
      target = { fact, client, existingId: null, available: fact.amountCents, amountCents: fact.amountCents, allocated: 0, invoiceNumbers: [] };
    }
    credits.push(target);
    return target;
  };

  // Credit notes: on the invoice of their letter, else the invoice they name, when it can take
  // them whole; otherwise a credit on the client's account (a payment of method « autre »).
  const creditNotes: NewCreditNote[] = [];
  const invoicesOfLetter = new Map<string, InvoiceTarget[]>();
  for (const i of invoices) {
    if (i.fact.letter === '') continue;
    const k = `${i.fact.clientKey}\u0000${i.fact.letter}`;
    const list = invoicesOfLetter.get(k);
    if (list) list.push(i);
    else invoicesOfLetter.set(k, [i]);
  }
  const byAge = (a: InvoiceTarget, b: InvoiceTarget) => (a.fact.issueDate < b.fact.issueDate ? -1 : a.fact.issueDate > b.fact.issueDate ? 1 : a.fact.number < b.fact.number ? -1 : 1);
  for (const list of invoicesOfLetter.values()) list.sort(byAge);
  const invoiceByFoldedNumber = new Map<string, InvoiceTarget>();
  for (const i of invoices) {
    const k = `${i.fact.clientKey}\u0000${fold(i.fact.number)}`;
    if (!invoiceByFoldedNumber.has(k)) invoiceByFoldedNumber.set(k, i);
  }
  let creditNotesAsCredits = 0;
  for (const fact of plan.creditNotes) {
    const client = clientOf.get(fact.clientKey);
    if (!client || existingCreditNotes.has(fact.number)) continue;
    const asCredit: FecPaymentFact = { key: fact.paymentKey, clientKey: fact.clientKey, date: fact.date, amountCents: fact.amountCents, method: 'other', kind: 'settlement', line: fact.line, letter: fact.letter };
    if (existingByKey.has(fact.paymentKey)) {
      // Imported earlier as a credit on the account: it stays one (allocated by its letter).
      addCredit(asCredit, client);
      continue;
    }
    const named = (i: InvoiceTarget) => fact.names.includes(fold(i.fact.number));
    const candidates = fact.letter !== '' ? (invoicesOfLetter.get(`${fact.clientKey}\u0000${fact.letter}`) ?? []) : [];
    const fits = (i: InvoiceTarget | undefined): i is InvoiceTarget => i !== undefined && i.balance >= fact.amountCents;
    const invoice =
      candidates.find((i) => named(i) && fits(i)) ??
      candidates.find(fits) ??
      fact.names.map((n) => invoiceByFoldedNumber.get(`${fact.clientKey}\u0000${n}`)).find(fits);
    if (invoice) {
      if (!usable(client, fact.line)) continue;
      invoice.balance -= fact.amountCents;
      creditNotes.push({ fact, invoice });
    } else {
      creditNotesAsCredits++;
      addCredit(asCredit, client);
    }
  }
  if (creditNotesAsCredits > 0) {
    warnings.push(
      `${plural(creditNotesAsCredits, 'avoir sans facture', 'avoirs sans facture')} à qui l’imputer (ni lettré avec une facture, ni la nommant, ou plus grand que son solde) : ${creditNotesAsCredits > 1 ? 'gardés' : 'gardé'} en crédit sur le compte du client.`,
    );
  }

  for (const fact of plan.payments) {
    const client = clientOf.get(fact.clientKey);
    if (client) addCredit(fact, client);
  }
  if (alreadyThere > 0) {
    warnings.push(
      `${plural(alreadyThere, 'paiement déjà présent', 'paiements déjà présents')} dans Recouvra, non ${alreadyThere > 1 ? 'réimportés' : 'réimporté'}${matchedByHand > 0 ? ` (dont ${matchedByHand} saisi${matchedByHand > 1 ? 's' : ''} à la main, même client, même date, même montant)` : ''}.`,
    );
  }
  if (openingSkipped + openingCreditsSkipped > 0) {
    warnings.push(
      `${plural(openingSkipped + openingCreditsSkipped, 'ligne d’à-nouveau ignorée', 'lignes d’à-nouveau ignorées')} : ces clients viennent d’un FEC déjà importé, leurs factures et crédits ouverts sont déjà dans Recouvra.`,
    );
  }

  // Lettering: credits of a letter go to its invoices, oldest first. A lettered debit that is not
  // an invoice (a rejected payment, a refund) first takes back the credit it cancels.
  const groups = new Map<string, { invoices: InvoiceTarget[]; credits: CreditTarget[]; debits: FecDebitFact[] }>();
  const group = (clientKey: string, letter: string) => {
    const k = `${clientKey}\u0000${letter}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { invoices: [], credits: [], debits: [] }));
    return g;
  };
  for (const i of invoices) if (i.fact.letter !== '') group(i.fact.clientKey, i.fact.letter).invoices.push(i);
  for (const c of credits) if (c.fact.letter !== '') group(c.fact.clientKey, c.fact.letter).credits.push(c);
  let unletteredDebits = 0;
  let unletteredDebitCents = 0;
  const unletteredDebitLines: number[] = [];
  for (const d of plan.debits) {
    if (!clientOf.has(d.clientKey)) continue;
    if (d.letter === '') {
      unletteredDebits++;
      unletteredDebitCents += d.amountCents;
      unletteredDebitLines.push(d.line);
    } else group(d.clientKey, d.letter).debits.push(d);
  }
  let cancelled = 0;
  const allocations: Allocation[] = [];
  const byDate = (a: CreditTarget, b: CreditTarget) => (a.fact.date < b.fact.date ? -1 : a.fact.date > b.fact.date ? 1 : a.fact.line - b.fact.line);
  for (const g of groups.values()) {
    g.credits.sort(byDate);
    for (const d of g.debits) {
      let rest = d.amountCents;
      const fresh = g.credits.filter((c) => c.existingId === null && c.available > 0);
      const same = fresh.find((c) => c.available === rest);
      for (const c of same ? [same] : [...fresh].reverse()) {
        if (rest === 0) break;
        const take = Math.min(rest, c.available);
        c.available -= take;
        c.amountCents -= take;
        rest -= take;
        cancelled++;
      }
    }
    g.invoices.sort(byAge);
    for (const c of g.credits) {
      for (const i of g.invoices) {
        if (c.available <= 0) break;
        if (i.balance <= 0) continue;
        const amount = Math.min(c.available, i.balance);
        c.available -= amount;
        i.balance -= amount;
        c.allocated += amount;
        c.invoiceNumbers.push(i.fact.number);
        allocations.push({ credit: c, invoice: i, amountCents: amount });
      }
    }
  }
  if (cancelled > 0) warnings.push(`${plural(cancelled, 'paiement annulé', 'paiements annulés')} (en tout ou partie) par un rejet ou un remboursement lettré avec ${cancelled > 1 ? 'eux' : 'lui'}.`);
  if (unletteredDebits > 0) {
    warnings.push(
      `${plural(unletteredDebits, 'débit client', 'débits clients')} hors facture (remboursement, rejet de paiement, écriture diverse) non lettré${unletteredDebits > 1 ? 's' : ''}, pour ${formatEuros(cents(unletteredDebitCents))} (ligne${unletteredDebits > 1 ? 's' : ''} ${listLines(unletteredDebitLines)}) : non ${unletteredDebits > 1 ? 'importés' : 'importé'} ; le solde de ces clients dans Recouvra est inférieur d’autant à leur compte 411.`,
    );
  }
  return {
    plan,
    errors,
    warnings,
    newClients,
    clientOf,
    existingClientIds,
    invoices,
    creditNotes,
    // A new credit wholly taken back by a lettered rejection is not written.
    credits: credits.filter((c) => c.existingId !== null || c.amountCents > 0),
    allocations,
    paymentsAlreadyThere: alreadyThere,
  };
}

// ——— Preview and apply ———

const SAMPLE_ROWS = 20;

function totalsOf(r: Resolution): ImportTotals {
  let invoicesTtc = 0;
  for (const i of r.invoices) if (i.status === 'new') invoicesTtc += i.amountTtcCents;
  let paid = 0;
  let unallocated = 0;
  for (const c of r.credits) {
    if (c.existingId !== null) continue;
    paid += c.amountCents;
    unallocated += c.amountCents - c.allocated;
  }
  let allocated = 0;
  for (const a of r.allocations) allocated += a.amountCents;
  let credited = 0;
  for (const c of r.creditNotes) credited += c.fact.amountCents;
  return {
    invoicesTtcCents: cents(invoicesTtc),
    paymentsCents: cents(paid),
    allocatedCents: cents(allocated),
    unallocatedCents: cents(unallocated),
    creditNotesCents: cents(credited),
  };
}

function summaryOf(parse: FecParse, r: Resolution): FecImportSummary {
  let creditNotesCents = 0;
  for (const c of r.creditNotes) creditNotesCents += c.fact.amountCents;
  return {
    encoding: parse.encoding ?? 'UTF-8',
    separator: parse.separator ? SEPARATOR_NAMES[parse.separator] : 'tabulation',
    lines: parse.dataLines,
    customerLines: r.plan.customerLines,
    invoicesUpdated: r.invoices.filter((i) => i.status === 'updated').length,
    invoicesUnchanged: r.invoices.filter((i) => i.status === 'unchanged' || i.status === 'kept' || i.status === 'opening').length,
    creditNotes: r.creditNotes.length,
    creditNotesCents: cents(creditNotesCents),
    paymentsAlreadyThere: r.paymentsAlreadyThere,
    allocations: r.allocations.length,
    openInvoices: r.invoices.filter((i) => i.balance > 0).length,
    settledInvoices: r.invoices.filter((i) => i.balance <= 0).length,
  };
}

function analyse(bytes: Uint8Array, fileName: string) {
  const parse = parseFec(bytes, fileName);
  const plan = planFec(parse);
  return { parse, plan };
}

/** Reads the FEC and checks it against the books, without writing anything. */
export function previewFec(ctx: CoreContext, bytes: Uint8Array, fileName: string): ImportPreview {
  const { parse, plan } = analyse(bytes, fileName);
  const r = resolve(ctx, plan, parse.errors, parse.warnings);
  const newInvoices = r.invoices.filter((i) => i.status === 'new');
  const newCredits = r.credits.filter((c) => c.existingId === null);
  return {
    clientsToCreate: r.newClients.length,
    clientsExisting: r.existingClientIds.size,
    invoices: newInvoices.length,
    payments: newCredits.length,
    creditNotes: r.creditNotes.length,
    totals: totalsOf(r),
    errors: r.errors,
    warnings: r.warnings,
    fec: summaryOf(parse, r),
    samples: {
      clients: r.newClients.slice(0, SAMPLE_ROWS).map((c) => ({ file: fileName, line: c.line, name: c.data.name, kind: c.data.kind, siren: c.data.siren, address6: c.data.address[5] })),
      invoices: newInvoices.slice(0, SAMPLE_ROWS).map((i) => ({
        line: i.fact.line,
        number: i.fact.number,
        clientName: i.clientName,
        issueDate: i.fact.issueDate,
        dueDate: i.dueDate,
        amountTtcCents: cents(i.amountTtcCents),
      })),
      payments: newCredits.slice(0, SAMPLE_ROWS).map((c) => ({
        line: c.fact.line,
        invoiceNumber: c.invoiceNumbers.join(', '),
        date: c.fact.date,
        amountCents: cents(c.amountCents),
        method: c.fact.method,
        allocatedCents: cents(c.allocated),
      })),
    },
  };
}

/**
 * Imports the FEC all or nothing: any refused line throws ImportRefusedError (an AppError
 * 'VALIDATION' carrying every error) and nothing is written; otherwise one transaction writes
 * the new clients, invoices, credit notes, payments and allocations, the changed amounts, the
 * accounts-to-clients map and one audit entry.
 */
export function applyFec(ctx: CoreContext, bytes: Uint8Array, fileName: string): ImportResult {
  const { parse, plan } = analyse(bytes, fileName);
  if (parse.errors.length > 0 || plan.errors.length > 0) throw new ImportRefusedError([...parse.errors, ...plan.errors], [...parse.warnings, ...plan.warnings]);
  const { db, clock } = ctx;
  const write = db.transaction((): ImportResult => {
    // Checked inside the transaction, so nothing can change between the check and the write.
    const r = resolve(ctx, plan, [], parse.warnings);
    if (r.errors.length > 0) throw new ImportRefusedError(r.errors, r.warnings);
    const totals = totalsOf(r);
    const fec = summaryOf(parse, r);
    const newInvoices = r.invoices.filter((i) => i.status === 'new');
    const newCredits = r.credits.filter((c) => c.existingId === null);
    const result: ImportResult = {
      clientsCreated: r.newClients.length,
      clientsExisting: r.existingClientIds.size,
      invoices: newInvoices.length,
      payments: newCredits.length,
      creditNotes: r.creditNotes.length,
      totals,
      warnings: r.warnings,
      fec,
    };
    const now = clock.now();
    const bulk = bulkStatements(db);
    const insertPayment = db.prepare('INSERT INTO payments (client_id, payment_date, amount_cents, method, reference, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    const insertCreditNote = db.prepare('INSERT INTO credit_notes (invoice_id, number, issue_date, amount_ttc_cents, reason, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    const updateInvoice = db.prepare('UPDATE invoices SET amount_ttc_cents = ?, amount_ht_cents = ?, amount_tva_cents = ?, updated_at = ? WHERE id = ?');
    const allocate = db.prepare(
      `INSERT INTO payment_allocations (payment_id, invoice_id, amount_cents) VALUES (?, ?, ?)
       ON CONFLICT (payment_id, invoice_id) DO UPDATE SET amount_cents = amount_cents + excluded.amount_cents`,
    );

    const clientIds = r.newClients.map((c) => bulk.insertClient(c.data, now));
    const clientIdOf = (t: ClientTarget) => (t.type === 'existing' ? t.id : clientIds[t.index]!);
    // Remember which client each account became, for the next FEC of these books.
    const accounts = readAccountMap(db);
    let accountsChanged = false;
    for (const [key, target] of r.clientOf) {
      const id = clientIdOf(target);
      if (accounts[key] !== id) {
        accounts[key] = id;
        accountsChanged = true;
      }
    }
    if (accountsChanged) {
      db.prepare(
        'INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at',
      ).run(FEC_CLIENT_ACCOUNTS_KEY, JSON.stringify(accounts), now);
    }

    const invoiceIds = new Map<InvoiceTarget, number>();
    for (const i of r.invoices) {
      if (i.status === 'new') {
        const id = bulk.insertInvoice(
          clientIdOf(i.client),
          {
            number: i.fact.number,
            issueDate: i.fact.issueDate,
            deliveryDate: null,
            dueDate: i.dueDate,
            amountHtCents: i.fact.amountHtCents === null ? null : cents(i.fact.amountHtCents),
            amountTvaCents: i.fact.amountTvaCents === null ? null : cents(i.fact.amountTvaCents),
            amountTtcCents: cents(i.amountTtcCents),
            reference: null,
          },
          now,
        );
        invoiceIds.set(i, id);
      } else {
        invoiceIds.set(i, i.existingId!);
        if (i.status === 'updated') updateInvoice.run(i.amountTtcCents, i.fact.amountHtCents, i.fact.amountTvaCents, now, i.existingId);
      }
    }
    for (const c of r.creditNotes) {
      insertCreditNote.run(invoiceIds.get(c.invoice)!, c.fact.number, c.fact.issueDate, c.fact.amountCents, `FEC ${c.fact.journalCode}, ligne ${c.fact.line}`, now);
    }
    const paymentIds = new Map<CreditTarget, number>();
    for (const c of r.credits) {
      if (c.existingId !== null) paymentIds.set(c, c.existingId);
      else paymentIds.set(c, Number(insertPayment.run(clientIdOf(c.client), c.fact.date, c.amountCents, c.fact.method, c.fact.key, now).lastInsertRowid));
    }
    for (const a of r.allocations) allocate.run(paymentIds.get(a.credit)!, invoiceIds.get(a.invoice)!, a.amountCents);
    const changed =
      r.newClients.length + newInvoices.length + fec.invoicesUpdated + r.creditNotes.length + newCredits.length + r.allocations.length > 0 || accountsChanged;
    // A FEC already imported, read again: nothing written, not even the journal.
    if (!changed) return result;

    const n = (count: number, one: string, many: string) => `${count} ${count > 1 ? many : one}`;
    ctx.repos.audit.append({
      entity: 'invoice',
      entityId: null,
      action: 'create',
      summary: `Import FEC : ${n(result.clientsCreated, 'client', 'clients')}, ${n(result.invoices, 'facture', 'factures')}, ${n(fec.creditNotes, 'avoir', 'avoirs')}, ${n(result.payments, 'paiement', 'paiements')}`,
      after: { file: fileName, clientsCreated: result.clientsCreated, clientsExisting: result.clientsExisting, invoices: result.invoices, payments: result.payments, totals, fec },
    });
    return result;
  });
  return withLargeCache(db, write);
}
