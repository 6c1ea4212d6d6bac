// The injonction de payer dossier on real books: the requête read back through poppler for a
// legal-person and a natural-person creditor before both kinds of court, the refusals, and the
// whole dossier (one PDF with its table of contents, the lawyer's ZIP with its manifest) checked
// page by page and file by file. Pictures of the cover, the table of contents and the requête
// land in test-output/dossier/.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { unzipSync, strFromU8 } from 'fflate';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { IsoDate } from '../../../shared/domain/dates.js';
import type { CompanyInput } from '../../../shared/schemas.js';
import { aClient, aCompany, aConsumer } from '../../../test/helpers/builders.js';
import { freshCore, type TestCore } from '../../../test/helpers/core.js';
import { renderRequete } from '../documents/dossier/RequetePdf.js';
import { recordAction } from '../queue.js';
import { buildDossierZip, generateDossier, pieceFileName, safeFileName } from './build.js';
import { buildDossierModel, cerfaFor, courtLabel, type DossierInput } from './model.js';

const OUTPUT_DIR = fileURLToPath(new URL('../../../test-output/dossier/', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'recouvra-dossier-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let core: TestCore; // today: 2026-11-23
afterEach(() => core?.close());

const AS_OF = '2026-11-23' as IsoDate;
const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');
let counter = 0;

function readPdf(pdf: Buffer) {
  const path = join(scratch, `d${++counter}.pdf`);
  writeFileSync(path, pdf);
  const text = (first?: number, last = first) =>
    plain(execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', ...(first ? ['-f', String(first), '-l', String(last)] : []), path, '-'], { encoding: 'utf8' }));
  const flow = (first?: number, last = first) =>
    plain(execFileSync('pdftotext', ['-enc', 'UTF-8', ...(first ? ['-f', String(first), '-l', String(last)] : []), path, '-'], { encoding: 'utf8' })).replace(/\s+/g, ' ');
  const pages = Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [path], { encoding: 'utf8' }))?.[1]);
  return { path, text, flow, pages };
}

function snapshot(path: string, name: string, first: number, last: number) {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', String(first), '-l', String(last), path, join(OUTPUT_DIR, name)]);
}

/** A one-page PDF saying `text`, and the same page as PNG and JPEG (through poppler). */
async function samplePdf(text: string): Promise<Buffer> {
  const { PDFDocument, StandardFonts } = await import('pdf-lib');
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  page.drawText(text, { x: 60, y: 700, size: 24, font: await doc.embedFont(StandardFonts.Helvetica) });
  return Buffer.from(await doc.save());
}
async function sampleImage(text: string, format: 'png' | 'jpeg'): Promise<Buffer> {
  const pdf = join(scratch, `img${++counter}.pdf`);
  writeFileSync(pdf, await samplePdf(text));
  const out = join(scratch, `img${counter}`);
  execFileSync('pdftoppm', [`-${format}`, '-r', '30', '-singlefile', pdf, out]);
  return readFileSync(`${out}.${format === 'png' ? 'png' : 'jpg'}`);
}

const b64 = (b: Buffer) => b.toString('base64');

interface Books {
  clientId: number;
  f1: number;
  f2: number;
}

/** The creditor and one debtor with two overdue invoices (F-1 partly paid). */
async function books(options: { company?: Partial<CompanyInput>; debtor?: 'business' | 'consumer' } = {}): Promise<Books> {
  core = freshCore();
  await core.call('company.save', aCompany({ rcsCity: 'Lyon', representative: 'Paul Martin', ...options.company }));
  const client =
    options.debtor === 'consumer'
      ? await core.call('clients.create', aConsumer())
      : await core.call('clients.create', aClient({ address: ['BOULANGERIE DUPONT', '', '', '12 cours de l’Intendance', '', '33000 BORDEAUX'] }));
  const f1 = (await core.call('invoices.create', { clientId: client.id, number: 'F-1', issueDate: '2026-06-01', dueDate: '2026-07-01', amountTtcCents: 100_000, description: 'Pains spéciaux, juin' })).invoice.id;
  const f2 = (await core.call('invoices.create', { clientId: client.id, number: 'F-2', issueDate: '2026-07-01', dueDate: '2026-07-31', amountTtcCents: 50_000 })).invoice.id;
  await core.call('payments.record', { clientId: client.id, date: '2026-08-10', amountCents: 20_000, method: 'transfer', reference: 'VIR 0810' });
  return { clientId: client.id, f1, f2 };
}

