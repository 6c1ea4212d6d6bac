// The procedure advisor: its choice on a table of cases (amount, debtor kind, dispute, formal
// notice, country, collective procedure, prescription, payment plan), then properties.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, fromDayNumber, toDayNumber, type IsoDate } from '../domain/dates.js';
import type { Cents } from '../domain/money.js';
import {
  ADVISOR_THRESHOLDS,
  adviseProcedure,
  claimDeclarationDeadline,
  claimOf,
  EU_MEMBER_STATES,
  merchantRule,
  taeCityOf,
  type AdvisedProcedure,
  type AdvisorDebtor,
  type AdvisorFacts,
  type AdvisorInvoice,
  type CollectiveProcedureFacts,
  type CourtKind,
  type FormalNoticeState,
} from './advisor.js';

const d = (s: string) => s as IsoDate;
const c = (n: number) => n as Cents;
const AS_OF = d('2026-11-23');
const DOMICILE = 'Le tribunal compétent est celui du domicile du débiteur : confirmez-le.';

function inv(over: Partial<AdvisorInvoice> = {}): AdvisorInvoice {
  return {
    number: 'F-1',
    issueDate: d('2026-06-01'),
    dueDate: d('2026-07-01'),
    deliveryDate: d('2026-06-01'),
    remainingCents: c(300_000),
    interestCents: c(10_000),
    indemnityCents: c(4_000),
    disputed: false,
    prescriptionDate: d('2031-06-01'),
    ...over,
  };
}

const PASSED: FormalNoticeState = { sent: d('2026-10-20'), received: d('2026-10-22'), deadline: d('2026-10-30') };
const MERCHANT: AdvisorDebtor = { name: 'Dupont SARL', kind: 'business', legalForm: 'SARL', isMerchant: true, country: 'FR', city: 'BORDEAUX', postcode: '33000' };
const LIQUIDATION: CollectiveProcedureFacts = { kind: 'liquidation', judgmentDate: d('2026-10-01'), bodaccDate: d('2026-10-15'), creditorAbroad: false, court: 'Tribunal de commerce de Bordeaux' };

interface Setup {
  invoices?: AdvisorInvoice[];
  debtor?: Partial<AdvisorDebtor>;
  formalNotice?: FormalNoticeState;
  collectiveProcedure?: CollectiveProcedureFacts | null;
  paymentPlanInForce?: boolean;
  asOf?: IsoDate;
}

function facts(s: Setup = {}): AdvisorFacts {
  const invoices = s.invoices ?? [inv()];
  return {
    asOf: s.asOf ?? AS_OF,
    claim: claimOf(invoices.filter((i) => !i.disputed)),
    invoices,
    debtor: { ...MERCHANT, ...s.debtor },
    formalNotice: s.formalNotice ?? PASSED,
    collectiveProcedure: s.collectiveProcedure ?? null,
    paymentPlanInForce: s.paymentPlanInForce ?? false,
  };
}

interface Expected {
  procedure: AdvisedProcedure;
  court?: CourtKind | null;
  suggestedCity?: string | null;
  kept?: string[];
  excluded?: string[];
  next?: AdvisedProcedure | null;
  deadline?: IsoDate | null;
  warning?: RegExp;
  noWarning?: RegExp;
  reason?: RegExp;
  title?: RegExp;
}

