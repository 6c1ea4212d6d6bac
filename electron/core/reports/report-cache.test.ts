// Reports are kept until the books change: a second visit gets the same figures at once, and any
// write (through the app, or by another program on the same file) is seen by the next call.
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { aClient } from '../../../test/helpers/builders.js';
import { freshCore, type TestCore } from '../../../test/helpers/core.js';
import { createReportCache } from './report-cache.js';

let core: TestCore;
afterEach(() => core.close());

async function bookWithOneInvoice() {
  core = freshCore();
  const clientId = (await core.call('clients.create', aClient({ siren: null }))).id;
  await core.call('invoices.create', { clientId, number: 'F1', issueDate: '2026-09-01', dueDate: '2026-10-01', amountTtcCents: 100_000 });
  return clientId;
}

describe('report cache', () => {
  it('answers a second call from the cache while nothing changed, and computes again after a write through the app', async () => {
    const clientId = await bookWithOneInvoice();
    const first = await core.call('reports.indicators', { asOf: '2026-11-23' });
    expect(await core.call('reports.indicators', { asOf: '2026-11-23' })).toBe(first);
    expect(first.openCents).toBe(100_000);

    await core.call('payments.record', { clientId, date: '2026-11-20', amountCents: 40_000, method: 'transfer' });
    const after = await core.call('reports.indicators', { asOf: '2026-11-23' });
    expect(after).not.toBe(first);
    expect(after.openCents).toBe(60_000);
    // The charts and the queue follow the same rule.
    const charts = await core.call('reports.charts', { asOf: '2026-11-23' });
    expect(await core.call('reports.charts', { asOf: '2026-11-23' })).toBe(charts);
    const queue = await core.call('queue.today', { asOf: '2026-11-23' });
    expect(await core.call('queue.today', { asOf: '2026-11-23' })).toBe(queue);
  });

  it('sees what another program committed to the same file', async () => {
    const clientId = await bookWithOneInvoice();
    const first = await core.call('reports.aging', { asOf: '2026-11-23' });
    expect(first.totals.totalCents).toBe(100_000);
    const other = new Database(core.dbPath);
    try {
      other
        .prepare("INSERT INTO invoices (client_id, number, issue_date, due_date, amount_ttc_cents, created_at, updated_at) VALUES (?, 'F2', '2026-09-15', '2026-10-15', 50000, 'x', 'x')")
        .run(clientId);
    } finally {
      other.close();
    }
    expect((await core.call('reports.aging', { asOf: '2026-11-23' })).totals.totalCents).toBe(150_000);
  });

  it('keeps one result per date, and never a result computed while the books changed', async () => {
    await bookWithOneInvoice();
    const cached = createReportCache(core.ctx.db);
    let computed = 0;
    const count = (date: string) => cached(`n|${date}`, () => ++computed);
    expect([count('2026-11-23'), count('2026-11-23'), count('2026-11-24'), count('2026-11-23')]).toEqual([1, 1, 2, 1]);
    // A computation that writes is not kept: the next call computes again.
    const writing = () => cached('w', () => core.ctx.db.prepare("UPDATE clients SET notes = 'x'").run().changes);
    writing();
    let again = 0;
    cached('w', () => ++again);
    expect(again).toBe(1);
  });

  it('keeps nothing when the bench asks it not to (RECOUVRA_NO_REPORT_CACHE)', async () => {
    await bookWithOneInvoice();
    const cached = createReportCache(core.ctx.db, 16, { RECOUVRA_NO_REPORT_CACHE: '1' });
    let computed = 0;
    expect([cached('k', () => ++computed), cached('k', () => ++computed)]).toEqual([1, 2]);
  });
});
