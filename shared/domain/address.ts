// Postal addresses as the six lines of the French standard NF Z10-011 (La Poste):
// at most 6 lines of at most 38 characters; line 6 holds the 5-digit postcode and the
// locality in capitals (or a CEDEX line). Source: assets/legal/sources.md § Address.
import { stripAccents } from './text.js';

export const ADDRESS_LINES = 6;
export const ADDRESS_LINE_MAX = 38;

/** Six lines, empty strings where a line is not used. */
export type AddressLines = [string, string, string, string, string, string];

export const EMPTY_ADDRESS: AddressLines = ['', '', '', '', '', ''];

export const ADDRESS_LINE_HINTS_FR: readonly string[] = [
  'Ligne 1 — raison sociale ou civilité, prénom, nom',
  'Ligne 2 — destinataire, service ou complément',
  'Ligne 3 — bâtiment, résidence, zone',
  'Ligne 4 — numéro et libellé de la voie',
  'Ligne 5 — BP, TSA ou lieu-dit',
  'Ligne 6 — code postal et localité',
];

/**
 * Normalizes what the user typed: trims each line, folds inner spaces, and writes line 6
 * in capitals without accents ("75008 Paris" → "75008 PARIS").
 */
export function normalizeAddress(lines: readonly string[]): AddressLines {
  const out = Array.from({ length: ADDRESS_LINES }, (_, i) => (lines[i] ?? '').replace(/\s+/g, ' ').trim()) as AddressLines;
  out[5] = stripAccents(out[5]).toUpperCase();
  return out;
}

export interface AddressProblem {
  line: number; // 1-based
  message: string;
}

const FRENCH_LAST_LINE = /^\d{5} [A-Z0-9][A-Z0-9' -]*$/;

/** Checks six normalized lines; an entirely empty address is allowed (it is then "missing"). */
export function checkAddress(lines: AddressLines, country = 'FR'): AddressProblem[] {
  const problems: AddressProblem[] = [];
  lines.forEach((line, i) => {
    if (line.length > ADDRESS_LINE_MAX) {
      problems.push({ line: i + 1, message: `Ligne ${i + 1} : ${line.length} caractères, la norme postale en permet ${ADDRESS_LINE_MAX} au plus.` });
    }
  });
  if (isAddressEmpty(lines)) return problems;
  if (lines[5] === '') {
    problems.push({ line: 6, message: 'Ligne 6 : indiquez le code postal et la localité (ex. 69002 LYON).' });
  } else if (country === 'FR' && !FRENCH_LAST_LINE.test(lines[5])) {
    problems.push({ line: 6, message: 'Ligne 6 : code postal à 5 chiffres, une espace, puis la localité (ex. 69002 LYON).' });
  }
  return problems;
}

export function isAddressEmpty(lines: readonly string[]): boolean {
  return lines.every((l) => l.trim() === '');
}

/** Postcode and locality read from line 6 ("69002 LYON CEDEX 02" → 69002, LYON CEDEX 02). */
export function postcodeAndCity(line6: string): { postcode: string | null; city: string | null } {
  const m = /^(\d{5})\s+(.+)$/.exec(line6.trim());
  if (!m) return { postcode: null, city: line6.trim() || null };
  return { postcode: m[1]!, city: m[2]! };
}

/** The lines actually printed: empty lines dropped, as the standard asks (no blank lines). */
export function printedLines(lines: readonly string[]): string[] {
  return lines.filter((l) => l.trim() !== '');
}
