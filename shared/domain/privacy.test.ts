import { describe, expect, it } from 'vitest';
import type { IsoDate } from './dates.js';
import {
  accountingRetentionEnd,
  anonymisedClientName,
  DEFAULT_PRIVACY_REVIEW_YEARS,
  documentRetentionClass,
  isAnonymisedClientName,
  isDueForReview,
  isNaturalPerson,
  privacyReviewYears,
  retentionStatus,
  scrubPersonalText,
  type RetentionFacts,
  type RetentionInvoice,
} from './privacy.js';

const d = (s: string) => s as IsoDate;
const AS_OF = d('2026-11-23');

function invoice(overrides: Partial<RetentionInvoice> = {}): RetentionInvoice {
  return { number: 'F-1', issueDate: d('2026-01-10'), deliveryDate: null, balanceCents: 0, interruptions: [], enforceableDate: null, ...overrides };
}
function facts(invoices: RetentionInvoice[], overrides: Partial<RetentionFacts> = {}): RetentionFacts {
  return { kind: 'consumer', naturalPerson: true, invoices, accountingDates: invoices.map((i) => i.issueDate), ...overrides };
}

describe('who is a natural person', () => {
  it('a consumer, a sole trader whatever the spelling of the form; not a company', () => {
    expect(isNaturalPerson({ kind: 'consumer', legalForm: null })).toBe(true);
    expect(isNaturalPerson({ kind: 'business', legalForm: 'EI' })).toBe(true);
    expect(isNaturalPerson({ kind: 'business', legalForm: ' Micro-Entreprise ' })).toBe(true);
    expect(isNaturalPerson({ kind: 'business', legalForm: 'Entrepreneur individuel' })).toBe(true);
    expect(isNaturalPerson({ kind: 'business', legalForm: 'SARL' })).toBe(false);
    expect(isNaturalPerson({ kind: 'business', legalForm: null })).toBe(false);
  });
});

describe('retention', () => {
  it('an unpaid, unprescribed consumer debt: neither erasure nor anonymisation, until its prescription date (L218-2)', () => {
    const s = retentionStatus(facts([invoice({ balanceCents: 12_000, deliveryDate: d('2026-01-15') })]), AS_OF);
    expect(s.canErase).toBe(false);
    expect(s.canAnonymise).toBe(false);
    expect(s.debtKeepUntil).toBe('2028-01-15');
    expect(s.accountingKeepUntil).toBe('2036-12-31');
    expect(s.keepUntil).toBe('2036-12-31');
    expect(s.reasons[0]).toContain('Facture impayée (F-1, reste dû 120,00');
    expect(s.reasons[0]).toContain('jusqu’au 15/01/2028');
    expect(s.reasons[0]).toContain('article L218-2 du Code de la consommation');
    expect(s.reasons[0]).toContain('ni effacement ni anonymisation avant le 16/01/2028');
    expect(s.reasons[1]).toContain('article L123-22 du Code de commerce');
  });

  it('5 years between professionals (a sole trader), from the delivery date', () => {
    const s = retentionStatus(facts([invoice({ balanceCents: 100, deliveryDate: d('2022-03-01') })], { kind: 'business' }), AS_OF);
    expect(s.debtKeepUntil).toBe('2027-03-01');
    expect(s.reasons[0]).toContain('article L110-4 du Code de commerce');
  });

  it('the last day of prescription still keeps the debt; the next day it no longer does', () => {
    const f = facts([invoice({ balanceCents: 100, issueDate: d('2024-11-23') })]);
    expect(retentionStatus(f, d('2026-11-23')).canAnonymise).toBe(false);
    const after = retentionStatus(f, d('2026-11-24'));
    expect(after.canAnonymise).toBe(true);
    expect(after.debtKeepUntil).toBeNull();
    expect(after.reasons[0]).toContain('est prescrite (F-1, la dernière depuis le 24/11/2026)');
  });

  it('a partial payment restarts prescription; a later enforceable title keeps the debt 10 years (L111-4 CPCE)', () => {
    const partial = retentionStatus(facts([invoice({ balanceCents: 100, issueDate: d('2023-06-01'), interruptions: [d('2025-02-01')] })]), AS_OF);
    expect(partial.debtKeepUntil).toBe('2027-02-01');
    const titled = retentionStatus(facts([invoice({ balanceCents: 100, issueDate: d('2019-06-01'), enforceableDate: d('2020-05-04') })]), AS_OF);
    expect(titled.debtKeepUntil).toBe('2030-05-04');
    expect(titled.reasons[0]).toContain('titre exécutoire : 10 ans');
  });

  it('paid invoices within the 10 years: anonymisation yes, erasure no, until 31 December of year + 10', () => {
    const s = retentionStatus(facts([invoice({ issueDate: d('2020-03-01') })], { accountingDates: [d('2020-03-01'), d('2021-01-05')] }), AS_OF);
    expect(s).toMatchObject({ canErase: false, canAnonymise: true, keepUntil: '2031-12-31', debtKeepUntil: null, accountingKeepUntil: '2031-12-31' });
    expect(s.reasons.at(-1)).toContain('Effacement possible à partir du 01/01/2032');
  });

  it('everything older than the accounting retention, or nothing at all: erasure', () => {
    const old = retentionStatus(facts([invoice({ issueDate: d('2015-03-01') })]), AS_OF);
    expect(old).toMatchObject({ canErase: true, canAnonymise: true, keepUntil: null });
    expect(old.reasons[0]).toContain('a pris fin le 31/12/2025');
    const none = retentionStatus(facts([]), AS_OF);
    expect(none).toMatchObject({ canErase: true, canAnonymise: true, keepUntil: null });
    expect(none.reasons).toEqual(['Aucune obligation de conservation : le client et tout ce qui le concerne peuvent être effacés.']);
  });

  it('a company: not personal data', () => {
    const s = retentionStatus(facts([], { kind: 'business', naturalPerson: false }), AS_OF);
    expect(s).toMatchObject({ canErase: false, canAnonymise: false });
    expect(s.reasons[0]).toContain('personne morale');
  });

  it('accounting retention end and document classes', () => {
    expect(accountingRetentionEnd(d('2026-01-01'))).toBe('2036-12-31');
    expect(accountingRetentionEnd(d('2026-12-31'))).toBe('2036-12-31');
    expect(documentRetentionClass('invoice_pdf')).toBe('accounting');
    for (const kind of ['reminder', 'formal_notice', 'statement', 'payment_order', 'proof', 'other']) expect(documentRetentionClass(kind)).toBe('collection');
  });
});

