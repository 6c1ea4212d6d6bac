// E-invoices (EN 16931), read side and write side: Factur-X / ZUGFeRD 2 PDFs (the CII XML
// embedded in the PDF/A-3), UN/CEFACT CII XML (CrossIndustryInvoice D16B) and UBL 2.1 XML
// (Invoice, CreditNote). Each file becomes one invoice (or one credit note on the invoice it
// references) of a client matched by SIREN, VAT number, then name — or created — and the
// original file is kept with its SHA-256. All or nothing, like the CSV import (apply.ts).
//
// Safety: the XML is read by fast-xml-parser with entity processing off and any DOCTYPE
// refused (no entity expansion, no external entity); namespaces are resolved from the xmlns
// declarations, so any prefix (or a default namespace) works and a foreign vocabulary that
// merely reuses the element names is refused. Embedded files are inflated with a size cap.
import { createHash } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { pdfRefusal } from '../attachments.js';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { PDFDict as PdfDict, PDFRawStream as PdfRawStream } from 'pdf-lib';
import { ADDRESS_LINE_MAX, type AddressLines } from '../../../shared/domain/address.js';
import type { PaymentTerms } from '../../../shared/domain/client.js';
import { formatDateFr, isIsoDate, type IsoDate } from '../../../shared/domain/dates.js';
import type { ImportError, ImportPreview, ImportResult, ImportTotals } from '../../../shared/domain/import.js';
import { cents, formatEuros, MAX_CENTS, type Cents } from '../../../shared/domain/money.js';
import { stripAccents, fold } from '../../../shared/domain/text.js';
import { dueDateFor } from '../../../shared/domain/terms.js';
import type { ClientData, ClientInput } from '../../../shared/schemas.js';
import { creditNoteInputSchema, invoiceInputSchema, paymentInputSchema, type InvoiceData } from '../../../shared/schemas-ledger.js';
import { compactIdentifier, isValidFrenchVat, isValidSiren, isValidSiret } from '../../../shared/validation.js';
import type { CoreContext } from '../context.js';
import { AppError } from '../errors.js';
import { ImportRefusedError } from './apply.js';
import { validateClient } from './csv.js';

// ——— Shapes ———

/** facturx: a PDF carrying the XML (Factur-X, ZUGFeRD 2, XRechnung in a PDF); cii, ubl: a bare XML file. */
export type EInvoiceKind = 'facturx' | 'cii' | 'ubl';

export interface EInvoiceFile {
  fileName: string;
  bytes: Buffer;
  /** What the caller says the file is (CLI --facturx / --cii / --ubl); detected when absent. */
  kind?: EInvoiceKind;
}

export interface EInvoiceAddress {
  /** Street lines as written (CII LineOne…LineThree; UBL StreetName, AdditionalStreetName, AddressLine). */
  lines: string[];
  postcode: string | null;
  city: string | null;
  /** ISO 3166 alpha-2, upper case. */
  country: string | null;
}

export interface EInvoiceParty {
  name: string | null;
  /** 9 digits, valid; from the SIREN, the SIRET or a French VAT number. */
  siren: string | null;
  siret: string | null;
  /** Compact, upper case (FR44732829320). */
  vatNumber: string | null;
  address: EInvoiceAddress | null;
}

/** The document types imported: 380 and 389 as invoices, 381 as credit notes. */
export type EInvoiceDocumentType = 'invoice' | 'credit_note';

export interface EInvoice {
  fileName: string;
  kind: EInvoiceKind;
  syntax: 'cii' | 'ubl';
  /** For a PDF: the name of the embedded XML (factur-x.xml…). */
  xmlName: string | null;
  /** Factur-X guideline (urn:cen.eu:en16931:2017…) or UBL CustomizationID. */
  profile: string | null;
  /** UNTDID 1001: 380, 381, 389. */
  typeCode: string;
  documentType: EInvoiceDocumentType;
  number: string;
  issueDate: IsoDate;
  dueDate: IsoDate | null;
  /** Payment terms as written (CII SpecifiedTradePaymentTerms/Description, UBL PaymentTerms/Note). */
  paymentTerms: string | null;
  deliveryDate: IsoDate | null;
  currency: 'EUR';
  totals: {
    /** TaxBasisTotalAmount / TaxExclusiveAmount */
    htCents: Cents | null;
    /** TaxTotalAmount / TaxTotal/TaxAmount (in the invoice's currency) */
    tvaCents: Cents | null;
    /** GrandTotalAmount / TaxInclusiveAmount */
    ttcCents: Cents;
    /** TotalPrepaidAmount / PrepaidAmount */
    prepaidCents: Cents | null;
    /** DuePayableAmount / PayableAmount */
    dueCents: Cents | null;
  };
  seller: EInvoiceParty;
  buyer: EInvoiceParty & { name: string };
  /** BT-10 (CII BuyerReference, UBL BuyerReference). */
  buyerReference: string | null;
  /** BT-13 purchase order (CII BuyerOrderReferencedDocument, UBL OrderReference). */
  orderReference: string | null;
  /** BT-25 preceding invoices (CII InvoiceReferencedDocument, UBL BillingReference). */
  precedingInvoiceNumbers: string[];
}

/** A refused file: its name, the reason in French, and where in the file when known. */
export class EInvoiceError extends AppError {
  constructor(
    readonly file: string,
    readonly reason: string,
    /** Line of the XML file (syntax errors of a bare XML file). */
    readonly line: number | null = null,
  ) {
    super('VALIDATION', `« ${file} »${line !== null ? `, ligne ${line}` : ''} : ${reason}`, { file: reason });
    this.name = 'EInvoiceError';
  }

  toImportError(): ImportError {
    return { file: this.file, line: this.line, message: this.reason };
  }
}

/** Largest file accepted (a Factur-X PDF with its images). */
export const EINVOICE_MAX_BYTES = 20 * 1024 * 1024;
/** Largest XML accepted, bare or once inflated out of a PDF. */
const XML_MAX_BYTES = 10 * 1024 * 1024;

// ——— XML: decoding, parsing, namespaces ———

const NS = {
  rsm: 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100',
  ram: 'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100',
  udt: 'urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100',
  qdt: 'urn:un:unece:uncefact:data:standard:QualifiedDataType:100',
  inv: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  cn: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
} as const;
type Prefix = keyof typeof NS;
const ZUGFERD1_NS = 'urn:ferd:CrossIndustryDocument:invoice:1p0';

interface XmlElement {
  ns: string | null;
  local: string;
  /** As written in the file (ram:ID), for messages. */
  qname: string;
  attrs: Map<string, string>;
  children: XmlElement[];
  /** The element's own text, entities decoded, trimmed. */
  text: string;
}

/** Refusal raised while reading; turned into an EInvoiceError naming the file. */
class Refusal extends Error {
  constructor(
    readonly reason: string,
    readonly line: number | null = null,
  ) {
    super(reason);
  }
}

const PREDEFINED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The five predefined entities and character references; anything else is refused (never expanded). */
function decodeEntities(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&([^;&\s]{0,40});?/g, (whole, name: string) => {
    if (!whole.endsWith(';')) throw new Refusal('caractère « & » isolé : le XML est mal formé (il s’écrit &amp;amp;).');
    if (name in PREDEFINED_ENTITIES) return PREDEFINED_ENTITIES[name]!;
    const m = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(name);
    if (m) {
      const code = m[1] !== undefined ? parseInt(m[1], 16) : Number(m[2]);
      if (code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)) return String.fromCodePoint(code);
    }
    throw new Refusal(`entité XML « &${name}; » refusée : seules &amp;amp; &amp;lt; &amp;gt; &amp;quot; &amp;apos; et les références numériques sont admises.`);
  });
}

const ENCODINGS: Record<string, string> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'us-ascii': 'utf-8',
  ascii: 'utf-8',
  'iso-8859-1': 'latin1',
  latin1: 'latin1',
  'iso-8859-15': 'iso-8859-15',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  'utf-16': 'utf-16le',
};

/** The XML's text, by its byte-order mark or its declared encoding; binary bytes are refused. */
function decodeXmlBytes(bytes: Uint8Array): string {
  let encoding = 'utf-8';
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    encoding = 'utf-16le';
    start = 2;
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    encoding = 'utf-16be';
    start = 2;
  } else {
    const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
    const declared = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1]?.toLowerCase();
    if (declared) {
      const known = ENCODINGS[declared];
      if (!known) throw new Refusal(`encodage « ${declared} » non pris en charge (UTF-8 attendu).`);
      encoding = known;
    }
  }
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(start));
  } catch {
    throw new Refusal(`ce n’est pas un texte ${encoding === 'utf-8' ? 'UTF-8' : encoding} valide : fichier binaire ou abîmé.`);
  }
  const control = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.exec(text);
  if (control) {
    const line = text.slice(0, control.index).split('\n').length;
    throw new Refusal('caractère de contrôle interdit en XML : fichier binaire ou abîmé.', line);
  }
  return text;
}

const parser = new XMLParser({
  preserveOrder: true,
  removeNSPrefix: false, // namespaces are resolved below, from the xmlns declarations
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  htmlEntities: false,
  trimValues: true,
  cdataPropName: '#cdata',
  ignoreDeclaration: true,
  ignorePiTags: true,
});

type OrderedNode = Record<string, unknown>;

function splitQName(qname: string): [string, string] {
  const at = qname.indexOf(':');
  return at === -1 ? ['', qname] : [qname.slice(0, at), qname.slice(at + 1)];
}

