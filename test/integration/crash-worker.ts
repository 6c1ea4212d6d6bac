// The child process of crash.test.ts: opens a book, commits a marker, says READY, then does one
// heavy write (import, letters, backup) until the parent kills it with SIGKILL.
//   node --import tsx test/integration/crash-worker.ts <import|fec|letters|backup> <dbPath> <k> <size> [backupTarget]
import { join, dirname } from 'node:path';
import { createContext } from '../../electron/core/context.js';
import { clientInputSchema } from '../../shared/schemas.js';
import { nodePreferences } from '../../electron/core/preferences.js';
import { INVOICE_COLUMNS } from '../../electron/core/import/csv.js';

process.env.NODE_ENV ??= 'production';

if (process.argv.length < 6) throw new Error('usage: crash-worker <op> <dbPath> <k> <size> [target]');
const [op, dbPath, kText, sizeText, target] = process.argv.slice(2) as [string, string, string, string, string | undefined];
const k = Number(kText);
const size = Number(sizeText);
const say = (line: string) => process.stdout.write(line + '\n');

/** A factures.csv of `rows` invoices numbered K<k>-<i> (due in 2027), over clients that earlier runs may have created. */
function batchCsv(batch: number, rows: number): string {
  const out: string[] = [INVOICE_COLUMNS.join(';')];
  const clients = Math.max(1, Math.floor(rows / 20));
  for (let i = 0; i < rows; i++) {
    const ttc = 1000 + ((i * 7919) % 900_000);
    const ht = Math.floor(ttc / 1.2);
    const euros = (c: number) => `${Math.floor(c / 100)},${String(c % 100).padStart(2, '0')}`;
    out.push([`Client ${String(1 + (i % clients)).padStart(5, '0')} SARL`, '', 'professionnel', `K${batch}-${i + 1}`, '2025-03-01', '2027-01-31', euros(ttc), euros(ht), '', ''].join(';'));
  }
  return out.join('\n') + '\n';
}

async function main() {
  const ctx = createContext({ dbPath, preferences: nodePreferences(join(dirname(dbPath), 'home')) });

  // Everything slow that is not a write happens before READY, so that the kill lands in the write.
  let work: () => Promise<unknown>;
  // Only what the operation needs is loaded: each of the many runs starts faster.
  if (op === 'import') {
    const { applyImport } = await import('../../electron/core/import/apply.js');
    const csv = batchCsv(k, size);
    work = async () => applyImport(ctx, { invoices: csv });
  } else if (op === 'fec') {
    const { generateFec } = await import('../../electron/core/bench/import-bench.js');
    const { applyFec } = await import('../../electron/core/import/fec.js');
    const fec = generateFec({ lines: size, seed: k });
    work = async () => applyFec(ctx, fec.bytes, `crash-${k}-FEC.txt`);
  } else if (op === 'letters') {
    const { clientsOverdue, generateLetters, letterModelFor } = await import('../../electron/core/letters.js');
    const { renderLetters } = await import('../../electron/core/documents/render-letters.js');
    const clientIds = clientsOverdue(ctx, '2026-11-23' as never, 30).slice(0, size);
    // One letter rendered and thrown away: the first rendering (fonts, React) takes seconds.
    await renderLetters([letterModelFor(ctx, clientIds[0]!, 'friendly_reminder', '2026-11-23' as never).model], ctx.repos.settings.get().letterWindow, null);
    work = () =>
      generateLetters(ctx, { clientIds, type: 'friendly_reminder', asOf: '2026-11-23' as never }, {
        merge: false,
        onProgress: (done) => say(`ARCHIVED ${done}`),
      });
  } else if (op === 'backup') {
    const { backupTo } = await import('../../electron/core/backup/backup.js');
    if (!target) throw new Error('backup needs a target');
    work = () => backupTo(ctx, target, { pagesPerStep: size });
  } else {
    throw new Error(`unknown op ${op}`);
  }

  ctx.repos.clients.create(clientInputSchema.parse({ kind: 'business', name: `marker-${k}`, address: ['', '', '', '1 rue du Test', '', '75002 PARIS'] }));
  say(`READY ${k}`);
  await work();
  say('DONE');
  ctx.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`crash-worker failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(2);
});
