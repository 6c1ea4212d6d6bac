// The typed API: `api(channel, input)` returns the channel's output or throws an ApiError
// carrying the French message and the per-field messages.
import type { Channel, InputOf, OutputOf } from '../../../shared/contract.js';
import type { AppErrorPayload, ErrorCode } from '../../../shared/result.js';
import { pickTransport } from './transport.js';

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly fields: Record<string, string>;
  constructor(payload: AppErrorPayload) {
    super(payload.message);
    this.code = payload.code;
    this.fields = payload.fields ?? {};
  }
}

const { transport, shell } = pickTransport();
export const SHELL = shell;

export async function api<C extends Channel>(channel: C, input: InputOf<C>): Promise<OutputOf<C>> {
  const result = await transport(channel, input);
  if (!result.ok) throw new ApiError(result.error);
  return result.data as OutputOf<C>;
}
