import { describe, it, expect } from 'vitest';
import type { IsoDate } from '../domain/dates.js';
import {
  B2B_MARGIN_BP,
  B2B_MARGIN_SOURCES,
  BUILT_IN_RATES,
  RECOVERY_INDEMNITY_CENTS,
  RECOVERY_INDEMNITY_SOURCES,
  formatRateBp,
  formatSemesterFr,
  isSemester,
  lookupRates,
  mergeRates,
  nextSemester,
  semesterEnd,
  semesterOf,
  semesterStart,
  type Semester,
  type SemesterRates,
} from './rates.js';

const d = (s: string) => s as IsoDate;

function allSemesters(from: number, to: number): Semester[] {
  const out: Semester[] = [];
  for (let y = from; y <= to; y++) out.push(`${y}-S1`, `${y}-S2`);
  return out;
}

const row = (semester: Semester) => BUILT_IN_RATES.find((r) => r.semester === semester)!;

describe('BUILT_IN_RATES', () => {
  it('holds every semester from 2015-S1 to 2026-S2 exactly once, in order', () => {
    expect(BUILT_IN_RATES.map((r) => r.semester)).toEqual(allSemesters(2015, 2026));
  });

  it('gives the default B2B rates of table 1.3 (MRO on 1 Jan / 1 Jul + 10 points)', () => {
    const expected: Record<string, number> = {
      '2015-S1': 1005, '2015-S2': 1005, '2016-S1': 1005, '2016-S2': 1000,
      '2017-S1': 1000, '2017-S2': 1000, '2018-S1': 1000, '2018-S2': 1000, '2019-S1': 1000, '2019-S2': 1000,
      '2020-S1': 1000, '2020-S2': 1000, '2021-S1': 1000, '2021-S2': 1000, '2022-S1': 1000, '2022-S2': 1000,
      '2023-S1': 1250, '2023-S2': 1400, '2024-S1': 1450, '2024-S2': 1425, '2025-S1': 1315, '2025-S2': 1215, '2026-S1': 1215,
    };
    for (const [semester, bp] of Object.entries(expected)) {
      expect(row(semester as Semester).ecbMroBp! + B2B_MARGIN_BP, semester).toBe(bp);
    }
  });

  it('gives the legal rates of table 2.2 and the 3× floors of table 1.3', () => {
    expect([row('2015-S1').legalConsumerCreditorBp, row('2015-S1').legalOtherBp]).toEqual([406, 93]);
    expect([row('2023-S2').legalConsumerCreditorBp, row('2023-S2').legalOtherBp]).toEqual([682, 422]);
    expect([row('2026-S1').legalConsumerCreditorBp, row('2026-S1').legalOtherBp]).toEqual([667, 262]);
    const floors: Record<string, number> = { '2015-S1': 279, '2016-S1': 303, '2023-S1': 618, '2023-S2': 1266, '2024-S1': 1521, '2024-S2': 1476, '2025-S1': 1113, '2025-S2': 828, '2026-S1': 786 };
    for (const [semester, bp] of Object.entries(floors)) expect(3 * row(semester as Semester).legalOtherBp!, semester).toBe(bp);
  });

  it('marks 2026-S2 as unconfirmed, with no rate and a French note', () => {
    const r = row('2026-S2');
    expect(r).toMatchObject({ ecbMroBp: null, legalConsumerCreditorBp: null, legalOtherBp: null, unconfirmed: true });
    expect(r.note).toMatch(/Non confirmé.*Paramètres/);
    expect(BUILT_IN_RATES.filter((x) => x.unconfirmed).map((x) => x.semester)).toEqual(['2026-S2']);
  });

  it('every confirmed row has whole, non-negative basis points', () => {
    for (const r of BUILT_IN_RATES.filter((x) => !x.unconfirmed)) {
      for (const v of [r.ecbMroBp, r.legalConsumerCreditorBp, r.legalOtherBp]) {
        expect(Number.isSafeInteger(v), r.semester).toBe(true);
        expect(v!, r.semester).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('every row, and each constant, has at least one http(s) source', () => {
    for (const r of BUILT_IN_RATES) {
      expect(r.sources.length, r.semester).toBeGreaterThan(0);
      for (const s of r.sources) expect(s, r.semester).toMatch(/^https?:\/\/\S+$/);
    }
    for (const s of [...RECOVERY_INDEMNITY_SOURCES, ...B2B_MARGIN_SOURCES]) expect(s).toMatch(/^https?:\/\//);
    expect(RECOVERY_INDEMNITY_CENTS).toBe(4000);
    expect(B2B_MARGIN_BP).toBe(1000);
  });
});

describe('semesters', () => {
  it.each([
    ['2024-01-01', '2024-S1'],
    ['2024-06-30', '2024-S1'],
    ['2024-07-01', '2024-S2'],
    ['2024-12-31', '2024-S2'],
  ])('semesterOf(%s) = %s', (date, semester) => {
    expect(semesterOf(d(date))).toBe(semester);
  });

  it('gives the first and last day, the next semester and a French label', () => {
    expect([semesterStart('2024-S1'), semesterEnd('2024-S1')]).toEqual(['2024-01-01', '2024-06-30']);
    expect([semesterStart('2024-S2'), semesterEnd('2024-S2')]).toEqual(['2024-07-01', '2024-12-31']);
    expect([nextSemester('2024-S1'), nextSemester('2024-S2')]).toEqual(['2024-S2', '2025-S1']);
    expect([formatSemesterFr('2026-S1'), formatSemesterFr('2026-S2')]).toEqual(['1er semestre 2026', '2e semestre 2026']);
    expect([isSemester('2026-S2'), isSemester('2026-S3'), isSemester('26-S1'), isSemester(null)]).toEqual([true, false, false, false]);
  });
});

describe('mergeRates / lookupRates', () => {
  const user: SemesterRates = { semester: '2026-S2', ecbMroBp: 200, legalConsumerCreditorBp: 650, legalOtherBp: 250, sources: ['https://www.legifrance.gouv.fr/'] };

  it('a user row replaces the built-in row of its semester; others are kept; sorted', () => {
    const merged = mergeRates(BUILT_IN_RATES, [user]);
    expect(merged).toHaveLength(BUILT_IN_RATES.length);
    expect(merged.find((r) => r.semester === '2026-S2')).toEqual(user);
    expect(merged.find((r) => r.semester === '2025-S2')).toBe(row('2025-S2'));
  });

  it('a user row for a new semester is added in order; the last of duplicates wins', () => {
    const later: SemesterRates = { ...user, semester: '2027-S1', ecbMroBp: 100 };
    const merged = mergeRates(BUILT_IN_RATES, [later, { ...later, ecbMroBp: 150 }, user]);
    expect(merged.map((r) => r.semester).slice(-3)).toEqual(['2026-S1', '2026-S2', '2027-S1']);
    expect(merged.at(-1)!.ecbMroBp).toBe(150);
  });

  it('refuses a malformed semester', () => {
    expect(() => mergeRates(BUILT_IN_RATES, [{ ...user, semester: '2026-S3' as Semester }])).toThrow(RangeError);
  });

  it('finds a known row as is', () => {
    expect(lookupRates(BUILT_IN_RATES, '2025-S2')).toEqual({ ...row('2025-S2'), fallback: false });
  });

  it('falls back to the latest earlier known row, flagged', () => {
    const found = lookupRates(BUILT_IN_RATES, '2026-S2');
    expect(found?.semester).toBe('2026-S1');
    expect(found?.fallback).toBe(true);
    expect(lookupRates(BUILT_IN_RATES, '2030-S1', 'ecbMroBp')?.semester).toBe('2026-S1');
    expect(lookupRates(mergeRates(BUILT_IN_RATES, [user]), '2026-S2')?.fallback).toBe(false);
  });

  it('checks only the field asked for', () => {
    const partial = mergeRates(BUILT_IN_RATES, [{ ...user, legalOtherBp: null }]);
    expect(lookupRates(partial, '2026-S2', 'ecbMroBp')).toMatchObject({ semester: '2026-S2', fallback: false, ecbMroBp: 200 });
    expect(lookupRates(partial, '2026-S2', 'legalOtherBp')).toMatchObject({ semester: '2026-S1', fallback: true });
    expect(lookupRates(partial, '2026-S2')).toMatchObject({ semester: '2026-S1', fallback: true });
  });

  it('returns null before the table', () => {
    expect(lookupRates(BUILT_IN_RATES, '2014-S2')).toBeNull();
  });
});

describe('formatRateBp', () => {
  it.each([
    [1215, '12,15\u00a0%'],
    [5, '0,05\u00a0%'],
    [0, '0,00\u00a0%'],
    [1000, '10,00\u00a0%'],
    [-50, '-0,50\u00a0%'],
  ])('%i → %s', (bp, text) => {
    expect(formatRateBp(bp)).toBe(text);
  });

  it('refuses a fraction of a basis point', () => {
    expect(() => formatRateBp(12.5)).toThrow(RangeError);
  });
});
