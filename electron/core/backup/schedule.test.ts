// Automatic backups: names, rotation (property-based), the decision to back up, the folder
// gone, the session passphrase, and the backup section of the preferences.
import fc from 'fast-check';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_BACKUP_SETTINGS, preferencesPatchSchema, readBackupSettings } from '../../../shared/preferences.js';
import { aClient } from '../../../test/helpers/builders.js';
import { freshCore, tempDir, type TestCore } from '../../../test/helpers/core.js';
import type { KdfParams } from './crypto.js';
import { restoreFrom } from './restore.js';
import {
  automaticBackup,
  automaticBackupName,
  hasSessionPassphrase,
  KEEP_DAILY,
  KEEP_MONTHLY,
  KEEP_WEEKLY,
  parseBackupName,
  resetBackupSession,
  rotate,
  selectToKeep,
  setSessionPassphrase,
} from './schedule.js';

const FAST_KDF: KdfParams = { N: 2 ** 14, r: 8, p: 1 };
const NOW = new Date(2026, 10, 23, 14, 30); // Monday 23 November 2026, 14:30 local time

describe('names', () => {
  it('recouvra-YYYY-MM-DD-HHmm.sqlite in local time, .sqlite.enc when encrypted', () => {
    expect(automaticBackupName(new Date(2026, 0, 5, 7, 3), false)).toBe('recouvra-2026-01-05-0703.sqlite');
    expect(automaticBackupName(NOW, true)).toBe('recouvra-2026-11-23-1430.sqlite.enc');
    expect(parseBackupName('recouvra-2026-11-23-1430.sqlite.enc')).toMatchObject({ encrypted: true });
    for (const other of ['recouvra-2026-02-30-1000.sqlite', 'recouvra-2026-11-23-2460.sqlite', 'recouvra-2026-11-23-1430.sqlite.part', 'recouvra.sqlite', 'notes.txt', 'xrecouvra-2026-11-23-1430.sqlite']) {
      expect(parseBackupName(other), other).toBeNull();
    }
  });
});

