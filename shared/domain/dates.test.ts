import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  addDays,
  addMonths,
  compareDates,
  daysBetween,
  daysInMonth,
  endOfMonth,
  formatDateFr,
  formatDateLongFr,
  fromDayNumber,
  fromParts,
  isIsoDate,
  isLeapYear,
  isoDate,
  maxDate,
  minDate,
  parseDateInput,
  parts,
  toDayNumber,
  todayLocal,
  type IsoDate,
} from './dates.js';

const MS_PER_DAY = 86_400_000;

/** Any valid calendar date between 1900-01-01 and 2999-12-31, drawn through UTC Date (an independent oracle). */
function dateArb(minYear = 1900, maxYear = 2999): fc.Arbitrary<IsoDate> {
  return fc
    .integer({ min: Date.UTC(minYear, 0, 1) / MS_PER_DAY, max: Date.UTC(maxYear, 11, 31) / MS_PER_DAY })
    .map((day) => isoDate(new Date(day * MS_PER_DAY).toISOString().slice(0, 10)));
}

describe('toDayNumber / fromDayNumber', () => {
  it.each<[string, number]>([
    ['1970-01-01', 0],
    ['1970-01-02', 1],
    ['1969-12-31', -1],
    ['2000-01-01', 10957],
    ['2000-02-29', 11016],
    ['2000-03-01', 11017],
    ['2024-02-29', 19782],
    ['2024-03-01', 19783],
    ['1900-01-01', -25567],
    ['1900-03-01', -25508], // 1900 is not a leap year: 59 days after 1 January
    ['2999-12-31', 376199],
  ])('%s is day %d', (date, day) => {
    expect(toDayNumber(isoDate(date))).toBe(day);
    expect(fromDayNumber(day)).toBe(date);
  });

  it('round-trips any valid date between 1900 and 2999 (property)', () => {
    fc.assert(
      fc.property(dateArb(), (date) => {
        expect(fromDayNumber(toDayNumber(date))).toBe(date);
      }),
    );
  });

  it('agrees with Date.UTC (property)', () => {
    fc.assert(
      fc.property(dateArb(), (date) => {
        const { year, month, day } = parts(date);
        expect(toDayNumber(date)).toBe(Date.UTC(year, month - 1, day) / MS_PER_DAY);
      }),
    );
  });

  it('consecutive day numbers are consecutive dates (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -25567, max: 376198 }), (day) => {
        const today = fromDayNumber(day);
        const tomorrow = fromDayNumber(day + 1);
        expect(compareDates(today, tomorrow)).toBe(-1);
        expect(toDayNumber(tomorrow) - toDayNumber(today)).toBe(1);
      }),
    );
  });

  it('refuses day numbers outside 1900–2999', () => {
    expect(() => fromDayNumber(-25568)).toThrow(RangeError);
    expect(() => fromDayNumber(376200)).toThrow(RangeError);
  });
});

describe('isLeapYear / daysInMonth', () => {
  it.each<[number, boolean]>([
    [1900, false],
    [2000, true],
    [2023, false],
    [2024, true],
    [2100, false],
    [2400, true],
    [1996, true],
  ])('%d leap: %s', (year, expected) => {
    expect(isLeapYear(year)).toBe(expected);
  });

  it.each<[number, number, number]>([
    [2024, 1, 31],
    [2024, 2, 29],
    [2023, 2, 28],
    [1900, 2, 28],
    [2000, 2, 29],
    [2024, 3, 31],
    [2024, 4, 30],
    [2024, 5, 31],
    [2024, 6, 30],
    [2024, 7, 31],
    [2024, 8, 31],
    [2024, 9, 30],
    [2024, 10, 31],
    [2024, 11, 30],
    [2024, 12, 31],
  ])('%d-%d has %d days', (year, month, expected) => {
    expect(daysInMonth(year, month)).toBe(expected);
  });

  it('a year has 365 or 366 days', () => {
    for (const year of [1900, 2000, 2023, 2024]) {
      const total = Array.from({ length: 12 }, (_, i) => daysInMonth(year, i + 1)).reduce((a, b) => a + b, 0);
      expect(total).toBe(isLeapYear(year) ? 366 : 365);
    }
  });
});

