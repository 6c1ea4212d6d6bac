// What the shells (desktop, browser mode) use: automatic backups at start-up and every hour of
// use, the last outcome kept for Paramètres, a backup on demand, and a restore that reopens the
// book in place (the dispatcher then rebuilds its handlers).
import { join } from 'node:path';
import type { CoreContext } from '../context.js';
import { AppError } from '../errors.js';
import { backupTo } from './backup.js';
import { restoreFrom } from './restore.js';
import { automaticBackup, automaticBackupName, hasSessionPassphrase, type AutomaticBackupOutcome } from './schedule.js';

const HOUR = 60 * 60 * 1000;
let lastOutcome: { at: string; status: AutomaticBackupOutcome['status']; message: string } | null = null;

export function lastAutomaticOutcome() {
  return lastOutcome;
}

async function runAutomatic(ctx: CoreContext, log: (line: string) => void): Promise<void> {
  const outcome = await automaticBackup(ctx);
  if (outcome.status === 'skipped' && outcome.reason === 'not-due') return;
  lastOutcome = { at: new Date().toISOString(), status: outcome.status, message: outcome.message };
  if (outcome.status !== 'skipped' || outcome.reason !== 'no-folder') log(`Sauvegarde automatique : ${outcome.message}`);
}

/** Runs the automatic backup now if it is due (after the folder changed, say), without waiting. */
export function triggerAutomaticBackup(ctx: CoreContext): void {
  void runAutomatic(ctx, (l) => console.error(l));
}

/** Starts the automatic backups (now, then every hour); returns the function that stops them. */
export function startAutomaticBackups(ctx: CoreContext, log: (line: string) => void = (l) => console.error(l)): () => void {
  void runAutomatic(ctx, log);
  const timer = setInterval(() => void runAutomatic(ctx, log), HOUR);
  timer.unref?.();
  return () => clearInterval(timer);
}

export function backupStatus(ctx: CoreContext) {
  const prefs = ctx.preferences.get().backup;
  return { ...prefs, sessionPassphrase: hasSessionPassphrase(), lastOutcome };
}

/** A backup now, into the configured folder (or the given one). */
export async function backupNow(ctx: CoreContext, options: { passphrase?: string | undefined } = {}) {
  const prefs = ctx.preferences.get().backup;
  if (!prefs.folder) throw new AppError('PRECONDITION', 'Choisissez d’abord le dossier des sauvegardes (une clé USB ou un dossier synchronisé).');
  if (prefs.encrypt && !options.passphrase) throw new AppError('VALIDATION', 'Phrase de passe : obligatoire pour une sauvegarde chiffrée.', { passphrase: 'Phrase de passe : obligatoire.' });
  const target = join(prefs.folder, automaticBackupName(new Date(), prefs.encrypt).replace(/^recouvra-/, 'recouvra-manuelle-'));
  return backupTo(ctx, target, prefs.encrypt && options.passphrase ? { passphrase: options.passphrase } : {});
}

/** Restores a backup file over the open book, then reopens it (whether the restore succeeded or not). */
export async function restoreNow(ctx: CoreContext, source: string, options: { passphrase?: string | undefined; nativeBinding?: string | undefined } = {}) {
  try {
    return await restoreFrom(ctx, source, { ...(options.passphrase ? { passphrase: options.passphrase } : {}), ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
  } finally {
    if (!ctx.db.open) ctx.reopen();
  }
}
