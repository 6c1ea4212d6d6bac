import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  MAX_CENTS,
  addCents,
  allocateProportionally,
  cents,
  formatEuros,
  formatEurosInput,
  isCents,
  mulDivRound,
  parseEuros,
  splitEvenly,
  subCents,
} from './money.js';

const NBSP = '\u00a0'; // no-break space, written before the euro sign
const NNBSP = '\u202f'; // narrow no-break space, the French group separator

describe('cents / isCents / addCents / subCents', () => {
  it('accepts safe integers and refuses anything else', () => {
    expect(cents(0)).toBe(0);
    expect(cents(-123)).toBe(-123);
    expect(cents(Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => cents(1.5)).toThrow(RangeError);
    expect(() => cents(Number.NaN)).toThrow(RangeError);
    expect(() => cents(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => cents(Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
  });

  it.each([
    [0, true],
    [-5, true],
    [12.5, false],
    ['12', false],
    [null, false],
    [Number.NaN, false],
  ])('isCents(%j) is %s', (value, expected) => {
    expect(isCents(value)).toBe(expected);
  });

  it('adds and subtracts exactly', () => {
    expect(addCents()).toBe(0);
    expect(addCents(cents(10), cents(20), cents(-5))).toBe(25);
    expect(subCents(cents(10), cents(25))).toBe(-15);
    expect(() => addCents(cents(Number.MAX_SAFE_INTEGER), cents(1))).toThrow(RangeError);
  });
});

describe('parseEuros', () => {
  it.each<[string, number]>([
    ['1 234,56', 123456],
    ['1234.5', 123450],
    ['1234,5', 123450],
    ['1 234 €', 123400],
    ['1 234,56 €', 123456],
    ['-12,30', -1230],
    ['0,05', 5],
    ['0.05', 5],
    ['0', 0],
    ['-0', 0],
    ['-0,00', 0],
    ['+5', 500],
    ['  12  ', 1200],
    ['12,3€', 1230],
    ['€ 12', 1200],
    [`1${NBSP}234,56`, 123456],
    [`1${NNBSP}234,56${NBSP}€`, 123456],
    [`-1${NNBSP}234${NNBSP}567,89`, -123456789],
    ['- 12,30', -1230],
    ['007,10', 710],
    // The largest accepted amount: exactly MAX_CENTS (one thousand billion euros).
    ['1000000000000', MAX_CENTS],
    ['-1000000000000', -MAX_CENTS],
  ])('parses %j as %d cents', (input, expected) => {
    expect(parseEuros(input)).toBe(expected);
  });

  it('never returns negative zero', () => {
    expect(Object.is(parseEuros('-0'), 0)).toBe(true);
    expect(Object.is(parseEuros('-0,00'), 0)).toBe(true);
  });

  it.each([
    ['12,345', 'three decimals are refused, not rounded'],
    ['12.345', 'three decimals with a point'],
    ['abc', 'not a number'],
    ['', 'empty'],
    ['   ', 'only spaces'],
    ['€', 'only the symbol'],
    ['-', 'only a sign'],
    ['+', 'only a plus sign'],
    ['1,2,3', 'several separators'],
    ['1.234,56', 'a point as thousands separator'],
    ['12.', 'a separator without decimals'],
    ['12,', 'a comma without decimals'],
    ['.5', 'no integer part'],
    [',50', 'no integer part with a comma'],
    ['1e3', 'scientific notation'],
    ['--5', 'double sign'],
    ['5-', 'trailing sign'],
    ['12 abc', 'trailing text'],
    ['0x10', 'hexadecimal'],
    ['١٢', 'non-ASCII digits'],
    ['1000000000000,01', 'one cent above MAX_CENTS'],
    ['99999999999999', '14 integer digits'],
    ['9999999999999', '13 digits but above MAX_CENTS'],
    ['123456789012345678901234567890', 'huge number'],
  ])('refuses %j (%s)', (input) => {
    expect(parseEuros(input)).toBeNull();
  });
});

describe('formatEuros', () => {
  it.each<[number, string]>([
    [0, `0,00${NBSP}€`],
    [5, `0,05${NBSP}€`],
    [99, `0,99${NBSP}€`],
    [100, `1,00${NBSP}€`],
    [123456, `1${NNBSP}234,56${NBSP}€`],
    [100000, `1${NNBSP}000,00${NBSP}€`],
    [99999, `999,99${NBSP}€`],
    [100000000, `1${NNBSP}000${NNBSP}000,00${NBSP}€`],
    [123456789012345, `1${NNBSP}234${NNBSP}567${NNBSP}890${NNBSP}123,45${NBSP}€`],
    [-5, `-0,05${NBSP}€`],
    [-123456, `-1${NNBSP}234,56${NBSP}€`],
  ])('formats %d cents as %j', (value, expected) => {
    expect(formatEuros(cents(value))).toBe(expected);
  });

  it('does not print a minus sign for negative zero', () => {
    expect(formatEuros(cents(-0))).toBe(`0,00${NBSP}€`);
  });

  it('drops the symbol when asked', () => {
    expect(formatEuros(cents(123456), { symbol: false })).toBe(`1${NNBSP}234,56`);
    expect(formatEuros(cents(-5), { symbol: false })).toBe('-0,05');
  });

  it.each<[string, string]>([
    [' ', `1 234 567,89${NBSP}€`],
    ['', `1234567,89${NBSP}€`],
    ['.', `1.234.567,89${NBSP}€`],
  ])('uses the separator %j between groups', (separator, expected) => {
    expect(formatEuros(cents(123456789), { separator })).toBe(expected);
  });

  it('combines both options', () => {
    expect(formatEuros(cents(123456789), { symbol: false, separator: ' ' })).toBe('1 234 567,89');
  });

  it('matches Intl fr-FR for ordinary amounts', () => {
    // Intl is only a reference here: the code under test never uses floating point.
    const intl = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
    for (const value of [0, 5, 123456, 100000000, -123456]) {
      expect(formatEuros(cents(value))).toBe(intl.format(value / 100));
    }
  });
});

describe('formatEurosInput', () => {
  it.each<[number | null | undefined, string]>([
    [123456, '1234,56'],
    [123456789, '1234567,89'],
    [5, '0,05'],
    [0, '0,00'],
    [-1230, '-12,30'],
    [null, ''],
    [undefined, ''],
  ])('formats %j as %j', (value, expected) => {
    expect(formatEurosInput(value === null || value === undefined ? value : cents(value))).toBe(expected);
  });

  it('round-trips through parseEuros', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_CENTS, max: MAX_CENTS }), (value) => {
        expect(parseEuros(formatEurosInput(cents(value)))).toBe(value === 0 ? 0 : value);
      }),
    );
  });
});

