// Input schemas of the ledger channels (invoices, credit notes, payments, disputes, promises,
// write-offs), with French messages naming the field.
import { z } from 'zod';
import { isIsoDate } from './domain/dates.js';
import { MAX_CENTS } from './domain/money.js';
import './schemas.js'; // French zod locale

const date = (label: string) =>
  z.string({ error: `${label} : date obligatoire (JJ/MM/AAAA).` }).refine(isIsoDate, { error: `${label} : date invalide (JJ/MM/AAAA).` });
const optionalDate = (label: string) =>
  z
    .string()
    .nullish()
    .transform((v) => v || null)
    .refine((v) => v === null || isIsoDate(v), { error: `${label} : date invalide (JJ/MM/AAAA).` });
const amount = (label: string, min = 0) =>
  z
    .int(`${label} : un montant en euros, au centime près.`)
    .min(min, min > 0 ? `${label} : un montant positif.` : `${label} : un montant positif ou nul.`)
    .max(MAX_CENTS, `${label} : montant trop grand.`);
const optionalAmount = (label: string) => amount(label).nullish().transform((v) => v ?? null);
const text = (max: number, label: string) =>
  z.string().trim().max(max, `${label} : ${max} caractères au plus.`).nullish().transform((v) => v || null);
const requiredText = (max: number, label: string) =>
  z.string({ error: `${label} : obligatoire.` }).trim().min(1, `${label} : obligatoire.`).max(max, `${label} : ${max} caractères au plus.`);
const id = z.int('Identifiant attendu.').positive('Identifiant attendu.');

export const invoiceInputSchema = z
  .object({
    clientId: z.int('Client : choisissez un client.').positive('Client : choisissez un client.'),
    number: requiredText(40, 'Numéro de facture'),
    issueDate: date('Date de facture'),
    deliveryDate: optionalDate('Date de livraison ou d’exécution'),
    dueDate: date('Échéance'),
    amountHtCents: optionalAmount('Montant HT'),
    amountTvaCents: optionalAmount('TVA'),
    amountTtcCents: amount('Montant TTC', 1),
    reference: text(80, 'Référence de commande'),
    description: text(2000, 'Description'),
    contractualRateBp: z
      .int('Taux contractuel : un pourcentage avec deux décimales au plus.')
      .min(0, 'Taux contractuel : positif.')
      .max(10_000, 'Taux contractuel : 100 % au plus.')
      .nullish()
      .transform((v) => v ?? null),
  })
  .superRefine((v, ctx) => {
    if (v.dueDate < v.issueDate) ctx.addIssue({ code: 'custom', path: ['dueDate'], message: 'Échéance : elle ne peut précéder la date de facture.' });
    if (v.amountHtCents !== null && v.amountTvaCents !== null && v.amountHtCents + v.amountTvaCents !== v.amountTtcCents) {
      ctx.addIssue({ code: 'custom', path: ['amountTtcCents'], message: 'Montant TTC : il doit être égal au HT plus la TVA.' });
    }
    if (v.amountHtCents !== null && v.amountHtCents > v.amountTtcCents) {
      ctx.addIssue({ code: 'custom', path: ['amountHtCents'], message: 'Montant HT : il ne peut dépasser le TTC.' });
    }
  });
export type InvoiceInput = z.input<typeof invoiceInputSchema>;
export type InvoiceData = z.output<typeof invoiceInputSchema>;

export const invoiceListQuerySchema = z.object({
  search: z.string().trim().max(200).default(''),
  statuses: z.array(z.enum(['not_due', 'overdue', 'partially_paid', 'paid', 'disputed', 'promised', 'in_litigation', 'written_off'])).max(8).default([]),
  clientId: id.optional(),
  minDaysOverdue: z.int().min(0).optional(),
  issuedFrom: optionalDate('Émise à partir du'),
  issuedTo: optionalDate('Émise jusqu’au'),
  dueFrom: optionalDate('Échéance à partir du'),
  dueTo: optionalDate('Échéance jusqu’au'),
  minAmountCents: z.int().min(0).optional(),
  maxAmountCents: z.int().min(0).optional(),
  sort: z.enum(['number', 'client', 'issueDate', 'dueDate', 'amount', 'balance', 'daysOverdue']).default('dueDate'),
  direction: z.enum(['asc', 'desc']).default('asc'),
  offset: z.int().min(0).default(0),
  limit: z.int().min(1).max(1000).default(100),
});
export type InvoiceListQuery = z.input<typeof invoiceListQuerySchema>;

export const creditNoteInputSchema = z.object({
  invoiceId: id,
  number: requiredText(40, 'Numéro d’avoir'),
  issueDate: date('Date de l’avoir'),
  amountCents: amount('Montant de l’avoir', 1),
  reason: text(500, 'Motif'),
});
export type CreditNoteInput = z.input<typeof creditNoteInputSchema>;

export const paymentInputSchema = z.object({
  clientId: id,
  date: date('Date du paiement'),
  amountCents: amount('Montant du paiement', 1),
  method: z.enum(['transfer', 'cheque', 'card', 'direct_debit', 'cash', 'other'], { error: 'Moyen de paiement : virement, chèque, carte, prélèvement, espèces ou autre.' }),
  reference: text(80, 'Référence du paiement'),
  /** 'auto': oldest due first; otherwise the amounts per invoice (the rest stays a credit). */
  allocation: z.union([z.literal('auto'), z.array(z.object({ invoiceId: id, amountCents: amount('Montant affecté', 1) })).max(500)]).default('auto'),
});
export type PaymentInput = z.input<typeof paymentInputSchema>;

export const disputeOpenSchema = z.object({ invoiceId: id, reason: requiredText(500, 'Motif du litige'), openedDate: date('Date d’ouverture') });
export const disputeCloseSchema = z.object({ id, closedDate: date('Date de clôture'), outcome: requiredText(500, 'Issue du litige') });
export const promiseInputSchema = z.object({
  invoiceId: id,
  madeDate: date('Date de la promesse'),
  promisedDate: date('Date promise'),
  amountCents: amount('Montant promis', 1),
  note: text(500, 'Note'),
});
export const writeOffInputSchema = z.object({ invoiceId: id, date: date('Date du passage en perte'), reason: requiredText(500, 'Motif') });
export const invoicePdfSchema = z.object({
  id,
  fileName: requiredText(200, 'Nom du fichier'),
  base64: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'Fichier PDF illisible.').refine((b) => (b.length * 3) / 4 <= 20 * 1024 * 1024, { error: 'Fichier PDF : 20 Mo au plus.' }),
});

const csvText = (label: string) => z.string().max(200 * 1024 * 1024, `Fichier des ${label} trop volumineux (200 Mo au plus).`).optional();
export const importFilesSchema = z
  .object({
    clients: csvText('clients'),
    invoices: csvText('factures'),
    payments: csvText('paiements'),
    names: z.object({ clients: z.string().max(200).optional(), invoices: z.string().max(200).optional(), payments: z.string().max(200).optional() }).optional(),
  })
  .refine((f) => f.clients !== undefined || f.invoices !== undefined || f.payments !== undefined, { error: 'Choisissez au moins un fichier à importer.', path: ['invoices'] });