describe('selectToKeep', () => {
  const minutesBefore = (n: number) => new Date(NOW.getTime() - n * 60_000);
  /** Backups up to two years old, plain or encrypted. */
  const backups = fc.array(fc.tuple(fc.integer({ min: 0, max: 2 * 366 * 1440 }), fc.boolean()), { maxLength: 250 }).map((list) => list.map(([m, enc]) => automaticBackupName(minutesBefore(m), enc)));
  const order = (a: string, b: string) => parseBackupName(b)!.minute - parseBackupName(a)!.minute || (a < b ? 1 : a > b ? -1 : 0);

  it('keeps a subset, the newest always, at most 7 + 4 + 12, and is stable when run again', () => {
    fc.assert(
      fc.property(backups, (names) => {
        const kept = selectToKeep(names, NOW);
        expect(kept.every((n) => names.includes(n))).toBe(true);
        expect(new Set(kept).size).toBe(kept.length);
        expect(kept.length).toBeLessThanOrEqual(KEEP_DAILY + KEEP_WEEKLY + KEEP_MONTHLY);
        if (names.length > 0) expect(kept[0]).toBe([...names].sort(order)[0]);
        expect(selectToKeep(kept, NOW)).toEqual(kept);
      }),
    );
  });

  it('keeps the latest backup of each of the last 7 days, 4 ISO weeks and 12 months', () => {
    fc.assert(
      fc.property(backups, (names) => {
        const kept = new Set(selectToKeep(names, NOW));
        const today = parseBackupName(automaticBackupName(NOW, false))!;
        const sorted = [...new Set(names)].sort(order).map((n) => parseBackupName(n)!);
        const latestOf = (bucket: 'day' | 'week' | 'month', value: number) => sorted.find((p) => p[bucket] === value);
        const windows: ['day' | 'week' | 'month', number[]][] = [
          ['day', Array.from({ length: 7 }, (_, i) => today.day - i)],
          ['week', Array.from({ length: 4 }, (_, i) => today.week - 7 * i)],
          ['month', Array.from({ length: 12 }, (_, i) => today.month - i)],
        ];
        for (const [bucket, values] of windows) {
          for (const value of values) {
            const latest = latestOf(bucket, value);
            if (latest) expect(kept.has(latest.name), `${bucket} ${value}`).toBe(true);
          }
        }
      }),
    );
  });

  it('ignores other files and keeps (without counting) a backup dated in the future', () => {
    const future = automaticBackupName(new Date(NOW.getTime() + 3 * 86_400_000), false);
    const names = ['notes.txt', future, ...Array.from({ length: 40 }, (_, i) => automaticBackupName(new Date(NOW.getTime() - i * 86_400_000), false))];
    const kept = selectToKeep(names, NOW);
    expect(kept).not.toContain('notes.txt');
    expect(kept[0]).toBe(future);
    expect(kept.length).toBeLessThanOrEqual(1 + KEEP_DAILY + KEEP_WEEKLY + KEEP_MONTHLY);
  });

  it('a year and a half of daily backups: the last 7 days, 2 more Sundays, and each month’s last day', () => {
    const names: string[] = [];
    for (let d = new Date(2025, 5, 1, 9, 0); d <= NOW; d = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1, 9, 0)) names.push(automaticBackupName(d, false));
    const kept = selectToKeep(names, NOW).map((n) => n.slice(9, 19));
    expect(kept).toEqual([
      '2026-11-23', '2026-11-22', '2026-11-21', '2026-11-20', '2026-11-19', '2026-11-18', '2026-11-17', // days
      '2026-11-15', '2026-11-08', // weeks (Monday to Sunday)
      '2026-10-31', '2026-09-30', '2026-08-31', '2026-07-31', '2026-06-30', '2026-05-31', '2026-04-30', '2026-03-31', '2026-02-28', '2026-01-31', '2025-12-31', // months
    ]);
  });

  it('after weeks without opening the app, older backups are not wiped out', () => {
    const names = Array.from({ length: 10 }, (_, i) => automaticBackupName(new Date(2026, 8, 1 + i, 9, 0), false)); // 1–10 September
    names.push(automaticBackupName(NOW, false));
    const kept = selectToKeep(names, NOW);
    expect(kept).toContain('recouvra-2026-09-10-0900.sqlite');
    expect(kept).toContain('recouvra-2026-09-05-0900.sqlite'); // the 7 most recent days that have a backup
    expect(kept).toHaveLength(7);
  });
});

