import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { cents } from './money.js';
import type { PaymentTerms } from './client.js';
import {
  CREDIT_LIMIT_ALERT_LEVELS,
  SCORE_GRADES,
  SCORE_RULES,
  TERMS_RULES,
  creditLimitAlert,
  creditLimitAlertLabel,
  gradeOf,
  scoreClient,
  suggestTerms,
  type PaymentBehaviourFacts,
  type ScoreBand,
} from './score.js';

const c = (n: number) => cents(n);
/** Labels use no-break spaces before units; tests read them with plain spaces. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

function facts(partial: Partial<PaymentBehaviourFacts> = {}): PaymentBehaviourFacts {
  return {
    settledInvoices: 10,
    settledLate: 0,
    avgDaysLate: 0,
    openOverdueCents: c(0),
    openCents: c(0),
    disputes: 0,
    brokenPromises: 0,
    keptPromises: 0,
    creditLimitCents: null,
    ...partial,
  };
}

const effects = (f: PaymentBehaviourFacts) => Object.fromEntries(scoreClient(f).reasons.map((r) => [r.key, r.effect]));
const rank = (grade: string) => SCORE_GRADES.indexOf(grade as never);

describe('scoreClient: worked cases', () => {
  it('a punctual client is A with 100 points, every reason good', () => {
    const s = scoreClient(facts({ settledInvoices: 24, openCents: c(150_000) }));
    expect(s).toMatchObject({ grade: 'A', points: 100 });
    expect(s.reasons.map((r) => [r.key, plain(r.label), r.effect, r.tone])).toEqual([
      ['start', 'Note de départ : 100 points', 100, 'neutral'],
      ['avg_days_late', 'Retard moyen : 0 jour', 0, 'good'],
      ['share_late', 'Factures réglées en retard : 0 sur 24 (0 %)', 0, 'good'],
      ['disputes', 'Aucun litige sur 24 mois', 0, 'good'],
      ['promises', 'Aucune promesse non tenue sur 24 mois', 0, 'good'],
      ['overdue', 'Aucun impayé échu', 0, 'good'],
    ]);
  });

  it('a client without any settled invoice is B, « Pas encore d’historique de paiement »', () => {
    const s = scoreClient(facts({ settledInvoices: 0, openCents: c(50_000) }));
    expect(s).toMatchObject({ grade: 'B', points: 75 });
    expect(s.reasons.find((r) => r.key === 'no_history')).toEqual({ key: 'no_history', label: 'Pas encore d’historique de paiement', effect: -25, tone: 'neutral' });
    expect(s.reasons.some((r) => r.key === 'avg_days_late' || r.key === 'share_late')).toBe(false);
  });

  it('a newcomer late on a first invoice stays B; broken promises and disputes take it to C, then D', () => {
    const never = facts({ settledInvoices: 0, openCents: c(300_000), openOverdueCents: c(300_000) });
    expect(scoreClient(never)).toMatchObject({ grade: 'B', points: 60 }); // 100 − 25 − 15
    expect(scoreClient({ ...never, brokenPromises: 1 })).toMatchObject({ grade: 'C', points: 50 });
    expect(scoreClient({ ...never, brokenPromises: 2, disputes: 1 })).toMatchObject({ grade: 'D', points: 35 });
  });

  it('a chronically late client with a broken promise is C or D, and says why', () => {
    // avg 40 days (−25), 9 of 10 late (−15), 1 dispute (−5), 1 broken promise of 2 (−10),
    // overdue 6 000 € of a 10 000 € limit = 60 % (−15): 100 − 70 = 30 → D.
    const s = scoreClient(
      facts({ settledLate: 9, avgDaysLate: 40, disputes: 1, brokenPromises: 1, keptPromises: 1, openCents: c(800_000), openOverdueCents: c(600_000), creditLimitCents: c(1_000_000) }),
    );
    expect(s).toMatchObject({ grade: 'D', points: 30 });
    expect(s.reasons.map((r) => [r.key, plain(r.label), r.effect, r.tone])).toEqual([
      ['start', 'Note de départ : 100 points', 100, 'neutral'],
      ['avg_days_late', 'Retard moyen : 40 jours', -25, 'bad'],
      ['share_late', 'Factures réglées en retard : 9 sur 10 (90 %)', -15, 'bad'],
      ['disputes', 'Litiges sur 24 mois : 1', -5, 'neutral'],
      ['promises', 'Promesses non tenues sur 24 mois : 1 sur 2', -10, 'bad'],
      ['overdue', 'Échu : 6 000,00 €, soit 60 % de l’encours autorisé (10 000,00 €)', -15, 'bad'],
    ]);
  });

  it('a client often a little late is A, B once a quarter of its credit limit is overdue', () => {
    // avg 12 days (−10), 6 of 10 late (−10): 80 → A; with 25 % of the limit overdue (−10): 70 → B.
    expect(scoreClient(facts({ settledLate: 6, avgDaysLate: 12 }))).toMatchObject({ grade: 'A', points: 80 });
    expect(scoreClient(facts({ settledLate: 6, avgDaysLate: 12, openCents: c(25_000), openOverdueCents: c(25_000), creditLimitCents: c(100_000) }))).toMatchObject({
      grade: 'B',
      points: 70,
    });
  });

  it('reads every band boundary as documented', () => {
    const avg = (d: number) => effects(facts({ avgDaysLate: d })).avg_days_late;
    expect([0, 5, 6, 10, 11, 20, 21, 30, 31, 60, 61, 400].map(avg)).toEqual([0, 0, -5, -5, -10, -10, -20, -20, -25, -25, -30, -30]);
    const share = (late: number) => effects(facts({ settledInvoices: 20, settledLate: late })).share_late;
    // 20 invoices: 3 = 15 %, 4 = 20 %, 9 = 45 %, 10 = 50 %, 15 = 75 %, 16 = 80 %
    expect([0, 3, 4, 9, 10, 15, 16, 20].map(share)).toEqual([0, 0, -5, -5, -10, -10, -15, -15]);
    const disputes = (n: number) => effects(facts({ disputes: n })).disputes;
    expect([0, 1, 2, 5].map(disputes)).toEqual([0, -5, -10, -10]);
    const broken = (n: number) => effects(facts({ brokenPromises: n })).promises;
    expect([0, 1, 2, 3].map(broken)).toEqual([0, -10, -20, -20]);
    const vsLimit = (overdue: number) => effects(facts({ openCents: c(overdue), openOverdueCents: c(overdue), creditLimitCents: c(100_000) })).overdue;
    expect([0, 1, 24_999, 25_000, 49_999, 50_000, 99_999, 100_000, 500_000].map(vsLimit)).toEqual([0, -5, -5, -10, -10, -15, -15, -20, -20]);
    const vsOpen = (overdue: number) => effects(facts({ openCents: c(100_000), openOverdueCents: c(overdue) })).overdue;
    expect([0, 1, 49_999, 50_000, 99_999, 100_000].map(vsOpen)).toEqual([0, -5, -5, -10, -10, -15]);
  });

  it('treats a credit limit of 0 with anything overdue as exceeded', () => {
    const s = scoreClient(facts({ openCents: c(100), openOverdueCents: c(100), creditLimitCents: c(0) }));
    const overdue = s.reasons.find((r) => r.key === 'overdue')!;
    expect(overdue.effect).toBe(-20);
    expect(plain(overdue.label)).toBe('Échu : 1,00 €, au-delà de l’encours autorisé (0,00 €)');
  });

  it('labels kept promises and overdue without a credit limit', () => {
    const s = scoreClient(facts({ keptPromises: 2, openCents: c(400_000), openOverdueCents: c(100_000) }));
    expect(s.reasons.filter((r) => r.key === 'promises' || r.key === 'overdue').map((r) => [plain(r.label), r.tone])).toEqual([
      ['Promesses tenues sur 24 mois : 2 sur 2', 'good'],
      ['Échu : 1 000,00 €, soit 25 % de l’encours (pas d’encours autorisé fixé)', 'neutral'],
    ]);
  });
});

describe('the rules table', () => {
  const bandTables: [string, readonly ScoreBand[]][] = [
    ['avgDaysLate', SCORE_RULES.avgDaysLate],
    ['shareLatePercent', SCORE_RULES.shareLatePercent],
    ['overdueVsLimitPermille', SCORE_RULES.overdueVsLimitPermille],
    ['overdueVsOpenPermille', SCORE_RULES.overdueVsOpenPermille],
  ];
  it.each(bandTables)('%s starts at 0 with no effect, rises and only takes points away', (_, bands) => {
    expect(bands[0]).toEqual({ from: 0, effect: 0 });
    for (let n = 1; n < bands.length; n++) {
      expect(bands[n]!.from).toBeGreaterThan(bands[n - 1]!.from);
      expect(bands[n]!.effect).toBeLessThanOrEqual(bands[n - 1]!.effect);
    }
  });

  it('cannot take away more than the starting points', () => {
    const last = (bands: readonly ScoreBand[]) => bands[bands.length - 1]!.effect;
    const worst =
      last(SCORE_RULES.avgDaysLate) +
      last(SCORE_RULES.shareLatePercent) +
      SCORE_RULES.disputes.max +
      SCORE_RULES.brokenPromises.max +
      Math.min(last(SCORE_RULES.overdueVsLimitPermille), last(SCORE_RULES.overdueVsOpenPermille));
    expect(SCORE_RULES.startPoints + worst).toBeGreaterThanOrEqual(0);
    expect(SCORE_RULES.noHistoryEffect).toBeGreaterThanOrEqual(last(SCORE_RULES.avgDaysLate) + last(SCORE_RULES.shareLatePercent));
  });

  it('grades A ≥ 80, B ≥ 60, C ≥ 40, else D', () => {
    expect([100, 80, 79, 60, 59, 40, 39, 0].map(gradeOf)).toEqual(['A', 'A', 'B', 'B', 'C', 'C', 'D', 'D']);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

const money = fc.integer({ min: 0, max: 1_000_000_000_00 });
const factsArb = fc
  .record({
    settledInvoices: fc.integer({ min: 0, max: 500 }),
    lateShare: fc.integer({ min: 0, max: 1000 }),
    avgDaysLate: fc.integer({ min: 0, max: 400 }),
    openCents: money,
    overdueShare: fc.integer({ min: 0, max: 1000 }),
    disputes: fc.integer({ min: 0, max: 10 }),
    brokenPromises: fc.integer({ min: 0, max: 10 }),
    keptPromises: fc.integer({ min: 0, max: 10 }),
    creditLimitCents: fc.option(money, { nil: null }),
  })
  .map(
    (r): PaymentBehaviourFacts => ({
      settledInvoices: r.settledInvoices,
      settledLate: Math.floor((r.settledInvoices * r.lateShare) / 1000),
      avgDaysLate: r.settledInvoices === 0 ? 0 : r.avgDaysLate,
      openCents: c(r.openCents),
      openOverdueCents: c(Math.floor((r.openCents * r.overdueShare) / 1000)),
      disputes: r.disputes,
      brokenPromises: r.brokenPromises,
      keptPromises: r.keptPromises,
      creditLimitCents: r.creditLimitCents === null ? null : c(r.creditLimitCents),
    }),
  );

/** Something worse (or the same) on every count: later, more often late, more disputes, more broken promises, more overdue, a lower limit. */
const worseningArb = fc.record({
  days: fc.integer({ min: 0, max: 200 }),
  late: fc.integer({ min: 0, max: 500 }),
  disputes: fc.integer({ min: 0, max: 5 }),
  broken: fc.integer({ min: 0, max: 5 }),
  overdue: fc.integer({ min: 0, max: 1_000_000_00 }),
  limitCut: fc.integer({ min: 0, max: 1_000_000_00 }),
});

