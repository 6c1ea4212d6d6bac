// The collection letters as PDFs, read back through poppler: the mandatory wording and amounts
// (pdftotext -layout), the debtor's address inside the envelope window (pdftotext -bbox), the
// page count (pdfinfo), and a picture of each template in test-output/letters/ to look at.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { aCompanyRecord } from '../../../test/helpers/builders.js';
import { buildLetterModel, LETTER_TYPES, type LetterInvoice, type LetterModel, type LetterType } from '../../../shared/documents/letter-model.js';
import type { AddressLines } from '../../../shared/domain/address.js';
import type { ClientKind } from '../../../shared/domain/client.js';
import type { Company } from '../../../shared/domain/company.js';
import type { IsoDate } from '../../../shared/domain/dates.js';
import { formatEuros, type Cents } from '../../../shared/domain/money.js';
import { DEFAULT_LETTER_WINDOW, type LetterWindow } from '../../../shared/settings.js';
import { ADDRESS_MIN_PT, mmToPt, windowBox } from './LetterPdf.js';
import { renderLetters } from './render-letters.js';

const OUTPUT_DIR = fileURLToPath(new URL('../../../test-output/letters/', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'recouvra-letters-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A small PNG (a blue band with a lighter square) made by hand, for the letterhead's logo. */
function pngLogo(width = 120, height = 40): { mimeType: 'image/png'; base64: string } {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inner = x > 8 && x < 40 && y > 8 && y < height - 8;
      raw.set(inner ? [0x9f, 0xb3, 0xc8] : [0x1f, 0x3a, 0x5f], y * (width * 3 + 1) + 1 + x * 3);
    }
  }
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
  return { mimeType: 'image/png', base64: png.toString('base64') };
}

const company: Company = aCompanyRecord({ logo: pngLogo() });

const DEBTORS: Record<ClientKind, { id: number; name: string; kind: ClientKind; siren: string | null; address: AddressLines }> = {
  business: { id: 7, name: 'Boulangerie Dupont', kind: 'business', siren: '732829320', address: ['BOULANGERIE DUPONT', 'SERVICE COMPTABILITE', '', '12 rue de la Paix', '', '75002 PARIS'] },
  consumer: { id: 9, name: 'Jeanne Lefèvre', kind: 'consumer', siren: null, address: ['MME JEANNE LEFEVRE', 'APPARTEMENT 12', '', '8 avenue Jean Jaurès', '', '69007 LYON'] },
};

function invoice(n: number): LetterInvoice {
  const amount = 123_456 + n * 10_101;
  const settled = n % 3 === 1 ? 20_000 : 0;
  const month = String(1 + (n % 9)).padStart(2, '0');
  return {
    number: `FA-2026-${String(100 + n).padStart(4, '0')}`,
    issueDate: `2026-${month}-05` as IsoDate,
    dueDate: `2026-${month}-28` as IsoDate,
    amountCents: amount as Cents,
    settledCents: settled as Cents,
    remainingCents: (amount - settled) as Cents,
    penaltiesCents: (1_234 + n * 111) as Cents,
    indemnityCents: 4_000 as Cents,
  };
}
const INVOICES = [0, 1, 2].map(invoice);

function letter(type: LetterType, kind: ClientKind, invoices = INVOICES): LetterModel {
  return buildLetterModel({ type, date: '2026-11-23' as IsoDate, company, client: DEBTORS[kind], invoices, registeredNumber: '1A 123 456 7890 1' });
}

/** Replaces the no-break spaces of French amounts (U+202F, U+00A0) with plain spaces. */
const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');