describe('mulDivRound', () => {
  it.each<[number, number | bigint, number | bigint, number]>([
    // Exact results
    [10000, 20, 100, 2000],
    [10000, 1, 1, 10000],
    [0, 7, 3, 0],
    // Half away from zero
    [5, 1, 2, 3], // 2.5 → 3
    [-5, 1, 2, -3], // -2.5 → -3
    [5, -1, 2, -3],
    [5, 1, -2, -3],
    [-5, -1, -2, -3], // 5 / -2 = -2.5 → -3
    [15, 1, 10, 2], // 1.5 → 2
    [25, 1, 10, 3], // 2.5 → 3 (not banker's rounding)
    [-25, 1, 10, -3],
    // Below and above the half
    [1, 1, 3, 0], // 0.333 → 0
    [2, 1, 3, 1], // 0.667 → 1
    [-1, 1, 3, 0],
    [-2, 1, 3, -1],
    [14, 1, 10, 1], // 1.4 → 1
    [16, 1, 10, 2], // 1.6 → 2
    // A VAT rate of 20 % as 2000 / 10000 and a late-payment rate as bigint
    [12345, 2000, 10000, 2469], // 2469.0
    [12347, 2000, 10000, 2469], // 2469.4
    [12348, 2000, 10000, 2470], // 2469.6
    [12345, 1n, 8n, 1543], // 1543.125
  ])('%d × %d / %d = %d', (value, numerator, denominator, expected) => {
    expect(mulDivRound(cents(value), numerator, denominator)).toBe(expected);
  });

  it('is exact on values whose product is far beyond 2^53', () => {
    const max = Number.MAX_SAFE_INTEGER;
    expect(mulDivRound(cents(max), max, max)).toBe(max);
    // 9007199254740991 / 3 = 3002399751580330.333…; Math.round(max / 3) in floating point
    // would give 3002399751580331.
    expect(mulDivRound(cents(max), 1, 3)).toBe(3002399751580330);
    expect(Math.round(max / 3)).not.toBe(3002399751580330);
    // 2 × 9007199254740991 / 3 = 6004799503160660.666…
    expect(mulDivRound(cents(max), 2, 3)).toBe(6004799503160661);
    // 99999999999999 × 0.999999999 = 99999999899999.000000001
    expect(mulDivRound(cents(MAX_CENTS - 1), 999_999_999, 1_000_000_000)).toBe(99_999_999_899_999);
  });

  it('never returns negative zero', () => {
    expect(Object.is(mulDivRound(cents(0), 1, -3), 0)).toBe(true);
    expect(Object.is(mulDivRound(cents(-1), 1, 3), 0)).toBe(true);
  });

  it('refuses a zero denominator', () => {
    expect(() => mulDivRound(cents(100), 1, 0)).toThrow(RangeError);
    expect(() => mulDivRound(cents(100), 1n, 0n)).toThrow(RangeError);
  });

  it('throws when the result is not a safe integer', () => {
    expect(() => mulDivRound(cents(Number.MAX_SAFE_INTEGER), 2, 1)).toThrow(RangeError);
  });

  it('agrees with exact rational rounding (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -MAX_CENTS, max: MAX_CENTS }),
        // A rate numerator/denominator with |rate| ≤ 1, so that the result stays a safe integer.
        fc
          .integer({ min: 1, max: 1_000_000 })
          .chain((d) => fc.tuple(fc.integer({ min: -d, max: d }), fc.constantFrom(d, -d))),
        (value, [numerator, denominator]) => {
          const result = BigInt(mulDivRound(cents(value), numerator, denominator));
          const n = BigInt(value) * BigInt(numerator);
          const d = BigInt(Math.abs(denominator));
          const q = denominator < 0 ? -n : n; // the exact value is q / d, with d > 0
          // |result − q/d| ≤ 1/2, i.e. |result·d − q| · 2 ≤ d …
          const diff = result * d - q;
          const absDiff = diff < 0n ? -diff : diff;
          expect(absDiff * 2n <= d).toBe(true);
          // … and on an exact half the result is the one farther from zero.
          if (absDiff * 2n === d) {
            const absResult = result < 0n ? -result : result;
            const absQ = q < 0n ? -q : q;
            expect(absResult * d > absQ).toBe(true);
          }
        },
      ),
    );
  });
});