const NATURAL = {
  kind: 'natural' as const,
  firstNames: 'Paul André',
  lastName: 'Martin',
  profession: 'Menuisier',
  nationality: 'française',
  birthDate: '1980-03-12',
  birthPlace: 'Villeurbanne (Rhône)',
};

describe('the requête, read back from the PDF', { timeout: 60_000 }, () => {
  const cases = [
    { creditor: 'legal', court: 'commerce', debtor: 'business' },
    { creditor: 'legal', court: 'judiciaire', debtor: 'business' },
    { creditor: 'natural', court: 'commerce', debtor: 'business' },
    { creditor: 'natural', court: 'judiciaire', debtor: 'consumer' },
  ] as const;

  it.each(cases)('$creditor-person creditor, tribunal $court, $debtor debtor: every field the CPC asks for', async ({ creditor, court, debtor }) => {
    const { clientId } = await books({ company: creditor === 'natural' ? { person: NATURAL, legalForm: 'EI' } : {}, debtor });
    const input: DossierInput = { clientId, asOf: AS_OF, court: { kind: court, name: court === 'commerce' ? 'Bordeaux' : 'Lyon' }, request1408: { court: 'tribunal de commerce de Bordeaux' } };
    const model = buildDossierModel(core.ctx, input);
    expect(model.missing).toEqual([]);
    const pdf = readPdf(await renderRequete(model));
    const text = pdf.flow();
    /** As laid out, spaces folded: a label and its value on one line ("Forme SAS"). */
    const laid = pdf.text().replace(/[ \t]+/g, ' ');

    // The court and the form
    expect(text).toContain('Requête en injonction de payer');
    expect(text).toContain('(articles 1405 et suivants du Code de procédure civile)');
    expect(text).toContain(`Établie sur papier libre, dans l’ordre du formulaire Cerfa n° ${court === 'commerce' ? '12946*02' : '12948*06'}`);
    expect(text).toContain(court === 'commerce' ? 'À Monsieur le Président du tribunal de commerce de Bordeaux' : 'À Monsieur le Président du tribunal judiciaire de Lyon');

    // The applicant (art. 54 and 57 CPC)
    if (creditor === 'legal') {
      expect(text).toContain('Le demandeur — personne morale');
      expect(laid).toMatch(/Forme SAS/);
      expect(laid).toMatch(/Dénomination Atelier Martin/);
      expect(laid).toMatch(/Siège social 3 rue des Lilas, 69002 LYON/);
      expect(laid).toMatch(/Immatriculation SIREN 552 100 554 — RCS Lyon/);
      expect(laid).toMatch(/Organe représentant la société son représentant légal, Paul Martin/);
    } else {
      expect(text).toContain('Le demandeur — personne physique');
      expect(laid).toMatch(/Nom MARTIN/);
      expect(laid).toMatch(/Prénoms Paul André/);
      expect(laid).toMatch(/Profession Menuisier/);
      expect(laid).toMatch(/Domicile 3 rue des Lilas, 69002 LYON/);
      expect(laid).toMatch(/Nationalité française/);
      expect(laid).toMatch(/Date de naissance 12 mars 1980/);
      expect(laid).toMatch(/Lieu de naissance Villeurbanne \(Rhône\)/);
      expect(laid).toMatch(/Exerçant sous le nom Atelier Martin \(SIREN 552 100 554 — RCS Lyon\)/);
    }
    expect(text).toContain('Mandataire');

    // The debtor
    if (debtor === 'business') {
      expect(text).toContain('Le débiteur — personne morale');
      expect(laid).toMatch(/Dénomination Boulangerie Dupont/);
      expect(laid).toMatch(/Forme SARL/);
      expect(laid).toMatch(/Siège social 12 cours de l’Intendance, 33000 BORDEAUX/);
      expect(laid).toMatch(/SIREN 732 829 320/);
    } else {
      expect(text).toContain('Le débiteur — personne physique');
      expect(laid).toMatch(/Nom LEFÈVRE/);
      expect(laid).toMatch(/Prénoms Jeanne/);
      expect(laid).toMatch(/Domicile APPARTEMENT 12, 8 avenue Jean Jaurès, 69007 LYON/);
    }

    // Art. 1408
    expect(text).toContain('En cas d’opposition, le demandeur demande le renvoi immédiat de l’affaire devant le tribunal de commerce de Bordeaux');

    // The sums: principal 1 300 € (1 000 − 200 + 500), interest, indemnities, penalty clause, costs, total
    expect(text).toContain('Sommes demandées');
    expect(text).toMatch(/Principal Factures impayées n° F-1 et F-2 \(pièces n° 1 et 2\)/);
    expect(text).toContain('Facture F-1 du 01/06/2026, échue le 01/07/2026 : 1 000,00 € − 200,00 € réglés = 800,00 €');
    expect(text).toContain('1 300,00 €');
    if (debtor === 'business') {
      expect(text).toMatch(/Facture F-1 : pénalités de retard au taux de 12,15 % \(taux de la BCE majoré de 10 points, art\. L441-10 C\. com\.[^)]*\) à compter du 02\/07\/2026/);
      expect(text).toContain('Indemnités forfaitaires Indemnité forfaitaire pour frais de recouvrement : 2 factures payées en retard × 40,00 € (art. L441-10 II et D441-5 du Code de commerce) 80,00 €');
      expect(text).toContain('article L441-10 du Code de commerce');
    } else {
      expect(text).toContain('Intérêts au taux légal');
      expect(text).toContain('Facture F-1 : intérêts au taux légal à compter de la présente requête');
      expect(text).toContain('Néant (débiteur non professionnel)');
      expect(text).not.toContain('L441-10');
      expect(text).toContain('1344-1 du Code civil');
    }
    expect(text).toMatch(/Clause pénale Néant 0,00 €/);
    expect(text).toMatch(/Frais accessoires Néant 0,00 €/);
    expect(laid).toContain(`Total de la somme réclamée ${plain(new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 2 }).format(model.claim.totalCents / 100))} €`);

    // The basis, the bordereau, place, date and signature
    expect(text).toContain('Fondement de la créance');
    expect(text).toContain(debtor === 'business' ? 'Articles 1103 et 1231-6 du Code civil' : 'Articles 1103, 1231-6 et 1344-1 du Code civil');
    expect(text).toContain('Bordereau des pièces communiquées');
    expect(laid).toContain('Pièce n° 1 Facture n° F-1 du 01/06/2026 (1 000,00 € TTC) — original à joindre');
    expect(text).toContain('Relevé de compte au 23/11/2026');
    expect(text).toContain('Fait à Lyon, le 23 novembre 2026');
    expect(text).toContain('Signature');
    expect(text).toContain(creditor === 'legal' ? 'par Paul Martin, Président' : 'Paul André MARTIN');
    expect(text).not.toContain('À compléter');

    snapshot(pdf.path, `requete-${creditor}-${court}`, 1, pdf.pages);
  });

  it('a natural-person creditor with fields missing: the requête says « À compléter » and the model lists them', async () => {
    const { clientId } = await books({ company: { person: { kind: 'natural', firstNames: 'Paul', lastName: 'Martin', profession: null, nationality: null, birthDate: null, birthPlace: null } } });
    const model = buildDossierModel(core.ctx, { clientId, asOf: AS_OF, court: { kind: 'commerce', name: 'Bordeaux' } });
    expect(model.missing).toEqual(['Demandeur : profession', 'Demandeur : nationalité', 'Demandeur : date de naissance', 'Demandeur : lieu de naissance']);
    expect(model.missingFields.map((f) => f.key)).toEqual(['person.profession', 'person.nationality', 'person.birthDate', 'person.birthPlace']);
    const pdf = readPdf(await renderRequete(model));
    const text = pdf.flow();
    for (const what of ['profession', 'nationalité', 'date de naissance', 'lieu de naissance']) expect(text).toContain(`À compléter : ${what}`);
    expect(pdf.text().replace(/[ \t]+/g, ' ')).toMatch(/Nom MARTIN/);
    expect(text).toContain('Demande de renvoi en cas d’opposition (article 1408 du Code de procédure civile) Néant.');
    snapshot(pdf.path, 'requete-natural-missing', 1, 1);
  });
});

