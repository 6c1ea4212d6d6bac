// Collective procedures on real books: recording (checks, one in force per client, journal), the
// declaration deadline (two months from the BODACC publication, four from abroad, month ends),
// and the déclaration de créance letter (content read back with pdftotext, archive, register).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IsoDate } from '../../../shared/domain/dates.js';
import { formatEuros } from '../../../shared/domain/money.js';
import { aClient, aCompany, aConsumer } from '../../../test/helpers/builders.js';
import { freshCore, type TestCore } from '../../../test/helpers/core.js';
import { documentContent } from '../letters.js';
import {
  claimDeclarationModel,
  collectiveProcedureInForce,
  endCollectiveProcedure,
  generateClaimDeclaration,
  listCollectiveProcedures,
  recordCollectiveProcedure,
  updateCollectiveProcedure,
  type CollectiveProcedureInput,
} from './collective.js';

const d = (s: string) => s as IsoDate;
const MANDATAIRE = ['SELARL MJ ALPHA', '', '', '10 rue de la République', '', '33000 Bordeaux'];

let core: TestCore; // today: 2026-11-23
let clientId: number;
beforeEach(async () => {
  core = freshCore();
  await core.call('company.save', aCompany());
  clientId = (await core.call('clients.create', aClient({ name: 'Menuiserie Girard', address: ['MENUISERIE GIRARD', '', '', '5 quai des Chartrons', '', '33000 BORDEAUX'] }))).id;
}, 60_000);
afterEach(() => core.close());

function procedure(overrides: Partial<CollectiveProcedureInput> = {}) {
  return recordCollectiveProcedure(core.ctx, {
    clientId,
    kind: 'liquidation',
    judgmentDate: d('2026-10-01'),
    bodaccDate: d('2026-10-15'),
    court: 'Tribunal de commerce de Bordeaux',
    mandataireName: 'Maître Anne Durand',
    mandataireAddress: MANDATAIRE.slice(1),
    creditorAbroad: false,
    ...overrides,
  });
}

function pdfText(pdf: Buffer): string {
  const path = join(core.dir, 'declaration.pdf');
  writeFileSync(path, pdf);
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }).replace(/[\u202f\u00a0]/g, ' ');
}

const journal = (id: number) =>
  (core.ctx.db.prepare("SELECT summary FROM audit_log WHERE entity = 'client' AND entity_id = ? ORDER BY id").all(id) as { summary: string }[]).map((r) => r.summary);

