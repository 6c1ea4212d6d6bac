import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, fromDayNumber, toDayNumber, type IsoDate } from './dates.js';
import type { Cents } from './money.js';
import { buildQueue, scenarioFor, scenarioProblems, stepFor, type QueueClientFacts, type QueueInvoiceFacts, type Scenario, type ScenarioStep } from './scenarios.js';

const d = (s: string) => s as IsoDate;

function step(position: number, offsetDays: number, channel: ScenarioStep['channel'] = 'email'): ScenarioStep {
  return {
    id: position,
    position,
    offsetDays,
    channel,
    template: channel === 'phone' || channel === 'sms' ? null : channel === 'registered_letter' ? 'formal_notice' : 'friendly_reminder',
    tone: 'courteous',
    contactRole: 'accounting',
    needsValidation: channel === 'phone' || channel === 'registered_letter',
  };
}

/** The shipped Standard scenario: −3 e-mail, +7 e-mail, +15 letter, +30 call, +45 formal notice. */
const STANDARD: Scenario = {
  id: 1,
  name: 'Standard',
  description: '',
  builtinKey: 'standard',
  forScores: ['B'],
  isDefault: true,
  steps: [step(1, -3), step(2, 7), step(3, 15, 'letter'), step(4, 30, 'phone'), step(5, 45, 'registered_letter')],
};

function invoice(partial: Partial<QueueInvoiceFacts> & Pick<QueueInvoiceFacts, 'id' | 'dueDate'>): QueueInvoiceFacts {
  return { number: `F-${partial.id}`, remainingCents: 10_000 as Cents, disputed: false, writtenOff: false, financing: null, excluded: false, lastStepOffset: null, ...partial };
}

function client(id: number, invoices: QueueInvoiceFacts[], partial: Partial<QueueClientFacts> = {}): QueueClientFacts {
  return { id, name: `Client ${id}`, scenario: STANDARD, holds: [], resumed: false, lastActionDate: null, invoices, ...partial };
}

describe('stepFor', () => {
  const inv = invoice({ id: 1, dueDate: d('2026-10-01') });
  it('proposes nothing before the first step is due, then the step of the day', () => {
    expect(stepFor(STANDARD.steps, inv, d('2026-09-27'), false)).toBeNull();
    expect(stepFor(STANDARD.steps, inv, d('2026-09-28'), false)).toEqual({ step: STANDARD.steps[0], skipped: 0 });
  });
  it('catches up with the latest due step only, counting those left aside', () => {
    // 40 days late, nothing done: −3, +7, +15, +30 are all due → only the call.
    expect(stepFor(STANDARD.steps, inv, d('2026-11-10'), false)).toEqual({ step: STANDARD.steps[3], skipped: 3 });
  });
  it('resumes at the next step after a hold, not at the latest', () => {
    const done15 = { ...inv, lastStepOffset: 15 };
    expect(stepFor(STANDARD.steps, done15, d('2026-12-31'), true)).toEqual({ step: STANDARD.steps[3], skipped: 0 });
    expect(stepFor(STANDARD.steps, done15, d('2026-12-31'), false)).toEqual({ step: STANDARD.steps[4], skipped: 1 });
    // even when the next step's date has not come yet
    expect(stepFor(STANDARD.steps, done15, d('2026-10-20'), true)).toEqual({ step: STANDARD.steps[3], skipped: 0 });
  });
  it('has nothing left after the last step', () => {
    expect(stepFor(STANDARD.steps, { ...inv, lastStepOffset: 45 }, d('2027-06-01'), false)).toBeNull();
  });
});

