import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { addDays, addMonths, daysBetween, fromDayNumber, toDayNumber, type IsoDate } from './dates.js';
import { cents, type Cents } from './money.js';
import { BUILT_IN_RATES, mergeRates, semesterOf, type SemesterRates } from '../legal/rates.js';
import { DAY_COUNT_RULE_FR, computePenalties, formatStatementFr, periodAmount, type PenaltyInput, type PenaltyStatement } from './penalties.js';

const d = (s: string) => s as IsoDate;
const c = (n: number) => cents(n);

function input(partial: Partial<PenaltyInput> & Pick<PenaltyInput, 'principalCents' | 'dueDate' | 'asOf'>): PenaltyInput {
  return { kind: 'business', payments: [], rates: BUILT_IN_RATES, ...partial };
}

/** Periods reduced to what a worked case checks. */
function summary(s: PenaltyStatement) {
  return s.periods.map((p) => [p.from, p.to, p.days, p.baseCents, p.rateBp, p.amountCents]);
}

const codes = (s: PenaltyStatement) => s.warnings.map((w) => w.code);

describe('computePenalties: worked cases (real rates of the built-in table)', () => {
  it('1. B2B within one semester: 1 000,00 € due 30/09/2025, computed on 31/10/2025', () => {
    // 2025-S2: MRO 2,15 % + 10 = 12,15 %. Days 01/10 → 31/10 = 31.
    // 1 000,00 € × 12,15 % × 31 / 365: 100000 × 1215 × 31 / 3650000 = 1031.92 → 1032 cents.
    // Indemnity 40 €. Total = 1 000,00 + 10,32 + 40,00 = 1 050,32 €.
    const s = computePenalties(input({ principalCents: c(100000), dueDate: d('2025-09-30'), asOf: d('2025-10-31') }));
    expect(summary(s)).toEqual([['2025-10-01', '2025-10-31', 31, 100000, 1215, 1032]]);
    expect(s.periods[0]!.rateLabel).toBe('BCE 2,15\u00a0% + 10 points');
    expect(s.interestCents).toBe(1032);
    expect(s.indemnityCents).toBe(4000);
    expect(s.outstandingCents).toBe(100000);
    expect(s.totalClaimCents).toBe(105032);
    expect(s.warnings).toEqual([]);
    expect(s.dayCountRule).toBe(DAY_COUNT_RULE_FR);
  });

  it('2. B2B crossing 1 July 2023: two rates (12,50 % then 14,00 %)', () => {
    // 5 000,00 € due 15/06/2023, computed on 20/07/2023.
    // 2023-S1: MRO 2,50 % + 10 = 12,50 %, 16/06 → 30/06 = 15 days:
    //   500000 × 1250 × 15 / 3650000 = 2568.49 → 2568.
    // 2023-S2: MRO 4,00 % + 10 = 14,00 %, 01/07 → 20/07 = 20 days:
    //   500000 × 1400 × 20 / 3650000 = 3835.62 → 3836.
    // Interest 2568 + 3836 = 6404 cents (64,04 €).
    const s = computePenalties(input({ principalCents: c(500000), dueDate: d('2023-06-15'), asOf: d('2023-07-20') }));
    expect(summary(s)).toEqual([
      ['2023-06-16', '2023-06-30', 15, 500000, 1250, 2568],
      ['2023-07-01', '2023-07-20', 20, 500000, 1400, 3836],
    ]);
    expect(s.interestCents).toBe(6404);
    expect(s.totalClaimCents).toBe(500000 + 6404 + 4000);
  });

  it('3. B2B crossing 1 January 2024 (leap year): the period runs over 29 February', () => {
    // 2 000,00 € due 15/12/2023, computed on 10/03/2024.
    // 2023-S2 14,00 %: 16/12 → 31/12 = 16 days: 200000 × 1400 × 16 / 3650000 = 1227.40 → 1227.
    // 2024-S1 14,50 % (MRO 4,50 % + 10): 01/01 → 10/03 = 31 + 29 + 10 = 70 days, still over 365:
    //   200000 × 1450 × 70 / 3650000 = 5561.64 → 5562.
    // Interest 1227 + 5562 = 6789 cents.
    const s = computePenalties(input({ principalCents: c(200000), dueDate: d('2023-12-15'), asOf: d('2024-03-10') }));
    expect(summary(s)).toEqual([
      ['2023-12-16', '2023-12-31', 16, 200000, 1400, 1227],
      ['2024-01-01', '2024-03-10', 70, 200000, 1450, 5562],
    ]);
    expect(s.interestCents).toBe(6789);
  });

  it('4. two partial payments reduce the base the day after each payment', () => {
    // 3 000,00 € due 31/01/2025; paid 1 000 € on 20/02 and 500 € on 10/03; computed on 31/03/2025.
    // 2025-S1: MRO 3,15 % + 10 = 13,15 %.
    // 01/02 → 20/02 (the payment day still bears interest) = 20 days on 3 000 €:
    //   300000 × 1315 × 20 / 3650000 = 2161.64 → 2162.
    // 21/02 → 10/03 = 8 + 10 = 18 days on 2 000 €: 200000 × 1315 × 18 / 3650000 = 1296.99 → 1297.
    // 11/03 → 31/03 = 21 days on 1 500 €: 150000 × 1315 × 21 / 3650000 = 1134.86 → 1135.
    // Interest 2162 + 1297 + 1135 = 4594; outstanding 1 500 €; total 150000 + 4594 + 4000 = 158594.
    const s = computePenalties(
      input({
        principalCents: c(300000),
        dueDate: d('2025-01-31'),
        asOf: d('2025-03-31'),
        // Deliberately out of order: the engine sorts nothing it does not need to.
        payments: [
          { date: d('2025-03-10'), amountCents: c(50000) },
          { date: d('2025-02-20'), amountCents: c(100000) },
        ],
      }),
    );
    expect(summary(s)).toEqual([
      ['2025-02-01', '2025-02-20', 20, 300000, 1315, 2162],
      ['2025-02-21', '2025-03-10', 18, 200000, 1315, 1297],
      ['2025-03-11', '2025-03-31', 21, 150000, 1315, 1135],
    ]);
    expect(s.paidCents).toBe(150000);
    expect(s.outstandingCents).toBe(150000);
    expect(s.interestCents).toBe(4594);
    expect(s.totalClaimCents).toBe(158594);
  });

  it('5. full payment: days late = payment date − due date; the 40 € stays due', () => {
    // 1 500,00 € due 31/07/2025, paid in full on 25/08/2025, computed on 30/09/2025.
    // Days late = 25/08 − 31/07 = 25. 2025-S2 12,15 %: 150000 × 1215 × 25 / 3650000 = 1248.29 → 1248.
    // Outstanding 0; indemnity 40 € (the invoice was paid late); total 0 + 1248 + 4000 = 5248.
    const s = computePenalties(
      input({ principalCents: c(150000), dueDate: d('2025-07-31'), asOf: d('2025-09-30'), payments: [{ date: d('2025-08-25'), amountCents: c(150000) }] }),
    );
    expect(summary(s)).toEqual([['2025-08-01', '2025-08-25', 25, 150000, 1215, 1248]]);
    expect(s.periods[0]!.days).toBe(daysBetween(d('2025-07-31'), d('2025-08-25')));
    expect(s.outstandingCents).toBe(0);
    expect(s.indemnityCents).toBe(4000);
    expect(s.totalClaimCents).toBe(5248);
  });

  it('6. contractual rate 15,00 % (above the 3× floor of 8,28 % in 2025-S2)', () => {
    // 800,00 € due 15/10/2025, computed on 14/12/2025: 16 (Oct) + 30 (Nov) + 14 (Dec) = 60 days.
    // 80000 × 1500 × 60 / 3650000 = 1972.60 → 1973. Floor 3 × 2,76 % = 8,28 % ≤ 15 %: no warning.
    const s = computePenalties(input({ principalCents: c(80000), dueDate: d('2025-10-15'), asOf: d('2025-12-14'), contractualRateBp: 1500 }));
    expect(summary(s)).toEqual([['2025-10-16', '2025-12-14', 60, 80000, 1500, 1973]]);
    expect(s.periods[0]!.rateLabel).toBe('Taux contractuel 15,00\u00a0%');
    expect(s.warnings).toEqual([]);
  });

  it('7. contractual rate 10,00 % below 3 × the legal rate (15,21 % in 2024-S1): warned, still applied', () => {
    // 10 000,00 € due 31/03/2024, computed on 30/04/2024: 30 days at 10 %.
    // 1000000 × 1000 × 30 / 3650000 = 8219.18 → 8219. Floor 3 × 5,07 % = 15,21 % > 10 %.
    const s = computePenalties(input({ principalCents: c(1000000), dueDate: d('2024-03-31'), asOf: d('2024-04-30'), contractualRateBp: 1000 }));
    expect(summary(s)).toEqual([['2024-04-01', '2024-04-30', 30, 1000000, 1000, 8219]]);
    expect(codes(s)).toEqual(['RATE_BELOW_FLOOR']);
    expect(s.warnings[0]!.message).toContain('15,21\u00a0%');
    expect(s.warnings[0]!.message).toContain('L441-10');
  });

  it('8. consumer with a formal notice: legal rate "autres cas" from the day after the notice', () => {
    // 2 400,00 € due 31/05/2023, formal notice 20/06/2023, computed on 30/09/2023. No 40 €.
    // 2023-S1 legal rate 2,06 %: 21/06 → 30/06 = 10 days: 240000 × 206 × 10 / 3650000 = 135.45 → 135.
    // 2023-S2 legal rate 4,22 %: 01/07 → 30/09 = 31 + 31 + 30 = 92 days:
    //   240000 × 422 × 92 / 3650000 = 2552.81 → 2553.
    // Interest 135 + 2553 = 2688; total 240000 + 2688 = 242688.
    const s = computePenalties(
      input({ kind: 'consumer', principalCents: c(240000), dueDate: d('2023-05-31'), asOf: d('2023-09-30'), formalNoticeDate: d('2023-06-20') }),
    );
    expect(summary(s)).toEqual([
      ['2023-06-21', '2023-06-30', 10, 240000, 206, 135],
      ['2023-07-01', '2023-09-30', 92, 240000, 422, 2553],
    ]);
    expect(s.periods.map((p) => p.rateLabel)).toEqual(['Taux légal 2,06\u00a0%', 'Taux légal 4,22\u00a0%']);
    expect(s.interestCents).toBe(2688);
    expect(s.indemnityCents).toBe(0);
    expect(s.totalClaimCents).toBe(242688);
    expect(s.warnings).toEqual([]);
  });

  it('8b. consumer, creditor a private person: the other legal rate (6,82 % in 2023-S2)', () => {
    // 1 000,00 € due 30/06/2023, notice 30/06/2023, computed on 30/07/2023: 30 days at 6,82 %.
    // 100000 × 682 × 30 / 3650000 = 560.55 → 561.
    const s = computePenalties(
      input({
        kind: 'consumer',
        principalCents: c(100000),
        dueDate: d('2023-06-30'),
        asOf: d('2023-07-30'),
        formalNoticeDate: d('2023-06-30'),
        legalRateCategory: 'consumer_creditor',
      }),
    );
    expect(summary(s)).toEqual([['2023-07-01', '2023-07-30', 30, 100000, 682, 561]]);
  });

  it('8c. consumer: a formal notice sent before the due date does not start interest before the day after it', () => {
    // 1 000,00 € due 31/10/2025, notice 15/10/2025, computed on 10/11/2025: 01/11 → 10/11 = 10 days at 2,76 %.
    // 100000 × 276 × 10 / 3650000 = 75.62 → 76.
    const s = computePenalties(
      input({ kind: 'consumer', principalCents: c(100000), dueDate: d('2025-10-31'), asOf: d('2025-11-10'), formalNoticeDate: d('2025-10-15') }),
    );
    expect(summary(s)).toEqual([['2025-11-01', '2025-11-10', 10, 100000, 276, 76]]);
  });

  it('9. consumer without a formal notice: no interest, no indemnity, a warning', () => {
    // 500,00 € due 01/03/2025, computed on 01/06/2025: interest 0, indemnity 0, total 500,00 €.
    const s = computePenalties(input({ kind: 'consumer', principalCents: c(50000), dueDate: d('2025-03-01'), asOf: d('2025-06-01') }));
    expect(s.periods).toEqual([]);
    expect(s.interestCents).toBe(0);
    expect(s.indemnityCents).toBe(0);
    expect(s.totalClaimCents).toBe(50000);
    expect(codes(s)).toEqual(['NO_FORMAL_NOTICE']);
    expect(s.warnings[0]!.message).toContain('mise en demeure');
  });

  it('10. consumer with a judgment: legal rate + 5 points two months after it became enforceable', () => {
    // 3 000,00 € due 15/01/2025, notice 01/02/2025, judgment enforceable 10/04/2025 → +5 points from 10/06/2025.
    // 02/02 → 09/06 at 3,71 % (2025-S1): 27 + 31 + 30 + 31 + 9 = 128 days:
    //   300000 × 371 × 128 / 3650000 = 3903.12 → 3903.
    // 10/06 → 30/06 at 3,71 + 5 = 8,71 %: 21 days: 300000 × 871 × 21 / 3650000 = 1503.37 → 1503.
    // 01/07 → 31/08 at 2,76 + 5 = 7,76 % (2025-S2): 62 days: 300000 × 776 × 62 / 3650000 = 3954.41 → 3954.
    // Interest 3903 + 1503 + 3954 = 9360.
    const s = computePenalties(
      input({
        kind: 'consumer',
        principalCents: c(300000),
        dueDate: d('2025-01-15'),
        asOf: d('2025-08-31'),
        formalNoticeDate: d('2025-02-01'),
        enforceableDate: d('2025-04-10'),
      }),
    );
    expect(addMonths(d('2025-04-10'), 2)).toBe('2025-06-10');
    expect(summary(s)).toEqual([
      ['2025-02-02', '2025-06-09', 128, 300000, 371, 3903],
      ['2025-06-10', '2025-06-30', 21, 300000, 871, 1503],
      ['2025-07-01', '2025-08-31', 62, 300000, 776, 3954],
    ]);
    expect(s.periods.map((p) => p.rateLabel)).toEqual(['Taux légal 3,71\u00a0%', 'Taux légal 3,71\u00a0% + 5 points', 'Taux légal 2,76\u00a0% + 5 points']);
    expect(s.interestCents).toBe(9360);
  });

  it('10b. a judgment does not change the L441-10 rate of a business invoice', () => {
    // Same dates as case 1 with a judgment enforceable on 01/07/2025: still 31 days at 12,15 % = 1032.
    const s = computePenalties(
      input({ principalCents: c(100000), dueDate: d('2025-09-30'), asOf: d('2025-10-31'), enforceableDate: d('2025-07-01') }),
    );
    expect(summary(s)).toEqual([['2025-10-01', '2025-10-31', 31, 100000, 1215, 1032]]);
  });

  it('11. 2026-S2 has no confirmed rate: 2026-S1 is used, flagged, with a warning', () => {
    // 1 000,00 € due 15/06/2026, computed on 15/07/2026.
    // 2026-S1 12,15 %: 16/06 → 30/06 = 15 days: 100000 × 1215 × 15 / 3650000 = 499.32 → 499.
    // 2026-S2 unknown → 2026-S1's 12,15 % again: 01/07 → 15/07 = 15 days → 499.
    // Interest 998.
    const s = computePenalties(input({ principalCents: c(100000), dueDate: d('2026-06-15'), asOf: d('2026-07-15') }));
    expect(summary(s)).toEqual([
      ['2026-06-16', '2026-06-30', 15, 100000, 1215, 499],
      ['2026-07-01', '2026-07-15', 15, 100000, 1215, 499],
    ]);
    expect(s.periods[1]!.rateLabel).toBe('BCE 2,15\u00a0% + 10 points (à confirmer)');
    expect(s.interestCents).toBe(998);
    expect(codes(s)).toEqual(['RATE_UNCONFIRMED']);
    expect(s.warnings[0]!.message).toContain('2026-S2');
    expect(s.warnings[0]!.message).toContain('Paramètres');
  });

  it('11b. a rate the user adds in Paramètres replaces the fallback', () => {
    // With MRO 2,40 % for 2026-S2: 12,40 % over 15 days: 100000 × 1240 × 15 / 3650000 = 509.59 → 510.
    const userRow: SemesterRates = { semester: '2026-S2', ecbMroBp: 240, legalConsumerCreditorBp: 650, legalOtherBp: 270, sources: ['https://example.org/arrete'] };
    const s = computePenalties(
      input({ principalCents: c(100000), dueDate: d('2026-06-15'), asOf: d('2026-07-15'), rates: mergeRates(BUILT_IN_RATES, [userRow]) }),
    );
    expect(s.periods.map((p) => p.amountCents)).toEqual([499, 510]);
    expect(s.warnings).toEqual([]);
  });

  it('12. not yet late: no period, no indemnity, NOT_LATE', () => {
    const s = computePenalties(input({ principalCents: c(100000), dueDate: d('2025-10-31'), asOf: d('2025-10-31') }));
    expect(s.periods).toEqual([]);
    expect(s.interestCents).toBe(0);
    expect(s.indemnityCents).toBe(0);
    expect(s.totalClaimCents).toBe(100000);
    expect(codes(s)).toEqual(['NOT_LATE']);
  });

  it('13. overpaid: outstanding 0, OVERPAID warning, interest up to the payment day', () => {
    // 1 000,00 € due 30/09/2025; 1 200,00 € paid on 10/10/2025; computed on 31/10/2025.
    // 01/10 → 10/10 = 10 days at 12,15 %: 100000 × 1215 × 10 / 3650000 = 332.88 → 333. Indemnity 40 €.
    // Total = 0 + 333 + 4000 = 4333 (the 200 € overpaid is reported, not netted).
    const s = computePenalties(
      input({ principalCents: c(100000), dueDate: d('2025-09-30'), asOf: d('2025-10-31'), payments: [{ date: d('2025-10-10'), amountCents: c(120000) }] }),
    );
    expect(summary(s)).toEqual([['2025-10-01', '2025-10-10', 10, 100000, 1215, 333]]);
    expect(s.paidCents).toBe(120000);
    expect(s.outstandingCents).toBe(0);
    expect(s.totalClaimCents).toBe(4333);
    expect(codes(s)).toEqual(['OVERPAID']);
    expect(s.warnings[0]!.message).toContain('200,00');
  });

  it('14. paid in full on the due date: not late, no indemnity; payments after asOf are ignored', () => {
    const onTime = computePenalties(
      input({ principalCents: c(100000), dueDate: d('2025-09-30'), asOf: d('2025-12-31'), payments: [{ date: d('2025-09-30'), amountCents: c(100000) }] }),
    );
    expect(onTime.periods).toEqual([]);
    expect(onTime.indemnityCents).toBe(0);
    expect(onTime.totalClaimCents).toBe(0);
    const later = computePenalties(
      input({ principalCents: c(100000), dueDate: d('2025-09-30'), asOf: d('2025-10-31'), payments: [{ date: d('2025-11-05'), amountCents: c(100000) }] }),
    );
    expect(later.paidCents).toBe(0);
    expect(later.interestCents).toBe(1032); // as case 1
  });

  it('15. a half cent rounds away from zero, once per period', () => {
    // 18,25 € × 10 % × 1 / 365 = 0,005 € exactly: 1825 × 1000 × 1 / 3650000 = 0.5 → 1 cent.
    expect(periodAmount(c(1825), 1000, 1)).toBe(1);
    expect(periodAmount(c(1824), 1000, 1)).toBe(0);
  });

  it('16. a zero-amount payment is accepted and splits the period', () => {
    // Case 1 split at 15/10: 15 days → 100000 × 1215 × 15 / 3650000 = 499.32 → 499, 16 days → 532.60 → 533; 1032 again.
    const s = computePenalties(
      input({ principalCents: c(100000), dueDate: d('2025-09-30'), asOf: d('2025-10-31'), payments: [{ date: d('2025-10-15'), amountCents: c(0) }] }),
    );
    expect(summary(s)).toEqual([
      ['2025-10-01', '2025-10-15', 15, 100000, 1215, 499],
      ['2025-10-16', '2025-10-31', 16, 100000, 1215, 533],
    ]);
  });

  it('17. a day before the whole table uses the earliest known row, flagged', () => {
    // Due 15/12/2014: 2014-S2 is not in the table → 2015-S1 (0,05 % + 10 = 10,05 %) for 16/12 → 31/12 = 16 days:
    //   100000 × 1005 × 16 / 3650000 = 440.55 → 441; then 2015-S1 itself for 01/01 → 10/01 = 10 days: 275.34 → 275.
    const s = computePenalties(input({ principalCents: c(100000), dueDate: d('2014-12-15'), asOf: d('2015-01-10') }));
    expect(summary(s)).toEqual([
      ['2014-12-16', '2014-12-31', 16, 100000, 1005, 441],
      ['2015-01-01', '2015-01-10', 10, 100000, 1005, 275],
    ]);
    expect(codes(s)).toEqual(['RATE_UNCONFIRMED']);
    expect(s.warnings[0]!.message).toContain('2014-S2');
  });

  it('refuses malformed input (programming errors)', () => {
    expect(() => computePenalties(input({ principalCents: -1 as Cents, dueDate: d('2025-01-01'), asOf: d('2025-02-01') }))).toThrow(RangeError);
    expect(() => computePenalties(input({ principalCents: c(1), dueDate: d('2025-02-30'), asOf: d('2025-03-01') }))).toThrow(RangeError);
    expect(() =>
      computePenalties(input({ principalCents: c(1), dueDate: d('2025-01-01'), asOf: d('2025-02-01'), payments: [{ date: d('2025-01-10'), amountCents: -5 as Cents }] })),
    ).toThrow(RangeError);
    expect(() => computePenalties(input({ principalCents: c(1), dueDate: d('2025-01-01'), asOf: d('2025-02-01'), contractualRateBp: 12.5 }))).toThrow(RangeError);
  });
});

