// The ledger's SQL: invoices, credit notes, payments and allocations, disputes, promises,
// write-offs. Every write is one transaction with its audit entry; every status and balance is
// derived (invoice-facts.ts).
import { createHash } from 'node:crypto';
import { allocateOldestFirst, checkManualAllocation, type OpenInvoice } from '../../../shared/domain/allocation.js';
import { formatDateFr, type IsoDate } from '../../../shared/domain/dates.js';
import {
  PAYMENT_METHOD_LABELS,
  type Allocation,
  type ClientSummary,
  type CreditNote,
  type Dispute,
  type Invoice,
  type InvoiceDetail,
  type InvoiceListRow,
  type InvoiceStatus,
  type Payment,
  type PaymentMethod,
  type PaymentPromise,
  type TimelineEvent,
} from '../../../shared/domain/invoice.js';
import { cents, formatEuros, type Cents } from '../../../shared/domain/money.js';
import { fold } from '../../../shared/domain/text.js';
import type { ClientKind } from '../../../shared/domain/client.js';
import type { z } from 'zod';
import {
  invoiceListQuerySchema,
  type creditNoteInputSchema,
  type disputeCloseSchema,
  type disputeOpenSchema,
  type InvoiceData,
  type InvoiceListQuery,
  type paymentInputSchema,
  type promiseInputSchema,
  type writeOffInputSchema,
} from '../../../shared/schemas-ledger.js';
import type { Db } from '../db/connection.js';
import type { Clock } from '../clock.js';
import { AppError, notFound } from '../errors.js';
import type { AuditRepository } from './audit.js';
import { DAYS_OVERDUE_SQL, invoiceFactsCte } from './invoice-facts.js';

interface InvoiceRow {
  id: number;
  financing?: 'factored' | 'insured' | null;
  client_id: number;
  number: string;
  issue_date: string;
  delivery_date: string | null;
  due_date: string;
  amount_ht_cents: number | null;
  amount_tva_cents: number | null;
  amount_ttc_cents: number;
  reference: string | null;
  description: string | null;
  contractual_rate_bp: number | null;
  pdf_document_id: number | null;
  pdf_file_name: string | null;
  pdf_size: number | null;
  created_at: string;
  updated_at: string;
}

interface FactsRow {
  id: number;
  number: string;
  client_id: number;
  issue_date: string;
  due_date: string;
  amount_ttc_cents: number;
  paid_cents: number;
  credited_cents: number;
  balance_cents: number;
  status: InvoiceStatus;
  days_overdue: number;
}

const SORT_SQL = {
  number: 'l.number',
  client: 'c.sort_key',
  issueDate: 'l.issue_date',
  dueDate: 'l.due_date',
  amount: 'l.amount_ttc_cents',
  balance: 'l.balance_cents',
  daysOverdue: 'l.days_overdue',
} as const;