describe('scoreClient: properties', () => {
  it('the reasons’ effects add up to the points, which stay within 0..100 and give the grade', () => {
    fc.assert(
      fc.property(factsArb, (f) => {
        const s = scoreClient(f);
        expect(s.reasons.reduce((sum, r) => sum + r.effect, 0)).toBe(s.points);
        expect(s.points).toBeGreaterThanOrEqual(0);
        expect(s.points).toBeLessThanOrEqual(SCORE_RULES.startPoints);
        expect(s.grade).toBe(gradeOf(s.points));
        expect(Number.isInteger(s.points)).toBe(true);
        for (const r of s.reasons) {
          expect(r.label.length).toBeGreaterThan(0);
          expect(r.tone).toBe(r.key === 'start' || r.key === 'no_history' ? 'neutral' : r.effect === 0 ? 'good' : r.effect >= -5 ? 'neutral' : 'bad');
          if (r.key !== 'start') expect(r.effect).toBeLessThanOrEqual(0);
        }
      }),
    );
  });

  it('is monotone: worse facts never give more points nor a better grade', () => {
    fc.assert(
      fc.property(factsArb, worseningArb, (f, w) => {
        const worse: PaymentBehaviourFacts = {
          ...f,
          avgDaysLate: f.settledInvoices === 0 ? 0 : f.avgDaysLate + w.days,
          settledLate: Math.min(f.settledInvoices, f.settledLate + w.late),
          disputes: f.disputes + w.disputes,
          brokenPromises: f.brokenPromises + w.broken,
          // a new overdue amount adds to both the overdue and the open balance
          openOverdueCents: c(f.openOverdueCents + w.overdue),
          openCents: c(f.openCents + w.overdue),
          creditLimitCents: f.creditLimitCents === null ? null : c(Math.max(0, f.creditLimitCents - w.limitCut)),
        };
        const a = scoreClient(f);
        const b = scoreClient(worse);
        expect(b.points).toBeLessThanOrEqual(a.points);
        expect(rank(b.grade)).toBeGreaterThanOrEqual(rank(a.grade));
      }),
    );
  });
});