const CASES: [string, Setup, Expected][] = [
  // ——— Amount (France): ≤ 5 000 € principal + interest → petites créances or IP ———
  ['merchant, 3 140 €, notice passed → small claims or IP at the tribunal de commerce', {}, { procedure: 'small_claims_or_payment_order', court: 'commerce', suggestedCity: null, kept: ['F-1'], next: null, reason: /R125-1/ }],
  ['exactly 5 000,00 € in all → small claims still possible', { invoices: [inv({ remainingCents: c(486_000), interestCents: c(10_000), indemnityCents: c(4_000) })] }, { procedure: 'small_claims_or_payment_order', court: 'commerce' }],
  ['5 000,01 € → payment order only', { invoices: [inv({ remainingCents: c(486_001), interestCents: c(10_000), indemnityCents: c(4_000) })] }, { procedure: 'payment_order', court: 'commerce', warning: /Sans les indemnités forfaitaires/ }],
  ['merchant, 8 000 € → payment order at the tribunal de commerce', { invoices: [inv({ remainingCents: c(800_000) })] }, { procedure: 'payment_order', court: 'commerce', warning: /Douze tribunaux de commerce/ }],
  // ——— Debtor kind and court ———
  ['merchant in Lyon → tribunal des activités économiques (by city, to confirm)', { invoices: [inv({ remainingCents: c(800_000) })], debtor: { city: 'LYON CEDEX 03', postcode: '69003' } }, { procedure: 'payment_order', court: 'activites_economiques', suggestedCity: 'Lyon', reason: /seule ville/ }],
  ['merchant in Saint-Brieuc written ST BRIEUC → TAE', { invoices: [inv({ remainingCents: c(800_000) })], debtor: { city: 'ST BRIEUC', postcode: '22000' } }, { procedure: 'payment_order', court: 'activites_economiques', suggestedCity: 'Saint-Brieuc' }],
  ['merchant in Paris after the TAE experiment (2029) → tribunal de commerce, with a warning', { asOf: d('2029-03-01'), invoices: [inv({ remainingCents: c(800_000) })], debtor: { city: 'PARIS', postcode: '75002' } }, { procedure: 'payment_order', court: 'commerce', warning: /devait prendre fin le 31\/12\/2028/ }],
  ['business, EI (not a merchant) → tribunal judiciaire, with a warning', { invoices: [inv({ remainingCents: c(800_000) })], debtor: { legalForm: 'EI', isMerchant: false, city: 'LYON' } }, { procedure: 'payment_order', court: 'judiciaire', suggestedCity: null, warning: /inscrit au RCS/ }],
  ['business, association → tribunal judiciaire', { invoices: [inv({ remainingCents: c(800_000) })], debtor: { legalForm: 'Association', isMerchant: false } }, { procedure: 'payment_order', court: 'judiciaire', noWarning: /qualité de commerçant du débiteur/ }],
  ['consumer, 1 500 € → small claims or IP at the tribunal judiciaire', { invoices: [inv({ remainingCents: c(150_000), interestCents: c(1_000), indemnityCents: c(0) })], debtor: { kind: 'consumer', legalForm: null, isMerchant: false } }, { procedure: 'small_claims_or_payment_order', court: 'judiciaire', reason: /Débiteur particulier/ }],
  // ——— Disputes ———
  ['one disputed invoice of two → left out, the other claimed', { invoices: [inv(), inv({ number: 'F-2', disputed: true })] }, { procedure: 'small_claims_or_payment_order', kept: ['F-1'], excluded: ['F-2'], warning: /contestée laissée de côté : F-2/ }],
  ['every invoice disputed → nothing to claim', { invoices: [inv({ disputed: true }), inv({ number: 'F-2', disputed: true })] }, { procedure: 'nothing_to_claim', kept: [], excluded: ['F-1', 'F-2'], court: null, reason: /litige est ouvert/ }],
  // ——— Formal notice ———
  ['no formal notice → formal notice first, then IP', { invoices: [inv({ remainingCents: c(800_000) })], formalNotice: { sent: null, received: null, deadline: null } }, { procedure: 'formal_notice_first', next: 'payment_order', court: 'commerce', warning: /pas une condition légale/ }],
  ['formal notice generated, not posted → formal notice first', { formalNotice: { generated: d('2026-11-20'), sent: null, received: null, deadline: null } }, { procedure: 'formal_notice_first', next: 'small_claims_or_payment_order', reason: /établie le 20\/11\/2026/ }],
  ['formal notice sent, receipt not recorded → wait', { formalNotice: { sent: d('2026-11-16'), received: null, deadline: null } }, { procedure: 'wait_formal_notice_deadline', next: 'small_claims_or_payment_order', reason: /réception non enregistrée/, noWarning: /sommation/ }],
  ['formal notice sent 40 days ago, no receipt → wait, suggest a sommation', { formalNotice: { sent: d('2026-10-14'), received: null, deadline: null } }, { procedure: 'wait_formal_notice_deadline', warning: /sommation de payer/ }],
  ['formal notice received, deadline running → wait until the deadline', { formalNotice: { sent: d('2026-11-16'), received: d('2026-11-18'), deadline: d('2026-11-26') } }, { procedure: 'wait_formal_notice_deadline', title: /\(26\/11\/2026\)/, next: 'small_claims_or_payment_order' }],
  ['formal notice deadline is today → still waiting', { formalNotice: { sent: d('2026-11-10'), received: d('2026-11-15'), deadline: d('2026-11-23') } }, { procedure: 'wait_formal_notice_deadline' }],
  ['consumer without formal notice → formal notice first (interest runs from it)', { debtor: { kind: 'consumer', legalForm: null, isMerchant: false }, formalNotice: { sent: null, received: null, deadline: null } }, { procedure: 'formal_notice_first', reason: /1344-1/ }],
  // ——— Country ———
  ['debtor in Germany, 3 000 € principal → European small claims', { debtor: { country: 'DE', city: 'BERLIN', postcode: '10115' } }, { procedure: 'european_small_claims', court: null, noWarning: /domicile du débiteur : confirmez-le/ }],
  ['debtor in Italy, 4 990 € principal + 200 € interest → European small claims (interest not counted)', { invoices: [inv({ remainingCents: c(499_000), interestCents: c(20_000) })], debtor: { country: 'IT', city: 'MILANO' } }, { procedure: 'european_small_claims' }],
  ['debtor in Belgium, 6 000 € → European order for payment', { invoices: [inv({ remainingCents: c(600_000) })], debtor: { country: 'BE', city: 'BRUXELLES' } }, { procedure: 'european_order', court: null, reason: /1896\/2006/ }],
  ['debtor in Spain without formal notice → formal notice first, then European small claims', { debtor: { country: 'ES' }, formalNotice: { sent: null, received: null, deadline: null } }, { procedure: 'formal_notice_first', next: 'european_small_claims', noWarning: /pas une condition légale/ }],
  ['debtor in Denmark → no European procedure', { debtor: { country: 'DK' } }, { procedure: 'foreign_debtor', court: null, reason: /Danemark/ }],
  ['debtor in Switzerland → foreign debtor', { debtor: { country: 'CH' } }, { procedure: 'foreign_debtor', court: null, reason: /hors de l’Union européenne/ }],
  ['debtor in La Réunion → France', { debtor: { country: 'RE', city: 'SAINT DENIS', postcode: '97400' } }, { procedure: 'small_claims_or_payment_order', court: 'commerce' }],
  // ——— Collective procedure ———
  ['liquidation with BODACC date → claim declaration within 2 months', { collectiveProcedure: LIQUIDATION }, { procedure: 'claim_declaration', court: null, deadline: d('2026-12-15'), reason: /liquidation judiciaire ouverte par jugement du 01\/10\/2026/ }],
  ['safeguard without BODACC date → claim declaration, deadline unknown, watch the BODACC', { collectiveProcedure: { ...LIQUIDATION, kind: 'safeguard', bodaccDate: null } }, { procedure: 'claim_declaration', deadline: null, warning: /Surveillez le BODACC/ }],
  ['reorganisation, creditor outside metropolitan France → 4 months', { collectiveProcedure: { ...LIQUIDATION, kind: 'reorganisation', creditorAbroad: true } }, { procedure: 'claim_declaration', deadline: d('2027-02-15'), reason: /plus deux mois/ }],
  ['claim declaration deadline passed → warning (relevé de forclusion)', { collectiveProcedure: { ...LIQUIDATION, judgmentDate: d('2026-08-01'), bodaccDate: d('2026-08-20') } }, { procedure: 'claim_declaration', deadline: d('2026-10-20'), warning: /relevé de forclusion/ }],
  ['claim declaration deadline in 10 days → urgent warning', { collectiveProcedure: { ...LIQUIDATION, bodaccDate: d('2026-10-03') } }, { procedure: 'claim_declaration', deadline: d('2026-12-03'), warning: /Plus que 10 jours/ }],
  ['collective procedure: disputed invoice left out of the declaration, not-yet-due one kept (à échoir)', { collectiveProcedure: LIQUIDATION, invoices: [inv(), inv({ number: 'F-2', disputed: true }), inv({ number: 'F-3', issueDate: d('2026-09-15'), deliveryDate: d('2026-09-15'), dueDate: d('2026-12-31') })] }, { procedure: 'claim_declaration', kept: ['F-1', 'F-3'], excluded: ['F-2'], warning: /déclarez-la aussi/ }],
  ['collective procedure: invoice born after the judgment is not declared', { collectiveProcedure: LIQUIDATION, invoices: [inv(), inv({ number: 'F-4', issueDate: d('2026-10-10'), deliveryDate: d('2026-10-10'), dueDate: d('2026-11-10') })] }, { procedure: 'claim_declaration', kept: ['F-1'], excluded: ['F-4'] }],
  ['collective procedure overrides the formal notice step, the plan and the foreign country', { collectiveProcedure: LIQUIDATION, formalNotice: { sent: null, received: null, deadline: null }, paymentPlanInForce: true, invoices: [inv({ inPaymentPlan: true })] }, { procedure: 'claim_declaration', kept: ['F-1'] }],
  ['collective procedure with only disputed invoices → nothing to declare', { collectiveProcedure: LIQUIDATION, invoices: [inv({ disputed: true })] }, { procedure: 'nothing_to_claim', deadline: d('2026-12-15'), excluded: ['F-1'] }],
  // ——— Prescription ———
  ['prescription passed for one invoice → left out, the other claimed', { invoices: [inv({ number: 'F-0', prescriptionDate: d('2026-11-01') }), inv()] }, { procedure: 'small_claims_or_payment_order', kept: ['F-1'], excluded: ['F-0'], warning: /F-0 prescrite depuis le 02\/11\/2026/ }],
  ['every undisputed invoice prescribed → prescribed', { invoices: [inv({ prescriptionDate: d('2026-11-22') }), inv({ number: 'F-2', disputed: true })] }, { procedure: 'prescribed', kept: [], excluded: ['F-1', 'F-2'], court: null, reason: /L110-4/ }],
  ['prescription near (4 months) → warning, same advice', { invoices: [inv({ prescriptionDate: d('2027-03-23') })] }, { procedure: 'small_claims_or_payment_order', warning: /Prescription proche pour la facture F-1 : dernier jour pour agir le 23\/03\/2027/ }],
  ['prescription exactly 6 months away → warning', { invoices: [inv({ prescriptionDate: d('2027-05-23') })] }, { procedure: 'small_claims_or_payment_order', warning: /Prescription proche/ }],
  ['prescription far → no prescription warning', { invoices: [inv({ prescriptionDate: d('2027-05-24') })] }, { procedure: 'small_claims_or_payment_order', noWarning: /Prescription/ }],
  ['prescription in 30 days, no formal notice → straight to the payment order', { invoices: [inv({ prescriptionDate: d('2026-12-23') })], formalNotice: { sent: null, received: null, deadline: null } }, { procedure: 'payment_order', next: null, reason: /Prescription imminente/, warning: /assignation/ }],
  // ——— Payment plan, nothing open, not yet due ———
  ['payment plan in force over every invoice → nothing to claim', { paymentPlanInForce: true, invoices: [inv({ inPaymentPlan: true })] }, { procedure: 'nothing_to_claim', excluded: ['F-1'], reason: /échéancier est en cours et respecté/ }],
  ['payment plan in force over one invoice, another overdue → that one, with a warning', { paymentPlanInForce: true, invoices: [inv({ inPaymentPlan: true }), inv({ number: 'F-2' })] }, { procedure: 'small_claims_or_payment_order', kept: ['F-2'], excluded: ['F-1'], warning: /peut le compromettre/ }],
  ['payment plan broken (not in force) → its invoices are claimed', { paymentPlanInForce: false, invoices: [inv({ inPaymentPlan: true })] }, { procedure: 'small_claims_or_payment_order', kept: ['F-1'] }],
  ['no open invoice → nothing to claim', { invoices: [inv({ remainingCents: c(0) })] }, { procedure: 'nothing_to_claim', reason: /Aucune facture ouverte/ }],
  ['only an invoice not yet due → nothing to claim', { invoices: [inv({ dueDate: d('2026-12-15') })] }, { procedure: 'nothing_to_claim', excluded: ['F-1'], reason: /pas encore échues/ }],
  ['factored invoice → the factor collects it', { invoices: [inv({ factored: true })] }, { procedure: 'nothing_to_claim', excluded: ['F-1'] }],
];

