// Importing CSV files through the UI: a refused line is shown with its number and nothing is
// written; once fixed, the preview imports everything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.api('company.save', { name: 'Atelier Martin' });
});
afterAll(async () => {
  await h?.close();
});

const HEADER = 'client_name;client_siren;client_kind;invoice_number;issue_date;due_date;amount_ttc';
const csv = (lines: string[]) => ({ name: 'factures.csv', mimeType: 'text/csv', buffer: Buffer.from(`\ufeff${[HEADER, ...lines].join('\r\n')}\r\n`, 'utf8') });

describe('CSV import, end to end', () => {
  it('shows every refused line and imports nothing, then imports the corrected file', async () => {
    const { page } = h;
    await page.goto(h.url);
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Factures' }).click();
    await page.getByRole('link', { name: 'Importer' }).click();
    const input = page.getByLabel('Factures', { exact: true });
    await input.setInputFiles(csv(['Boulangerie Dupont;732829320;professionnel;F-1;01/09/2025;01/10/2025;1 200,00', 'Menuiserie Leroy;552081317;professionnel;F-2;31/02/2025;2025-03-31;500']));
    await page.getByRole('button', { name: 'Vérifier' }).click();
    const preview = page.getByRole('region', { name: 'Aperçu de l’import' });
    await preview.getByText(/1 ligne refusée/).waitFor();
    expect(await preview.innerText()).toMatch(/factures\.csv, ligne 3 : .*31\/02\/2025/);
    expect(await page.getByRole('button', { name: 'Importer', exact: true }).isDisabled()).toBe(true);
    await h.screenshot('14-import-refused');
    expect((await h.api<{ total: number }>('invoices.list', {})).data?.total).toBe(0);

    await input.setInputFiles(csv(['Boulangerie Dupont;732829320;professionnel;F-1;01/09/2025;01/10/2025;1 200,00', 'Menuiserie Leroy;552081317;professionnel;F-2;28/02/2025;2025-03-31;500']));
    await page.getByRole('button', { name: 'Vérifier' }).click();
    await preview.getByText('Tout est lisible').waitFor();
    expect(await preview.innerText()).toMatch(/Clients à créer\s+2/);
    expect(await preview.innerText()).toMatch(/Factures\s+2 pour 1\s700,00\s€/);
    await h.screenshot('15-import-preview');
    await page.getByRole('button', { name: 'Importer', exact: true }).click();
    const table = page.getByRole('table', { name: 'Factures' });
    await table.getByRole('row').filter({ hasText: 'F-1' }).waitFor();
    expect(await table.getByRole('row').filter({ hasText: 'F-2' }).innerText()).toContain('Menuiserie Leroy');
  });

  it('imports a CSV from another tool: columns guessed, one corrected by hand, the mapping saved for next time', async () => {
    const { page } = h;
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Factures' }).click();
    await page.getByRole('link', { name: 'Importer' }).click();
    await page.getByRole('radiogroup', { name: 'Type de fichier' }).getByRole('radio', { name: 'Autre CSV (colonnes à associer)' }).click();
    const other = ['N° pièce,Date,Date limite,Tiers,Net à payer', 'EXT-7,2025-09-01,2025-10-01,Café du Port,"350,00"', 'EXT-8,2025-09-05,2025-10-05,Café du Port,"150,00"'].join('\n');
    await page.getByLabel('Fichier CSV (séparateur « ; », « , » ou tabulation)').setInputFiles({ name: 'export-autre.csv', mimeType: 'text/csv', buffer: Buffer.from(other, 'utf8') });
    const columns = page.getByRole('group', { name: 'Correspondance des colonnes' });
    // Guessed: client (Tiers), issue date (Date), amount (Net à payer); the number and the due date are set by hand.
    await expect.poll(() => columns.getByLabel('Client (nom) *').inputValue()).toBe('Tiers');
    expect(await columns.getByLabel('Montant TTC *').inputValue()).toBe('Net à payer');
    await columns.getByLabel('Numéro de facture *').selectOption('N° pièce');
    await columns.getByLabel('Date d’échéance *').selectOption('Date limite');
    await columns.getByLabel('Nom du modèle').fill('Autre outil');
    await columns.getByRole('button', { name: 'Enregistrer ce modèle' }).click();
    await page.getByText('Modèle « Autre outil » enregistré.').waitFor();
    await page.getByRole('button', { name: 'Vérifier' }).click();
    const preview = page.getByRole('region', { name: 'Aperçu de l’import' });
    await preview.getByText('Tout est lisible').waitFor();
    await h.screenshot('16-import-mapped');
    await page.getByRole('button', { name: 'Importer', exact: true }).click();
    const table = page.getByRole('table', { name: 'Factures' });
    await table.getByRole('row').filter({ hasText: 'EXT-8' }).waitFor();
  });
});
