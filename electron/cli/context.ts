// Opening the book from the command line: the --db option, RECOUVRA_DB, or the default file.
import { createContext, type CoreContext } from '../core/context.js';
import { resolveDbPath } from '../core/paths.js';
import { AppError } from '../core/errors.js';

export function openBook(dbOption: string | undefined): CoreContext {
  return createContext({ dbPath: resolveDbPath(dbOption), shell: 'browser' });
}

/**
 * Opens the book, runs `work` with it, and always closes it; an error (opening included) is
 * printed for a person and becomes the exit code. `work` returns the exit code.
 */
export async function withBook(dbOption: string | undefined, work: (ctx: CoreContext) => number | Promise<number>): Promise<number> {
  let ctx: CoreContext;
  try {
    ctx = openBook(dbOption);
  } catch (error) {
    return reportError(error);
  }
  try {
    return await work(ctx);
  } catch (error) {
    return reportError(error);
  } finally {
    ctx.close();
  }
}

/** Prints an error for a person (French) and returns the exit code. */
export function reportError(error: unknown): number {
  if (error instanceof AppError) {
    console.error(`Erreur : ${error.message}`);
    return 1;
  }
  console.error('Erreur inattendue :', error);
  return 2;
}

/** The help text of every command's --db option. */
export const DB_HELP = 'fichier de données SQLite (sinon RECOUVRA_DB, sinon le dossier de l’application)';

/** How commands report their exit code when no setter is given. */
export type SetExitCode = (code: number) => void;
export const setProcessExitCode: SetExitCode = (code) => {
  process.exitCode = code;
};
