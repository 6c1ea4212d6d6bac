// Property-based fuzz of every channel of the contract through the real dispatcher, on a real
// book (freshCore): hostile payloads (random JSON, wrong types, huge strings, control characters,
// overflowing numbers, impossible dates, SQL-looking text, path traversal, deep nesting) and
// mutations of valid payloads for a few key channels. Every call must resolve to a Result, an error
// must carry a code other than INTERNAL and a non-empty French message, and the book must stay
// intact (PRAGMA integrity_check, foreign_key_check).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, contract, type Channel } from '../../shared/contract.js';
import { aClient, aCompany } from '../../test/helpers/builders.js';
import { freshCore, type TestCore } from '../../test/helpers/core.js';

/**
 * Channels not fuzzed, and why:
 * - smtp.test: opens a network connection to the configured SMTP server.
 * - backup.*: writes, reads or replaces files outside the book (backup folder, restore swaps the book).
 * - dossier.prepare: builds the lawyer's PDF dossier and ZIP (heavy rendering).
 * - letters.preview, letters.generate, queue.letters, queue.runAutomatic, plans.print, insurer.declare,
 *   collective.declare, register.bordereau, documents.merge: PDF rendering, seconds per valid call.
 */
const SKIPPED: readonly Channel[] = [
  'smtp.test',
  'backup.status',
  'backup.now',
  'backup.setPassphrase',
  'backup.restore',
  'dossier.prepare',
  'letters.preview',
  'letters.generate',
  'queue.letters',
  'queue.runAutomatic',
  'plans.print',
  'insurer.declare',
  'collective.declare',
  'register.bordereau',
  'documents.merge',
];

/**
 * INTERNAL errors found by this fuzz, allowed here ONLY until fixed: channel → why.
 * Anything not listed fails the test.
 */
// Calls that may still end in INTERNAL (none: the early-asOf dates found by this test, e.g.
// 1900-01-01, are now refused by the schemas as outside 1990–2099).
const KNOWN_INTERNAL: Partial<Record<Channel, { why: string; payload: RegExp }>> = {};

const MB = 'x'.repeat(1024 * 1024);
const CONTROL = '\u0000\u0001\u0007\b\t\n\r\u001b\u007f\u2028\u2029\uFEFF\uD800';
const SQL = "'; DROP TABLE clients; --";
const TRAVERSAL = '../../etc/passwd';

function deep(depth: number): unknown {
  let v: unknown = { leaf: 1 };
  for (let i = 0; i < depth; i++) v = i % 2 ? { a: v } : [v];
  return v;
}

const hostileScalars: unknown[] = [
  null,
  undefined,
  true,
  false,
  0,
  -1,
  -0,
  1.5,
  2 ** 31,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53),
  Number.MAX_SAFE_INTEGER,
  1e308,
  -1e308,
  5e-324,
  'NaN',
  'Infinity',
  '-Infinity',
  '1e308',
  '9007199254740993',
  '',
  ' ',
  CONTROL,
  SQL,
  TRAVERSAL,
  '..\\..\\windows\\win.ini',
  '/etc/passwd',
  '2025-02-30',
  '2025-13-01',
  '0000-00-00',
  '9999-12-31',
  '2025-02-29',
  '-2025-01-01',
  '2025-1-1',
  '<script>alert(1)</script>',
  '%s%n%x',
  '\u202Egnp.exe',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 👨‍👩‍👧',
  '__proto__',
  'constructor',
  [],
  {},
  [1, 2, 3],
  { __proto__: { polluted: true } },
  JSON.parse('{"__proto__": {"polluted": true}}'),
  deep(200),
];

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...hostileScalars) },
  { weight: 1, arbitrary: fc.constant(MB) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 50 }) },
  { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.bigInt().map(String), fc.maxSafeInteger()) },
  { weight: 1, arbitrary: fc.date({ noInvalidDate: false }).map((d) => (Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toISOString())) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) },
);

/** The top-level keys of a channel's schema, when it is (or wraps) an object. */
function keysOf(channel: Channel): string[] {
  let schema: unknown = contract[channel].input;
  for (let i = 0; i < 5 && schema; i++) {
    const s = schema as { shape?: Record<string, unknown>; def?: { in?: unknown; innerType?: unknown; schema?: unknown } };
    if (s.shape && typeof s.shape === 'object') return Object.keys(s.shape);
    schema = s.def?.in ?? s.def?.innerType ?? s.def?.schema;
  }
  return [];
}

