// Automatic backups: one at start-up, then one whenever the last is 24 hours old while the app
// runs (the app calls automaticBackup at start and every hour; this module decides), into the
// folder chosen in Paramètres, named recouvra-YYYY-MM-DD-HHmm.sqlite[.enc] (local time), then
// rotated: 7 daily, 4 weekly, 12 monthly.
//
// Rotation follows the usual grandfather-father-son rule (as restic's --keep-daily 7
// --keep-weekly 4 --keep-monthly 12): the newest backup of each of the 7 most recent days that
// have a backup, of each of the 4 most recent ISO weeks that have one, of each of the 12 most
// recent months that have one. Counting days that have a backup, not calendar days, means that
// a month without opening the app never wipes out the older backups; when the app runs daily it
// is exactly "each of the last 7 days, 4 weeks, 12 months". The newest backup is always kept,
// files not named by us are never touched, and a file dated after `now` (a clock set wrong) is
// kept and takes no slot.
//
// The passphrase of encrypted automatic backups lives in this module's memory for the session
// (setSessionPassphrase), never on disk.
import { existsSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fromParts, isIsoDate, todayLocal, toDayNumber } from '../../../shared/domain/dates.js';
import type { BackupSettings } from '../../../shared/preferences.js';
import type { CoreContext } from '../context.js';
import { AppError } from '../errors.js';
import type { PreferencesStore } from '../preferences.js';
import { backupTo, type BackupReport } from './backup.js';
import type { KdfParams } from './crypto.js';

export const KEEP_DAILY = 7;
export const KEEP_WEEKLY = 4;
export const KEEP_MONTHLY = 12;
/** Hours between two automatic backups while the app runs. */
export const AUTOMATIC_INTERVAL_HOURS = 24;

const NAME_PATTERN = /^recouvra-(\d{4})-(\d{2})-(\d{2})-(\d{2})(\d{2})\.sqlite(\.enc)?$/;

// ---------------------------------------------------------------------------------------------
// The session: passphrase in memory, and whether this run of the app has made its backup yet.

const session: { passphrase: string | null; done: boolean; running: boolean } = { passphrase: null, done: false, running: false };

/** Keeps (or with null forgets) the passphrase of encrypted automatic backups, in memory only. */
export function setSessionPassphrase(passphrase: string | null): void {
  session.passphrase = passphrase === null || passphrase === '' ? null : passphrase;
}

export function hasSessionPassphrase(): boolean {
  return session.passphrase !== null;
}

/** A new session: no passphrase, the start-up backup still to make (tests; another book opened). */
export function resetBackupSession(): void {
  session.passphrase = null;
  session.done = false;
  session.running = false;
}

// ---------------------------------------------------------------------------------------------
// Names and rotation.

const pad = (n: number) => String(n).padStart(2, '0');

/** recouvra-YYYY-MM-DD-HHmm.sqlite (or .sqlite.enc), local time. */
export function automaticBackupName(now: Date, encrypted: boolean): string {
  return `recouvra-${todayLocal(now)}-${pad(now.getHours())}${pad(now.getMinutes())}.sqlite${encrypted ? '.enc' : ''}`;
}

export interface ParsedBackupName {
  name: string;
  /** Minutes since 1970-01-01 00:00 (local calendar), for ordering. */
  minute: number;
  day: number;
  /** Day number of the Monday of its ISO week. */
  week: number;
  /** year × 12 + month − 1. */
  month: number;
  encrypted: boolean;
}

/** One of our backups' names, or null for any other file. */
export function parseBackupName(name: string): ParsedBackupName | null {
  const m = NAME_PATTERN.exec(name);
  if (!m) return null;
  const [year, month, dayOfMonth, hours, minutes] = m.slice(1, 6).map(Number) as [number, number, number, number, number];
  if (hours > 23 || minutes > 59 || month < 1 || month > 12 || dayOfMonth < 1) return null;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  if (!isIsoDate(iso) || fromParts(year, month, dayOfMonth) !== iso) return null;
  const day = toDayNumber(iso);
  const weekday = (((day + 3) % 7) + 7) % 7; // Monday 0 (1970-01-01 was a Thursday)
  return { name, minute: day * 1440 + hours * 60 + minutes, day, week: day - weekday, month: year * 12 + month - 1, encrypted: m[6] !== undefined };
}

