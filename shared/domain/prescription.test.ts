import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { addMonths, fromDayNumber, toDayNumber, type IsoDate } from './dates.js';
import { computePrescription, type Prescription, type PrescriptionInput } from './prescription.js';

const d = (s: string) => s as IsoDate;

type Row = [string, PrescriptionInput, Pick<Prescription, 'years' | 'runsFrom' | 'expiresOn' | 'warnFrom' | 'status'>];

const CASES: Row[] = [
  [
    'business, no interruption, well before the deadline',
    { kind: 'business', startDate: d('2023-03-15'), interruptions: [], today: d('2025-01-10') },
    { years: 5, runsFrom: d('2023-03-15'), expiresOn: d('2028-03-15'), warnFrom: d('2027-09-15'), status: 'running' },
  ],
  [
    'business, the day before the warning window',
    { kind: 'business', startDate: d('2020-03-15'), interruptions: [], today: d('2024-09-14') },
    { years: 5, runsFrom: d('2020-03-15'), expiresOn: d('2025-03-15'), warnFrom: d('2024-09-15'), status: 'running' },
  ],
  [
    'business, first day of the warning window',
    { kind: 'business', startDate: d('2020-03-15'), interruptions: [], today: d('2024-09-15') },
    { years: 5, runsFrom: d('2020-03-15'), expiresOn: d('2025-03-15'), warnFrom: d('2024-09-15'), status: 'soon' },
  ],
  [
    'business, on the last day: still possible to act',
    { kind: 'business', startDate: d('2020-03-15'), interruptions: [], today: d('2025-03-15') },
    { years: 5, runsFrom: d('2020-03-15'), expiresOn: d('2025-03-15'), warnFrom: d('2024-09-15'), status: 'soon' },
  ],
  [
    'business, the day after the last day: expired',
    { kind: 'business', startDate: d('2020-03-15'), interruptions: [], today: d('2025-03-16') },
    { years: 5, runsFrom: d('2020-03-15'), expiresOn: d('2025-03-15'), warnFrom: d('2024-09-15'), status: 'expired' },
  ],
  [
    'consumer: 2 years',
    { kind: 'consumer', startDate: d('2024-05-31'), interruptions: [], today: d('2025-06-01') },
    { years: 2, runsFrom: d('2024-05-31'), expiresOn: d('2026-05-31'), warnFrom: d('2025-11-30'), status: 'running' },
  ],
  [
    'consumer, 29 February start: expiry clamped to 28 February',
    { kind: 'consumer', startDate: d('2024-02-29'), interruptions: [], today: d('2026-03-01') },
    { years: 2, runsFrom: d('2024-02-29'), expiresOn: d('2026-02-28'), warnFrom: d('2025-08-28'), status: 'expired' },
  ],
  [
    'consumer, a partial payment restarts a full 2-year period',
    { kind: 'consumer', startDate: d('2023-01-10'), interruptions: [d('2024-06-20')], today: d('2025-03-01') },
    { years: 2, runsFrom: d('2024-06-20'), expiresOn: d('2026-06-20'), warnFrom: d('2025-12-20'), status: 'running' },
  ],
  [
    'business, the latest of several interruptions counts (given in any order)',
    { kind: 'business', startDate: d('2019-01-01'), interruptions: [d('2023-05-05'), d('2021-02-02')], today: d('2025-01-01') },
    { years: 5, runsFrom: d('2023-05-05'), expiresOn: d('2028-05-05'), warnFrom: d('2027-11-05'), status: 'running' },
  ],
  [
    'consumer, an acknowledgment after the claim was time-barred revives nothing',
    { kind: 'consumer', startDate: d('2020-01-15'), interruptions: [d('2023-01-01')], today: d('2023-06-01') },
    { years: 2, runsFrom: d('2020-01-15'), expiresOn: d('2022-01-15'), warnFrom: d('2021-07-15'), status: 'expired' },
  ],
  [
    'consumer, an interruption on the very last day still counts',
    { kind: 'consumer', startDate: d('2020-01-15'), interruptions: [d('2022-01-15')], today: d('2023-06-01') },
    { years: 2, runsFrom: d('2022-01-15'), expiresOn: d('2024-01-15'), warnFrom: d('2023-07-15'), status: 'running' },
  ],
  [
    'an interruption dated in the future is not counted yet',
    { kind: 'business', startDate: d('2021-01-01'), interruptions: [d('2026-12-01')], today: d('2025-12-01') },
    { years: 5, runsFrom: d('2021-01-01'), expiresOn: d('2026-01-01'), warnFrom: d('2025-07-01'), status: 'soon' },
  ],
];

describe('computePrescription', () => {
  it.each(CASES)('%s', (_name, input, expected) => {
    const result = computePrescription(input);
    expect({ years: result.years, runsFrom: result.runsFrom, expiresOn: result.expiresOn, warnFrom: result.warnFrom, status: result.status }).toEqual(expected);
  });

  it('explains itself in French', () => {
    expect(computePrescription(CASES[0]![1]).message).toBe('Prescription le 15/03/2028 (5 ans entre professionnels, article L110-4 du Code de commerce depuis le 15/03/2023).');
    const soon = computePrescription(CASES[2]![1]).message;
    expect(soon).toContain('Prescription proche');
    expect(soon).toContain('15/03/2025');
    expect(soon).toContain('dans 181 jours');
    expect(soon).toContain('Une mise en demeure ne suffit pas');
    expect(computePrescription(CASES[4]![1]).message).toContain('Créance prescrite depuis le 16/03/2025');
    expect(computePrescription(CASES[7]![1]).message).toContain('L218-2');
    expect(computePrescription(CASES[7]![1]).message).toContain('dernière interruption du 20/06/2024');
  });

  it('refuses a malformed date', () => {
    expect(() => computePrescription({ kind: 'business', startDate: d('2025-13-01'), interruptions: [], today: d('2025-01-01') })).toThrow(RangeError);
  });

  it('property: the deadline is 2 or 5 years after the latest effective start, never before the first one', () => {
    const day = fc.integer({ min: toDayNumber(d('2015-01-01')), max: toDayNumber(d('2030-12-31')) });
    fc.assert(
      fc.property(fc.constantFrom<'business' | 'consumer'>('business', 'consumer'), day, fc.array(day, { maxLength: 4 }), day, (kind, start, stops, today) => {
        const input = { kind, startDate: fromDayNumber(start), interruptions: stops.map(fromDayNumber), today: fromDayNumber(today) };
        const r = computePrescription(input);
        expect(r.expiresOn).toBe(addMonths(r.runsFrom, 12 * r.years));
        expect(r.runsFrom >= input.startDate).toBe(true);
        expect(r.runsFrom === input.startDate || input.interruptions.includes(r.runsFrom)).toBe(true);
        expect(r.warnFrom < r.expiresOn).toBe(true);
        expect(r.status === 'expired').toBe(input.today > r.expiresOn);
      }),
    );
  });
});
