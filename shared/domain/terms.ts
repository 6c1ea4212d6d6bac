// Due dates from payment terms (L441-10 I Code de commerce). "45 jours fin de mois" has two
// readings in practice; the user picks one in Paramètres and both dates are shown.
import type { PaymentTerms } from './client.js';
import { addDays, endOfMonth, type IsoDate } from './dates.js';

/**
 * 'eom_plus_45': 45 days counted from the end of the invoice month (the statutory reading).
 * The only worked example in our sources (invoice of 20/04/2019 → 15/06/2019) counts the 45 days
 * from the 1st of the next month, so we do too: it is also the later, safer date before claiming
 * penalties.
 * 'plus_45_eom': 45 days after the invoice date, then the end of that month (practice reading).
 */
export type Eom45Reading = 'eom_plus_45' | 'plus_45_eom';
export const EOM45_READING_LABELS: Record<Eom45Reading, string> = {
  eom_plus_45: 'Fin du mois de facture + 45 jours (lecture légale)',
  plus_45_eom: 'Date de facture + 45 jours, puis fin de ce mois',
};

export function eom45DueDate(issueDate: IsoDate, reading: Eom45Reading): IsoDate {
  return reading === 'eom_plus_45' ? addDays(addDays(endOfMonth(issueDate), 1), 45) : endOfMonth(addDays(issueDate, 45));
}

export function dueDateFor(issueDate: IsoDate, terms: PaymentTerms, reading: Eom45Reading = 'eom_plus_45'): IsoDate {
  return terms.mode === 'eom45' ? eom45DueDate(issueDate, reading) : addDays(issueDate, terms.days);
}
