// A fresh core on a real SQLite file in a temporary folder, as every shell builds it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Channel, InputOf, OutputOf } from '../../shared/contract.js';
import type { AppErrorPayload } from '../../shared/result.js';
import { fixedClock, type Clock } from '../../electron/core/clock.js';
import { createContext, type CoreContext } from '../../electron/core/context.js';
import { createDispatcher, type Dispatch } from '../../electron/core/dispatch.js';
import { nodePreferences } from '../../electron/core/preferences.js';

export interface TestCore {
  dir: string;
  dbPath: string;
  ctx: CoreContext;
  dispatch: Dispatch;
  /** Calls a channel and returns its data, failing the test on an error result. */
  call<C extends Channel>(channel: C, input: InputOf<C>): Promise<OutputOf<C>>;
  /** Calls a channel that must fail, and returns its error. */
  fail<C extends Channel>(channel: C, input: unknown): Promise<AppErrorPayload>;
  close(): void;
}

export function tempDir(prefix = 'recouvra-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function freshCore(options: { clock?: Clock; dbPath?: string } = {}): TestCore {
  const dir = tempDir();
  const dbPath = options.dbPath ?? join(dir, 'books.sqlite');
  const ctx = createContext({ dbPath, clock: options.clock ?? fixedClock('2026-11-23T09:30:00.000Z'), preferences: nodePreferences(dir) });
  const dispatch = createDispatcher(ctx, { onInternalError: () => undefined });
  return {
    dir,
    dbPath,
    ctx,
    dispatch,
    async call(channel, input) {
      const result = await dispatch(channel, input);
      if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
      return result.data as never;
    },
    async fail(channel, input) {
      const result = await dispatch(channel, input);
      if (result.ok) throw new Error(`${channel} should have failed but returned ${JSON.stringify(result.data)}`);
      return result.error;
    },
    close() {
      ctx.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
