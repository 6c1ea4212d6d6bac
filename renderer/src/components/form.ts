// Form helpers: run a channel's own schema before sending (same messages as the core), and
// turn an ApiError into field messages when the core refuses anyway.
import type { z } from 'zod';
import { issuesToFields } from '../../../shared/result.js';
import { ApiError } from '../api/client.js';

export type FieldErrors = Record<string, string>;

export function validateWith(schema: z.ZodType, input: unknown): FieldErrors {
  const parsed = schema.safeParse(input);
  return parsed.success ? {} : issuesToFields(parsed.error.issues);
}

/**
 * Field messages of a refused call, or the general message under "_". `prefix` strips the
 * wrapper of nested inputs ("client.siren" → "siren" for clients.update).
 */
export function errorsFromApi(error: unknown, prefix = ''): FieldErrors {
  if (error instanceof ApiError) {
    if (Object.keys(error.fields).length === 0) return { _: error.message };
    return Object.fromEntries(Object.entries(error.fields).map(([k, v]) => [prefix && k.startsWith(prefix) ? k.slice(prefix.length) : k, v]));
  }
  return { _: error instanceof Error ? error.message : 'Erreur inattendue.' };
}

/** Puts the keyboard focus on the first field in error, so the user lands where to fix. */
export function focusFirstError(form: HTMLFormElement | null): void {
  requestAnimationFrame(() => {
    const first = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
    first?.focus();
  });
}

export function errorCountMessage(errors: FieldErrors): string | null {
  const count = Object.keys(errors).filter((k) => k !== '_').length;
  if (count === 0) return errors._ ?? null;
  return count === 1 ? 'Un champ est à corriger : rien n’a été enregistré.' : `${count} champs sont à corriger : rien n’a été enregistré.`;
}
