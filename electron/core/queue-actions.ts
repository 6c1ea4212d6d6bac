// Doing (or skipping) a line of today's queue: the letter or e-mail is generated from the letter
// templates and archived, a call records its outcome (a promise or a dispute is created on the
// invoices, a call-back date holds the client), and every action goes to the client's history.
// The line is recomputed here from the books, never taken from the caller.
import { addDays, formatDateFr, type IsoDate } from '../../shared/domain/dates.js';
import { formatEuros } from '../../shared/domain/money.js';
import type { LetterType } from '../../shared/documents/letter-model.js';
import type { ActionResult, EmailOutcome, QueueLine, SmsOutcome } from '../../shared/domain/scenarios.js';
import type { CoreContext } from './context.js';
import { AppError } from './errors.js';
import { renderLettersOffThread } from './documents/pdf-worker.js';
import { archiveDocument, documentContent, generateOneLetter, letterModelFor, mergeDocuments, type ArchivedDocument } from './letters.js';
import { buildQueue } from '../../shared/domain/scenarios.js';
import type { CallOutcome } from '../../shared/domain/scenarios.js';
import { queuePlanHolds } from './payment-plans.js';
import { paymentBehaviour } from './reports/payment-behaviour.js';
import { queueFacts, recordAction, type GradeOf, type PlanHolds } from './queue.js';

export interface CallReport {
  outcome: CallOutcome;
  /** promise: the date promised (the whole remaining amount of the line's invoices). */
  promisedDate?: IsoDate | undefined;
  /** dispute: what the client contests. */
  disputeReason?: string | undefined;
  /** call_back: when to call again. */
  callBackDate?: IsoDate | undefined;
  note?: string | undefined;
}

export interface ActionRequest {
  clientId: number;
  /** The step the user saw (its offset): refused if the queue has moved on since. */
  stepOffset: number;
  asOf: IsoDate;
  decision: 'do' | 'skip';
  call?: CallReport | undefined;
  note?: string | undefined;
}

export interface QueueOptions {
  gradeOf?: GradeOf;
  plans?: PlanHolds;
}

/**
 * What the queue needs besides the facts: each client's payment grade (its scenario depends on
 * it) and the payment plans that hold reminders. For one client's action, @clientId: that
 * client's grade alone (the whole book's takes 1.5 s at a million invoices).
 */
export function queueOptions(ctx: CoreContext, asOf: IsoDate, clientId?: number): QueueOptions {
  const behaviour = paymentBehaviour(ctx.db, asOf, clientId);
  return { gradeOf: (id) => behaviour.get(id)?.score.grade ?? 'B', plans: queuePlanHolds(ctx, asOf) };
}

/** Today's line for one client (recomputed), or a clear error when there is none any more. */
export function currentLine(ctx: CoreContext, clientId: number, asOf: IsoDate, options: QueueOptions = {}): QueueLine {
  const { lines } = buildQueue(queueFacts(ctx, asOf, { ...options, clientId }), asOf);
  const line = lines[0];
  if (!line) throw new AppError('PRECONDITION', `Plus rien à faire aujourd’hui pour « ${ctx.repos.clients.get(clientId).name} » : la file a changé (paiement, litige, action déjà faite). Actualisez.`);
  return line;
}

const TEMPLATE_FOR_TONE: Record<QueueLine['step']['tone'], LetterType> = { courteous: 'friendly_reminder', firm: 'firm_reminder', formal: 'formal_notice' };

