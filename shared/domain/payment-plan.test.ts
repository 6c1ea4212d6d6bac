import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysInMonth, isoDate, parts, type IsoDate } from './dates.js';
import { cents, formatEuros } from './money.js';
import {
  MAX_INSTALMENTS,
  PLAN_FREQUENCIES,
  amountInFrenchWords,
  buildSchedule,
  numberToFrenchWords,
  planStanding,
  validateSchedule,
  type Instalment,
  type PlanFrequency,
} from './payment-plan.js';

const d = (s: string) => isoDate(s);
const c = (n: number) => cents(n);
const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

const dateArb = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2090-12-31T00:00:00Z'), noInvalidDate: true }).map((x) => d(x.toISOString().slice(0, 10)));
const frequencyArb = fc.constantFrom<PlanFrequency>(...PLAN_FREQUENCIES);

/** A schedule as buildSchedule makes it, or one with uneven amounts and irregular dates. */
const scheduleArb: fc.Arbitrary<Instalment[]> = fc.oneof(
  fc
    .record({ total: fc.integer({ min: 1, max: 5_000_000 }), count: fc.integer({ min: 1, max: 36 }), first: dateArb, frequency: frequencyArb })
    .filter((r) => r.count <= r.total)
    .map((r) => buildSchedule({ totalCents: c(r.total), count: r.count, firstDate: r.first, frequency: r.frequency })),
  fc
    .record({ first: dateArb, steps: fc.array(fc.record({ gap: fc.integer({ min: 1, max: 60 }), amount: fc.integer({ min: 1, max: 300_000 }) }), { minLength: 1, maxLength: 24 }) })
    .map(({ first, steps }) => {
      let date = first;
      return steps.map((s, i) => {
        if (i > 0) date = addDays(date, s.gap);
        return { position: i + 1, dueDate: date, amountCents: c(s.amount) };
      });
    }),
);

describe('buildSchedule', () => {
  it('splits 1 250,00 € in 3 monthly instalments, the extra cent on the first', () => {
    expect(buildSchedule({ totalCents: c(125_000), count: 3, firstDate: d('2026-12-15'), frequency: 'monthly' })).toEqual([
      { position: 1, dueDate: '2026-12-15', amountCents: 41_667 },
      { position: 2, dueDate: '2027-01-15', amountCents: 41_667 },
      { position: 3, dueDate: '2027-02-15', amountCents: 41_666 },
    ]);
  });

  it('clamps a monthly date to the end of a short month, counting from the first date each time', () => {
    const dates = buildSchedule({ totalCents: c(100_000), count: 5, firstDate: d('2027-01-31'), frequency: 'monthly' }).map((i) => i.dueDate);
    expect(dates).toEqual(['2027-01-31', '2027-02-28', '2027-03-31', '2027-04-30', '2027-05-31']);
    expect(buildSchedule({ totalCents: c(200), count: 2, firstDate: d('2028-01-31'), frequency: 'monthly' })[1]!.dueDate).toBe('2028-02-29');
  });

  it('steps 7 days (weekly) or 14 days (biweekly), across month and year ends', () => {
    expect(buildSchedule({ totalCents: c(300), count: 3, firstDate: d('2026-12-24'), frequency: 'weekly' }).map((i) => i.dueDate)).toEqual(['2026-12-24', '2026-12-31', '2027-01-07']);
    expect(buildSchedule({ totalCents: c(300), count: 3, firstDate: d('2026-12-24'), frequency: 'biweekly' }).map((i) => i.dueDate)).toEqual(['2026-12-24', '2027-01-07', '2027-01-21']);
  });

  it('refuses a zero or negative total, a count out of 1..120 or above the cents, and a false date', () => {
    const base = { totalCents: c(1_000), count: 2, firstDate: d('2026-12-01'), frequency: 'monthly' as const };
    expect(() => buildSchedule({ ...base, totalCents: c(0) })).toThrow(RangeError);
    expect(() => buildSchedule({ ...base, count: 0 })).toThrow(RangeError);
    expect(() => buildSchedule({ ...base, count: MAX_INSTALMENTS + 1 })).toThrow(RangeError);
    expect(() => buildSchedule({ ...base, count: 1.5 })).toThrow(RangeError);
    expect(() => buildSchedule({ ...base, totalCents: c(3), count: 4 })).toThrow(RangeError);
    expect(() => buildSchedule({ ...base, firstDate: '2026-02-30' as IsoDate })).toThrow(RangeError);
  });

  it('property: amounts are whole cents ≥ 1 summing exactly to the total, as equal as can be, first ones largest', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000_000_00 }), fc.integer({ min: 1, max: MAX_INSTALMENTS }), dateArb, frequencyArb, (total, count, first, frequency) => {
        fc.pre(count <= total);
        const schedule = buildSchedule({ totalCents: c(total), count, firstDate: first, frequency });
        const amounts = schedule.map((i) => i.amountCents as number);
        expect(schedule).toHaveLength(count);
        expect(sum(amounts)).toBe(total);
        expect(amounts.every((a) => Number.isSafeInteger(a) && a >= 1)).toBe(true);
        expect(Math.max(...amounts) - Math.min(...amounts)).toBeLessThanOrEqual(1);
        expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
        expect(schedule.map((i) => i.position)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
      }),
    );
  });

  it('property: dates strictly increase; monthly keeps the first day (or the month’s last), weekly/biweekly a fixed gap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 48 }), dateArb, frequencyArb, (count, first, frequency) => {
        const schedule = buildSchedule({ totalCents: c(10_000), count, firstDate: first, frequency });
        expect(schedule[0]!.dueDate).toBe(first);
        schedule.forEach((inst, i) => {
          if (i > 0) expect(inst.dueDate > schedule[i - 1]!.dueDate).toBe(true);
          if (frequency === 'monthly') {
            const { year, month, day } = parts(inst.dueDate);
            expect(day).toBe(Math.min(parts(first).day, daysInMonth(year, month)));
            const { year: y0, month: m0 } = parts(first);
            expect(year * 12 + month - (y0 * 12 + m0)).toBe(i);
          } else {
            expect(inst.dueDate).toBe(addDays(first, i * (frequency === 'weekly' ? 7 : 14)));
          }
        });
        // What buildSchedule makes, validateSchedule accepts.
        expect(validateSchedule(schedule, c(10_000), { startDate: first })).toEqual([]);
      }),
    );
  });
});

