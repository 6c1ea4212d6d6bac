// `recouvra dossier`: the injonction de payer dossier of a client as the lawyer's ZIP (the PDF,
// each pièce, a spreadsheet, the case as JSON, a SHA-256 manifest). Opens the case as the app does.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { COURT_KIND_LABELS, type CourtKind } from '../../../shared/domain/cases.js';
import { parseDateInput, todayLocal } from '../../../shared/domain/dates.js';
import { adviseClient } from '../../core/escalation/advisor-facts.js';
import { prepareDossier } from '../../core/escalation/prepare-dossier.js';
import { resolveClient } from '../../core/letters.js';
import { AppError } from '../../core/errors.js';
import { DB_HELP, setProcessExitCode, withBook, type SetExitCode } from '../context.js';

interface DossierCliOptions {
  db?: string;
  client?: string;
  invoices?: string;
  asOf?: string;
  court?: string;
  out?: string;
}

const KINDS: Record<string, CourtKind> = { commerce: 'commerce', tae: 'activites_economiques', 'activites-economiques': 'activites_economiques', judiciaire: 'judiciaire' };
const COURT_HELP = 'commerce:VILLE, tae:VILLE ou judiciaire:VILLE';

export async function runDossier(options: DossierCliOptions): Promise<number> {
  const fail = (message: string) => {
    console.error(`Erreur : ${message}`);
    return 1;
  };
  if (!options.client) return fail('--client : indiquez le client (son numéro, son SIREN ou son nom exact).');
  if (!options.out) return fail('--out : indiquez le fichier ZIP à écrire.');
  const asOf = options.asOf === undefined ? todayLocal() : parseDateInput(options.asOf);
  if (!asOf) return fail(`--as-of : date invalide « ${options.asOf} » (AAAA-MM-JJ).`);
  let court: { kind: CourtKind; name: string } | null = null;
  if (options.court !== undefined) {
    const m = /^([a-z-]+):(.+)$/i.exec(options.court.trim());
    const kind = m ? KINDS[m[1]!.toLowerCase()] : undefined;
    if (!m || !kind) return fail(`--court : attendu ${COURT_HELP} (reçu « ${options.court} »).`);
    court = { kind, name: m[2]!.trim() };
  }
  const out = options.out;
  return withBook(options.db, async (ctx) => {
    const clientId = resolveClient(ctx, options.client!);
    const advice = adviseClient(ctx, clientId, asOf);
    if (!court) {
      // Never a silent guess: without --court, only a court the advisor can name is taken, and said.
      if (!advice.court?.suggestedCity) {
        throw new AppError('VALIDATION', `--court : confirmez le tribunal (${COURT_HELP}) : ${advice.court ? `${advice.court.label} du domicile du débiteur${advice.court.forLocality ? ` (${advice.court.forLocality})` : ''}` : 'aucun tribunal suggéré'}.`);
      }
      court = { kind: advice.court.kind, name: advice.court.suggestedCity };
      console.error(`Tribunal retenu : ${COURT_KIND_LABELS[court.kind]} de ${court.name} (suggestion d’après la ville du débiteur : vérifiez-le, --court pour un autre).`);
    }
    let invoiceIds: number[] | undefined;
    if (options.invoices) {
      const numbers = options.invoices.split(',').map((n) => n.trim()).filter(Boolean);
      const rows = ctx.db.prepare(`SELECT id, number FROM invoices WHERE client_id = ? AND number IN (${numbers.map(() => '?').join(',')})`).all(clientId, ...numbers) as { id: number; number: string }[];
      const unknown = numbers.filter((n) => !rows.some((r) => r.number === n));
      if (unknown.length) throw new AppError('VALIDATION', `--invoices : facture${unknown.length > 1 ? 's' : ''} inconnue${unknown.length > 1 ? 's' : ''} pour ce client : ${unknown.join(', ')}.`);
      invoiceIds = rows.map((r) => r.id);
    }
    const { caseId, dossier } = await prepareDossier(ctx, { clientId, invoiceIds, court, asOf });
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(`${out}.part`, dossier.zip);
    renameSync(`${out}.part`, out);
    for (const m of dossier.model.missing) console.error(`À compléter : ${m}`);
    for (const w of dossier.warnings) console.error(`Attention : ${w}`);
    console.log(`Dossier n° ${caseId} : ${dossier.model.invoiceIds.length} facture(s), ${dossier.model.pieces.length} pièce(s), ${dossier.pages.reduce((n, p) => n + p.pageCount, 0)} pages ; ${out}`);
    return 0;
  });
}

export function registerDossier(program: Command, setExitCode: SetExitCode = setProcessExitCode): void {
  program
    .command('dossier')
    .description('le dossier d’injonction de payer d’un client, en ZIP pour un avocat (ouvre le dossier contentieux)')
    .option('--db <fichier>', DB_HELP)
    .option('--client <client>', 'numéro, SIREN ou nom exact du client')
    .option('--invoices <n1,n2>', 'numéros des factures (par défaut : toutes les factures échues non contestées)')
    .option('--as-of <AAAA-MM-JJ>', 'date de dépôt : le décompte est arrêté à cette date (par défaut : aujourd’hui)')
    .option('--court <type:ville>', `tribunal confirmé : ${COURT_HELP}`)
    .option('--out <fichier.zip>', 'fichier ZIP à écrire')
    .action(async (opts: DossierCliOptions) => setExitCode(await runDossier(opts)));
}
