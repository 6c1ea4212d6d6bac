// Collective procedures of a debtor (sauvegarde, redressement, liquidation judiciaire), recorded
// by the user, and the déclaration de créance to the mandataire (or liquidateur) judiciaire.
//
// - From the opening judgment no injonction de payer can be brought against the debtor
//   (https://jcl06.fr/opp): the claim is declared instead, within two months of the BODACC
//   publication of the judgment, two more for a creditor outside metropolitan France
//   (C. com. R622-24; shared/legal/advisor.ts claimDeclarationDeadline).
// - The declaration states the claim at the date of the opening judgment: principal split into
//   échu (due on or before the judgment) and à échoir (due after), interest and penalties counted
//   to the judgment date, 40 € indemnities (business); "à titre chirographaire" (no security).
//   Only claims born before the judgment are declared (delivery date, else issue date, on or
//   before it); disputed, factored and prescribed invoices are left out, as the advisor does.
// - The letter is archived (kind 'other', linked to the client and the invoices declared) and
//   enters the register of registered letters (registerFormalNotice) to be tracked when posted.
// Every write is one transaction with its audit line (entity 'client': the procedure is the
// client's, and the journal's entity list is closed).
import { normalizeAddress, printedLines, ADDRESS_LINE_MAX, ADDRESS_LINES } from '../../../shared/domain/address.js';
import { daysBetween, formatDateFr, formatDateLongFr, isIsoDate, type IsoDate } from '../../../shared/domain/dates.js';
import { cents, formatEuros } from '../../../shared/domain/money.js';
import { fold } from '../../../shared/domain/text.js';
import { formatSiren } from '../../../shared/validation.js';
import { claimDeclarationDeadline, COLLECTIVE_PROCEDURE_LABELS, type CollectiveProcedureKind } from '../../../shared/legal/advisor.js';
import type { CoreContext } from '../context.js';
import { AppError } from '../errors.js';
import { invoicePenalties } from '../legal.js';
import { archiveDocument, type ArchivedDocument } from '../letters.js';
import { registerFormalNotice } from '../register.js';
import type { ClaimDeclarationModel } from '../documents/ClaimDeclarationPdf.js';

export const COLLECTIVE_PROCEDURE_KINDS: readonly CollectiveProcedureKind[] = ['safeguard', 'reorganisation', 'liquidation'];

export interface CollectiveProcedureInput {
  clientId: number;
  kind: CollectiveProcedureKind;
  judgmentDate: IsoDate;
  bodaccDate?: IsoDate | null;
  /** "Tribunal de commerce de Lyon" */
  court?: string | null;
  /** "Maître Anne Durand" or "SELARL MJ Synergie" */
  mandataireName?: string | null;
  /** The mandataire's postal address, NF Z10-011 lines (≤ 38 characters), without its name. */
  mandataireAddress: string[];
  /** The creditor (the user) lives outside metropolitan France: two more months (R622-24). */
  creditorAbroad: boolean;
}

export type CollectiveProcedurePatch = { id: number } & Partial<Omit<CollectiveProcedureInput, 'clientId'>>;

export type { CollectiveProcedureView } from '../../../shared/legal/advisor.js';
import type { CollectiveProcedureView } from '../../../shared/legal/advisor.js';

interface ProcedureRow {
  id: number;
  client_id: number;
  client_name: string;
  kind: CollectiveProcedureKind;
  judgment_date: IsoDate;
  bodacc_date: IsoDate | null;
  court: string | null;
  mandataire_name: string | null;
  mandataire_address: string;
  creditor_abroad: number;
  declaration_document_id: number | null;
  ended_date: IsoDate | null;
  created_at: string;
}

const SELECT = `SELECT p.*, c.name AS client_name FROM collective_procedures p JOIN clients c ON c.id = p.client_id`;

