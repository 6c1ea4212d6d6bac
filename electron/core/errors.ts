// The one error type the core throws on purpose; the dispatcher turns it into a Result.
import type { AppErrorPayload, ErrorCode } from '../../shared/result.js';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toPayload(): AppErrorPayload {
    return this.fields ? { code: this.code, message: this.message, fields: this.fields } : { code: this.code, message: this.message };
  }
}

/** The book could not be opened because the file is damaged (not a lock, not the disk): the shells offer the latest good backup. */
export class DamagedBookError extends AppError {
  constructor(message: string) {
    super('PRECONDITION', message);
    this.name = 'DamagedBookError';
  }
}

export function notFound(what: string): AppError {
  return new AppError('NOT_FOUND', `${what} introuvable : il a peut-être été supprimé. Rechargez la liste.`);
}

/**
 * SQLite's faults (disk full, read-only folder, file locked by another program, damaged file) as
 * a French message saying what to do; null for anything else. Nothing is lost in any of these:
 * SQLite rolls the transaction back.
 */
export function storageError(error: unknown, dbPath?: string): AppError | null {
  const code = error instanceof Error ? String((error as Error & { code?: unknown }).code ?? '') : '';
  const where = dbPath ? ` (${dbPath})` : '';
  if (code.startsWith('SQLITE_FULL')) {
    return new AppError('PRECONDITION', `Le disque est plein${where} : rien n’a été enregistré. Libérez de la place, puis recommencez.`);
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_CANTOPEN')) {
    return new AppError('PRECONDITION', `Le fichier de données ne peut pas être écrit${where} : dossier en lecture seule ou droits insuffisants. Choisissez un autre dossier (--db) ou corrigez les droits ; rien n’a été modifié.`);
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new AppError('CONFLICT', `Le fichier de données est occupé par un autre programme${where} (une autre fenêtre de Recouvra ?). Fermez-le puis réessayez ; rien n’a été modifié.`);
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return new DamagedBookError(
      `Le fichier de données est endommagé${where}. Ne l’écrasez pas : restaurez la dernière sauvegarde (Paramètres → Sauvegardes, ou « recouvra restore --db … --from … ») ; le fichier endommagé sera gardé à côté.`,
    );
  }
  return null;
}