/** A value that may pass the schema for a key of that name (existing ids, real dates, small amounts). */
function plausible(key: string): fc.Arbitrary<unknown> {
  if (/^id$|Id$/.test(key)) return fc.constantFrom(1, 2, 3, 999_999);
  if (/[dD]ate$|^asOf$|^from$|^to$|^until/.test(key)) return fc.constantFrom('2026-07-01', '2026-11-23', '2025-02-30', '2099-12-31', '1900-01-01');
  if (/Cents$|amount/i.test(key)) return fc.constantFrom(1, 100, 100_000, 2 ** 31, 0, -1);
  if (/days|Days|Bp$|rate|limit|offset|page/i.test(key)) return fc.constantFrom(0, 1, 30, 365, 10_000, -5);
  if (/fileName|name|Name/.test(key)) return fc.constantFrom('../../x.pdf', 'a.csv', SQL, CONTROL);
  if (key === 'owner') return fc.record({ type: fc.constantFrom('client', 'invoice', 'case'), id: fc.constantFrom(1, 2, 999_999) });
  return fc.oneof(fc.constantFrom('', 'a', SQL, 'x'.repeat(5000), true, 1), fc.string({ maxLength: 30 }));
}

/** Random JSON, scalars where an object is expected, and objects with the schema's own keys set to hostile values. */
function hostilePayload(channel: Channel): fc.Arbitrary<unknown> {
  const keys = keysOf(channel);
  const common = ['id', 'clientId', 'invoiceId', 'fileName', 'date', 'amountCents', 'base64', 'asOf'];
  const allKeys = [...new Set([...keys, ...common])];
  return fc.oneof(
    fc.anything({ maxDepth: 3 }),
    fc.jsonValue({ maxDepth: 3 }),
    fc.constantFrom<unknown>(...hostileScalars),
    fc.array(hostileValue, { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...allKeys), hostileValue, { maxKeys: allKeys.length }),
    fc.dictionary(fc.constantFrom(...allKeys), hostileValue, { maxKeys: allKeys.length }).map((o) => ({ ...o, [allKeys[0] as string]: [o] })),
    // Plausible values mixed with hostile ones, so that calls get past the schema into the handler.
    keys.length ? fc.record(Object.fromEntries(keys.map((k) => [k, fc.oneof(plausible(k), plausible(k), hostileValue)])), { requiredKeys: [] }) : fc.constant({}),
  );
}

/** Mutations of a valid payload: one key set to a hostile value, deleted, or an unknown key added. */
function mutated(valid: Record<string, unknown>, extra: Partial<Record<string, fc.Arbitrary<unknown>>> = {}): fc.Arbitrary<unknown> {
  const keys = Object.keys(valid);
  return fc.oneof(
    fc.constant(valid),
    fc.tuple(fc.constantFrom(...keys), hostileValue).map(([k, v]) => ({ ...valid, [k]: v })),
    fc.constantFrom(...keys).map((k) => {
      const copy = { ...valid };
      delete copy[k];
      return copy;
    }),
    fc.tuple(fc.string({ maxLength: 10 }), hostileValue).map(([k, v]) => ({ ...valid, [k]: v })),
    fc.record(
      Object.fromEntries(keys.map((k) => [k, extra[k] ?? fc.oneof(fc.constant(valid[k]), hostileValue)])),
    ),
  );
}

interface Finding {
  channel: string;
  payload: string;
  error?: unknown;
}

const internal: Finding[] = [];
const malformed: Finding[] = [];
let core: TestCore;
let clientId = 0;
let invoiceId = 0;
let calls = 0;
const outcomes: Record<string, number> = {};

function describePayload(p: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(p) ?? String(p);
  } catch {
    text = String(p);
  }
  return text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text;
}

async function check(channel: Channel, payload: unknown): Promise<void> {
  calls++;
  let result: unknown;
  try {
    result = await core.dispatch(channel, payload);
  } catch (error) {
    malformed.push({ channel, payload: describePayload(payload), error: `threw: ${String(error)}` });
    return;
  }
  const r = result as { ok?: unknown; data?: unknown; error?: { code?: unknown; message?: unknown } };
  const outcome = r?.ok === true ? 'ok' : String(r?.error?.code);
  outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  if (r?.ok === true) return;
  if (r?.ok !== false || !r.error || typeof r.error.code !== 'string' || typeof r.error.message !== 'string' || r.error.message.trim() === '') {
    malformed.push({ channel, payload: describePayload(payload), error: result });
    return;
  }
  // French: not zod's or JavaScript's English defaults, nor a stack trace.
  if (/\b(Invalid|Expected|Required|Unrecognized|received|Too (big|small)|Cannot read|is not|undefined|TypeError|RangeError|SQLITE_|at .+:\d+)\b/.test(r.error.message)) {
    malformed.push({ channel, payload: describePayload(payload), error: result });
  }
  if (r.error.code === 'INTERNAL') internal.push({ channel, payload: describePayload(payload), error: r.error });
}

beforeAll(async () => {
  core = freshCore();
  await core.call('company.save', aCompany());
  clientId = (await core.call('clients.create', aClient())).id;
  invoiceId = (await core.call('invoices.create', { clientId, number: 'F-1', issueDate: '2026-06-01', dueDate: '2026-07-01', amountTtcCents: 100_000 })).invoice.id;
});

afterAll(() => {
  core?.close();
});

const FUZZED = CHANNELS.filter((c) => !SKIPPED.includes(c));