describe('validateSchedule', () => {
  const ok = [
    { dueDate: '2026-12-15', amountCents: 40_000 },
    { dueDate: '2027-01-15', amountCents: 40_000 },
    { dueDate: '2027-02-15', amountCents: 45_000 },
  ];

  it('accepts dates in order summing to the debt', () => {
    expect(validateSchedule(ok, c(125_000))).toEqual([]);
  });

  it('names the line whose date comes before the previous one, or repeats it', () => {
    const swapped = [ok[0]!, ok[1]!, { ...ok[2]!, dueDate: '2027-01-10' }];
    expect(validateSchedule(swapped, c(125_000))).toEqual([{ position: 3, message: 'Échéance 3 : date antérieure à l’échéance 2' }]);
    const same = [ok[0]!, { ...ok[1]!, dueDate: '2026-12-15' }, ok[2]!];
    expect(validateSchedule(same, c(125_000))).toEqual([{ position: 2, message: 'Échéance 2 : même date que l’échéance 1' }]);
  });

  it('says when the total does not match the debt, both amounts written the French way', () => {
    const short = [ok[0]!, ok[1]!, { ...ok[2]!, amountCents: 40_000 }];
    const problems = validateSchedule(short, c(125_000));
    expect(problems).toEqual([{ position: null, message: `Le total des échéances (${formatEuros(c(120_000))}) ne correspond pas à la dette (${formatEuros(c(125_000))})` }]);
    expect(problems[0]!.message.replace(/[\u202f\u00a0]/g, ' ')).toBe('Le total des échéances (1 200,00 €) ne correspond pas à la dette (1 250,00 €)');
  });

  it('names a line with a false date, a zero, negative or fractional amount, and one before the start', () => {
    const problems = validateSchedule(
      [
        { dueDate: '2026-11-20', amountCents: 100 },
        { dueDate: '2026-02-30', amountCents: 100 },
        { dueDate: '2026-12-20', amountCents: 0 },
        { dueDate: '2026-12-21', amountCents: -5 },
        { dueDate: '2026-12-22', amountCents: 1.5 },
      ],
      c(500),
      { startDate: d('2026-11-23') },
    );
    expect(problems.map((p) => p.message)).toEqual([
      'Échéance 1 : date antérieure au début de l’échéancier (23/11/2026).',
      'Échéance 2 : date invalide.',
      'Échéance 3 : le montant doit être positif (en euros et centimes).',
      'Échéance 4 : le montant doit être positif (en euros et centimes).',
      'Échéance 5 : le montant doit être positif (en euros et centimes).',
    ]);
  });

  it('asks for at least one instalment and at most 120', () => {
    expect(validateSchedule([], c(100))).toEqual([{ position: null, message: 'Ajoutez au moins une échéance.' }]);
    const many = Array.from({ length: MAX_INSTALMENTS + 1 }, (_, i) => ({ dueDate: addDays(d('2027-01-01'), i), amountCents: 1 }));
    expect(validateSchedule(many, c(MAX_INSTALMENTS + 1)).map((p) => p.message)).toEqual(['120 échéances au plus.']);
  });
});

