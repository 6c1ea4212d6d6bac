// Settings kept in the books (they change what the law engine computes, so they travel with
// backups). Preferences about the window and display live in shared/preferences.ts instead.
import { z } from 'zod';

const eom45Reading = z.enum(['eom_plus_45', 'plus_45_eom'], { error: '« 45 jours fin de mois » : choisissez une lecture.' });

export const bookSettingsSchema = z.object({ eom45Reading: eom45Reading.default('eom_plus_45') });
export type BookSettings = z.output<typeof bookSettingsSchema>;
/** A change: only the keys given are written (no defaults here, or they would overwrite). */
export const bookSettingsPatchSchema = z.object({ eom45Reading: eom45Reading.optional() });
