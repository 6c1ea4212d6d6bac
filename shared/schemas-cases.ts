// Input schemas of the legal-escalation channels: cases, their events and costs, attachments.
import { z } from 'zod';
import { isAsOfDate, isIsoDate } from './domain/dates.js';
import { PIECE_TYPES } from './domain/attachments.js';
import './schemas.js'; // French zod locale

const id = z.int().positive();
const isoDate = (label: string) => z.string({ error: `${label} : obligatoire (JJ/MM/AAAA).` }).refine(isIsoDate, { error: `${label} : date invalide (JJ/MM/AAAA).` });
const cents = (label: string) => z.int(`${label} : un montant en centimes.`).positive(`${label} : un montant positif.`).max(100_000_000_00, `${label} : montant trop élevé.`);

export const courtSchema = z.object({
  kind: z.enum(['commerce', 'activites_economiques', 'judiciaire'], { error: 'Tribunal : de commerce, des activités économiques ou judiciaire.' }),
  name: z.string().trim().min(1, 'Tribunal : indiquez la ville du tribunal.').max(120),
});

export const caseOpenSchema = z.object({
  clientId: id,
  invoiceIds: z.array(id).min(1, 'Choisissez au moins une facture.').max(500),
  procedure: z.enum(['payment_order', 'small_claims', 'european_order', 'european_small_claims', 'claim_declaration'], { error: 'Procédure inconnue.' }),
  court: courtSchema.nullable(),
  readyDate: isoDate('Date du dossier').optional(),
  note: z.string().trim().max(1000).nullable().optional(),
});

export const caseEventSchema = z.object({
  caseId: id,
  event: z.enum(['filed', 'order_issued', 'served', 'opposed', 'enforceable', 'closed'], { error: 'Étape inconnue.' }),
  date: isoDate('Date'),
  courtFeeCents: cents('Frais de greffe').optional(),
  bailiffFeeCents: cents('Frais de signification').optional(),
  reason: z.enum(['paid', 'abandoned', 'rejected', 'other'], { error: 'Motif de clôture : payé, abandonné, rejeté ou autre.' }).optional(),
});

export const caseCostSchema = z.object({
  caseId: id,
  kind: z.enum(['court_fee', 'bailiff', 'lawyer', 'other'], { error: 'Type de frais inconnu.' }),
  label: z.string().trim().min(1, 'Libellé : obligatoire.').max(120),
  amountCents: cents('Montant'),
  date: isoDate('Date'),
  recoverable: z.boolean().default(true),
});

export const caseListSchema = z.object({ clientId: id.optional() });

export const attachmentOwnerSchema = z.object({ type: z.enum(['client', 'invoice', 'case']), id });
export const attachmentAddSchema = z.object({
  owner: attachmentOwnerSchema,
  pieceType: z.enum(PIECE_TYPES as [string, ...string[]], { error: 'Type de pièce : contrat, CGV, bon de commande, bon de livraison, PV de réception, reconnaissance de dette ou autre.' }),
  title: z.string().trim().max(200).optional(),
  fileName: z.string().trim().min(1, 'Nom du fichier : obligatoire.').max(200),
  // 15 Mo once decoded; the core gives the clear message, this only stops absurd payloads.
  base64: z.string().max(30 * 1024 * 1024, 'Fichier : 15 Mo au plus.').regex(/^[A-Za-z0-9+/]*={0,2}$/, 'Fichier illisible.'),
});

const addressLine = z.string().trim().max(38, 'Adresse : 38 caractères par ligne au plus (norme postale).');
export const collectiveRecordSchema = z.object({
  clientId: id,
  kind: z.enum(['safeguard', 'reorganisation', 'liquidation'], { error: 'Procédure : sauvegarde, redressement ou liquidation.' }),
  judgmentDate: isoDate('Date du jugement d’ouverture'),
  bodaccDate: isoDate('Date de publication au BODACC').nullable().optional(),
  court: z.string().trim().max(120).nullable().optional(),
  mandataireName: z.string().trim().max(120).nullable().optional(),
  mandataireAddress: z.array(addressLine).max(6).default([]),
  creditorAbroad: z.boolean().default(false),
});
export const collectiveUpdateSchema = collectiveRecordSchema.omit({ clientId: true }).partial().extend({ id });
export const collectiveEndSchema = z.object({ id, date: isoDate('Date de fin') });
export const advisorSchema = z.object({ clientId: id, asOf: z.string().refine(isAsOfDate, { error: 'Date : invalide (JJ/MM/AAAA, entre 1990 et 2099).' }).optional() });
export const dossierSchema = z.object({
  clientId: id,
  invoiceIds: z.array(id).min(1, 'Choisissez au moins une facture.').max(500).optional(),
  court: courtSchema,
  request1408: z.object({ court: z.string().trim().min(1, 'Tribunal de renvoi : indiquez-le.').max(160) }).nullable().optional(),
  caseId: id.optional(),
});
