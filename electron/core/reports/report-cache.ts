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

export function createReportCache(db: Db, capacity = 16): ReportCache {
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