describe('recording a collective procedure', () => {
  it('stores it with its deadline (two months from the BODACC publication) and days left, and journals it', () => {
    const p = procedure();
    expect(p).toMatchObject({
      clientName: 'Menuiserie Girard',
      kind: 'liquidation',
      kindLabel: 'liquidation judiciaire',
      judgmentDate: '2026-10-01',
      bodaccDate: '2026-10-15',
      mandataireName: 'Maître Anne Durand',
      mandataireAddress: ['10 rue de la République', '33000 BORDEAUX'],
      creditorAbroad: false,
      inForce: true,
      deadline: '2026-12-15',
      daysLeft: 22,
      declarationDocumentId: null,
    });
    expect(listCollectiveProcedures(core.ctx, clientId)).toEqual([p]);
    expect(journal(clientId).at(-1)).toBe('Procédure de liquidation judiciaire de « Menuiserie Girard » (jugement du 01/10/2026, BODACC du 15/10/2026) enregistrée');
  });

  it.each([
    ['2026-10-15', false, '2026-12-15'],
    ['2026-10-15', true, '2027-02-15'],
    ['2026-07-31', false, '2026-09-30'], // 31 Sep does not exist: the month's last day
    ['2026-10-31', true, '2027-02-28'],
    ['2026-09-30', false, '2026-11-30'],
  ] as const)('BODACC %s, creditor abroad %s → declare by %s', (bodacc, abroad, deadline) => {
    const p = procedure({ judgmentDate: d('2026-07-01'), bodaccDate: d(bodacc), creditorAbroad: abroad });
    expect(p.deadline).toBe(deadline);
  });

  it('has no deadline until the BODACC date is recorded; the update sets it and is journaled', () => {
    const p = procedure({ kind: 'safeguard', bodaccDate: null });
    expect(p).toMatchObject({ deadline: null, daysLeft: null });
    const updated = updateCollectiveProcedure(core.ctx, { id: p.id, bodaccDate: d('2026-11-20'), kind: 'reorganisation' });
    expect(updated).toMatchObject({ kind: 'reorganisation', bodaccDate: '2026-11-20', deadline: '2027-01-20', daysLeft: 58 });
    expect(journal(clientId).at(-1)).toMatch(/^Procédure de redressement judiciaire .* modifiée$/);
  });

  it('refuses bad dates, an address line too long, a consumer, and a second procedure in force', async () => {
    const fail = (overrides: Partial<CollectiveProcedureInput>) => {
      try {
        procedure(overrides);
      } catch (e) {
        return e as { code: string; fields?: Record<string, string>; message: string };
      }
      throw new Error('should have failed');
    };
    expect(fail({ judgmentDate: d('2026-11-30') }).fields).toHaveProperty('judgmentDate');
    expect(fail({ bodaccDate: d('2026-09-30') }).fields?.bodaccDate).toBe('La publication au BODACC ne peut précéder le jugement d’ouverture.');
    expect(fail({ mandataireAddress: ['10 rue de la République prolongée jusqu’au quai', '33000 BORDEAUX'] }).fields?.mandataireAddress).toMatch(/^Ligne 1 : 47 caractères/);
    expect(fail({ mandataireAddress: ['a', 'b', 'c', 'd', 'e', '33000 BORDEAUX'] }).fields?.mandataireAddress).toMatch(/6 lignes au plus/);
    const consumer = (await core.call('clients.create', aConsumer())).id;
    expect(fail({ clientId: consumer }).code).toBe('PRECONDITION');
    expect(listCollectiveProcedures(core.ctx, clientId)).toEqual([]);

    const first = procedure();
    const again = fail({ kind: 'reorganisation' });
    expect(again.code).toBe('CONFLICT');
    expect(again.message).toMatch(/déjà en cours/);
    // Once it is closed, a new one can be recorded; the closed one is no longer in force.
    expect(() => endCollectiveProcedure(core.ctx, first.id, d('2026-09-01'))).toThrow(/précéder le jugement/);
    const ended = endCollectiveProcedure(core.ctx, first.id, d('2026-11-20'));
    expect(ended).toMatchObject({ endedDate: '2026-11-20', inForce: false });
    expect(() => endCollectiveProcedure(core.ctx, first.id, d('2026-11-21'))).toThrow(/déjà close/);
    expect(() => updateCollectiveProcedure(core.ctx, { id: first.id, court: 'Autre' })).toThrow(/close/);
    expect(collectiveProcedureInForce(core.ctx, clientId, d('2026-11-19'))?.id).toBe(first.id);
    expect(collectiveProcedureInForce(core.ctx, clientId, d('2026-11-23'))).toBeNull();
    const second = procedure({ kind: 'safeguard', judgmentDate: d('2026-11-22'), bodaccDate: null });
    expect(listCollectiveProcedures(core.ctx, clientId).map((p) => p.id)).toEqual([second.id, first.id]);
  });
});

