// The injonction de payer dossier of one client, assembled from the books (CPC 1405 and
// following): the requête's parties and claim (art. 54, 57 and 1407 CPC), the décompte of the
// claim at the filing date (the penalty engine, as the formal notice computes it), the bordereau
// of the pièces in the order a court expects them, and the chronology of the case. Reading only:
// nothing is archived here (generateDossier in build.ts adds the fresh statement of account and
// archives the dossier), so the interface can preview a model as often as it likes.
import { formatDateFr, formatDateLongFr, type IsoDate } from '../../../shared/domain/dates.js';
import { formatEuros, type Cents } from '../../../shared/domain/money.js';
import { computePenalties, type PenaltyPeriod } from '../../../shared/domain/penalties.js';
import { formatRateBp } from '../../../shared/legal/rates.js';
import { printedLines } from '../../../shared/domain/address.js';
import { fold } from '../../../shared/domain/text.js';
import { formatRegisteredNumber, formatSiren } from '../../../shared/validation.js';
import { PAYMENT_METHOD_LABELS, type InvoiceDetail, type PaymentMethod } from '../../../shared/domain/invoice.js';
import { CALL_OUTCOME_LABELS, type CallOutcome } from '../../../shared/domain/scenarios.js';
import { LETTER_TYPE_LABELS, type LetterType } from '../../../shared/documents/letter-model.js';
import type { PieceType } from '../../../shared/domain/attachments.js';
import type { ClientKind } from '../../../shared/domain/client.js';
import type { CourtKind } from '../../../shared/domain/cases.js';
import type { Company } from '../../../shared/domain/company.js';
import type { CoreContext } from '../context.js';
import { AppError } from '../errors.js';
import { legalEvents, rateTable } from '../legal.js';

// ——— The official forms ———

// The Cerfa whose order the requête follows (written on plain paper): one table, with its
// sources and the unconfirmed version suffixes, in shared/legal/advisor.ts.
export { CERFA, cerfaFor } from '../../../shared/legal/advisor.js';
import { cerfaFor } from '../../../shared/legal/advisor.js';

const COURT_BASE: Record<CourtKind, string> = {
  commerce: 'tribunal de commerce',
  activites_economiques: 'tribunal des activités économiques',
  judiciaire: 'tribunal judiciaire',
};

/** "de Lyon", "d’Orléans", "du Havre", "des Sables-d’Olonne". */
function ofPlace(place: string): string {
  if (/^le\s/i.test(place)) return `du ${place.replace(/^le\s+/i, '')}`;
  if (/^les\s/i.test(place)) return `des ${place.replace(/^les\s+/i, '')}`;
  if (/^[aeiouyàâäéèêëîïôöûüœh]/i.test(place)) return `d’${place}`;
  return `de ${place}`;
}

/** "tribunal de commerce de Lyon" from the kind and the town (or the full name, as typed). */
export function courtLabel(kind: CourtKind, name: string): string {
  const text = name.trim().replace(/\s+/g, ' ');
  if (/^tribunal\b/i.test(text)) return `t${text.slice(1)}`;
  return `${COURT_BASE[kind]} ${ofPlace(text)}`;
}

// ——— The model ———

export interface DossierInput {
  clientId: number;
  /** Default: every invoice of the client overdue at `asOf`, undisputed, not written off (or the case's invoices). */
  invoiceIds?: number[] | undefined;
  /** The filing date: the décompte is arrêté at this date. */
  asOf: IsoDate;
  court: { kind: CourtKind; name: string };
  /** Art. 1408 CPC: in case of opposition, send the case at once to this court. */
  request1408?: { court: string } | null | undefined;
  caseId?: number | null | undefined;
}

/** One line of a party's identity; `value` null: missing, printed « À compléter : … ». */
export interface DossierField {
  key: string;
  label: string;
  value: string | null;
}

export interface DossierParty {
  kind: 'legal' | 'natural';
  /** Dénomination, or first names and name. */
  name: string;
  /** In the order of the form (art. 54 and 57 CPC). */
  fields: DossierField[];
  addressLines: string[];
}

export interface DossierReduction {
  kind: 'payment' | 'credit_note';
  date: IsoDate;
  label: string;
  amountCents: Cents;
}

export interface DossierInvoice {
  id: number;
  number: string;
  issueDate: IsoDate;
  deliveryDate: IsoDate | null;
  dueDate: IsoDate;
  reference: string | null;
  description: string | null;
  amountCents: Cents;
  /** Payments and credit notes dated up to the filing date (what the décompte deducts). */
  reductions: DossierReduction[];
  reducedCents: Cents;
  /** Principal still owed at the filing date. */
  remainingCents: Cents;
  interest: {
    /** business: L441-10 penalties (ECB + 10 points or the contractual rate); consumer: legal interest. */
    kind: 'penalties' | 'contractual' | 'legal';
    periods: PenaltyPeriod[];
    /** The first day interest runs (null: none runs, e.g. a consumer without formal notice). */
    fromDate: IsoDate | null;
    /** One line for the requête: rate(s) and start date. */
    summary: string;
    amountCents: Cents;
  };
  indemnityCents: Cents;
  /** remaining + interest + indemnity */
  totalCents: Cents;
  warnings: string[];
  /** The pièce of the bordereau for this invoice. */
  pieceNumber: number;
}

export interface DossierPayment {
  kind: 'payment' | 'credit_note';
  date: IsoDate;
  invoiceNumber: string;
  /** Virement, chèque…; the credit note's number for a credit note. */
  method: string;
  reference: string | null;
  amountCents: Cents;
  /** After the filing date: not deducted in the décompte. */
  afterFiling: boolean;
}

export type DossierPieceKind =
  | 'invoice'
  | 'contract'
  | 'terms'
  | 'purchase_order'
  | 'delivery_note'
  | 'receipt'
  | 'other'
  | 'reminder'
  | 'formal_notice'
  | 'registered_receipt'
  | 'statement'
  | 'payment_plan'
  | 'acknowledgment';

export interface DossierPieceFile {
  documentId: number;
  fileName: string;
  mimeType: string;
  sha256: string;
  sizeBytes: number;
}

export interface DossierPiece {
  /** From 1, in the order of the bordereau. */
  number: number;
  kind: DossierPieceKind;
  title: string;
  date: IsoDate | null;
  /** « LRAR n° … reçue le … », « original à joindre »… */
  note: string | null;
  /** The archived file; null: listed only (the original is to be joined by hand). */
  file: DossierPieceFile | null;
}

export interface DossierCost {
  label: string;
  date: IsoDate;
  amountCents: Cents;
}

export interface DossierClaim {
  principalCents: Cents;
  /** Penalties (business) or legal interest (consumer) to the filing date. */
  interestCents: Cents;
  interestTitle: string;
  /** Rate(s) and start date, one line per invoice. */
  interestLines: string[];
  indemnityCount: number;
  indemnityCents: Cents;
  /** No penalty clause is claimed (néant): kept as a line of the form. */
  penaltyClauseCents: Cents;
  /** Recoverable costs of the case (frais accessoires). */
  costs: DossierCost[];
  costsCents: Cents;
  totalCents: Cents;
}

