// Letters through the Documents page: preview, generate, archived with its SHA-256, opened in a
// tab, the register and its bordereau, and the letters on the client's page.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, formatDateFr, todayLocal } from '../../shared/domain/dates.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.api('company.save', { name: 'Atelier Martin', siren: '552100554', address: ['', '', '', '3 rue des Lilas', '', '69002 LYON'], iban: 'FR7630006000011234567890189', signatoryName: 'Paul Martin' });
  const client = await h.api<{ id: number }>('clients.create', { kind: 'business', name: 'Boulangerie Dupont', siren: '732829320', address: ['BOULANGERIE DUPONT', '', '', '12 rue de la Paix', '', '75002 PARIS'] });
  await h.api('invoices.create', { clientId: client.data!.id, number: 'F-2025-042', issueDate: '2025-08-31', dueDate: '2025-09-30', amountTtcCents: 100_000 });
});
afterAll(async () => {
  await h?.close();
});

describe('letters, end to end', () => {
  it('previews a formal notice, generates it, and finds it archived', async () => {
    const { page } = h;
    await page.goto(h.url);
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Documents' }).click();
    const panel = page.getByRole('region', { name: 'Nouveau courrier' });
    await panel.getByLabel('Type de courrier').selectOption('formal_notice');
    await panel.getByRole('combobox', { name: 'Client' }).fill('dupont');
    await page.getByRole('option').filter({ hasText: 'Boulangerie Dupont' }).getByRole('button').click();
    const preview = page.getByRole('article', { name: 'Aperçu du courrier' });
    await preview.getByText(/mettons en demeure/).waitFor();
    expect(await preview.innerText()).toContain('Lettre recommandée avec accusé de réception');
    expect(await preview.innerText()).toContain('F-2025-042');
    await h.screenshot('30-letter-preview');
    await panel.getByRole('button', { name: 'Générer et archiver le PDF' }).click();
    const done = page.getByRole('status', { name: 'Courriers générés' });
    await done.getByText('1 courrier archivé.').waitFor();
    // "Ouvrir le PDF" shows it in a new tab of the browser (browser mode)
    const popup = page.waitForEvent('popup');
    await done.getByRole('button', { name: 'Ouvrir le PDF' }).click();
    const tab = await popup;
    await expect.poll(() => tab.url()).toMatch(/^blob:http:\/\/127\.0\.0\.1:\d+\//);
    await tab.close();
    const download = page.waitForEvent('download');
    await done.getByRole('button', { name: 'Enregistrer' }).click();
    const file = await (await download).path();
    const bytes = readFileSync(file as string);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const archived = page.getByRole('table', { name: 'Documents archivés' });
    await archived.getByRole('row').filter({ hasText: 'Boulangerie Dupont' }).waitFor();
    const docs = await h.api<{ sha256: string; title: string }[]>('documents.list', {});
    expect(docs.data).toHaveLength(1);
    expect(docs.data![0]!.title).toMatch(/^Mise en demeure — Boulangerie Dupont/);
    // What was handed out is exactly what was archived.
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(docs.data![0]!.sha256);
    await h.screenshot('31-documents-archive');
  });

  it('records the tracking number and the receipt date, and shows the deadline counted from receipt', async () => {
    const { page } = h;
    const register = page.getByRole('table', { name: 'Registre des recommandés' });
    const row = register.getByRole('row').filter({ hasText: 'Boulangerie Dupont' });
    await row.getByLabel('Numéro de recommandé').fill('1A 123 456 7890 1');
    const today = formatDateFr(todayLocal());
    await row.getByLabel('Date d’envoi').fill(today);
    await row.getByRole('button', { name: 'Envoyé' }).click();
    await row.getByText('1A 123 456 7890 1').waitFor();
    await row.getByLabel('Date de réception').fill(today);
    await row.getByRole('button', { name: 'Reçu' }).click();
    // 8 days (Paramètres) from the receipt
    await row.getByText(formatDateFr(addDays(todayLocal(), 8))).waitFor();
    expect(await row.innerText()).toContain('Reçu');
    await h.screenshot('32-register');
  });

  it('prints the bordereau de dépôt of the day for the post office', async () => {
    const { page } = h;
    const popup = page.waitForEvent('popup');
    await page.getByRole('form', { name: 'Bordereau de dépôt' }).getByRole('button', { name: 'Imprimer le bordereau' }).click();
    const tab = await popup;
    await expect.poll(() => tab.url()).toMatch(/^blob:/);
    await tab.close();
    const archived = page.getByRole('table', { name: 'Documents archivés' });
    await archived.getByRole('row').filter({ hasText: 'Bordereau de dépôt — 1 recommandé' }).waitFor();
    const docs = await h.api<{ title: string; kind: string }[]>('documents.list', {});
    expect(docs.data!.map((d) => d.kind)).toContain('other');
  });

  it('finds the letter on the client’s page, and starts a new one from there', async () => {
    const { page } = h;
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Clients' }).click();
    await page.getByRole('link', { name: 'Boulangerie Dupont' }).first().click();
    const letters = page.getByRole('article', { name: 'Courriers du client' });
    await letters.getByRole('row').filter({ hasText: 'Mise en demeure — Boulangerie Dupont' }).waitFor();
    // The avis de réception scan is not there (none was attached), the bordereau neither (no client).
    expect(await letters.getByRole('row').count()).toBe(2);
    await letters.scrollIntoViewIfNeeded();
    await h.screenshot('33-client-letters');
    await letters.getByRole('link', { name: 'Relevé de compte' }).click();
    const panel = page.getByRole('region', { name: 'Nouveau courrier' });
    expect(await panel.getByLabel('Type de courrier').inputValue()).toBe('statement');
    await page.getByRole('article', { name: 'Aperçu du courrier' }).getByText('BOULANGERIE DUPONT').waitFor();
  });

  it('edits the wording of a letter in Paramètres and sees it in the preview', async () => {
    const { page } = h;
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Paramètres' }).click();
    const form = page.getByRole('form', { name: 'Modèle de courrier' });
    const subject = form.getByRole('textbox', { name: 'Objet', exact: true });
    // Wait for the saved wording to load before typing over it.
    await expect.poll(() => subject.inputValue()).toBe('Relance : factures en attente de règlement');
    await subject.fill('Petit rappel amical');
    await form.getByRole('button', { name: 'Enregistrer le modèle' }).click();
    await page.getByText('Modèle enregistré.').waitFor();
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Documents' }).click();
    const panel = page.getByRole('region', { name: 'Nouveau courrier' });
    await panel.getByRole('combobox', { name: 'Client' }).fill('dupont');
    await page.getByRole('option').filter({ hasText: 'Boulangerie Dupont' }).getByRole('button').click();
    await page.getByRole('article', { name: 'Aperçu du courrier' }).getByText('Objet : Petit rappel amical').waitFor();
  });
});