describe('planStanding', () => {
  // 3 × 400 € on 15/12, 15/01, 15/02; grace 5 days.
  const plan = buildSchedule({ totalCents: c(120_000), count: 3, firstDate: d('2026-12-15'), frequency: 'monthly' });
  const at = (paid: number, asOf: string) => planStanding(plan, c(paid), d(asOf), 5);

  it('is on track before the first date, every instalment upcoming', () => {
    const s = at(0, '2026-12-01');
    expect(s).toMatchObject({ state: 'on_track', missedSince: null, paidCents: 0, remainingCents: 120_000, holdsUntil: '2026-12-20', totalCents: 120_000 });
    expect(s.instalments.map((i) => i.status)).toEqual(['upcoming', 'upcoming', 'upcoming']);
    expect(s.next).toMatchObject({ position: 1, dueDate: '2026-12-15' });
  });

  it('is due on the date, late during the grace days, missed (breached) from the day after them', () => {
    expect(at(0, '2026-12-15').instalments[0]!.status).toBe('due');
    expect(at(0, '2026-12-15').state).toBe('on_track');
    expect(at(0, '2026-12-16')).toMatchObject({ state: 'late', missedSince: null, holdsUntil: '2026-12-20' });
    expect(at(0, '2026-12-20')).toMatchObject({ state: 'late', missedSince: null });
    const breached = at(0, '2026-12-21');
    expect(breached).toMatchObject({ state: 'breached', missedSince: '2026-12-21', holdsUntil: null });
    expect(breached.instalments.map((i) => i.status)).toEqual(['missed', 'upcoming', 'upcoming']);
  });

  it('applies payments oldest first: partly paid, then paid, and the next instalment carries the rest', () => {
    const partly = at(10_000, '2026-12-10');
    expect(partly.instalments.map((i) => [i.status, i.paidCents])).toEqual([['partly_paid', 10_000], ['upcoming', 0], ['upcoming', 0]]);
    const late = at(10_000, '2026-12-18');
    expect(late.instalments[0]).toMatchObject({ status: 'late', paidCents: 10_000 });
    const ahead = at(50_000, '2026-12-18');
    expect(ahead.state).toBe('on_track');
    expect(ahead.instalments.map((i) => [i.status, i.paidCents])).toEqual([['paid', 40_000], ['partly_paid', 10_000], ['upcoming', 0]]);
    expect(ahead.holdsUntil).toBe('2027-01-20');
  });

  it('a debtor who catches up is back on track; a later missed instalment dates the breach', () => {
    expect(at(40_000, '2026-12-28').state).toBe('on_track');
    expect(at(40_000, '2027-01-21')).toMatchObject({ state: 'breached', missedSince: '2027-01-21' });
  });

  it('is completed once everything is paid, overpayment ignored', () => {
    const done = at(130_000, '2027-06-01');
    expect(done).toMatchObject({ state: 'completed', paidCents: 120_000, remainingCents: 0, next: null, holdsUntil: null, missedSince: null });
    expect(done.instalments.every((i) => i.status === 'paid')).toBe(true);
  });

  it('with no grace, an instalment unpaid the day after its date is missed', () => {
    expect(planStanding(plan, c(0), d('2026-12-15'), 0).state).toBe('on_track');
    expect(planStanding(plan, c(0), d('2026-12-16'), 0)).toMatchObject({ state: 'breached', missedSince: '2026-12-16' });
  });

  it('property: paid amounts never exceed an instalment, go oldest first, and add up to what was paid (capped at the total)', () => {
    fc.assert(
      fc.property(scheduleArb, fc.integer({ min: 0, max: 10_000_000 }), dateArb, fc.integer({ min: 0, max: 60 }), (schedule, paid, asOf, grace) => {
        const s = planStanding(schedule, c(paid), asOf, grace);
        const total = sum(schedule.map((i) => i.amountCents));
        expect(s.totalCents).toBe(total);
        expect(sum(s.instalments.map((i) => i.paidCents))).toBe(Math.min(paid, total));
        expect(s.paidCents + s.remainingCents).toBe(total);
        s.instalments.forEach((i, k) => {
          expect(i.paidCents).toBeGreaterThanOrEqual(0);
          expect(i.paidCents).toBeLessThanOrEqual(i.amountCents);
          if (i.paidCents > 0 && k > 0) expect(s.instalments[k - 1]!.status).toBe('paid');
          expect(i.status === 'paid').toBe(i.paidCents === i.amountCents);
        });
      }),
    );
  });

  it('property: paying everything completes the plan, whatever the day', () => {
    fc.assert(
      fc.property(scheduleArb, fc.integer({ min: 0, max: 1_000_000 }), dateArb, fc.integer({ min: 0, max: 60 }), (schedule, extra, asOf, grace) => {
        const total = sum(schedule.map((i) => i.amountCents));
        const s = planStanding(schedule, c(total + extra), asOf, grace);
        expect(s.state).toBe('completed');
        expect(s.missedSince).toBeNull();
      }),
    );
  });

  it('property: breached exactly when less was paid than the instalments whose date + grace is past', () => {
    fc.assert(
      fc.property(scheduleArb, fc.integer({ min: 0, max: 10_000_000 }), dateArb, fc.integer({ min: 0, max: 60 }), (schedule, paid, asOf, grace) => {
        const owedByNow = sum(schedule.filter((i) => addDays(i.dueDate, grace) < asOf).map((i) => i.amountCents));
        const s = planStanding(schedule, c(paid), asOf, grace);
        // Never breached when paid ≥ the instalments due before asOf − grace…
        if (paid >= owedByNow) expect(s.state).not.toBe('breached');
        // …and always breached otherwise.
        else expect(s.state).toBe('breached');
        if (s.state === 'breached') {
          expect(s.missedSince).not.toBeNull();
          expect(s.missedSince! <= asOf).toBe(true);
        }
      }),
    );
  });

  it('property: late only with an unpaid instalment inside its grace; holdsUntil is the first unpaid one’s last day', () => {
    fc.assert(
      fc.property(scheduleArb, fc.integer({ min: 0, max: 10_000_000 }), dateArb, fc.integer({ min: 0, max: 60 }), (schedule, paid, asOf, grace) => {
        const s = planStanding(schedule, c(paid), asOf, grace);
        if (s.state === 'late') expect(s.instalments.some((i) => i.status === 'late')).toBe(true);
        if (s.state === 'on_track') expect(s.instalments.every((i) => ['paid', 'partly_paid', 'due', 'upcoming'].includes(i.status))).toBe(true);
        if (s.state === 'on_track' || s.state === 'late') {
          expect(s.holdsUntil).toBe(addDays(s.next!.dueDate, grace));
          expect(s.holdsUntil! >= asOf).toBe(true);
        } else expect(s.holdsUntil).toBeNull();
      }),
    );
  });
});

