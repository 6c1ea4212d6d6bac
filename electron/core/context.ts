// Everything a handler needs, built once per opened database. No globals: the desktop app,
// browser mode, the CLI and each test build their own.
import { openDatabase, type Db, type OpenOptions } from './db/connection.js';
import type { MigrationReport } from './db/migrate.js';
import { systemClock, type Clock } from './clock.js';
import { nodePreferences, type PreferencesStore } from './preferences.js';
import { auditRepository } from './repositories/audit.js';
import { clientsRepository } from './repositories/clients.js';
import { companyRepository } from './repositories/company.js';
import { ledgerRepository } from './repositories/ledger.js';
import { settingsRepository } from './repositories/settings.js';
import { appDataDir } from './paths.js';
import { APP_VERSION } from './version.js';

export interface CoreContext {
  db: Db;
  dbPath: string;
  migration: MigrationReport;
  clock: Clock;
  shell: 'electron' | 'browser';
  version: string;
  preferences: PreferencesStore;
  repos: ReturnType<typeof makeRepositories>;
  /** Bumped by reopen(): whoever holds repositories or statements builds them again. */
  generation: number;
  /** Opens the same file again (after a restore replaced it): new connection, new repositories. */
  reopen(): void;
  close(): void;
}

function makeRepositories(db: Db, clock: Clock) {
  const audit = auditRepository(db, clock);
  return {
    audit,
    clients: clientsRepository(db, clock, audit),
    company: companyRepository(db, clock, audit),
    ledger: ledgerRepository(db, clock, audit),
    settings: settingsRepository(db, clock, audit),
  };
}

export interface CreateContextOptions extends OpenOptions {
  dbPath: string;
  clock?: Clock;
  shell?: 'electron' | 'browser';
  /** Preferences store; by default conf in the app-data folder (RECOUVRA_HOME to move it). */
  preferences?: PreferencesStore;
}

export function createContext(options: CreateContextOptions): CoreContext {
  const clock = options.clock ?? systemClock;
  const { db, path, migration } = openDatabase(options.dbPath, options);
  const ctx: CoreContext = {
    db,
    dbPath: path,
    migration,
    clock,
    shell: options.shell ?? 'browser',
    version: APP_VERSION,
    preferences: options.preferences ?? nodePreferences(appDataDir()),
    repos: makeRepositories(db, clock),
    generation: 0,
    reopen() {
      if (ctx.db.open) ctx.db.close();
      const again = openDatabase(ctx.dbPath, options);
      ctx.db = again.db;
      ctx.migration = again.migration;
      ctx.repos = makeRepositories(again.db, clock);
      ctx.generation += 1;
    },
    close: () => ctx.db.close(),
  };
  return ctx;
}