export interface ChronologyEntry {
  date: IsoDate;
  kind:
    | 'invoice_issued'
    | 'invoice_due'
    | 'payment'
    | 'credit_note'
    | 'dispute_opened'
    | 'dispute_closed'
    | 'promise'
    | 'reminder'
    | 'call'
    | 'formal_notice_sent'
    | 'formal_notice_received'
    | 'payment_plan'
    | 'payment_plan_signed'
    | 'payment_plan_cancelled'
    | 'legal_event';
  label: string;
  invoiceNumbers: string[];
  amountCents: Cents | null;
}

export interface DossierModel {
  version: 1;
  asOf: IsoDate;
  clientId: number;
  caseId: number | null;
  invoiceIds: number[];
  court: { kind: CourtKind; name: string; label: string; addressee: string };
  /** "12946*02" or "12948*06" (CERFA). */
  cerfa: string;
  request1408: { court: string } | null;
  creditor: DossierParty;
  debtor: DossierParty & { clientKind: ClientKind };
  invoices: DossierInvoice[];
  payments: DossierPayment[];
  claim: DossierClaim;
  /** Fondement de la créance. */
  basis: string[];
  pieces: DossierPiece[];
  chronology: ChronologyEntry[];
  /** « Fait à … » (the creditor's town); null: a blank. */
  place: string | null;
  /** Who signs the requête. */
  signatory: string | null;
  /** What the requête lacks, in French ("Demandeur : profession"): the interface asks for it. */
  missing: string[];
  missingFields: { party: 'creditor' | 'debtor'; key: string; label: string }[];
  /** Things the user should know (a formal notice never posted, an unconfirmed rate…). */
  warnings: string[];
}

// ——— Helpers ———

const money = (c: number) => formatEuros(c as Cents);
const sum = (values: readonly number[]) => values.reduce((s, v) => s + v, 0) as Cents;
const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n > 1 ? many : word}`;
const dateOf = (timestamp: string) => timestamp.slice(0, 10) as IsoDate;

function titleCase(text: string): string {
  return text.toLowerCase().replace(/(^|[\s-])(\p{L})/gu, (_, sep: string, letter: string) => `${sep}${letter.toUpperCase()}`);
}

/** The town of line 6 ("69002 LYON" → "Lyon", CEDEX dropped). */
function townOf(address: readonly string[]): string | null {
  const town = /^\d{5}\s+(.+)$/.exec(address[5]?.trim() ?? '')?.[1]?.replace(/\s+CEDEX\b.*$/i, '');
  return town ? titleCase(town) : null;
}

/**
 * The address lines to print, without the first line when it only names the addressee (NF Z10-011
 * line 1: "ATELIER MARTIN", "MME JEANNE LEFEVRE"): the name is printed on its own.
 */
function addressOf(address: readonly string[], ...names: (string | null | undefined)[]): string[] {
  const lines = printedLines(address);
  const first = fold(lines[0] ?? '');
  if (lines.length > 1 && names.some((n) => n && first.includes(fold(n)))) return lines.slice(1);
  return lines;
}

/** "F-1", "F-1 et F-2", "F-1, F-2 et F-3". */
export function listFr(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} et ${items.at(-1)}`;
}

/** "pièce n° 3", "pièces n° 1 à 4", "pièces n° 1, 3 et 5". */
export function piecesRef(numbers: readonly number[]): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  if (sorted.length === 0) return '';
  if (sorted.length === 1) return `pièce n° ${sorted[0]}`;
  if (sorted.length === 2) return `pièces n° ${sorted[0]} et ${sorted[1]}`;
  const consecutive = sorted.every((n, i) => i === 0 || n === sorted[i - 1]! + 1);
  return consecutive ? `pièces n° ${sorted[0]} à ${sorted.at(-1)}` : `pièces n° ${listFr(sorted.map(String))}`;
}

// ——— The parties ———

function field(key: string, label: string, value: string | null | undefined): DossierField {
  const text = value?.trim();
  return { key, label, value: text ? text : null };
}

function creditorOf(company: Company): DossierParty {
  const address = addressOf(company.address, company.name);
  const addressText = address.length ? address.join(', ') : null;
  const registration = company.siren
    ? `SIREN ${formatSiren(company.siren)}${company.rcsCity ? ` — RCS ${company.rcsCity.replace(/^RCS\s+/i, '')}` : ''}`
    : null;
  if (company.person.kind === 'natural') {
    const p = company.person;
    const name = [p.firstNames, p.lastName?.toUpperCase()].filter(Boolean).join(' ') || company.name;
    const fields = [
      field('person.lastName', 'Nom', p.lastName?.toUpperCase()),
      field('person.firstNames', 'Prénoms', p.firstNames),
      field('person.profession', 'Profession', p.profession),
      field('address', 'Domicile', addressText),
      field('person.nationality', 'Nationalité', p.nationality),
      field('person.birthDate', 'Date de naissance', p.birthDate ? formatDateLongFr(p.birthDate as IsoDate) : null),
      field('person.birthPlace', 'Lieu de naissance', p.birthPlace),
    ];
    // A sole trader also names the business and its registration, when there is one.
    if (fold(company.name) !== fold(name) || registration) {
      fields.push(field('name', 'Exerçant sous le nom', `${company.name}${registration ? ` (${registration})` : ''}`));
    }
    return { kind: 'natural', name, fields, addressLines: address };
  }
  const representative = company.representative ?? company.signatoryName;
  const title = company.representative ? null : company.signatoryTitle;
  return {
    kind: 'legal',
    name: company.name,
    fields: [
      field('legalForm', 'Forme', company.legalForm),
      field('name', 'Dénomination', company.name),
      field('address', 'Siège social', addressText),
      field('siren', 'Immatriculation', registration),
      field('representative', 'Organe représentant la société', representative ? `son représentant légal, ${representative}${title ? ` (${title})` : ''}` : null),
    ],
    addressLines: address,
  };
}

function debtorOf(client: ReturnType<CoreContext['repos']['clients']['get']>): DossierModel['debtor'] {
  const address = addressOf(client.address, client.name, client.lastName);
  const addressText = address.length ? `${address.join(', ')}${client.country !== 'FR' ? ` (${client.country})` : ''}` : null;
  if (client.kind === 'consumer') {
    return {
      kind: 'natural',
      clientKind: 'consumer',
      name: client.name,
      fields: [
        field('lastName', 'Nom', (client.lastName ?? client.name).toUpperCase()),
        field('firstName', 'Prénoms', client.firstName),
        field('address', 'Domicile', addressText),
      ],
      addressLines: address,
    };
  }
  const fields = [field('name', 'Dénomination', client.name)];
  if (client.legalForm) fields.push(field('legalForm', 'Forme', client.legalForm));
  fields.push(field('address', 'Siège social', addressText));
  if (client.siren) fields.push(field('siren', 'SIREN', formatSiren(client.siren)));
  return { kind: 'legal', clientKind: 'business', name: client.name, fields, addressLines: address };
}