describe('isIsoDate / isoDate / parts / fromParts', () => {
  it.each(['2024-02-29', '2000-02-29', '1900-01-01', '2999-12-31', '2024-04-30', '2026-11-23'])('accepts %s', (value) => {
    expect(isIsoDate(value)).toBe(true);
    expect(isoDate(value)).toBe(value);
  });

  it.each<[unknown, string]>([
    ['2023-02-29', 'not a leap year'],
    ['1900-02-29', '1900 is not a leap year'],
    ['2024-13-01', 'month 13'],
    ['2024-00-10', 'month 0'],
    ['2024-04-31', 'April has 30 days'],
    ['2024-01-00', 'day 0'],
    ['2024-1-01', 'one-digit month'],
    ['2024-01-1', 'one-digit day'],
    ['abc', 'not a date'],
    ['', 'empty'],
    [' 2024-04-30', 'leading space'],
    ['2024-04-30T00:00', 'with a time'],
    ['2024/04/30', 'slashes'],
    ['1899-12-31', 'before 1900'],
    ['3000-01-01', 'after 2999'],
    [20240101, 'a number'],
    [null, 'null'],
    [undefined, 'undefined'],
  ])('refuses %j (%s)', (value) => {
    expect(isIsoDate(value)).toBe(false);
  });

  it('isoDate throws on an invalid date', () => {
    expect(() => isoDate('2023-02-29')).toThrow(RangeError);
  });

  it('parts and fromParts are inverse', () => {
    expect(parts(isoDate('2026-11-23'))).toEqual({ year: 2026, month: 11, day: 23 });
    expect(fromParts(2026, 3, 1)).toBe('2026-03-01');
    expect(() => fromParts(2024, 2, 30)).toThrow(RangeError);
  });
});

