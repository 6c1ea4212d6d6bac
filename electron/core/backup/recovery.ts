// When the book cannot be opened because it is damaged, the shells offer the latest good backup
// of the folder chosen in Paramètres: the newest of our backups (automatic or manual) that passes
// its check. An encrypted backup cannot be checked without its passphrase: it is offered as is,
// and the restore checks it.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { formatDateFr, type IsoDate } from '../../../shared/domain/dates.js';
import { nodePreferences } from '../preferences.js';
import type { BookCounts } from './backup.js';
import { inspectBackup } from './restore.js';
import { parseBackupName } from './schedule.js';

export interface RecoveryCandidate {
  path: string;
  encrypted: boolean;
  /** "24/11/2026 à 09:12", from the backup's name (local time). */
  takenAt: string;
  /** What it holds, when it could be checked (not encrypted). */
  counts: BookCounts | null;
}

const MANUAL = /^recouvra-manuelle-/;

/** Our backups in the folder, newest first (automatic and manual; other files ignored). */
export function backupsNewestFirst(folder: string): { path: string; name: string; minute: number; encrypted: boolean }[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .map((name) => ({ name, parsed: parseBackupName(name.replace(MANUAL, 'recouvra-')) }))
    .filter((b): b is { name: string; parsed: NonNullable<typeof b.parsed> } => b.parsed !== null)
    .map((b) => ({ path: join(folder, b.name), name: b.name, minute: b.parsed.minute, encrypted: b.parsed.encrypted }))
    .sort((a, b) => b.minute - a.minute || b.name.localeCompare(a.name));
}

function takenAt(name: string): string {
  const m = /(\d{4}-\d{2}-\d{2})-(\d{2})(\d{2})\.sqlite/.exec(name)!;
  return `${formatDateFr(m[1] as IsoDate)} à ${m[2]}:${m[3]}`;
}

/** The newest backup of the folder that passes its check (or is encrypted); null when there is none. */
export async function latestGoodBackup(folder: string | null): Promise<RecoveryCandidate | null> {
  if (!folder) return null;
  for (const backup of backupsNewestFirst(folder)) {
    if (backup.encrypted) return { path: backup.path, encrypted: true, takenAt: takenAt(backup.name), counts: null };
    try {
      const inspection = await inspectBackup(backup.path);
      return { path: backup.path, encrypted: false, takenAt: takenAt(backup.name), counts: inspection.counts };
    } catch {
      // Damaged or unreadable: the next older one.
    }
  }
  return null;
}

/** The backup folder of Paramètres, read from the preferences beside the book's app folder. */
export function configuredBackupFolder(home: string): string | null {
  try {
    return nodePreferences(home).get().backup.folder ?? null;
  } catch {
    return null;
  }
}

/** What to tell the user when the book is damaged: the latest good backup and how to restore it, or what to do without one. */
export function recoveryAdvice(dbPath: string, candidate: RecoveryCandidate | null): string {
  if (!candidate) {
    return `Aucune sauvegarde saine n’a été trouvée dans le dossier des sauvegardes. Si vous en avez une ailleurs : recouvra restore --db "${dbPath}" --from FICHIER (le fichier endommagé sera gardé à côté).`;
  }
  const holds = candidate.counts ? ` (${candidate.counts.clients} clients, ${candidate.counts.invoices} factures)` : ' (chiffrée : la phrase de passe sera demandée)';
  return `La dernière sauvegarde saine est celle du ${candidate.takenAt}${holds} : ${candidate.path}. Pour la restaurer : recouvra restore --db "${dbPath}" --latest (le fichier endommagé sera gardé à côté).`;
}