/** fast-xml-parser's ordered output → elements with resolved namespaces. */
function toElements(nodes: unknown, scope: ReadonlyMap<string, string>, out: XmlElement[], texts: string[], depth: number): void {
  if (!Array.isArray(nodes)) return;
  if (depth > 200) throw new Refusal('imbrication XML trop profonde.');
  for (const node of nodes as OrderedNode[]) {
    const key = Object.keys(node).find((k) => k !== ':@');
    if (key === undefined) continue;
    if (key === '#text') {
      texts.push(decodeEntities(String(node[key] ?? '')));
      continue;
    }
    if (key === '#cdata') {
      for (const part of (node[key] as OrderedNode[]) ?? []) texts.push(String(part['#text'] ?? ''));
      continue;
    }
    if (key.startsWith('?') || key.startsWith('!')) continue;
    const rawAttrs = (node[':@'] as Record<string, unknown> | undefined) ?? {};
    let inner = scope;
    const attrs = new Map<string, string>();
    for (const [name, value] of Object.entries(rawAttrs)) {
      const text = decodeEntities(String(value));
      if (name === 'xmlns' || name.startsWith('xmlns:')) {
        if (inner === scope) inner = new Map(scope);
        (inner as Map<string, string>).set(name === 'xmlns' ? '' : name.slice(6), text);
      } else {
        attrs.set(splitQName(name)[1], text);
      }
    }
    const [prefix, local] = splitQName(key);
    const ns = inner.get(prefix);
    if (prefix !== '' && ns === undefined) throw new Refusal(`préfixe d’espace de noms « ${prefix} » non déclaré (élément ${key}).`);
    const children: XmlElement[] = [];
    const childTexts: string[] = [];
    toElements(node[key], inner, children, childTexts, depth + 1);
    out.push({ ns: ns || null, local, qname: key, attrs, children, text: childTexts.join('').trim() });
  }
}

/** fast-xml-parser's messages, said in French (the original kept when not foreseen). */
const PARSER_MESSAGES: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^Expected closing tag '([^']*)' \(opened in line (\d+)[^)]*\) instead of closing tag '([^']*)'/, (m) => `balise fermante </${m[3]}> au lieu de </${m[1]}> (ouverte ligne ${m[2]})`],
  [/^Unclosed tag '([^']*)'/, (m) => `élément ${m[1]} jamais fermé`],
  [/^Closing tag '([^']*)' (?:doesn't have proper closing|can't have attributes)/, (m) => `balise fermante </${m[1]}> mal écrite`],
  [/^Closing tag '([^']*)' has not been opened/, (m) => `balise fermante </${m[1]}> sans balise ouvrante`],
  [/^Attributes for '([^']*)' have open quote/, (m) => `guillemet d’attribut non fermé dans <${m[1]}>`],
  [/^Tag '([^']*)' is an invalid name/, (m) => `nom d’élément invalide « ${m[1]} »`],
  [/^char '(.*)' is not expected/, (m) => `caractère « ${m[1]} » inattendu`],
  [/^boolean attribute '([^']*)' is not allowed/, (m) => `attribut « ${m[1]} » sans valeur`],
  [/^Pi Tag is not closed/, () => 'instruction <?…?> non fermée'],
  [/^Maximum nested tags exceeded/, () => 'imbrication trop profonde'],
];

function inFrench(message: string): string {
  const msg = message.replace(/\s+/g, ' ').trim();
  for (const [pattern, say] of PARSER_MESSAGES) {
    const m = pattern.exec(msg);
    if (m) return say(m).slice(0, 200);
  }
  return `erreur de syntaxe (${msg.slice(0, 160)})`;
}

/** Parses the text: well-formed, one root, no DOCTYPE (so no entity can be declared). */
function parseXml(text: string): XmlElement {
  if (text.trim() === '') throw new Refusal('fichier vide.');
  if (/<!DOCTYPE/i.test(text)) {
    throw new Refusal(
      /<!ENTITY/i.test(text)
        ? 'déclaration d’entités XML (<!DOCTYPE … <!ENTITY …>) refusée : une facture électronique n’en contient jamais (protection contre les fichiers piégés).'
        : 'déclaration <!DOCTYPE> refusée : une facture électronique n’en contient pas.',
    );
  }
  if (!/^\s*</.test(text)) throw new Refusal('ce n’est pas un fichier XML.');
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (valid !== true) {
    const { line, msg } = valid.err;
    // The document stops with elements still open: the validator lists them ("Invalid '[…]' found").
    const open = /^Invalid '\[(.*)\]' found/s.exec(msg);
    if (open) {
      const names = [...open[1]!.matchAll(/"([^"]+)"/g)].map((m) => m[1]!);
      throw new Refusal(
        `XML incomplet (fichier tronqué ?) : ${names.length > 1 ? `éléments ${names.slice(-3).join(', ')} jamais fermés` : `élément ${names[0] ?? ''} jamais fermé`}.`,
        text.trimEnd().split('\n').length,
      );
    }
    const truncated = /unclosed|not closed|end of|EOF/i.test(msg) || !/>\s*$/.test(text);
    throw new Refusal(`${truncated ? 'XML incomplet (fichier tronqué ?)' : 'XML mal formé'} : ${inFrench(msg)}`, line);
  }
  let nodes: unknown;
  try {
    nodes = parser.parse(text);
  } catch (error) {
    // What the validator let through but the parser refuses (an unclosed processing instruction, its limits…).
    throw new Refusal(`XML mal formé : ${inFrench(String((error as Error)?.message ?? error))}`);
  }
  const roots: XmlElement[] = [];
  toElements(nodes, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]), roots, [], 0);
  if (roots.length !== 1) throw new Refusal(roots.length === 0 ? 'aucun élément XML.' : 'plusieurs éléments racine : ce n’est pas un document XML.');
  return roots[0]!;
}

type Syntax = { syntax: 'cii' } | { syntax: 'ubl'; root: 'Invoice' | 'CreditNote' };

/** Which e-invoice the root says it is, or why it is none. */
function syntaxOf(root: XmlElement): Syntax {
  if (root.local === 'CrossIndustryInvoice' && root.ns === NS.rsm) return { syntax: 'cii' };
  if (root.local === 'Invoice' && root.ns === NS.inv) return { syntax: 'ubl', root: 'Invoice' };
  if (root.local === 'CreditNote' && root.ns === NS.cn) return { syntax: 'ubl', root: 'CreditNote' };
  if (root.local === 'CrossIndustryDocument' && root.ns === ZUGFERD1_NS) {
    throw new Refusal('ZUGFeRD 1.0 (CrossIndustryDocument) : format ancien non pris en charge ; demandez un Factur-X ou un ZUGFeRD 2.');
  }
  if (['CrossIndustryInvoice', 'Invoice', 'CreditNote'].includes(root.local)) {
    throw new Refusal(`élément racine ${root.qname} dans l’espace de noms « ${root.ns ?? 'aucun'} » : ce n’est ni une facture CII (${NS.rsm}) ni une facture UBL (${NS.inv}).`);
  }
  throw new Refusal(`élément racine ${root.qname} : ni une facture CII (rsm:CrossIndustryInvoice) ni une facture UBL (Invoice, CreditNote).`);
}

// Paths are written with the usual prefixes (ram:ID) and resolved to namespaces: the file's own
// prefixes do not matter.
function step(spec: string): [string, string] {
  const [prefix, local] = splitQName(spec);
  return [NS[prefix as Prefix], local];
}

function all(from: XmlElement | null, path: string): XmlElement[] {
  if (!from) return [];
  let current = [from];
  for (const part of path.split('/')) {
    const [ns, local] = step(part);
    current = current.flatMap((e) => e.children.filter((c) => c.local === local && c.ns === ns));
    if (current.length === 0) break;
  }
  return current;
}

function first(from: XmlElement | null, path: string): XmlElement | null {
  return all(from, path)[0] ?? null;
}

function textAt(from: XmlElement | null, path: string): string | null {
  const value = first(from, path)?.text ?? '';
  return value === '' ? null : value;
}

// ——— Values ———

/** Problems found in one document, each naming its element. */
class Problems {
  readonly list: string[] = [];
  constructor(readonly rootPath: string) {}
  add(path: string | null, message: string) {
    this.list.push(path ? `${message} (${this.rootPath}/${path})` : message);
  }
}

/** An exact amount from an XML decimal ("1234.5", "-0.50", "100.1000"): cents, never rounded. */
function parseAmount(raw: string | null, path: string, label: string, problems: Problems): Cents | null {
  if (raw === null) return null;
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(raw.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) {
    problems.add(path, `${label} « ${raw.slice(0, 40)} » : ce n’est pas un montant`);
    return null;
  }
  const [, sign, whole, fraction = ''] = m as unknown as [string, string, string, string | undefined];
  if (/[1-9]/.test(fraction.slice(2))) {
    problems.add(path, `${label} « ${raw.slice(0, 40)} » : plus de deux décimales`);
    return null;
  }
  const digits = whole.replace(/^0+(?=\d)/, '');
  if (digits.length > 13) {
    problems.add(path, `${label} « ${raw.slice(0, 40)} » : montant trop grand`);
    return null;
  }
  const value = Number(digits || '0') * 100 + Number(fraction.slice(0, 2).padEnd(2, '0'));
  if (value > MAX_CENTS) {
    problems.add(path, `${label} « ${raw.slice(0, 40)} » : montant trop grand`);
    return null;
  }
  return cents(sign === '-' && value !== 0 ? -value : value);
}

/** CII udt:DateTimeString, format 102 (YYYYMMDD). */
function ciiDate(el: XmlElement | null, path: string, label: string, problems: Problems): IsoDate | null {
  const holder = first(el, path);
  if (!holder) return null;
  const format = holder.attrs.get('format') ?? '102';
  const raw = holder.text;
  if (raw === '') return null;
  if (format !== '102') {
    problems.add(path, `${label} : format de date ${format} non pris en charge (102, AAAAMMJJ, attendu)`);
    return null;
  }
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(raw);
  const iso = m ? `${m[1]}-${m[2]}-${m[3]}` : '';
  if (!isIsoDate(iso)) {
    problems.add(path, `${label} « ${raw.slice(0, 40)} » : date invalide (AAAAMMJJ attendu)`);
    return null;
  }
  return iso;
}

