// `recouvra backup` and `recouvra restore`: the same backup and restore as Paramètres →
// Sauvegardes. The passphrase of an encrypted backup comes from RECOUVRA_PASSPHRASE or is typed
// without echo on a terminal; it is never an option (it would stay in the shell's history).
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { backupTo, type BackupReport, type BookContents } from '../../core/backup/backup.js';
import { checkNewPassphrase, isEncryptedBackup } from '../../core/backup/crypto.js';
import { restoreFrom, type RestoreReport } from '../../core/backup/restore.js';
import { automaticBackupName } from '../../core/backup/schedule.js';
import { acquireInstanceLock } from '../../core/db/instance-lock.js';
import { AppError } from '../../core/errors.js';
import { appDataDir, resolveDbPath } from '../../core/paths.js';
import { configuredBackupFolder, latestGoodBackup } from '../../core/backup/recovery.js';
import { formatBytes } from '../../../shared/domain/text.js';
import { DB_HELP, reportError, setProcessExitCode, withBook, type SetExitCode } from '../context.js';

export const PASSPHRASE_ENV = 'RECOUVRA_PASSPHRASE';

interface BackupCliOptions {
  db?: string;
  out?: string;
  encrypt?: boolean;
  json?: boolean;
}

interface RestoreCliOptions {
  db?: string;
  from?: string;
  latest?: boolean;
  json?: boolean;
}

const group = (n: number) => n.toLocaleString('fr-FR').replace(/\s/g, '\u202f');
const count = (n: number, one: string, many: string) => `${group(n)} ${n > 1 ? many : one}`;

function formatStamp(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()} à ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function contentLines(c: BookContents): string[] {
  return [
    `  ${count(c.counts.clients, 'client', 'clients')}, ${count(c.counts.invoices, 'facture', 'factures')}, ${count(c.counts.payments, 'paiement', 'paiements')}`,
    `  ${count(c.counts.documents, 'document', 'documents')} (${formatBytes(c.documentsBytes)}) : courriers, PDF de factures et pièces jointes sont dans le fichier`,
  ];
}

export function formatBackupReport(r: BackupReport): string {
  return [
    `Sauvegarde écrite : ${r.path}`,
    `  ${r.encrypted ? 'Chiffrée (AES-256-GCM)' : 'Non chiffrée'}, ${formatBytes(r.sizeBytes)}, contrôle d’intégrité : ${r.integrity}`,
    `  Schéma : version ${r.schemaVersion} (Recouvra ${r.appVersion})`,
    ...contentLines(r),
  ].join('\n');
}

export function formatRestoreReport(r: RestoreReport): string {
  const m = r.migration;
  return [
    `Sauvegarde restaurée dans ${r.dbPath}`,
    `  Depuis : ${r.source} (${r.encrypted ? 'chiffrée' : 'non chiffrée'}, du ${formatStamp(r.createdAt)}${r.appVersion ? `, Recouvra ${r.appVersion}` : ''})`,
    `  Contrôle d’intégrité : ok ; schéma : version ${r.schemaVersion}${m.to !== m.from ? `, mis à jour en version ${m.to}` : ''}`,
    ...contentLines(r),
    r.asidePath ? `  Fichier de données remplacé, gardé sous : ${r.asidePath}` : '  Aucun fichier de données n’était là : rien n’a été remplacé.',
    ...(m.backupPath ? [`  Copie avant mise à jour du schéma : ${m.backupPath}`] : []),
  ].join('\n');
}

/** Reads a line without echo on a terminal (raw mode). Ctrl-C or Ctrl-D cancels. */
export function promptHidden(question: string, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    output.write(question);
    const wasRaw = input.isRaw;
    input.setRawMode(true);
    input.setEncoding('utf8');
    input.resume();
    let value = '';
    const finish = (error?: Error) => {
      input.removeListener('data', onData);
      input.setRawMode(wasRaw);
      input.pause();
      output.write('\n');
      if (error) reject(error);
      else resolvePromise(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003' || (ch === '\u0004' && value === '')) return finish(new AppError('VALIDATION', 'Saisie de la phrase de passe interrompue.'));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else if (ch >= ' ') value += ch;
      }
    };
    input.on('data', onData);
  });
}

/**
 * The passphrase: RECOUVRA_PASSPHRASE, else typed on the terminal (twice for a new backup);
 * without either, a French error saying how to give it.
 */
export async function obtainPassphrase(purpose: 'backup' | 'restore', env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const fromEnv = env[PASSPHRASE_ENV];
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) {
    throw new AppError(
      'VALIDATION',
      purpose === 'backup'
        ? `--encrypt demande une phrase de passe : donnez-la dans la variable d’environnement ${PASSPHRASE_ENV} (pas de terminal pour la saisir).`
        : `cette sauvegarde est chiffrée : donnez sa phrase de passe dans la variable d’environnement ${PASSPHRASE_ENV} (pas de terminal pour la saisir).`,
    );
  }
  const first = await promptHidden(purpose === 'backup' ? 'Phrase de passe de la sauvegarde : ' : 'Phrase de passe de la sauvegarde chiffrée : ');
  if (purpose === 'restore') return first;
  checkNewPassphrase(first);
  const again = await promptHidden('Confirmez la phrase de passe : ');
  if (again !== first) throw new AppError('VALIDATION', 'Les deux phrases de passe saisies diffèrent : rien n’a été écrit.');
  return first;
}

