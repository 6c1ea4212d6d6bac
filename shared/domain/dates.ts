// Calendar dates as ISO `YYYY-MM-DD` strings. All arithmetic goes through a day number
// (days since 1970-01-01 in the proleptic Gregorian calendar), computed with integer
// arithmetic only: no `Date`, so no time zone or daylight-saving surprise can move a day.

declare const isoDateBrand: unique symbol;
/** A calendar date written `YYYY-MM-DD`. */
export type IsoDate = string & { readonly [isoDateBrand]: 'IsoDate' };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return y >= 1900 && y <= 2999 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

export function isoDate(value: string): IsoDate {
  if (!isIsoDate(value)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${value}`);
  return value;
}

export function parts(date: IsoDate): { year: number; month: number; day: number } {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

export function fromParts(year: number, month: number, day: number): IsoDate {
  return isoDate(`${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
}

// Howard Hinnant's days_from_civil / civil_from_days, on integers.
export function toDayNumber(date: IsoDate): number {
  let { year: y, month: m, day: d } = parts(date);
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function fromDayNumber(dayNumber: number): IsoDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return fromParts(y, m, d);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Number of days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

export function endOfMonth(date: IsoDate): IsoDate {
  const { year, month } = parts(date);
  return fromParts(year, month, daysInMonth(year, month));
}

/** Adds months, clamping the day to the end of the target month (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const { year, month, day } = parts(date);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return fromParts(y, m, Math.min(day, daysInMonth(y, m)));
}

export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a <= b ? a : b;
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b;
}

/** 23/11/2026 */
export function formatDateFr(date: IsoDate | string | null | undefined): string {
  if (!date || !isIsoDate(date)) return '';
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}

const MONTHS_FR = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** "23 novembre 2026", "1er mars 2026", as a French letter is dated. */
export function formatDateLongFr(date: IsoDate): string {
  const { year, month, day } = parts(date);
  return `${day === 1 ? '1er' : day} ${MONTHS_FR[month - 1]} ${year}`;
}

/** Accepts `YYYY-MM-DD` or `DD/MM/YYYY` (as French users and files write dates). */
export function parseDateInput(input: string): IsoDate | null {
  const text = input.trim();
  if (isIsoDate(text)) return text;
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (!m) return null;
  const candidate = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return isIsoDate(candidate) ? candidate : null;
}

/**
 * Today's calendar date where the user is. The one place that reads the clock for a date;
 * callers pass `today` down so calculations stay pure and testable.
 */
export function todayLocal(now: { getFullYear(): number; getMonth(): number; getDate(): number } = new Date()): IsoDate {
  return fromParts(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

/**
 * The dates a calculation may be asked "as of": reports and queues look back up to a few years
 * (aging history, 24-month scores), so their date must leave that room inside the calendar the
 * arithmetic supports. Outside: a validation message, not a failure deep in a report.
 */
export const AS_OF_MIN = '1990-01-01';
export const AS_OF_MAX = '2099-12-31';
export function isAsOfDate(value: unknown): value is IsoDate {
  return isIsoDate(value) && value >= AS_OF_MIN && value <= AS_OF_MAX;
}