/** UBL xs:date (YYYY-MM-DD, an optional time zone is ignored). */
function ublDate(el: XmlElement | null, path: string, label: string, problems: Problems): IsoDate | null {
  const raw = textAt(el, path);
  if (raw === null) return null;
  const m = /^(\d{4}-\d{2}-\d{2})(?:Z|[+-]\d{2}:\d{2})?$/.exec(raw);
  if (!m || !isIsoDate(m[1])) {
    problems.add(path, `${label} « ${raw.slice(0, 40)} » : date invalide (AAAA-MM-JJ attendu)`);
    return null;
  }
  return m[1] as IsoDate;
}

const compactVat = (value: string) => compactIdentifier(value).replace(/-/g, '').toUpperCase();

interface RawIdentifier {
  value: string;
  scheme: string | null;
  path: string;
}

/**
 * SIREN and SIRET from the party's identifiers: scheme 0002 is a SIREN, 0009 a SIRET (ISO 6523
 * ICD); without a scheme, 9 or 14 digits of a French party are read as such. The SIREN is also
 * taken from the SIRET or a French VAT number when it is not given.
 */
function identify(
  ids: RawIdentifier[],
  vatRaw: string | null,
  country: string | null,
  who: string,
  problems: Problems,
): Pick<EInvoiceParty, 'siren' | 'siret' | 'vatNumber'> {
  let siren: string | null = null;
  let siret: string | null = null;
  const french = country === null || country === 'FR';
  for (const id of ids) {
    const value = compactIdentifier(id.value);
    if (id.scheme === '0002' || (id.scheme === null && french && /^\d{9}$/.test(value))) {
      if (isValidSiren(value)) siren ??= value;
      else if (id.scheme === '0002') problems.add(id.path, `SIREN ${who} invalide « ${id.value.slice(0, 40)} » (9 chiffres dont une clé de contrôle)`);
    } else if (id.scheme === '0009' || (id.scheme === null && french && /^\d{14}$/.test(value))) {
      if (isValidSiret(value)) siret ??= value;
      else if (id.scheme === '0009') problems.add(id.path, `SIRET ${who} invalide « ${id.value.slice(0, 40)} » (14 chiffres dont une clé de contrôle)`);
    }
  }
  const vatNumber = vatRaw ? compactVat(vatRaw) : null;
  if (!siren && siret) siren = siret.slice(0, 9);
  if (!siren && vatNumber && isValidFrenchVat(vatNumber)) siren = vatNumber.slice(4);
  return { siren, siret, vatNumber };
}

// ——— CII ———

const CII_TYPE_PATH = 'rsm:ExchangedDocument/ram:TypeCode';

function ciiParty(party: XmlElement | null, path: string, who: string, problems: Problems): EInvoiceParty {
  const address = first(party, 'ram:PostalTradeAddress');
  const country = textAt(address, 'ram:CountryID')?.toUpperCase() ?? null;
  const ids: RawIdentifier[] = [
    ...all(party, 'ram:SpecifiedLegalOrganization/ram:ID').map((e) => ({ value: e.text, scheme: e.attrs.get('schemeID') ?? null, path: `${path}/ram:SpecifiedLegalOrganization/ram:ID` })),
    ...all(party, 'ram:GlobalID').map((e) => ({ value: e.text, scheme: e.attrs.get('schemeID') ?? 'other', path: `${path}/ram:GlobalID` })),
  ].filter((id) => id.value !== '');
  const vat = all(party, 'ram:SpecifiedTaxRegistration/ram:ID').find((e) => (e.attrs.get('schemeID') ?? '').toUpperCase() === 'VA')?.text || null;
  return {
    name: textAt(party, 'ram:Name'),
    ...identify(ids, vat, country, who, problems),
    address: address
      ? {
          lines: ['ram:LineOne', 'ram:LineTwo', 'ram:LineThree'].map((p) => textAt(address, p)).filter((l): l is string => l !== null),
          postcode: textAt(address, 'ram:PostcodeCode'),
          city: textAt(address, 'ram:CityName'),
          country,
        }
      : null,
  };
}

/** TaxTotalAmount may be given twice (invoice currency and VAT accounting currency). */
function ciiTaxTotal(summation: XmlElement | null, currency: string | null): string | null {
  const amounts = all(summation, 'ram:TaxTotalAmount');
  const chosen = amounts.find((a) => a.attrs.get('currencyID') === currency) ?? amounts.find((a) => !a.attrs.has('currencyID')) ?? amounts[0];
  return chosen?.text || null;
}

interface Extracted {
  typeCode: string | null;
  typePath: string;
  number: string | null;
  numberPath: string;
  issueDate: IsoDate | null;
  issuePath: string;
  dueDate: IsoDate | null;
  paymentTerms: string | null;
  deliveryDate: IsoDate | null;
  currency: string | null;
  currencyPath: string;
  ht: Cents | null;
  tva: Cents | null;
  ttc: Cents | null;
  ttcPath: string;
  prepaid: Cents | null;
  rounding: Cents | null;
  due: Cents | null;
  seller: EInvoiceParty;
  buyer: EInvoiceParty;
  buyerPath: string;
  buyerReference: string | null;
  orderReference: string | null;
  preceding: string[];
  profile: string | null;
}

function extractCii(root: XmlElement, problems: Problems): Extracted {
  const agreementPath = 'rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement';
  const settlementPath = 'rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement';
  const agreement = first(root, agreementPath);
  const settlement = first(root, settlementPath);
  const summationPath = `${settlementPath}/ram:SpecifiedTradeSettlementHeaderMonetarySummation`;
  const summation = first(root, summationPath);
  const currency = textAt(settlement, 'ram:InvoiceCurrencyCode');
  const amount = (name: string, label: string) => parseAmount(textAt(summation, name), `${summationPath}/${name}`, label, problems);
  const terms = all(settlement, 'ram:SpecifiedTradePaymentTerms');
  let dueDate: IsoDate | null = null;
  for (const t of terms) {
    dueDate ??= ciiDate(t, 'ram:DueDateDateTime/udt:DateTimeString', 'échéance', problems);
  }
  const termsText = terms.map((t) => textAt(t, 'ram:Description')).filter((d): d is string => d !== null).join(' ');
  return {
    profile: textAt(root, 'rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID'),
    typeCode: textAt(root, CII_TYPE_PATH),
    typePath: CII_TYPE_PATH,
    number: textAt(root, 'rsm:ExchangedDocument/ram:ID'),
    numberPath: 'rsm:ExchangedDocument/ram:ID',
    issueDate: ciiDate(root, 'rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString', 'date de facture', problems),
    issuePath: 'rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString',
    dueDate,
    paymentTerms: termsText || null,
    deliveryDate: ciiDate(
      root,
      'rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeDelivery/ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime/udt:DateTimeString',
      'date de livraison',
      problems,
    ),
    currency,
    currencyPath: `${settlementPath}/ram:InvoiceCurrencyCode`,
    ht: amount('ram:TaxBasisTotalAmount', 'total HT'),
    tva: parseAmount(ciiTaxTotal(summation, currency), `${summationPath}/ram:TaxTotalAmount`, 'total TVA', problems),
    ttc: amount('ram:GrandTotalAmount', 'total TTC'),
    ttcPath: `${summationPath}/ram:GrandTotalAmount`,
    prepaid: amount('ram:TotalPrepaidAmount', 'acompte versé'),
    rounding: amount('ram:RoundingAmount', 'arrondi'),
    due: amount('ram:DuePayableAmount', 'montant à payer'),
    seller: ciiParty(first(agreement, 'ram:SellerTradeParty'), `${agreementPath}/ram:SellerTradeParty`, 'du vendeur', problems),
    buyer: ciiParty(first(agreement, 'ram:BuyerTradeParty'), `${agreementPath}/ram:BuyerTradeParty`, 'du client', problems),
    buyerPath: `${agreementPath}/ram:BuyerTradeParty/ram:Name`,
    buyerReference: textAt(agreement, 'ram:BuyerReference'),
    orderReference: textAt(agreement, 'ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID'),
    preceding: all(settlement, 'ram:InvoiceReferencedDocument/ram:IssuerAssignedID').map((e) => e.text).filter(Boolean),
  };
}

// ——— UBL ———

function ublParty(party: XmlElement | null, path: string, who: string, problems: Problems): EInvoiceParty {
  const address = first(party, 'cac:PostalAddress');
  const country = textAt(address, 'cac:Country/cbc:IdentificationCode')?.toUpperCase() ?? null;
  const ids: RawIdentifier[] = [
    ...all(party, 'cac:PartyLegalEntity/cbc:CompanyID').map((e) => ({ value: e.text, scheme: e.attrs.get('schemeID') ?? null, path: `${path}/cac:PartyLegalEntity/cbc:CompanyID` })),
    ...all(party, 'cac:PartyIdentification/cbc:ID').map((e) => ({ value: e.text, scheme: e.attrs.get('schemeID') ?? 'other', path: `${path}/cac:PartyIdentification/cbc:ID` })),
  ].filter((id) => id.value !== '');
  const schemes = all(party, 'cac:PartyTaxScheme');
  const vatScheme =
    schemes.find((s) => (textAt(s, 'cac:TaxScheme/cbc:ID') ?? '').toUpperCase() === 'VAT') ??
    schemes.find((s) => /^[A-Z]{2}/i.test(textAt(s, 'cbc:CompanyID') ?? '') && textAt(s, 'cac:TaxScheme/cbc:ID') === null);
  return {
    name: textAt(party, 'cac:PartyLegalEntity/cbc:RegistrationName') ?? textAt(party, 'cac:PartyName/cbc:Name'),
    ...identify(ids, textAt(vatScheme ?? null, 'cbc:CompanyID'), country, who, problems),
    address: address
      ? {
          lines: [textAt(address, 'cbc:StreetName'), textAt(address, 'cbc:AdditionalStreetName'), ...all(address, 'cac:AddressLine/cbc:Line').map((l) => l.text)].filter(
            (l): l is string => !!l,
          ),
          postcode: textAt(address, 'cbc:PostalZone'),
          city: textAt(address, 'cbc:CityName'),
          country,
        }
      : null,
  };
}

