// A morning's queue in the Relances page: a letter, an e-mail, a call with a promise; then the date
// moved past the promise (and its grace) and the client is back, at the next step.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, formatDateFr, todayLocal } from '../../shared/domain/dates.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
const today = todayLocal();
beforeAll(async () => {
  h = await startHarness();
  await h.api('company.save', { name: 'Atelier Martin', siren: '552100554', email: 'compta@atelier-martin.example', address: ['', '', '', '3 rue des Lilas', '', '69002 LYON'], iban: 'FR7630006000011234567890189' });
  const make = async (name: string, siren: string, number: string, daysLate: number) => {
    const client = await h.api<{ id: number }>('clients.create', {
      kind: 'business',
      name,
      siren,
      address: [name.toUpperCase(), '', '', '12 rue de la Paix', '', '75002 PARIS'],
      contacts: [{ role: 'accounting', name: 'Claire Martin', email: `compta@${siren}.example`, phone: '06 12 34 56 78' }],
    });
    await h.api('invoices.create', { clientId: client.data!.id, number, issueDate: addDays(today, -daysLate - 30), dueDate: addDays(today, -daysLate), amountTtcCents: 120_000 });
  };
  await make('Boulangerie Dupont', '732829320', 'F-101', 20); // +15: the letter
  await make('Garage Leroy', '404833048', 'F-102', 10); // +7: the e-mail
  await make('Café du Port', '542065479', 'F-103', 32); // +30: the call
});
afterAll(async () => {
  await h?.close();
});

describe('the morning queue, end to end', () => {
  it('does a letter, an e-mail and a call with a promise', async () => {
    const { page } = h;
    await page.goto(h.url);
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Relances' }).click();
    const todo = page.getByRole('table', { name: 'Relances à faire' });
    await todo.getByRole('row', { name: 'Café du Port' }).waitFor();
    expect(await todo.getByRole('row').count()).toBe(4);
    await h.screenshot('40-queue');

    await todo.getByRole('row', { name: 'Boulangerie Dupont' }).getByRole('button', { name: 'Générer le courrier' }).click();
    await page.getByRole('status', { name: 'Résultat — Boulangerie Dupont' }).getByText(/Relance ferme — Boulangerie Dupont/).waitFor();

    await todo.getByRole('row', { name: 'Garage Leroy' }).getByRole('button', { name: 'Préparer le courriel' }).click();
    const mail = page.getByRole('status', { name: 'Résultat — Garage Leroy' });
    await mail.getByText('Courriel prêt pour compta@404833048.example.').waitFor();
    const download = page.waitForEvent('download');
    await mail.getByRole('button', { name: 'Ouvrir dans la messagerie (.eml)' }).click();
    const eml = readFileSync((await (await download).path()) as string, 'utf8');
    expect(eml).toMatch(/^To: .*compta@404833048\.example/m);
    expect(eml).toMatch(/Content-Type: application\/pdf/);

    await todo.getByRole('row', { name: 'Café du Port' }).getByRole('button', { name: 'Appeler' }).click();
    const call = page.getByRole('dialog', { name: 'Appel — Café du Port' });
    expect(await call.getByLabel('Script d’appel').innerText()).toContain('F-103');
    await call.getByLabel('Promesse de paiement').check();
    await call.getByLabel('Date promise').fill(formatDateFr(addDays(today, 5)));
    await h.screenshot('41-call');
    await call.getByRole('button', { name: 'Enregistrer l’appel' }).click();
    await page.getByText('Rien à faire à cette date').waitFor();
    await h.screenshot('42-queue-done');
  });

  it('keeps the client on hold during the promise, then brings it back at the next step', async () => {
    const { page } = h;
    const date = page.getByLabel('À la date du');
    await date.fill(formatDateFr(addDays(today, 3)));
    const held = page.getByRole('region', { name: 'En pause' });
    await held.getByText(/Café du Port — Promesse de paiement en cours/).waitFor();
    // Promise + 3 days of grace: from the 9th day the promise is broken.
    await date.fill(formatDateFr(addDays(today, 9)));
    const row = page.getByRole('table', { name: 'Relances à faire' }).getByRole('row', { name: 'Café du Port' });
    await row.getByText('Mise en demeure (LRAR)').waitFor();
    expect(await row.innerText()).toContain('reprise après une promesse non tenue');
    await h.screenshot('43-queue-promise-broken');
  });

  it('shows the client’s grade, its reminder history, and sets up a payment plan that puts it on hold', async () => {
    const { page } = h;
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Clients' }).click();
    await page.getByRole('link', { name: 'Boulangerie Dupont' }).first().click();
    const reminders = page.getByRole('article', { name: 'Relances du client' });
    await reminders.getByRole('region', { name: 'Note de paiement' }).getByText(/Note de paiement [ABCD]/).waitFor();
    await reminders.getByRole('table', { name: 'Historique des relances' }).getByText('Courrier simple (J+15)').waitFor();
    const plans = page.getByRole('article', { name: 'Échéanciers' });
    await plans.getByRole('button', { name: 'Nouvel échéancier' }).click();
    const form = plans.getByRole('form', { name: 'Nouvel échéancier' });
    await form.getByText('Dette couverte : 1 200,00 €').waitFor();
    await form.getByLabel('Nombre d’échéances').fill('2');
    await form.getByLabel('Première échéance').fill(formatDateFr(addDays(today, 10)));
    await form.getByRole('button', { name: 'Créer l’échéancier' }).click();
    const plan = plans.getByRole('region', { name: `Échéancier du ${formatDateFr(today)}` });
    await plan.getByText('Respecté').waitFor();
    expect(await plan.getByRole('table', { name: 'Échéances' }).getByRole('row').count()).toBe(3);
    await reminders.scrollIntoViewIfNeeded();
    await h.screenshot('44-client-reminders');
    await plan.scrollIntoViewIfNeeded();
    await h.screenshot('45-payment-plan');
    const queue = await h.api<{ held: { clientName: string; holds: { reason: string }[] }[] }>('queue.today', { asOf: addDays(today, 1) });
    expect(queue.data!.held.find((c) => c.clientName === 'Boulangerie Dupont')?.holds[0]?.reason).toBe('payment_plan');
  });
});