describe('allocateProportionally', () => {
  it.each<[number, number[], number[]]>([
    [100, [1, 1, 1], [34, 33, 33]],
    [-100, [1, 1, 1], [-34, -33, -33]],
    [1000, [1, 2, 3], [167, 333, 500]],
    [10, [3, 3, 1], [4, 4, 2]], // the largest remainder (3/7) wins over two of 2/7
    [100, [0, 1], [0, 100]],
    [100, [5], [100]],
    [0, [1, 2], [0, 0]],
    [1, [1, 1, 1], [1, 0, 0]], // tie: the earliest part gets the cent
    [2, [1, 1, 1], [1, 1, 0]],
    [99999, [50, 50], [50000, 49999]],
    [12345, [1000, 2000, 0, 7000], [1235, 2469, 0, 8641]],
  ])('splits %d over %j as %j', (total, weights, expected) => {
    expect(allocateProportionally(cents(total), weights)).toEqual(expected);
  });

  it.each<[string, number[]]>([
    ['no weights', []],
    ['a negative weight', [1, -1]],
    ['a fractional weight', [1, 0.5]],
    ['a NaN weight', [1, Number.NaN]],
    ['weights adding up to zero', [0, 0]],
  ])('refuses %s', (_label, weights) => {
    expect(() => allocateProportionally(cents(100), weights)).toThrow(RangeError);
  });

  const weightsArb = fc
    .array(fc.integer({ min: 0, max: 1_000_000_000 }), { minLength: 1, maxLength: 20 })
    .filter((ws) => ws.some((w) => w > 0));

  it('parts always add up to the total (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_CENTS, max: MAX_CENTS }), weightsArb, (total, weights) => {
        const parts = allocateProportionally(cents(total), weights);
        expect(parts).toHaveLength(weights.length);
        expect(parts.every((p) => Number.isSafeInteger(p))).toBe(true);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
      }),
    );
  });

  it('each part is less than one cent away from its exact share (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_CENTS, max: MAX_CENTS }), weightsArb, (total, weights) => {
        const parts = allocateProportionally(cents(total), weights);
        const sum = BigInt(weights.reduce((a, b) => a + b, 0));
        parts.forEach((part, i) => {
          // |part − total·w/sum| < 1  ⇔  |part·sum − total·w| < sum, in exact integers.
          const diff = BigInt(part) * sum - BigInt(total) * BigInt(weights[i]!);
          expect((diff < 0n ? -diff : diff) < sum).toBe(true);
          // A part never has the opposite sign of the total, and a zero weight gets nothing.
          expect(part * Math.sign(total) >= 0).toBe(true);
          if (weights[i] === 0) expect(part).toBe(0);
        });
      }),
    );
  });
});