describe('formatStatementFr', () => {
  it('prints the periods and the totals with ordinary spaces in amounts', () => {
    const s = computePenalties(
      input({
        principalCents: c(300000),
        dueDate: d('2025-01-31'),
        asOf: d('2025-03-31'),
        payments: [
          { date: d('2025-02-20'), amountCents: c(100000) },
          { date: d('2025-03-10'), amountCents: c(50000) },
        ],
      }),
    );
    const text = formatStatementFr(s);
    for (const expected of ['Du', 'Au', 'Jours', 'Base', 'Taux', 'Montant', '01/02/2025', '20/02/2025', '3 000,00\u00a0€', '21,62\u00a0€', 'Intérêts', '45,94\u00a0€', 'Indemnité forfaitaire', '40,00\u00a0€', 'Total', '1 585,94\u00a0€']) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('\u202f');
  });

  it('prints the warnings', () => {
    const s = computePenalties(input({ kind: 'consumer', principalCents: c(50000), dueDate: d('2025-03-01'), asOf: d('2025-06-01') }));
    expect(formatStatementFr(s)).toContain('Aucune période');
    expect(formatStatementFr(s)).toContain('Attention : Client particulier sans mise en demeure');
  });
});

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

const DAY_2015 = toDayNumber(d('2015-01-01'));
const DAY_2026 = toDayNumber(d('2026-06-30'));