describe('numbers and amounts in French words (traditional spelling)', () => {
  it.each([
    [0, 'zéro'],
    [1, 'un'],
    [10, 'dix'],
    [11, 'onze'],
    [16, 'seize'],
    [17, 'dix-sept'],
    [19, 'dix-neuf'],
    [20, 'vingt'],
    [21, 'vingt et un'],
    [22, 'vingt-deux'],
    [30, 'trente'],
    [31, 'trente et un'],
    [45, 'quarante-cinq'],
    [51, 'cinquante et un'],
    [61, 'soixante et un'],
    [69, 'soixante-neuf'],
    [70, 'soixante-dix'],
    [71, 'soixante et onze'],
    [72, 'soixante-douze'],
    [77, 'soixante-dix-sept'],
    [79, 'soixante-dix-neuf'],
    [80, 'quatre-vingts'],
    [81, 'quatre-vingt-un'],
    [88, 'quatre-vingt-huit'],
    [90, 'quatre-vingt-dix'],
    [91, 'quatre-vingt-onze'],
    [97, 'quatre-vingt-dix-sept'],
    [99, 'quatre-vingt-dix-neuf'],
    [100, 'cent'],
    [101, 'cent un'],
    [121, 'cent vingt et un'],
    [180, 'cent quatre-vingts'],
    [200, 'deux cents'],
    [201, 'deux cent un'],
    [280, 'deux cent quatre-vingts'],
    [999, 'neuf cent quatre-vingt-dix-neuf'],
    [1_000, 'mille'],
    [1_001, 'mille un'],
    [1_100, 'mille cent'],
    [1_250, 'mille deux cent cinquante'],
    [2_000, 'deux mille'],
    [21_000, 'vingt et un mille'],
    [80_000, 'quatre-vingt mille'],
    [80_080, 'quatre-vingt mille quatre-vingts'],
    [200_000, 'deux cent mille'],
    [300_200, 'trois cent mille deux cents'],
    [999_999, 'neuf cent quatre-vingt-dix-neuf mille neuf cent quatre-vingt-dix-neuf'],
    [1_000_000, 'un million'],
    [1_000_001, 'un million un'],
    [2_000_000, 'deux millions'],
    [80_000_000, 'quatre-vingts millions'],
    [200_000_000, 'deux cents millions'],
    [201_000_000, 'deux cent un millions'],
    [1_234_567, 'un million deux cent trente-quatre mille cinq cent soixante-sept'],
    [1_000_000_000, 'un milliard'],
    [3_000_200_000, 'trois milliards deux cent mille'],
    [1_000_000_000_000, 'mille milliards'],
  ])('%i → %s', (n, words) => {
    expect(numberToFrenchWords(n)).toBe(words);
  });

  it.each([
    [125_050, 'mille deux cent cinquante euros et cinquante centimes'],
    [125_000, 'mille deux cent cinquante euros'],
    [100, 'un euro'],
    [101, 'un euro et un centime'],
    [2_101, 'vingt et un euros et un centime'],
    [8_080, 'quatre-vingts euros et quatre-vingts centimes'],
    [50, 'cinquante centimes'],
    [1, 'un centime'],
    [0, 'zéro euro'],
    [20_000, 'deux cents euros'],
    [100_000_000, 'un million d’euros'],
    [300_000_000, 'trois millions d’euros'],
    [100_000_001, 'un million d’euros et un centime'],
    [100_000_100, 'un million un euros'],
    [250_000_000_00, 'deux cent cinquante millions d’euros'],
    [100_000_000_000, 'un milliard d’euros'],
    [8_000_000, 'quatre-vingt mille euros'],
  ])('%i cents → %s', (amount, words) => {
    expect(amountInFrenchWords(c(amount))).toBe(words);
  });

  it('refuses what it cannot write', () => {
    expect(() => numberToFrenchWords(-1)).toThrow(RangeError);
    expect(() => numberToFrenchWords(1.5)).toThrow(RangeError);
    expect(() => numberToFrenchWords(1e15)).toThrow(RangeError);
    expect(() => amountInFrenchWords(c(-100))).toThrow(RangeError);
  });

  /** Reads French number words back (a reader written independently of the writer). */
  function readFrench(text: string): number {
    const values: Record<string, number> = {
      zéro: 0, un: 1, deux: 2, trois: 3, quatre: 4, cinq: 5, six: 6, sept: 7, huit: 8, neuf: 9, dix: 10, onze: 11, douze: 12, treize: 13,
      quatorze: 14, quinze: 15, seize: 16, vingt: 20, vingts: 20, trente: 30, quarante: 40, cinquante: 50, soixante: 60,
    };
    let total = 0;
    let group = 0; // below a thousand
    let chunk = 0; // below a million (with mille)
    for (const word of text.split(/[\s-]+/)) {
      if (word === 'et') continue;
      if (word === 'cent' || word === 'cents') group = (group || 1) * 100;
      else if (word === 'mille') {
        chunk += (group || 1) * 1000;
        group = 0;
      } else if (word === 'million' || word === 'millions') {
        total += (chunk + group) * 1e6;
        chunk = group = 0;
      } else if (word === 'milliard' || word === 'milliards') {
        total = (total + chunk + group) * 1e9;
        chunk = group = 0;
      } else if (word === 'vingt' || word === 'vingts') group = group % 100 === 4 ? group - 4 + 80 : group + 20;
      else if (word in values) group += values[word]!;
      else throw new Error(`unknown word ${word}`);
    }
    return total + chunk + group;
  }

  it('property: reading the words back gives the number; the spelling rules hold', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max: 2_000 }), fc.integer({ min: 0, max: 999_999_999_999 })), (n) => {
        const words = numberToFrenchWords(n);
        expect(readFrench(words)).toBe(n);
        expect(words).not.toMatch(/\s{2}|^\s|\s$|--/);
        expect(words).not.toMatch(/(^|millions? |milliards? )un mille\b/); // 1 000 is "mille" (but "vingt et un mille")
        expect(words).not.toMatch(/(vingts|cents) (?!millions?\b|milliards?\b)\S/); // plural only at the end or before a noun
        expect(words).not.toMatch(/\bquatre-vingt-un et\b|quatre-vingt et un/); // 81 without "et"
        expect(words).not.toMatch(/\bmilles\b/);
      }),
      { numRuns: 2_000 },
    );
  });
});