describe('splitEvenly', () => {
  it.each<[number, number, number[]]>([
    [100, 3, [34, 33, 33]],
    [100, 4, [25, 25, 25, 25]],
    [101, 4, [26, 25, 25, 25]],
    [-101, 4, [-26, -25, -25, -25]],
    [2, 3, [1, 1, 0]],
    [0, 2, [0, 0]],
    [5, 1, [5]],
  ])('splits %d into %d parts as %j', (total, count, expected) => {
    expect(splitEvenly(cents(total), count)).toEqual(expected);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses a count of %d', (count) => {
    expect(() => splitEvenly(cents(100), count)).toThrow(RangeError);
  });

  it('parts differ by at most one cent, the larger ones first, and add up (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_CENTS, max: MAX_CENTS }), fc.integer({ min: 1, max: 500 }), (total, count) => {
        const parts = splitEvenly(cents(total), count);
        expect(parts).toHaveLength(count);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
        for (let i = 1; i < parts.length; i++) {
          expect(Math.abs(parts[i - 1]!)).toBeGreaterThanOrEqual(Math.abs(parts[i]!));
        }
      }),
    );
  });
});

describe('parseEuros ∘ formatEuros', () => {
  it('round-trips any amount within ±1e13 cents (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), (value) => {
        expect(parseEuros(formatEuros(cents(value)))).toBe(value === 0 ? 0 : value);
      }),
    );
  });

  it('round-trips with the symbol off and an ordinary space separator (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), (value) => {
        expect(parseEuros(formatEuros(cents(value), { symbol: false, separator: ' ' }))).toBe(value === 0 ? 0 : value);
      }),
    );
  });

  it('round-trips the extremes', () => {
    for (const value of [MAX_CENTS, -MAX_CENTS, 1, -1, 99, -99]) {
      expect(parseEuros(formatEuros(cents(value)))).toBe(value);
    }
  });
});