function toView(ctx: CoreContext, r: ProcedureRow): CollectiveProcedureView {
  const today = ctx.clock.today();
  const deadline = claimDeclarationDeadline(r.bodacc_date, r.creditor_abroad === 1);
  return {
    id: r.id,
    clientId: r.client_id,
    clientName: r.client_name,
    kind: r.kind,
    kindLabel: COLLECTIVE_PROCEDURE_LABELS[r.kind],
    judgmentDate: r.judgment_date,
    bodaccDate: r.bodacc_date,
    court: r.court,
    mandataireName: r.mandataire_name,
    mandataireAddress: JSON.parse(r.mandataire_address) as string[],
    creditorAbroad: r.creditor_abroad === 1,
    declarationDocumentId: r.declaration_document_id,
    endedDate: r.ended_date,
    createdAt: r.created_at,
    inForce: r.ended_date === null || r.ended_date > today,
    deadline,
    daysLeft: deadline === null ? null : daysBetween(today, deadline),
  };
}

export function getCollectiveProcedure(ctx: CoreContext, id: number): CollectiveProcedureView {
  const row = ctx.db.prepare(`${SELECT} WHERE p.id = ?`).get(id) as ProcedureRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', 'Procédure collective introuvable : elle a peut-être été supprimée. Rechargez la page.');
  return toView(ctx, row);
}

/** A client's procedures, the latest judgment first. */
export function listCollectiveProcedures(ctx: CoreContext, clientId: number): CollectiveProcedureView[] {
  ctx.repos.clients.get(clientId); // NOT_FOUND for an unknown client
  const rows = ctx.db.prepare(`${SELECT} WHERE p.client_id = ? ORDER BY p.judgment_date DESC, p.id DESC`).all(clientId) as ProcedureRow[];
  return rows.map((r) => toView(ctx, r));
}

/** The procedure in force on `asOf` (opened on or before it, not ended by it), or null. */
export function collectiveProcedureInForce(ctx: CoreContext, clientId: number, asOf: IsoDate): CollectiveProcedureView | null {
  const row = ctx.db
    .prepare(`${SELECT} WHERE p.client_id = ? AND p.judgment_date <= ? AND (p.ended_date IS NULL OR p.ended_date > ?) ORDER BY p.judgment_date DESC, p.id DESC LIMIT 1`)
    .get(clientId, asOf, asOf) as ProcedureRow | undefined;
  return row ? toView(ctx, row) : null;
}

// ——— Checks ———

type Checked = Omit<CollectiveProcedureInput, 'clientId'> & { bodaccDate: IsoDate | null; court: string | null; mandataireName: string | null };

const trimOrNull = (v: string | null | undefined) => {
  const t = v?.replace(/\s+/g, ' ').trim() ?? '';
  return t === '' ? null : t;
};

/** The mandataire's address as printed lines: spaces folded, empty lines dropped, the last line (postcode and town) in capitals without accents. */
function addressLines(lines: readonly string[]): string[] {
  const printed = lines.map((l) => l.replace(/\s+/g, ' ').trim()).filter((l) => l !== '');
  if (printed.length > 0) printed[printed.length - 1] = normalizeAddress(['', '', '', '', '', printed.at(-1)!])[5];
  return printed;
}