describe('adviseProcedure: the table of cases', () => {
  it.each(CASES)('%s', (_name, setup, expected) => {
    const advice = adviseProcedure(facts(setup));
    const context = JSON.stringify({ procedure: advice.procedure, reasons: advice.reasons, warnings: advice.warnings }, null, 1);
    expect(advice.procedure, context).toBe(expected.procedure);
    if (expected.court !== undefined) expect(advice.court?.kind ?? null, context).toBe(expected.court);
    if (expected.suggestedCity !== undefined) expect(advice.court?.suggestedCity ?? null).toBe(expected.suggestedCity);
    if (expected.kept) expect(advice.invoiceNumbers).toEqual(expected.kept);
    if (expected.excluded) expect(advice.excludedInvoices.map((e) => e.number)).toEqual(expected.excluded);
    if (expected.next !== undefined) expect(advice.next).toBe(expected.next);
    if (expected.deadline !== undefined) expect(advice.claimDeclarationDeadline ?? null).toBe(expected.deadline);
    if (expected.warning) expect(advice.warnings.join('\n'), context).toMatch(expected.warning);
    if (expected.noWarning) expect(advice.warnings.join('\n'), context).not.toMatch(expected.noWarning);
    if (expected.reason) expect(advice.reasons.join('\n'), context).toMatch(expected.reason);
    if (expected.title) expect(advice.title).toMatch(expected.title);
    // Always: a French title, at least one reason; a court is always to be confirmed.
    expect(advice.title.length).toBeGreaterThan(0);
    expect(advice.reasons.length).toBeGreaterThan(0);
    if (advice.court) {
      expect(advice.court.needsConfirmation).toBe(true);
      expect(advice.warnings).toContainEqual(expect.stringContaining(DOMICILE));
    }
  });

  it('covers every procedure the advisor can give', () => {
    const seen = new Set(CASES.map(([, setup]) => adviseProcedure(facts(setup)).procedure));
    const all: AdvisedProcedure[] = [
      'formal_notice_first', 'wait_formal_notice_deadline', 'payment_order', 'small_claims_or_payment_order', 'european_order',
      'european_small_claims', 'foreign_debtor', 'claim_declaration', 'nothing_to_claim', 'prescribed',
    ];
    expect([...seen].sort()).toEqual([...all].sort());
  });

  it('says why with the facts it used: amount, debtor, country, formal notice, court, form', () => {
    const advice = adviseProcedure(facts({ invoices: [inv({ remainingCents: c(800_000) }), inv({ number: 'F-2', remainingCents: c(100_000), interestCents: c(2_500) })] }));
    expect(advice.reasons.join('\n').replace(/[\u202f\u00a0]/g, ' ')).toMatchInlineSnapshot(`
      "Montant réclamable : 9 205,00 € (principal 9 000,00 €, pénalités de retard 125,00 €, indemnités forfaitaires 80,00 €) sur 2 factures (F-1, F-2).
      Prescription : la plus proche est celle de la facture F-1, réclamable en justice jusqu’au 01/06/2031 inclus.
      Débiteur professionnel commerçant — SARL : société commerciale par sa forme (article L210-1 du Code de commerce).
      Débiteur établi en France : procédure française.
      9 205,00 € dépasse 5 000,00 € (principal et intérêts) : pas de procédure simplifiée des petites créances ; requête en injonction de payer (articles 1405 et suivants du Code de procédure civile), sans avocat obligatoire.
      Mise en demeure reçue le 22/10/2026, délai de paiement expiré le 30/10/2026 : la voie amiable est épuisée.
      Créance commerciale contre un commerçant ou une société commerciale : requête au président du tribunal de commerce."
    `);
    expect(advice.claim).toEqual({ principalCents: 900_000, interestCents: 12_500, indemnityCents: 8_000, totalCents: 920_500 });
    expect(advice.court).toEqual({ kind: 'commerce', label: 'Tribunal de commerce', suggestedCity: null, forLocality: '33000 BORDEAUX', cerfa: 'Cerfa n° 12946*02', needsConfirmation: true });
    expect(advice.warnings.some((w) => w.includes('12946*02') && w.includes('à vérifier'))).toBe(true);
  });

  it('warns of the TAE contribution above 50 000 €', () => {
    const advice = adviseProcedure(facts({ invoices: [inv({ remainingCents: c(6_000_000) })], debtor: { city: 'NANTERRE CEDEX', postcode: '92000' } }));
    expect(advice.court?.kind).toBe('activites_economiques');
    expect(advice.warnings.join('\n')).toMatch(/contribution pour la justice économique/);
  });
});