describe('what the dossier refuses', { timeout: 30_000 }, () => {
  it('a disputed invoice, another client’s, a settled or written-off one, one not yet due, a consumer before a commercial court, no company', async () => {
    const { clientId, f1, f2 } = await books();
    const court = { kind: 'commerce' as const, name: 'Bordeaux' };
    const fail = (input: Partial<DossierInput>) => {
      try {
        buildDossierModel(core.ctx, { clientId, asOf: AS_OF, court, ...input });
      } catch (error) {
        return error as { code: string; message: string };
      }
      throw new Error('should have failed');
    };
    await core.call('disputes.open', { invoiceId: f2, reason: 'Marchandise abîmée', openedDate: '2026-08-01' });
    expect(fail({ invoiceIds: [f1, f2] })).toMatchObject({ code: 'PRECONDITION', message: expect.stringMatching(/^La facture F-2 est en litige : une injonction de payer suppose une créance non contestée/) });
    // By default the disputed invoice is left out.
    expect(buildDossierModel(core.ctx, { clientId, asOf: AS_OF, court }).invoices.map((i) => i.number)).toEqual(['F-1']);

    const other = (await core.call('clients.create', aClient({ name: 'Autre SARL', siren: null }))).id;
    const f9 = (await core.call('invoices.create', { clientId: other, number: 'F-9', issueDate: '2026-06-01', dueDate: '2026-07-01', amountTtcCents: 10_000 })).invoice.id;
    expect(fail({ invoiceIds: [f1, f9] })).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/^La facture F-9 n’est pas de « Boulangerie Dupont »/) });

    const f3 = (await core.call('invoices.create', { clientId, number: 'F-3', issueDate: '2026-06-01', dueDate: '2026-07-01', amountTtcCents: 10_000 })).invoice.id;
    await core.call('payments.record', { clientId, date: '2026-09-01', amountCents: 10_000, method: 'cheque', allocation: [{ invoiceId: f3, amountCents: 10_000 }] });
    expect(fail({ invoiceIds: [f3] })).toMatchObject({ code: 'PRECONDITION', message: 'La facture F-3 est soldée : retirez-la du dossier.' });
    const f4 = (await core.call('invoices.create', { clientId, number: 'F-4', issueDate: '2026-06-01', dueDate: '2026-07-01', amountTtcCents: 10_000 })).invoice.id;
    await core.call('invoices.writeOff', { invoiceId: f4, date: '2026-11-01', reason: 'Irrécouvrable' });
    expect(fail({ invoiceIds: [f4] }).message).toBe('La facture F-4 est passée en perte : retirez-la du dossier.');
    const f5 = (await core.call('invoices.create', { clientId, number: 'F-5', issueDate: '2026-11-01', dueDate: '2026-12-01', amountTtcCents: 10_000 })).invoice.id;
    expect(fail({ invoiceIds: [f5] }).message).toMatch(/^La facture F-5 n’est pas échue au 23\/11\/2026/);

    const consumer = (await core.call('clients.create', aConsumer())).id;
    await core.call('invoices.create', { clientId: consumer, number: 'P-1', issueDate: '2026-06-01', dueDate: '2026-07-01', amountTtcCents: 10_000 });
    expect(fail({ clientId: consumer }).message).toMatch(/est un particulier : la requête va au tribunal judiciaire/);
  });

  it('refuses without a company', async () => {
    core = freshCore();
    const clientId = (await core.call('clients.create', aClient())).id;
    expect(() => buildDossierModel(core.ctx, { clientId, asOf: AS_OF, court: { kind: 'commerce', name: 'Paris' } })).toThrow(/Renseignez d’abord votre entreprise/);
  });

  it('names the forms and the court', () => {
    expect(cerfaFor('commerce')).toBe('12946*02');
    expect(cerfaFor('activites_economiques')).toBe('12946*02');
    expect(cerfaFor('judiciaire')).toBe('12948*06');
    expect(courtLabel('activites_economiques', 'Le Havre')).toBe('tribunal des activités économiques du Havre');
    expect(courtLabel('judiciaire', 'Orléans')).toBe('tribunal judiciaire d’Orléans');
    expect(courtLabel('commerce', 'Tribunal de commerce de Lyon')).toBe('tribunal de commerce de Lyon');
    expect(safeFileName('Facture n° F/1 du 01/06/2026 : "x" <y>?*|\\ ')).toBe('Facture n° F-1 du 01-06-2026 - -x- -y-----');
    expect(pieceFileName({ number: 3, title: 'Mise en demeure du 02/11/2026' }, 'pdf')).toBe('Pièce n°3 – Mise en demeure du 02-11-2026.pdf');
  });
});