// ——— The invoices and their décompte ———

function chooseInvoices(ctx: CoreContext, input: DossierInput, clientName: string, caseInvoices: number[] | null): { ids: number[]; details: InvoiceDetail[] } {
  let ids: number[];
  if (input.invoiceIds && input.invoiceIds.length > 0) ids = [...new Set(input.invoiceIds)];
  else if (caseInvoices) ids = caseInvoices;
  else {
    ids = (
      ctx.db
        .prepare(
          `SELECT i.id FROM invoices i WHERE i.client_id = ? AND i.written_off = 0 AND i.open_disputes = 0
             AND i.amount_ttc_cents > i.paid_cents + i.credited_cents AND i.due_date < ?
             AND NOT EXISTS (SELECT 1 FROM case_invoices ci JOIN cases k ON k.id = ci.case_id WHERE ci.invoice_id = i.id AND k.closed_date IS NULL)
           ORDER BY i.due_date, i.number`,
        )
        .all(input.clientId, input.asOf) as { id: number }[]
    ).map((r) => r.id);
    if (ids.length === 0) throw new AppError('PRECONDITION', `« ${clientName} » n’a aucune facture échue au ${formatDateFr(input.asOf)}, non contestée et non passée en perte : pas de requête possible.`);
  }
  const inOtherCase = ctx.db.prepare(
    `SELECT k.id FROM case_invoices ci JOIN cases k ON k.id = ci.case_id WHERE ci.invoice_id = ? AND k.closed_date IS NULL AND k.id <> ? LIMIT 1`,
  );
  const details = ids.map((id) => {
    const d = ctx.repos.ledger.detail(id);
    const n = d.invoice.number;
    if (d.invoice.clientId !== input.clientId) throw new AppError('VALIDATION', `La facture ${n} n’est pas de « ${clientName} » : un dossier ne porte que sur les factures d’un seul débiteur.`, { invoiceIds: `Facture ${n} d’un autre client.` });
    if (d.writeOff) throw new AppError('PRECONDITION', `La facture ${n} est passée en perte : retirez-la du dossier.`);
    if (d.balanceCents <= 0) throw new AppError('PRECONDITION', `La facture ${n} est soldée : retirez-la du dossier.`);
    if (d.disputes.some((x) => x.closedDate === null)) {
      throw new AppError('PRECONDITION', `La facture ${n} est en litige : une injonction de payer suppose une créance non contestée. Clôturez le litige ou retirez la facture.`);
    }
    if (d.invoice.dueDate >= input.asOf) throw new AppError('PRECONDITION', `La facture ${n} n’est pas échue au ${formatDateFr(input.asOf)} (échéance le ${formatDateFr(d.invoice.dueDate)}) : la créance doit être exigible.`);
    if (caseInvoices && !caseInvoices.includes(id)) throw new AppError('VALIDATION', `La facture ${n} n’est pas dans ce dossier contentieux.`, { invoiceIds: `Facture ${n} hors du dossier.` });
    if (inOtherCase.get(id, input.caseId ?? 0)) throw new AppError('CONFLICT', `La facture ${n} est déjà dans un autre dossier contentieux ouvert.`);
    return d;
  });
  details.sort((a, b) => a.invoice.dueDate.localeCompare(b.invoice.dueDate) || a.invoice.number.localeCompare(b.invoice.number));
  return { ids: details.map((d) => d.invoice.id), details };
}

/**
 * The statement of one invoice at `asOf`, from the same building blocks as a formal notice
 * (electron/core/letters.ts letterModelFor): payments and credit notes, the latest formal notice
 * and enforceable date among the invoice's legal events, the merged rate table.
 */
export function invoiceStatement(ctx: CoreContext, d: InvoiceDetail, asOf: IsoDate, rates = rateTable(ctx)) {
  const events = legalEvents(ctx, d.invoice.id).filter((e) => e.date <= asOf);
  const latest = (kind: string) => events.filter((e) => e.kind === kind).at(-1)?.date ?? null;
  const formalNoticeDate = latest('formal_notice');
  const statement = computePenalties({
    kind: d.client.kind,
    principalCents: d.invoice.amountTtcCents,
    dueDate: d.invoice.dueDate,
    asOf,
    payments: [...d.allocations.map((a) => ({ date: a.date, amountCents: a.amountCents })), ...d.creditNotes.map((c) => ({ date: c.issueDate, amountCents: c.amountCents }))],
    contractualRateBp: d.invoice.contractualRateBp,
    formalNoticeDate,
    enforceableDate: latest('enforceable'),
    rates,
  });
  return { statement, formalNoticeDate };
}

function interestSummary(d: InvoiceDetail, periods: PenaltyPeriod[], formalNoticeDate: IsoDate | null): { kind: DossierInvoice['interest']['kind']; summary: string } {
  const n = d.invoice.number;
  const from = periods[0]?.from;
  const rates = listFr([...new Set(periods.map((p) => p.rateBp))].map(formatRateBp));
  const unconfirmed = periods.some((p) => p.rateLabel.includes('à confirmer')) ? ', taux du dernier semestre à confirmer' : '';
  if (d.client.kind === 'business') {
    const contractual = d.invoice.contractualRateBp !== null;
    if (!from) return { kind: contractual ? 'contractual' : 'penalties', summary: `Facture ${n} : aucune pénalité à la date du décompte` };
    return {
      kind: contractual ? 'contractual' : 'penalties',
      summary: contractual
        ? `Facture ${n} : pénalités de retard au taux contractuel de ${formatRateBp(d.invoice.contractualRateBp!)} à compter du ${formatDateFr(from)}`
        : `Facture ${n} : pénalités de retard au taux de ${rates} (taux de la BCE majoré de 10 points, art. L441-10 C. com.${unconfirmed}) à compter du ${formatDateFr(from)}`,
    };
  }
  if (!from || !formalNoticeDate) {
    return { kind: 'legal', summary: `Facture ${n} : intérêts au taux légal à compter de la présente requête (aucune mise en demeure reçue avant cette date)` };
  }
  return { kind: 'legal', summary: `Facture ${n} : intérêts au taux légal de ${rates}${unconfirmed ? ' (taux du dernier semestre à confirmer)' : ''} à compter de la mise en demeure reçue le ${formatDateFr(formalNoticeDate)}, soit du ${formatDateFr(from)}` };
}

// ——— The pièces ———

interface DocRow {
  id: number;
  kind: string;
  title: string;
  file_name: string;
  mime_type: string;
  sha256: string;
  size_bytes: number;
  piece_type: PieceType | null;
  created_at: string;
  owner_type: string | null;
  owner_id: number | null;
}