describe('claimDeclarationDeadline (R622-24 C. com.)', () => {
  it.each([
    ['2026-10-15', false, '2026-12-15'],
    ['2026-10-15', true, '2027-02-15'],
    ['2026-12-31', false, '2027-02-28'], // month end clamped (CPC 641)
    ['2027-12-31', false, '2028-02-29'], // leap year
    ['2026-10-31', true, '2027-02-28'],
    ['2026-11-30', true, '2027-03-30'],
  ] as const)('BODACC %s, abroad %s → %s', (bodacc, abroad, expected) => {
    expect(claimDeclarationDeadline(d(bodacc), abroad)).toBe(expected);
  });

  it('is unknown until the BODACC publication', () => {
    expect(claimDeclarationDeadline(null, false)).toBeNull();
    expect(claimDeclarationDeadline(null, true)).toBeNull();
  });

  it('refuses a date that is not one', () => {
    expect(() => claimDeclarationDeadline(d('2026-02-30'), false)).toThrow(RangeError);
  });
});

describe('merchantRule and the TAE cities', () => {
  it.each([
    ['SARL', true, true],
    ['S.A.S.', true, true],
    ['SASU', true, true],
    ['EURL', true, true],
    ['SA', true, true],
    ['SNC', true, true],
    ['Société par actions simplifiée', true, true],
    ['SCOP SARL', true, true],
    ['SCI', false, true],
    ['Société civile de moyens', false, true],
    ['Association', false, true],
    ['EI', false, false],
    ['Micro-entreprise', false, false],
    ['Profession libérale', false, false],
    ['SELARL', false, false],
    ['GIE', false, false],
    ['Limited', false, false],
    [null, false, false],
  ] as const)('%s → merchant %s (certain %s)', (form, isMerchant, certain) => {
    const rule = merchantRule('business', form);
    expect(rule).toMatchObject({ isMerchant, certain });
    expect(rule.basis.length).toBeGreaterThan(0);
  });

  it('a consumer is never a merchant', () => {
    expect(merchantRule('consumer', 'SARL')).toMatchObject({ isMerchant: false, certain: true });
  });

  it.each([
    ['LYON', 'Lyon'],
    ['LYON CEDEX 07', 'Lyon'],
    ['LE HAVRE', 'Le Havre'],
    ['Saint-Brieuc', 'Saint-Brieuc'],
    ['ST BRIEUC CEDEX', 'Saint-Brieuc'],
    ['PARIS 08', 'Paris'],
    ['VILLEURBANNE', null],
    ['LYONS LA FORET', null],
    [null, null],
  ] as const)('TAE city of %s → %s', (city, expected) => {
    expect(taeCityOf(city)).toBe(expected);
  });
});

