// Checks of French and banking identifiers, used by the forms and again by every channel's
// zod schema. Each rule cites its source in assets/legal/sources.md (§ Identifiers).
import { electronicFormatIBAN, isValidBIC as ibantoolsIsValidBic, isValidIBAN as ibantoolsIsValidIban } from 'ibantools';
import { z } from 'zod';

/** Removes spaces (ordinary, no-break, narrow no-break) and dots people type into numbers. */
export function compactIdentifier(value: string): string {
  return value.replace(/[\s\u00a0\u202f.]/g, '');
}

/** Luhn checksum over a string of digits. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** SIREN: 9 digits, the last one a Luhn check digit (INSEE). */
export function isValidSiren(value: string): boolean {
  const siren = compactIdentifier(value);
  return /^\d{9}$/.test(siren) && luhnValid(siren);
}

/** La Poste's establishments all share this SIREN; their SIRETs follow another rule. */
export const LA_POSTE_SIREN = '356000000';

/**
 * SIRET: SIREN + NIC, 14 digits, Luhn over all 14. La Poste exception: for SIREN 356000000
 * the SIRET is valid when the sum of its 14 digits is a multiple of 5 (the head office,
 * 35600000000048, also passes Luhn). Source: INSEE rule as cited by Wikipedia — flagged
 * UNCONFIRMED in our legal facts, kept because refusing valid La Poste SIRETs is worse.
 */
export function isValidSiret(value: string): boolean {
  return siretRule(value) !== 'invalid';
}

/**
 * Which rule a SIRET passes: 'luhn' (the general rule), 'la-poste' (only the La Poste
 * digit-sum rule, which the UI flags as unconfirmed), or 'invalid'.
 */
export function siretRule(value: string): 'luhn' | 'la-poste' | 'invalid' {
  const siret = compactIdentifier(value);
  if (!/^\d{14}$/.test(siret)) return 'invalid';
  if (luhnValid(siret)) return 'luhn';
  if (siret.startsWith(LA_POSTE_SIREN)) {
    const digitSum = [...siret].reduce((sum, c) => sum + Number(c), 0);
    if (digitSum % 5 === 0) return 'la-poste';
  }
  return 'invalid';
}

/** The numeric key of a French VAT number: (12 + 3 × (SIREN mod 97)) mod 97, two digits. */
export function frenchVatKey(siren: string): string {
  const key = (12 + 3 * (Number(compactIdentifier(siren)) % 97)) % 97;
  return String(key).padStart(2, '0');
}

/** The French VAT number of a SIREN: FR + key + SIREN. */
export function frenchVatFromSiren(siren: string): string {
  const s = compactIdentifier(siren);
  return `FR${frenchVatKey(s)}${s}`;
}

/**
 * French VAT number: "FR" + 2-character key + a valid SIREN. A numeric key must equal the
 * key computed from the SIREN; some old numbers carry an alphanumeric key, which is accepted
 * as is (it cannot be recomputed).
 */
export function isValidFrenchVat(value: string): boolean {
  const vat = compactIdentifier(value).toUpperCase();
  const m = /^FR([0-9A-HJ-NP-Z]{2})(\d{9})$/.exec(vat);
  if (!m) return false;
  const [, key, siren] = m as unknown as [string, string, string];
  if (!isValidSiren(siren)) return false;
  if (/^\d{2}$/.test(key)) return key === frenchVatKey(siren);
  return true;
}

/** IBAN (ISO 13616): country format, length and mod-97 check, by ibantools. */
export function isValidIban(value: string): boolean {
  const iban = electronicFormatIBAN(compactIdentifier(value));
  return iban !== null && ibantoolsIsValidIban(iban);
}

/** An IBAN in its printed form: groups of four. */
export function formatIban(value: string): string {
  const iban = electronicFormatIBAN(value) ?? compactIdentifier(value).toUpperCase();
  return iban.replace(/(.{4})(?=.)/g, '$1 ');
}

/** BIC (ISO 9362): 8 or 11 characters, no check digit; a known country code, by ibantools. */
export function isValidBic(value: string): boolean {
  return ibantoolsIsValidBic(compactIdentifier(value).toUpperCase());
}

const emailSchema = z.email();
/** The same e-mail rule as zod's `z.email()`, which every schema uses. */
export function isValidEmail(value: string): boolean {
  return emailSchema.safeParse(value.trim()).success;
}

/** French phone numbers and international ones: digits, spaces, dots, dashes, a leading +. */
export function isValidPhone(value: string): boolean {
  const compact = value.replace(/[\s.\-()]/g, '');
  return /^\+?\d{6,15}$/.test(compact);
}

/** NAF (APE) code: 2 digits, a dot, 2 digits and a letter, e.g. 62.01Z. */
export function normalizeNafCode(value: string): string | null {
  const m = /^(\d{2})\.?(\d{2})\s*([A-Za-z])$/.exec(value.trim());
  return m ? `${m[1]}.${m[2]}${m[3]!.toUpperCase()}` : null;
}

export function isValidNafCode(value: string): boolean {
  return normalizeNafCode(value) !== null;
}

/** Groups a SIREN or SIRET for display: 732 829 320 / 732 829 320 00074. */
export function formatSiren(value: string): string {
  const s = compactIdentifier(value);
  if (/^\d{9}$/.test(s)) return `${s.slice(0, 3)} ${s.slice(3, 6)} ${s.slice(6)}`;
  if (/^\d{14}$/.test(s)) return `${s.slice(0, 3)} ${s.slice(3, 6)} ${s.slice(6, 9)} ${s.slice(9)}`;
  return value;
}

/**
 * Tracking number of a registered letter (LRAR), checked loosely: 13 letters and digits once
 * spaces are removed, such as "1A 123 456 7890 1" (La Poste) or "RR123456785FR" (UPU S10). The
 * official check-digit rules are UNCONFIRMED in our sources, so no key is verified.
 */
export function isValidRegisteredNumber(value: string): boolean {
  return /^[0-9A-Z]{13}$/.test(compactIdentifier(value).toUpperCase());
}

/** "1A12345678901" → "1A 123 456 7890 1" (La Poste's printed grouping); other formats compacted. */
export function formatRegisteredNumber(value: string): string {
  const v = compactIdentifier(value).toUpperCase();
  const m = /^(\d[A-Z])(\d{3})(\d{3})(\d{4})(\d)$/.exec(v);
  return m ? `${m[1]} ${m[2]} ${m[3]} ${m[4]} ${m[5]}` : v;
}
