// Limitation (prescription) of an invoice claim: how long the creditor has to act, and when to warn.
//
// - Length: 5 years between businesses (C. com. L110-4; C. civ. 2224); 2 years for a
//   professional's action against a consumer for goods or services supplied (C. conso. L218-2,
//   a natural person only; mandatory, cannot be changed by contract).
// - Start: the delivery or completion date (Cass. 1re civ. 19 mai 2021 n° 20-12.520; Cass. com.
//   26 févr. 2020 n° 18-25.036), else the invoice date — the caller picks it.
// - Interruption restarts a full new period of the same length from its date (C. civ. 2231):
//   acknowledgment by the debtor, explicit or implied by a partial payment (2240); a court
//   action, even in référé (2241); a conservatory or enforcement measure (2244). The latest
//   interruption counts. An "interruption" dated after the running period had already expired
//   revives nothing (the claim was already time-barred) and is ignored, as is one dated after
//   `today` (it has not happened yet) or before the start.
// - A formal notice (mise en demeure) does NOT interrupt prescription (Cass. com. 18 mai 2022
//   n° 20-23.204): callers must not pass formal-notice dates as interruptions.
// - Dates: expiresOn = addMonths(start, 12 × years) is the last day on which the creditor can
//   still act (C. civ. 2229: prescription is acquired once the last day of the term has passed);
//   the claim is 'expired' from the next day. 'soon' from addMonths(expiresOn, −6).
import { addDays, addMonths, daysBetween, formatDateFr, isIsoDate, type IsoDate } from './dates.js';

export interface PrescriptionInput {
  kind: 'business' | 'consumer';
  /** Delivery or completion date, else the invoice date. */
  startDate: IsoDate;
  /** Acknowledgments, partial payments, court actions, enforcement measures — never a formal notice. */
  interruptions: readonly IsoDate[];
  today: IsoDate;
}

export interface Prescription {
  years: 5 | 2;
  /** The date the running period started: startDate or the latest effective interruption. */
  runsFrom: IsoDate;
  /** Last day on which the claim can still be enforced or interrupted. */
  expiresOn: IsoDate;
  warnFrom: IsoDate;
  status: 'running' | 'soon' | 'expired';
  /** In French. */
  message: string;
}

export const PRESCRIPTION_WARNING_MONTHS = 6;

const BASIS_FR: Record<'business' | 'consumer', string> = {
  business: '5 ans entre professionnels, article L110-4 du Code de commerce',
  consumer: '2 ans contre un particulier, article L218-2 du Code de la consommation',
};

export function prescriptionYears(kind: 'business' | 'consumer'): 5 | 2 {
  return kind === 'business' ? 5 : 2;
}

export function computePrescription(input: PrescriptionInput): Prescription {
  const { kind, startDate, today } = input;
  const dates: [string, IsoDate][] = [['startDate', startDate], ['today', today], ...input.interruptions.map((i): [string, IsoDate] => ['interruption', i])];
  for (const [name, value] of dates) {
    if (!isIsoDate(value)) throw new RangeError(`${name}: not a calendar date: ${String(value)}`);
  }
  const years = prescriptionYears(kind);
  const months = 12 * years;
  let runsFrom = startDate;
  let expiresOn = addMonths(startDate, months);
  for (const date of [...input.interruptions].sort()) {
    if (date <= runsFrom || date > today || date > expiresOn) continue;
    runsFrom = date;
    expiresOn = addMonths(date, months);
  }
  const warnFrom = addMonths(expiresOn, -PRESCRIPTION_WARNING_MONTHS);
  const status = today > expiresOn ? 'expired' : today >= warnFrom ? 'soon' : 'running';
  const interrupted = runsFrom !== startDate ? ` depuis la dernière interruption du ${formatDateFr(runsFrom)}` : ` depuis le ${formatDateFr(runsFrom)}`;
  let message: string;
  if (status === 'expired') {
    message =
      `Créance prescrite depuis le ${formatDateFr(addDays(expiresOn, 1))} (${BASIS_FR[kind]}${interrupted}). ` +
      'Une action en justice serait irrecevable si le débiteur invoque la prescription.';
  } else if (status === 'soon') {
    const left = daysBetween(today, expiresOn);
    message =
      `Prescription proche : la créance sera prescrite après le ${formatDateFr(expiresOn)} (${BASIS_FR[kind]}${interrupted}), ` +
      `dans ${left} jour${left > 1 ? 's' : ''}. Pour l’interrompre : reconnaissance de dette écrite, paiement partiel, ` +
      'action en justice (injonction de payer, assignation). Une mise en demeure ne suffit pas.';
  } else {
    message = `Prescription le ${formatDateFr(expiresOn)} (${BASIS_FR[kind]}${interrupted}).`;
  }
  return { years, runsFrom, expiresOn, warnFrom, status, message };
}