describe('addDays / daysBetween', () => {
  it.each<[string, number, string]>([
    ['2024-12-31', 1, '2025-01-01'],
    ['2025-01-01', -1, '2024-12-31'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2026-01-31', 30, '2026-03-02'],
    ['2026-11-23', 0, '2026-11-23'],
    ['2024-01-01', 366, '2025-01-01'],
    ['1999-12-31', 1, '2000-01-01'],
  ])('%s + %d days = %s', (date, days, expected) => {
    expect(addDays(isoDate(date), days)).toBe(expected);
  });

  it.each<[string, string, number]>([
    ['2024-01-01', '2025-01-01', 366],
    ['2023-01-01', '2024-01-01', 365],
    ['2025-01-01', '2024-01-01', -366],
    ['2026-11-23', '2026-11-23', 0],
    ['2026-01-31', '2026-03-02', 30],
  ])('from %s to %s is %d days', (from, to, expected) => {
    expect(daysBetween(isoDate(from), isoDate(to))).toBe(expected);
  });

  it('refuses to leave the supported range', () => {
    expect(() => addDays(isoDate('2999-12-31'), 1)).toThrow(RangeError);
    expect(() => addDays(isoDate('1900-01-01'), -1)).toThrow(RangeError);
  });

  it('addDays(d, n) then daysBetween gives back n (property)', () => {
    fc.assert(
      fc.property(dateArb(1950, 2950), fc.integer({ min: -17_000, max: 17_000 }), (date, n) => {
        const later = addDays(date, n);
        expect(daysBetween(date, later)).toBe(n);
        expect(addDays(later, -n)).toBe(date);
        expect(compareDates(later, date)).toBe(Math.sign(n));
      }),
    );
  });
});

describe('endOfMonth', () => {
  it.each<[string, string]>([
    ['2024-02-10', '2024-02-29'],
    ['2023-02-10', '2023-02-28'],
    ['2024-04-01', '2024-04-30'],
    ['2024-12-31', '2024-12-31'],
    ['1900-02-01', '1900-02-28'],
  ])('end of the month of %s is %s', (date, expected) => {
    expect(endOfMonth(isoDate(date))).toBe(expected);
  });
});

describe('addMonths', () => {
  it.each<[string, number, string]>([
    ['2024-01-31', 1, '2024-02-29'],
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-03-31', 1, '2024-04-30'],
    ['2024-01-15', 1, '2024-02-15'],
    ['2024-11-30', 3, '2025-02-28'],
    ['2024-12-15', 1, '2025-01-15'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-02-29', 48, '2028-02-29'],
    ['2024-01-15', 0, '2024-01-15'],
    // Negative months
    ['2024-03-31', -1, '2024-02-29'],
    ['2023-03-31', -1, '2023-02-28'],
    ['2024-01-15', -1, '2023-12-15'],
    ['2024-01-15', -13, '2022-12-15'],
    ['2024-05-31', -51, '2020-02-29'],
  ])('%s + %d months = %s', (date, months, expected) => {
    expect(addMonths(isoDate(date), months)).toBe(expected);
  });

  it('never changes the day except to clamp it, and lands on the right month (property)', () => {
    fc.assert(
      fc.property(dateArb(1950, 2950), fc.integer({ min: -500, max: 500 }), (date, months) => {
        const before = parts(date);
        const after = parts(addMonths(date, months));
        expect(after.year * 12 + after.month - (before.year * 12 + before.month)).toBe(months);
        expect(after.day).toBe(Math.min(before.day, daysInMonth(after.year, after.month)));
      }),
    );
  });
});

describe('compareDates / minDate / maxDate', () => {
  it('orders ISO dates', () => {
    const a = isoDate('2023-12-31');
    const b = isoDate('2024-01-01');
    expect(compareDates(a, b)).toBe(-1);
    expect(compareDates(b, a)).toBe(1);
    expect(compareDates(a, a)).toBe(0);
    expect(minDate(a, b)).toBe(a);
    expect(minDate(b, a)).toBe(a);
    expect(maxDate(a, b)).toBe(b);
    expect(maxDate(b, a)).toBe(b);
  });
});

describe('formatDateFr / formatDateLongFr', () => {
  it.each<[string | null | undefined, string]>([
    ['2026-11-23', '23/11/2026'],
    ['2026-03-01', '01/03/2026'],
    ['2026-02-30', ''],
    ['23/11/2026', ''],
    ['', ''],
    [null, ''],
    [undefined, ''],
  ])('formatDateFr(%j) = %j', (date, expected) => {
    expect(formatDateFr(date)).toBe(expected);
  });

  it.each<[string, string]>([
    ['2026-03-01', '1er mars 2026'],
    ['2026-11-23', '23 novembre 2026'],
    ['2026-08-05', '5 août 2026'],
    ['2026-02-01', '1er février 2026'],
    ['2026-12-31', '31 décembre 2026'],
    ['2026-01-10', '10 janvier 2026'],
  ])('formatDateLongFr(%s) = %j', (date, expected) => {
    expect(formatDateLongFr(isoDate(date))).toBe(expected);
  });
});

describe('parseDateInput', () => {
  it.each<[string, string]>([
    ['2026-03-01', '2026-03-01'],
    ['  2026-03-01 ', '2026-03-01'],
    ['01/03/2026', '2026-03-01'],
    ['1/3/2026', '2026-03-01'],
    [' 23/11/2026 ', '2026-11-23'],
    ['29/02/2024', '2024-02-29'],
    ['31/12/2999', '2999-12-31'],
  ])('parses %j as %s', (input, expected) => {
    expect(parseDateInput(input)).toBe(expected);
  });

  it.each([
    '31/02/2026',
    '29/02/2023',
    '32/01/2026',
    '01/13/2026',
    '00/01/2026',
    '1/3/26',
    '001/03/2026',
    '2026/03/01',
    '01-03-2026',
    '01.03.2026',
    '2026-3-1',
    '01/01/1899',
    '',
    'demain',
  ])('refuses %j', (input) => {
    expect(parseDateInput(input)).toBeNull();
  });

  it('reads back what formatDateFr writes (property)', () => {
    fc.assert(
      fc.property(dateArb(), (date) => {
        expect(parseDateInput(formatDateFr(date))).toBe(date);
      }),
    );
  });
});

describe('todayLocal', () => {
  it('builds the date from the local calendar fields (month is 0-based)', () => {
    const now = { getFullYear: () => 2026, getMonth: () => 10, getDate: () => 23 };
    expect(todayLocal(now)).toBe('2026-11-23');
  });

  it('defaults to a valid date', () => {
    expect(isIsoDate(todayLocal())).toBe(true);
  });
});
