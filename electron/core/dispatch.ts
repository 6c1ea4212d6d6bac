// The single entry point of every call, whatever the shell: checks the channel name, validates
// the payload with the channel's schema, runs the handler, and returns a Result (never throws).
import { contract, isChannel, type Channel } from '../../shared/contract.js';
import { validationError, type Result } from '../../shared/result.js';
import { AppError, storageError } from './errors.js';
import type { CoreContext } from './context.js';
import { createHandlers, type Handlers } from './handlers/index.js';

export type Dispatch = (channel: string, payload: unknown) => Promise<Result<unknown>>;

export interface DispatchOptions {
  /** Where unexpected errors are reported (stderr by default); the user sees a generic message. */
  onInternalError?: (channel: string, error: unknown) => void;
}

function isSqliteConstraint(error: unknown): boolean {
  const code = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT');
}

export function createDispatcher(ctx: CoreContext, options: DispatchOptions = {}): Dispatch {
  let handlers: Handlers = createHandlers(ctx);
  let generation = ctx.generation;
  const report = options.onInternalError ?? ((channel, error) => console.error(`[recouvra] ${channel} failed:`, error));

  return async (channel, payload) => {
    if (!isChannel(channel)) {
      return { ok: false, error: { code: 'NOT_FOUND', message: `Opération inconnue : « ${String(channel).slice(0, 80)} ».` } };
    }
    const parsed = contract[channel].input.safeParse(payload ?? {});
    if (!parsed.success) return { ok: false, error: validationError(parsed.error.issues) };
    try {
      // The book was reopened (a restore): handlers hold repositories of the old connection.
      if (ctx.generation !== generation) {
        handlers = createHandlers(ctx);
        generation = ctx.generation;
      }
      const handler = handlers[channel] as (input: unknown) => unknown;
      const data = await handler(parsed.data);
      return { ok: true, data: data === undefined ? null : data };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toPayload() };
      const storage = storageError(error, ctx.dbPath);
      if (storage) {
        report(channel, error);
        return { ok: false, error: storage.toPayload() };
      }
      if (isSqliteConstraint(error)) {
        report(channel, error);
        return { ok: false, error: { code: 'CONFLICT', message: 'Enregistrement refusé : il contredit une donnée existante. Rien n’a été modifié.' } };
      }
      report(channel, error);
      return { ok: false, error: { code: 'INTERNAL', message: 'Erreur inattendue : rien n’a été modifié. Réessayez ; si cela persiste, faites une sauvegarde et signalez-le.' } };
    }
  };
}

export type { Channel };