export async function performAction(ctx: CoreContext, request: ActionRequest, options: QueueOptions = {}): Promise<ActionResult> {
  const line = currentLine(ctx, request.clientId, request.asOf, options);
  if (line.step.offsetDays !== request.stepOffset) {
    throw new AppError('PRECONDITION', `L’étape proposée pour « ${line.clientName} » a changé (J${line.step.offsetDays >= 0 ? '+' : ''}${line.step.offsetDays}) : actualisez la file.`);
  }
  const invoiceIds = line.invoices.map((i) => i.id);
  const base = { clientId: line.clientId, invoiceIds, step: line.step, channel: line.step.channel, scenarioId: line.scenarioId, scenarioName: line.scenarioName, date: request.asOf };
  if (request.decision === 'skip') {
    const actionId = recordAction(ctx, { ...base, status: 'skipped', note: request.note ?? null });
    return { actionId, line, document: null, email: null, sms: null };
  }
  const template = line.step.template ?? TEMPLATE_FOR_TONE[line.step.tone];
  switch (line.step.channel) {
    case 'letter':
    case 'registered_letter': {
      const document = await generateOneLetter(ctx, line.clientId, line.step.channel === 'registered_letter' ? 'formal_notice' : template, request.asOf, invoiceIds);
      const actionId = recordAction(ctx, { ...base, status: 'done', documentId: document.id, note: request.note ?? null });
      return { actionId, line, document, email: null, sms: null };
    }
    case 'email': {
      emailRecipient(ctx, line); // refused before anything is archived
      const document = await generateOneLetter(ctx, line.clientId, template, request.asOf, invoiceIds);
      const email = await emailLetter(ctx, line, template, document, request.asOf);
      const actionId = recordAction(ctx, { ...base, status: 'done', documentId: document.id, note: [request.note, email.warning].filter(Boolean).join(' — ') || null });
      ctx.db
        .prepare('INSERT INTO sent_messages (action_id, client_id, transport, message_id, recipient, subject, sent_at, response) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(actionId, line.clientId, email.transport, email.messageId, email.recipient, email.subject, ctx.clock.now(), email.warning ?? null);
      return { actionId, line, document, email, sms: null };
    }
    case 'sms': {
      const sms = await smsFor(ctx, line, request.asOf);
      const actionId = recordAction(ctx, { ...base, status: 'done', note: request.note ?? null });
      return { actionId, line, document: null, email: null, sms };
    }
    case 'phone': {
      const call = request.call;
      if (!call) throw new AppError('VALIDATION', 'Indiquez l’issue de l’appel.', { outcome: 'Issue : obligatoire.' });
      const actionId = ctx.db.transaction(() => {
        if (call.outcome === 'promise') {
          if (!call.promisedDate || call.promisedDate < request.asOf) throw new AppError('VALIDATION', 'Date promise : une date à venir.', { promisedDate: 'Date promise : obligatoire, à venir.' });
          for (const invoice of line.invoices) {
            ctx.repos.ledger.createPromise({ invoiceId: invoice.id, madeDate: request.asOf, promisedDate: call.promisedDate, amountCents: invoice.remainingCents, note: `Promesse au téléphone${call.note ? ` : ${call.note}` : ''}` });
          }
        } else if (call.outcome === 'dispute') {
          if (!call.disputeReason?.trim()) throw new AppError('VALIDATION', 'Motif du litige : obligatoire.', { disputeReason: 'Motif : obligatoire.' });
          for (const invoice of line.invoices) ctx.repos.ledger.openDispute({ invoiceId: invoice.id, reason: call.disputeReason.trim(), openedDate: request.asOf });
        } else if (call.outcome === 'call_back') {
          if (!call.callBackDate || call.callBackDate <= request.asOf) throw new AppError('VALIDATION', 'Date de rappel : une date à venir.', { callBackDate: 'Date de rappel : obligatoire, à venir.' });
        }
        return recordAction(ctx, {
          ...base,
          status: 'done',
          outcome: call.outcome,
          outcomeDate: call.outcome === 'promise' ? call.promisedDate : call.outcome === 'call_back' ? call.callBackDate : null,
          note: [call.outcome === 'dispute' ? call.disputeReason : null, call.note, request.note].filter(Boolean).join(' — ') || null,
        });
      })();
      return { actionId, line, document: null, email: null, sms: null };
    }
  }
}

/** The contact a step addresses: its role first, then accounting, then anyone with the means. */
function contactFor(ctx: CoreContext, clientId: number, role: string, has: 'email' | 'phone') {
  const contacts = ctx.repos.clients.get(clientId).contacts.filter((c) => c[has]);
  return contacts.find((c) => c.role === role) ?? contacts.find((c) => c.role === 'accounting') ?? contacts[0] ?? null;
}

/** The contact an e-mail step goes to and the sender, or a clear error (checked before anything is written). */
function emailRecipient(ctx: CoreContext, line: QueueLine) {
  const contact = contactFor(ctx, line.clientId, line.step.contactRole, 'email');
  if (!contact?.email) {
    throw new AppError('PRECONDITION', `« ${line.clientName} » n’a aucun contact avec une adresse e-mail : ajoutez-en un sur sa fiche, ou passez l’étape.`);
  }
  const company = ctx.repos.company.get();
  if (!company) throw new AppError('PRECONDITION', 'Renseignez d’abord votre entreprise (Paramètres) : elle signe chaque relance.');
  const smtp = ctx.preferences.get().smtp;
  const fromAddress = smtp.fromAddress || company.email || '';
  if (!fromAddress) throw new AppError('PRECONDITION', 'Renseignez l’adresse e-mail de votre entreprise (Paramètres) : elle est l’expéditeur des relances.');
  return { contact: { name: contact.name, email: contact.email }, company, smtp, fromAddress };
}

async function emailLetter(ctx: CoreContext, line: QueueLine, template: LetterType, document: ArchivedDocument, asOf: IsoDate): Promise<EmailOutcome> {
  const { contact, company, smtp, fromAddress } = emailRecipient(ctx, line);
  const { model } = letterModelFor(ctx, line.clientId, template, asOf, line.invoices.map((i) => i.id));
  const { buildReminderEmail } = await import('./messaging/email.js');
  const message = {
    from: { name: smtp.fromName || company.name, address: fromAddress },
    to: { name: contact.name, address: contact.email },
    subject: model.subject,
    text: [...model.paragraphs, ...model.creditor.signatory, company.name].join('\n\n'),
    attachments: [{ fileName: document.fileName, content: documentContent(ctx, document.id).content, contentType: 'application/pdf' }],
    date: new Date(ctx.clock.now()),
    messageIdDomain: fromAddress.split('@')[1] ?? 'recouvra.local',
  };
  const built = await buildReminderEmail(message);
  const eml = { fileName: document.fileName.replace(/\.pdf$/, '.eml'), base64: built.eml.toString('base64') };
  if (!smtp.enabled) return { transport: 'eml', messageId: built.messageId, recipient: contact.email, subject: model.subject, eml };
  const { sendEmail } = await import('./messaging/smtp.js');
  try {
    const sent = await sendEmail(smtp, { ...message, messageId: built.messageId });
    return { transport: 'smtp', messageId: sent.messageId, recipient: contact.email, subject: model.subject };
  } catch (error) {
    // No network, server down: nothing fails, the message is handed out to send by hand.
    return { transport: 'eml', messageId: built.messageId, recipient: contact.email, subject: model.subject, eml, warning: `Envoi SMTP impossible (${(error as Error).message}) : message à envoyer depuis votre messagerie.` };
  }
}

async function smsFor(ctx: CoreContext, line: QueueLine, asOf: IsoDate): Promise<SmsOutcome> {
  const { smsInfo, smsText } = await import('../../shared/domain/sms.js');
  const company = ctx.repos.company.get();
  const contact = contactFor(ctx, line.clientId, line.step.contactRole, 'phone');
  const { model } = letterModelFor(ctx, line.clientId, 'friendly_reminder', asOf, line.invoices.map((i) => i.id));
  const text = smsText({
    companyName: company?.name ?? '',
    clientName: line.clientName,
    totalDue: formatEuros(model.totals.remainingCents),
    dueInvoices: line.invoices.length,
    reference: model.creditor.paymentLine.replace(/^.*Référence à rappeler : /, ''),
    tone: line.step.tone,
  });
  const info = smsInfo(text);
  return { phone: contact?.phone ?? null, text, characters: info.characters, segments: info.segments, encoding: info.encoding };
}

/**
 * The declaration of a threatened loss (menace de sinistre) to the credit insurer for one insured
 * invoice: a letter to the insurer (Paramètres → Assurance-crédit) naming the policy, the debtor
 * and the invoice, archived with the client's documents and recorded in its history.
 */
export async function declareToInsurer(ctx: CoreContext, invoiceId: number, asOf: IsoDate): Promise<ArchivedDocument> {
  const insurance = ctx.repos.settings.get().creditInsurance;
  const detail = ctx.repos.ledger.detail(invoiceId);
  if (detail.invoice.financing !== 'insured') throw new AppError('PRECONDITION', `La facture ${detail.invoice.number} n’est pas marquée comme assurée.`);
  if (!insurance.insurerName || insurance.insurerAddress.filter((l) => l.trim()).length === 0) {
    throw new AppError('PRECONDITION', 'Renseignez l’assureur-crédit (nom et adresse) et le numéro de police dans Paramètres → Assurance-crédit.');
  }
  const client = ctx.repos.clients.get(detail.invoice.clientId);
  const { model: base } = letterModelFor(ctx, client.id, 'statement', asOf, [invoiceId]);
  const debtor = [client.name, client.siren ? `SIREN ${client.siren}` : null, ...client.address.filter((l) => l.trim() && l.trim().toUpperCase() !== client.name.toUpperCase())].filter(Boolean).join(', ');
  const deadline = addDays(detail.invoice.dueDate, insurance.declarationDays);
  const model = {
    ...base,
    title: 'Déclaration de menace de sinistre',
    subject: `Déclaration de menace de sinistre${insurance.policyNumber ? ` — police n° ${insurance.policyNumber}` : ''} — ${client.name}`,
    debtorAddressLines: [insurance.insurerName, ...insurance.insurerAddress.filter((l) => l.trim())],
    paragraphs: [
      'Madame, Monsieur,',
      `Au titre de notre contrat d’assurance-crédit${insurance.policyNumber ? ` n° ${insurance.policyNumber}` : ''}, nous vous déclarons une menace de sinistre sur le débiteur suivant : ${debtor}.`,
      `La facture ci-dessous, échue le ${formatDateFr(detail.invoice.dueDate)}, reste impayée malgré nos relances. Le délai de déclaration prévu par la police expire le ${formatDateFr(deadline)}.`,
      'Nous tenons à votre disposition les pièces justificatives (facture, bon de commande, relances et mise en demeure le cas échéant) et vous remercions de nous indiquer la suite que vous entendez donner à ce dossier.',
      'Nous vous prions d’agréer, Madame, Monsieur, nos salutations distinguées.',
    ],
    deadline: null,
    registeredLine: null,
  };
  const content = await renderLettersOffThread([model], ctx.repos.settings.get().letterWindow, ctx.repos.company.get()?.logo ?? null);
  const document = archiveDocument(ctx, {
    clientId: client.id,
    kind: 'other',
    title: `Déclaration à l’assureur — ${client.name} — ${detail.invoice.number} — ${asOf}`,
    fileName: `declaration-assureur-${detail.invoice.number.replace(/[^A-Za-z0-9-]+/g, '-')}-${asOf}.pdf`,
    content,
    invoiceIds: [invoiceId],
  });
  recordAction(ctx, { clientId: client.id, invoiceIds: [invoiceId], step: null, channel: 'insurer_declaration', scenarioName: null, date: asOf, status: 'done', documentId: document.id });
  return document;
}

/**
 * The office manager's morning batch: every letter action of today's queue (courriers and formal
 * notices), each generated, archived and recorded as done, then merged into one PDF to print.
 */
export async function queueLetters(
  ctx: CoreContext,
  asOf: IsoDate,
  options: QueueOptions = {},
  hooks: { onProgress?: (done: number, total: number) => void } = {},
): Promise<{ documents: ArchivedDocument[]; merged: Buffer; fileName: string }> {
  const { lines } = buildQueue(queueFacts(ctx, asOf, options), asOf);
  const letters = lines.filter((l) => l.step.channel === 'letter' || l.step.channel === 'registered_letter');
  const documents: ArchivedDocument[] = [];
  for (const [n, line] of letters.entries()) {
    const result = await performAction(ctx, { clientId: line.clientId, stepOffset: line.step.offsetDays, asOf, decision: 'do' }, options);
    if (result.document) documents.push(result.document);
    hooks.onProgress?.(n + 1, letters.length);
  }
  const merged = documents.length ? await mergeDocuments(ctx, documents.map((d) => d.id)) : Buffer.alloc(0);
  return { documents, merged, fileName: `courriers-du-jour-${asOf}.pdf` };
}

/**
 * The SMS of the day's queue as a CSV for an SMS service (phone in E.164, name, text, length).
 * Preparing them does not record them as done: the user does that from each line once sent.
 */
export async function queueSmsCsv(ctx: CoreContext, asOf: IsoDate, options: QueueOptions = {}): Promise<{ fileName: string; csv: string; exported: number; rejected: { name: string; reason: string }[] }> {
  const { lines } = buildQueue(queueFacts(ctx, asOf, options), asOf);
  const rows = [];
  for (const line of lines.filter((l) => l.step.channel === 'sms')) {
    const sms = await smsFor(ctx, line, asOf);
    rows.push({ phone: sms.phone ?? '', name: line.clientName, text: sms.text });
  }
  const { smsCsv } = await import('./messaging/sms-export.js');
  const result = smsCsv(rows);
  return { fileName: `sms-${asOf}.csv`, csv: result.csv, exported: result.exported, rejected: result.rejected.map((r) => ({ name: r.name, reason: r.reason })) };
}

/**
 * Runs every step of the day that does not wait for validation (e-mails, letters, SMS: calls
 * always need someone): each one done as from its line. A line that cannot be done (no e-mail
 * address…) is reported and the others go on.
 */
export async function runAutomatic(ctx: CoreContext, asOf: IsoDate, options: QueueOptions = {}): Promise<{ results: ActionResult[]; failures: { clientId: number; clientName: string; message: string }[] }> {
  const { lines } = buildQueue(queueFacts(ctx, asOf, options), asOf);
  const results: ActionResult[] = [];
  const failures: { clientId: number; clientName: string; message: string }[] = [];
  for (const line of lines.filter((l) => !l.step.needsValidation && l.step.channel !== 'phone')) {
    try {
      results.push(await performAction(ctx, { clientId: line.clientId, stepOffset: line.step.offsetDays, asOf, decision: 'do' }, options));
    } catch (error) {
      failures.push({ clientId: line.clientId, clientName: line.clientName, message: (error as Error).message });
    }
  }
  return { results, failures };
}
