// Invoices through the real UI: enter an invoice, record a partial payment, watch the status
// and balance change, and read the penalty statement.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  // Company and client through the API: this suite is about invoices.
  await h.api('company.save', { name: 'Atelier Martin', address: ['', '', '', '3 rue des Lilas', '', '69002 LYON'] });
  await h.api('clients.create', { kind: 'business', name: 'Boulangerie Dupont', siren: '732829320', address: ['', '', '', '12 rue de la Paix', '', '75002 PARIS'], paymentTerms: { mode: 'net', days: 30 } });
});
afterAll(async () => {
  await h?.close();
});

describe('invoices, end to end', () => {
  it('enters an invoice whose due date follows the client’s terms', async () => {
    const { page } = h;
    await page.goto(h.url);
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Factures' }).click();
    await page.getByRole('heading', { name: 'Aucune facture pour l’instant' }).waitFor();
    await page.getByRole('link', { name: 'Nouvelle facture' }).click();
    const form = page.getByRole('form', { name: 'Facture' });
    await form.getByRole('combobox', { name: 'Client' }).fill('dupont');
    await page.getByRole('option').filter({ hasText: 'Boulangerie Dupont' }).getByRole('button').click();
    await form.getByRole('textbox', { name: 'Numéro de facture', exact: true }).fill('F-2025-042');
    await form.getByRole('textbox', { name: 'Date de facture', exact: true }).fill('31/08/2025');
    await form.getByRole('textbox', { name: 'Montant TTC (€)', exact: true }).fill('1 000,00');
    // 31/08/2025 + 30 days
    await expect.poll(() => form.getByRole('textbox', { name: 'Échéance', exact: true }).inputValue()).toBe('30/09/2025');
    await h.screenshot('10-invoice-form');
    await form.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await page.getByRole('heading', { name: /Facture F-2025-042/ }).waitFor();
    expect(await page.getByRole('heading', { name: /Facture F-2025-042/ }).getByText('Échue').isVisible()).toBe(true);
  });

  it('records a partial payment: the status becomes "Partiellement payée" and the balance drops', async () => {
    const { page } = h;
    await page.getByRole('link', { name: 'Enregistrer un paiement' }).click();
    const form = page.getByRole('form', { name: 'Paiement' });
    await form.getByRole('textbox', { name: 'Date du paiement', exact: true }).fill('16/10/2025');
    await form.getByRole('textbox', { name: 'Montant reçu (€)', exact: true }).fill('400');
    await expect.poll(() => form.getByRole('textbox', { name: 'Montant affecté à la facture F-2025-042' }).inputValue()).toBe('400,00');
    await h.screenshot('11-payment-form');
    await form.getByRole('button', { name: 'Enregistrer le paiement' }).click();
    await page.getByRole('heading', { name: /Facture F-2025-042/ }).getByText('Partiellement payée').waitFor();
    const balance = page.locator('.amount-box').filter({ hasText: 'Reste dû' });
    expect(await balance.innerText()).toContain('600,00');
  });

  it('shows the penalty statement with its periods, the 40 € indemnity and the total', async () => {
    const { page } = h;
    const panel = page.getByRole('article', { name: 'Pénalités de retard' });
    await panel.getByRole('textbox', { name: 'Calculées au' }).fill('31/10/2025');
    const periods = panel.getByRole('table', { name: 'Périodes de calcul' });
    // 01/10–16/10: 16 days on 1 000 € at 12,15 % → 5,33 € ; 17/10–31/10: 15 days on 600 € → 3,00 €
    await expect.poll(async () => (await periods.getByRole('row').allInnerTexts()).length).toBe(4);
    const rows = await periods.getByRole('row').allInnerTexts();
    expect(rows[1]).toMatch(/01\/10\/2025\s+16\/10\/2025\s+16\s+1\s000,00\s€\s+BCE 2,15\s%\s\+ 10 points\s+5,33\s€/);
    expect(rows[2]).toMatch(/17\/10\/2025\s+31\/10\/2025\s+15\s+600,00\s€.*3,00\s€/);
    expect(await panel.innerText()).toMatch(/Indemnité forfaitaire pour frais de recouvrement\s+40,00\s€/);
    expect(await panel.innerText()).toMatch(/Total réclamable au 31\/10\/2025\s+648,33\s€/);
    await h.screenshot('12-invoice-penalties');
  });

  it('lists the invoice with its status and balance, filtered by status', async () => {
    const { page } = h;
    await page.getByRole('link', { name: 'Factures', exact: true }).first().click();
    const table = page.getByRole('table', { name: 'Factures' });
    await table.getByRole('row').filter({ hasText: 'F-2025-042' }).waitFor();
    expect(await table.getByRole('row').filter({ hasText: 'F-2025-042' }).innerText()).toMatch(/600,00\s€[\s\S]*Partiellement payée/);
    await page.getByRole('group', { name: 'Statuts' }).getByRole('button', { name: 'Payée', exact: true }).click();
    await page.getByText('Aucune facture ne correspond à ces filtres.').waitFor();
    await h.screenshot('13-invoices-list-filtered');
  });
});