function extractUbl(root: XmlElement, rootName: 'Invoice' | 'CreditNote', problems: Problems): Extracted {
  const typeName = rootName === 'Invoice' ? 'cbc:InvoiceTypeCode' : 'cbc:CreditNoteTypeCode';
  const currency = textAt(root, 'cbc:DocumentCurrencyCode');
  const totalPath = 'cac:LegalMonetaryTotal';
  const total = first(root, totalPath);
  const amount = (name: string, label: string) => parseAmount(textAt(total, name), `${totalPath}/${name}`, label, problems);
  // One TaxTotal per currency: the one in the document's currency.
  const taxTotals = all(root, 'cac:TaxTotal');
  const taxAmount =
    taxTotals.map((t) => first(t, 'cbc:TaxAmount')).find((a) => a !== null && a.attrs.get('currencyID') === currency) ?? first(taxTotals[0] ?? null, 'cbc:TaxAmount');
  return {
    profile: textAt(root, 'cbc:CustomizationID'),
    typeCode: textAt(root, typeName),
    typePath: typeName,
    number: textAt(root, 'cbc:ID'),
    numberPath: 'cbc:ID',
    issueDate: ublDate(root, 'cbc:IssueDate', 'date de facture', problems),
    issuePath: 'cbc:IssueDate',
    dueDate:
      ublDate(root, 'cbc:DueDate', 'échéance', problems) ??
      all(root, 'cac:PaymentMeans').reduce<IsoDate | null>((found, m) => found ?? ublDate(m, 'cbc:PaymentDueDate', 'échéance', problems), null),
    paymentTerms: all(root, 'cac:PaymentTerms/cbc:Note').map((n) => n.text).filter(Boolean).join(' ') || null,
    deliveryDate: all(root, 'cac:Delivery').reduce<IsoDate | null>((found, d) => found ?? ublDate(d, 'cbc:ActualDeliveryDate', 'date de livraison', problems), null),
    currency,
    currencyPath: 'cbc:DocumentCurrencyCode',
    ht: amount('cbc:TaxExclusiveAmount', 'total HT'),
    tva: parseAmount(taxAmount?.text || null, 'cac:TaxTotal/cbc:TaxAmount', 'total TVA', problems),
    ttc: amount('cbc:TaxInclusiveAmount', 'total TTC'),
    ttcPath: `${totalPath}/cbc:TaxInclusiveAmount`,
    prepaid: amount('cbc:PrepaidAmount', 'acompte versé'),
    rounding: amount('cbc:PayableRoundingAmount', 'arrondi'),
    due: amount('cbc:PayableAmount', 'montant à payer'),
    seller: ublParty(first(root, 'cac:AccountingSupplierParty/cac:Party'), 'cac:AccountingSupplierParty/cac:Party', 'du vendeur', problems),
    buyer: ublParty(first(root, 'cac:AccountingCustomerParty/cac:Party'), 'cac:AccountingCustomerParty/cac:Party', 'du client', problems),
    buyerPath: 'cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName',
    buyerReference: textAt(root, 'cbc:BuyerReference'),
    orderReference: textAt(root, 'cac:OrderReference/cbc:ID'),
    preceding: all(root, 'cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID').map((e) => e.text).filter(Boolean),
  };
}

// ——— One document ———

const INVOICE_CODES: Record<string, EInvoiceDocumentType> = { '380': 'invoice', '389': 'invoice', '381': 'credit_note' };
const REFUSED_CODES: Record<string, string> = {
  '384': 'facture rectificative',
  '386': 'facture d’acompte',
  '383': 'note de débit',
  '261': 'avoir autofacturé',
  '262': 'avoir global',
  '393': 'facture affacturée',
  '396': 'avoir affacturé',
  '751': 'information de facture pour la comptabilité',
};

/** The document's fields, checked; every problem is named at once. */
function readDocument(root: XmlElement, fileName: string, kind: EInvoiceKind, xmlName: string | null): EInvoice {
  const syntax = syntaxOf(root);
  const problems = new Problems(`/${root.qname}`);
  const x = syntax.syntax === 'cii' ? extractCii(root, problems) : extractUbl(root, syntax.root, problems);

  let documentType: EInvoiceDocumentType | null = null;
  if (x.typeCode === null) problems.add(x.typePath, 'type de document manquant (380 facture, 381 avoir)');
  else {
    documentType = INVOICE_CODES[x.typeCode] ?? null;
    if (!documentType) {
      const label = REFUSED_CODES[x.typeCode];
      problems.add(x.typePath, `type de document ${x.typeCode.slice(0, 10)}${label ? ` (${label})` : ''} non pris en charge : seules les factures (380, 389) et les avoirs (381) s’importent`);
    }
  }
  if (x.number === null) problems.add(x.numberPath, 'numéro de facture manquant');
  else if (x.number.length > 40) problems.add(x.numberPath, `numéro « ${x.number.slice(0, 40)}… » : 40 caractères au plus`);
  if (x.issueDate === null && !problems.list.some((p) => p.includes(x.issuePath))) problems.add(x.issuePath, 'date de facture manquante');
  if (x.currency === null) problems.add(x.currencyPath, 'devise manquante');
  else if (x.currency.toUpperCase() !== 'EUR') problems.add(x.currencyPath, `facture en ${x.currency.slice(0, 10)} : seules les factures en euros (EUR) s’importent`);
  if (!x.buyer.name) problems.add(x.buyerPath, 'nom du client (acheteur) manquant');
  else if (x.buyer.name.length > 120) problems.add(x.buyerPath, 'nom du client : 120 caractères au plus');

  // Totals: TTC is mandatory; HT + TVA = TTC; TTC − acompte + arrondi = à payer.
  if (x.ttc === null && !problems.list.some((p) => p.includes(x.ttcPath))) problems.add(x.ttcPath, 'total TTC manquant');
  const { ttc, ht } = x;
  let { tva } = x;
  if (ttc !== null) {
    if (ttc < 0) problems.add(x.ttcPath, `total TTC négatif (${formatEuros(ttc)})${documentType === 'invoice' ? ' : une facture négative est un avoir' : ''}`);
    if (ht !== null && ht < 0) problems.add(null, `total HT négatif (${formatEuros(ht)})`);
    if (tva !== null && tva < 0) problems.add(null, `total TVA négatif (${formatEuros(tva)})`);
    if (ht !== null && tva === null && ht <= ttc) tva = cents(ttc - ht);
    if (ht !== null && tva !== null && ht + tva !== ttc) {
      problems.add(null, `totaux incohérents : HT ${formatEuros(ht)} + TVA ${formatEuros(tva)} ≠ TTC ${formatEuros(ttc)}`);
    }
    if (x.prepaid !== null && (x.prepaid < 0 || x.prepaid > ttc)) problems.add(null, `acompte versé ${formatEuros(x.prepaid)} : entre 0 et le TTC (${formatEuros(ttc)})`);
    if (x.due !== null && x.due !== ttc - (x.prepaid ?? 0) + (x.rounding ?? 0)) {
      problems.add(null, `montant à payer ${formatEuros(x.due)} ≠ TTC ${formatEuros(ttc)}${x.prepaid ? ` − acompte ${formatEuros(x.prepaid)}` : ''}${x.rounding ? ` + arrondi ${formatEuros(x.rounding)}` : ''}`);
    }
  }
  if (x.issueDate && x.dueDate && x.dueDate < x.issueDate) {
    problems.add(null, `échéance du ${formatDateFr(x.dueDate)} antérieure à la date de facture (${formatDateFr(x.issueDate)})`);
  }
  if (problems.list.length > 0) throw new Refusal(problems.list.join(' ; '));

  return {
    fileName,
    kind,
    syntax: syntax.syntax,
    xmlName,
    profile: x.profile,
    typeCode: x.typeCode!,
    documentType: documentType!,
    number: x.number!,
    issueDate: x.issueDate!,
    dueDate: x.dueDate,
    paymentTerms: x.paymentTerms,
    deliveryDate: x.deliveryDate,
    currency: 'EUR',
    totals: { htCents: ht, tvaCents: tva, ttcCents: ttc!, prepaidCents: x.prepaid, dueCents: x.due },
    seller: x.seller,
    buyer: { ...x.buyer, name: x.buyer.name! },
    buyerReference: x.buyerReference,
    orderReference: x.orderReference,
    precedingInvoiceNumbers: [...new Set(x.preceding)],
  };
}

// ——— PDF: the embedded XML ———

const KNOWN_XML_NAMES = ['factur-x.xml', 'zugferd-invoice.xml', 'xrechnung.xml'];

/** Finds the invoice XML inside a Factur-X / ZUGFeRD PDF (EmbeddedFiles name tree and the catalog's AF). */
async function embeddedInvoiceXml(bytes: Buffer): Promise<{ name: string; xml: Uint8Array }> {
  const lib = await import('pdf-lib');
  const { PDFDocument } = lib;
  let doc: Awaited<ReturnType<typeof PDFDocument.load>>;
  try {
    doc = await PDFDocument.load(bytes, { updateMetadata: false });
  } catch (error) {
    if (/encrypt/i.test(String((error as Error)?.message))) throw new Refusal('PDF protégé par un mot de passe : la facture électronique intégrée ne peut être lue.');
    throw new Refusal('PDF illisible (abîmé ou incomplet).');
  }
  try {
    return findInvoiceXml(doc, lib);
  } catch (error) {
    if (error instanceof Refusal) throw error;
    // pdf-lib recovered what it could of a damaged file, but its structure does not hold.
    throw new Refusal('PDF illisible (structure abîmée).');
  }
}