describe('a consumer after a formal notice, with a scan that cannot be reproduced', { timeout: 60_000 }, () => {
  it('claims legal interest from the day after receipt, and puts a page saying so in place of the unreadable scan', async () => {
    const { clientId } = await books({ debtor: 'consumer' });
    await core.call('letters.generate', { clientId, type: 'formal_notice', asOf: '2026-11-20' });
    const [letter] = await core.call('register.list', {});
    await core.call('register.posted', { id: letter!.id, trackingNumber: '1A 123 456 7890 1', sentDate: '2026-11-23' });
    // The register takes the scan as given: these bytes are no image at all.
    await core.call('register.received', { id: letter!.id, receivedDate: '2026-11-23', scan: { fileName: 'ar.png', mimeType: 'image/png', base64: b64(Buffer.from('not really a png')) } });
    const filing = '2026-12-15' as IsoDate;
    const model = buildDossierModel(core.ctx, { clientId, asOf: filing, court: { kind: 'judiciaire', name: 'Lyon' } });
    expect(model.invoices[0]!.interest).toMatchObject({ kind: 'legal', fromDate: '2026-11-24' });
    expect(plain(model.invoices[0]!.interest.summary)).toMatch(/^Facture F-1 : intérêts au taux légal de [\d,]+ % .*à compter de la mise en demeure reçue le 23\/11\/2026, soit du 24\/11\/2026$/);
    expect(model.claim.interestCents).toBeGreaterThan(0);
    expect(model.claim.indemnityCents).toBe(0);

    const { renderDossierPdf } = await import('./build.js');
    const rendered = await renderDossierPdf(core.ctx, model);
    expect(rendered.warnings).toEqual([expect.stringMatching(/^Pièce n° 4 \(Avis de réception de la LRAR n° 1A 123 456 7890 1\) : ni PDF, ni image JPEG ou PNG, non reproduite/)]);
    const pdf = readPdf(rendered.pdf);
    const page = rendered.pages.find((p) => p.pieceNumber === 4)!.firstPage;
    expect(pdf.flow(page)).toContain('Le fichier archivé « ar.png » n’a pas pu être reproduit ici');
    expect(pdf.flow(page)).toContain('Pièce n° 4');
  });
});

