// Reading what the user typed into amounts, dates and rates, with the French message for the
// field when it cannot be read. The schemas then check the values themselves.
import { parseDateInput, type IsoDate } from '../../../shared/domain/dates.js';
import { parseEuros, type Cents } from '../../../shared/domain/money.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

export function readAmount(text: string, label: string, optional = false): Parsed<Cents | null> {
  if (text.trim() === '') return optional ? { ok: true, value: null } : { ok: false, message: `${label} : obligatoire.` };
  const value = parseEuros(text);
  return value === null ? { ok: false, message: `${label} : un montant en euros (ex. 1 234,56).` } : { ok: true, value };
}

export function readDate(text: string, label: string, optional = false): Parsed<IsoDate | null> {
  if (text.trim() === '') return optional ? { ok: true, value: null } : { ok: false, message: `${label} : obligatoire (JJ/MM/AAAA).` };
  const value = parseDateInput(text);
  return value === null ? { ok: false, message: `${label} : date invalide (JJ/MM/AAAA).` } : { ok: true, value };
}

/** "12,5" or "12.50" (percent) → 1250 basis points; at most two decimals. */
export function readRateBp(text: string, label: string): Parsed<number | null> {
  const t = text.trim().replace('%', '').trim();
  if (t === '') return { ok: true, value: null };
  const m = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(t);
  if (!m) return { ok: false, message: `${label} : un pourcentage avec deux décimales au plus (ex. 12,5).` };
  return { ok: true, value: Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) };
}

/** Collects parse results into values and field errors. */
export function collect<T extends Record<string, Parsed<unknown>>>(parsed: T): { values: { [K in keyof T]: T[K] extends Parsed<infer V> ? V : never }; errors: Record<string, string> } {
  const values: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const [k, p] of Object.entries(parsed)) {
    if (p.ok) values[k] = p.value;
    else errors[k] = p.message;
  }
  return { values: values as never, errors };
}
