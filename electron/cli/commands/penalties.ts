// `recouvra penalties`: late-payment penalties (B2B) or legal interest (B2C) on one amount, from the command line.
import type { Command } from 'commander';
import { parseDateInput, todayLocal, type IsoDate } from '../../../shared/domain/dates.js';
import { parseEuros, type Cents } from '../../../shared/domain/money.js';
import { computePenalties, formatStatementFr, type PenaltyInput } from '../../../shared/domain/penalties.js';
import { BUILT_IN_RATES, type SemesterRates } from '../../../shared/legal/rates.js';
import { rateTable } from '../../core/legal.js';
import { openBook } from '../context.js';

const DB_HELP = 'fichier de données SQLite : ajoute aux taux intégrés ceux saisis dans Paramètres';

export interface PenaltiesOptions {
  amount?: string;
  due?: string;
  asOf?: string;
  kind?: string;
  rate?: string;
  payment?: string[];
  notice?: string;
  json?: boolean;
  db?: string;
}

/** A refused option: its name and a French explanation. */
class OptionError extends Error {
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(message);
  }
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function parseDateOption(option: string, value: string): IsoDate {
  const date = parseDateInput(value);
  if (!date) throw new OptionError(option, `date invalide « ${value} » (attendu AAAA-MM-JJ, par exemple 2025-09-30).`);
  return date;
}

function parseAmountOption(option: string, value: string): Cents {
  const amount = parseEuros(value);
  if (amount === null) throw new OptionError(option, `montant invalide « ${value} » (par exemple 1234,56 ou 1234.56 ; deux décimales au plus).`);
  if (amount < 0) throw new OptionError(option, `le montant ne peut pas être négatif (« ${value} »).`);
  return amount;
}

/**
 * "12.5" / "12,5" / "12,50 %" → 1250 basis points, by string arithmetic (never through a float).
 * Refuses more than two decimals rather than rounding what the user typed.
 */
export function parsePercentToBp(input: string): number | 'too_precise' | null {
  const text = input.trim().replace(/\s*%$/, '').trim();
  const m = /^(\d{1,3})(?:[.,](\d+))?$/.exec(text);
  if (!m) return null;
  const decimals = m[2] ?? '';
  if (decimals.length > 2) return 'too_precise';
  return Number(m[1]) * 100 + Number(decimals.padEnd(2, '0'));
}

function parseRateOption(value: string): number {
  const bp = parsePercentToBp(value);
  if (bp === 'too_precise') throw new OptionError('--rate', `« ${value} » : deux décimales au plus (par exemple 12,15).`);
  if (bp === null) throw new OptionError('--rate', `taux invalide « ${value} » (un pourcentage, par exemple 12.5 pour 12,50 %).`);
  return bp;
}

function parsePaymentOption(value: string): { date: IsoDate; amountCents: Cents } {
  const colon = value.indexOf(':');
  if (colon <= 0) throw new OptionError('--payment', `« ${value} » : attendu AAAA-MM-JJ:montant (par exemple 2025-10-15:500,00).`);
  const date = parseDateInput(value.slice(0, colon));
  if (!date) throw new OptionError('--payment', `date invalide dans « ${value} » (attendu AAAA-MM-JJ:montant).`);
  const amount = parseEuros(value.slice(colon + 1));
  if (amount === null || amount < 0) throw new OptionError('--payment', `montant invalide dans « ${value} » (attendu AAAA-MM-JJ:montant, par exemple 2025-10-15:500,00).`);
  return { date, amountCents: amount };
}

/** Turns the command's options into the engine's input, or throws an OptionError. */
export function penaltyInputFromOptions(options: PenaltiesOptions, today: IsoDate, rates: readonly SemesterRates[] = BUILT_IN_RATES): PenaltyInput {
  if (options.amount === undefined) throw new OptionError('--amount', 'montant de la facture (TTC) manquant, par exemple --amount 1234,56.');
  if (options.due === undefined) throw new OptionError('--due', 'date d’échéance manquante, par exemple --due 2025-09-30.');
  const principalCents = parseAmountOption('--amount', options.amount);
  const dueDate = parseDateOption('--due', options.due);
  const asOf = options.asOf === undefined ? today : parseDateOption('--as-of', options.asOf);
  const kindText = (options.kind ?? 'b2b').trim().toLowerCase();
  if (kindText !== 'b2b' && kindText !== 'b2c') throw new OptionError('--kind', `« ${options.kind} » : attendu b2b (client professionnel) ou b2c (client particulier).`);
  const kind = kindText === 'b2b' ? 'business' : 'consumer';
  const contractualRateBp = options.rate === undefined ? null : parseRateOption(options.rate);
  if (contractualRateBp !== null && kind === 'consumer') {
    throw new OptionError('--rate', 'le taux contractuel de pénalités ne s’applique qu’à un client professionnel (--kind b2b).');
  }
  const formalNoticeDate = options.notice === undefined ? null : parseDateOption('--notice', options.notice);
  if (formalNoticeDate !== null && kind === 'business') {
    throw new OptionError('--notice', 'entre professionnels, les pénalités courent sans mise en demeure : --notice ne vaut que pour un particulier (--kind b2c).');
  }
  const payments = (options.payment ?? []).map(parsePaymentOption);
  return { kind, principalCents, dueDate, asOf, payments, contractualRateBp, formalNoticeDate, rates };
}

/** The rate table of a book: built-in rows plus those added in Paramètres. */
function booksRates(db: string): SemesterRates[] {
  const ctx = openBook(db);
  try {
    return rateTable(ctx);
  } finally {
    ctx.close();
  }
}

/** Runs the command; returns the exit code (0, or 1 after a French error on stderr). */
export function penalties(options: PenaltiesOptions, today: IsoDate = todayLocal()): number {
  let input: PenaltyInput;
  try {
    input = penaltyInputFromOptions(options, today, options.db ? booksRates(options.db) : BUILT_IN_RATES);
  } catch (error) {
    if (error instanceof OptionError) {
      console.error(`Erreur : ${error.option} : ${error.message}`);
      return 1;
    }
    throw error;
  }
  const statement = computePenalties(input);
  if (options.json) console.log(JSON.stringify(statement, null, 2));
  else console.log(formatStatementFr(statement));
  return 0;
}

export function registerPenalties(program: Command): void {
  program
    .command('penalties')
    .description('calcule les pénalités de retard (professionnel) ou les intérêts au taux légal (particulier) d’une facture')
    .option('--amount <euros>', 'montant TTC dû à l’échéance (1234,56 ou 1234.56)')
    .option('--due <AAAA-MM-JJ>', 'date d’échéance de la facture')
    .option('--as-of <AAAA-MM-JJ>', 'date de calcul, incluse (par défaut : aujourd’hui)')
    .option('--kind <b2b|b2c>', 'client professionnel (b2b, par défaut) ou particulier (b2c)')
    .option('--rate <pourcentage>', 'taux contractuel de pénalités, par exemple 12.5 (b2b ; sinon BCE + 10 points)')
    .option('--payment <AAAA-MM-JJ:montant>', 'paiement ou avoir reçu (répétable)', collect)
    .option('--notice <AAAA-MM-JJ>', 'date de la mise en demeure (b2c : l’intérêt court à partir du lendemain)')
    .option('--json', 'sortie JSON (montants en centimes)')
    .option('--db <fichier>', DB_HELP)
    .action((opts: PenaltiesOptions) => {
      process.exitCode = penalties(opts);
    });
}