describe('the déclaration de créance', () => {
  async function invoice(number: string, issueDate: string, dueDate: string, amountTtcCents: number) {
    return (await core.call('invoices.create', { clientId, number, issueDate, deliveryDate: issueDate, dueDate, amountTtcCents })).invoice.id;
  }

  it('states the claim at the judgment date (échu, à échoir, interest to the judgment), the procedure, the deadline and the certification; archived and registered', async () => {
    const f1 = await invoice('F-101', '2026-06-01', '2026-07-01', 480_000);
    const f2 = await invoice('F-102', '2026-09-15', '2026-10-15', 120_000); // due after the judgment: à échoir
    const f3 = await invoice('F-103', '2026-07-01', '2026-08-01', 90_000); // disputed: left out
    const f4 = await invoice('F-104', '2026-10-10', '2026-11-10', 50_000); // born after the judgment: not declared
    await core.call('disputes.open', { invoiceId: f3, reason: 'Malfaçons', openedDate: '2026-08-10' });
    await core.call('payments.record', { clientId, date: '2026-08-20', amountCents: 80_000, method: 'transfer', allocation: [{ invoiceId: f1, amountCents: 80_000 }] });
    const p = procedure();

    const { model, invoiceIds } = claimDeclarationModel(core.ctx, p.id, d('2026-11-23'));
    expect(invoiceIds).toEqual([f1, f2]);
    expect(invoiceIds).not.toContain(f3);
    expect(invoiceIds).not.toContain(f4);
    // Interest to the judgment date, from the penalty engine.
    const atJudgment = await core.call('penalties.invoice', { id: f1, asOf: '2026-10-01' });
    expect(atJudgment.statement.interestCents).toBeGreaterThan(0);
    expect(model.invoices).toEqual([
      { number: 'F-101', issueDate: '2026-06-01', dueDate: '2026-07-01', due: true, principalCents: 400_000, interestCents: atJudgment.statement.interestCents, indemnityCents: 4_000, totalCents: 404_000 + atJudgment.statement.interestCents },
      { number: 'F-102', issueDate: '2026-09-15', dueDate: '2026-10-15', due: false, principalCents: 120_000, interestCents: 0, indemnityCents: 0, totalCents: 120_000 },
    ]);
    expect(model.totals).toEqual({
      duePrincipalCents: 400_000,
      dueInterestCents: atJudgment.statement.interestCents,
      dueIndemnityCents: 4_000,
      dueTotalCents: 404_000 + atJudgment.statement.interestCents,
      futurePrincipalCents: 120_000,
      totalCents: 524_000 + atJudgment.statement.interestCents,
    });
    expect(model.recipientLines).toEqual(['Maître Anne Durand', '10 rue de la République', '33000 BORDEAUX']);
    expect(model.recipientRole).toBe('liquidateur judiciaire');

    const doc = await generateClaimDeclaration(core.ctx, p.id, d('2026-11-23'));
    expect(doc).toMatchObject({ kind: 'other', clientId, title: 'Déclaration de créance — Menuiserie Girard — 2026-11-23', fileName: 'declaration-creance-menuiserie-girard-2026-11-23.pdf' });
    expect([...doc.invoiceIds].sort()).toEqual([f1, f2].sort());
    expect(listCollectiveProcedures(core.ctx, clientId)[0]?.declarationDocumentId).toBe(doc.id);
    // It enters the register of registered letters, to be posted.
    const register = await core.call('register.list', {});
    expect(register).toMatchObject([{ documentId: doc.id, clientId, status: 'to_post', documentTitle: doc.title }]);
    const total = formatEuros(model.totals.totalCents);
    expect(journal(clientId).at(-1)).toBe(`Déclaration de créance de ${total} établie (Procédure de liquidation judiciaire de « Menuiserie Girard » (jugement du 01/10/2026, BODACC du 15/10/2026))`);

    const text = pdfText(documentContent(core.ctx, doc.id).content);
    const flat = text.replace(/\s+/g, ' ');
    expect(text).toContain('Lettre recommandée avec accusé de réception');
    expect(text).toContain('DÉCLARATION DE CRÉANCE');
    expect(text).toContain('Maître Anne Durand');
    expect(text).toContain('33000 BORDEAUX');
    expect(flat).toContain('Objet : déclaration de créance — Menuiserie Girard — liquidation judiciaire (jugement du 01/10/2026)');
    expect(flat).toContain('Par jugement du 01/10/2026, le Tribunal de commerce de Bordeaux a ouvert une procédure de liquidation judiciaire à l’égard de Menuiserie Girard, dont vous avez été désigné liquidateur judiciaire.');
    expect(flat).toContain('articles L622-24 et R622-24 du Code de commerce');
    expect(flat).toMatch(/Publication au BODACC\s+15\/10\/2026/);
    expect(flat).toContain('Délai de déclaration : au plus tard le 15/12/2026 : deux mois à compter de la publication du jugement d’ouverture au BODACC le 15/10/2026 (article R622-24 du Code de commerce).');
    expect(flat).toMatch(/F-101 01\/06\/2026 01\/07\/2026 échue 4 000,00 €/);
    expect(flat).toMatch(/F-102 15\/09\/2026 15\/10\/2026 à échoir 1 200,00 € 0,00 €/);
    expect(flat).not.toContain('F-103');
    expect(flat).not.toContain('F-104');
    expect(flat).toContain('CRÉANCE ÉCHUE AU 01/10/2026');
    expect(flat).toContain('Intérêts et pénalités de retard arrêtés au 01/10/2026');
    expect(flat).toContain(`Montant total déclaré, à titre chirographaire ${total.replace(/[\u202f\u00a0]/g, ' ')}`);
    expect(flat).toContain('Cette créance est déclarée à titre chirographaire');
    expect(flat).toContain('Copie des 2 factures n° F-101, F-102');
    expect(flat).toContain('Relevé de compte de Menuiserie Girard au 23/11/2026');
    expect(flat).toContain('Je certifie sincère et véritable la présente déclaration de créance.');
    expect(flat).toContain('Fait à Lyon, le 23/11/2026');
    expect(flat).toContain('Atelier Martin');
    expect(flat).toContain('Paul Martin');

    // Posted and received: no payment deadline and no formal-notice date on the invoices (it is
    // no formal notice), and the bordereau names the mandataire as the recipient.
    const [entry] = await core.call('register.list', {});
    await core.call('register.posted', { id: entry!.id, trackingNumber: '1A 123 456 7890 1', sentDate: '2026-11-23' });
    const bordereau = await core.call('register.bordereau', { date: '2026-11-23', includeToPost: false });
    const slip = pdfText(Buffer.from((await core.call('documents.merge', { ids: [bordereau.id] })).base64, 'base64'));
    expect(slip).toContain('Maître Anne Durand');
    expect(slip).not.toContain('MENUISERIE GIRARD');
    const received = await core.call('register.received', { id: entry!.id, receivedDate: '2026-11-23' });
    expect(received.deadline).toBeNull();
    expect((await core.call('penalties.invoice', { id: f1 })).events.filter((e) => e.kind === 'formal_notice')).toEqual([]);
  });

  it('from abroad and before the BODACC: says the deadline cannot be dated yet', async () => {
    await invoice('F-201', '2026-06-01', '2026-07-01', 100_000);
    const p = procedure({ kind: 'reorganisation', bodaccDate: null, creditorAbroad: true, court: null });
    const doc = await generateClaimDeclaration(core.ctx, p.id, d('2026-11-23'));
    const flat = pdfText(documentContent(core.ctx, doc.id).content).replace(/\s+/g, ' ');
    expect(flat).toContain('Par jugement du 01/10/2026, une procédure de redressement judiciaire a été ouverte à l’égard de Menuiserie Girard, dont vous avez été désigné mandataire judiciaire.');
    expect(flat).toContain(
      'Délai de déclaration : deux mois à compter de la publication du jugement d’ouverture au BODACC, augmentés de deux mois pour un créancier demeurant hors de France métropolitaine (article R622-24 du Code de commerce) ; publication non encore relevée à la date de la présente.',
    );
    expect(flat).toMatch(/Publication au BODACC\s+non encore relevée/);
  });

  it('needs the mandataire’s name and address, and something to declare', async () => {
    const p = procedure({ mandataireName: null, mandataireAddress: [] });
    expect(() => claimDeclarationModel(core.ctx, p.id, d('2026-11-23'))).toThrow(/nom et l’adresse du liquidateur judiciaire/);
    updateCollectiveProcedure(core.ctx, { id: p.id, mandataireName: 'Maître Anne Durand', mandataireAddress: MANDATAIRE.slice(1) });
    expect(() => claimDeclarationModel(core.ctx, p.id, d('2026-11-23'))).toThrow(/aucune facture à déclarer/);
    await expect(generateClaimDeclaration(core.ctx, p.id, d('2026-11-23'))).rejects.toMatchObject({ code: 'PRECONDITION' });
    expect(await core.call('register.list', {})).toEqual([]);
  });
});
