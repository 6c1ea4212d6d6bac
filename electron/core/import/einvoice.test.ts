// E-invoice import on real SQLite files: Factur-X PDFs built here with pdf-lib, CII and UBL XML
// written here, client matching (SIREN, VAT, name, creation), purchase invoices, duplicates,
// credit notes, the original file kept with its SHA-256, every refusal, and property-based
// mutations that never crash and never write.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { AFRelationship, PDFDocument, StandardFonts } from 'pdf-lib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { aClient, aCompany } from '../../../test/helpers/builders.js';
import { freshCore, type TestCore } from '../../../test/helpers/core.js';
import type { ImportError } from '../../../shared/domain/import.js';
import type { CoreContext } from '../context.js';
import { ImportRefusedError } from './apply.js';
import { applyEInvoices, EInvoiceError, previewEInvoices, readEInvoice, type EInvoiceFile, type EInvoiceKind } from './einvoice.js';

let core: TestCore;
beforeEach(async () => {
  core = freshCore();
  await core.call('company.save', aCompany());
});
afterEach(() => core.close());

const TABLES = ['clients', 'invoices', 'credit_notes', 'payments', 'payment_allocations', 'documents', 'attachments', 'audit_log'] as const;
type Counts = Record<(typeof TABLES)[number], number>;
function counts(ctx: CoreContext = core.ctx): Counts {
  return Object.fromEntries(TABLES.map((t) => [t, (ctx.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n])) as Counts;
}
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

// ——— Fixtures ———

// Our company (aCompany): SIREN 552100554, FR96552100554. Buyers: Dupont 732829320 (aClient), others below.
const US = { name: 'Atelier Martin', siren: '552100554', vat: 'FR96552100554' };
const DUPONT = { name: 'Boulangerie Dupont', siren: '732829320', vat: 'FR44732829320' };
const NEW_BUYER = { name: 'Société Générale de Négoce', siren: '404833048', vat: 'FR83404833048' };

interface Party {
  name?: string | null;
  siren?: string | null;
  vat?: string | null;
  lines?: string[];
  postcode?: string;
  city?: string;
  country?: string;
}

interface Doc {
  number: string | null;
  typeCode: string | null;
  issue: string | null; // ISO
  due: string | null; // ISO
  terms: string | null;
  delivery: string | null;
  currency: string;
  ht: string | null;
  tva: string | null;
  ttc: string | null;
  prepaid: string | null;
  payable: string | null;
  seller: Party;
  buyer: Party;
  buyerRef: string | null;
  orderRef: string | null;
  preceding: string[];
}

function doc(overrides: Partial<Doc> = {}): Doc {
  return {
    number: 'FA-2026-001',
    typeCode: '380',
    issue: '2026-10-01',
    due: '2026-10-31',
    terms: 'Paiement à 30 jours',
    delivery: '2026-09-28',
    currency: 'EUR',
    ht: '1000.00',
    tva: '200.00',
    ttc: '1200.00',
    prepaid: null,
    payable: '1200.00',
    seller: US,
    buyer: { ...NEW_BUYER, lines: ['12 rue de la Paix', 'Bâtiment B'], postcode: '75002', city: 'Paris', country: 'FR' },
    buyerRef: 'SERVICE-ACHATS',
    orderRef: 'BC-4512',
    preceding: [],
    ...overrides,
  };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const opt = (value: string | null | undefined, xml: (v: string) => string) => (value === null || value === undefined ? '' : xml(esc(value)));
const d102 = (iso: string) => iso.replace(/-/g, '');

function ciiParty(tag: string, p: Party): string {
  return `<ram:${tag}>
        ${opt(p.name, (v) => `<ram:Name>${v}</ram:Name>`)}
        ${opt(p.siren, (v) => `<ram:SpecifiedLegalOrganization><ram:ID schemeID="0002">${v}</ram:ID></ram:SpecifiedLegalOrganization>`)}
        ${
          p.city || p.lines
            ? `<ram:PostalTradeAddress>
          ${opt(p.postcode, (v) => `<ram:PostcodeCode>${v}</ram:PostcodeCode>`)}
          ${(p.lines ?? []).map((l, i) => `<ram:Line${['One', 'Two', 'Three'][i]}>${esc(l)}</ram:Line${['One', 'Two', 'Three'][i]}>`).join('')}
          ${opt(p.city, (v) => `<ram:CityName>${v}</ram:CityName>`)}
          <ram:CountryID>${p.country ?? 'FR'}</ram:CountryID>
        </ram:PostalTradeAddress>`
            : ''
        }
        ${opt(p.vat, (v) => `<ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">${v}</ram:ID></ram:SpecifiedTaxRegistration>`)}
      </ram:${tag}>`;
}

/** A Factur-X EN 16931 CII document (the elements Recouvra reads, in schema order). */
function ciiXml(o: Partial<Doc> = {}): string {
  const d = doc(o);
  return `<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
  xmlns:qdt="urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
  xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
  xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
  <rsm:ExchangedDocumentContext>
    <ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>
  </rsm:ExchangedDocumentContext>
  <rsm:ExchangedDocument>
    ${opt(d.number, (v) => `<ram:ID>${v}</ram:ID>`)}
    ${opt(d.typeCode, (v) => `<ram:TypeCode>${v}</ram:TypeCode>`)}
    ${opt(d.issue, (v) => `<ram:IssueDateTime><udt:DateTimeString format="102">${d102(v)}</udt:DateTimeString></ram:IssueDateTime>`)}
  </rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>
    <ram:ApplicableHeaderTradeAgreement>
      ${opt(d.buyerRef, (v) => `<ram:BuyerReference>${v}</ram:BuyerReference>`)}
      ${ciiParty('SellerTradeParty', d.seller)}
      ${ciiParty('BuyerTradeParty', d.buyer)}
      ${opt(d.orderRef, (v) => `<ram:BuyerOrderReferencedDocument><ram:IssuerAssignedID>${v}</ram:IssuerAssignedID></ram:BuyerOrderReferencedDocument>`)}
    </ram:ApplicableHeaderTradeAgreement>
    <ram:ApplicableHeaderTradeDelivery>
      ${opt(d.delivery, (v) => `<ram:ActualDeliverySupplyChainEvent><ram:OccurrenceDateTime><udt:DateTimeString format="102">${d102(v)}</udt:DateTimeString></ram:OccurrenceDateTime></ram:ActualDeliverySupplyChainEvent>`)}
    </ram:ApplicableHeaderTradeDelivery>
    <ram:ApplicableHeaderTradeSettlement>
      <ram:InvoiceCurrencyCode>${d.currency}</ram:InvoiceCurrencyCode>
      ${
        d.due || d.terms
          ? `<ram:SpecifiedTradePaymentTerms>
        ${opt(d.terms, (v) => `<ram:Description>${v}</ram:Description>`)}
        ${opt(d.due, (v) => `<ram:DueDateDateTime><udt:DateTimeString format="102">${d102(v)}</udt:DateTimeString></ram:DueDateDateTime>`)}
      </ram:SpecifiedTradePaymentTerms>`
          : ''
      }
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
        ${opt(d.ht, (v) => `<ram:LineTotalAmount>${v}</ram:LineTotalAmount><ram:TaxBasisTotalAmount>${v}</ram:TaxBasisTotalAmount>`)}
        ${opt(d.tva, (v) => `<ram:TaxTotalAmount currencyID="${d.currency}">${v}</ram:TaxTotalAmount>`)}
        ${opt(d.ttc, (v) => `<ram:GrandTotalAmount>${v}</ram:GrandTotalAmount>`)}
        ${opt(d.prepaid, (v) => `<ram:TotalPrepaidAmount>${v}</ram:TotalPrepaidAmount>`)}
        ${opt(d.payable, (v) => `<ram:DuePayableAmount>${v}</ram:DuePayableAmount>`)}
      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
      ${d.preceding.map((n) => `<ram:InvoiceReferencedDocument><ram:IssuerAssignedID>${esc(n)}</ram:IssuerAssignedID></ram:InvoiceReferencedDocument>`).join('')}
    </ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>`;
}

function ublParty(tag: string, p: Party): string {
  return `<cac:${tag}><cac:Party>
      ${opt(p.name, (v) => `<cac:PartyName><cbc:Name>${v}</cbc:Name></cac:PartyName>`)}
      ${
        p.city || p.lines
          ? `<cac:PostalAddress>
        ${opt(p.lines?.[0], (v) => `<cbc:StreetName>${v}</cbc:StreetName>`)}
        ${opt(p.lines?.[1], (v) => `<cbc:AdditionalStreetName>${v}</cbc:AdditionalStreetName>`)}
        ${opt(p.city, (v) => `<cbc:CityName>${v}</cbc:CityName>`)}
        ${opt(p.postcode, (v) => `<cbc:PostalZone>${v}</cbc:PostalZone>`)}
        <cac:Country><cbc:IdentificationCode>${p.country ?? 'FR'}</cbc:IdentificationCode></cac:Country>
      </cac:PostalAddress>`
          : ''
      }
      ${opt(p.vat, (v) => `<cac:PartyTaxScheme><cbc:CompanyID>${v}</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>`)}
      <cac:PartyLegalEntity>
        ${opt(p.name, (v) => `<cbc:RegistrationName>${v}</cbc:RegistrationName>`)}
        ${opt(p.siren, (v) => `<cbc:CompanyID schemeID="0002">${v}</cbc:CompanyID>`)}
      </cac:PartyLegalEntity>
    </cac:Party></cac:${tag}>`;
}

/** A UBL 2.1 Invoice or CreditNote (EN 16931), with the cac/cbc prefixes and a default namespace. */
function ublXml(o: Partial<Doc> = {}, root: 'Invoice' | 'CreditNote' = 'Invoice'): string {
  const d = doc(root === 'CreditNote' ? { typeCode: '381', ...o } : o);
  const credit = root === 'CreditNote';
  return `<?xml version="1.0" encoding="UTF-8"?>
<${root} xmlns="urn:oasis:names:specification:ubl:schema:xsd:${root}-2"
  xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>
  ${opt(d.number, (v) => `<cbc:ID>${v}</cbc:ID>`)}
  ${opt(d.issue, (v) => `<cbc:IssueDate>${v}</cbc:IssueDate>`)}
  ${credit ? '' : opt(d.due, (v) => `<cbc:DueDate>${v}</cbc:DueDate>`)}
  ${opt(d.typeCode, (v) => (credit ? `<cbc:CreditNoteTypeCode>${v}</cbc:CreditNoteTypeCode>` : `<cbc:InvoiceTypeCode>${v}</cbc:InvoiceTypeCode>`))}
  <cbc:DocumentCurrencyCode>${d.currency}</cbc:DocumentCurrencyCode>
  ${opt(d.buyerRef, (v) => `<cbc:BuyerReference>${v}</cbc:BuyerReference>`)}
  ${opt(d.orderRef, (v) => `<cac:OrderReference><cbc:ID>${v}</cbc:ID></cac:OrderReference>`)}
  ${d.preceding.map((n) => `<cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>${esc(n)}</cbc:ID></cac:InvoiceDocumentReference></cac:BillingReference>`).join('')}
  ${ublParty('AccountingSupplierParty', d.seller)}
  ${ublParty('AccountingCustomerParty', d.buyer)}
  ${opt(d.delivery, (v) => `<cac:Delivery><cbc:ActualDeliveryDate>${v}</cbc:ActualDeliveryDate></cac:Delivery>`)}
  ${credit ? opt(d.due, (v) => `<cac:PaymentMeans><cbc:PaymentMeansCode>30</cbc:PaymentMeansCode><cbc:PaymentDueDate>${v}</cbc:PaymentDueDate></cac:PaymentMeans>`) : ''}
  ${opt(d.terms, (v) => `<cac:PaymentTerms><cbc:Note>${v}</cbc:Note></cac:PaymentTerms>`)}
  ${opt(d.tva, (v) => `<cac:TaxTotal><cbc:TaxAmount currencyID="${d.currency}">${v}</cbc:TaxAmount></cac:TaxTotal>`)}
  <cac:LegalMonetaryTotal>
    ${opt(d.ht, (v) => `<cbc:LineExtensionAmount currencyID="${d.currency}">${v}</cbc:LineExtensionAmount><cbc:TaxExclusiveAmount currencyID="${d.currency}">${v}</cbc:TaxExclusiveAmount>`)}
    ${opt(d.ttc, (v) => `<cbc:TaxInclusiveAmount currencyID="${d.currency}">${v}</cbc:TaxInclusiveAmount>`)}
    ${opt(d.prepaid, (v) => `<cbc:PrepaidAmount currencyID="${d.currency}">${v}</cbc:PrepaidAmount>`)}
    ${opt(d.payable, (v) => `<cbc:PayableAmount currencyID="${d.currency}">${v}</cbc:PayableAmount>`)}
  </cac:LegalMonetaryTotal>
</${root}>`;
}

/** A Factur-X PDF: a page of text and the XML attached as an associated file (AFRelationship Data). */
async function facturX(xml: string | null, options: { name?: string; relationship?: AFRelationship; extra?: { name: string; content: string }[] } = {}): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595, 842]);
  page.drawText('Facture FA-2026-001', { x: 50, y: 780, size: 14, font: await pdf.embedFont(StandardFonts.Helvetica) });
  if (xml !== null) {
    await pdf.attach(Buffer.from(xml, 'utf8'), options.name ?? 'factur-x.xml', {
      mimeType: 'text/xml',
      description: 'Factur-X Invoice',
      afRelationship: options.relationship ?? AFRelationship.Data,
    });
  }
  for (const extra of options.extra ?? []) await pdf.attach(Buffer.from(extra.content), extra.name, { mimeType: 'text/xml', afRelationship: AFRelationship.Supplement });
  return Buffer.from(await pdf.save());
}

const file = (fileName: string, content: string | Buffer, kind?: EInvoiceKind): EInvoiceFile => ({
  fileName,
  bytes: typeof content === 'string' ? Buffer.from(content, 'utf8') : content,
  ...(kind ? { kind } : {}),
});

async function refusalOf(bytes: Buffer | string, fileName = 'facture.xml', kind?: EInvoiceKind): Promise<EInvoiceError> {
  try {
    await readEInvoice(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes, fileName, kind);
  } catch (error) {
    expect(error).toBeInstanceOf(EInvoiceError);
    expect((error as EInvoiceError).code).toBe('VALIDATION');
    return error as EInvoiceError;
  }
  throw new Error('the file should have been refused');
}

async function importRefusal(files: EInvoiceFile[]): Promise<ImportError[]> {
  const before = counts();
  try {
    await applyEInvoices(core.ctx, files);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportRefusedError);
    expect(counts()).toEqual(before);
    return (error as ImportRefusedError).errors;
  }
  throw new Error('the import should have been refused');
}

// ——— Reading ———

describe('reading a CII, a UBL and a Factur-X', () => {
  it('reads a CII invoice: number, dates, exact totals, parties with SIREN, VAT and address, references', async () => {
    const e = await readEInvoice(Buffer.from(ciiXml()), 'FA-2026-001.xml');
    expect(e).toMatchObject({
      kind: 'cii',
      syntax: 'cii',
      xmlName: null,
      profile: 'urn:cen.eu:en16931:2017',
      typeCode: '380',
      documentType: 'invoice',
      number: 'FA-2026-001',
      issueDate: '2026-10-01',
      dueDate: '2026-10-31',
      deliveryDate: '2026-09-28',
      paymentTerms: 'Paiement à 30 jours',
      currency: 'EUR',
      totals: { htCents: 100000, tvaCents: 20000, ttcCents: 120000, prepaidCents: null, dueCents: 120000 },
      seller: { name: 'Atelier Martin', siren: '552100554', vatNumber: 'FR96552100554' },
      buyer: {
        name: 'Société Générale de Négoce',
        siren: '404833048',
        vatNumber: 'FR83404833048',
        address: { lines: ['12 rue de la Paix', 'Bâtiment B'], postcode: '75002', city: 'Paris', country: 'FR' },
      },
      buyerReference: 'SERVICE-ACHATS',
      orderReference: 'BC-4512',
      precedingInvoiceNumbers: [],
    });
  });

  it('reads a UBL invoice and a UBL credit note (due date in PaymentMeans, BillingReference)', async () => {
    const invoice = await readEInvoice(Buffer.from(ublXml({ ht: '99.9', tva: '19.98', ttc: '119.88', payable: '119.88' })), 'inv.xml');
    expect(invoice).toMatchObject({ kind: 'ubl', syntax: 'ubl', documentType: 'invoice', number: 'FA-2026-001', dueDate: '2026-10-31', deliveryDate: '2026-09-28' });
    expect(invoice.totals).toEqual({ htCents: 9990, tvaCents: 1998, ttcCents: 11988, prepaidCents: null, dueCents: 11988 });
    expect(invoice.buyer).toMatchObject({ name: NEW_BUYER.name, siren: NEW_BUYER.siren, vatNumber: NEW_BUYER.vat, address: { lines: ['12 rue de la Paix', 'Bâtiment B'], postcode: '75002', city: 'Paris' } });

    const credit = await readEInvoice(Buffer.from(ublXml({ number: 'AV-1', preceding: ['FA-2026-001'], due: '2026-11-15' }, 'CreditNote')), 'av.xml');
    expect(credit).toMatchObject({ documentType: 'credit_note', typeCode: '381', number: 'AV-1', dueDate: '2026-11-15', precedingInvoiceNumbers: ['FA-2026-001'] });
  });

  it('resolves namespaces, whatever the prefixes: a default namespace or other prefixes read the same', async () => {
    const renamed = ciiXml()
      .replace(/rsm:/g, 'inv:')
      .replace('xmlns:rsm=', 'xmlns:inv=')
      .replace(/ram:/g, '')
      .replace('xmlns:ram=', 'xmlns=');
    const e = await readEInvoice(Buffer.from(renamed), 'renamed.xml');
    expect(e.number).toBe('FA-2026-001');
    expect(e.totals.ttcCents).toBe(120000);
    expect(e.buyer.siren).toBe('404833048');
  });

  it('decodes entities and character references in names, and reads a SIREN from a SIRET or a VAT number', async () => {
    const xml = ciiXml({ buyer: { name: 'Dupont & Fils', vat: 'FR44 732 829 320', city: 'Lyon', postcode: '69002', lines: ['1 place Bellecour'] } }).replace('Bellecour', 'B&#xE9;llec&#111;ur');
    const e = await readEInvoice(Buffer.from(xml), 'x.xml');
    expect(e.buyer.name).toBe('Dupont & Fils');
    expect(e.buyer.address?.lines).toEqual(['1 place Béllecour']);
    expect(e.buyer).toMatchObject({ siren: '732829320', vatNumber: 'FR44732829320' });
    const siret = ciiXml().replace('<ram:ID schemeID="0002">404833048</ram:ID>', '<ram:ID schemeID="0009">40483304800006</ram:ID>');
    const withSiret = await readEInvoice(Buffer.from(siret), 'siret.xml');
    expect(withSiret.buyer).toMatchObject({ siren: '404833048', siret: '40483304800006' });
  });

  it('reads the CII embedded in a Factur-X PDF built with pdf-lib (EmbeddedFiles and AF), by its name or by its root', async () => {
    const pdf = await facturX(ciiXml());
    const e = await readEInvoice(pdf, 'FA-2026-001.pdf');
    expect(e).toMatchObject({ kind: 'facturx', syntax: 'cii', xmlName: 'factur-x.xml', number: 'FA-2026-001', totals: { ttcCents: 120000 } });

    const zugferd = await readEInvoice(await facturX(ciiXml({ number: 'Z-1' }), { name: 'ZUGFeRD-invoice.xml', relationship: AFRelationship.Alternative }), 'z.pdf', 'facturx');
    expect(zugferd).toMatchObject({ xmlName: 'ZUGFeRD-invoice.xml', number: 'Z-1' });

    const byRoot = await readEInvoice(await facturX(ciiXml({ number: 'R-1' }), { name: 'facture-123.xml', extra: [{ name: 'notes.xml', content: '<notes/>' }] }), 'r.pdf');
    expect(byRoot).toMatchObject({ xmlName: 'facture-123.xml', number: 'R-1' });
  });
});

describe('refused files, each with a clear reason', () => {
  it('an empty file, binary garbage, a text file', async () => {
    expect((await refusalOf(Buffer.alloc(0))).reason).toBe('fichier vide.');
    expect((await refusalOf(Buffer.from([0x00, 0xff, 0x13, 0x37, 0x42, 0x99, 0x00]))).reason).toMatch(/ni un PDF ni un fichier XML/);
    expect((await refusalOf(Buffer.concat([Buffer.from('<?xml version="1.0"?><a>'), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0x00]), Buffer.from('</a>')]))).reason).toMatch(/pas un texte UTF-8 valide/);
    expect((await refusalOf('client;montant\nDupont;12\n', 'factures.csv')).reason).toMatch(/ni un PDF ni un fichier XML/);
    expect((await refusalOf('   \n  ')).reason).toMatch(/ni un PDF ni un fichier XML/);
  });

  it('a PDF without embedded XML is not a Factur-X; nor one whose only XML is something else', async () => {
    const plain = await refusalOf(await facturX(null), 'scan.pdf');
    expect(plain.reason).toBe('PDF sans facture électronique intégrée : ce n’est pas un Factur-X.');
    expect(plain.message).toBe('« scan.pdf » : PDF sans facture électronique intégrée : ce n’est pas un Factur-X.');
    const other = await refusalOf(await facturX('<notes>rien</notes>', { name: 'notes.xml' }), 'notes.pdf');
    expect(other.reason).toMatch(/^PDF sans facture électronique intégrée : ce n’est pas un Factur-X \(fichier joint « notes\.xml » sans facture CII\)\.$/);
    expect((await refusalOf((await facturX(ciiXml())).subarray(0, 400), 'tronque.pdf')).reason).toBe('PDF tronqué ou incomplet (sans marque de fin %%EOF).');
  });

  it('an embedded XML that inflates beyond 10 MB is refused without being inflated whole', async () => {
    const bomb = await facturX(ciiXml() + ' '.repeat(11 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(200_000);
    expect((await refusalOf(bomb, 'bombe.pdf')).reason).toBe('fichier XML intégré trop volumineux (10 Mo au plus).');
  });

  it('a truncated XML names the line; an XML that is neither CII nor UBL; ZUGFeRD 1.0; a foreign namespace', async () => {
    const xml = ciiXml();
    const truncated = await refusalOf(xml.slice(0, Math.floor(xml.length * 0.6)));
    expect(truncated.reason).toMatch(/^XML incomplet \(fichier tronqué \?\) : éléments .* jamais fermés\.$/);
    expect(truncated.line).toBeGreaterThan(1);
    expect((await refusalOf('<?xml version="1.0"?><order><id>1</id></order>')).reason).toMatch(/élément racine order : ni une facture CII \(rsm:CrossIndustryInvoice\) ni une facture UBL/);
    expect((await refusalOf('<rsm:CrossIndustryDocument xmlns:rsm="urn:ferd:CrossIndustryDocument:invoice:1p0"/>')).reason).toMatch(/ZUGFeRD 1\.0/);
    expect((await refusalOf('<Invoice xmlns="urn:example:not-ubl"><ID>1</ID></Invoice>')).reason).toMatch(/espace de noms « urn:example:not-ubl »/);
    const crossed = await refusalOf('<?xml version="1.0"?>\n<a>\n  <b>\n</a>');
    expect(crossed.reason).toBe('XML mal formé : balise fermante </a> au lieu de </b> (ouverte ligne 3)');
    expect(crossed.line).toBe(4);
    expect((await refusalOf('<x:a/>')).reason).toMatch(/préfixe d’espace de noms « x » non déclaré/);
  });

  it('a kind given that the bytes contradict', async () => {
    expect((await refusalOf(ublXml(), 'f.xml', 'cii')).reason).toMatch(/XML CII attendu, mais c’est un XML UBL/);
    expect((await refusalOf(ciiXml(), 'f.xml', 'facturx')).reason).toMatch(/ce n’est pas un PDF/);
    expect((await refusalOf(await facturX(ciiXml()), 'f.pdf', 'ubl')).reason).toMatch(/c’est un PDF/);
  });

  it('each missing mandatory field is named with its element path', async () => {
    const missing = await refusalOf(ciiXml({ number: null, issue: null, ttc: null, payable: null, buyer: { name: null, siren: NEW_BUYER.siren } }));
    expect(missing.reason).toContain('numéro de facture manquant (/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:ID)');
    expect(missing.reason).toContain('date de facture manquante (/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString)');
    expect(missing.reason).toContain(
      'total TTC manquant (/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:GrandTotalAmount)',
    );
    expect(missing.reason).toContain('nom du client (acheteur) manquant (/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:BuyerTradeParty/ram:Name)');
    const ubl = await refusalOf(ublXml({ number: null }));
    expect(ubl.reason).toBe('numéro de facture manquant (/Invoice/cbc:ID)');
  });

  it('amounts that are not numbers, more than two decimals, inconsistent totals, a foreign currency, an unsupported type', async () => {
    expect((await refusalOf(ciiXml({ ttc: '1 200,00' }))).reason).toMatch(/total TTC « 1 200,00 » : ce n’est pas un montant \(.*ram:GrandTotalAmount\)/);
    expect((await refusalOf(ciiXml({ ht: 'abc' }))).reason).toMatch(/total HT « abc » : ce n’est pas un montant/);
    expect((await refusalOf(ciiXml({ tva: '200.005' }))).reason).toMatch(/total TVA « 200\.005 » : plus de deux décimales/);
    expect((await readEInvoice(Buffer.from(ciiXml({ ht: '1000.0000', tva: '200.00000', ttc: '1200.000', payable: '1200' })), 'x.xml')).totals).toMatchObject({ htCents: 100000, tvaCents: 20000, ttcCents: 120000 });
    expect((await refusalOf(ciiXml({ tva: '210.00' }))).reason).toMatch(/totaux incohérents : HT 1\u202f000,00\u00a0€ \+ TVA 210,00\u00a0€ ≠ TTC 1\u202f200,00\u00a0€/);
    expect((await refusalOf(ciiXml({ payable: '1000.00' }))).reason).toMatch(/montant à payer 1\u202f000,00\u00a0€ ≠ TTC/);
    expect((await refusalOf(ciiXml({ currency: 'USD' }))).reason).toMatch(/facture en USD : seules les factures en euros \(EUR\) s’importent/);
    expect((await refusalOf(ciiXml({ typeCode: '384' }))).reason).toMatch(/type de document 384 \(facture rectificative\) non pris en charge/);
    expect((await refusalOf(ciiXml({ ttc: '-1200.00', payable: '-1200.00', ht: '-1000.00', tva: '-200.00' }))).reason).toMatch(/total TTC négatif/);
    expect((await refusalOf(ciiXml({ due: '2026-09-01' }))).reason).toMatch(/échéance du 01\/09\/2026 antérieure à la date de facture/);
    expect((await refusalOf(ciiXml({ issue: '2026-02-30' }))).reason).toMatch(/date de facture « 20260230 » : date invalide/);
    expect((await refusalOf(ciiXml({ buyer: { ...NEW_BUYER, siren: '404833049' } }))).reason).toMatch(/SIREN du client invalide « 404833049 »/);
  });

  it('a billion-laughs or an external entity is refused before any expansion', async () => {
    const laughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"><x>&lol3;</x></rsm:CrossIndustryInvoice>`;
    expect((await refusalOf(laughs)).reason).toMatch(/déclaration d’entités XML .* refusée/);
    const xxe = ciiXml().replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>').replace('Atelier Martin', '&xxe;');
    expect((await refusalOf(xxe)).reason).toMatch(/déclaration d’entités XML/);
    // Without a DOCTYPE, an undeclared entity is refused, never looked up.
    expect((await refusalOf(ciiXml().replace('Atelier Martin', '&xxe;'))).reason).toMatch(/entité XML « &xxe; » refusée/);
    expect((await refusalOf(await facturX(xxe), 'piege.pdf')).reason).toMatch(/^factur-x\.xml intégré : déclaration d’entités XML/);
  });
});