describe('fuzz: every channel of the contract resists hostile payloads', () => {
  it('skips only channels that exist', () => {
    for (const c of SKIPPED) expect(CHANNELS).toContain(c);
    expect(FUZZED.length).toBeGreaterThan(80);
  });

  it('random and key-aware hostile payloads on every channel', async () => {
    for (const channel of FUZZED) {
      await fc.assert(
        fc.asyncProperty(hostilePayload(channel), async (payload) => {
          await check(channel, payload);
        }),
        { numRuns: 150, seed: 20261124, endOnFailure: true },
      );
      // Unknown channels and prototype names never reach a handler.
    }
    for (const name of ['__proto__', 'constructor', 'toString', 'clients.list/../company.save', '', 'x'.repeat(10_000)]) {
      const res = await core.dispatch(name, {});
      expect(res.ok).toBe(false);
      if (!res.ok) expect(res.error.code).toBe('NOT_FOUND');
    }
  }, 60_000);

  it('mutations of valid payloads on key channels', async () => {
    const runs = { numRuns: 150, seed: 20261124, endOnFailure: true } as const;
    await fc.assert(
      fc.asyncProperty(mutated(aClient() as Record<string, unknown>), (p) => check('clients.create', p)),
      runs,
    );
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: 1_000_000 }).chain((n) =>
          mutated(
            { clientId, number: `FZ-${n}`, issueDate: '2026-06-01', dueDate: '2026-07-01', amountTtcCents: 12_000 },
            { number: fc.oneof(fc.constant(`FZ-${n}`), fc.constant('F-1'), fc.string({ maxLength: 45 })) },
          ),
        ),
        (p) => check('invoices.create', p),
      ),
      runs,
    );
    await fc.assert(
      fc.asyncProperty(
        mutated(
          { clientId, date: '2026-08-01', amountCents: 1_000, method: 'transfer', allocation: 'auto' },
          { allocation: fc.oneof(fc.constant('auto'), fc.array(fc.record({ invoiceId: fc.oneof(fc.constant(invoiceId), fc.integer()), amountCents: fc.integer() }), { maxLength: 3 })) },
        ),
        (p) => check('payments.record', p),
      ),
      runs,
    );
    await fc.assert(
      fc.asyncProperty(
        mutated(
          { owner: { type: 'client', id: clientId }, pieceType: 'contract', fileName: '../../x.pdf', base64: 'JVBERi0=' },
          {
            base64: fc.uint8Array({ maxLength: 2048 }).map((b) => Buffer.from(b).toString('base64')),
            fileName: fc.constantFrom('../../x.pdf', '..\\..\\x.pdf', '/tmp/x.pdf', 'a/../../../x.pdf', '\u0000.pdf', '.', '..', 'CON', 'x'.repeat(200)),
            owner: fc.oneof(fc.constant({ type: 'invoice', id: invoiceId }), fc.record({ type: fc.constantFrom('client', 'invoice', 'case'), id: fc.integer() })),
          },
        ),
        (p) => check('attachments.add', p),
      ),
      runs,
    );
    const cell = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom(SQL, '2025-02-30', '1e308', '-0,00', '=CMD()', '"', '""x"', CONTROL));
    const csv = fc
      .tuple(fc.constantFrom(';', ',', '\t'), fc.array(fc.array(cell, { minLength: 1, maxLength: 8 }), { maxLength: 8 }), fc.constantFrom('\n', '\r\n'))
      .map(([sep, rows, eol]) => rows.map((r) => r.join(sep)).join(eol));
    const header = fc.constantFrom('nom;siren;email', 'numero;client;date;echeance;montant_ttc', 'client;date;montant', '');
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          { clients: fc.tuple(header, csv).map(([h, b]) => `${h}\n${b}`), invoices: fc.tuple(header, csv).map(([h, b]) => `${h}\n${b}`), payments: csv },
          { requiredKeys: [] },
        ),
        (p) => check('import.preview', p),
      ),
      runs,
    );
  }, 60_000);

  it('reports no INTERNAL error, no malformed result, and leaves the book intact', () => {
    const db = core.ctx.db;
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // Path traversal in fileName did not write outside the book's folder.
    for (const target of ['../../x.pdf', '../x.pdf', 'x.pdf']) expect(existsSync(resolve(core.dir, '..', '..', target))).toBe(false);
    expect(existsSync('/tmp/x.pdf') && statSync('/tmp/x.pdf').mtimeMs > Date.now() - 120_000).toBe(false);
    expect(readdirSync(core.dir).length).toBeGreaterThan(0);
    expect(calls).toBeGreaterThan(1000);
    console.info(`[fuzz] ${calls} calls on ${FUZZED.length} channels: ${JSON.stringify(outcomes)}`);
    const unexpected = internal.filter((f) => !KNOWN_INTERNAL[f.channel as Channel]?.payload.test(f.payload));
    if (internal.length) console.warn(`[fuzz] INTERNAL errors:\n${internal.map((f) => `${f.channel} ${f.payload}`).join('\n')}`);
    expect(malformed).toEqual([]);
    expect(unexpected).toEqual([]);
  });
});