const fileOf = (r: Pick<DocRow, 'id' | 'file_name' | 'mime_type' | 'sha256' | 'size_bytes'>): DossierPieceFile => ({
  documentId: r.id,
  fileName: r.file_name,
  mimeType: r.mime_type,
  sha256: r.sha256,
  sizeBytes: r.size_bytes,
});

/** The date a letter bears: the trailing YYYY-MM-DD of its archived title, else the day it was archived. */
function letterDate(title: string, createdAt: string): IsoDate {
  return (/(\d{4}-\d{2}-\d{2})$/.exec(title)?.[1] ?? dateOf(createdAt)) as IsoDate;
}

/** "Relance ferme — Boulangerie Dupont — 2026-11-02" → "Relance ferme". */
const letterName = (title: string) => title.split(' — ')[0]!.trim();

const CHANNEL_SENT: Record<string, string> = {
  email: 'envoyée par courriel',
  letter: 'envoyée par courrier',
  registered_letter: 'envoyée par lettre recommandée',
  sms: 'envoyée par SMS',
  phone: 'appel',
};

const ATTACHMENT_ORDER: PieceType[] = ['contract', 'terms', 'purchase_order', 'delivery_note', 'receipt', 'other'];

interface PieceDraft extends Omit<DossierPiece, 'number'> {
  invoiceIds?: number[];
}

function collectPieces(
  ctx: CoreContext,
  input: DossierInput,
  details: InvoiceDetail[],
  warnings: string[],
): { pieces: DossierPiece[]; invoicePiece: Map<number, number> } {
  const ids = details.map((d) => d.invoice.id);
  const idsJson = JSON.stringify(ids);
  const numberOf = new Map(details.map((d) => [d.invoice.id, d.invoice.number]));
  const drafts: PieceDraft[] = [];
  const seen = new Set<number>();

  // 1. The invoices: their archived PDF, else listed with « original à joindre ».
  for (const d of details) {
    const pdf = d.invoice.pdf ? (ctx.db.prepare('SELECT id, file_name, mime_type, sha256, size_bytes FROM documents WHERE id = ?').get(d.invoice.pdf.documentId) as DocRow | undefined) : undefined;
    if (pdf) seen.add(pdf.id);
    drafts.push({
      kind: 'invoice',
      title: `Facture n° ${d.invoice.number} du ${formatDateFr(d.invoice.issueDate)} (${money(d.invoice.amountTtcCents)} TTC)`,
      date: d.invoice.issueDate,
      note: pdf ? null : 'original à joindre',
      file: pdf ? fileOf(pdf) : null,
      invoiceIds: [d.invoice.id],
    });
  }

  // 2. What the user attached (contract, terms, orders, delivery notes…): on the client, these invoices or the case.
  const attached = ctx.db
    .prepare(
      `SELECT d.id, d.kind, d.title, d.file_name, d.mime_type, d.sha256, d.size_bytes, d.piece_type, d.created_at, a.owner_type, a.owner_id
       FROM attachments a JOIN documents d ON d.id = a.document_id
       WHERE d.kind = 'proof' AND d.piece_type IS NOT NULL AND (
         (a.owner_type = 'client' AND a.owner_id = @clientId)
         OR (a.owner_type = 'invoice' AND a.owner_id IN (SELECT value FROM json_each(@ids)))
         OR (a.owner_type = 'case' AND a.owner_id = @caseId))
       ORDER BY d.created_at, d.id`,
    )
    .all({ clientId: input.clientId, ids: idsJson, caseId: input.caseId ?? -1 }) as DocRow[];
  const attachmentDraft = (r: DocRow, invoiceIds: number[]): PieceDraft => ({
    kind: r.piece_type as DossierPieceKind,
    title: r.title,
    // The day it was attached says nothing of the document's own date: none is printed.
    date: null,
    note: invoiceIds.length ? `facture${invoiceIds.length > 1 ? 's' : ''} ${listFr(invoiceIds.map((i) => numberOf.get(i)!))}` : null,
    file: fileOf(r),
    invoiceIds,
  });
  const byDocument = new Map<number, { row: DocRow; invoiceIds: number[] }>();
  for (const r of attached) {
    const entry = byDocument.get(r.id) ?? { row: r, invoiceIds: [] };
    if (r.owner_type === 'invoice' && r.owner_id !== null) entry.invoiceIds.push(r.owner_id);
    byDocument.set(r.id, entry);
  }
  for (const type of ATTACHMENT_ORDER) {
    for (const { row, invoiceIds } of byDocument.values()) {
      if (row.piece_type !== type || seen.has(row.id)) continue;
      seen.add(row.id);
      drafts.push(attachmentDraft(row, invoiceIds));
    }
  }

  // 3. The reminders sent: archived reminder letters linked to these invoices, and statements
  // that a reminder action sent (a statement merely printed, such as a previous dossier's, is not one).
  const linked = ctx.db
    .prepare(
      `SELECT DISTINCT d.id, d.kind, d.title, d.file_name, d.mime_type, d.sha256, d.size_bytes, d.piece_type, d.created_at,
         (SELECT group_concat(a2.owner_id) FROM attachments a2 WHERE a2.document_id = d.id AND a2.owner_type = 'invoice') AS invoice_ids,
         (SELECT ra.channel FROM reminder_actions ra WHERE ra.document_id = d.id AND ra.status = 'done' ORDER BY ra.id LIMIT 1) AS channel,
         (SELECT ra.action_date FROM reminder_actions ra WHERE ra.document_id = d.id AND ra.status = 'done' ORDER BY ra.id LIMIT 1) AS action_date
       FROM attachments a JOIN documents d ON d.id = a.document_id
       WHERE a.owner_type = 'invoice' AND a.owner_id IN (SELECT value FROM json_each(@ids)) AND d.kind IN ('reminder', 'statement', 'formal_notice')
       ORDER BY d.created_at, d.id`,
    )
    .all({ ids: idsJson }) as (DocRow & { invoice_ids: string | null; channel: string | null; action_date: IsoDate | null })[];
  const concerned = (r: { invoice_ids: string | null }) => (r.invoice_ids ? r.invoice_ids.split(',').map(Number).filter((i) => numberOf.has(i)) : []);
  const reminders = linked
    .filter((r) => r.kind === 'reminder' || (r.kind === 'statement' && r.channel !== null))
    .map((r) => ({ r, date: r.action_date ?? letterDate(r.title, r.created_at) }))
    .sort((a, b) => a.date.localeCompare(b.date) || a.r.id - b.r.id);
  for (const { r, date } of reminders) {
    const invoices = concerned(r);
    drafts.push({
      kind: 'reminder',
      title: `${letterName(r.title)} du ${formatDateFr(date)}`,
      date,
      note: [r.channel ? CHANNEL_SENT[r.channel] ?? null : null, invoices.length ? `factures concernées : ${listFr(invoices.map((i) => numberOf.get(i)!))}` : null].filter(Boolean).join(' ; ') || null,
      file: fileOf(r),
      invoiceIds: invoices,
    });
  }

  // 4. The formal notice(s) sent by registered letter, each followed by its avis de réception.
  const register = ctx.db.prepare('SELECT tracking_number, sent_date, received_date, receipt_document_id FROM registered_letters WHERE document_id = ?');
  const receiptDoc = ctx.db.prepare('SELECT id, kind, title, file_name, mime_type, sha256, size_bytes, piece_type, created_at FROM documents WHERE id = ?');
  for (const r of linked.filter((x) => x.kind === 'formal_notice')) {
    const date = letterDate(r.title, r.created_at);
    const letter = register.get(r.id) as { tracking_number: string | null; sent_date: IsoDate | null; received_date: IsoDate | null; receipt_document_id: number | null } | undefined;
    if (!letter?.sent_date) {
      warnings.push(`La mise en demeure du ${formatDateFr(date)} n’est pas enregistrée comme envoyée (registre des recommandés) : elle ne figure pas au bordereau. Enregistrez son numéro et sa date d’envoi si elle est partie.`);
      continue;
    }
    const tracking = letter.tracking_number ? `LRAR n° ${formatRegisteredNumber(letter.tracking_number)}` : 'lettre recommandée avec avis de réception';
    const invoices = concerned(r);
    drafts.push({
      kind: 'formal_notice',
      title: `Mise en demeure du ${formatDateFr(date)}`,
      date,
      note: `${tracking} envoyée le ${formatDateFr(letter.sent_date)}${letter.received_date ? `, reçue le ${formatDateFr(letter.received_date)}` : ', avis de réception non retourné'}`,
      file: fileOf(r),
      invoiceIds: invoices,
    });
    if (letter.received_date) {
      const scan = letter.receipt_document_id ? (receiptDoc.get(letter.receipt_document_id) as DocRow | undefined) : undefined;
      if (scan) seen.add(scan.id);
      drafts.push({
        kind: 'registered_receipt',
        title: `Avis de réception de la ${tracking}`,
        date: letter.received_date,
        note: `mise en demeure reçue le ${formatDateFr(letter.received_date)}${scan ? '' : ' ; original à joindre'}`,
        file: scan ? fileOf(scan) : null,
        invoiceIds: invoices,
      });
    }
  }

  // 5. The statement of account at the filing date: generated and archived with the dossier.
  drafts.push({ kind: 'statement', title: `Relevé de compte au ${formatDateFr(input.asOf)}`, date: input.asOf, note: 'établi à la génération du dossier', file: null, invoiceIds: ids });

  // 6. Payment plans signed by the debtor (reconnaissance de dette) and acknowledgments attached.
  const plans = ctx.db
    .prepare(
      `SELECT p.id, p.signed_date, p.cancelled_date, p.total_cents, d.id AS doc_id, d.title, d.file_name, d.mime_type, d.sha256, d.size_bytes, d.created_at
       FROM payment_plans p LEFT JOIN documents d ON d.id = p.document_id
       WHERE p.client_id = @clientId AND p.signed_date IS NOT NULL
         AND EXISTS (SELECT 1 FROM payment_plan_invoices pi WHERE pi.plan_id = p.id AND pi.invoice_id IN (SELECT value FROM json_each(@ids)))
       ORDER BY p.signed_date, p.id`,
    )
    .all({ clientId: input.clientId, ids: idsJson }) as { id: number; signed_date: IsoDate; cancelled_date: IsoDate | null; total_cents: number; doc_id: number | null; title: string; file_name: string; mime_type: string; sha256: string; size_bytes: number; created_at: string }[];
  for (const p of plans) {
    if (p.doc_id !== null) seen.add(p.doc_id);
    drafts.push({
      kind: 'payment_plan',
      title: `Reconnaissance de dette et échéancier n° ${p.id} (${money(p.total_cents)}), signé le ${formatDateFr(p.signed_date)}`,
      date: p.signed_date,
      note: [p.doc_id !== null ? 'exemplaire imprimé ; original signé à joindre' : 'original signé à joindre', p.cancelled_date ? `échéancier rompu le ${formatDateFr(p.cancelled_date)}` : null].filter(Boolean).join(' ; '),
      file: p.doc_id !== null ? fileOf({ id: p.doc_id, file_name: p.file_name, mime_type: p.mime_type, sha256: p.sha256, size_bytes: p.size_bytes }) : null,
    });
  }
  for (const { row, invoiceIds } of byDocument.values()) {
    if (row.piece_type !== 'acknowledgment' || seen.has(row.id)) continue;
    seen.add(row.id);
    drafts.push(attachmentDraft(row, invoiceIds));
  }

  const pieces = drafts.map(({ invoiceIds: _ids, ...p }, i): DossierPiece => ({ ...p, number: i + 1 }));
  const invoicePiece = new Map(details.map((d, i) => [d.invoice.id, i + 1]));
  return { pieces, invoicePiece };
}

