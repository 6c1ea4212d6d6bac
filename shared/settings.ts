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

export const bookSettingsSchema = z.object({
  eom45Reading: eom45Reading.default('eom_plus_45'),
  /** Upper bounds (days past due) of the aging buckets. */
  agingBounds: agingBounds.default([...DEFAULT_AGING_BOUNDS]),
  /** What money costs the user (overdraft rate), for the cost of late payment. */
  financingRateBp: financingRateBp.default(800),
  letterWindow: letterWindow.default(DEFAULT_LETTER_WINDOW),
  /** Days given by a firm reminder or a formal notice (counted from receipt for the latter). */
  letterDeadlineDays: z.int().min(1, 'Délai : au moins 1 jour.').max(90, 'Délai : 90 jours au plus.').default(8),
});
export type BookSettings = z.output<typeof bookSettingsSchema>;
/** A change: only the keys given are written (no defaults here, or they would overwrite). */
export const bookSettingsPatchSchema = z.object({
  eom45Reading: eom45Reading.optional(),
  agingBounds: agingBounds.optional(),
  financingRateBp: financingRateBp.optional(),
  letterWindow: letterWindow.optional(),
  letterDeadlineDays: z.int().min(1, 'Délai : au moins 1 jour.').max(90, 'Délai : 90 jours au plus.').optional(),
});