interface Word {
  page: number;
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

function readPdf(pdf: Buffer, name: string) {
  const path = join(scratch, `${name}.pdf`);
  writeFileSync(path, pdf);
  const text = (first?: number) =>
    plain(execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', ...(first ? ['-f', String(first), '-l', String(first)] : []), path, '-'], { encoding: 'utf8' }));
  const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
  const bbox = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
  const words: Word[] = [];
  let page = 0;
  for (const line of bbox.split('\n')) {
    if (/<page /.test(line)) page += 1;
    const m = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)<\/word>/.exec(line);
    if (m) words.push({ page, xMin: +m[1]!, yMin: +m[2]!, xMax: +m[3]!, yMax: +m[4]!, text: decode(m[5]!) });
  }
  return { path, text, pages, words, info };
}
const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'");

/** The picture of page @page in test-output/letters/, to look at the layout. */
function snapshot(path: string, name: string, page = 1): void {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', String(page), '-l', String(page), '-singlefile', path, join(OUTPUT_DIR, name)]);
}

/** The words of @lines, found in that order on page 1, each inside the window (points, 0.5 pt tolerance). */
function expectAddressInWindow(words: Word[], lines: readonly string[], layout: LetterWindow): void {
  const wanted = lines.flatMap((l) => l.split(/\s+/).filter(Boolean));
  const onPage = words.filter((w) => w.page === 1);
  const start = onPage.findIndex((_, i) => wanted.every((t, k) => onPage[i + k]?.text === t));
  expect(start, `address words ${wanted.join(' ')} not found in order`).toBeGreaterThanOrEqual(0);
  const left = mmToPt(layout.leftMm);
  const top = mmToPt(layout.topMm);
  const right = left + mmToPt(layout.widthMm);
  const bottom = top + mmToPt(layout.heightMm);
  for (const w of onPage.slice(start, start + wanted.length)) {
    expect(w.xMin, `${w.text} left`).toBeGreaterThanOrEqual(left - 0.5);
    expect(w.xMax, `${w.text} right`).toBeLessThanOrEqual(right + 0.5);
    expect(w.yMin, `${w.text} top`).toBeGreaterThanOrEqual(top - 0.5);
    expect(w.yMax, `${w.text} bottom`).toBeLessThanOrEqual(bottom + 0.5);
  }
}

const SLUG: Record<LetterType, string> = { friendly_reminder: 'relance-amiable', firm_reminder: 'relance-ferme', formal_notice: 'mise-en-demeure', statement: 'releve' };

describe('letters as PDF', { timeout: 60_000 }, () => {
  const cases = LETTER_TYPES.flatMap((type) => (['business', 'consumer'] as const).map((kind) => ({ type, kind })));

  it.each(cases)('$type to a $kind debtor: one A4 page with the wording, the invoices, the amounts and the address in the window', async ({ type, kind }) => {
    const model = letter(type, kind);
    const pdf = await renderLetters([model], DEFAULT_LETTER_WINDOW, company.logo);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { text, pages, words, path, info } = readPdf(pdf, `${type}-${kind}`);
    snapshot(path, `${SLUG[type]}-${kind === 'business' ? 'professionnel' : 'particulier'}`);
    expect(pages).toBe(1);
    expect(info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    // Phrases may wrap: compared on the text with its whitespace folded (columns stay apart).
    const t = text().replace(/\s+/g, ' ');

    // Both parties, the subject, every invoice and the amounts as formatted in French.
    expect(t).toContain('Atelier Martin');
    expect(t).toContain(DEBTORS[kind].address[0]);
    expect(t).toContain(`Objet : ${model.subject}`);
    expect(t).toContain(model.dateLine);
    for (const inv of model.invoices) {
      expect(t).toContain(inv.number);
      expect(t).toContain(plain(formatEuros(inv.remainingCents)));
    }
    expect(t).toContain(plain(formatEuros(model.totals.remainingCents)));
    expect(t).toContain('Paul Martin');
    expect(t).toContain('IBAN FR76 3000 6000 0112 3456 7890 189');
    expect(t).toMatch(/Page 1 \/ 1/);
    expect(t).not.toMatch(/\d{4},\d\d/); // every amount grouped by thousands (the font has U+202F)

    if (type === 'formal_notice') {
      expect(t).toMatch(/Mise en demeure/i);
      expect(t).toContain('mettons en demeure');
      expect(t).toContain('Lettre recommandée avec accusé de réception n° 1A 123 456 7890 1');
      expect(t).toContain('injonction de payer');
      expect(t).toContain('à compter de la réception');
      expect(t).toContain('Total réclamé');
      expect(t).toContain(plain(formatEuros(model.totals.claimCents)));
      expect(t).toContain(plain(formatEuros(model.totals.penaltiesCents)));
      expect(t).toContain('Pénalités');
      if (kind === 'business') {
        expect(model.totals.indemnityCents).toBe(12_000);
        expect(t).toMatch(/Indemnités forfaitaires\s+120,00 €/);
        expect(t).toContain('Indemnité');
      } else {
        // No 40 € indemnity claimed from a consumer: no column, no summary line, only "0,00 €" in the text.
        expect(model.totals.indemnityCents).toBe(0);
        expect(t).not.toMatch(/Indemnités forfaitaires\s+\d/);
        expect(text()).not.toMatch(/^\s*Facture.*Indemnité/m);
        expect(t).not.toContain('40,00 €');
        expect(t).not.toContain('120,00 €');
      }
    } else {
      expect(t).not.toContain('Lettre recommandée');
      expect(t).not.toContain('Total réclamé');
    }
    if (type === 'firm_reminder') expect(t).toContain('au plus tard le 01/12/2026');

    expectAddressInWindow(words, model.debtorAddressLines, DEFAULT_LETTER_WINDOW);
  });

  it('prints the address in a custom window, shrinking a long line (never below 9 pt) to stay inside', async () => {
    // A left-hand window, 12 pt asked: the 33-character first line only fits smaller.
    const layout: LetterWindow = { leftMm: 25, topMm: 48, widthMm: 80, heightMm: 36, fontPt: 12 };
    const client = { ...DEBTORS.business, address: ['SOCIETE DES ETABLISSEMENTS DUPONT', 'SERVICE COMPTABILITE FOURNISSEURS', '', '112 boulevard de la République', 'BP 1234', '75002 PARIS'] as AddressLines };
    const model = buildLetterModel({ type: 'formal_notice', date: '2026-11-23' as IsoDate, company, client, invoices: INVOICES });
    const box = windowBox(layout, model.debtorAddressLines);
    expect(box.fontSize).toBeLessThan(12);
    expect(box.fontSize).toBeGreaterThanOrEqual(ADDRESS_MIN_PT);
    const pdf = await renderLetters([model], layout, null);
    const { words, pages, path, text } = readPdf(pdf, 'custom-window');
    snapshot(path, 'fenetre-personnalisee');
    expect(pages).toBe(1);
    // Each address line printed whole, on one line (shrunk, not wrapped).
    const printed = text().split('\n').map((l) => l.trim());
    for (const line of model.debtorAddressLines) expect(printed).toContain(line);
    expectAddressInWindow(words, model.debtorAddressLines, layout);
  });

  it('never sets the address below 9 pt, even for a narrow, low window', () => {
    const lines = ['SOCIETE DES ETABLISSEMENTS DUPONT ET', 'A', 'B', 'C', 'D', '75002 PARIS'];
    const box = windowBox({ leftMm: 110, topMm: 55, widthMm: 40, heightMm: 20, fontPt: 12 }, lines);
    expect(box.fontSize).toBe(ADDRESS_MIN_PT);
    expect(windowBox(DEFAULT_LETTER_WINDOW, ['BOULANGERIE DUPONT', '75002 PARIS']).fontSize).toBe(DEFAULT_LETTER_WINDOW.fontPt);
  });

  it('puts every letter of a batch on its own pages, each footer counting its letter’s pages', async () => {
    const models = cases.map(({ type, kind }) => letter(type, kind));
    const { pages, text } = readPdf(await renderLetters(models, DEFAULT_LETTER_WINDOW, company.logo), 'batch');
    expect(pages).toBe(models.length);
    for (let p = 1; p <= pages; p++) {
      const page = text(p);
      expect(page).toContain(models[p - 1]!.debtorAddressLines[0]);
      expect(page).toContain(`Objet : ${models[p - 1]!.subject}`);
      expect(page).toMatch(/Page 1 \/ 1/);
    }
  });

  it('flows a long letter (40 invoices) onto further pages, the footer and the table header on each', async () => {
    const long = letter('formal_notice', 'business', Array.from({ length: 40 }, (_, n) => invoice(n)));
    const short = letter('friendly_reminder', 'consumer');
    const { pages, text, path, words } = readPdf(await renderLetters([long, short], DEFAULT_LETTER_WINDOW, company.logo), 'long');
    snapshot(path, 'mise-en-demeure-40-factures-page-2', 2);
    expect(pages).toBeGreaterThanOrEqual(3);
    const longPages = pages - 1;
    for (let p = 1; p <= longPages; p++) {
      const page = text(p).replace(/\s+/g, ' ');
      expect(page).toContain(plain(long.creditor.paymentLine));
      // The table's header is repeated on every page the table runs onto.
      if (/FA-2026-\d{4}/.test(page)) expect(page).toMatch(/Facture Date Échéance Montant TTC/);
      expect(page).toContain(`Page ${p} / ${longPages}`);
    }
    const all = Array.from({ length: longPages }, (_, i) => text(i + 1)).join('\n');
    for (const inv of long.invoices) expect(all).toContain(inv.number);
    expect(all).toContain(plain(formatEuros(long.totals.claimCents)));
    expect(text(pages)).toContain('MME JEANNE LEFEVRE');
    expect(text(pages)).toMatch(/Page 1 \/ 1/);
    expectAddressInWindow(words, long.debtorAddressLines, DEFAULT_LETTER_WINDOW);
    // The address is printed once (first page), not repeated on the following ones.
    expect(words.filter((w) => w.page === 2 && w.text === 'BOULANGERIE')).toEqual([]);
  });
});