describe('buildQueue: worked cases', () => {
  const asOf = d('2026-11-23');
  it('groups a client’s invoices at the same step into one line, the most advanced step first', () => {
    const { lines } = buildQueue(
      [
        client(1, [
          invoice({ id: 1, dueDate: d('2026-11-05') }), // +18 → letter
          invoice({ id: 2, dueDate: d('2026-11-01') }), // +22 → letter
          invoice({ id: 3, dueDate: d('2026-11-14') }), // +9 → e-mail (waits for another day)
        ]),
      ],
      asOf,
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]!.step.offsetDays).toBe(15);
    expect(lines[0]!.invoices.map((i) => i.number)).toEqual(['F-2', 'F-1']);
    expect(lines[0]!.totalCents).toBe(20_000);
    expect(lines[0]!.invoices[0]!.daysLate).toBe(22);
  });
  it('leaves out paid, disputed, written-off, factored and excluded invoices, and held clients', () => {
    const due = d('2026-10-01');
    const { lines, held } = buildQueue(
      [
        client(1, [invoice({ id: 1, dueDate: due, remainingCents: 0 as Cents })]),
        client(2, [invoice({ id: 2, dueDate: due, disputed: true })]),
        client(3, [invoice({ id: 3, dueDate: due, writtenOff: true })]),
        client(4, [invoice({ id: 4, dueDate: due, financing: 'factored' })]),
        client(5, [invoice({ id: 5, dueDate: due, excluded: true })]),
        client(6, [invoice({ id: 6, dueDate: due })], { holds: [{ reason: 'promise', until: d('2026-11-30') }] }),
        client(7, [invoice({ id: 7, dueDate: due, financing: 'insured' })]),
      ],
      asOf,
    );
    expect(lines.map((l) => l.clientId)).toEqual([7]);
    expect(held).toEqual([{ clientId: 6, clientName: 'Client 6', holds: [{ reason: 'promise', until: '2026-11-30' }] }]);
  });
  it('gives nothing to a client who already had an action today', () => {
    expect(buildQueue([client(1, [invoice({ id: 1, dueDate: d('2026-10-01') })], { lastActionDate: asOf })], asOf).lines).toEqual([]);
  });
});

describe('scenarioFor', () => {
  const loyal = { ...STANDARD, id: 2, forScores: ['A' as const], isDefault: false };
  const risky = { ...STANDARD, id: 3, forScores: ['C' as const, 'D' as const], isDefault: false };
  const all = [STANDARD, loyal, risky];
  it('takes the scenario chosen by hand, else the one of the grade, else the default', () => {
    expect(scenarioFor(all, 3, 'A').id).toBe(3);
    expect(scenarioFor(all, null, 'A').id).toBe(2);
    expect(scenarioFor(all, null, 'D').id).toBe(3);
    expect(scenarioFor([STANDARD, risky], null, 'A').id).toBe(1);
  });
});

describe('scenarioProblems', () => {
  it('names the step that is out of order or incomplete', () => {
    expect(scenarioProblems(STANDARD.steps)).toEqual([]);
    expect(scenarioProblems([step(1, 10), step(2, 5)])).toEqual(['Étape 2 : elle doit venir après l’étape 1 (J+10).']);
    expect(scenarioProblems([{ offsetDays: 3, channel: 'letter', template: null }])).toEqual(['Étape 1 : choisissez le modèle de courrier.']);
    expect(scenarioProblems([{ offsetDays: -2, channel: 'registered_letter', template: 'formal_notice' }])).toEqual(['Étape 1 : une mise en demeure ne part qu’après l’échéance.']);
  });
});

// ——— Properties over many books and dates ———

const START = toDayNumber(d('2026-01-01'));
const dateArb = fc.integer({ min: 0, max: 400 }).map((n) => fromDayNumber(START + n));
const invoiceArb = (id: number) =>
  fc.record({
    dueOffset: fc.integer({ min: 0, max: 300 }),
    remainingCents: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1_000_000 })),
    disputed: fc.boolean(),
    writtenOff: fc.boolean(),
    financing: fc.constantFrom(null, null, null, 'factored' as const, 'insured' as const),
    excluded: fc.boolean(),
    lastStepOffset: fc.constantFrom(null, -3, 7, 15, 30, 45),
  }).map((r): QueueInvoiceFacts => ({ id, number: `F-${id}`, dueDate: fromDayNumber(START + r.dueOffset), remainingCents: r.remainingCents as Cents, disputed: r.disputed, writtenOff: r.writtenOff, financing: r.financing, excluded: r.excluded, lastStepOffset: r.lastStepOffset }));