describe('scrubbing kept text', () => {
  const ids = ['Jeanne Lefèvre', 'Jeanne', 'Lefèvre', 'jeanne@exemple.fr', '06 12 34 56 78', 'Li'];
  it('names whatever their accents and case, e-mails, phones whatever their format; not short identifiers', () => {
    expect(scrubPersonalText('Virement MME JEANNE LEFEVRE réf. 42', ids)).toBe('Virement MME [anonymisé] réf. 42');
    expect(scrubPersonalText('Travaux chez Mme Lefèvre (jeanne@exemple.fr)', ids)).toBe('Travaux chez Mme [anonymisé] ([anonymisé])');
    expect(scrubPersonalText('Rappeler au 0612345678 ou +33 6 12 34 56 78', ids)).toBe('Rappeler au [anonymisé] ou [anonymisé]');
    expect(scrubPersonalText('Livraison à Lille', ids)).toBe('Livraison à Lille');
    expect(scrubPersonalText(null, ids)).toBeNull();
    expect(scrubPersonalText('Œuvre de Lefèvre', ['lefevre'])).toBe('Œuvre de [anonymisé]');
  });
});

describe('names and review', () => {
  it('the anonymous name is recognised', () => {
    expect(anonymisedClientName(12)).toBe('Client anonymisé n° 12');
    expect(isAnonymisedClientName('Client anonymisé n° 12')).toBe(true);
    expect(isAnonymisedClientName('Client anonymisé')).toBe(false);
  });

  it('review period: a whole number of years from 1 to 10, else 3; due on the anniversary', () => {
    expect(privacyReviewYears(undefined)).toBe(DEFAULT_PRIVACY_REVIEW_YEARS);
    expect(privacyReviewYears(5)).toBe(5);
    expect(privacyReviewYears(0)).toBe(3);
    expect(privacyReviewYears('4')).toBe(3);
    expect(isDueForReview(d('2023-11-23'), AS_OF, 3)).toBe(true);
    expect(isDueForReview(d('2023-11-24'), AS_OF, 3)).toBe(false);
  });
});
