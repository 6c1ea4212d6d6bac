import { describe, expect, it } from 'vitest';
import { aCompanyRecord } from '../../test/helpers/builders.js';
import type { Cents } from '../domain/money.js';
import { buildLetterModel, DEFAULT_TEMPLATES, fillTemplate, LETTER_TYPES, PLACEHOLDERS, type LetterInvoice } from './letter-model.js';

const company = aCompanyRecord();

const invoice = (number: string, remaining: number, penalties: number): LetterInvoice => ({
  number,
  issueDate: '2026-08-01' as never,
  dueDate: '2026-08-31' as never,
  amountCents: 100_000 as Cents,
  settledCents: (100_000 - remaining) as Cents,
  remainingCents: remaining as Cents,
  penaltiesCents: penalties as Cents,
  indemnityCents: 4000 as Cents,
});

const client = (kind: 'business' | 'consumer') => ({
  id: 7,
  name: kind === 'business' ? 'Boulangerie Dupont' : 'Jeanne Lefèvre',
  kind,
  siren: null,
  address: ['BOULANGERIE DUPONT', '', '', '12 rue de la Paix', '', '75002 PARIS'] as [string, string, string, string, string, string],
});

describe('buildLetterModel', () => {
  it('builds a formal notice to a professional: principal, penalties, 40 € per invoice, 8-day deadline, LRAR line', () => {
    const m = buildLetterModel({ type: 'formal_notice', date: '2026-11-23' as never, company, client: client('business'), invoices: [invoice('F-1', 100_000, 2_500), invoice('F-2', 60_000, 1_000)], registeredNumber: '1A 123 456 7890 1' });
    expect(m.title).toBe('Mise en demeure');
    expect(m.totals).toEqual({ remainingCents: 160_000, penaltiesCents: 3_500, indemnityCents: 8_000, claimCents: 171_500 });
    expect(m.deadline).toEqual({ days: 8, date: '2026-12-01' });
    expect(m.registeredLine).toBe('Lettre recommandée avec accusé de réception n° 1A 123 456 7890 1');
    expect(m.dateLine).toBe('Lyon, le 23 novembre 2026');
    expect(m.paragraphs.join(' ')).toMatch(/mettons en demeure de nous régler la somme de 1\u202f715,00\u00a0€/);
    expect(m.paragraphs.join(' ')).toMatch(/injonction de payer/);
    expect(m.creditor.legalLine).toBe('SAS · SIREN 552 100 554 · RCS Lyon · TVA FR96552100554');
    expect(m.creditor.paymentLine).toContain('IBAN FR76 3000 6000 0112 3456 7890 189');
    expect(m.debtorAddressLines).toEqual(['BOULANGERIE DUPONT', '12 rue de la Paix', '75002 PARIS']);
    expect(m.unknownPlaceholders).toEqual([]);
  });

  it('claims no 40 € indemnity from a consumer', () => {
    const m = buildLetterModel({ type: 'formal_notice', date: '2026-11-23' as never, company, client: client('consumer'), invoices: [invoice('F-1', 100_000, 700)] });
    expect(m.totals).toEqual({ remainingCents: 100_000, penaltiesCents: 700, indemnityCents: 0, claimCents: 100_700 });
  });

  it('keeps a friendly reminder to what is owed, with no deadline nor registered-letter line', () => {
    const m = buildLetterModel({ type: 'friendly_reminder', date: '2026-11-23' as never, company, client: client('business'), invoices: [invoice('F-1', 100_000, 2_500)] });
    expect(m.totals).toEqual({ remainingCents: 100_000, penaltiesCents: 0, indemnityCents: 0, claimCents: 100_000 });
    expect(m.deadline).toBeNull();
    expect(m.registeredLine).toBeNull();
  });

  it('reports placeholders a user template does not know, and leaves them visible', () => {
    const m = buildLetterModel({
      type: 'firm_reminder',
      date: '2026-11-23' as never,
      company,
      client: client('business'),
      invoices: [invoice('F-1', 100_000, 0)],
      template: { subject: 'Relance {{client}}', body: 'Payez {{total_du}} avant le {{date_limite}} {{inconnu}}.' },
    });
    expect(m.subject).toBe('Relance Boulangerie Dupont');
    expect(m.paragraphs).toEqual(['Payez 1\u202f000,00\u00a0€ avant le 01/12/2026 {{inconnu}}.']);
    expect(m.unknownPlaceholders).toEqual(['inconnu']);
  });
});

describe('templates', () => {
  it('fills placeholders, spaces inside braces allowed', () => {
    expect(fillTemplate('A {{ client }} / {{x}}', { client: 'Dupont' })).toEqual({ text: 'A Dupont / {{x}}', unknown: ['x'] });
  });

  it.each(LETTER_TYPES)('the default %s wording uses only known placeholders', (type) => {
    const used = [...`${DEFAULT_TEMPLATES[type].subject} ${DEFAULT_TEMPLATES[type].body}`.matchAll(/\{\{\s*([a-z_]+)\s*\}\}/g)].map((m) => m[1]);
    for (const name of used) expect(Object.keys(PLACEHOLDERS)).toContain(name);
  });

  it('a formal notice says "mise en demeure", the deadline counted from receipt, and that court action will follow', () => {
    const body = DEFAULT_TEMPLATES.formal_notice.body;
    expect(body).toMatch(/mettons en demeure/);
    expect(body).toMatch(/à compter de la réception/);
    expect(body).toMatch(/injonction de payer/);
  });
});
