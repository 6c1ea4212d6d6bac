// Settings that belong with the books (they change what the law engine computes, so they travel
// with backups): one JSON value per key in the settings table, validated on the way in and out.
import { bookSettingsSchema, type BookSettings } from '../../../shared/settings.js';
import type { Db } from '../db/connection.js';
import type { Clock } from '../clock.js';
import type { AuditRepository } from './audit.js';


export function settingsRepository(db: Db, clock: Clock, audit: AuditRepository) {
  const all = db.prepare('SELECT key, value_json FROM settings');
  const upsert = db.prepare(
    'INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at',
  );
  function get(): BookSettings {
    const raw = Object.fromEntries((all.all() as { key: string; value_json: string }[]).map((r) => [r.key, JSON.parse(r.value_json)]));
    const parsed = bookSettingsSchema.safeParse(raw);
    return parsed.success ? parsed.data : bookSettingsSchema.parse({});
  }
  return {
    get,
    /** Generic access for other modules' settings (rate tables…), stored under their own key. */
    raw<T>(key: string): T | undefined {
      const row = db.prepare('SELECT value_json FROM settings WHERE key = ?').get(key) as { value_json: string } | undefined;
      return row ? (JSON.parse(row.value_json) as T) : undefined;
    },
    setRaw: db.transaction((key: string, value: unknown, summary: string) => {
      const before = db.prepare('SELECT value_json FROM settings WHERE key = ?').get(key) as { value_json: string } | undefined;
      upsert.run(key, JSON.stringify(value), clock.now());
      audit.append({ entity: 'company', entityId: null, action: 'update', summary, before: before ? JSON.parse(before.value_json) : null, after: value });
    }),
    set: db.transaction((patch: Partial<BookSettings>): BookSettings => {
      const before = get();
      for (const [key, value] of Object.entries(patch)) if (value !== undefined) upsert.run(key, JSON.stringify(value), clock.now());
      const after = get();
      audit.append({ entity: 'company', entityId: null, action: 'update', summary: 'Réglages modifiés', before, after });
      return after;
    }),
  };
}

export type SettingsRepository = ReturnType<typeof settingsRepository>;
