// The dashboard, the aging report and the day's queue are recomputed only when the books have
// changed since: at 1 000 000 invoices the charts take seconds to compute, and a user goes back
// and forth between screens far more often than the books change.
//
// "Changed" is read from SQLite itself, so no write can be forgotten: total_changes() counts
// every row this connection has inserted, updated or deleted (triggers included, rolled-back
// work too: invalidating more often is harmless), and PRAGMA data_version changes when another
// connection (the CLI beside the app) commits. Keys carry the date the report is computed for.
import type { Db } from '../db/connection.js';

export type ReportCache = <T>(key: string, compute: () => T) => T;

/** Set (to anything) in the environment, nothing is kept: `recouvra bench` measures what computing costs. */
export const NO_REPORT_CACHE_ENV = 'RECOUVRA_NO_REPORT_CACHE';

export function createReportCache(db: Db, capacity = 16, env: NodeJS.ProcessEnv = process.env): ReportCache {
  if (env[NO_REPORT_CACHE_ENV]) return (_key, compute) => compute();
  const entries = new Map<string, unknown>();
  const totalChanges = db.prepare('SELECT total_changes()').pluck();
  let version = '';
  return <T>(key: string, compute: () => T): T => {
    const now = `${db.pragma('data_version', { simple: true }) as number}:${totalChanges.get() as number}`;
    if (now !== version) {
      entries.clear();
      version = now;
    }
    if (entries.has(key)) return entries.get(key) as T;
    const value = compute();
    // Computing may have written nothing, but check: a report must never be kept past a change it made.
    if (`${db.pragma('data_version', { simple: true }) as number}:${totalChanges.get() as number}` === version) {
      entries.set(key, value);
      if (entries.size > capacity) entries.delete(entries.keys().next().value!);
    }
    return value;
  };
}
