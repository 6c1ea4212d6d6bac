// The audit journal's SQL. Entries are appended inside the caller's transaction, so a change
// and its journal line are written together or not at all.
import type { AuditAction, AuditEntity, AuditEntry } from '../../../shared/domain/audit.js';
import type { Db } from '../db/connection.js';
import type { Clock } from '../clock.js';

interface AuditRow {
  id: number;
  at: string;
  entity: AuditEntity;
  entity_id: number | null;
  action: AuditAction;
  summary: string;
  before_json: string | null;
  after_json: string | null;
}

export interface NewAuditEntry {
  entity: AuditEntity;
  entityId: number | null;
  action: AuditAction;
  summary: string;
  before?: unknown;
  after?: unknown;
}

export function auditRepository(db: Db, clock: Clock) {
  const insert = db.prepare(
    `INSERT INTO audit_log (at, entity, entity_id, action, summary, before_json, after_json)
     VALUES (@at, @entity, @entityId, @action, @summary, @before, @after)`,
  );
  const byEntity = db.prepare(
    `SELECT * FROM audit_log WHERE entity = @entity AND (@entityId IS NULL OR entity_id = @entityId) ORDER BY id DESC LIMIT @limit`,
  );
  const latest = db.prepare(`SELECT * FROM audit_log ORDER BY id DESC LIMIT @limit`);

  const toEntry = (r: AuditRow): AuditEntry => ({
    id: r.id,
    at: r.at,
    entity: r.entity,
    entityId: r.entity_id,
    action: r.action,
    summary: r.summary,
    before: r.before_json === null ? null : JSON.parse(r.before_json),
    after: r.after_json === null ? null : JSON.parse(r.after_json),
  });

  return {
    /** Never call outside the transaction of the change it records. */
    append(entry: NewAuditEntry): void {
      insert.run({
        at: clock.now(),
        entity: entry.entity,
        entityId: entry.entityId,
        action: entry.action,
        summary: entry.summary,
        before: entry.before === undefined || entry.before === null ? null : JSON.stringify(entry.before),
        after: entry.after === undefined || entry.after === null ? null : JSON.stringify(entry.after),
      });
    },
    list(query: { entity?: AuditEntity; entityId?: number; limit: number }): AuditEntry[] {
      const rows = query.entity
        ? (byEntity.all({ entity: query.entity, entityId: query.entityId ?? null, limit: query.limit }) as AuditRow[])
        : (latest.all({ limit: query.limit }) as AuditRow[]);
      return rows.map(toEntry);
    },
  };
}

export type AuditRepository = ReturnType<typeof auditRepository>;