function findInvoiceXml(doc: import('pdf-lib').PDFDocument, lib: typeof import('pdf-lib')): { name: string; xml: Uint8Array } {
  const { PDFName, PDFDict, PDFArray, PDFNumber, PDFString, PDFHexString, PDFRawStream, decodePDFRawStream } = lib;
  const textOf = (o: unknown): string | null => (o instanceof PDFString || o instanceof PDFHexString ? o.decodeText() : null);
  const catalog: unknown = doc.catalog;
  if (!(catalog instanceof PDFDict)) throw new Refusal('PDF illisible (catalogue absent : fichier abîmé ou incomplet).');

  const specs: { key: string | null; spec: PdfDict }[] = [];
  const seen = new Set<unknown>();
  const walk = (node: unknown, depth: number) => {
    if (!(node instanceof PDFDict) || depth > 32 || seen.has(node)) return;
    seen.add(node);
    const names = node.lookup(PDFName.of('Names'));
    if (names instanceof PDFArray) {
      for (let i = 0; i + 1 < names.size(); i += 2) {
        const spec = names.lookup(i + 1);
        if (spec instanceof PDFDict) specs.push({ key: textOf(names.lookup(i)), spec });
      }
    }
    const kids = node.lookup(PDFName.of('Kids'));
    if (kids instanceof PDFArray) for (let i = 0; i < kids.size(); i++) walk(kids.lookup(i), depth + 1);
  };
  const catalogNames = catalog.lookup(PDFName.of('Names'));
  if (catalogNames instanceof PDFDict) walk(catalogNames.lookup(PDFName.of('EmbeddedFiles')), 0);
  const af = catalog.lookup(PDFName.of('AF'));
  if (af instanceof PDFArray) {
    for (let i = 0; i < af.size(); i++) {
      const spec = af.lookup(i);
      if (spec instanceof PDFDict) specs.push({ key: null, spec });
    }
  }

  const files: { name: string; stream: PdfRawStream }[] = [];
  const streams = new Set<unknown>();
  for (const { key, spec } of specs) {
    const ef = spec.lookup(PDFName.of('EF'));
    if (!(ef instanceof PDFDict)) continue;
    const stream = ef.lookup(PDFName.of('UF')) ?? ef.lookup(PDFName.of('F'));
    if (!(stream instanceof PDFRawStream) || streams.has(stream)) continue;
    streams.add(stream);
    const name = textOf(spec.lookup(PDFName.of('UF'))) ?? textOf(spec.lookup(PDFName.of('F'))) ?? key ?? '';
    files.push({ name: name.split(/[\\/]/).pop() ?? name, stream });
  }

  // Only filters whose output is bounded: Flate is inflated with a cap (no zip bomb), the ASCII
  // encodings shrink; LZW and RunLength (unbounded expansion) never appear in Factur-X files.
  const contentOf = (stream: PdfRawStream): Uint8Array => {
    const filter = stream.dict.lookup(PDFName.of('Filter'));
    const filters = filter === undefined ? [] : filter instanceof PDFArray ? filter.asArray() : [filter];
    const names = filters.map((f) => (f instanceof PDFName ? f.decodeText() : '?'));
    const parms = stream.dict.lookup(PDFName.of('DecodeParms'));
    const predictor = parms instanceof PDFDict ? parms.lookup(PDFName.of('Predictor')) : undefined;
    const plain = predictor === undefined || (predictor instanceof PDFNumber && predictor.asNumber() <= 1);
    let out: Uint8Array;
    try {
      if (names.length === 0) out = stream.contents;
      else if (names.length === 1 && names[0] === 'FlateDecode' && plain) {
        out = inflateSync(stream.contents, { maxOutputLength: XML_MAX_BYTES + 1 });
      } else if (names.every((n) => n === 'ASCIIHexDecode' || n === 'ASCII85Decode')) out = decodePDFRawStream(stream).decode();
      else throw new Refusal(`fichier XML intégré codé en ${names.join(' + ')} : codage non pris en charge (FlateDecode attendu).`);
    } catch (error) {
      if (error instanceof Refusal) throw error;
      if (error instanceof RangeError) throw new Refusal('fichier XML intégré trop volumineux (10 Mo au plus).');
      throw new Refusal('fichier XML intégré illisible (flux PDF abîmé).');
    }
    if (out.length > XML_MAX_BYTES) throw new Refusal('fichier XML intégré trop volumineux (10 Mo au plus).');
    return out;
  };

  for (const known of KNOWN_XML_NAMES) {
    const file = files.find((f) => f.name.toLowerCase() === known);
    if (file) return { name: file.name, xml: contentOf(file.stream) };
  }
  const xmlFiles = files.filter((f) => /\.xml$/i.test(f.name));
  for (const file of xmlFiles) {
    const xml = contentOf(file.stream);
    const head = Buffer.from(xml.subarray(0, 4096)).toString('latin1');
    if (/<(?:[A-Za-z_][\w.-]*:)?CrossIndustryInvoice[\s>/]/.test(head)) return { name: file.name, xml };
  }
  throw new Refusal(
    xmlFiles.length > 0
      ? `PDF sans facture électronique intégrée : ce n’est pas un Factur-X (fichier${xmlFiles.length > 1 ? 's' : ''} joint${xmlFiles.length > 1 ? 's' : ''} ${xmlFiles.map((f) => `« ${f.name} »`).join(', ')} sans facture CII).`
      : 'PDF sans facture électronique intégrée : ce n’est pas un Factur-X.',
  );
}

// ——— Reading a file ———

/** By the bytes: an XML starts with « < » (after a byte-order mark and blanks); a PDF has its header in its first 1 024 bytes. */
function sniff(bytes: Buffer): 'pdf' | 'xml' | null {
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  else if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return 'xml';
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  if (bytes[i] === 0x3c) return 'xml';
  return bytes.subarray(0, 1024).includes('%PDF-') ? 'pdf' : null;
}

const baseName = (name: string) => name.split(/[\\/]/).pop() || name;

const UNEXPECTED = 'fichier illisible (erreur inattendue à la lecture) : signalez-le en joignant le fichier.';

const KIND_LABELS: Record<EInvoiceKind, string> = { facturx: 'Factur-X (PDF)', cii: 'XML CII', ubl: 'XML UBL' };

/**
 * Reads one e-invoice: a Factur-X / ZUGFeRD PDF (its embedded CII XML), or a CII or UBL XML
 * file. The kind is detected from the bytes when not given; a given kind must match them.
 * Throws EInvoiceError (an AppError 'VALIDATION') with the reason in French, naming the XML
 * element when one is at fault; never anything else.
 */
export async function readEInvoice(bytes: Buffer, fileName: string, kind?: EInvoiceKind): Promise<EInvoice> {
  try {
    if (bytes.length === 0) throw new Refusal('fichier vide.');
    if (bytes.length > EINVOICE_MAX_BYTES) throw new Refusal(`fichier de ${(bytes.length / 1024 / 1024).toFixed(1).replace('.', ',')} Mo : 20 Mo au plus.`);
    const found = sniff(bytes);
    if (kind === 'facturx' && found !== 'pdf') throw new Refusal('ce n’est pas un PDF : un Factur-X est un PDF qui contient la facture en XML.');
    if ((kind === 'cii' || kind === 'ubl') && found !== 'xml') {
      throw new Refusal(found === 'pdf' ? `c’est un PDF, pas un fichier ${KIND_LABELS[kind]} (pour un Factur-X, importez-le comme tel).` : `ce n’est pas un fichier XML (${KIND_LABELS[kind]} attendu).`);
    }
    if (found === null) throw new Refusal('ni un PDF ni un fichier XML : ce n’est pas une facture électronique.');
    if (found === 'pdf') {
      if (!bytes.subarray(-1024).includes('%%EOF')) throw new Refusal('PDF tronqué ou incomplet (sans marque de fin %%EOF).');
      const reason = await pdfRefusal(bytes);
      if (reason !== null) throw new Refusal(`PDF refusé : ${reason} (fichier piégé ou abîmé) : il n’a pas été ouvert.`);
      const { name, xml } = await embeddedInvoiceXml(bytes);
      try {
        return readDocument(parseXml(decodeXmlBytes(xml)), fileName, 'facturx', name);
      } catch (error) {
        if (error instanceof Refusal) throw new Refusal(`${name} intégré${error.line !== null ? `, ligne ${error.line}` : ''} : ${error.reason}`);
        throw error;
      }
    }
    if (bytes.length > XML_MAX_BYTES) throw new Refusal('fichier XML trop volumineux (10 Mo au plus).');
    const root = parseXml(decodeXmlBytes(bytes));
    const syntax = syntaxOf(root).syntax;
    if (kind && kind !== syntax) {
      throw new Refusal(`${KIND_LABELS[kind]} attendu, mais c’est un ${KIND_LABELS[syntax]} (élément racine ${root.qname}).`);
    }
    return readDocument(root, fileName, syntax, null);
  } catch (error) {
    if (error instanceof EInvoiceError) throw error;
    if (error instanceof Refusal) throw new EInvoiceError(fileName, error.reason, error.line);
    // Not foreseen: still a refusal (nothing is written), worded so that it gets reported.
    throw new EInvoiceError(fileName, UNEXPECTED);
  }
}

// ——— Against the books ———

interface ExistingClient {
  id: number;
  name: string;
  siren: string | null;
  vat_number: string | null;
  archived_at: string | null;
  terms_mode: 'net' | 'eom45';
  terms_days: number | null;
}

type ClientTarget =
  | { type: 'existing'; id: number; name: string; siren: string | null; vat: string | null; archived: boolean; terms: PaymentTerms }
  | { type: 'new'; index: number; name: string; siren: string | null; vat: string | null; terms: PaymentTerms };

interface Read {
  file: string;
  rank: number;
  bytes: Buffer;
  e: EInvoice;
}

interface PlannedInvoice {
  read: Read;
  client: ClientTarget;
  data: Omit<InvoiceData, 'clientId'>;
  prepaidCents: number;
}

type InvoiceTarget = { type: 'existing'; id: number; clientId: number; number: string; dueDate: IsoDate } | { type: 'new'; index: number; number: string; dueDate: IsoDate };

interface PlannedCreditNote {
  read: Read;
  invoice: InvoiceTarget;
  clientName: string;
  amountCents: number;
}

