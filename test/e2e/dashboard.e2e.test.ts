// The dashboard on seeded books, through the real UI: indicators, the aging with a drill-down
// from a bucket to its invoices, and a screenshot of every chart.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOTS, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ seed: { clients: 40, invoices: 600 } });
  await h.api('company.save', { name: 'Atelier Martin' });
}, 120_000);
afterAll(async () => {
  await h?.close();
});

const CHARTS = [
  'Balance âgée aux 12 dernières fins de mois',
  'DSO sur 12 mois (jours)',
  'Facturé et encaissé par mois',
  'Encaissements attendus par semaine (12 semaines)',
  'Les 10 plus gros débiteurs (part de l’échu)',
];

describe('dashboard, end to end', () => {
  it('shows the indicators, and the aging totals agree with the channel', async () => {
    const { page } = h;
    await page.goto(h.url);
    const indicators = page.locator('section[aria-label="Indicateurs"][aria-busy="false"]');
    await indicators.waitFor();
    const text = await indicators.innerText();
    for (const label of ['Encours total', 'Échu', 'Part échue', 'DSO', 'Retard moyen pondéré', 'Clients en retard', 'En litige', 'Encaissements attendus à 30 jours']) {
      expect(text).toContain(label);
    }
    const aging = await h.api<{ totals: { totalCents: number } }>('reports.aging', {});
    const euros = (aging.data!.totals.totalCents / 100).toLocaleString('fr-FR', { minimumFractionDigits: 2 }).replace(/\s/g, '');
    expect(text.replace(/\s/g, '')).toContain(`Encourstotal${euros}€`);
    await h.screenshot('20-dashboard');
  });

  it('drills down from a bucket total to the invoices behind it', async () => {
    const { page } = h;
    const table = page.getByRole('table', { name: 'Balance âgée par client' });
    const over90 = table.locator('tfoot').getByRole('button', { name: /^Tous les clients, Plus de 90 j/ });
    await over90.click();
    const cellInvoices = page.getByRole('table', { name: 'Factures de la cellule' });
    await cellInvoices.getByRole('row').nth(1).waitFor();
    const rows = await cellInvoices.getByRole('row').allInnerTexts();
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows.slice(1)) {
      const days = Number(/(\d+) j/.exec(row)?.[1]);
      expect(days).toBeGreaterThan(90);
    }
    await h.screenshot('21-dashboard-drilldown');
  });

  it('draws every chart, each with its French title', async () => {
    const { page } = h;
    for (const title of CHARTS) {
      const chart = page.getByRole('article', { name: title });
      await chart.locator('.recharts-surface').first().waitFor();
      await chart.scrollIntoViewIfNeeded();
      await chart.screenshot({ path: join(SCREENSHOTS, `22-chart-${CHARTS.indexOf(title)}.png`) });
    }
    const cost = page.getByRole('article', { name: /Ce que coûte le retard/ });
    await cost.locator('.recharts-surface').first().waitFor();
    await cost.screenshot({ path: join(SCREENSHOTS, '22-chart-cost.png') });
  });
});
