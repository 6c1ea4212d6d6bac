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

export const bookSettingsSchema = z.object({
  eom45Reading: eom45Reading.default('eom_plus_45'),
  /** Upper bounds (days past due) of the aging buckets. */
  agingBounds: agingBounds.default([...DEFAULT_AGING_BOUNDS]),
  /** What money costs the user (overdraft rate), for the cost of late payment. */
  financingRateBp: financingRateBp.default(800),
});
export type BookSettings = z.output<typeof bookSettingsSchema>;
/** A change: only the keys given are written (no defaults here, or they would overwrite). */
export const bookSettingsPatchSchema = z.object({
  eom45Reading: eom45Reading.optional(),
  agingBounds: agingBounds.optional(),
  financingRateBp: financingRateBp.optional(),
});