function check(ctx: CoreContext, input: Checked): Checked {
  const today = ctx.clock.today();
  const fields: Record<string, string> = {};
  if (!COLLECTIVE_PROCEDURE_KINDS.includes(input.kind)) fields.kind = 'Choisissez sauvegarde, redressement judiciaire ou liquidation judiciaire.';
  if (!isIsoDate(input.judgmentDate)) fields.judgmentDate = 'Date du jugement d’ouverture invalide.';
  else if (input.judgmentDate > today) fields.judgmentDate = 'Le jugement d’ouverture ne peut pas être daté dans le futur.';
  if (input.bodaccDate !== null) {
    if (!isIsoDate(input.bodaccDate)) fields.bodaccDate = 'Date de publication au BODACC invalide.';
    else if (input.bodaccDate > today) fields.bodaccDate = 'La publication au BODACC ne peut pas être datée dans le futur.';
    else if (isIsoDate(input.judgmentDate) && input.bodaccDate < input.judgmentDate) fields.bodaccDate = 'La publication au BODACC ne peut précéder le jugement d’ouverture.';
  }
  const lines = addressLines(input.mandataireAddress);
  const long = lines.findIndex((l) => l.length > ADDRESS_LINE_MAX);
  if (long >= 0) fields.mandataireAddress = `Ligne ${long + 1} : ${lines[long]!.length} caractères, la norme postale en permet ${ADDRESS_LINE_MAX} au plus.`;
  else if (input.mandataireName && input.mandataireName.length > ADDRESS_LINE_MAX) fields.mandataireName = `${input.mandataireName.length} caractères : le nom s’imprime sur une ligne de l’adresse, ${ADDRESS_LINE_MAX} au plus.`;
  else if (recipientLines(input.mandataireName, lines).length > ADDRESS_LINES) fields.mandataireAddress = `${ADDRESS_LINES} lignes au plus, nom du mandataire compris (norme NF Z10-011).`;
  if (Object.keys(fields).length) throw new AppError('VALIDATION', Object.values(fields)[0]!, fields);
  return { ...input, mandataireAddress: lines };
}

/** The lines in the envelope window: the mandataire's name, then the address (unless it starts with the name). */
function recipientLines(name: string | null, address: readonly string[]): string[] {
  if (!name) return [...address];
  return address.length > 0 && fold(address[0]!) === fold(name) ? [...address] : [name, ...address];
}

function normalized(input: Omit<CollectiveProcedureInput, 'clientId'>): Checked {
  return {
    kind: input.kind,
    judgmentDate: input.judgmentDate,
    bodaccDate: input.bodaccDate ?? null,
    court: trimOrNull(input.court),
    mandataireName: trimOrNull(input.mandataireName),
    mandataireAddress: input.mandataireAddress ?? [],
    creditorAbroad: Boolean(input.creditorAbroad),
  };
}

function summaryOf(v: { kind: CollectiveProcedureKind; judgmentDate: IsoDate; bodaccDate: IsoDate | null }, clientName: string): string {
  return `Procédure de ${COLLECTIVE_PROCEDURE_LABELS[v.kind]} de « ${clientName} » (jugement du ${formatDateFr(v.judgmentDate)}${v.bodaccDate ? `, BODACC du ${formatDateFr(v.bodaccDate)}` : ''})`;
}

// ——— Writes ———