const bookArb = fc.integer({ min: 1, max: 12 }).chain((n) =>
  fc.tuple(
    ...Array.from({ length: n }, (_, c) =>
      fc.record({
        invoices: fc.integer({ min: 1, max: 5 }).chain((k) => fc.tuple(...Array.from({ length: k }, (_, i) => invoiceArb(c * 10 + i + 1)))),
        held: fc.boolean(),
        resumed: fc.boolean(),
      }).map((r): QueueClientFacts => client(c + 1, r.invoices, { holds: r.held ? [{ reason: 'call_back', until: null }] : [], resumed: r.resumed })),
    ),
  ),
);

describe('buildQueue: properties', () => {
  it('never proposes a paid, disputed, written-off, factored or excluded invoice, nor a held client, and at most one line per client', () => {
    fc.assert(
      fc.property(bookArb, dateArb, (book, asOf) => {
        const { lines } = buildQueue(book, asOf);
        const byId = new Map(book.flatMap((c) => c.invoices.map((i) => [i.id, i] as const)));
        expect(new Set(lines.map((l) => l.clientId)).size).toBe(lines.length);
        for (const line of lines) {
          expect(book.find((c) => c.id === line.clientId)!.holds).toEqual([]);
          for (const li of line.invoices) {
            const inv = byId.get(li.id)!;
            expect(inv.remainingCents).toBeGreaterThan(0);
            expect(inv.disputed || inv.writtenOff || inv.excluded || inv.financing === 'factored').toBe(false);
            // never a step before its date (unless resuming after a broken promise), never one already done
            if (!line.resumed) expect(addDays(inv.dueDate, line.step.offsetDays) <= asOf).toBe(true);
            if (inv.lastStepOffset !== null) expect(line.step.offsetDays).toBeGreaterThan(inv.lastStepOffset);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('processing the queue every day sends each invoice its steps in order, one action per client per day; after 30 days closed, at most one per client and only the latest due step', () => {
    fc.assert(
      fc.property(bookArb, fc.integer({ min: 0, max: 200 }), fc.integer({ min: 31, max: 60 }), (initial, closedFrom, closedDays) => {
        // Only chaseable facts evolve here: the user does every proposed action.
        let book: QueueClientFacts[] = initial.map((c) => ({ ...c, holds: [], resumed: false, invoices: c.invoices.map((i) => ({ ...i, lastStepOffset: null })) }));
        const sent = new Map<number, number[]>();
        for (let day = 0; day <= 320; day++) {
          if (day >= closedFrom && day < closedFrom + closedDays) continue; // the app stays closed
          const asOf = fromDayNumber(START + day);
          const { lines } = buildQueue(book, asOf);
          if (day === closedFrom + closedDays) {
            // The day it reopens: each proposed invoice gets the latest step that applies, no older one.
            for (const line of lines) {
              for (const li of line.invoices) {
                const inv = book.flatMap((c) => c.invoices).find((i) => i.id === li.id)!;
                const latestDue = STANDARD.steps.filter((s) => (inv.lastStepOffset === null || s.offsetDays > inv.lastStepOffset) && addDays(inv.dueDate, s.offsetDays) <= asOf).at(-1)!;
                expect(line.step.offsetDays).toBe(latestDue.offsetDays);
              }
            }
          }
          expect(new Set(lines.map((l) => l.clientId)).size).toBe(lines.length);
          book = book.map((c) => {
            const line = lines.find((l) => l.clientId === c.id);
            if (!line) return c;
            return {
              ...c,
              lastActionDate: asOf,
              invoices: c.invoices.map((i) => {
                if (!line.invoices.some((li) => li.id === i.id)) return i;
                sent.set(i.id, [...(sent.get(i.id) ?? []), line.step.offsetDays]);
                return { ...i, lastStepOffset: line.step.offsetDays };
              }),
            };
          });
        }
        for (const offsets of sent.values()) {
          // strictly increasing: no step twice, never backwards
          offsets.forEach((o, k) => k > 0 && expect(o).toBeGreaterThan(offsets[k - 1]!));
        }
      }),
      { numRuns: 60 },
    );
  });
});
