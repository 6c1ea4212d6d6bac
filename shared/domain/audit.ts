// The append-only audit journal: who changed what, when, with the values before and after.

export type AuditAction = 'create' | 'update' | 'archive' | 'restore' | 'delete';
export type AuditEntity = 'client' | 'company' | 'invoice' | 'payment' | 'credit_note' | 'dispute' | 'promise' | 'document' | 'scenario' | 'payment_plan';

export interface AuditEntry {
  id: number;
  at: string; // UTC ISO timestamp
  entity: AuditEntity;
  entityId: number | null;
  action: AuditAction;
  summary: string; // one French line, e.g. "Client « Dupont SAS » archivé"
  before: unknown;
  after: unknown;
}

export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  create: 'Création',
  update: 'Modification',
  archive: 'Archivage',
  restore: 'Restauration',
  delete: 'Suppression',
};