// ——— The chronology ———

const CHANNEL_EVENT: Record<string, string> = {
  email: 'Courriel de relance',
  letter: 'Lettre de relance',
  registered_letter: 'Lettre recommandée',
  sms: 'SMS de relance',
};

function chronologyOf(ctx: CoreContext, input: DossierInput, details: InvoiceDetail[]): ChronologyEntry[] {
  const entries: (ChronologyEntry & { order: number })[] = [];
  const add = (e: ChronologyEntry, order: number) => entries.push({ ...e, order });
  const ids = details.map((d) => d.invoice.id);
  const idsJson = JSON.stringify(ids);
  const numberOf = new Map(details.map((d) => [d.invoice.id, d.invoice.number]));

  for (const d of details) {
    const n = [d.invoice.number];
    add({ date: d.invoice.issueDate, kind: 'invoice_issued', label: `Facture ${d.invoice.number} émise${d.invoice.description ? ` — ${d.invoice.description}` : ''}`, invoiceNumbers: n, amountCents: d.invoice.amountTtcCents }, 0);
    add({ date: d.invoice.dueDate, kind: 'invoice_due', label: `Échéance de la facture ${d.invoice.number}`, invoiceNumbers: n, amountCents: null }, 1);
    for (const a of d.allocations) add({ date: a.date, kind: 'payment', label: `Paiement reçu (${PAYMENT_METHOD_LABELS[a.method as PaymentMethod].toLowerCase()})`, invoiceNumbers: n, amountCents: a.amountCents }, 5);
    for (const c of d.creditNotes) add({ date: c.issueDate, kind: 'credit_note', label: `Avoir ${c.number}${c.reason ? ` — ${c.reason}` : ''}`, invoiceNumbers: n, amountCents: c.amountCents }, 5);
    for (const x of d.disputes) {
      add({ date: x.openedDate, kind: 'dispute_opened', label: `Contestation du débiteur — ${x.reason}`, invoiceNumbers: n, amountCents: null }, 4);
      if (x.closedDate) add({ date: x.closedDate, kind: 'dispute_closed', label: `Contestation close${x.outcome ? ` — ${x.outcome}` : ''}`, invoiceNumbers: n, amountCents: null }, 4);
    }
    for (const p of d.promises) {
      const state = p.state === 'kept' ? 'tenue' : p.state === 'broken' ? 'non tenue' : 'en cours';
      add({ date: p.madeDate, kind: 'promise', label: `Promesse de paiement pour le ${formatDateFr(p.promisedDate)} (${state})${p.note ? ` — ${p.note}` : ''}`, invoiceNumbers: n, amountCents: p.amountCents }, 4);
    }
  }

  // Reminder actions (done): letters, e-mails, SMS, calls with their outcome.
  const actions = ctx.db
    .prepare(
      `SELECT a.id, a.channel, a.template, a.action_date, a.outcome, a.outcome_date, a.note, a.document_id,
         (SELECT group_concat(ai.invoice_id) FROM reminder_action_invoices ai WHERE ai.action_id = a.id) AS invoice_ids
       FROM reminder_actions a
       WHERE a.client_id = @clientId AND a.status = 'done' AND a.channel <> 'insurer_declaration'
         AND EXISTS (SELECT 1 FROM reminder_action_invoices ai WHERE ai.action_id = a.id AND ai.invoice_id IN (SELECT value FROM json_each(@ids)))
       ORDER BY a.action_date, a.id`,
    )
    .all({ clientId: input.clientId, ids: idsJson }) as { id: number; channel: string; template: string | null; action_date: IsoDate; outcome: CallOutcome | null; outcome_date: IsoDate | null; note: string | null; document_id: number | null; invoice_ids: string | null }[];
  const numbers = (list: string | null) => (list ? list.split(',').map(Number).filter((i) => numberOf.has(i)).map((i) => numberOf.get(i)!) : []);
  const documentsOfActions = new Set(actions.map((a) => a.document_id).filter((x): x is number => x !== null));
  for (const a of actions) {
    const note = a.note ? ` — ${a.note}` : '';
    if (a.channel === 'phone') {
      const outcome = a.outcome ? ` : ${CALL_OUTCOME_LABELS[a.outcome].toLowerCase()}${a.outcome_date ? ` (${a.outcome === 'promise' ? 'pour le' : 'le'} ${formatDateFr(a.outcome_date)})` : ''}` : '';
      add({ date: a.action_date, kind: 'call', label: `Appel téléphonique${outcome}${note}`, invoiceNumbers: numbers(a.invoice_ids), amountCents: null }, 3);
    } else {
      const what = a.template && a.template in LETTER_TYPE_LABELS ? ` (${LETTER_TYPE_LABELS[a.template as LetterType].toLowerCase()})` : '';
      add({ date: a.action_date, kind: 'reminder', label: `${CHANNEL_EVENT[a.channel] ?? 'Relance'}${what}${note}`, invoiceNumbers: numbers(a.invoice_ids), amountCents: null }, 3);
    }
  }

  // Letters archived outside the queue (Documents page): reminders, and formal notices (dated by the register).
  const letters = ctx.db
    .prepare(
      `SELECT d.id, d.kind, d.title, d.created_at,
         (SELECT group_concat(a2.owner_id) FROM attachments a2 WHERE a2.document_id = d.id AND a2.owner_type = 'invoice') AS invoice_ids,
         r.tracking_number, r.sent_date, r.received_date
       FROM documents d LEFT JOIN registered_letters r ON r.document_id = d.id
       WHERE d.kind IN ('reminder', 'formal_notice')
         AND EXISTS (SELECT 1 FROM attachments a WHERE a.document_id = d.id AND a.owner_type = 'invoice' AND a.owner_id IN (SELECT value FROM json_each(@ids)))
       ORDER BY d.created_at, d.id`,
    )
    .all({ ids: idsJson }) as { id: number; kind: string; title: string; created_at: string; invoice_ids: string | null; tracking_number: string | null; sent_date: IsoDate | null; received_date: IsoDate | null }[];
  const receivedDates = new Set<string>();
  for (const l of letters) {
    const concerned = numbers(l.invoice_ids);
    if (l.kind === 'reminder') {
      if (!documentsOfActions.has(l.id)) add({ date: letterDate(l.title, l.created_at), kind: 'reminder', label: `${letterName(l.title)} (courrier établi)`, invoiceNumbers: concerned, amountCents: null }, 3);
      continue;
    }
    if (!l.sent_date) continue;
    const tracking = l.tracking_number ? ` n° ${formatRegisteredNumber(l.tracking_number)}` : '';
    add({ date: l.sent_date, kind: 'formal_notice_sent', label: `Mise en demeure envoyée par lettre recommandée avec avis de réception${tracking}`, invoiceNumbers: concerned, amountCents: null }, 3);
    if (l.received_date) {
      receivedDates.add(l.received_date);
      add({ date: l.received_date, kind: 'formal_notice_received', label: `Mise en demeure reçue par le débiteur (avis de réception${tracking})`, invoiceNumbers: concerned, amountCents: null }, 3);
    }
  }

  // Payment plans covering these invoices.
  const plans = ctx.db
    .prepare(
      `SELECT p.id, p.start_date, p.total_cents, p.signed_date, p.cancelled_date,
         (SELECT count(*) FROM payment_plan_instalments i WHERE i.plan_id = p.id) AS instalments,
         (SELECT group_concat(pi.invoice_id) FROM payment_plan_invoices pi WHERE pi.plan_id = p.id) AS invoice_ids
       FROM payment_plans p
       WHERE p.client_id = @clientId AND EXISTS (SELECT 1 FROM payment_plan_invoices pi WHERE pi.plan_id = p.id AND pi.invoice_id IN (SELECT value FROM json_each(@ids)))
       ORDER BY p.start_date, p.id`,
    )
    .all({ clientId: input.clientId, ids: idsJson }) as { id: number; start_date: IsoDate; total_cents: number; signed_date: IsoDate | null; cancelled_date: IsoDate | null; instalments: number; invoice_ids: string | null }[];
  for (const p of plans) {
    const concerned = numbers(p.invoice_ids);
    add({ date: p.start_date, kind: 'payment_plan', label: `Échéancier n° ${p.id} accordé (${plural(p.instalments, 'échéance')})`, invoiceNumbers: concerned, amountCents: p.total_cents as Cents }, 3);
    if (p.signed_date) add({ date: p.signed_date, kind: 'payment_plan_signed', label: `Reconnaissance de dette et échéancier n° ${p.id} signés par le débiteur`, invoiceNumbers: concerned, amountCents: null }, 3);
    if (p.cancelled_date) add({ date: p.cancelled_date, kind: 'payment_plan_cancelled', label: `Échéancier n° ${p.id} rompu`, invoiceNumbers: concerned, amountCents: null }, 3);
  }

  // Legal events recorded by hand (the receipts of registered letters and the signatures of plans are already above).
  const signedDates = new Set(plans.map((p) => p.signed_date).filter((d): d is IsoDate => d !== null));
  const events = ctx.db
    .prepare(`SELECT invoice_id, kind, event_date, note FROM legal_events WHERE invoice_id IN (SELECT value FROM json_each(@ids)) ORDER BY event_date, id`)
    .all({ ids: idsJson }) as { invoice_id: number; kind: string; event_date: IsoDate; note: string | null }[];
  const EVENT_LABELS: Record<string, string> = {
    acknowledgment: 'Reconnaissance de la dette par le débiteur',
    formal_notice: 'Mise en demeure',
    court_action: 'Action en justice',
    judgment: 'Jugement',
    enforceable: 'Décision exécutoire',
  };
  const grouped = new Map<string, ChronologyEntry>();
  for (const e of events) {
    if (e.kind === 'formal_notice' && receivedDates.has(e.event_date)) continue;
    if (e.kind === 'acknowledgment' && signedDates.has(e.event_date)) continue;
    const key = `${e.event_date}|${e.kind}|${e.note ?? ''}`;
    const entry = grouped.get(key) ?? { date: e.event_date, kind: 'legal_event' as const, label: `${EVENT_LABELS[e.kind] ?? e.kind}${e.note ? ` — ${e.note}` : ''}`, invoiceNumbers: [], amountCents: null };
    entry.invoiceNumbers.push(numberOf.get(e.invoice_id)!);
    grouped.set(key, entry);
  }
  for (const e of grouped.values()) add(e, 3);

  return entries
    .sort((a, b) => a.date.localeCompare(b.date) || a.order - b.order)
    .map(({ order: _order, ...e }) => e);
}