// ——— Properties ———

const DAY0 = toDayNumber(AS_OF);
const dateAround = (min: number, max: number) => fc.integer({ min, max }).map((n) => fromDayNumber(DAY0 + n));

const invoiceArb = fc.record({
  dueOffset: fc.integer({ min: -2000, max: 60 }),
  remainingCents: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1_500_000 })),
  interestCents: fc.integer({ min: 0, max: 100_000 }),
  indemnityCents: fc.constantFrom(0, 4_000),
  disputed: fc.boolean(),
  prescriptionOffset: fc.integer({ min: -400, max: 2000 }),
  inPaymentPlan: fc.boolean(),
  factored: fc.boolean(),
});

const factsArb: fc.Arbitrary<AdvisorFacts> = fc
  .record({
    invoices: fc.array(invoiceArb, { maxLength: 6 }),
    kind: fc.constantFrom('business' as const, 'consumer' as const),
    legalForm: fc.constantFrom('SARL', 'SAS', 'EI', 'SCI', 'Association', null),
    country: fc.constantFrom('FR', 'FR', 'RE', 'DE', 'IT', 'DK', 'CH', 'US', 'GB'),
    city: fc.constantFrom('LYON', 'BORDEAUX', 'PARIS CEDEX 08', 'NANTERRE', null),
    notice: fc.constantFrom('none', 'generated', 'sent', 'running', 'passed'),
    procedure: fc.option(
      fc.record({
        kind: fc.constantFrom('safeguard' as const, 'reorganisation' as const, 'liquidation' as const),
        judgmentOffset: fc.integer({ min: -300, max: 0 }),
        bodaccDelay: fc.option(fc.integer({ min: 0, max: 40 })),
        creditorAbroad: fc.boolean(),
      }),
    ),
    plan: fc.boolean(),
  })
  .map((r) => {
    const invoices: AdvisorInvoice[] = r.invoices.map((i, n) => {
      const dueDate = fromDayNumber(DAY0 + i.dueOffset);
      return {
        number: `F-${n + 1}`,
        issueDate: addDays(dueDate, -30),
        dueDate,
        deliveryDate: addDays(dueDate, -30),
        remainingCents: c(i.remainingCents),
        interestCents: c(i.interestCents),
        indemnityCents: c(r.kind === 'business' ? i.indemnityCents : 0),
        disputed: i.disputed,
        prescriptionDate: fromDayNumber(DAY0 + i.prescriptionOffset),
        inPaymentPlan: i.inPaymentPlan,
        factored: i.factored,
      };
    });
    const notices: Record<string, FormalNoticeState> = {
      none: { sent: null, received: null, deadline: null },
      generated: { generated: addDays(AS_OF, -2), sent: null, received: null, deadline: null },
      sent: { sent: addDays(AS_OF, -5), received: null, deadline: null },
      running: { sent: addDays(AS_OF, -5), received: addDays(AS_OF, -3), deadline: addDays(AS_OF, 5) },
      passed: PASSED,
    };
    const judgmentDate = r.procedure ? fromDayNumber(DAY0 + r.procedure.judgmentOffset) : null;
    return {
      asOf: AS_OF,
      claim: claimOf(invoices.filter((i) => !i.disputed && i.remainingCents > 0)),
      invoices,
      debtor: {
        kind: r.kind,
        legalForm: r.kind === 'business' ? r.legalForm : null,
        isMerchant: merchantRule(r.kind, r.kind === 'business' ? r.legalForm : null).isMerchant,
        country: r.country,
        city: r.city,
        postcode: null,
      },
      formalNotice: notices[r.notice]!,
      collectiveProcedure:
        r.procedure && judgmentDate
          ? {
              kind: r.procedure.kind,
              judgmentDate,
              bodaccDate: r.procedure.bodaccDelay === null ? null : addDays(judgmentDate, r.procedure.bodaccDelay),
              creditorAbroad: r.procedure.creditorAbroad,
            }
          : null,
      paymentPlanInForce: r.plan,
    };
  });

