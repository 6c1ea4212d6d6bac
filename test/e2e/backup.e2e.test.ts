// Backups from Paramètres: choose the folder, back up now (a checked copy lands there), and the
// full export downloads as a ZIP with its manifest.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
const folder = mkdtempSync(join(tmpdir(), 'recouvra-e2e-backups-'));
beforeAll(async () => {
  h = await startHarness({ seed: { clients: 20, invoices: 200 } });
  await h.api('company.save', { name: 'Atelier Martin' });
});
afterAll(async () => {
  await h?.close();
});

describe('backups and the full export, end to end', () => {
  it('backs up into the chosen folder from Paramètres', async () => {
    const { page } = h;
    await page.goto(h.url);
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Paramètres' }).click();
    const settings = page.getByRole('form', { name: 'Sauvegardes automatiques' });
    await settings.getByLabel('Dossier des sauvegardes').fill(folder);
    await settings.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Réglages des sauvegardes enregistrés.').waitFor();
    await page.getByRole('button', { name: 'Sauvegarder maintenant' }).click();
    await page.getByText(/^Sauvegarde vérifiée : /).waitFor();
    await settings.scrollIntoViewIfNeeded();
    // The automatic one (the new folder made it due) and the one asked for.
    await page.getByRole('form', { name: 'Sauvegardes automatiques' }).getByText(/Dernière sauvegarde automatique : \d/).waitFor();
    const files = readdirSync(folder).filter((f) => f.endsWith('.sqlite'));
    expect(files.filter((f) => f.startsWith('recouvra-manuelle-'))).toHaveLength(1);
    expect(files.filter((f) => /^recouvra-\d{4}-\d{2}-\d{2}-\d{4}\.sqlite$/.test(f))).toHaveLength(1);
    expect(readFileSync(join(folder, files[0]!)).subarray(0, 15).toString('latin1')).toBe('SQLite format 3');
    await h.screenshot('60-backups');
  });

  it('downloads the full export with its manifest', async () => {
    const { page } = h;
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Exporter tout (ZIP)' }).click();
    const file = await download;
    const entries = unzipSync(new Uint8Array(readFileSync((await file.path()) as string)));
    expect(Object.keys(entries)).toEqual(expect.arrayContaining(['clients.csv', 'factures.csv', 'paiements.csv', 'manifest.json']));
    expect(strFromU8(entries['factures.csv']!).split('\n').length).toBeGreaterThan(100);
    expect(existsSync(folder)).toBe(true);
  });
});