// ——— Assembly ———

/**
 * The dossier of one client for the invoices chosen, as of the filing date. Refuses (in French,
 * naming the invoice) another client's invoice, a disputed, settled, written-off or not yet due
 * one, a debtor under a collective procedure and a missing company. A natural-person creditor
 * with missing identity fields does not fail: `missing` lists them and the requête prints
 * « À compléter : … » in their place.
 */
export function buildDossierModel(ctx: CoreContext, input: DossierInput): DossierModel {
  const company = ctx.repos.company.get();
  if (!company) throw new AppError('PRECONDITION', 'Renseignez d’abord votre entreprise (Paramètres) : elle est le demandeur de la requête.');
  const court = { kind: input.court.kind, name: input.court.name.trim() };
  if (!court.name) throw new AppError('VALIDATION', 'Tribunal : indiquez la ville du tribunal (celui du domicile du débiteur).', { court: 'Tribunal : à confirmer.' });
  const client = ctx.repos.clients.get(input.clientId);
  if (client.kind === 'consumer' && court.kind !== 'judiciaire') {
    throw new AppError('VALIDATION', `« ${client.name} » est un particulier : la requête va au tribunal judiciaire, pas au ${COURT_BASE[court.kind]}.`, { court: 'Tribunal judiciaire pour un particulier.' });
  }
  const collective = ctx.db.prepare('SELECT kind, judgment_date FROM collective_procedures WHERE client_id = ? AND ended_date IS NULL ORDER BY judgment_date DESC LIMIT 1').get(client.id) as { kind: string; judgment_date: IsoDate } | undefined;
  if (collective) {
    throw new AppError('PRECONDITION', `« ${client.name} » fait l’objet d’une procédure collective (jugement du ${formatDateFr(collective.judgment_date)}) : pas d’injonction de payer, déclarez votre créance au mandataire judiciaire.`);
  }
  let caseInvoices: number[] | null = null;
  if (input.caseId) {
    const row = ctx.db.prepare('SELECT client_id FROM cases WHERE id = ?').get(input.caseId) as { client_id: number } | undefined;
    if (!row) throw new AppError('NOT_FOUND', 'Dossier contentieux introuvable : il a peut-être été supprimé. Rechargez la liste.');
    if (row.client_id !== client.id) throw new AppError('VALIDATION', `Ce dossier contentieux n’est pas celui de « ${client.name} ».`);
    caseInvoices = (ctx.db.prepare('SELECT invoice_id FROM case_invoices WHERE case_id = ?').all(input.caseId) as { invoice_id: number }[]).map((r) => r.invoice_id);
  }
  const { ids, details } = chooseInvoices(ctx, input, client.name, caseInvoices);
  const warnings: string[] = [];
  const { pieces, invoicePiece } = collectPieces(ctx, input, details, warnings);

  // The décompte, invoice by invoice.
  const rates = rateTable(ctx);
  const invoices: DossierInvoice[] = details.map((d) => {
    const { statement, formalNoticeDate } = invoiceStatement(ctx, d, input.asOf, rates);
    const reductions: DossierReduction[] = [
      ...d.allocations.map((a): DossierReduction => ({ kind: 'payment', date: a.date, label: `Paiement (${PAYMENT_METHOD_LABELS[a.method].toLowerCase()})`, amountCents: a.amountCents })),
      ...d.creditNotes.map((c): DossierReduction => ({ kind: 'credit_note', date: c.issueDate, label: `Avoir ${c.number}`, amountCents: c.amountCents })),
    ]
      .filter((r) => r.date <= input.asOf)
      .sort((a, b) => a.date.localeCompare(b.date));
    const { kind, summary } = interestSummary(d, statement.periods, formalNoticeDate);
    return {
      id: d.invoice.id,
      number: d.invoice.number,
      issueDate: d.invoice.issueDate,
      deliveryDate: d.invoice.deliveryDate,
      dueDate: d.invoice.dueDate,
      reference: d.invoice.reference,
      description: d.invoice.description,
      amountCents: d.invoice.amountTtcCents,
      reductions,
      reducedCents: statement.paidCents,
      remainingCents: statement.outstandingCents,
      interest: { kind, periods: statement.periods, fromDate: statement.periods[0]?.from ?? null, summary, amountCents: statement.interestCents },
      indemnityCents: statement.indemnityCents,
      totalCents: statement.totalClaimCents,
      warnings: statement.warnings.filter((w) => w.code !== 'NOT_LATE').map((w) => w.message),
      pieceNumber: invoicePiece.get(d.invoice.id)!,
    };
  });
  // The penalty engine's warnings, once each, naming the invoices they concern.
  const byMessage = new Map<string, string[]>();
  for (const i of invoices) for (const w of i.warnings) byMessage.set(w, [...(byMessage.get(w) ?? []), i.number]);
  for (const [message, numbers] of byMessage) warnings.push(`${numbers.length > 1 ? 'Factures' : 'Facture'} ${listFr(numbers)} : ${message}`);
  if (invoices.every((i) => i.remainingCents <= 0)) {
    throw new AppError('PRECONDITION', `Au ${formatDateFr(input.asOf)}, les factures choisies sont réglées : il ne reste rien à réclamer.`);
  }

  const paymentReference = ctx.db.prepare('SELECT reference FROM payments WHERE id = ?').pluck();
  const payments: DossierPayment[] = details
    .flatMap((d) => [
      ...d.allocations.map((a): DossierPayment => ({ kind: 'payment', date: a.date, invoiceNumber: d.invoice.number, method: PAYMENT_METHOD_LABELS[a.method], reference: (paymentReference.get(a.paymentId) as string | null | undefined) ?? null, amountCents: a.amountCents, afterFiling: a.date > input.asOf })),
      ...d.creditNotes.map((c): DossierPayment => ({ kind: 'credit_note', date: c.issueDate, invoiceNumber: d.invoice.number, method: `Avoir ${c.number}`, reference: c.reason, amountCents: c.amountCents, afterFiling: c.issueDate > input.asOf })),
    ])
    .sort((a, b) => a.date.localeCompare(b.date) || a.invoiceNumber.localeCompare(b.invoiceNumber));
  // The claim.
  const business = client.kind === 'business';
  const costs: DossierCost[] = input.caseId
    ? (ctx.db.prepare('SELECT label, cost_date, amount_cents FROM case_costs WHERE case_id = ? AND recoverable = 1 ORDER BY cost_date, id').all(input.caseId) as { label: string; cost_date: IsoDate; amount_cents: number }[]).map((c) => ({
        label: c.label,
        date: c.cost_date,
        amountCents: c.amount_cents as Cents,
      }))
    : [];
  const principalCents = sum(invoices.map((i) => i.remainingCents));
  const interestCents = sum(invoices.map((i) => i.interest.amountCents));
  const indemnityCents = sum(invoices.map((i) => i.indemnityCents));
  const costsCents = sum(costs.map((c) => c.amountCents));
  const claim: DossierClaim = {
    principalCents,
    interestCents,
    interestTitle: business
      ? invoices.some((i) => i.interest.kind === 'contractual')
        ? 'Pénalités de retard (art. L441-10 du Code de commerce et conditions de paiement)'
        : 'Pénalités de retard (art. L441-10 du Code de commerce)'
      : 'Intérêts au taux légal (art. 1231-6 et 1344-1 du Code civil)',
    interestLines: invoices.filter((i) => i.remainingCents > 0 || i.interest.amountCents > 0).map((i) => `${i.interest.summary}${i.interest.amountCents > 0 ? `, arrêtés au ${formatDateFr(input.asOf)} : ${money(i.interest.amountCents)}` : ''}`),
    indemnityCount: invoices.filter((i) => i.indemnityCents > 0).length,
    indemnityCents,
    penaltyClauseCents: 0 as Cents,
    costs,
    costsCents,
    totalCents: (principalCents + interestCents + indemnityCents + costsCents) as Cents,
  };

  // The basis of the claim.
  const refOf = (kinds: DossierPieceKind[]) => piecesRef(pieces.filter((p) => kinds.includes(p.kind)).map((p) => p.number));
  const invoiceNumbers = invoices.map((i) => i.number);
  const basis = [
    `Facture${invoices.length > 1 ? 's' : ''} impayée${invoices.length > 1 ? 's' : ''} n° ${listFr(invoiceNumbers)}, au titre des ventes et prestations fournies au débiteur (${refOf(['invoice'])})`,
  ];
  const contractRef = refOf(['contract', 'purchase_order']);
  if (contractRef) basis.push(`Commande et engagement du débiteur : contrat, devis accepté ou bon de commande (${contractRef})`);
  const deliveryRef = refOf(['delivery_note', 'receipt']);
  if (deliveryRef) basis.push(`Livraison ou exécution des prestations (${deliveryRef})`);
  const termsRef = refOf(['terms']);
  basis.push(termsRef ? `Conditions générales de vente (${termsRef})` : 'Conditions générales de vente et conditions de paiement figurant sur les factures');
  const ackRef = refOf(['payment_plan', 'acknowledgment']);
  if (ackRef) basis.push(`Reconnaissance de la dette par le débiteur (${ackRef})`);
  const noticeRef = refOf(['formal_notice', 'registered_receipt']);
  if (noticeRef) basis.push(`Mise en demeure restée sans effet (${noticeRef})`);
  basis.push(
    business
      ? 'Articles 1103 et 1231-6 du Code civil ; article L441-10 du Code de commerce (pénalités de retard) et article D441-5 du même code (indemnité forfaitaire pour frais de recouvrement de 40 €)'
      : 'Articles 1103, 1231-6 et 1344-1 du Code civil (force obligatoire du contrat ; intérêts au taux légal à compter de la mise en demeure)',
  );

  // Missing identity fields: asked for by the interface, « À compléter » on the requête.
  const creditor = creditorOf(company);
  const debtor = debtorOf(client);
  const missingFields = [
    ...creditor.fields.filter((f) => f.value === null).map((f) => ({ party: 'creditor' as const, key: f.key, label: f.label })),
    ...debtor.fields.filter((f) => f.value === null).map((f) => ({ party: 'debtor' as const, key: f.key, label: f.label })),
  ];
  const signatory =
    company.person.kind === 'natural'
      ? [company.person.firstNames, company.person.lastName?.toUpperCase()].filter(Boolean).join(' ') || null
      : company.signatoryName
        ? `${company.signatoryName}${company.signatoryTitle ? `, ${company.signatoryTitle}` : ''}`
        : company.representative;
  const place = townOf(company.address);
  if (!signatory) missingFields.push({ party: 'creditor', key: 'signatoryName', label: 'Signataire' });
  if (!place) missingFields.push({ party: 'creditor', key: 'address.5', label: 'Ville (« Fait à »)' });

  const label = courtLabel(court.kind, court.name);
  return {
    version: 1,
    asOf: input.asOf,
    clientId: client.id,
    caseId: input.caseId ?? null,
    invoiceIds: ids,
    court: { ...court, label, addressee: `À Monsieur le Président du ${label}` },
    cerfa: cerfaFor(court.kind),
    request1408: input.request1408?.court.trim() ? { court: input.request1408.court.trim() } : null,
    creditor,
    debtor,
    invoices,
    payments,
    claim,
    basis,
    pieces,
    chronology: chronologyOf(ctx, input, details),
    place,
    signatory,
    missing: missingFields.map((f) => `${f.party === 'creditor' ? 'Demandeur' : 'Débiteur'} : ${f.label.charAt(0).toLowerCase()}${f.label.slice(1)}`),
    missingFields,
    warnings,
  };
}

/** The model once the statement of account is archived: its pièce gets the file. */
export function withStatement(model: DossierModel, statement: DossierPieceFile): DossierModel {
  return {
    ...model,
    pieces: model.pieces.map((p) => (p.kind === 'statement' && p.file === null ? { ...p, note: null, file: statement } : p)),
  };
}
