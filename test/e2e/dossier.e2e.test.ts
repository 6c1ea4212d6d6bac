// The injonction de payer dossier from the client's page, on seeded books: the advice, the court
// confirmed, the dossier prepared, its ZIP downloaded and checked (manifest hashes, pièce names).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
let client: { clientId: number; clientName: string };
beforeAll(async () => {
  h = await startHarness({ seed: { clients: 40, invoices: 400 } });
  await h.api('company.save', { name: 'Atelier Martin', legalForm: 'SAS', siren: '552100554', address: ['', '', '', '3 rue des Lilas', '', '69002 LYON'], representative: 'Paul Martin', iban: 'FR7630006000011234567890189' });
  const aging = await h.api<{ rows: { clientId: number; clientName: string; totalCents: number; disputedCents: number }[] }>('reports.aging', {});
  const candidates = aging.data!.rows.filter((r) => r.totalCents - r.disputedCents > 100_000);
  for (const c of candidates) {
    const advice = await h.api<{ procedure: string; invoiceNumbers: string[] }>('advisor.client', { clientId: c.clientId });
    if (['payment_order', 'small_claims_or_payment_order', 'formal_notice_first', 'wait_formal_notice_deadline'].includes(advice.data!.procedure) && advice.data!.invoiceNumbers.length) {
      client = c;
      break;
    }
  }
});
afterAll(async () => {
  await h?.close();
});

describe('the injonction de payer dossier, end to end', () => {
  it('prepares the dossier of a seeded client from its page and downloads the lawyer’s ZIP', async () => {
    expect(client).toBeDefined();
    const { page } = h;
    await page.goto(`${h.url.replace(/\/\?token=.*/, '')}/?token=${h.token}#/clients/${client.clientId}`);
    const legal = page.getByRole('article', { name: 'Contentieux' });
    await legal.getByText(/^Que faire maintenant/).waitFor();
    await legal.scrollIntoViewIfNeeded();
    await h.screenshot('50-advice');
    await legal.getByRole('button', { name: 'Préparer le dossier d’injonction de payer' }).click();
    const form = legal.getByRole('form', { name: 'Préparer le dossier d’injonction de payer' });
    await form.getByLabel('Tribunal', { exact: true }).selectOption('judiciaire');
    await form.getByLabel('Ville du tribunal').fill('Lyon');
    // The court must be confirmed by the user.
    await form.getByRole('button', { name: 'Préparer le dossier' }).click();
    await form.getByRole('alert').getByText('Confirmez le tribunal').waitFor();
    await form.getByLabel('J’ai vérifié que ce tribunal est celui du domicile du débiteur.').check();
    await form.getByRole('button', { name: 'Préparer le dossier' }).click();
    const ready = legal.getByRole('status', { name: 'Dossier prêt' });
    await ready.waitFor({ timeout: 60_000 });
    await h.screenshot('51-dossier-ready');
    const download = page.waitForEvent('download');
    await ready.getByRole('button', { name: 'Télécharger l’export (ZIP)' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.zip$/);
    const entries = unzipSync(new Uint8Array(readFileSync((await file.path()) as string)));
    const manifest = JSON.parse(strFromU8(entries['manifest.json']!)) as { file: string; sha256: string }[] | { files: { file: string; sha256: string }[] };
    const listed = Array.isArray(manifest) ? manifest : manifest.files;
    expect(listed.length).toBeGreaterThan(3);
    for (const entry of listed) expect(createHash('sha256').update(entries[entry.file]!).digest('hex')).toBe(entry.sha256);
    // Every pièce file is named after its number in the bordereau.
    const json = JSON.parse(strFromU8(entries['dossier.json']!)) as { pieces: { number: number; title: string }[]; export: { pieces: { number: number; file: string }[] } };
    expect(json.export.pieces.length).toBeGreaterThan(0);
    for (const { number, file } of json.export.pieces) {
      expect(entries[file]).toBeDefined();
      expect(file.normalize('NFC')).toMatch(new RegExp(`^Pièces/Pièce n°${number} – `));
      expect(json.pieces.some((p) => p.number === number)).toBe(true);
    }
    expect(Object.keys(entries).some((n) => n.endsWith('.pdf') && n.startsWith('Dossier'))).toBe(true);
    // The case is open; its invoices are "en contentieux"
    const cases = page.getByRole('region', { name: /^Dossier contentieux/ });
    await cases.getByText('Dossier prêt', { exact: true }).waitFor();
    await cases.scrollIntoViewIfNeeded();
    await h.screenshot('52-case');
  });
});
