// A catch-up day on a larger book: hundreds of reminders are due. The page shows them 100 at a
// time, says how many there are, and shows more on demand; the held ones likewise.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ seed: { clients: 400, invoices: 4000 } });
  await h.api('company.save', { name: 'Atelier Martin' });
});
afterAll(async () => {
  await h?.close();
});

describe('a long queue', () => {
  it('shows the reminders 100 at a time, with the count, and more on demand', async () => {
    const { page } = h;
    const queue = (await h.api<{ lines: unknown[] }>('queue.today', {})).data!;
    expect(queue.lines.length).toBeGreaterThan(100);
    await page.goto(h.url);
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Relances' }).click();
    const todo = page.getByRole('table', { name: 'Relances à faire' });
    await todo.waitFor();
    await expect.poll(() => page.getByRole('heading', { name: `À faire (${queue.lines.length})` }).count()).toBe(1);
    // 100 lines and the header row.
    expect(await todo.getByRole('row').count()).toBe(101);
    const total = queue.lines.length.toLocaleString('fr-FR');
    await page.getByText(`100 relances affichées sur ${total}.`).waitFor();
    const next = Math.min(100, queue.lines.length - 100);
    await page.getByRole('button', { name: `Afficher les ${next} suivantes` }).first().click();
    await expect.poll(() => todo.getByRole('row').count()).toBe(100 + next + 1);
    // All shown: the count line is gone when nothing is left to show.
    if (queue.lines.length <= 200) expect(await page.getByText(`relances affichées sur ${total}.`).count()).toBe(0);
    await h.screenshot('44-queue-long');
  });
});
