// Where Recouvra keeps its files. The same folder as Electron's app.getPath('userData') for
// the product name "Recouvra", so the desktop app, browser mode and the CLI share one book.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const PRODUCT_NAME = 'Recouvra';
export const DB_FILE_NAME = 'recouvra.sqlite';

export function appDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.RECOUVRA_HOME) return env.RECOUVRA_HOME;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), PRODUCT_NAME);
}

/** The database file: `--db PATH`, else RECOUVRA_DB, else recouvra.sqlite in the app-data folder. */
export function resolveDbPath(cliPath?: string | null, env: NodeJS.ProcessEnv = process.env): string {
  return cliPath || env.RECOUVRA_DB || join(appDataDir(env), DB_FILE_NAME);
}
