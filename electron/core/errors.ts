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

export function notFound(what: string): AppError {
  return new AppError('NOT_FOUND', `${what} introuvable : il a peut-être été supprimé. Rechargez la liste.`);
}