function minuteOf(now: Date): number {
  return toDayNumber(todayLocal(now)) * 1440 + now.getHours() * 60 + now.getMinutes();
}

/** Of our backups' names (others are ignored), those rotation keeps, newest first. */
export function selectToKeep(names: readonly string[], now: Date): string[] {
  const nowMinute = minuteOf(now);
  const parsed = [...new Set(names)].map(parseBackupName).filter((p): p is ParsedBackupName => p !== null);
  const future = parsed.filter((p) => p.minute > nowMinute);
  const past = parsed
    .filter((p) => p.minute <= nowMinute)
    .sort((a, b) => b.minute - a.minute || (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
  const keep = new Set<string>();
  if (past[0]) keep.add(past[0].name);
  const slots: [keyof ParsedBackupName & ('day' | 'week' | 'month'), number][] = [['day', KEEP_DAILY], ['week', KEEP_WEEKLY], ['month', KEEP_MONTHLY]];
  for (const [bucket, count] of slots) {
    let left = count;
    let last: number | null = null;
    for (const p of past) {
      if (left === 0) break;
      if (p[bucket] === last) continue; // an older one in a period already kept
      last = p[bucket];
      keep.add(p.name);
      left -= 1;
    }
  }
  return [...future.sort((a, b) => b.minute - a.minute), ...past.filter((p) => keep.has(p.name))].map((p) => p.name);
}

export interface RotationResult {
  kept: string[];
  deleted: string[];
  /** French lines: files that could not be deleted. */
  errors: string[];
}

/** Deletes, in `folder`, our backups that selectToKeep does not keep. Never throws. */
export function rotate(folder: string, now: Date): RotationResult {
  let names: string[];
  try {
    names = readdirSync(folder).filter((n) => parseBackupName(n) !== null && statSync(join(folder, n)).isFile());
  } catch (error) {
    return { kept: [], deleted: [], errors: [`Rotation impossible : le dossier « ${folder} » n’a pas pu être lu (${(error as Error).message}).`] };
  }
  const kept = selectToKeep(names, now);
  const keep = new Set(kept);
  const deleted: string[] = [];
  const errors: string[] = [];
  for (const name of names) {
    if (keep.has(name)) continue;
    try {
      unlinkSync(join(folder, name));
      deleted.push(name);
    } catch (error) {
      errors.push(`${name} n’a pas pu être supprimée (${(error as Error).message}).`);
    }
  }
  // Leftovers of a backup interrupted by a crash or a pulled USB key (never a finished backup):
  // our own "recouvra-….part" files, once they are an hour old.
  try {
    for (const name of readdirSync(folder)) {
      if (!/^recouvra-.*\.part(-journal|-wal|-shm)?$/.test(name)) continue;
      const path = join(folder, name);
      if (now.getTime() - statSync(path).mtimeMs > 60 * 60 * 1000) {
        unlinkSync(path);
        deleted.push(name);
      }
    }
  } catch (error) {
    errors.push(`Nettoyage des sauvegardes interrompues impossible (${(error as Error).message}).`);
  }
  return { kept, deleted: deleted.sort().reverse(), errors };
}

// ---------------------------------------------------------------------------------------------
// The automatic backup.

export type AutomaticBackupOutcome =
  | { status: 'done'; message: string; report: BackupReport; rotation: RotationResult }
  | { status: 'skipped'; reason: 'no-folder' | 'not-due' | 'needs-passphrase' | 'running'; message: string }
  /** The folder is missing or cannot be written (USB key removed…), or the copy failed: show `message`. */
  | { status: 'failed'; message: string };

export interface AutomaticBackupOptions {
  /** Back up even if one was made less than 24 hours ago. */
  force?: boolean;
  /** For encrypted backups, instead of the session's. */
  passphrase?: string;
  /** scrypt cost (tests only). */
  kdf?: KdfParams;
}

/** When the next automatic backup falls due, given the settings; null: due now. */
export function nextAutomaticBackupAt(settings: BackupSettings, now: Date): Date | null {
  if (!session.done || settings.lastAutomaticAt === null) return null;
  const last = Date.parse(settings.lastAutomaticAt);
  if (Number.isNaN(last) || last > now.getTime()) return null; // unreadable, or a clock moved back
  const next = last + AUTOMATIC_INTERVAL_HOURS * 3600_000;
  return next <= now.getTime() ? null : new Date(next);
}

const formatCount = (n: number, one: string, many: string) => `${n.toLocaleString('fr-FR')} ${n > 1 ? many : one}`;

/**
 * Makes the automatic backup if one is due: the first call of the session (start-up) and then
 * every 24 hours of use. Never throws: every outcome is a status with a French message.
 */
export async function automaticBackup(
  ctx: CoreContext,
  prefs: PreferencesStore = ctx.preferences,
  now: Date = new Date(),
  options: AutomaticBackupOptions = {},
): Promise<AutomaticBackupOutcome> {
  const settings = prefs.get().backup;
  const folder = settings.folder;
  if (!folder) {
    return { status: 'skipped', reason: 'no-folder', message: 'Sauvegardes automatiques désactivées : choisissez un dossier dans Paramètres → Sauvegardes.' };
  }
  const next = options.force ? null : nextAutomaticBackupAt(settings, now);
  if (next) {
    return { status: 'skipped', reason: 'not-due', message: `Prochaine sauvegarde automatique vers ${next.toLocaleString('fr-FR', { dateStyle: 'short', timeStyle: 'short' })}.` };
  }
  if (session.running) return { status: 'skipped', reason: 'running', message: 'Une sauvegarde automatique est déjà en cours.' };
  const passphrase = settings.encrypt ? (options.passphrase ?? session.passphrase ?? undefined) : undefined;
  if (settings.encrypt && !passphrase) {
    return {
      status: 'skipped',
      reason: 'needs-passphrase',
      message: 'Les sauvegardes automatiques sont chiffrées : saisissez la phrase de passe pour cette session (Paramètres → Sauvegardes).',
    };
  }
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    return {
      status: 'failed',
      message: `Sauvegarde automatique impossible : le dossier « ${folder} » est introuvable. Branchez la clé USB ou choisissez un autre dossier dans Paramètres → Sauvegardes.`,
    };
  }

  session.running = true;
  try {
    const report = await backupTo(ctx, join(folder, automaticBackupName(now, passphrase !== undefined)), {
      ...(passphrase !== undefined ? { passphrase } : {}),
      ...(options.kdf ? { kdf: options.kdf } : {}),
    });
    prefs.set({ backup: { lastAutomaticAt: now.toISOString() } });
    session.done = true;
    const rotation = rotate(folder, now);
    const c = report.counts;
    const message =
      `Sauvegarde automatique écrite : ${report.path} (${formatCount(c.clients, 'client', 'clients')}, ${formatCount(c.invoices, 'facture', 'factures')}, ` +
      `${formatCount(c.documents, 'document', 'documents')}${report.encrypted ? ', chiffrée' : ''}).` +
      (rotation.deleted.length ? ` ${formatCount(rotation.deleted.length, 'ancienne sauvegarde supprimée', 'anciennes sauvegardes supprimées')}.` : '') +
      (rotation.errors.length ? ` ${rotation.errors.join(' ')}` : '');
    return { status: 'done', message, report, rotation };
  } catch (error) {
    const detail = error instanceof AppError ? error.message.replace(/^Sauvegarde impossible : /, '') : error instanceof Error ? error.message : String(error);
    return { status: 'failed', message: `Sauvegarde automatique impossible : ${detail}` };
  } finally {
    session.running = false;
  }
}
