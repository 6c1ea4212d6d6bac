// Settings kept in the books (they change what the law engine and the reports compute, so they
// travel with backups). Preferences about the window and display live in shared/preferences.ts.
import { z } from 'zod';
import { DEFAULT_AGING_BOUNDS } from './domain/aging.js';

const eom45Reading = z.enum(['eom_plus_45', 'plus_45_eom'], { error: '« 45 jours fin de mois » : choisissez une lecture.' });
const agingBounds = z
  .array(z.int('Tranches : des nombres entiers de jours.').min(1, 'Tranches : au moins 1 jour.').max(3650, 'Tranches : 3 650 jours au plus.'))
  .min(1, 'Tranches : au moins une limite.')
  .max(6, 'Tranches : six limites au plus.')
  .refine((b) => b.every((v, i) => i === 0 || v > (b[i - 1] as number)), { error: 'Tranches : des limites croissantes (ex. 30, 60, 90).' });
const financingRateBp = z
  .int('Taux de financement : un pourcentage avec deux décimales au plus.')
  .min(0, 'Taux de financement : positif ou nul.')
  .max(5000, 'Taux de financement : 50 % au plus.');

/**
 * Where the debtor's address prints so that it shows through a French window envelope (DL,
 * C5/6): 85 × 33 mm at 110 mm from the left and 55 mm from the top by default (one practice
 * source; the commonly sold window positions are UNCONFIRMED, hence a setting).
 */
const letterWindow = z.object({
  leftMm: z.number().min(0, 'Fenêtre : position positive.').max(200, 'Fenêtre : dans la page A4.'),
  topMm: z.number().min(0, 'Fenêtre : position positive.').max(280, 'Fenêtre : dans la page A4.'),
  widthMm: z.number().min(40, 'Fenêtre : 40 mm de large au moins.').max(120, 'Fenêtre : 120 mm de large au plus.'),
  heightMm: z.number().min(20, 'Fenêtre : 20 mm de haut au moins.').max(60, 'Fenêtre : 60 mm de haut au plus.'),
  fontPt: z.number().min(9, 'Adresse : 9 points au moins.').max(12, 'Adresse : 12 points au plus.'),
});
export type LetterWindow = z.output<typeof letterWindow>;
export const DEFAULT_LETTER_WINDOW: LetterWindow = { leftMm: 110, topMm: 55, widthMm: 85, heightMm: 33, fontPt: 10 };

const graceDays = (label: string) => z.int(`${label} : un nombre entier de jours.`).min(0, `${label} : positif ou nul.`).max(60, `${label} : 60 jours au plus.`);

/**
 * Credit insurance: the policy's deadline to declare a threatened loss (menace de sinistre) runs
 * from the invoice's due date. It is the policy's own figure (no legal default: the 90 days
 * shipped are a placeholder to check against the policy, shown as such in Paramètres).
 */
const creditInsurance = z.object({
  insurerName: z.string().trim().max(120, 'Assureur : 120 caractères au plus.').default(''),
  insurerAddress: z.array(z.string().trim().max(38, 'Adresse de l’assureur : 38 caractères par ligne au plus.')).max(6).default([]),
  policyNumber: z.string().trim().max(60, 'N° de police : 60 caractères au plus.').default(''),
  declarationDays: z.int('Délai de déclaration : un nombre entier de jours.').min(1, 'Délai de déclaration : 1 jour au moins.').max(730, 'Délai de déclaration : 730 jours au plus.').default(90),
  /** False until the user has entered the policy's own deadline. */
  declarationDaysConfirmed: z.boolean().default(false),
});
export type CreditInsurance = z.output<typeof creditInsurance>;

export const bookSettingsSchema = z.object({
  eom45Reading: eom45Reading.default('eom_plus_45'),
  /** Upper bounds (days past due) of the aging buckets. */
  agingBounds: agingBounds.default([...DEFAULT_AGING_BOUNDS]),
  /** What money costs the user (overdraft rate), for the cost of late payment. */
  financingRateBp: financingRateBp.default(800),
  letterWindow: letterWindow.default(DEFAULT_LETTER_WINDOW),
  /** Days given by a firm reminder or a formal notice (counted from receipt for the latter). */
  letterDeadlineDays: z.int().min(1, 'Délai : au moins 1 jour.').max(90, 'Délai : 90 jours au plus.').default(8),
  /** A promise to pay holds the client's reminders until its date plus these days. */
  promiseGraceDays: graceDays('Délai de grâce d’une promesse').default(3),
  /** An instalment of a payment plan is missed when unpaid this many days after its date. */
  planGraceDays: graceDays('Délai de grâce d’une échéance').default(5),
  creditInsurance: creditInsurance.default({ insurerName: '', insurerAddress: [], policyNumber: '', declarationDays: 90, declarationDaysConfirmed: false }),
});
export type BookSettings = z.output<typeof bookSettingsSchema>;
/** A change: only the keys given are written (no defaults here, or they would overwrite). */
export const bookSettingsPatchSchema = z.object({
  eom45Reading: eom45Reading.optional(),
  agingBounds: agingBounds.optional(),
  financingRateBp: financingRateBp.optional(),
  letterWindow: letterWindow.optional(),
  letterDeadlineDays: z.int().min(1, 'Délai : au moins 1 jour.').max(90, 'Délai : 90 jours au plus.').optional(),
  promiseGraceDays: graceDays('Délai de grâce d’une promesse').optional(),
  planGraceDays: graceDays('Délai de grâce d’une échéance').optional(),
  creditInsurance: creditInsurance.optional(),
});
