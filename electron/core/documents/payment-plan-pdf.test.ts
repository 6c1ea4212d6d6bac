// The "reconnaissance de dette et échéancier" as a PDF, read back through poppler: the wording
// and amounts (pdftotext -layout), the page count (pdfinfo), and a picture of each case in
// test-output/payment-plans/ to look at.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDateFr, type IsoDate } from '../../../shared/domain/dates.js';
import { formatEuros, type Cents } from '../../../shared/domain/money.js';
import { amountInFrenchWords, buildSchedule } from '../../../shared/domain/payment-plan.js';
import { renderPaymentPlan, type PaymentPlanPdfModel } from './PaymentPlanPdf.js';

const OUTPUT_DIR = fileURLToPath(new URL('../../../test-output/payment-plans/', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'recouvra-plans-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');
const euros = (c: number) => plain(formatEuros(c as Cents));

function readPdf(pdf: Buffer, name: string) {
  const path = join(scratch, `${name}.pdf`);
  writeFileSync(path, pdf);
  const run = (layout: boolean, page?: number) =>
    plain(execFileSync('pdftotext', [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', ...(page ? ['-f', String(page), '-l', String(page)] : []), path, '-'], { encoding: 'utf8' }));
  /** As laid out: table rows on one line (side-by-side boxes mixed line by line). */
  const text = (page?: number) => run(true, page);
  /** In reading order, whitespace folded: each box's sentences whole, for the wording. */
  const flow = (page?: number) => run(false, page).replace(/\s+/g, ' ');
  const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
  return { path, text, flow, info, pages: Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]) };
}

/** Every page as a PNG in test-output/payment-plans/ (name-1.png, name-2.png…). */
function snapshot(path: string, name: string): void {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  execFileSync('pdftoppm', ['-png', '-r', '60', path, join(OUTPUT_DIR, name)]);
}

function model(overrides: Partial<PaymentPlanPdfModel> & { count?: number } = {}): PaymentPlanPdfModel {
  const { count = 4, ...rest } = overrides;
  const invoices = rest.invoices ?? [
    { number: 'F-2026-0101', issueDate: '2026-07-01' as IsoDate, dueDate: '2026-07-31' as IsoDate, remainingCents: 100_000 as Cents },
    { number: 'F-2026-0102', issueDate: '2026-08-01' as IsoDate, dueDate: '2026-08-31' as IsoDate, remainingCents: 150_050 as Cents },
  ];
  const principal = invoices.reduce((s, i) => s + i.remainingCents, 0);
  const includesPenalties = rest.includesPenalties ?? true;
  const penalties = includesPenalties ? 16_024 : 0;
  const total = (principal + penalties) as Cents;
  return {
    planId: 12,
    reference: 'ECH-12',
    date: '2026-11-23' as IsoDate,
    creditor: {
      name: 'Atelier Martin',
      legalLine: 'SAS · SIREN 552 100 554 · RCS Lyon · TVA FR96552100554',
      addressLines: ['3 rue des Lilas', '69002 LYON'],
      contactLine: '04 72 00 00 00 · compta@atelier-martin.example',
      representedBy: 'Paul Martin, Président',
    },
    debtor: { name: 'Boulangerie Dupont', kind: 'business', legalLine: 'SARL · SIREN 732 829 320', addressLines: ['SERVICE COMPTABILITE', '12 rue de la Paix', '75002 PARIS'] },
    startDate: '2026-11-23' as IsoDate,
    invoices,
    principalCents: principal as Cents,
    penaltiesCents: penalties as Cents,
    totalCents: total,
    includesPenalties,
    totalInWords: amountInFrenchWords(total),
    instalments: buildSchedule({ totalCents: total, count, firstDate: '2026-12-15' as IsoDate, frequency: 'monthly' }),
    graceDays: 5,
    payment: { iban: 'FR76 3000 6000 0112 3456 7890 189', bic: 'AGRIFRPP', payee: 'Atelier Martin' },
    city: 'Lyon',
    ...rest,
  };
}

describe('the reconnaissance de dette et échéancier as PDF', { timeout: 60_000 }, () => {
  it('to a business, penalties included, 4 instalments: one A4 page with the parties, the debt, the schedule and the clauses', async () => {
    const m = model();
    const { text, flow, pages, info, path } = readPdf(await renderPaymentPlan(m), 'business');
    snapshot(path, 'professionnel-4-echeances');
    expect(pages).toBe(1);
    expect(info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    expect(info).toMatch(/Title:\s+Reconnaissance de dette et échéancier n° 12 — Boulangerie Dupont/);
    const t = flow();
    expect(t).toContain('Reconnaissance de dette et échéancier de paiement');
    // The parties
    expect(t).toMatch(/LE CRÉANCIER\s+LE DÉBITEUR/);
    expect(t).toContain('SARL · SIREN 732 829 320');
    expect(t).toContain('SAS · SIREN 552 100 554 · RCS Lyon');
    expect(t).toContain('Représenté par : Paul Martin, Président');
    // The debt, in words and figures, with its breakdown
    expect(m.totalInWords).toBe('deux mille six cent soixante euros et soixante-quatorze centimes');
    expect(t).toContain('Le débiteur reconnaît devoir au créancier la somme de deux mille six cent soixante euros et soixante-quatorze centimes (2 660,74 €)');
    expect(t).toContain('soit 2 500,50 € au titre des factures ci-dessous, restant dues au 23/11/2026, et 160,24 € de pénalités de retard et d’indemnités forfaitaires pour frais de recouvrement arrêtées à cette date');
    expect(text()).toMatch(/F-2026-0101\s+01\/07\/2026\s+31\/07\/2026\s+1 000,00 €/);
    expect(text()).toMatch(/F-2026-0102\s+01\/08\/2026\s+31\/08\/2026\s+1 500,50 €/);
    expect(text()).toMatch(/Total \(2 factures\)\s+2 500,50 €/);
    expect(text()).toMatch(/Pénalités de retard et indemnités forfaitaires au 23\/11\/2026\s+160,24 €/);
    expect(text()).toMatch(/Somme reconnue\s+2 660,74 €/);
    // The schedule: every instalment with its date and amount, and the total
    for (const i of m.instalments) expect(text()).toMatch(new RegExp(`\\b${i.position}\\s+${formatDateFr(i.dueDate)}\\s+${euros(i.amountCents)}`));
    expect(text()).toMatch(/Total \(4 échéances\)\s+2 660,74 €/);
    expect(t).toContain('en 4 versements');
    // Payment, acceleration clause, penalties, prescription
    expect(t).toContain('Par virement (IBAN FR76 3000 6000 0112 3456 7890 189, BIC AGRIFRPP) en indiquant la référence ECH-12, ou par chèque à l’ordre d’Atelier Martin');
    expect(t).toContain('À défaut de paiement intégral d’une seule échéance dans les 5 jours qui suivent sa date, la totalité du solde restant dû deviendra immédiatement exigible, de plein droit, sans autre formalité ni mise en demeure préalable');
    expect(t).toContain('le créancier reprendra le recouvrement de sa créance');
    expect(t).toContain('Toute échéance impayée à sa date porte de plein droit des pénalités de retard');
    expect(t).toContain('interrompt la prescription de la créance (article 2240 du Code civil)');
    // Place, date to fill in, and the two signatures with the handwritten mention
    expect(t).toContain('Fait à Lyon, le ____________________, en deux exemplaires originaux.');
    expect(t).toContain('précédées de la mention manuscrite : « Bon pour reconnaissance de dette de deux mille six cent soixante euros et soixante-quatorze centimes (2 660,74 €) »');
    expect(text()).toMatch(/LE DÉBITEUR\s+LE CRÉANCIER\s+Boulangerie Dupont\s+Atelier Martin/);
    expect(t).toContain('Page 1 / 1');
    expect(t).not.toMatch(/\d{4},\d\d/); // every amount grouped by thousands (the font has U+202F)
  });

  it('to a consumer, penalties not included, 3 instalments: no SIREN, interest instead of penalties, the clause that they keep running', async () => {
    const m = model({
      count: 3,
      includesPenalties: false,
      debtor: { name: 'Jeanne Lefèvre', kind: 'consumer', legalLine: '', addressLines: ['APPARTEMENT 12', '8 avenue Jean Jaurès', '69007 LYON'] },
      invoices: [{ number: 'F-9', issueDate: '2026-08-01' as IsoDate, dueDate: '2026-08-31' as IsoDate, remainingCents: 80_000 as Cents }],
    });
    expect(m.totalInWords).toBe('huit cents euros');
    const { text, flow, pages, path } = readPdf(await renderPaymentPlan(m), 'consumer');
    snapshot(path, 'particulier-3-echeances');
    expect(pages).toBe(1);
    const t = flow();
    expect(t).toContain('la somme de huit cents euros (800,00 €), au titre des factures ci-dessous, restant dues au 23/11/2026.');
    expect(t).not.toContain('SIREN 7');
    expect(t).not.toContain('Représenté par : ___');
    expect(t).not.toContain('Somme reconnue');
    expect(t).toContain('La somme ci-dessus ne comprend pas les intérêts de retard : ils courent sur toute échéance impayée à sa date');
    expect(t).not.toContain('indemnités forfaitaires');
    for (const i of m.instalments) expect(text()).toMatch(new RegExp(`${i.position}\\s+${formatDateFr(i.dueDate)}\\s+${euros(i.amountCents)}`));
    expect(t).toContain('« Bon pour reconnaissance de dette de huit cents euros (800,00 €) »');
  });

  it('without IBAN, town or grace days: a cheque, a blank for the town, and the instalment due on its date', async () => {
    const m = model({ count: 1, includesPenalties: false, graceDays: 0, city: null, payment: { iban: null, bic: null, payee: 'Menuiserie Roux' } });
    const t = readPdf(await renderPaymentPlan(m), 'no-iban').flow();
    expect(t).toContain('en un versement unique');
    expect(t).toContain('Par chèque à l’ordre de Menuiserie Roux, ou par virement sur le compte que le créancier indiquera, en rappelant la référence ECH-12.');
    expect(t).toContain('d’une seule échéance à sa date, la totalité');
    expect(t).toContain('Fait à ____________________, le ____________________');
    expect(t).toContain('La somme ci-dessus ne comprend pas les pénalités de retard ni les indemnités forfaitaires');
  });

  it('flows a long plan (15 invoices, 120 weekly instalments) over pages: headers repeated, the last article kept with the signatures', async () => {
    const invoices = Array.from({ length: 15 }, (_, n) => ({
      number: `FA-2026-${String(200 + n).padStart(4, '0')}`,
      issueDate: `2026-0${1 + (n % 9)}-05` as IsoDate,
      dueDate: `2026-0${1 + (n % 9)}-28` as IsoDate,
      remainingCents: (123_456 + n * 10_101) as Cents,
    }));
    const m = model({ invoices });
    m.instalments = buildSchedule({ totalCents: m.totalCents, count: 120, firstDate: '2026-12-01' as IsoDate, frequency: 'weekly' });
    const { text, flow, pages, path } = readPdf(await renderPaymentPlan(m), 'long');
    snapshot(path, 'long-120-echeances');
    expect(pages).toBeGreaterThanOrEqual(2);
    const all = Array.from({ length: pages }, (_, p) => text(p + 1));
    for (const inv of invoices) expect(all.join('\n')).toContain(inv.number);
    for (const i of m.instalments) expect(all.join('\n')).toMatch(new RegExp(`\\b${i.position}\\s+${formatDateFr(i.dueDate)}\\s+${euros(i.amountCents)}`));
    all.forEach((page, p) => {
      expect(page).toContain(`Page ${p + 1} / ${pages}`);
      expect(page).toContain('Paraphes');
      // A page the schedule runs onto shows its header again.
      if (/\b\d{1,3}\s+\d\d\/\d\d\/20\d\d\s+[\d ]+,\d\d €/.test(page) && !/Article 2/.test(page)) expect(page).toMatch(/N°\s+Date d’échéance\s+Montant/);
    });
    // The last page has the last article and both signatures together.
    const last = flow(pages);
    expect(last).toContain('Article 5 — Effets');
    expect(last).toContain('« Bon pour reconnaissance de dette de');
    expect(last).toContain('LE CRÉANCIER');
    expect(all.join('\n')).toMatch(/Total \(120 échéances\)/);
  });
});