describe('creditLimitAlert', () => {
  it('alerts at 50, 70 and 90 % of the limit on the open balance', () => {
    const limit = c(1_000_000);
    expect([0, 499_999, 500_000, 699_999, 700_000, 899_999, 900_000, 1_000_000, 2_500_000].map((o) => creditLimitAlert(c(o), limit))).toEqual([
      { level: null, usedPermille: 0 },
      { level: null, usedPermille: 499 },
      { level: 50, usedPermille: 500 },
      { level: 50, usedPermille: 699 },
      { level: 70, usedPermille: 700 },
      { level: 70, usedPermille: 899 },
      { level: 90, usedPermille: 900 },
      { level: 90, usedPermille: 1000 },
      { level: 90, usedPermille: 2500 },
    ]);
  });

  it('gives no alert without a limit; a limit of 0 is used up by any open balance', () => {
    expect(creditLimitAlert(c(1_000_000_00), null)).toEqual({ level: null, usedPermille: 0 });
    expect(creditLimitAlert(c(0), c(0))).toEqual({ level: null, usedPermille: 0 });
    expect(creditLimitAlert(c(1), c(0))).toEqual({ level: 90, usedPermille: 1000 });
  });

  it('says it in French', () => {
    expect(plain(creditLimitAlertLabel(creditLimitAlert(c(720_000), c(1_000_000)))!)).toBe('Encours à 72 % de l’encours autorisé (seuil de 70 % atteint)');
    expect(plain(creditLimitAlertLabel(creditLimitAlert(c(1_200_000), c(1_000_000)))!)).toBe('Encours autorisé dépassé (120 %)');
    expect(creditLimitAlertLabel(creditLimitAlert(c(100), c(1_000_000)))).toBeNull();
  });

  it('property: the level is the highest threshold reached, on exact integer arithmetic', () => {
    fc.assert(
      fc.property(money, fc.integer({ min: 1, max: 1_000_000_000_00 }), (open, limit) => {
        const a = creditLimitAlert(c(open), c(limit));
        expect(BigInt(a.usedPermille)).toBe((BigInt(open) * 1000n) / BigInt(limit) > 1_000_000n ? 1_000_000n : (BigInt(open) * 1000n) / BigInt(limit));
        const reached = CREDIT_LIMIT_ALERT_LEVELS.filter((t) => BigInt(open) * 100n >= BigInt(limit) * BigInt(t));
        expect(a.level).toBe(reached.length ? reached[reached.length - 1] : null);
      }),
    );
  });
});