const COURT_PROCEDURES: readonly AdvisedProcedure[] = ['payment_order', 'small_claims_or_payment_order', 'european_order', 'european_small_claims', 'claim_declaration'];

describe('adviseProcedure: properties', () => {
  it('never claims a disputed, prescribed or factored invoice; every disputed open invoice is listed as left out', () => {
    fc.assert(
      fc.property(factsArb, (facts) => {
        const advice = adviseProcedure(facts);
        const byNumber = new Map(facts.invoices.map((i) => [i.number, i]));
        for (const number of advice.invoiceNumbers) {
          const i = byNumber.get(number)!;
          expect(i.disputed).toBe(false);
          expect(i.factored).toBe(false);
          expect(facts.asOf <= i.prescriptionDate).toBe(true);
          expect(i.remainingCents).toBeGreaterThan(0);
        }
        const left = new Set(advice.excludedInvoices.map((e) => e.number));
        for (const i of facts.invoices) if (i.disputed && i.remainingCents > 0) expect(left.has(i.number)).toBe(true);
        expect(advice.claim).toEqual(claimOf(facts.invoices.filter((i) => advice.invoiceNumbers.includes(i.number))));
      }),
      { numRuns: 500 },
    );
  });

  it('a debtor under a collective procedure always gets a claim declaration when there is anything to declare, and never any other procedure', () => {
    fc.assert(
      fc.property(factsArb, (facts) => {
        const advice = adviseProcedure(facts);
        const proc = facts.collectiveProcedure;
        if (!proc) {
          expect(advice.procedure).not.toBe('claim_declaration');
          return;
        }
        const declarable = facts.invoices.some(
          (i) => i.remainingCents > 0 && !i.disputed && !i.factored && facts.asOf <= i.prescriptionDate && (i.deliveryDate ?? i.issueDate) <= proc.judgmentDate,
        );
        expect(advice.procedure).toBe(declarable ? 'claim_declaration' : 'nothing_to_claim');
        expect(advice.court).toBeNull();
        expect(advice.claimDeclarationDeadline ?? null).toBe(claimDeclarationDeadline(proc.bodaccDate, proc.creditorAbroad));
      }),
      { numRuns: 500 },
    );
  });

  it('respects the thresholds and the countries of each procedure; a French court is always to be confirmed', () => {
    fc.assert(
      fc.property(factsArb, (facts) => {
        const advice = adviseProcedure(facts);
        const country = facts.debtor.country;
        const target = advice.next ?? advice.procedure;
        if (target === 'small_claims_or_payment_order') {
          expect(advice.claim.totalCents).toBeLessThanOrEqual(ADVISOR_THRESHOLDS.smallClaimsCents);
          expect(['FR', 'RE']).toContain(country);
        }
        if (target === 'european_small_claims') expect(advice.claim.principalCents).toBeLessThanOrEqual(ADVISOR_THRESHOLDS.europeanSmallClaimsCents);
        if (target === 'european_small_claims' || target === 'european_order') {
          expect(country in EU_MEMBER_STATES && country !== 'DK' && country !== 'FR').toBe(true);
        }
        if (target === 'payment_order' || target === 'small_claims_or_payment_order') {
          expect(advice.court?.needsConfirmation).toBe(true);
          expect(advice.warnings).toContainEqual(expect.stringContaining(DOMICILE));
          expect(advice.court?.kind).toMatch(facts.debtor.kind === 'consumer' || !facts.debtor.isMerchant ? /^judiciaire$/ : /^(commerce|activites_economiques)$/);
        } else {
          expect(advice.court).toBeNull();
        }
        // A court procedure is only advised on what was kept.
        if (COURT_PROCEDURES.includes(advice.procedure)) expect(advice.invoiceNumbers.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it('the formal-notice steps lead somewhere, and are skipped when prescription is imminent', () => {
    fc.assert(
      fc.property(factsArb, (facts) => {
        const advice = adviseProcedure(facts);
        if (advice.procedure === 'formal_notice_first' || advice.procedure === 'wait_formal_notice_deadline') {
          expect(advice.next).not.toBeNull();
          const kept = facts.invoices.filter((i) => advice.invoiceNumbers.includes(i.number));
          expect(kept.every((i) => addDays(facts.asOf, 60) < i.prescriptionDate)).toBe(true);
        } else {
          expect(advice.next).toBeNull();
        }
      }),
      { numRuns: 500 },
    );
  });

  it('claimDeclarationDeadline: two months after the publication, four from abroad', () => {
    fc.assert(
      fc.property(dateAround(-3000, 3000), (bodacc) => {
        const home = claimDeclarationDeadline(bodacc, false)!;
        const abroad = claimDeclarationDeadline(bodacc, true)!;
        expect(home).toBe(addMonths(bodacc, 2));
        expect(abroad).toBe(addMonths(bodacc, 4));
        expect(home > bodacc).toBe(true);
        expect(abroad > home).toBe(true);
      }),
    );
  });
});