describe('rotate', () => {
  it('deletes only our backups that are not kept', () => {
    const dir = tempDir('recouvra-rotate-');
    try {
      const ours = Array.from({ length: 60 }, (_, i) => automaticBackupName(new Date(NOW.getTime() - i * 86_400_000 * 3), i % 2 === 0));
      for (const n of [...ours, 'notes.txt', 'recouvra.sqlite', 'recouvra-2026-11-23-1430.sqlite.part']) writeFileSync(join(dir, n), 'x');
      mkdirSync(join(dir, 'recouvra-2020-01-01-0000.sqlite')); // a folder with our name: not ours to delete
      const result = rotate(dir, NOW);
      expect(result.errors).toEqual([]);
      expect(result.kept).toEqual(selectToKeep(ours, NOW));
      expect(result.deleted.length).toBe(60 - result.kept.length);
      expect(readdirSync(dir).sort()).toEqual([...result.kept, 'notes.txt', 'recouvra.sqlite', 'recouvra-2026-11-23-1430.sqlite.part', 'recouvra-2020-01-01-0000.sqlite'].sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports an unreadable folder instead of throwing', () => {
    expect(rotate('/nonexistent/recouvra', NOW).errors[0]).toContain('Rotation impossible');
  });
});

describe('automaticBackup', () => {
  let core: TestCore;
  let folder: string;
  beforeEach(async () => {
    resetBackupSession();
    core = freshCore();
    folder = join(core.dir, 'cle-usb');
    mkdirSync(folder);
    await core.call('clients.create', aClient());
  });
  afterEach(() => {
    resetBackupSession();
    core.close();
  });
  const prefs = () => core.ctx.preferences;

  it('does nothing, and says so, while no folder is chosen', async () => {
    const outcome = await automaticBackup(core.ctx, prefs(), NOW);
    expect(outcome).toMatchObject({ status: 'skipped', reason: 'no-folder' });
    expect(outcome.message).toContain('Paramètres → Sauvegardes');
  });

  it('reports a folder that is gone (USB key removed) without throwing, and tries again next time', async () => {
    prefs().set({ backup: { folder: join(core.dir, 'cle-debranchee') } });
    const outcome = await automaticBackup(core.ctx, prefs(), NOW);
    expect(outcome.status).toBe('failed');
    expect(outcome.message).toBe(
      `Sauvegarde automatique impossible : le dossier « ${join(core.dir, 'cle-debranchee')} » est introuvable. Branchez la clé USB ou choisissez un autre dossier dans Paramètres → Sauvegardes.`,
    );
    expect(prefs().get().backup.lastAutomaticAt).toBeNull();
    mkdirSync(join(core.dir, 'cle-debranchee'));
    expect((await automaticBackup(core.ctx, prefs(), new Date(NOW.getTime() + 3600_000))).status).toBe('done');
  });

  it('backs up at start-up, then only when the last one is 24 hours old; rotates; leaves other files alone', async () => {
    prefs().set({ backup: { folder } });
    const old = Array.from({ length: 40 }, (_, i) => automaticBackupName(new Date(NOW.getTime() - (i + 1) * 86_400_000), false));
    for (const n of [...old, 'notes.txt']) writeFileSync(join(folder, n), 'ancienne');

    const first = await automaticBackup(core.ctx, prefs(), NOW);
    expect(first.status).toBe('done');
    if (first.status !== 'done') return;
    expect(first.report.path).toBe(join(folder, 'recouvra-2026-11-23-1430.sqlite'));
    expect(first.report).toMatchObject({ integrity: 'ok', counts: { clients: 1 } });
    expect(first.message).toContain('Sauvegarde automatique écrite');
    expect(prefs().get().backup.lastAutomaticAt).toBe(NOW.toISOString());
    expect(first.rotation.deleted.length).toBeGreaterThan(0);
    const files = readdirSync(folder);
    expect(files).toContain('notes.txt');
    expect(files.filter((n) => parseBackupName(n)).length).toBeLessThanOrEqual(KEEP_DAILY + KEEP_WEEKLY + KEEP_MONTHLY);

    const hourLater = await automaticBackup(core.ctx, prefs(), new Date(NOW.getTime() + 3600_000));
    expect(hourLater).toMatchObject({ status: 'skipped', reason: 'not-due' });
    const dayLater = await automaticBackup(core.ctx, prefs(), new Date(NOW.getTime() + 24 * 3600_000));
    expect(dayLater.status).toBe('done');
    expect(existsSync(join(folder, 'recouvra-2026-11-24-1430.sqlite'))).toBe(true);

    // A new session (the app started again): a start-up backup even though the last is recent.
    resetBackupSession();
    expect((await automaticBackup(core.ctx, prefs(), new Date(NOW.getTime() + 25 * 3600_000))).status).toBe('done');
  });

  it('encrypted: waits for the session passphrase, kept in memory only, then writes a .enc that restores', async () => {
    prefs().set({ backup: { folder, encrypt: true } });
    const waiting = await automaticBackup(core.ctx, prefs(), NOW, { kdf: FAST_KDF });
    expect(waiting).toMatchObject({ status: 'skipped', reason: 'needs-passphrase' });

    setSessionPassphrase('une phrase de passe de session');
    expect(hasSessionPassphrase()).toBe(true);
    const done = await automaticBackup(core.ctx, prefs(), NOW, { kdf: FAST_KDF });
    expect(done.status).toBe('done');
    if (done.status !== 'done') return;
    expect(done.report.path).toBe(join(folder, 'recouvra-2026-11-23-1430.sqlite.enc'));
    const preferencesFile = readFileSync(join(core.dir, 'preferences.json'), 'utf8');
    expect(preferencesFile).not.toContain('une phrase de passe de session');
    const restored = await restoreFrom(join(core.dir, 'restored.sqlite'), done.report.path, { passphrase: 'une phrase de passe de session' });
    expect(restored.counts.clients).toBe(1);
  });

  it('one at a time: a call while a backup runs is skipped', async () => {
    prefs().set({ backup: { folder } });
    const [a, b] = await Promise.all([automaticBackup(core.ctx, prefs(), NOW), automaticBackup(core.ctx, prefs(), NOW)]);
    expect(a.status).toBe('done');
    expect(b).toMatchObject({ status: 'skipped', reason: 'running' });
  });
});

describe('backup preferences', () => {
  let core: TestCore;
  beforeEach(() => {
    core = freshCore();
  });
  afterEach(() => core.close());

  it('defaults to no folder, not encrypted, never backed up', () => {
    expect(core.ctx.preferences.get().backup).toEqual(DEFAULT_BACKUP_SETTINGS);
  });

  it('the window sets folder and encryption, never the last backup date; a new folder resets it', () => {
    const prefs = core.ctx.preferences;
    prefs.set({ backup: { folder: '/media/cle', lastAutomaticAt: '2026-11-20T08:00:00.000Z' } });
    expect(prefs.get().backup).toEqual({ folder: '/media/cle', encrypt: false, lastAutomaticAt: '2026-11-20T08:00:00.000Z' });
    prefs.set({ backup: { encrypt: true } });
    expect(prefs.get().backup).toEqual({ folder: '/media/cle', encrypt: true, lastAutomaticAt: '2026-11-20T08:00:00.000Z' });
    prefs.set({ backup: { folder: 'E:\\Sauvegardes' } });
    expect(prefs.get().backup).toEqual({ folder: 'E:\\Sauvegardes', encrypt: true, lastAutomaticAt: null });
    prefs.set({ backup: { folder: null } });
    expect(prefs.get().backup.folder).toBeNull();

    const fromWindow = preferencesPatchSchema.parse({ backup: { folder: '  /home/claire/Sauvegardes  ', lastAutomaticAt: '2030-01-01T00:00:00.000Z' } });
    expect(fromWindow.backup).toEqual({ folder: '/home/claire/Sauvegardes' });
    expect(preferencesPatchSchema.parse({ backup: { folder: '' } }).backup).toEqual({ folder: null });
    const relative = preferencesPatchSchema.safeParse({ backup: { folder: 'Sauvegardes' } });
    expect(relative.success).toBe(false);
    expect(relative.error?.issues[0]?.message).toContain('un chemin complet');
    expect(preferencesPatchSchema.safeParse({ backup: { folder: '\\\\serveur\\partage' } }).success).toBe(true);
  });

  it('reads a hand-edited or older section field by field', () => {
    expect(readBackupSettings(undefined)).toEqual(DEFAULT_BACKUP_SETTINGS);
    expect(readBackupSettings({ folder: 'relatif', encrypt: true, lastAutomaticAt: 'hier' })).toEqual({ folder: null, encrypt: true, lastAutomaticAt: null });
  });
});

describe('leftovers of interrupted backups', () => {
  it('rotation removes our own stale .part files, never a finished backup nor a fresh .part', async () => {
    const { mkdtempSync, writeFileSync, utimesSync, readdirSync: list } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join: joinPath } = await import('node:path');
    const folder = mkdtempSync(joinPath(tmpdir(), 'recouvra-parts-'));
    const now = new Date('2026-11-23T12:00:00');
    const old = new Date('2026-11-23T09:00:00');
    for (const name of ['recouvra-2026-11-23-0900.sqlite.part', 'recouvra-2026-11-23-0900.sqlite.part-journal', 'recouvra-2026-11-23-1159.sqlite.part', 'recouvra-2026-11-23-0800.sqlite', 'autre.part']) {
      writeFileSync(joinPath(folder, name), 'x');
      utimesSync(joinPath(folder, name), name.includes('1159') ? now : old, name.includes('1159') ? now : old);
    }
    const result = rotate(folder, now);
    expect(result.errors).toEqual([]);
    expect(list(folder).sort()).toEqual(['autre.part', 'recouvra-2026-11-23-0800.sqlite', 'recouvra-2026-11-23-1159.sqlite.part']);
  });
});
