// `recouvra letter` (one client) and `recouvra letters` (a batch): render, archive, write the PDF.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { parseDateInput, todayLocal, type IsoDate } from '../../../shared/domain/dates.js';
import type { LetterType } from '../../../shared/documents/letter-model.js';
import { clientsOverdue, generateLetters, resolveClient } from '../../core/letters.js';
import { queueLetters, queueOptions } from '../../core/queue-actions.js';
import { DB_HELP, setProcessExitCode, withBook, type SetExitCode } from '../context.js';

const TYPES: Record<string, LetterType> = {
  'relance-amiable': 'friendly_reminder',
  'relance-ferme': 'firm_reminder',
  'mise-en-demeure': 'formal_notice',
  releve: 'statement',
};
const TYPE_HELP = Object.keys(TYPES).join('|');

interface LetterOptions {
  db?: string;
  client?: string;
  type?: string;
  asOf?: string;
  minDaysLate?: string;
  out?: string;
  queue?: boolean;
}

function parse(options: LetterOptions, needsClient: boolean): { type: LetterType; asOf: IsoDate; out: string } | string {
  const type = options.type ? TYPES[options.type] : undefined;
  if (!type) return `--type : attendu ${TYPE_HELP} (reçu « ${options.type ?? ''} »).`;
  const asOf = options.asOf === undefined ? todayLocal() : parseDateInput(options.asOf);
  if (!asOf) return `--as-of : date invalide « ${options.asOf} » (AAAA-MM-JJ).`;
  if (!options.out) return '--out : indiquez le fichier PDF à écrire.';
  if (needsClient && !options.client) return '--client : indiquez le client (son numéro, son SIREN ou son nom exact).';
  return { type, asOf, out: options.out };
}

function writeAtomically(path: string, content: Buffer) {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.part`;
  writeFileSync(temporary, content);
  renameSync(temporary, path);
}

/** `letters --queue`: every letter action of the day's queue, recorded as done, in one PDF. */
async function runQueue(options: LetterOptions): Promise<number> {
  if (options.type !== undefined || options.minDaysLate !== undefined) {
    console.error('Erreur : --queue prend les courriers de la file du jour ; --type et --min-days-late ne s’y appliquent pas.');
    return 1;
  }
  const asOf = options.asOf === undefined ? todayLocal() : parseDateInput(options.asOf);
  if (!asOf) {
    console.error(`Erreur : --as-of : date invalide « ${options.asOf} » (AAAA-MM-JJ).`);
    return 1;
  }
  const out = options.out;
  if (!out) {
    console.error('Erreur : --out : indiquez le fichier PDF à écrire.');
    return 1;
  }
  return withBook(options.db, async (ctx) => {
    const started = Date.now();
    const batch = await queueLetters(ctx, asOf, queueOptions(ctx, asOf), { onProgress: (done, total) => process.stderr.write(`\r${done} / ${total} courriers`) });
    if (batch.documents.length === 0) {
      console.error(`Aucun courrier dans la file du ${asOf} : rien à imprimer.`);
      return 0;
    }
    process.stderr.write('\n');
    writeAtomically(out, batch.merged);
    const n = batch.documents.length;
    console.log(`${n} courrier${n > 1 ? 's' : ''} de la file archivé${n > 1 ? 's' : ''}, noté${n > 1 ? 's' : ''} comme fait${n > 1 ? 's' : ''} et écrit${n > 1 ? 's' : ''} dans ${out} (${Date.now() - started} ms).`);
    return 0;
  });
}

async function run(options: LetterOptions, batch: boolean): Promise<number> {
  if (batch && options.queue) return runQueue(options);
  const parsed = parse(options, !batch);
  if (typeof parsed === 'string') {
    console.error(`Erreur : ${parsed}`);
    return 1;
  }
  const minDays = options.minDaysLate === undefined ? 1 : Number(options.minDaysLate);
  if (!Number.isInteger(minDays) || minDays < 1) {
    console.error(`Erreur : --min-days-late : un nombre entier de jours, 1 au moins (reçu « ${options.minDaysLate} »).`);
    return 1;
  }
  return withBook(options.db, async (ctx) => {
    const clientIds = batch ? clientsOverdue(ctx, parsed.asOf, minDays) : [resolveClient(ctx, options.client as string)];
    if (clientIds.length === 0) {
      console.error(`Aucun client n’a de facture échue depuis ${minDays} jour${minDays > 1 ? 's' : ''} ou plus au ${parsed.asOf} : aucun courrier.`);
      return 0;
    }
    const started = Date.now();
    const result = await generateLetters(ctx, { clientIds, type: parsed.type, asOf: parsed.asOf }, {
      onProgress: (done, total) => {
        if (batch) process.stderr.write(`\r${done} / ${total} courriers`);
      },
    });
    if (batch) process.stderr.write('\n');
    writeAtomically(parsed.out, result.merged);
    console.log(`${result.documents.length} courrier${result.documents.length > 1 ? 's' : ''} archivé${result.documents.length > 1 ? 's' : ''} et écrit${result.documents.length > 1 ? 's' : ''} dans ${parsed.out} (${Date.now() - started} ms).`);
    return 0;
  });
}

export function registerLetters(program: Command, setExitCode: SetExitCode = setProcessExitCode): void {
  program
    .command('letter')
    .description('un courrier à un client (relance, mise en demeure, relevé), archivé puis écrit en PDF')
    .option('--db <fichier>', DB_HELP)
    .option('--client <client>', 'numéro, SIREN ou nom exact du client')
    .option('--type <type>', TYPE_HELP)
    .option('--as-of <AAAA-MM-JJ>', 'date du courrier et des calculs (par défaut : aujourd’hui)')
    .option('--out <fichier.pdf>', 'fichier PDF à écrire')
    .action(async (opts: LetterOptions) => setExitCode(await run(opts, false)));
  program
    .command('letters')
    .description('un courrier par client en retard, en un seul PDF à imprimer ; chacun est archivé')
    .option('--db <fichier>', DB_HELP)
    .option('--type <type>', TYPE_HELP)
    .option('--min-days-late <n>', 'clients dont une facture est échue depuis au moins n jours (par défaut 1)')
    .option('--queue', 'les courriers de la file de relances du jour (notés comme faits), au lieu de --type')
    .option('--as-of <AAAA-MM-JJ>', 'date des courriers et des calculs (par défaut : aujourd’hui)')
    .option('--out <fichier.pdf>', 'fichier PDF à écrire')
    .action(async (opts: LetterOptions) => setExitCode(await run(opts, true)));
}
