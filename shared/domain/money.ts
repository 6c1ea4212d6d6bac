// Money as integer cents: parsing user input, formatting for display, exact splitting.
//
// Rounding rules (the only place they are written down):
// - Amounts are integer euro cents (`Cents`). No floating-point value ever holds money.
// - Parsing refuses more than two decimals instead of rounding what the user typed.
// - A product of an amount and a rate is rounded once, half away from zero, to the cent
//   (`mulDivRound`), computed on BigInt so intermediate values are exact.
// - Splitting an amount into parts (instalments, a payment over several invoices) uses the
//   largest-remainder method, so the parts always add up to the whole.

declare const centsBrand: unique symbol;
/** An amount of money in euro cents. Always a safe integer. */
export type Cents = number & { readonly [centsBrand]: 'Cents' };

export const MAX_CENTS = 1_000_000_000_000_00; // one thousand billion euros: far beyond any invoice

export function cents(value: number): Cents {
  if (!Number.isSafeInteger(value)) throw new RangeError(`Not a whole number of cents: ${value}`);
  return value as Cents;
}

export function isCents(value: unknown): value is Cents {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

export function addCents(...values: Cents[]): Cents {
  let total = 0;
  for (const v of values) total += v;
  return cents(total);
}

export function subCents(a: Cents, b: Cents): Cents {
  return cents(a - b);
}

/**
 * Parses an amount typed by a French user ("1 234,56", "1234.5", "1 234 €", "-12,30")
 * into cents. Returns null when the text is not an amount; never rounds silently.
 */
export function parseEuros(input: string): Cents | null {
  let text = input.trim().replace(/€/g, '').replace(/[\s\u00a0\u202f]/g, '');
  if (text === '') return null;
  let sign = 1;
  if (text.startsWith('-')) {
    sign = -1;
    text = text.slice(1);
  } else if (text.startsWith('+')) {
    text = text.slice(1);
  }
  // Accept one decimal separator, comma or point.
  const match = /^(\d+)(?:[.,](\d{1,2}))?$/.exec(text);
  if (!match) return null;
  const euros = match[1]!;
  const decimals = (match[2] ?? '').padEnd(2, '0');
  if (euros.length > 13) return null;
  const value = Number(euros) * 100 + Number(decimals);
  if (value > MAX_CENTS) return null;
  return cents(sign * value === 0 ? 0 : sign * value);
}

const GROUP_SEPARATOR = '\u202f'; // narrow no-break space, as French typography and Intl use

/**
 * Formats cents the French way: "1 234,56 €". Exact (string arithmetic on the integer),
 * never through floating point. `separator` lets a PDF renderer pick a space its font has.
 */
export function formatEuros(value: Cents, options: { symbol?: boolean; separator?: string } = {}): string {
  const { symbol = true, separator = GROUP_SEPARATOR } = options;
  const negative = value < 0;
  const abs = Math.abs(value);
  const euros = Math.floor(abs / 100);
  const rest = abs % 100;
  const grouped = String(euros).replace(/\B(?=(\d{3})+(?!\d))/g, separator);
  const text = `${negative ? '-' : ''}${grouped},${String(rest).padStart(2, '0')}`;
  return symbol ? `${text}\u00a0€` : text;
}

/** Formats cents for an editable field: "1234,56" (no grouping, no symbol). */
export function formatEurosInput(value: Cents | null | undefined): string {
  if (value === null || value === undefined) return '';
  return formatEuros(value, { symbol: false, separator: '' });
}

/**
 * value × numerator / denominator, rounded half away from zero to the cent.
 * Computed with BigInt: exact for any safe-integer inputs.
 */
export function mulDivRound(value: Cents, numerator: number | bigint, denominator: number | bigint): Cents {
  const n = BigInt(value) * BigInt(numerator);
  const d = BigInt(denominator);
  if (d === 0n) throw new RangeError('Division by zero');
  const negative = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  let q = an / ad;
  if ((an % ad) * 2n >= ad) q += 1n;
  return cents(Number(negative ? -q : q));
}

/**
 * Splits `total` into parts proportional to `weights` (largest remainder): the parts add up
 * exactly to `total`; ties go to the earliest part.
 */
export function allocateProportionally(total: Cents, weights: readonly number[]): Cents[] {
  if (weights.length === 0) throw new RangeError('No weights to allocate over');
  if (weights.some((w) => !Number.isSafeInteger(w) || w < 0)) throw new RangeError('Weights must be non-negative integers');
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) throw new RangeError('Weights add up to zero');
  const sign = total < 0 ? -1n : 1n;
  const abs = BigInt(Math.abs(total));
  const bigSum = BigInt(sum);
  const floors = weights.map((w) => (abs * BigInt(w)) / bigSum);
  const remainders = weights.map((w, i) => ({ i, r: (abs * BigInt(w)) % bigSum }));
  let leftover = abs - floors.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (leftover === 0n) break;
    floors[i] = floors[i]! + 1n;
    leftover -= 1n;
  }
  return floors.map((f) => cents(Number(f * sign)));
}

/** Splits `total` into `count` parts as equal as possible (first parts get the extra cents). */
export function splitEvenly(total: Cents, count: number): Cents[] {
  if (!Number.isSafeInteger(count) || count <= 0) throw new RangeError('Count must be a positive integer');
  return allocateProportionally(total, Array.from({ length: count }, () => 1));
}