// ——— Importing ———

describe('importing into the books', () => {
  it('a CII XML: the buyer becomes a business client (NF Z10-011 address), the invoice is created, the XML kept as a pièce with its SHA-256', async () => {
    const xml = Buffer.from(ciiXml());
    const preview = await previewEInvoices(core.ctx, [file('FA-2026-001.xml', xml)]);
    expect(preview).toMatchObject({ clientsToCreate: 1, clientsExisting: 0, invoices: 1, payments: 0, creditNotes: 0, skipped: 0, errors: [] });
    expect(preview.samples.invoices).toEqual([
      { line: 1, file: 'FA-2026-001.xml', number: 'FA-2026-001', clientName: NEW_BUYER.name, issueDate: '2026-10-01', dueDate: '2026-10-31', amountTtcCents: 120000 },
    ]);
    expect(preview.samples.clients).toEqual([{ file: 'FA-2026-001.xml', line: 1, name: NEW_BUYER.name, kind: 'business', siren: NEW_BUYER.siren, address6: '75002 PARIS' }]);
    expect(counts().invoices).toBe(0);

    const result = await applyEInvoices(core.ctx, [file('FA-2026-001.xml', xml)]);
    expect(result).toMatchObject({ clientsCreated: 1, clientsExisting: 0, invoices: 1, creditNotes: 0, skipped: 0, totals: { invoicesTtcCents: 120000 } });

    const client = core.ctx.db.prepare('SELECT * FROM clients').get() as Record<string, unknown>;
    expect(client).toMatchObject({
      kind: 'business',
      name: NEW_BUYER.name,
      siren: NEW_BUYER.siren,
      vat_number: NEW_BUYER.vat,
      address_1: 'Société Générale de Négoce',
      address_3: 'Bâtiment B',
      address_4: '12 rue de la Paix',
      address_6: '75002 PARIS',
      country: 'FR',
      terms_mode: 'net',
      terms_days: 30,
    });
    const invoice = core.ctx.db.prepare('SELECT * FROM invoices').get() as Record<string, unknown>;
    expect(invoice).toMatchObject({
      client_id: client.id,
      number: 'FA-2026-001',
      issue_date: '2026-10-01',
      delivery_date: '2026-09-28',
      due_date: '2026-10-31',
      amount_ht_cents: 100000,
      amount_tva_cents: 20000,
      amount_ttc_cents: 120000,
      reference: 'BC-4512',
      pdf_document_id: null,
    });
    const doc = core.ctx.db
      .prepare("SELECT d.kind, d.piece_type, d.mime_type, d.file_name, d.sha256, d.size_bytes, d.content, a.owner_type, a.owner_id FROM documents d JOIN attachments a ON a.document_id = d.id")
      .get() as Record<string, unknown>;
    expect(doc).toMatchObject({ kind: 'proof', piece_type: 'other', mime_type: 'application/xml', file_name: 'FA-2026-001.xml', owner_type: 'invoice', owner_id: invoice.id, size_bytes: xml.length });
    expect(doc.sha256).toBe(sha256(xml));
    expect(Buffer.compare(doc.content as Buffer, xml)).toBe(0);
    const journal = core.ctx.db.prepare("SELECT summary FROM audit_log WHERE summary LIKE 'Import de factures électroniques%'").pluck().all();
    expect(journal).toEqual(['Import de factures électroniques : 1 facture, 0 avoir, 1 client créé']);
  });

  it('a Factur-X PDF: the PDF itself becomes the invoice’s PDF (invoice_pdf, pdf_document_id), byte for byte', async () => {
    const pdf = await facturX(ciiXml());
    const result = await applyEInvoices(core.ctx, [file('C:\\Factures\\FA-2026-001.pdf', pdf)]);
    expect(result.invoices).toBe(1);
    const row = core.ctx.db
      .prepare('SELECT d.kind, d.mime_type, d.file_name, d.sha256, d.content FROM invoices i JOIN documents d ON d.id = i.pdf_document_id')
      .get() as { kind: string; mime_type: string; file_name: string; sha256: string; content: Buffer };
    expect(row).toMatchObject({ kind: 'invoice_pdf', mime_type: 'application/pdf', file_name: 'FA-2026-001.pdf' });
    expect(row.sha256).toBe(sha256(pdf));
    expect(Buffer.compare(row.content, pdf)).toBe(0);
    expect(core.ctx.repos.ledger.invoicePdf(1).content.equals(pdf)).toBe(true);
  });

  it('matches the buyer to an existing client by SIREN, then by VAT number, then by name (accents and case ignored)', async () => {
    const bySiren = await core.call('clients.create', aClient({ name: 'Dupont SA (ancien nom)' }));
    const byVat = await core.call('clients.create', aClient({ name: 'Négoce du Rhône', siren: null, vatNumber: 'FR83404833048', address: [] }));
    const byName = await core.call('clients.create', aClient({ name: 'Éts Lefèvre', siren: null, address: [] }));
    const files = [
      file('a.xml', ciiXml({ number: 'A-1', buyer: { name: 'Boulangerie Dupont', siren: DUPONT.siren } })),
      file('b.xml', ublXml({ number: 'B-1', buyer: { name: 'Autre nom', vat: 'FR83404833048' } })),
      file('c.xml', ciiXml({ number: 'C-1', buyer: { name: 'ETS LEFEVRE', siren: '130025265', city: 'Lyon', postcode: '69001' } })),
    ];
    const preview = await previewEInvoices(core.ctx, files);
    expect(preview).toMatchObject({ clientsToCreate: 0, clientsExisting: 3, invoices: 3, errors: [] });
    expect(preview.warnings).toContain('c.xml : client « Éts Lefèvre » reconnu par son nom : son SIREN (130025265) n’est pas sur sa fiche, ajoutez-le.');
    await applyEInvoices(core.ctx, files);
    const owner = (n: string) => core.ctx.db.prepare('SELECT client_id FROM invoices WHERE number = ?').pluck().get(n);
    expect([owner('A-1'), owner('B-1'), owner('C-1')]).toEqual([bySiren.id, byVat.id, byName.id]);
    expect(counts().clients).toBe(3);
  });

  it('never matches a client whose SIREN says it is another company; an archived client is refused', async () => {
    await core.call('clients.create', aClient({ name: NEW_BUYER.name, siren: '130025265', address: [] }));
    const result = await applyEInvoices(core.ctx, [file('x.xml', ciiXml())]);
    expect(result).toMatchObject({ clientsCreated: 1, clientsExisting: 0 });

    const archived = await core.call('clients.create', aClient());
    await core.call('clients.archive', { id: archived.id });
    const errors = await importRefusal([file('d.xml', ciiXml({ number: 'D-1', buyer: DUPONT }))]);
    expect(errors).toEqual([{ file: 'd.xml', line: null, message: 'le client « Boulangerie Dupont » est archivé : restaurez-le avant de lui importer des factures' }]);
  });

  it('refuses a purchase invoice: the seller is not the user’s company (by SIREN, else VAT)', async () => {
    const errors = await importRefusal([
      file('achat.xml', ciiXml({ seller: { name: 'Fournisseur SARL', siren: DUPONT.siren, vat: DUPONT.vat }, buyer: { name: 'Atelier Martin', siren: US.siren } })),
      file('achat-ubl.xml', ublXml({ seller: { name: 'Fournisseur SARL', vat: 'DE123456789' } })),
      file('anonyme.xml', ciiXml({ seller: { name: 'Sans identifiant' } })),
    ]);
    expect(errors).toEqual([
      { file: 'achat.xml', line: null, message: 'facture d’achat : le vendeur « Fournisseur SARL » (SIREN 732829320) n’est pas votre entreprise (SIREN 552100554)' },
      { file: 'achat-ubl.xml', line: null, message: 'facture d’achat : le vendeur « Fournisseur SARL » (TVA DE123456789) n’est pas votre entreprise (TVA FR96552100554)' },
      {
        file: 'anonyme.xml',
        line: null,
        message: 'le vendeur « Sans identifiant » n’est identifié ni par un SIREN ni par un numéro de TVA comparables aux vôtres : impossible de vérifier que c’est votre entreprise',
      },
    ]);
  });

  it('refuses everything while the company has no SIREN nor VAT number', async () => {
    await core.call('company.save', aCompany({ siren: null, vatNumber: null }));
    const errors = await importRefusal([file('x.xml', ciiXml())]);
    expect(errors[0]!.message).toMatch(/votre entreprise n’a ni SIREN ni numéro de TVA enregistré/);
  });

  it('an invoice number already in the books: identical → skipped and said; other amounts or another client → refused', async () => {
    await applyEInvoices(core.ctx, [file('first.xml', ciiXml())]);
    const before = counts();
    const again = await applyEInvoices(core.ctx, [file('again.xml', ciiXml())]);
    expect(again).toMatchObject({ invoices: 0, skipped: 1, clientsCreated: 0 });
    expect(again.warnings).toEqual(['again.xml : facture FA-2026-001 déjà importée (même client, même date, mêmes montants) : laissée telle quelle.']);
    expect(counts()).toEqual(before);

    const other = await importRefusal([file('other.xml', ciiXml({ ht: '1000.00', tva: '100.00', ttc: '1100.00', payable: '1100.00' }))]);
    expect(other[0]!.message).toMatch(/^facture FA-2026-001 déjà dans Recouvra \(client « Société Générale de Négoce », 1\u202f200,00\u00a0€ TTC du 01\/10\/2026\) avec d’autres montants ou une autre date : numéro déjà utilisé$/);
    const otherClient = await importRefusal([file('dupont.xml', ciiXml({ buyer: DUPONT }))]);
    expect(otherClient[0]!.message).toMatch(/pour un autre client : numéro déjà utilisé$/);
    // The same file twice in one batch is imported once.
    const batch = await applyEInvoices(core.ctx, [file('n1.xml', ciiXml({ number: 'N-1' })), file('n1-copie.xml', ciiXml({ number: 'N-1' }))]);
    expect(batch).toMatchObject({ invoices: 1, skipped: 1 });
  });

  it('a UBL credit note becomes a credit note on the invoice it references, in the books or in the same batch', async () => {
    await applyEInvoices(core.ctx, [file('FA-2026-001.xml', ublXml())]);
    const result = await applyEInvoices(core.ctx, [file('AV-1.xml', ublXml({ number: 'AV-1', preceding: ['FA-2026-001'], ht: '100.00', tva: '20.00', ttc: '120.00', payable: '120.00' }, 'CreditNote'))]);
    expect(result).toMatchObject({ invoices: 0, creditNotes: 1, totals: { creditNotesCents: 12000 } });
    const credit = core.ctx.db.prepare('SELECT n.number, n.amount_ttc_cents, n.issue_date, i.number AS invoice FROM credit_notes n JOIN invoices i ON i.id = n.invoice_id').get();
    expect(credit).toEqual({ number: 'AV-1', amount_ttc_cents: 12000, issue_date: '2026-10-01', invoice: 'FA-2026-001' });
    const piece = core.ctx.db.prepare("SELECT d.title, a.owner_type, a.owner_id FROM documents d JOIN attachments a ON a.document_id = d.id WHERE d.file_name = 'AV-1.xml'").get();
    expect(piece).toEqual({ title: 'Avoir électronique AV-1 sur la facture FA-2026-001 (XML UBL)', owner_type: 'invoice', owner_id: 1 });
    expect(core.ctx.repos.ledger.detail(1).balanceCents).toBe(108000);

    // Credit note listed before its invoice, in the same batch.
    const creditPdf = await facturX(ciiXml({ number: 'AV-2', typeCode: '381', preceding: ['FA-2'], ht: '50.00', tva: '10.00', ttc: '60.00', payable: '60.00' }));
    const batch = await applyEInvoices(core.ctx, [file('AV-2.pdf', creditPdf), file('FA-2.xml', ciiXml({ number: 'FA-2' }))]);
    expect(batch).toMatchObject({ invoices: 1, creditNotes: 1 });
    // The credit note's PDF is a pièce of the invoice; the invoice's own PDF stays unset.
    const pdfPiece = core.ctx.db
      .prepare("SELECT d.kind, d.mime_type, d.sha256, a.owner_id, (SELECT pdf_document_id FROM invoices WHERE number = 'FA-2') AS invoice_pdf FROM documents d JOIN attachments a ON a.document_id = d.id WHERE d.file_name = 'AV-2.pdf'")
      .get();
    expect(pdfPiece).toEqual({ kind: 'proof', mime_type: 'application/pdf', sha256: sha256(creditPdf), owner_id: 2, invoice_pdf: null });
  });

  it('refuses a credit note whose invoice is unknown, that names none, or that exceeds the balance', async () => {
    await applyEInvoices(core.ctx, [file('FA-2026-001.xml', ciiXml())]);
    const errors = await importRefusal([
      file('av-x.xml', ublXml({ number: 'AV-X', preceding: ['INCONNUE-9'] }, 'CreditNote')),
      file('av-none.xml', ciiXml({ number: 'AV-N', typeCode: '381' })),
      file('av-big.xml', ciiXml({ number: 'AV-B', typeCode: '381', preceding: ['FA-2026-001'], ht: '2000.00', tva: '400.00', ttc: '2400.00', payable: '2400.00' })),
    ]);
    expect(errors).toEqual([
      { file: 'av-x.xml', line: null, message: 'avoir AV-X : facture d’origine INCONNUE-9 introuvable dans Recouvra et dans les fichiers importés' },
      { file: 'av-none.xml', line: null, message: 'avoir AV-N sans référence à la facture qu’il corrige (ram:InvoiceReferencedDocument) : impossible de l’imputer' },
      { file: 'av-big.xml', line: null, message: 'l’avoir (2\u202f400,00\u00a0€) dépasse le solde de la facture FA-2026-001 (1\u202f200,00\u00a0€)' },
    ]);
  });

  it('without a due date: the client’s terms, else the company’s, said in the warnings; an acompte is recorded as a payment', async () => {
    await core.call('clients.create', aClient({ paymentTerms: { mode: 'eom45' } }));
    const result = await applyEInvoices(core.ctx, [
      file('d.xml', ciiXml({ number: 'D-1', due: null, terms: 'Paiement à 45 jours fin de mois', buyer: DUPONT })),
      file('n.xml', ublXml({ number: 'N-1', due: null, terms: null, prepaid: '200.00', payable: '1000.00' })),
    ]);
    expect(result.warnings).toEqual([
      'd.xml : pas d’échéance dans la facture (conditions : « Paiement à 45 jours fin de mois ») ; échéance calculée avec les conditions du client (45 jours fin de mois) : 16/12/2026.',
      'n.xml : pas d’échéance dans la facture ; échéance calculée avec les conditions de votre entreprise (30 jours) : 31/10/2026.',
      'n.xml : acompte de 200,00\u00a0€ déclaré dans la facture : enregistré comme paiement (autre) à la date de la facture.',
    ]);
    expect(result).toMatchObject({ invoices: 2, payments: 1, totals: { paymentsCents: 20000, allocatedCents: 20000 } });
    const n1 = core.ctx.db.prepare("SELECT id, due_date FROM invoices WHERE number = 'N-1'").get() as { id: number; due_date: string };
    expect(n1.due_date).toBe('2026-10-31');
    expect(core.ctx.repos.ledger.detail(n1.id).balanceCents).toBe(100000);
  });

  it('all or nothing: one bad file refuses the whole batch, every refused file named with its reason', async () => {
    const errors = await importRefusal([
      file('ok.xml', ciiXml()),
      file('vide.xml', ''),
      file('tronque.xml', ciiXml().slice(0, 300)),
      file('achat.pdf', await facturX(ciiXml({ number: 'P-1', seller: { name: 'Fournisseur', siren: DUPONT.siren } }))),
    ]);
    expect(errors.map((e) => e.file)).toEqual(['vide.xml', 'tronque.xml', 'achat.pdf']);
    expect(errors[0]).toEqual({ file: 'vide.xml', line: null, message: 'fichier vide.' });
    expect(errors[1]!.line).toBeGreaterThan(1);
    expect(errors[2]!.message).toMatch(/^facture d’achat : le vendeur « Fournisseur »/);
    // The preview lists the same, and writes nothing either.
    const preview = await previewEInvoices(core.ctx, [file('ok.xml', ciiXml()), file('vide.xml', '')]);
    expect(preview).toMatchObject({ invoices: 1, errors: [{ file: 'vide.xml', line: null, message: 'fichier vide.' }] });
    expect(counts().invoices).toBe(0);
    // The dispatcher-facing error lists the files.
    await expect(applyEInvoices(core.ctx, [file('vide.xml', '')])).rejects.toThrow('Import refusé, rien n’a été enregistré : 1 erreur. vide.xml : fichier vide.');
    await expect(applyEInvoices(core.ctx, [])).rejects.toBeInstanceOf(ImportRefusedError);
  });

  it('an address that cannot follow the postal standard is left out, the client still created, and said', async () => {
    const result = await applyEInvoices(core.ctx, [
      file('x.xml', ciiXml({ buyer: { ...NEW_BUYER, lines: ['Zone industrielle des Grands Champs, bâtiment 12, porte 4'], postcode: '7500', city: 'Paris' } })),
    ]);
    expect(result.warnings[0]).toMatch(/nouveau client « Société Générale de Négoce » : adresse non reprise \(code postal « 7500 »/);
    expect(core.ctx.db.prepare('SELECT address_6 FROM clients').pluck().get()).toBe('');
  });
});

// ——— Properties ———

describe('properties', () => {
  const valid = ciiXml();
  // pdf-lib tells the console about each damaged object it skips: expected here.
  beforeEach(() => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => vi.restoreAllMocks());

  it('random mutations of a valid XML never crash: an invoice or a clean refusal', async () => {
    const mutation = fc.oneof(
      fc.record({ type: fc.constant('replace' as const), at: fc.nat(), text: fc.string({ maxLength: 8 }) }),
      fc.record({ type: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
      fc.record({ type: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('<', '>', '&', '&amp;', '<!DOCTYPE', ']]>', '<![CDATA[', '"', '\u0000', '</ram:ID>', 'xmlns:ram="x"')) }),
      fc.record({ type: fc.constant('bytes' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 6 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (mutations) => {
        let bytes = Buffer.from(valid, 'utf8');
        for (const m of mutations) {
          const at = m.at % (bytes.length + 1);
          if (m.type === 'replace') bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(m.text), bytes.subarray(at + m.text.length)]);
          else if (m.type === 'delete') bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + m.length)]);
          else if (m.type === 'insert') bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(m.text), bytes.subarray(at)]);
          else bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(m.bytes), bytes.subarray(at + m.bytes.length)]);
        }
        try {
          const e = await readEInvoice(bytes, 'mutant.xml');
          expect(e.totals.ttcCents).toBeGreaterThanOrEqual(0);
        } catch (error) {
          expect(error).toBeInstanceOf(EInvoiceError);
          // Every refusal is one foreseen, with its own reason.
          expect((error as EInvoiceError).reason).not.toMatch(/erreur inattendue/);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('a mutated file is imported whole or refused without writing a row', async () => {
    const pdf = await facturX(valid);
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 16 }), async (isPdf, at, noise) => {
        const source = isPdf ? pdf : Buffer.from(valid, 'utf8');
        const i = at % source.length;
        const bytes = Buffer.concat([source.subarray(0, i), Buffer.from(noise), source.subarray(i + noise.length)]);
        const before = counts();
        try {
          const result = await applyEInvoices(core.ctx, [file(isPdf ? 'mutant.pdf' : 'mutant.xml', bytes)]);
          expect(result.invoices + (result.skipped ?? 0)).toBe(1);
        } catch (error) {
          expect(error).toBeInstanceOf(ImportRefusedError);
          expect(counts()).toEqual(before);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('every truncation of a valid XML or PDF is refused and writes nothing', async () => {
    const pdf = await facturX(valid);
    const before = counts();
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), async (isPdf, fraction) => {
        const source = isPdf ? pdf : Buffer.from(valid.trimEnd(), 'utf8');
        const bytes = source.subarray(0, Math.floor(source.length * fraction));
        const errors = await importRefusal([file(isPdf ? 'tronque.pdf' : 'tronque.xml', bytes)]);
        expect(errors).toHaveLength(1);
        expect(errors[0]!.line === null || errors[0]!.line >= 1).toBe(true);
      }),
      { numRuns: 60 },
    );
    expect(counts()).toEqual(before);
  });
});
