// Input schemas of the legal channels: penalty statements, user-entered rates, legal events
// (formal notice sent, acknowledgment, court action, judgment enforceable).
import { z } from 'zod';
import { isAsOfDate, isIsoDate } from './domain/dates.js';
import './schemas.js'; // French zod locale

const bp = (label: string) =>
  z
    .int(`${label} : un pourcentage avec deux décimales au plus.`)
    .min(0, `${label} : positif ou nul.`)
    .max(5000, `${label} : 50 % au plus.`)
    .nullable();

export const penaltyQuerySchema = z.object({
  id: z.int().positive(),
  asOf: z.string().refine(isAsOfDate, { error: 'Date de calcul invalide (JJ/MM/AAAA, entre 1990 et 2099).' }).optional(),
});

export const userRateSchema = z
  .object({
    semester: z.string().regex(/^\d{4}-S[12]$/, 'Semestre : AAAA-S1 ou AAAA-S2.'),
    ecbMroBp: bp('Taux BCE'),
    legalConsumerCreditorBp: bp('Taux légal (créancier particulier)'),
    legalOtherBp: bp('Taux légal (autres cas)'),
    source: z.string().trim().min(1, 'Source : indiquez d’où vient ce taux (arrêté, site de la Banque de France…).').max(500),
  })
  .refine((r) => r.ecbMroBp !== null || r.legalConsumerCreditorBp !== null || r.legalOtherBp !== null, { error: 'Indiquez au moins un taux.', path: ['ecbMroBp'] });
export type UserRateInput = z.input<typeof userRateSchema>;

export const legalEventSchema = z.object({
  invoiceId: z.int().positive(),
  kind: z.enum(['acknowledgment', 'formal_notice', 'court_action', 'judgment', 'enforceable'], { error: 'Type d’événement inconnu.' }),
  date: z.string().refine(isIsoDate, { error: 'Date invalide (JJ/MM/AAAA).' }),
  note: z.string().trim().max(500).nullish().transform((v) => v || null),
});
export type LegalEventInput = z.input<typeof legalEventSchema>;

export const LEGAL_EVENT_LABELS = {
  acknowledgment: 'Reconnaissance de dette',
  formal_notice: 'Mise en demeure envoyée',
  court_action: 'Action en justice',
  judgment: 'Jugement',
  enforceable: 'Décision devenue exécutoire',
} as const;

const asOfDate = z.string().refine(isAsOfDate, { error: 'Date invalide (JJ/MM/AAAA, entre 1990 et 2099).' }).optional();
export const agingQuerySchema = z.object({ asOf: asOfDate });
export const agingCellSchema = z.object({
  asOf: asOfDate,
  clientId: z.int().positive().optional(),
  /** Index of the bucket in the report's buckets, or 'disputed'. */
  bucket: z.union([z.int().min(0).max(10), z.literal('disputed')]).optional(),
});
export const agingExportSchema = z.object({ asOf: asOfDate, format: z.enum(['xlsx', 'csv', 'pdf'], { error: 'Format : xlsx, csv ou pdf.' }) });

export const letterRequestSchema = z.object({
  clientId: z.int().positive('Choisissez un client.'),
  type: z.enum(['friendly_reminder', 'firm_reminder', 'formal_notice', 'statement'], { error: 'Type de courrier inconnu.' }),
  asOf: asOfDate,
});
export const letterBatchSchema = z.object({
  type: z.enum(['friendly_reminder', 'firm_reminder', 'formal_notice', 'statement'], { error: 'Type de courrier inconnu.' }),
  minDaysLate: z.int('Retard : un nombre entier de jours.').min(1, 'Retard : 1 jour au moins.').max(3650).default(1),
  asOf: asOfDate,
});
export const documentIdsSchema = z.object({ ids: z.array(z.int().positive()).min(1, 'Aucun document choisi.').max(2000) });
export const documentListSchema = z.object({ clientId: z.int().positive().optional() });

const requiredDate = (label: string) => z.string({ error: `${label} : obligatoire (JJ/MM/AAAA).` }).refine(isIsoDate, { error: `${label} : date invalide (JJ/MM/AAAA).` });
export const registerPostingSchema = z.object({
  id: z.int().positive(),
  trackingNumber: z.string().trim().min(1, 'Numéro de recommandé : obligatoire.').max(40),
  sentDate: requiredDate('Date d’envoi'),
});
export const bordereauSchema = z.object({
  date: requiredDate('Date de dépôt'),
  includeToPost: z.boolean().default(true),
});
export const registerReceiptSchema = z.object({
  id: z.int().positive(),
  receivedDate: requiredDate('Date de réception'),
  scan: z
    .object({
      fileName: z.string().trim().min(1).max(200),
      mimeType: z.enum(['application/pdf', 'image/png', 'image/jpeg'], { error: 'Scan : PDF, PNG ou JPEG.' }),
      base64: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'Scan illisible.').refine((b) => (b.length * 3) / 4 <= 10 * 1024 * 1024, { error: 'Scan : 10 Mo au plus.' }),
    })
    .optional(),
});

export const letterTemplateSchema = z.object({
  type: z.enum(['friendly_reminder', 'firm_reminder', 'formal_notice', 'statement'], { error: 'Type de courrier inconnu.' }),
  subject: z.string().trim().min(1, 'Objet : obligatoire.').max(200, 'Objet : 200 caractères au plus.'),
  body: z.string().trim().min(1, 'Texte : obligatoire.').max(10_000, 'Texte : 10 000 caractères au plus.'),
});
export const letterTypeSchema = z.object({ type: letterTemplateSchema.shape.type });