describe('suggestTerms', () => {
  const net = (days: number): PaymentTerms => ({ mode: 'net', days });
  const eom45: PaymentTerms = { mode: 'eom45' };

  it('A: longer terms, never beyond the legal maximum', () => {
    const s = suggestTerms('A', net(30));
    expect(s.terms).toEqual(net(45));
    expect(s.depositPercent).toBeNull();
    expect(plain(s.reason)).toBe(
      'Client fiable : vous pouvez lui accorder 45 jours au lieu de 30 jours (au plus 60 jours, ou 45 jours fin de mois, selon l’article L441-10 du Code de commerce).',
    );
    expect(suggestTerms('A', net(50)).terms).toEqual(net(60));
    expect(suggestTerms('A', net(60)).terms).toEqual(net(60));
    expect(suggestTerms('A', net(90)).terms).toEqual(net(90)); // a sector exception is kept, not lengthened
    expect(suggestTerms('A', eom45).terms).toEqual(eom45);
    expect(plain(suggestTerms('A', net(0)).reason)).toMatch(/accorder 15 jours au lieu d’un paiement à réception/);
  });

  it('B keeps the terms; C shortens to 15 days; D asks a 30 % deposit and payment on delivery', () => {
    expect(suggestTerms('B', eom45)).toEqual({ terms: eom45, depositPercent: null, reason: 'Paiements corrects : gardez les conditions actuelles (45 jours fin de mois).' });
    expect(suggestTerms('C', net(45))).toMatchObject({ terms: net(15), depositPercent: null });
    expect(plain(suggestTerms('C', net(45)).reason)).toBe('Retards répétés : raccourcissez le délai à 15 jours au lieu de 45 jours pour le prochain contrat.');
    expect(suggestTerms('C', eom45).terms).toEqual(net(15));
    expect(suggestTerms('C', net(10)).terms).toEqual(net(10));
    const d = suggestTerms('D', net(30));
    expect(d).toMatchObject({ terms: net(0), depositPercent: 30 });
    expect(plain(d.reason)).toBe('Client à risque : demandez un acompte de 30 % à la commande et le solde à la livraison (paiement à réception).');
  });

  it('property: the suggestion follows the grade, within the law', () => {
    const termsArb = fc.oneof(fc.integer({ min: 0, max: 90 }).map(net), fc.constant(eom45));
    fc.assert(
      fc.property(fc.constantFrom(...SCORE_GRADES), termsArb, (grade, current) => {
        const s = suggestTerms(grade, current);
        expect(s.reason.length).toBeGreaterThan(0);
        const days = (t: PaymentTerms) => (t.mode === 'eom45' ? null : t.days);
        if (grade === 'A') {
          const cur = days(current);
          const sug = days(s.terms);
          if (cur === null) expect(s.terms).toEqual(current);
          else if (cur >= TERMS_RULES.maxAgreedNetDays) expect(s.terms).toEqual(current);
          else expect(sug).toBe(Math.min(TERMS_RULES.maxAgreedNetDays, cur + TERMS_RULES.reliableExtraDays));
        }
        if (grade === 'B') expect(s.terms).toEqual(current);
        if (grade === 'C') {
          expect(s.terms.mode).toBe('net');
          expect(days(s.terms)).toBeLessThanOrEqual(TERMS_RULES.riskyNetDays);
        }
        if (grade === 'D') expect(s).toMatchObject({ terms: net(0), depositPercent: TERMS_RULES.highRiskDepositPercent });
        else expect(s.depositPercent).toBeNull();
        if (s.terms !== current && s.terms.mode === 'net') expect(s.terms.days).toBeLessThanOrEqual(TERMS_RULES.maxAgreedNetDays);
      }),
    );
  });
});