function toInvoice(r: InvoiceRow): Invoice {
  return {
    id: r.id,
    number: r.number,
    clientId: r.client_id,
    issueDate: r.issue_date as IsoDate,
    deliveryDate: r.delivery_date as IsoDate | null,
    dueDate: r.due_date as IsoDate,
    amountHtCents: r.amount_ht_cents as Cents | null,
    amountTvaCents: r.amount_tva_cents as Cents | null,
    amountTtcCents: r.amount_ttc_cents as Cents,
    reference: r.reference,
    description: r.description,
    contractualRateBp: r.contractual_rate_bp,
    financing: r.financing ?? null,
    pdf: r.pdf_document_id !== null ? { documentId: r.pdf_document_id, fileName: r.pdf_file_name ?? 'facture.pdf', sizeBytes: r.pdf_size ?? 0 } : null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

type CreditNoteData = z.output<typeof creditNoteInputSchema>;
type PaymentData = z.output<typeof paymentInputSchema>;
type DisputeOpenData = z.output<typeof disputeOpenSchema>;
type DisputeCloseData = z.output<typeof disputeCloseSchema>;
type PromiseData = z.output<typeof promiseInputSchema>;
type WriteOffData = z.output<typeof writeOffInputSchema>;

export function ledgerRepository(db: Db, clock: Clock, audit: AuditRepository) {
  const selectInvoice = db.prepare(`
    SELECT i.*, d.file_name AS pdf_file_name, d.size_bytes AS pdf_size
    FROM invoices i LEFT JOIN documents d ON d.id = i.pdf_document_id WHERE i.id = ?`);
  const selectInvoiceByNumber = db.prepare('SELECT id FROM invoices WHERE number = ?');
  const selectClient = db.prepare('SELECT id, name, kind, archived_at FROM clients WHERE id = ?');
  const insertInvoice = db.prepare(`
    INSERT INTO invoices (client_id, number, issue_date, delivery_date, due_date, amount_ht_cents, amount_tva_cents,
      amount_ttc_cents, reference, description, contractual_rate_bp, created_at, updated_at)
    VALUES (@clientId, @number, @issueDate, @deliveryDate, @dueDate, @amountHtCents, @amountTvaCents, @amountTtcCents,
      @reference, @description, @contractualRateBp, @now, @now)`);
  const updateInvoice = db.prepare(`
    UPDATE invoices SET client_id = @clientId, number = @number, issue_date = @issueDate, delivery_date = @deliveryDate,
      due_date = @dueDate, amount_ht_cents = @amountHtCents, amount_tva_cents = @amountTvaCents,
      amount_ttc_cents = @amountTtcCents, reference = @reference, description = @description,
      contractual_rate_bp = @contractualRateBp, updated_at = @now
    WHERE id = @id`);
  const factsById = db.prepare(`${invoiceFactsCte('i.id = @id')} SELECT f.*, ${DAYS_OVERDUE_SQL} AS days_overdue FROM facts f`);
  const openInvoicesOfClient = db.prepare(
    `${invoiceFactsCte('i.client_id = @clientId')} SELECT id, number, due_date, balance_cents FROM facts
     WHERE status NOT IN ('paid', 'written_off') ORDER BY due_date, number`,
  );
  const creditNotesOf = db.prepare('SELECT * FROM credit_notes WHERE invoice_id = ? ORDER BY issue_date, id');
  const allocationsOf = db.prepare(`
    SELECT a.payment_id, a.invoice_id, i.number AS invoice_number, a.amount_cents, p.payment_date, p.method
    FROM payment_allocations a JOIN payments p ON p.id = a.payment_id JOIN invoices i ON i.id = a.invoice_id
    WHERE a.invoice_id = ? ORDER BY p.payment_date, a.id`);
  const disputesOf = db.prepare('SELECT * FROM disputes WHERE invoice_id = ? ORDER BY opened_date, id');
  const promisesOf = db.prepare(`
    SELECT p.*, COALESCE((
      SELECT SUM(a.amount_cents) FROM payment_allocations a JOIN payments pay ON pay.id = a.payment_id
      WHERE a.invoice_id = p.invoice_id AND pay.payment_date BETWEEN p.made_date AND p.promised_date), 0) AS paid_in_window
    FROM promises p WHERE p.invoice_id = ? ORDER BY p.made_date, p.id`);
  const writeOffOf = db.prepare('SELECT * FROM write_offs WHERE invoice_id = ?');
  const insertCreditNote = db.prepare(`
    INSERT INTO credit_notes (invoice_id, number, issue_date, amount_ttc_cents, reason, created_at)
    VALUES (@invoiceId, @number, @issueDate, @amountCents, @reason, @now)`);
  const creditNoteNumberUsed = db.prepare('SELECT 1 FROM credit_notes WHERE number = ?');
  const insertPayment = db.prepare(`
    INSERT INTO payments (client_id, payment_date, amount_cents, method, reference, created_at)
    VALUES (@clientId, @date, @amountCents, @method, @reference, @now)`);
  const insertAllocation = db.prepare('INSERT INTO payment_allocations (payment_id, invoice_id, amount_cents) VALUES (?, ?, ?)');
  const selectPayment = db.prepare('SELECT * FROM payments WHERE id = ?');
  const allocationsOfPayment = db.prepare(`
    SELECT a.payment_id, a.invoice_id, i.number AS invoice_number, a.amount_cents
    FROM payment_allocations a JOIN invoices i ON i.id = a.invoice_id WHERE a.payment_id = ? ORDER BY a.id`);
  const insertDispute = db.prepare('INSERT INTO disputes (invoice_id, reason, opened_date, created_at) VALUES (@invoiceId, @reason, @openedDate, @now)');
  const selectDispute = db.prepare('SELECT * FROM disputes WHERE id = ?');
  const closeDispute = db.prepare('UPDATE disputes SET closed_date = @closedDate, outcome = @outcome WHERE id = @id');
  const insertPromise = db.prepare(`
    INSERT INTO promises (invoice_id, made_date, promised_date, amount_cents, note, created_at)
    VALUES (@invoiceId, @madeDate, @promisedDate, @amountCents, @note, @now)`);
  const insertWriteOff = db.prepare('INSERT INTO write_offs (invoice_id, write_off_date, reason, created_at) VALUES (@invoiceId, @date, @reason, @now)');
  const insertDocument = db.prepare(`
    INSERT INTO documents (client_id, kind, title, file_name, mime_type, size_bytes, sha256, content, created_at)
    VALUES (@clientId, 'invoice_pdf', @title, @fileName, 'application/pdf', @size, @sha256, @content, @now)`);
  const setInvoicePdf = db.prepare('UPDATE invoices SET pdf_document_id = ?, updated_at = ? WHERE id = ?');
  const selectDocument = db.prepare('SELECT file_name, content FROM documents WHERE id = ?');

  const today = () => clock.today();

  function requireClient(id: number) {
    const client = selectClient.get(id) as { id: number; name: string; kind: ClientKind; archived_at: string | null } | undefined;
    if (!client) throw new AppError('VALIDATION', 'Client introuvable : choisissez un client existant.', { clientId: 'Client introuvable.' });
    return client;
  }

  function getInvoice(id: number): Invoice {
    const row = selectInvoice.get(id) as InvoiceRow | undefined;
    if (!row) throw notFound('Facture');
    return toInvoice(row);
  }

  function facts(id: number): FactsRow {
    const row = factsById.get({ id, today: today() }) as FactsRow | undefined;
    if (!row) throw notFound('Facture');
    return row;
  }

  function openInvoices(clientId: number): OpenInvoice[] {
    return (openInvoicesOfClient.all({ clientId, today: today() }) as { id: number; number: string; due_date: string; balance_cents: number }[]).map((r) => ({
      id: r.id,
      number: r.number,
      dueDate: r.due_date as IsoDate,
      balanceCents: r.balance_cents as Cents,
    }));
  }

  function assertNumberFree(number: string, exceptId: number | null) {
    const existing = selectInvoiceByNumber.get(number) as { id: number } | undefined;
    if (existing && existing.id !== exceptId) {
      throw new AppError('CONFLICT', `Le numéro de facture « ${number} » est déjà utilisé.`, { number: `Numéro déjà utilisé par une autre facture.` });
    }
  }

  function getPayment(id: number): Payment {
    const p = selectPayment.get(id) as { id: number; client_id: number; payment_date: string; amount_cents: number; method: PaymentMethod; reference: string | null };
    const allocations = (allocationsOfPayment.all(id) as { payment_id: number; invoice_id: number; invoice_number: string; amount_cents: number }[]).map(
      (a): Allocation => ({ paymentId: a.payment_id, invoiceId: a.invoice_id, invoiceNumber: a.invoice_number, amountCents: a.amount_cents as Cents }),
    );
    const allocated = allocations.reduce((s, a) => s + a.amountCents, 0);
    return {
      id: p.id,
      clientId: p.client_id,
      date: p.payment_date as IsoDate,
      amountCents: p.amount_cents as Cents,
      method: p.method,
      reference: p.reference,
      allocations,
      unallocatedCents: cents(p.amount_cents - allocated),
    };
  }

  function detail(id: number): InvoiceDetail {
    const invoice = getInvoice(id);
    const f = facts(id);
    const client = requireClient(invoice.clientId);
    const creditNotes = (creditNotesOf.all(id) as { id: number; invoice_id: number; number: string; issue_date: string; amount_ttc_cents: number; reason: string | null }[]).map(
      (c): CreditNote => ({ id: c.id, invoiceId: c.invoice_id, number: c.number, issueDate: c.issue_date as IsoDate, amountCents: c.amount_ttc_cents as Cents, reason: c.reason }),
    );
    const allocations = (
      allocationsOf.all(id) as { payment_id: number; invoice_id: number; invoice_number: string; amount_cents: number; payment_date: string; method: PaymentMethod }[]
    ).map((a) => ({
      paymentId: a.payment_id,
      invoiceId: a.invoice_id,
      invoiceNumber: a.invoice_number,
      amountCents: a.amount_cents as Cents,
      date: a.payment_date as IsoDate,
      method: a.method,
    }));
    const disputes = (disputesOf.all(id) as { id: number; invoice_id: number; reason: string; opened_date: string; closed_date: string | null; outcome: string | null }[]).map(
      (d): Dispute => ({ id: d.id, invoiceId: d.invoice_id, reason: d.reason, openedDate: d.opened_date as IsoDate, closedDate: d.closed_date as IsoDate | null, outcome: d.outcome }),
    );
    const promises = (
      promisesOf.all(id) as { id: number; invoice_id: number; made_date: string; promised_date: string; amount_cents: number; note: string | null; paid_in_window: number }[]
    ).map(
      (p): PaymentPromise => ({
        id: p.id,
        invoiceId: p.invoice_id,
        madeDate: p.made_date as IsoDate,
        promisedDate: p.promised_date as IsoDate,
        amountCents: p.amount_cents as Cents,
        note: p.note,
        state: p.paid_in_window >= p.amount_cents ? 'kept' : p.promised_date < today() ? 'broken' : 'pending',
      }),
    );
    const wo = writeOffOf.get(id) as { write_off_date: string; reason: string } | undefined;
    const writeOff = wo ? { invoiceId: id, date: wo.write_off_date as IsoDate, reason: wo.reason, amountCents: cents(Math.max(0, f.balance_cents)) } : null;

    const timeline: TimelineEvent[] = [
      { date: invoice.issueDate, kind: 'issued' as const, label: `Facture ${invoice.number} émise`, amountCents: invoice.amountTtcCents },
      { date: invoice.dueDate, kind: 'due' as const, label: 'Échéance', amountCents: null },
      ...allocations.map((a): TimelineEvent => ({ date: a.date, kind: 'payment', label: `Paiement (${PAYMENT_METHOD_LABELS[a.method].toLowerCase()})`, amountCents: a.amountCents })),
      ...creditNotes.map((c): TimelineEvent => ({ date: c.issueDate, kind: 'credit_note', label: `Avoir ${c.number}${c.reason ? ` — ${c.reason}` : ''}`, amountCents: c.amountCents })),
      ...disputes.flatMap((d): TimelineEvent[] => [
        { date: d.openedDate, kind: 'dispute_opened', label: `Litige ouvert — ${d.reason}`, amountCents: null },
        ...(d.closedDate ? [{ date: d.closedDate, kind: 'dispute_closed' as const, label: `Litige clos — ${d.outcome ?? ''}`, amountCents: null }] : []),
      ]),
      ...promises.map((p): TimelineEvent => ({
        date: p.madeDate,
        kind: 'promise',
        label: `Promesse de paiement pour le ${formatDateFr(p.promisedDate)} (${p.state === 'kept' ? 'tenue' : p.state === 'broken' ? 'non tenue' : 'en cours'})`,
        amountCents: p.amountCents,
      })),
      ...(writeOff ? [{ date: writeOff.date, kind: 'write_off' as const, label: `Passée en perte — ${writeOff.reason}`, amountCents: writeOff.amountCents }] : []),
    ].sort((a, b) => (a.date === b.date ? 0 : a.date < b.date ? -1 : 1));

    return {
      invoice,
      client: { id: client.id, name: client.name, kind: client.kind },
      status: f.status,
      paidCents: f.paid_cents as Cents,
      creditedCents: f.credited_cents as Cents,
      balanceCents: f.balance_cents as Cents,
      daysOverdue: f.days_overdue,
      creditNotes,
      allocations,
      disputes,
      promises,
      writeOff,
      timeline,
    };
  }

  function invoiceValues(d: InvoiceData) {
    return {
      clientId: d.clientId,
      number: d.number,
      issueDate: d.issueDate,
      deliveryDate: d.deliveryDate,
      dueDate: d.dueDate,
      amountHtCents: d.amountHtCents,
      amountTvaCents: d.amountTvaCents,
      amountTtcCents: d.amountTtcCents,
      reference: d.reference,
      description: d.description,
      contractualRateBp: d.contractualRateBp,
    };
  }

  const statements = new Map<string, ReturnType<Db['prepare']>>();
  function prepared(sql: string) {
    let s = statements.get(sql);
    if (!s) {
      s = db.prepare(sql);
      statements.set(sql, s);
    }
    return s;
  }

  return {
    getInvoice,
    detail,
    openInvoices,
    getPayment,

    createInvoice: db.transaction((d: InvoiceData): InvoiceDetail => {
      const client = requireClient(d.clientId);
      if (client.archived_at) throw new AppError('PRECONDITION', `« ${client.name} » est archivé : restaurez-le avant de lui facturer.`);
      assertNumberFree(d.number, null);
      const id = Number(insertInvoice.run({ ...invoiceValues(d), now: clock.now() }).lastInsertRowid);
      const created = getInvoice(id);
      audit.append({ entity: 'invoice', entityId: id, action: 'create', summary: `Facture ${d.number} créée (${formatEuros(d.amountTtcCents as Cents)})`, after: created });
      return detail(id);
    }),

    updateInvoice: db.transaction((id: number, d: InvoiceData): InvoiceDetail => {
      const before = getInvoice(id);
      const f = facts(id);
      requireClient(d.clientId);
      assertNumberFree(d.number, id);
      if (d.clientId !== before.clientId && f.paid_cents > 0) {
        throw new AppError('PRECONDITION', 'Cette facture a reçu des paiements : elle ne peut pas changer de client.');
      }
      if (d.amountTtcCents < f.paid_cents + f.credited_cents) {
        throw new AppError('PRECONDITION', `Le montant TTC ne peut être inférieur à ce qui est déjà payé ou crédité (${formatEuros(cents(f.paid_cents + f.credited_cents))}).`, {
          amountTtcCents: 'Inférieur aux paiements et avoirs déjà enregistrés.',
        });
      }
      updateInvoice.run({ ...invoiceValues(d), id, now: clock.now() });
      const after = getInvoice(id);
      audit.append({ entity: 'invoice', entityId: id, action: 'update', summary: `Facture ${d.number} modifiée`, before, after });
      return detail(id);
    }),

    attachPdf: db.transaction((id: number, fileName: string, content: Buffer): InvoiceDetail => {
      const invoice = getInvoice(id);
      if (content.subarray(0, 5).toString('latin1') !== '%PDF-') {
        throw new AppError('VALIDATION', 'Ce fichier n’est pas un PDF.', { pdf: 'Choisissez un fichier PDF.' });
      }
      const documentId = Number(
        insertDocument.run({
          clientId: invoice.clientId,
          title: `Facture ${invoice.number}`,
          fileName,
          size: content.length,
          sha256: createHash('sha256').update(content).digest('hex'),
          content,
          now: clock.now(),
        }).lastInsertRowid,
      );
      setInvoicePdf.run(documentId, clock.now(), id);
      audit.append({ entity: 'invoice', entityId: id, action: 'update', summary: `PDF joint à la facture ${invoice.number} (${fileName})`, after: { documentId, fileName, size: content.length } });
      return detail(id);
    }),

    invoicePdf(id: number): { fileName: string; content: Buffer } {
      const invoice = getInvoice(id);
      if (!invoice.pdf) throw new AppError('NOT_FOUND', `Aucun PDF n’est joint à la facture ${invoice.number}.`);
      const doc = selectDocument.get(invoice.pdf.documentId) as { file_name: string; content: Buffer };
      return { fileName: doc.file_name, content: doc.content };
    },

    createCreditNote: db.transaction((d: CreditNoteData): InvoiceDetail => {
      const f = facts(d.invoiceId);
      if (creditNoteNumberUsed.get(d.number)) throw new AppError('CONFLICT', `Le numéro d’avoir « ${d.number} » est déjà utilisé.`, { number: 'Numéro déjà utilisé.' });
      if (d.amountCents > f.balance_cents) {
        throw new AppError('PRECONDITION', `L’avoir dépasse le solde de la facture (${formatEuros(cents(Math.max(0, f.balance_cents)))}).`, { amountCents: 'Supérieur au solde dû.' });
      }
      const id = Number(insertCreditNote.run({ ...d, now: clock.now() }).lastInsertRowid);
      audit.append({ entity: 'credit_note', entityId: id, action: 'create', summary: `Avoir ${d.number} de ${formatEuros(d.amountCents as Cents)} sur la facture ${f.number}`, after: d });
      return detail(d.invoiceId);
    }),

    recordPayment: db.transaction((d: PaymentData): Payment => {
      const client = requireClient(d.clientId);
      const open = openInvoices(d.clientId);
      let plan: { invoiceId: number; amountCents: Cents }[];
      if (d.allocation === 'auto') {
        plan = allocateOldestFirst(d.amountCents as Cents, open).allocations;
      } else {
        const requested = d.allocation.map((a) => ({ invoiceId: a.invoiceId, amountCents: a.amountCents as Cents }));
        const problems = checkManualAllocation(d.amountCents as Cents, requested, open);
        if (problems.length) throw new AppError('VALIDATION', problems[0] as string, { allocation: problems.join(' ') });
        plan = requested;
      }
      const paymentId = Number(insertPayment.run({ ...d, now: clock.now() }).lastInsertRowid);
      for (const a of plan) insertAllocation.run(paymentId, a.invoiceId, a.amountCents);
      const payment = getPayment(paymentId);
      audit.append({
        entity: 'payment',
        entityId: paymentId,
        action: 'create',
        summary: `Paiement de ${formatEuros(payment.amountCents)} de « ${client.name} »${payment.unallocatedCents > 0 ? ` (dont ${formatEuros(payment.unallocatedCents)} en avoir client)` : ''}`,
        after: payment,
      });
      return payment;
    }),

    openDispute: db.transaction((d: DisputeOpenData): InvoiceDetail => {
      const f = facts(d.invoiceId);
      const id = Number(insertDispute.run({ ...d, now: clock.now() }).lastInsertRowid);
      audit.append({ entity: 'dispute', entityId: id, action: 'create', summary: `Litige ouvert sur la facture ${f.number} : ${d.reason}`, after: d });
      return detail(d.invoiceId);
    }),

    closeDispute: db.transaction((d: DisputeCloseData): InvoiceDetail => {
      const before = selectDispute.get(d.id) as { invoice_id: number; closed_date: string | null; opened_date: string } | undefined;
      if (!before) throw notFound('Litige');
      if (before.closed_date) throw new AppError('PRECONDITION', 'Ce litige est déjà clos.');
      if (d.closedDate < before.opened_date) throw new AppError('VALIDATION', 'La clôture ne peut précéder l’ouverture du litige.', { closedDate: 'Antérieure à l’ouverture.' });
      closeDispute.run(d);
      audit.append({ entity: 'dispute', entityId: d.id, action: 'update', summary: `Litige clos : ${d.outcome}`, before, after: d });
      return detail(before.invoice_id);
    }),

    createPromise: db.transaction((d: PromiseData): InvoiceDetail => {
      const f = facts(d.invoiceId);
      if (d.promisedDate < d.madeDate) throw new AppError('VALIDATION', 'La date promise ne peut précéder la date de la promesse.', { promisedDate: 'Antérieure à la promesse.' });
      const id = Number(insertPromise.run({ ...d, now: clock.now() }).lastInsertRowid);
      audit.append({ entity: 'promise', entityId: id, action: 'create', summary: `Promesse de ${formatEuros(d.amountCents as Cents)} pour le ${formatDateFr(d.promisedDate)} (facture ${f.number})`, after: d });
      return detail(d.invoiceId);
    }),

    writeOff: db.transaction((d: WriteOffData): InvoiceDetail => {
      const f = facts(d.invoiceId);
      if (f.status === 'written_off') throw new AppError('PRECONDITION', 'Cette facture est déjà passée en perte.');
      if (f.balance_cents <= 0) throw new AppError('PRECONDITION', 'Cette facture est soldée : rien à passer en perte.');
      insertWriteOff.run({ ...d, now: clock.now() });
      audit.append({ entity: 'invoice', entityId: d.invoiceId, action: 'update', summary: `Facture ${f.number} passée en perte (${formatEuros(f.balance_cents as Cents)}) : ${d.reason}`, after: d });
      return detail(d.invoiceId);
    }),

    /** A page of invoices, filtered, searched and sorted in SQL, with the total balance of the selection. */
    list(input: InvoiceListQuery): { rows: InvoiceListRow[]; total: number; balanceCents: Cents } {
      const q = invoiceListQuerySchema.parse(input);
      const where: string[] = [];
      const params: Record<string, unknown> = { today: today() };
      if (q.clientId !== undefined) {
        where.push('i.client_id = @clientId');
        params.clientId = q.clientId;
      }
      if (q.issuedFrom) {
        where.push('i.issue_date >= @issuedFrom');
        params.issuedFrom = q.issuedFrom;
      }
      if (q.issuedTo) {
        where.push('i.issue_date <= @issuedTo');
        params.issuedTo = q.issuedTo;
      }
      if (q.dueFrom) {
        where.push('i.due_date >= @dueFrom');
        params.dueFrom = q.dueFrom;
      }
      if (q.dueTo) {
        where.push('i.due_date <= @dueTo');
        params.dueTo = q.dueTo;
      }
      if (q.minAmountCents !== undefined) {
        where.push('i.amount_ttc_cents >= @minAmount');
        params.minAmount = q.minAmountCents;
      }
      if (q.maxAmountCents !== undefined) {
        where.push('i.amount_ttc_cents <= @maxAmount');
        params.maxAmount = q.maxAmountCents;
      }
      const words = fold(q.search).split(' ').filter(Boolean);
      words.forEach((word, n) => {
        // The number is searched in its own index (a tenth of the table's size), each match then
        // read by rowid; the client's name through the clients' search keys.
        where.push(
          `(i.id IN (SELECT id FROM invoices WHERE number LIKE @w${n} ESCAPE '\\') OR i.client_id IN (SELECT id FROM clients WHERE search_key LIKE @w${n} ESCAPE '\\'))`,
        );
        params[`w${n}`] = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      });
      const outer: string[] = [];
      if (q.statuses.length) {
        outer.push(`l.status IN (${q.statuses.map((_, n) => `@s${n}`).join(', ')})`);
        q.statuses.forEach((s, n) => (params[`s${n}`] = s));
      }
      if (q.minDaysOverdue !== undefined) {
        outer.push('l.days_overdue >= @minDays');
        params.minDays = q.minDaysOverdue;
      }
      const cte = `${invoiceFactsCte(where.length ? where.join(' AND ') : '1 = 1')},
        listed AS (SELECT f.*, ${DAYS_OVERDUE_SQL} AS days_overdue FROM facts f)`;
      const outerSql = outer.length ? `WHERE ${outer.join(' AND ')}` : '';
      const totals = prepared(
        `${cte} SELECT count(*) AS n, COALESCE(SUM(CASE WHEN l.status NOT IN ('paid', 'written_off') THEN l.balance_cents END), 0) AS balance
         FROM listed l ${outerSql}`,
      ).get(params) as { n: number; balance: number };
      const direction = q.direction === 'desc' ? 'DESC' : 'ASC';
      const rows = prepared(
        `${cte} SELECT l.*, c.name AS client_name, c.kind AS client_kind FROM listed l JOIN clients c ON c.id = l.client_id
         ${outerSql} ORDER BY ${SORT_SQL[q.sort]} ${direction}, l.number ${direction} LIMIT @limit OFFSET @offset`,
      ).all({ ...params, limit: q.limit, offset: q.offset }) as (FactsRow & { client_name: string; client_kind: ClientKind })[];
      return {
        total: totals.n,
        balanceCents: totals.balance as Cents,
        rows: rows.map((r) => ({
          id: r.id,
          number: r.number,
          clientId: r.client_id,
          clientName: r.client_name,
          clientKind: r.client_kind,
          issueDate: r.issue_date as IsoDate,
          dueDate: r.due_date as IsoDate,
          amountCents: r.amount_ttc_cents as Cents,
          balanceCents: Math.max(0, r.balance_cents) as Cents,
          status: r.status,
          daysOverdue: r.days_overdue,
        })),
      };
    },

    /** Balance and payment behaviour of one client, aggregated in SQL. */
    clientSummary(clientId: number): ClientSummary {
      requireClient(clientId);
      const t = today();
      const row = prepared(`${invoiceFactsCte('i.client_id = @clientId')},
        settled AS (
          SELECT f.id, f.due_date,
            (SELECT MAX(p.payment_date) FROM payment_allocations a JOIN payments p ON p.id = a.payment_id WHERE a.invoice_id = f.id) AS settled_on
          FROM facts f WHERE f.status = 'paid' AND f.paid_cents > 0
        )
        SELECT
          COALESCE(SUM(amount_ttc_cents), 0) AS invoiced,
          COALESCE(SUM(credited_cents), 0) AS credited,
          COALESCE(SUM(paid_cents), 0) AS paid,
          COALESCE(SUM(CASE WHEN status NOT IN ('paid', 'written_off') THEN balance_cents END), 0) AS open_balance,
          COALESCE(SUM(CASE WHEN status NOT IN ('paid', 'written_off', 'not_due') AND due_date < @today THEN balance_cents END), 0) AS overdue,
          count(*) AS invoice_count,
          COALESCE(SUM(CASE WHEN status NOT IN ('paid', 'written_off') THEN 1 END), 0) AS open_count,
          (SELECT AVG(MAX(0, julianday(settled_on) - julianday(due_date))) FROM settled) AS avg_days_late,
          (SELECT AVG(CASE WHEN settled_on > due_date THEN 1.0 ELSE 0.0 END) FROM settled) AS share_late,
          (SELECT COALESCE(SUM(p.amount_cents), 0) - COALESCE((SELECT SUM(a.amount_cents) FROM payment_allocations a JOIN payments p2 ON p2.id = a.payment_id WHERE p2.client_id = @clientId), 0)
             FROM payments p WHERE p.client_id = @clientId) AS unallocated
        FROM facts`).get({ clientId, today: t }) as Record<string, number | null>;
      return {
        invoicedCents: (row.invoiced ?? 0) as Cents,
        creditedCents: (row.credited ?? 0) as Cents,
        paidCents: (row.paid ?? 0) as Cents,
        unallocatedCents: (row.unallocated ?? 0) as Cents,
        openBalanceCents: (row.open_balance ?? 0) as Cents,
        overdueCents: (row.overdue ?? 0) as Cents,
        invoiceCount: row.invoice_count ?? 0,
        openInvoiceCount: row.open_count ?? 0,
        averageDaysLate: row.avg_days_late === null ? null : Math.round((row.avg_days_late ?? 0) * 10) / 10,
        shareSettledLate: row.share_late ?? null,
      };
    },
  };
}

export type LedgerRepository = ReturnType<typeof ledgerRepository>;
