// `recouvra queue`: the reminder actions due (today or at --as-of), one line per client, as the
// Relances page shows them; --json for scripts. Reads only: nothing is recorded.
import type { Command } from 'commander';
import { formatDateFr, parseDateInput, todayLocal } from '../../../shared/domain/dates.js';
import { formatEuros } from '../../../shared/domain/money.js';
import { CHANNEL_LABELS, HOLD_LABELS, signed, type TodayQueue } from '../../../shared/domain/scenarios.js';
import { queueOptions } from '../../core/queue-actions.js';
import { todayQueue } from '../../core/queue.js';
import { DB_HELP, setProcessExitCode, withBook, type SetExitCode } from '../context.js';

interface QueueCliOptions {
  db?: string;
  asOf?: string;
  json?: boolean;
}

export function formatQueue(queue: TodayQueue): string {
  const out: string[] = [];
  const n = queue.lines.length;
  out.push(n === 0 ? `Rien à faire le ${formatDateFr(queue.asOf)}.` : `${n} relance${n > 1 ? 's' : ''} à faire le ${formatDateFr(queue.asOf)} :`);
  for (const l of queue.lines) {
    const invoices = l.invoices.map((i) => `${i.number} (${i.daysLate >= 0 ? `+${i.daysLate} j` : `${i.daysLate} j`})`).join(', ');
    out.push(`  ${l.clientName} — ${CHANNEL_LABELS[l.step.channel]} J${signed(l.step.offsetDays)} (${l.scenarioName}${l.step.needsValidation ? ', à valider' : ''}) — ${formatEuros(l.totalCents)} — ${invoices}`);
  }
  if (queue.insurer.length) {
    out.push('Déclarations à l’assureur-crédit :');
    for (const d of queue.insurer) out.push(`  ${d.clientName} — ${d.invoiceNumber} — ${formatEuros(d.remainingCents)} — avant le ${formatDateFr(d.deadline)}`);
  }
  if (queue.held.length) {
    out.push(`En pause (${queue.held.length}) :`);
    for (const h of queue.held) out.push(`  ${h.clientName} — ${h.holds.map((x) => `${HOLD_LABELS[x.reason]}${x.until ? ` jusqu’au ${formatDateFr(x.until)}` : ''}`).join(' ; ')}`);
  }
  return out.join('\n');
}

export function registerQueue(program: Command, setExitCode: SetExitCode = setProcessExitCode): void {
  program
    .command('queue')
    .description('les relances à faire (une ligne par client), les clients en pause et les déclarations à l’assureur')
    .option('--db <fichier>', DB_HELP)
    .option('--as-of <AAAA-MM-JJ>', 'date de la file (par défaut : aujourd’hui)')
    .option('--json', 'sortie JSON')
    .action(async (opts: QueueCliOptions) => {
      const asOf = opts.asOf === undefined ? todayLocal() : parseDateInput(opts.asOf);
      if (!asOf) {
        console.error(`Erreur : --as-of : date invalide « ${opts.asOf} » (AAAA-MM-JJ).`);
        return setExitCode(1);
      }
      return setExitCode(
        await withBook(opts.db, (ctx) => {
          const queue = todayQueue(ctx, asOf, queueOptions(ctx, asOf));
          console.log(opts.json ? JSON.stringify(queue, null, 2) : formatQueue(queue));
          return 0;
        }),
      );
    });
}
