// What crosses a channel: `{ ok: true, data }` or `{ ok: false, error }`, never an exception.
import type { z } from 'zod';

export type ErrorCode = 'VALIDATION' | 'NOT_FOUND' | 'CONFLICT' | 'PRECONDITION' | 'UNAUTHORIZED' | 'INTERNAL';

export interface AppErrorPayload {
  code: ErrorCode;
  /** A sentence in French for the user: what went wrong and what to do. */
  message: string;
  /** Field path ("siren", "address.5", "contacts.0.email") → French message. */
  fields?: Record<string, string>;
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: AppErrorPayload };

/** Collects zod issues into one French message per field, the first issue of each field winning. */
export function issuesToFields(issues: readonly z.core.$ZodIssue[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || '_';
    if (!(key in fields)) fields[key] = issue.message;
  }
  return fields;
}

export function validationError(issues: readonly z.core.$ZodIssue[]): AppErrorPayload {
  const fields = issuesToFields(issues);
  const count = Object.keys(fields).length;
  const first = Object.values(fields)[0] ?? 'Saisie invalide.';
  return {
    code: 'VALIDATION',
    message: count > 1 ? `${count} champs à corriger. ${first}` : first,
    fields,
  };
}