describe('the whole dossier: one PDF and the lawyer’s ZIP', { timeout: 120_000 }, () => {
  it('numbers the pièces, points the table of contents at the right pages, and hashes every file', async () => {
    const { clientId, f1, f2 } = await books();
    const ctx = core.ctx;
    // Pièces: the invoice F-2's PDF, the terms (client), a delivery note scan (F-1), a purchase order scan (F-2)
    await core.call('invoices.attachPdf', { id: f2, fileName: 'F-2.pdf', base64: b64(await samplePdf('FACTURE F-2')) });
    await core.call('attachments.add', { owner: { type: 'client', id: clientId }, pieceType: 'terms', fileName: 'CGV 2026.pdf', base64: b64(await samplePdf('CONDITIONS GENERALES')) });
    await core.call('attachments.add', { owner: { type: 'invoice', id: f1 }, pieceType: 'delivery_note', fileName: 'BL-1.png', base64: b64(await sampleImage('BON DE LIVRAISON BL-1', 'png')) });
    await core.call('attachments.add', { owner: { type: 'invoice', id: f2 }, pieceType: 'purchase_order', fileName: 'BC 77.jpg', base64: b64(await sampleImage('BON DE COMMANDE 77', 'jpeg')) });
    // A reminder, a call with a promise, then the formal notice by LRAR, received, with its scan
    await core.call('letters.generate', { clientId, type: 'firm_reminder', asOf: '2026-08-20' });
    recordAction(ctx, { clientId, invoiceIds: [f1, f2], step: null, channel: 'phone', scenarioName: null, date: '2026-09-01' as IsoDate, status: 'done', outcome: 'promise', outcomeDate: '2026-09-15' as IsoDate, note: 'Le gérant promet un virement' });
    await core.call('promises.create', { invoiceId: f2, madeDate: '2026-09-01', promisedDate: '2026-09-15', amountCents: 50_000 });
    await core.call('letters.generate', { clientId, type: 'formal_notice', asOf: '2026-10-01' });
    const [letter] = await core.call('register.list', {});
    await core.call('register.posted', { id: letter!.id, trackingNumber: '1A12345678901', sentDate: '2026-11-23' });
    await core.call('register.received', { id: letter!.id, receivedDate: '2026-11-23', scan: { fileName: 'AR.png', mimeType: 'image/png', base64: b64(await sampleImage('AVIS DE RECEPTION', 'png')) } });
    // A signed payment plan (then broken), a case with a recoverable and a non-recoverable cost
    const plan = await core.call('plans.create', { clientId, invoiceIds: [f1, f2], includePenalties: false, count: 3, firstDate: '2026-12-01', frequency: 'monthly' });
    await core.call('plans.print', { id: plan.id });
    await core.call('plans.sign', { id: plan.id, date: '2026-11-23' });
    const kase = await core.call('cases.open', { clientId, invoiceIds: [f1, f2], procedure: 'payment_order', court: { kind: 'commerce', name: 'Bordeaux' } });
    await core.call('cases.addCost', { caseId: kase.id, kind: 'court_fee', label: 'Frais de greffe', amountCents: 3_521, date: '2026-11-20', recoverable: true });
    await core.call('cases.addCost', { caseId: kase.id, kind: 'lawyer', label: 'Honoraires', amountCents: 60_000, date: '2026-11-20', recoverable: false });

    const result = await generateDossier(ctx, { clientId, asOf: AS_OF, court: { kind: 'commerce', name: 'Bordeaux' }, caseId: kase.id });
    const { model } = result;

    // The bordereau, in the order the court expects
    expect(model.pieces.map((p) => [p.number, p.kind, p.file !== null])).toEqual([
      [1, 'invoice', false],
      [2, 'invoice', true],
      [3, 'terms', true],
      [4, 'purchase_order', true],
      [5, 'delivery_note', true],
      [6, 'reminder', true],
      [7, 'formal_notice', true],
      [8, 'registered_receipt', true],
      [9, 'statement', true],
      [10, 'payment_plan', true],
    ]);
    expect({ ...model.pieces[0], title: plain(model.pieces[0]!.title) }).toMatchObject({ title: 'Facture n° F-1 du 01/06/2026 (1 000,00 € TTC)', note: 'original à joindre' });
    expect(model.pieces[6]).toMatchObject({ title: 'Mise en demeure du 01/10/2026', note: 'LRAR n° 1A 123 456 7890 1 envoyée le 23/11/2026, reçue le 23/11/2026' });
    expect(model.pieces[7]!.title).toBe('Avis de réception de la LRAR n° 1A 123 456 7890 1');
    // The claim: the recoverable cost only
    expect(model.claim.costs).toEqual([{ label: 'Frais de greffe', date: '2026-11-20', amountCents: 3_521 }]);
    expect(model.claim.totalCents).toBe(model.claim.principalCents + model.claim.interestCents + model.claim.indemnityCents + 3_521);
    expect(model.claim.principalCents).toBe(130_000);
    // The chronology, oldest first, with the call and the formal notice
    const labels = model.chronology.map((e) => `${e.date} ${e.label}`);
    expect(labels[0]).toBe('2026-06-01 Facture F-1 émise — Pains spéciaux, juin');
    expect(labels).toContain('2026-08-10 Paiement reçu (virement)');
    expect(labels).toContain('2026-09-01 Appel téléphonique : promesse de paiement (pour le 15/09/2026) — Le gérant promet un virement');
    expect(labels).toContain('2026-08-20 Relance ferme (courrier établi)');
    expect(labels).toContain('2026-11-23 Mise en demeure envoyée par lettre recommandée avec avis de réception n° 1A 123 456 7890 1');
    expect(labels).toContain('2026-11-23 Reconnaissance de dette et échéancier n° 1 signés par le débiteur');
    expect([...model.chronology].map((e) => e.date)).toEqual([...model.chronology].map((e) => e.date).sort());

    // Archived, linked to the case
    expect(result.document).toMatchObject({ kind: 'payment_order', clientId, invoiceIds: [f1, f2] });
    expect((await core.call('cases.get', { id: kase.id })).dossierDocumentId).toBe(result.document.id);

    // The PDF: its page count is the sum of its parts, and the table of contents is right.
    const pdfBytes = Buffer.from((await core.call('documents.merge', { ids: [result.document.id] })).base64, 'base64');
    const pdf = readPdf(pdfBytes);
    expect(pdf.pages).toBe(result.pages.reduce((s, p) => s + p.pageCount, 0));
    expect(result.pages.slice(0, 6).map((p) => p.title)).toEqual(['Page de garde', 'Sommaire', 'Requête en injonction de payer', 'Décompte de la créance', 'Bordereau des pièces communiquées', 'Chronologie']);
    const toc = pdf.text(2);
    const announced = (label: RegExp) => Number(new RegExp(`${label.source}.*?page (\\d+)`).exec(toc)?.[1]);
    for (const [label, title] of [
      [/Requête en injonction de payer/, 'Requête en injonction de payer'],
      [/Décompte de la créance/, 'Décompte de la créance'],
      [/Bordereau des pièces communiquées/, 'Bordereau des pièces communiquées'],
      [/Chronologie/, 'Chronologie'],
    ] as const) {
      const page = announced(label);
      expect(page).toBe(result.pages.find((p) => p.title === title)!.firstPage);
      expect(pdf.flow(page)).toContain(title);
    }
    expect(toc).toMatch(/Pièce n° 1 — Facture n° F-1 du 01\/06\/2026 \(1 000,00 € TTC\)\s+original à joindre/);
    for (const piece of model.pieces.filter((p) => p.file)) {
      const page = announced(new RegExp(`Pièce n° ${piece.number} — `));
      expect(page, `pièce ${piece.number}`).toBe(result.pages.find((p) => p.pieceNumber === piece.number)!.firstPage);
      expect(pdf.text(page)).toContain(`Pièce n° ${piece.number}`);
      expect(pdf.text(page)).toContain(`Page ${page} / ${pdf.pages}`);
    }
    // The stamped pièces keep their own content
    expect(pdf.text(announced(/Pièce n° 2 — /))).toContain('FACTURE F-2');
    expect(pdf.text(announced(/Pièce n° 3 — /))).toContain('CONDITIONS GENERALES');
    expect(pdf.text(announced(/Pièce n° 9 — /))).toContain('Relevé de compte');
    expect(pdf.text(3)).toContain('Page 3 / ');
    const chronology = result.pages.find((p) => p.title === 'Chronologie')!;
    snapshot(pdf.path, 'dossier', 1, chronology.firstPage + chronology.pageCount - 1);
    snapshot(pdf.path, 'dossier-piece-5', announced(/Pièce n° 5 — /), announced(/Pièce n° 5 — /));

    // The ZIP: every file listed with its hash; the bordereau's numbers are the pièces' file names.
    const entries = unzipSync(new Uint8Array(result.zip));
    const names = Object.keys(entries);
    expect(result.zipFileName).toBe('Dossier injonction de payer – Boulangerie Dupont – 2026-11-23.zip');
    expect(names).toContain('Dossier injonction de payer – Boulangerie Dupont – 2026-11-23.pdf');
    expect(Buffer.from(entries['Dossier injonction de payer – Boulangerie Dupont – 2026-11-23.pdf']!).equals(pdfBytes)).toBe(true);
    const pieceFiles = names.filter((n) => n.startsWith('Pièces/'));
    for (const piece of model.pieces) {
      const matching = pieceFiles.filter((n) => n.startsWith(`Pièces/Pièce n°${piece.number} – `));
      expect(matching, `pièce ${piece.number}`).toHaveLength(piece.file ? 1 : 0);
      if (piece.file) expect(createHash('sha256').update(entries[matching[0]!]!).digest('hex')).toBe(piece.file.sha256);
    }
    expect(pieceFiles).toHaveLength(9);
    expect(pieceFiles).toContain('Pièces/Pièce n°5 – Bon de livraison — BL-1.png');
    expect(pieceFiles).toContain('Pièces/Pièce n°4 – Bon de commande — BC 77.jpg');
    for (const n of names) {
      expect(n).toBe(n.normalize('NFC'));
      expect(n.replace(/^Pièces\//, '')).not.toMatch(/[\\/:*?"<>|]/);
    }
    const manifest = JSON.parse(strFromU8(entries['manifest.json']!)) as { files: { file: string; sha256: string; bytes: number }[] };
    expect(manifest.files).toEqual(result.manifest);
    expect(manifest.files.map((f) => f.file).sort()).toEqual(names.filter((n) => n !== 'manifest.json' && n !== 'MANIFEST-SHA256.txt').sort());
    for (const f of manifest.files) {
      expect(createHash('sha256').update(entries[f.file]!).digest('hex')).toBe(f.sha256);
      expect(entries[f.file]!.length).toBe(f.bytes);
    }
    // …and `sha256sum -c` agrees, once unpacked.
    const unpacked = join(scratch, 'unzipped');
    for (const [name, bytes] of Object.entries(entries)) {
      mkdirSync(dirname(join(unpacked, name)), { recursive: true });
      writeFileSync(join(unpacked, name), bytes);
    }
    const check = execFileSync('sha256sum', ['-c', 'MANIFEST-SHA256.txt'], { cwd: unpacked, encoding: 'utf8' });
    expect(check.trim().split('\n')).toHaveLength(names.length - 1);
    expect(check).not.toMatch(/FAILED/);

    // dossier.json: the whole case, amounts in cents and formatted
    const json = JSON.parse(strFromU8(entries['dossier.json']!)) as { claim: { totalCents: number; totalFormatted: string }; pieces: unknown[]; chronology: unknown[]; invoices: { number: string }[] };
    expect(json.claim.totalCents).toBe(model.claim.totalCents);
    expect(json.claim.totalFormatted).toMatch(/^\d{1,3}( \d{3})*,\d{2} €$/);
    expect(json.pieces).toHaveLength(10);
    expect(json.invoices.map((i) => i.number)).toEqual(['F-1', 'F-2']);
    expect((json as unknown as { export: { pieces: { number: number; file: string }[] } }).export.pieces.map((p) => p.file)).toEqual(pieceFiles.sort((a, b) => Number(/n°(\d+)/.exec(a)![1]) - Number(/n°(\d+)/.exec(b)![1])));
    // The spreadsheet
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(entries['Factures et paiements.xlsx']!) as unknown as ArrayBuffer);
    const invoices = workbook.getWorksheet('Factures')!;
    expect(invoices.getRow(2).getCell(1).value).toBe('F-1');
    expect(invoices.getRow(2).getCell(6).value).toBe(800);
    expect(workbook.getWorksheet('Paiements et avoirs')!.getRow(2).values).toEqual(expect.arrayContaining(['F-1', 'Paiement', 'Virement', 'VIR 0810', 200]));

    // The statement archived with this dossier is not taken for a reminder by the next one.
    expect(buildDossierModel(ctx, { clientId, asOf: AS_OF, court: { kind: 'commerce', name: 'Bordeaux' }, caseId: kase.id }).pieces.map((p) => p.kind)).toEqual(model.pieces.map((p) => p.kind));

    // The same dossier gives the same bytes.
    const again = await buildDossierZip(ctx, model, pdfBytes);
    expect(again.zip.equals(result.zip)).toBe(true);
  });
});
