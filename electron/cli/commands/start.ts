// `recouvra start` (npm start): the desktop app, or browser mode where Electron can't be had.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { refuseIfHeld } from '../../core/db/instance-lock.js';
import { resolveDbPath } from '../../core/paths.js';
import { reportError } from '../context.js';
import { PROJECT_ROOT } from '../paths.js';
import { serve } from './serve.js';

/** Path of the Electron binary, or null if it is not installed and cannot be downloaded. */
function findElectron(): string | null {
  // require('electron') downloads the binary on first use (Electron ≥ 42); a child process keeps
  // its output and failure away from ours.
  const result = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    timeout: 300_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return result.status === 0 && result.stdout ? result.stdout : null;
}

/** Builds better-sqlite3 for Electron beside the Node build (never replacing it); returns its path. */
function electronNativeBinding(): string | null {
  const script = join(PROJECT_ROOT, 'electron', 'build', 'native-for-electron.mjs');
  const result = spawnSync(process.execPath, [script], { cwd: PROJECT_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const path = result.stdout.trim().split('\n').pop();
  return result.status === 0 && path ? path : null;
}

export async function start(options: { db?: string; port?: string }): Promise<number> {
  // The book already open in another instance: said now, before Electron is fetched or built
  // for. The lock itself is taken by the instance that opens the book (electron/main.ts, serve).
  try {
    refuseIfHeld(resolveDbPath(options.db));
  } catch (error) {
    return reportError(error);
  }
  const electron = findElectron();
  if (!electron) {
    console.log('Electron n’a pas pu être obtenu (pas d’accès Internet pour le télécharger) : Recouvra démarre en mode navigateur.');
    return serve(options);
  }
  const binding = electronNativeBinding();
  if (!binding) {
    console.log('Le module SQLite n’a pas pu être compilé pour Electron : Recouvra démarre en mode navigateur.');
    return serve(options);
  }
  const args = [PROJECT_ROOT, ...(options.db ? ['--db', options.db] : [])];
  const child = spawn(electron, args, { stdio: 'inherit', env: { ...process.env, RECOUVRA_NATIVE_BINDING: binding } });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 0)));
}