interface Resolution {
  errors: ImportError[];
  warnings: string[];
  newClients: { data: ClientData; read: Read }[];
  existingClientIds: Set<number>;
  invoices: PlannedInvoice[];
  creditNotes: PlannedCreditNote[];
  skipped: number;
}

const termsLabel = (t: PaymentTerms) => (t.mode === 'eom45' ? '45 jours fin de mois' : `${t.days} jours`);

/** NF Z10-011 lines from the postal address: L1 the name, L3 a complement, L4 the street, L5 BP/CS/lieu-dit, L6 postcode and city. */
function addressLines(name: string, address: EInvoiceAddress | null, country: string): { lines: AddressLines | null; note: string | null } {
  if (!address || (address.lines.length === 0 && !address.city)) return { lines: null, note: 'adresse absente de la facture : à compléter sur la fiche du client' };
  const fit = (value: string) => {
    const clean = value.replace(/\s+/g, ' ').trim();
    if (clean.length <= ADDRESS_LINE_MAX) return clean;
    const cut = clean.slice(0, ADDRESS_LINE_MAX + 1);
    return (cut.lastIndexOf(' ') > 20 ? cut.slice(0, cut.lastIndexOf(' ')) : clean.slice(0, ADDRESS_LINE_MAX)).trim();
  };
  const lines: AddressLines = [fit(name), '', '', '', '', ''];
  const shortened = [name, ...address.lines].some((l) => l.replace(/\s+/g, ' ').trim().length > ADDRESS_LINE_MAX);
  const [street, ...rest] = address.lines;
  let dropped = false;
  if (street) lines[3] = fit(street);
  for (const extra of rest) {
    const slot = /^(BP|B\.P\.|CS|TSA|lieu[- ]dit)\b/i.test(extra.trim()) ? 4 : lines[2] === '' ? 2 : 4;
    if (lines[slot] === '') lines[slot] = fit(extra);
    else if (lines[4] === '') lines[4] = fit(extra);
    else dropped = true;
  }
  const city = stripAccents(address.city ?? '').toUpperCase().replace(/[^A-Z0-9' -]+/g, ' ').replace(/\s+/g, ' ').trim();
  const postcode = (address.postcode ?? '').replace(/\s+/g, '');
  if (country === 'FR' && (!/^\d{5}$/.test(postcode) || city === '')) {
    return { lines: null, note: `adresse non reprise (code postal « ${address.postcode ?? ''} » ou ville « ${address.city ?? ''} » inutilisable) : à compléter sur la fiche du client` };
  }
  lines[5] = fit([postcode, city].filter(Boolean).join(' '));
  if (lines[5] === '') return { lines: null, note: 'adresse sans ville : à compléter sur la fiche du client' };
  const notes = [
    shortened ? `adresse raccourcie à ${ADDRESS_LINE_MAX} caractères par ligne (norme postale)` : null,
    dropped ? 'une ligne d’adresse en trop non reprise' : null,
  ].filter(Boolean);
  return { lines, note: notes.length ? `${notes.join(', ')} : vérifiez-la sur la fiche du client` : null };
}

function newClientData(e: EInvoice, terms: PaymentTerms): { data: ClientData | null; problem: string | null; note: string | null } {
  const country = e.buyer.address?.country && /^[A-Z]{2}$/.test(e.buyer.address.country) ? e.buyer.address.country : 'FR';
  const base = (address: AddressLines | null): ClientInput => ({
    kind: 'business',
    name: e.buyer.name,
    siren: e.buyer.siren,
    siret: e.buyer.siret,
    vatNumber: e.buyer.vatNumber,
    address: address ?? [],
    country,
    contacts: [],
    paymentTerms: terms,
  });
  const { lines, note } = addressLines(e.buyer.name, e.buyer.address, country);
  const first = validateClient(base(lines));
  if (first.ok) return { data: first.value, problem: null, note };
  if (lines) {
    // The address alone is at fault: the client is still created, its address left to complete.
    const bare = validateClient(base(null));
    if (bare.ok) return { data: bare.value, problem: null, note: 'adresse non conforme à la norme postale, non reprise : à compléter sur la fiche du client' };
  }
  return { data: null, problem: `client « ${e.buyer.name} » à créer : ${first.message.replace(/ \(colonne [^)]*\)/g, '')}`, note: null };
}

function companySiren(company: { siren: string | null; vatNumber: string | null }): string | null {
  if (company.siren) return company.siren;
  const vat = company.vatNumber ? compactVat(company.vatNumber) : null;
  return vat && isValidFrenchVat(vat) ? vat.slice(4) : null;
}

const describeParty = (p: EInvoiceParty) =>
  `« ${p.name ?? 'sans nom'} »${p.siren ? ` (SIREN ${p.siren})` : p.vatNumber ? ` (TVA ${p.vatNumber})` : ''}`;

function resolve(ctx: CoreContext, reads: Read[], readErrors: ImportError[]): Resolution {
  const { db } = ctx;
  const errors = [...readErrors];
  const warnings: string[] = [];
  const newClients: Resolution['newClients'] = [];
  const existingClientIds = new Set<number>();
  const invoices: PlannedInvoice[] = [];
  const creditNotes: PlannedCreditNote[] = [];
  let skipped = 0;
  const refuse = (r: Read, message: string) => errors.push({ file: r.file, line: null, message });

  const company = ctx.repos.company.get();
  const ourSiren = company ? companySiren(company) : null;
  const ourVat = company?.vatNumber ? compactVat(company.vatNumber) : null;
  const companyTerms: PaymentTerms = { mode: 'net', days: company?.paymentTermsDays ?? 30 };
  const reading = ctx.repos.settings.get().eom45Reading;

  // Clients, indexed by SIREN, VAT number and folded name.
  const bySiren = new Map<string, ClientTarget[]>();
  const byVat = new Map<string, ClientTarget[]>();
  const byName = new Map<string, ClientTarget[]>();
  const existingById = new Map<number, ClientTarget>();
  const index = (t: ClientTarget) => {
    if (t.type === 'existing') existingById.set(t.id, t);
    for (const [map, key] of [
      [bySiren, t.siren],
      [byVat, t.vat],
      [byName, fold(t.name)],
    ] as const) {
      if (!key) continue;
      const list = map.get(key);
      if (list) list.push(t);
      else map.set(key, [t]);
    }
  };
  for (const c of db.prepare('SELECT id, name, siren, vat_number, archived_at, terms_mode, terms_days FROM clients ORDER BY id').all() as ExistingClient[]) {
    index({
      type: 'existing',
      id: c.id,
      name: c.name,
      siren: c.siren,
      vat: c.vat_number ? compactVat(c.vat_number) : null,
      archived: c.archived_at !== null,
      terms: c.terms_mode === 'eom45' ? { mode: 'eom45' } : { mode: 'net', days: c.terms_days ?? 30 },
    });
  }
  /** A client whose SIREN or VAT number says it is someone else never matches. */
  const conflicts = (buyer: EInvoiceParty, t: ClientTarget) => (buyer.siren && t.siren && buyer.siren !== t.siren) || (buyer.vatNumber && t.vat && buyer.vatNumber !== t.vat);
  const match = (buyer: EInvoiceParty & { name: string }): { target: ClientTarget; by: 'siren' | 'vat' | 'name' } | { ambiguous: string } | null => {
    for (const [map, key, label, by] of [
      [bySiren, buyer.siren, `le SIREN ${buyer.siren}`, 'siren'],
      [byVat, buyer.vatNumber, `le numéro de TVA ${buyer.vatNumber}`, 'vat'],
      [byName, fold(buyer.name), `le nom « ${buyer.name} »`, 'name'],
    ] as const) {
      if (!key) continue;
      const list = (map.get(key) ?? []).filter((t) => !conflicts(buyer, t));
      if (list.length === 1) return { target: list[0]!, by };
      if (list.length > 1) return { ambiguous: `plusieurs clients ont ${label} : impossible de choisir` };
    }
    return null;
  };
  const clientName = (t: ClientTarget) => (t.type === 'existing' ? t.name : newClients[t.index]!.data.name);
  const sameClient = (a: ClientTarget, b: ClientTarget) => a.type === b.type && (a.type === 'existing' ? a.id === (b as { id: number }).id : a.index === (b as { index: number }).index);

  const invoiceByNumber = db.prepare(`
    SELECT i.id, i.client_id, i.issue_date, i.due_date, i.amount_ht_cents, i.amount_tva_cents, i.amount_ttc_cents, c.name AS client_name,
      i.amount_ttc_cents
        - COALESCE((SELECT SUM(n.amount_ttc_cents) FROM credit_notes n WHERE n.invoice_id = i.id), 0)
        - COALESCE((SELECT SUM(a.amount_cents) FROM payment_allocations a WHERE a.invoice_id = i.id), 0) AS balance
    FROM invoices i JOIN clients c ON c.id = i.client_id WHERE i.number = ?`);
  type DbInvoice = {
    id: number;
    client_id: number;
    issue_date: IsoDate;
    due_date: IsoDate;
    amount_ht_cents: number | null;
    amount_tva_cents: number | null;
    amount_ttc_cents: number;
    client_name: string;
    balance: number;
  };
  const creditNoteByNumber = db.prepare('SELECT n.invoice_id, n.amount_ttc_cents, i.number AS invoice_number FROM credit_notes n JOIN invoices i ON i.id = n.invoice_id WHERE n.number = ?');
  const sameAmounts = (e: EInvoice, ttc: number, ht: number | null, tva: number | null) =>
    e.totals.ttcCents === ttc && (ht === null || e.totals.htCents === null || ht === e.totals.htCents) && (tva === null || e.totals.tvaCents === null || tva === e.totals.tvaCents);

  const sellerProblem = (e: EInvoice): string | null => {
    if (!company || (!ourSiren && !ourVat)) {
      return 'votre entreprise n’a ni SIREN ni numéro de TVA enregistré (Paramètres → Votre entreprise) : impossible de vérifier que vous êtes le vendeur de cette facture';
    }
    const s = e.seller;
    if (s.siren && ourSiren) return s.siren === ourSiren ? null : `facture d’achat : le vendeur ${describeParty(s)} n’est pas votre entreprise (SIREN ${ourSiren})`;
    if (s.vatNumber && ourVat) return s.vatNumber === ourVat ? null : `facture d’achat : le vendeur ${describeParty(s)} n’est pas votre entreprise (TVA ${ourVat})`;
    return `le vendeur ${describeParty(s)} n’est identifié ni par un SIREN ni par un numéro de TVA comparables aux vôtres : impossible de vérifier que c’est votre entreprise`;
  };

  // 1. Invoices, so that a credit note may name an invoice of the same batch whatever the order.
  const batchInvoices = new Map<string, number>();
  for (const r of reads.filter((x) => x.e.documentType === 'invoice')) {
    const { e } = r;
    const seller = sellerProblem(e);
    if (seller) {
      refuse(r, seller);
      continue;
    }
    const problems: string[] = [];
    const found = match(e.buyer);
    let client: ClientTarget | null = null;
    let newData: ClientData | null = null;
    let clientNote: string | null = null;
    if (found && 'ambiguous' in found) problems.push(found.ambiguous);
    else if (found) {
      client = found.target;
      if (found.by === 'name' && (e.buyer.siren || e.buyer.vatNumber) && client.type === 'existing') {
        clientNote = `client « ${client.name} » reconnu par son nom : son ${e.buyer.siren ? `SIREN (${e.buyer.siren})` : `numéro de TVA (${e.buyer.vatNumber})`} n’est pas sur sa fiche, ajoutez-le`;
      }
      if (client.type === 'existing' && client.archived) problems.push(`le client « ${client.name} » est archivé : restaurez-le avant de lui importer des factures`);
    } else {
      const made = newClientData(e, companyTerms);
      if (made.problem) problems.push(made.problem);
      newData = made.data;
      clientNote = made.note;
    }

    // Already in the books (or earlier in this batch)? Identical: skipped; otherwise refused.
    const existing = invoiceByNumber.get(e.number) as DbInvoice | undefined;
    if (existing) {
      const same = client?.type === 'existing' && client.id === existing.client_id && existing.issue_date === e.issueDate && sameAmounts(e, existing.amount_ttc_cents, existing.amount_ht_cents, existing.amount_tva_cents);
      if (same && problems.length === 0) {
        skipped++;
        warnings.push(`${r.file} : facture ${e.number} déjà importée (même client, même date, mêmes montants) : laissée telle quelle.`);
        continue;
      }
      problems.push(
        `facture ${e.number} déjà dans Recouvra (client « ${existing.client_name} », ${formatEuros(cents(existing.amount_ttc_cents))} TTC du ${formatDateFr(existing.issue_date)}) ${
          client?.type === 'existing' && client.id === existing.client_id ? 'avec d’autres montants ou une autre date' : 'pour un autre client'
        } : numéro déjà utilisé`,
      );
    }
    const inBatch = batchInvoices.get(e.number);
    if (inBatch !== undefined) {
      const other = invoices[inBatch]!;
      const sameTarget = client && sameClient(client, other.client);
      if (sameTarget && problems.length === 0 && other.read.e.issueDate === e.issueDate && sameAmounts(e, other.read.e.totals.ttcCents, other.read.e.totals.htCents, other.read.e.totals.tvaCents)) {
        skipped++;
        warnings.push(`${r.file} : même facture ${e.number} que « ${other.read.file} » : importée une seule fois.`);
        continue;
      }
      problems.push(`numéro de facture ${e.number} déjà présent dans « ${other.read.file} »`);
    }
    if (problems.length > 0 || (!client && !newData)) {
      refuse(r, problems.join(' ; '));
      continue;
    }

    const terms = client ? client.terms : companyTerms;
    let dueDate = e.dueDate;
    if (!dueDate) {
      dueDate = dueDateFor(e.issueDate, terms, reading);
      warnings.push(
        `${r.file} : pas d’échéance dans la facture${e.paymentTerms ? ` (conditions : « ${e.paymentTerms.slice(0, 120)} »)` : ''} ; échéance calculée avec les conditions ${
          client ? 'du client' : 'de votre entreprise'
        } (${termsLabel(terms)}) : ${formatDateFr(dueDate)}.`,
      );
    }
    let reference = e.orderReference ?? e.buyerReference;
    if (reference && reference.length > 80) {
      warnings.push(`${r.file} : référence « ${reference.slice(0, 40)}… » raccourcie à 80 caractères.`);
      reference = reference.slice(0, 80);
    }
    const data = invoiceInputSchema.safeParse({
      clientId: 1,
      number: e.number,
      issueDate: e.issueDate,
      deliveryDate: e.deliveryDate,
      dueDate,
      amountHtCents: e.totals.htCents,
      amountTvaCents: e.totals.tvaCents,
      amountTtcCents: e.totals.ttcCents,
      reference,
      description: `Facture électronique importée (${KIND_LABELS[e.kind]}) : ${baseName(r.file).slice(0, 200)}`,
    });
    if (!data.success) {
      refuse(r, data.error.issues.map((i) => i.message.replace(/\.$/, '')).join(' ; '));
      continue;
    }
    if (!client) {
      client = { type: 'new', index: newClients.length, name: newData!.name, siren: newData!.siren, vat: newData!.vatNumber, terms };
      newClients.push({ data: newData!, read: r });
      index(client);
      if (clientNote) warnings.push(`${r.file} : nouveau client « ${newData!.name} » : ${clientNote}.`);
    } else {
      if (client.type === 'existing') existingClientIds.add(client.id);
      if (clientNote) warnings.push(`${r.file} : ${clientNote}.`);
    }
    if (e.totals.prepaidCents) {
      warnings.push(`${r.file} : acompte de ${formatEuros(e.totals.prepaidCents)} déclaré dans la facture : enregistré comme paiement (autre) à la date de la facture.`);
    }
    batchInvoices.set(e.number, invoices.length);
    const { clientId: _placeholder, ...rest } = data.data;
    invoices.push({ read: r, client, data: rest, prepaidCents: e.totals.prepaidCents ?? 0 });
  }

  // 2. Credit notes, on the invoice they reference (in the books or in this batch).
  const creditedInBatch = new Map<string, number>();
  const batchCreditNotes = new Map<string, number>();
  for (const r of reads.filter((x) => x.e.documentType === 'credit_note')) {
    const { e } = r;
    const seller = sellerProblem(e);
    if (seller) {
      refuse(r, seller.replace('facture d’achat', 'avoir d’achat'));
      continue;
    }
    if (e.precedingInvoiceNumbers.length === 0) {
      refuse(r, `avoir ${e.number} sans référence à la facture qu’il corrige (${e.syntax === 'cii' ? 'ram:InvoiceReferencedDocument' : 'cac:BillingReference'}) : impossible de l’imputer`);
      continue;
    }
    let target: InvoiceTarget | null = null;
    let targetClient: ClientTarget | null = null;
    let balance = 0;
    for (const number of e.precedingInvoiceNumbers) {
      const planned = batchInvoices.get(number);
      if (planned !== undefined) {
        const p = invoices[planned]!;
        target = { type: 'new', index: planned, number, dueDate: p.data.dueDate as IsoDate };
        targetClient = p.client;
        balance = p.data.amountTtcCents - p.prepaidCents;
        break;
      }
      const existing = invoiceByNumber.get(number) as DbInvoice | undefined;
      if (existing) {
        target = { type: 'existing', id: existing.id, clientId: existing.client_id, number, dueDate: existing.due_date };
        targetClient = existingById.get(existing.client_id) ?? null;
        balance = existing.balance;
        break;
      }
    }
    if (!target || !targetClient) {
      refuse(r, `avoir ${e.number} : facture d’origine ${e.precedingInvoiceNumbers.join(', ')} introuvable dans Recouvra et dans les fichiers importés`);
      continue;
    }
    if (e.precedingInvoiceNumbers.length > 1) warnings.push(`${r.file} : l’avoir ${e.number} cite plusieurs factures : imputé sur la facture ${target.number}.`);
    const problems: string[] = [];
    if (conflicts(e.buyer, targetClient)) {
      problems.push(`l’avoir est adressé à ${describeParty(e.buyer)} mais la facture ${target.number} est celle du client « ${clientName(targetClient)} »`);
    }
    const existing = creditNoteByNumber.get(e.number) as { invoice_id: number; amount_ttc_cents: number; invoice_number: string } | undefined;
    if (existing) {
      if (target.type === 'existing' && existing.invoice_id === target.id && existing.amount_ttc_cents === e.totals.ttcCents && problems.length === 0) {
        skipped++;
        warnings.push(`${r.file} : avoir ${e.number} déjà importé sur la facture ${target.number} : laissé tel quel.`);
        continue;
      }
      problems.push(`avoir ${e.number} déjà dans Recouvra (sur la facture ${existing.invoice_number}, ${formatEuros(cents(existing.amount_ttc_cents))}) : numéro déjà utilisé`);
    }
    const inBatch = batchCreditNotes.get(e.number);
    if (inBatch !== undefined) {
      const other = creditNotes[inBatch]!;
      if (other.invoice.number === target.number && other.amountCents === e.totals.ttcCents && problems.length === 0) {
        skipped++;
        warnings.push(`${r.file} : même avoir ${e.number} que « ${other.read.file} » : importé une seule fois.`);
        continue;
      }
      problems.push(`numéro d’avoir ${e.number} déjà présent dans « ${other.read.file} »`);
    }
    const remaining = balance - (creditedInBatch.get(target.number) ?? 0);
    if (e.totals.ttcCents > remaining) {
      problems.push(`l’avoir (${formatEuros(e.totals.ttcCents)}) dépasse le solde de la facture ${target.number} (${formatEuros(cents(Math.max(0, remaining)))})`);
    }
    const data = creditNoteInputSchema.safeParse({ invoiceId: 1, number: e.number, issueDate: e.issueDate, amountCents: e.totals.ttcCents, reason: `Avoir électronique importé : ${r.file}`.slice(0, 500) });
    if (!data.success) problems.push(...data.error.issues.map((i) => i.message.replace(/\.$/, '')));
    if (problems.length > 0) {
      refuse(r, problems.join(' ; '));
      continue;
    }
    if (targetClient.type === 'existing') existingClientIds.add(targetClient.id);
    creditedInBatch.set(target.number, (creditedInBatch.get(target.number) ?? 0) + e.totals.ttcCents);
    batchCreditNotes.set(e.number, creditNotes.length);
    creditNotes.push({ read: r, invoice: target, clientName: clientName(targetClient), amountCents: e.totals.ttcCents });
  }

  return { errors, warnings, newClients, existingClientIds, invoices, creditNotes, skipped };
}

// ——— Preview and apply ———

async function readAll(files: readonly EInvoiceFile[]): Promise<{ reads: Read[]; errors: ImportError[] }> {
  const reads: Read[] = [];
  const errors: ImportError[] = [];
  if (files.length === 0) errors.push({ file: '(aucun fichier)', line: null, message: 'choisissez au moins une facture électronique à importer.' });
  for (const [i, f] of files.entries()) {
    try {
      reads.push({ file: f.fileName, rank: i + 1, bytes: f.bytes, e: await readEInvoice(f.bytes, f.fileName, f.kind) });
    } catch (error) {
      if (error instanceof EInvoiceError) errors.push(error.toImportError());
      else throw error;
    }
  }
  return { reads, errors };
}

function totalsOf(r: Resolution): ImportTotals {
  const invoicesTtc = r.invoices.reduce((s, i) => s + i.data.amountTtcCents, 0);
  const prepaid = r.invoices.reduce((s, i) => s + i.prepaidCents, 0);
  const credited = r.creditNotes.reduce((s, c) => s + c.amountCents, 0);
  return { invoicesTtcCents: cents(invoicesTtc), paymentsCents: cents(prepaid), allocatedCents: cents(prepaid), unallocatedCents: cents(0), creditNotesCents: cents(credited) };
}

const SAMPLE_ROWS = 20;

/** Reads the files and checks them against the books, without writing anything. */
export async function previewEInvoices(ctx: CoreContext, files: readonly EInvoiceFile[]): Promise<ImportPreview> {
  const { reads, errors } = await readAll(files);
  const r = resolve(ctx, reads, errors);
  const clientNameOf = (t: ClientTarget) => (t.type === 'existing' ? t.name : r.newClients[t.index]!.data.name);
  return {
    clientsToCreate: r.newClients.length,
    clientsExisting: r.existingClientIds.size,
    invoices: r.invoices.length,
    payments: r.invoices.filter((i) => i.prepaidCents > 0).length,
    creditNotes: r.creditNotes.length,
    skipped: r.skipped,
    totals: totalsOf(r),
    errors: r.errors,
    warnings: r.warnings,
    samples: {
      clients: r.newClients.slice(0, SAMPLE_ROWS).map((c) => ({ file: c.read.file, line: c.read.rank, name: c.data.name, kind: c.data.kind, siren: c.data.siren, address6: c.data.address[5] })),
      invoices: [
        ...r.invoices.map((i) => ({
          line: i.read.rank,
          number: i.data.number,
          clientName: clientNameOf(i.client),
          issueDate: i.data.issueDate as IsoDate,
          dueDate: i.data.dueDate as IsoDate,
          amountTtcCents: cents(i.data.amountTtcCents),
          file: i.read.file,
        })),
        ...r.creditNotes.map((c) => ({
          line: c.read.rank,
          number: c.read.e.number,
          clientName: c.clientName,
          issueDate: c.read.e.issueDate,
          dueDate: c.invoice.dueDate,
          amountTtcCents: cents(c.amountCents),
          file: c.read.file,
          creditNoteOf: c.invoice.number,
        })),
      ]
        .sort((a, b) => a.line - b.line)
        .slice(0, SAMPLE_ROWS),
      payments: r.invoices
        .filter((i) => i.prepaidCents > 0)
        .slice(0, SAMPLE_ROWS)
        .map((i) => ({
          line: i.read.rank,
          invoiceNumber: i.data.number,
          date: i.data.issueDate as IsoDate,
          amountCents: cents(i.prepaidCents),
          method: 'other' as const,
          allocatedCents: cents(i.prepaidCents),
        })),
    },
  };
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * Imports the files all or nothing: any refused file throws ImportRefusedError (an AppError
 * 'VALIDATION' listing each file and its reason) and nothing is written; otherwise one
 * transaction creates the clients, invoices (with their PDF or XML), acomptes and credit notes,
 * each journaled, plus one summary entry.
 */
export async function applyEInvoices(ctx: CoreContext, files: readonly EInvoiceFile[]): Promise<ImportResult> {
  const { reads, errors } = await readAll(files);
  const { db, clock, repos } = ctx;
  const insertDocument = db.prepare(`
    INSERT INTO documents (client_id, kind, title, file_name, mime_type, size_bytes, sha256, content, piece_type, created_at)
    VALUES (@clientId, 'proof', @title, @fileName, @mime, @size, @sha256, @content, 'other', @now)`);
  const insertAttachment = db.prepare("INSERT INTO attachments (document_id, owner_type, owner_id, created_at) VALUES (?, 'invoice', ?, ?)");

  /** The original file as a pièce of the invoice (XML, or the PDF of a credit note). */
  const keepAsPiece = (r: Read, invoiceId: number, clientId: number, title: string) => {
    const hash = sha256(r.bytes);
    const documentId = Number(
      insertDocument.run({
        clientId,
        title,
        fileName: baseName(r.file),
        mime: r.e.kind === 'facturx' ? 'application/pdf' : 'application/xml',
        size: r.bytes.length,
        sha256: hash,
        content: r.bytes,
        now: clock.now(),
      }).lastInsertRowid,
    );
    insertAttachment.run(documentId, invoiceId, clock.now());
    repos.audit.append({
      entity: 'document',
      entityId: documentId,
      action: 'create',
      summary: `${title} (${baseName(r.file)}, SHA-256 ${hash.slice(0, 12)}…)`,
      after: { owner: { type: 'invoice', id: invoiceId }, pieceType: 'other', sha256: hash },
    });
  };

  return db.transaction((): ImportResult => {
    // Checked inside the transaction, so nothing can change between the check and the write.
    const r = resolve(ctx, reads, errors);
    if (r.errors.length) throw new ImportRefusedError(r.errors, r.warnings);
    const totals = totalsOf(r);
    const result: ImportResult = {
      clientsCreated: r.newClients.length,
      clientsExisting: r.existingClientIds.size,
      invoices: r.invoices.length,
      payments: r.invoices.filter((i) => i.prepaidCents > 0).length,
      creditNotes: r.creditNotes.length,
      skipped: r.skipped,
      totals,
      warnings: r.warnings,
    };
    if (r.invoices.length === 0 && r.creditNotes.length === 0) return result;

    const clientIds = r.newClients.map((c) => repos.clients.create(c.data).id);
    const clientIdOf = (t: ClientTarget) => (t.type === 'existing' ? t.id : clientIds[t.index]!);
    const invoiceIds: number[] = [];
    const invoiceClientIds: number[] = [];
    for (const i of r.invoices) {
      const clientId = clientIdOf(i.client);
      const { invoice } = repos.ledger.createInvoice({ ...i.data, clientId });
      invoiceIds.push(invoice.id);
      invoiceClientIds.push(clientId);
      if (i.prepaidCents > 0) {
        repos.ledger.recordPayment(
          paymentInputSchema.parse({
            clientId,
            date: i.data.issueDate,
            amountCents: i.prepaidCents,
            method: 'other',
            reference: `Acompte (facture ${i.data.number})`.slice(0, 80),
            allocation: [{ invoiceId: invoice.id, amountCents: i.prepaidCents }],
          }),
        );
      }
      if (i.read.e.kind === 'facturx') repos.ledger.attachPdf(invoice.id, baseName(i.read.file), i.read.bytes);
      else keepAsPiece(i.read, invoice.id, clientId, `Facture électronique ${i.data.number} (${KIND_LABELS[i.read.e.kind]})`);
    }
    for (const c of r.creditNotes) {
      const invoiceId = c.invoice.type === 'existing' ? c.invoice.id : invoiceIds[c.invoice.index]!;
      const clientId = c.invoice.type === 'existing' ? c.invoice.clientId : invoiceClientIds[c.invoice.index]!;
      repos.ledger.createCreditNote(
        creditNoteInputSchema.parse({ invoiceId, number: c.read.e.number, issueDate: c.read.e.issueDate, amountCents: c.amountCents, reason: `Avoir électronique importé : ${c.read.file}`.slice(0, 500) }),
      );
      keepAsPiece(c.read, invoiceId, clientId, `Avoir électronique ${c.read.e.number} sur la facture ${c.invoice.number} (${KIND_LABELS[c.read.e.kind]})`);
    }
    const n = (count: number, one: string, many: string) => `${count} ${count > 1 ? many : one}`;
    repos.audit.append({
      entity: 'invoice',
      entityId: null,
      action: 'create',
      summary: `Import de factures électroniques : ${n(result.invoices, 'facture', 'factures')}, ${n(r.creditNotes.length, 'avoir', 'avoirs')}, ${n(result.clientsCreated, 'client créé', 'clients créés')}`,
      after: {
        files: [...r.invoices.map((i) => i.read), ...r.creditNotes.map((c) => c.read)].map((x) => ({ file: x.file, kind: x.e.kind, number: x.e.number, sha256: sha256(x.bytes) })),
        clientsCreated: result.clientsCreated,
        clientsExisting: result.clientsExisting,
        skipped: r.skipped,
        totals,
      },
    });
    return result;
  })();
}