export async function runBackup(opts: BackupCliOptions): Promise<number> {
  if (!opts.out) {
    console.error('Erreur : indiquez le fichier de sauvegarde à écrire (--out FICHIER).');
    return 1;
  }
  const dbPath = resolveDbPath(opts.db);
  if (!existsSync(dbPath)) {
    console.error(`Erreur : fichier de données introuvable : ${dbPath}`);
    return 1;
  }
  let out = resolve(opts.out);
  if (existsSync(out) && statSync(out).isDirectory()) out = join(out, automaticBackupName(new Date(), Boolean(opts.encrypt)));
  let passphrase: string | undefined;
  try {
    if (opts.encrypt) passphrase = await obtainPassphrase('backup');
  } catch (error) {
    return reportError(error);
  }
  const showProgress = !opts.json && process.stderr.isTTY;
  return withBook(dbPath, async (ctx) => {
    const report = await backupTo(ctx, out, {
      ...(passphrase !== undefined ? { passphrase } : {}),
      ...(showProgress ? { onProgress: (done: number, total: number) => process.stderr.write(`\rCopie : ${total ? Math.floor((done / total) * 100) : 100} %`) } : {}),
    });
    if (showProgress) process.stderr.write('\n');
    console.log(opts.json ? JSON.stringify(report, null, 2) : formatBackupReport(report));
    return 0;
  });
}

export async function runRestore(opts: RestoreCliOptions): Promise<number> {
  if (!opts.from === !opts.latest) {
    console.error('Erreur : indiquez la sauvegarde à restaurer (--from FICHIER), ou --latest pour la dernière sauvegarde saine du dossier des sauvegardes.');
    return 1;
  }
  const dbPath = resolveDbPath(opts.db);
  let from: string;
  if (opts.latest) {
    const folder = configuredBackupFolder(appDataDir());
    const candidate = await latestGoodBackup(folder);
    if (!candidate) {
      console.error(`Erreur : aucune sauvegarde saine dans ${folder ? `le dossier des sauvegardes (${folder})` : 'le dossier des sauvegardes : il n’est pas choisi (Paramètres → Sauvegardes)'} ; indiquez-en une avec --from FICHIER.`);
      return 1;
    }
    console.error(`Dernière sauvegarde saine : ${candidate.path} (${candidate.takenAt}).`);
    from = candidate.path;
  } else from = resolve(opts.from!);
  try {
    // Never under a running app (desktop or browser mode): it would keep working on the swapped
    // file. The book is held for the restore's length, so no instance starts on it meanwhile.
    const lock = acquireInstanceLock(dbPath, { purpose: 'restore' });
    try {
      const passphrase = existsSync(from) && statSync(from).isFile() && (await isEncryptedBackup(from)) ? await obtainPassphrase('restore') : undefined;
      const report = await restoreFrom(dbPath, from, passphrase !== undefined ? { passphrase } : {});
      console.log(opts.json ? JSON.stringify(report, null, 2) : formatRestoreReport(report));
      return 0;
    } finally {
      lock.release();
    }
  } catch (error) {
    return reportError(error);
  }
}

export function registerBackup(program: Command, setExitCode: SetExitCode = setProcessExitCode): void {
  program
    .command('backup')
    .description('sauvegarde le fichier de données (copie vérifiée, documents et pièces compris), chiffrée sur demande')
    .option('--db <fichier>', DB_HELP)
    .option('--out <fichier>', 'sauvegarde à écrire (un dossier : nommée recouvra-AAAA-MM-JJ-HHmm.sqlite dedans)')
    .option('--encrypt', `chiffre la sauvegarde (AES-256-GCM) ; phrase de passe : ${PASSPHRASE_ENV}, sinon demandée`)
    .option('--json', 'rapport en JSON')
    .action(async (opts: BackupCliOptions) => setExitCode(await runBackup(opts)));
}

export function registerRestore(program: Command, setExitCode: SetExitCode = setProcessExitCode): void {
  program
    .command('restore')
    .description('restaure une sauvegarde (vérifiée d’abord) ; le fichier de données remplacé est gardé à côté')
    .option('--db <fichier>', DB_HELP)
    .option('--from <fichier>', `sauvegarde à restaurer (.sqlite, ou .sqlite.enc chiffrée : phrase de passe dans ${PASSPHRASE_ENV}, sinon demandée)`)
    .option('--latest', 'restaure la dernière sauvegarde saine du dossier des sauvegardes (Paramètres → Sauvegardes)')
    .option('--json', 'rapport en JSON')
    .action(async (opts: RestoreCliOptions) => setExitCode(await runRestore(opts)));
}