export function recordCollectiveProcedure(ctx: CoreContext, input: CollectiveProcedureInput): CollectiveProcedureView {
  const client = ctx.repos.clients.get(input.clientId);
  if (client.kind === 'consumer') {
    throw new AppError(
      'PRECONDITION',
      `« ${client.name} » est un particulier : la sauvegarde, le redressement et la liquidation judiciaires visent les professionnels. Si c’est un professionnel, corrigez d’abord sa fiche.`,
    );
  }
  const v = check(ctx, normalized(input));
  const id = ctx.db.transaction(() => {
    const open = collectiveProcedureInForce(ctx, input.clientId, ctx.clock.today());
    if (open) {
      throw new AppError(
        'CONFLICT',
        `Une procédure de ${open.kindLabel} est déjà en cours pour « ${client.name} » (jugement du ${formatDateFr(open.judgmentDate)}) : modifiez-la (conversion) ou clôturez-la d’abord.`,
      );
    }
    const newId = Number(
      ctx.db
        .prepare(
          `INSERT INTO collective_procedures (client_id, kind, judgment_date, bodacc_date, court, mandataire_name, mandataire_address, creditor_abroad, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(input.clientId, v.kind, v.judgmentDate, v.bodaccDate, v.court, v.mandataireName, JSON.stringify(v.mandataireAddress), v.creditorAbroad ? 1 : 0, ctx.clock.now()).lastInsertRowid,
    );
    ctx.repos.audit.append({ entity: 'client', entityId: input.clientId, action: 'update', summary: `${summaryOf(v, client.name)} enregistrée`, after: { procedureId: newId, ...v } });
    return newId;
  })();
  return getCollectiveProcedure(ctx, id);
}

/** Changes what was recorded (a BODACC date that came out, the mandataire, a conversion into liquidation…). */
export function updateCollectiveProcedure(ctx: CoreContext, patch: CollectiveProcedurePatch): CollectiveProcedureView {
  const before = getCollectiveProcedure(ctx, patch.id);
  if (before.endedDate !== null) throw new AppError('PRECONDITION', `Cette procédure est close depuis le ${formatDateFr(before.endedDate)} : elle ne peut plus être modifiée.`);
  const merged = normalized({
    kind: patch.kind ?? before.kind,
    judgmentDate: patch.judgmentDate ?? before.judgmentDate,
    bodaccDate: patch.bodaccDate !== undefined ? patch.bodaccDate : before.bodaccDate,
    court: patch.court !== undefined ? patch.court : before.court,
    mandataireName: patch.mandataireName !== undefined ? patch.mandataireName : before.mandataireName,
    mandataireAddress: patch.mandataireAddress ?? before.mandataireAddress,
    creditorAbroad: patch.creditorAbroad ?? before.creditorAbroad,
  });
  const v = check(ctx, merged);
  ctx.db.transaction(() => {
    ctx.db
      .prepare(
        `UPDATE collective_procedures SET kind = ?, judgment_date = ?, bodacc_date = ?, court = ?, mandataire_name = ?, mandataire_address = ?, creditor_abroad = ? WHERE id = ?`,
      )
      .run(v.kind, v.judgmentDate, v.bodaccDate, v.court, v.mandataireName, JSON.stringify(v.mandataireAddress), v.creditorAbroad ? 1 : 0, patch.id);
    ctx.repos.audit.append({ entity: 'client', entityId: before.clientId, action: 'update', summary: `${summaryOf(v, before.clientName)} modifiée`, before, after: { procedureId: patch.id, ...v } });
  })();
  return getCollectiveProcedure(ctx, patch.id);
}

/** The procedure ends (plan adopted and completed, closure of the liquidation…) on `date`. */
export function endCollectiveProcedure(ctx: CoreContext, id: number, date: IsoDate): CollectiveProcedureView {
  const before = getCollectiveProcedure(ctx, id);
  if (before.endedDate !== null) throw new AppError('PRECONDITION', `Cette procédure est déjà close depuis le ${formatDateFr(before.endedDate)}.`);
  if (!isIsoDate(date)) throw new AppError('VALIDATION', 'Date de clôture invalide.', { date: 'Date invalide.' });
  if (date > ctx.clock.today()) throw new AppError('VALIDATION', 'La clôture ne peut pas être datée dans le futur.', { date: 'Date future.' });
  if (date < before.judgmentDate) {
    throw new AppError('VALIDATION', `La clôture ne peut précéder le jugement d’ouverture du ${formatDateFr(before.judgmentDate)}.`, { date: 'Antérieure au jugement.' });
  }
  ctx.db.transaction(() => {
    ctx.db.prepare('UPDATE collective_procedures SET ended_date = ? WHERE id = ?').run(date, id);
    ctx.repos.audit.append({ entity: 'client', entityId: before.clientId, action: 'update', summary: `${summaryOf(before, before.clientName)} close le ${formatDateFr(date)}`, before, after: { procedureId: id, endedDate: date } });
  })();
  return getCollectiveProcedure(ctx, id);
}

// ——— The déclaration de créance ———

/** Who receives the declaration: the liquidateur in a liquidation, else the mandataire judiciaire. */
export function recipientRole(kind: CollectiveProcedureKind): string {
  return kind === 'liquidation' ? 'liquidateur judiciaire' : 'mandataire judiciaire';
}

/** What the declaration says, from the procedure and the books; `invoiceIds` are the invoices declared. */
export function claimDeclarationModel(ctx: CoreContext, procedureId: number, asOf: IsoDate): { model: ClaimDeclarationModel; invoiceIds: number[] } {
  const company = ctx.repos.company.get();
  if (!company) throw new AppError('PRECONDITION', 'Renseignez d’abord votre entreprise (Paramètres) : elle est le créancier qui déclare.');
  const proc = getCollectiveProcedure(ctx, procedureId);
  if (proc.endedDate !== null && proc.endedDate <= asOf) throw new AppError('PRECONDITION', `Cette procédure est close depuis le ${formatDateFr(proc.endedDate)} : plus de déclaration à faire.`);
  const role = recipientRole(proc.kind);
  if (!proc.mandataireName || proc.mandataireAddress.length === 0) {
    throw new AppError('PRECONDITION', `Renseignez d’abord le nom et l’adresse du ${role} (publiés au BODACC avec le jugement) : la déclaration lui est adressée.`);
  }
  const client = ctx.repos.clients.get(proc.clientId);
  const rows = ctx.db
    .prepare(
      `SELECT id, number, issue_date, delivery_date, due_date, amount_ttc_cents - paid_cents - credited_cents AS remaining
       FROM invoices WHERE client_id = ? AND written_off = 0 AND open_disputes = 0 AND financing IS NOT 'factored'
         AND amount_ttc_cents > paid_cents + credited_cents AND COALESCE(delivery_date, issue_date) <= ?
       ORDER BY due_date, number`,
    )
    .all(proc.clientId, proc.judgmentDate) as { id: number; number: string; issue_date: IsoDate; delivery_date: IsoDate | null; due_date: IsoDate; remaining: number }[];
  const invoices: ClaimDeclarationModel['invoices'] = [];
  const invoiceIds: number[] = [];
  for (const r of rows) {
    // Interest and penalties are counted to the opening judgment; the principal is what is still owed.
    const { statement, prescription } = invoicePenalties(ctx, r.id, proc.judgmentDate);
    if (asOf > prescription.expiresOn) continue; // time-barred: left out, as the advisor does
    const due = r.due_date <= proc.judgmentDate;
    const principal = cents(r.remaining);
    const interest = due ? statement.interestCents : cents(0);
    const indemnity = due ? statement.indemnityCents : cents(0);
    invoices.push({ number: r.number, issueDate: r.issue_date, dueDate: r.due_date, due, principalCents: principal, interestCents: interest, indemnityCents: indemnity, totalCents: cents(principal + interest + indemnity) });
    invoiceIds.push(r.id);
  }
  if (invoices.length === 0) {
    throw new AppError('PRECONDITION', `« ${client.name} » n’a aucune facture à déclarer : aucune créance ouverte, non contestée et non prescrite, née avant le jugement du ${formatDateFr(proc.judgmentDate)}.`);
  }
  const sum = (f: (i: ClaimDeclarationModel['invoices'][number]) => number, only?: boolean) =>
    cents(invoices.filter((i) => only === undefined || i.due === only).reduce((s, i) => s + f(i), 0));
  const totals = {
    duePrincipalCents: sum((i) => i.principalCents, true),
    dueInterestCents: sum((i) => i.interestCents, true),
    dueIndemnityCents: sum((i) => i.indemnityCents, true),
    dueTotalCents: sum((i) => i.totalCents, true),
    futurePrincipalCents: sum((i) => i.principalCents, false),
    totalCents: sum((i) => i.totalCents),
  };
  const city = /^\d{5}\s+(.+)$/.exec(company.address[5] ?? '')?.[1]?.replace(/\s+CEDEX.*$/i, '') ?? null;
  const place = city ? `${city.charAt(0)}${city.slice(1).toLowerCase()}` : null;
  const deadline = proc.deadline;
  const deadlineText =
    deadline !== null
      ? `au plus tard le ${formatDateFr(deadline)} : deux mois à compter de la publication du jugement d’ouverture au BODACC le ${formatDateFr(proc.bodaccDate)}` +
        `${proc.creditorAbroad ? ', augmentés de deux mois pour un créancier demeurant hors de France métropolitaine' : ''} (article R622-24 du Code de commerce)`
      : `deux mois à compter de la publication du jugement d’ouverture au BODACC${proc.creditorAbroad ? ', augmentés de deux mois pour un créancier demeurant hors de France métropolitaine' : ''} (article R622-24 du Code de commerce) ; publication non encore relevée à la date de la présente`;
  const legalLine = (form: string | null, siren: string | null, rcs?: string | null) =>
    [form, siren ? `SIREN ${formatSiren(siren)}` : null, rcs ? `RCS ${rcs.replace(/^RCS\s+/i, '')}` : null].filter(Boolean).join(' · ');
  const model: ClaimDeclarationModel = {
    date: asOf,
    dateLine: `${place ? `${place}, le ` : 'Le '}${formatDateLongFr(asOf)}`,
    place,
    registeredLine: 'Lettre recommandée avec accusé de réception',
    creditor: {
      name: company.name,
      legalLine: legalLine(company.legalForm, company.siren, company.rcsCity),
      addressLines: printedLines(company.address),
      contactLine: [company.phone, company.email].filter(Boolean).join(' · '),
      representedBy: company.representative,
      signatory: [company.signatoryName, company.signatoryTitle].filter((v): v is string => Boolean(v)),
    },
    recipientLines: recipientLines(proc.mandataireName, proc.mandataireAddress),
    recipientRole: role,
    debtor: { name: client.name, legalLine: legalLine(client.legalForm, client.siren), addressLines: printedLines(client.address) },
    procedure: { kindLabel: proc.kindLabel, court: proc.court, judgmentDate: proc.judgmentDate, bodaccDate: proc.bodaccDate },
    deadline: { date: deadline, text: deadlineText },
    invoices,
    totals,
    pieces: [
      `Copie ${invoices.length > 1 ? `des ${invoices.length} factures` : 'de la facture'} n° ${invoices.map((i) => i.number).join(', ')}`,
      `Relevé de compte de ${client.name} au ${formatDateFr(asOf)}`,
    ],
    certification: 'Je certifie sincère et véritable la présente déclaration de créance.',
  };
  return { model, invoiceIds };
}

/**
 * Renders the déclaration de créance, archives it (kind 'other', linked to the client and the
 * invoices declared), records it on the procedure and enters it into the register of registered
 * letters, all in one transaction.
 */
export async function generateClaimDeclaration(ctx: CoreContext, procedureId: number, asOf: IsoDate): Promise<ArchivedDocument> {
  const { model, invoiceIds } = claimDeclarationModel(ctx, procedureId, asOf);
  const proc = getCollectiveProcedure(ctx, procedureId);
  const { renderClaimDeclaration } = await import('../documents/ClaimDeclarationPdf.js');
  const content = await renderClaimDeclaration(model, ctx.repos.settings.get().letterWindow, ctx.repos.company.get()?.logo ?? null);
  const slug = fold(proc.clientName).replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return ctx.db.transaction(() => {
    const doc = archiveDocument(ctx, {
      clientId: proc.clientId,
      kind: 'other',
      title: `Déclaration de créance — ${proc.clientName} — ${asOf}`,
      fileName: `declaration-creance-${slug}-${asOf}.pdf`,
      content,
      invoiceIds,
    });
    ctx.db.prepare('UPDATE collective_procedures SET declaration_document_id = ? WHERE id = ?').run(doc.id, procedureId);
    // Sent by registered letter: it enters the register, to be posted and tracked.
    registerFormalNotice(ctx, doc.id, proc.clientId);
    ctx.repos.audit.append({
      entity: 'client',
      entityId: proc.clientId,
      action: 'update',
      summary: `Déclaration de créance de ${formatEuros(model.totals.totalCents)} établie (${summaryOf(proc, proc.clientName)})`,
      after: { procedureId, documentId: doc.id, totalCents: model.totals.totalCents, invoiceIds },
    });
    return doc;
  })();
}