interface Scenario {
  input: PenaltyInput;
}

const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    kind: fc.constantFrom<'business' | 'consumer'>('business', 'consumer'),
    principal: fc.integer({ min: 0, max: 5_000_000 }),
    due: fc.integer({ min: DAY_2015, max: DAY_2026 }),
    span: fc.integer({ min: -10, max: 1200 }),
    payments: fc.array(fc.record({ offset: fc.integer({ min: -40, max: 1300 }), amount: fc.integer({ min: 0, max: 2_000_000 }) }), { maxLength: 5 }),
    contractual: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: null }),
    notice: fc.option(fc.integer({ min: -30, max: 400 }), { nil: null }),
    enforceable: fc.option(fc.integer({ min: -100, max: 800 }), { nil: null }),
    category: fc.constantFrom<'consumer_creditor' | 'other'>('consumer_creditor', 'other'),
  })
  .map((r) => ({
    input: {
      kind: r.kind,
      principalCents: c(r.principal),
      dueDate: fromDayNumber(r.due),
      asOf: fromDayNumber(r.due + r.span),
      payments: r.payments.map((p) => ({ date: fromDayNumber(r.due + p.offset), amountCents: c(p.amount) })),
      contractualRateBp: r.kind === 'business' ? r.contractual : null,
      formalNoticeDate: r.notice === null ? null : fromDayNumber(r.due + r.notice),
      enforceableDate: r.enforceable === null ? null : fromDayNumber(r.due + r.enforceable),
      rates: BUILT_IN_RATES,
      legalRateCategory: r.category,
    },
  }));

/** Independent oracle: the base for a day, from the raw payments. */
function bruteBase(i: PenaltyInput, day: IsoDate): number {
  let paid = 0;
  for (const p of i.payments) if (p.date < day && p.date <= i.asOf) paid += p.amountCents;
  return Math.max(0, i.principalCents - paid);
}

/** Independent oracle: the late days with a positive base, walked one by one. */
function bruteLateDays(i: PenaltyInput): number {
  let start = i.dueDate;
  if (i.kind === 'consumer') {
    if (!i.formalNoticeDate) return 0;
    if (i.formalNoticeDate > start) start = i.formalNoticeDate;
  }
  let count = 0;
  for (let day = addDays(start, 1); day <= i.asOf; day = addDays(day, 1)) if (bruteBase(i, day) > 0) count += 1;
  return count;
}

describe('computePenalties: properties', () => {
  it('(a) an extra split (a zero-amount payment) moves the total by at most one cent, and is a period boundary', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: -5, max: 1300 }), ({ input: i }, offset) => {
        const splitDay = fromDayNumber(toDayNumber(i.dueDate) + offset);
        const before = computePenalties(i);
        const after = computePenalties({ ...i, payments: [...i.payments, { date: splitDay, amountCents: c(0) }] });
        expect(Math.abs(after.interestCents - before.interestCents)).toBeLessThanOrEqual(1);
        const inside = before.periods.find((p) => p.from <= splitDay && splitDay < p.to);
        if (inside) expect(after.periods.some((p) => p.to === splitDay)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('(a) several extra splits move the total by at most one cent each', () => {
    fc.assert(
      fc.property(scenarioArb, fc.array(fc.integer({ min: 0, max: 1300 }), { minLength: 1, maxLength: 6 }), ({ input: i }, offsets) => {
        const extra = offsets.map((o) => ({ date: fromDayNumber(toDayNumber(i.dueDate) + o), amountCents: c(0) }));
        const before = computePenalties(i);
        const after = computePenalties({ ...i, payments: [...i.payments, ...extra] });
        expect(Math.abs(after.interestCents - before.interestCents)).toBeLessThanOrEqual(extra.length);
      }),
      { numRuns: 200 },
    );
  });

  it('(b) interest is never negative and never decreases as asOf moves on', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 0, max: 400 }), ({ input: i }, more) => {
        const now = computePenalties(i);
        const later = computePenalties({ ...i, asOf: addDays(i.asOf, more) });
        expect(now.interestCents).toBeGreaterThanOrEqual(0);
        for (const p of now.periods) expect(p.amountCents).toBeGreaterThanOrEqual(0);
        expect(later.interestCents).toBeGreaterThanOrEqual(now.interestCents);
      }),
      { numRuns: 300 },
    );
  });

  it('(c) the period days add up to the late days with a positive base; each period has one base', () => {
    fc.assert(
      fc.property(scenarioArb, ({ input: i }) => {
        const s = computePenalties(i);
        expect(s.periods.reduce((sum, p) => sum + p.days, 0)).toBe(bruteLateDays(i));
        for (const p of s.periods) {
          expect(p.baseCents).toBeGreaterThan(0);
          expect(bruteBase(i, p.from)).toBe(p.baseCents);
          expect(bruteBase(i, p.to)).toBe(p.baseCents);
          expect(semesterOf(p.from)).toBe(semesterOf(p.to));
          expect(p.amountCents).toBe(periodAmount(p.baseCents, p.rateBp, p.days));
        }
        expect(s.interestCents).toBe(s.periods.reduce((sum, p) => sum + p.amountCents, 0));
        expect(s.totalClaimCents).toBe(s.outstandingCents + s.interestCents + s.indemnityCents);
      }),
      { numRuns: 300 },
    );
  });

  it('(d) periods are contiguous and do not overlap, within (due date, asOf]', () => {
    fc.assert(
      fc.property(scenarioArb, ({ input: i }) => {
        const { periods } = computePenalties(i);
        periods.forEach((p, k) => {
          expect(p.from > i.dueDate).toBe(true);
          expect(p.to <= i.asOf).toBe(true);
          expect(p.days).toBe(daysBetween(p.from, p.to) + 1);
          expect(p.days).toBeGreaterThan(0);
          if (k > 0) expect(p.from).toBe(addDays(periods[k - 1]!.to, 1));
        });
      }),
      { numRuns: 300 },
    );
  });

  it('the indemnity is 40 € exactly for a business invoice still owed after its due date, else 0', () => {
    fc.assert(
      fc.property(scenarioArb, ({ input: i }) => {
        const s = computePenalties(i);
        const owed = i.asOf > i.dueDate && bruteBase(i, addDays(i.dueDate, 1)) > 0;
        expect(s.indemnityCents).toBe(i.kind === 'business' && owed ? 4000 : 0);
      }),
      { numRuns: 200 },
    );
  });
});
