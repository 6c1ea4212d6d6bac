// A user's first session, through the real UI in Chromium against `recouvra serve`:
// set up the company, then create (with a mistake first), find, edit, archive and restore a client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';
import { ClientFormPage, ClientsListPage, FirstRunPage } from './pages.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

type ListResult = { total: number; rows: { name: string }[] };

describe('client book, end to end', () => {
  it('asks for the company on first run, then shows the French shell', async () => {
    const { page } = h;
    await page.goto(h.url);
    const firstRun = new FirstRunPage(page);
    await firstRun.heading().waitFor();
    // The token left the address bar once read.
    expect(page.url()).not.toContain('token=');
    await h.screenshot('01-first-run');
    await firstRun.fillCompany({ name: 'Atelier Martin', siren: '552 100 554', street: '3 rue des Lilas', city: '69002 Lyon' });
    await firstRun.submit();
    const nav = page.getByRole('navigation', { name: 'Navigation principale' });
    await nav.waitFor();
    for (const label of ['Tableau de bord', 'Clients', 'Factures', 'Relances', 'Documents', 'Paramètres']) {
      expect(await nav.getByRole('link', { name: label }).isVisible()).toBe(true);
    }
    await page.getByRole('heading', { name: 'Aucune facture pour l’instant' }).waitFor();
    const company = await h.api<{ name: string; address: string[] }>('company.get');
    expect(company.data).toMatchObject({ name: 'Atelier Martin', address: ['', '', '', '3 rue des Lilas', '', '69002 LYON'] });
    await h.screenshot('02-dashboard-empty');
  });

  it('says when there is nothing to chase yet', async () => {
    const { page } = h;
    await page.getByRole('link', { name: 'Relances' }).click();
    await page.getByText('Rien à faire à cette date').waitFor();
    expect(await page.getByRole('heading', { name: 'Relances' }).isVisible()).toBe(true);
  });

  it('refuses an invalid SIREN beside the field and saves nothing, then saves once corrected', async () => {
    const { page } = h;
    const list = new ClientsListPage(page);
    await list.open();
    await page.getByRole('heading', { name: 'Aucun client pour l’instant' }).waitFor();
    await h.screenshot('03-clients-empty');
    await page.getByRole('link', { name: 'Ajouter votre premier client' }).click();

    const form = new ClientFormPage(page);
    await form.field('Raison sociale').fill('Boulangerie Dupont');
    await form.field('SIREN').fill('732 829 321');
    await form.field(/Ligne 4/).fill('12 rue de la Paix');
    await form.field(/Ligne 6/).fill('75002 Paris');
    await form.form().getByRole('button', { name: 'Ajouter un contact' }).click();
    await form.field('Nom du contact 1').fill('Claire Martin');
    await form.field('E-mail du contact 1').fill('compta@dupont.example');
    await form.save();

    const sirenError = form.form().getByText(/^SIREN invalide/);
    await sirenError.waitFor();
    expect(await form.field('SIREN').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByText('Un champ est à corriger : rien n’a été enregistré.').isVisible()).toBe(true);
    await h.screenshot('04-client-invalid-siren');
    expect((await h.api<ListResult>('clients.list', { status: 'all' })).data?.total).toBe(0);

    await form.field('SIREN').fill('732 829 320');
    await form.save();
    await page.getByRole('heading', { name: /Boulangerie Dupont/ }).waitFor();
    expect(await page.getByText('75002 PARIS').isVisible()).toBe(true);
    expect(await page.getByText('732 829 320').isVisible()).toBe(true);
    expect(await page.getByRole('cell', { name: 'Claire Martin' }).isVisible()).toBe(true);
    await h.screenshot('05-client-detail');
    expect((await h.api<ListResult>('clients.list', {})).data?.total).toBe(1);
  });

  it('finds the client by name, SIREN and city, and says when nothing matches', async () => {
    const { page } = h;
    // A second client, so the search has something to leave out.
    await h.api('clients.create', { kind: 'business', name: 'Menuiserie Leroy', siren: '552081317', address: ['', '', '', '', '', '44000 Nantes'] });
    const list = new ClientsListPage(page);
    await list.open();
    await list.row('Menuiserie Leroy').waitFor();
    expect(await list.rows().count()).toBe(2);

    for (const term of ['dupont', '732829320', 'paris']) {
      await list.search().fill(term);
      await expectRows(list, ['Boulangerie Dupont']);
    }
    await list.search().fill('nantes');
    await expectRows(list, ['Menuiserie Leroy']);
    await list.search().fill('introuvable');
    await page.getByText(/Aucun client ne correspond à « introuvable »/).waitFor();
    await h.screenshot('06-clients-search-empty');
    await list.search().fill('');
    await expectRows(list, ['Boulangerie Dupont', 'Menuiserie Leroy']);
    await h.screenshot('07-clients-list');
  });

  it('edits the client', async () => {
    const { page } = h;
    const list = new ClientsListPage(page);
    await list.row('Boulangerie Dupont').getByRole('link').click();
    await page.getByRole('link', { name: 'Modifier' }).click();
    const form = new ClientFormPage(page);
    await form.field('Raison sociale').fill('Boulangerie Dupont et Fils');
    await form.field('Étiquettes').fill('boulangerie, prioritaire');
    await form.save();
    await page.getByRole('heading', { name: /Boulangerie Dupont et Fils/ }).waitFor();
    expect(await page.getByText('prioritaire', { exact: true }).isVisible()).toBe(true);
    await page.getByText(/Modification — Client « Boulangerie Dupont et Fils » modifié/).waitFor();
  });

  it('archives the client (it leaves the active list), then restores it', async () => {
    const { page } = h;
    await page.getByRole('button', { name: 'Archiver' }).click();
    await page.getByText('Client « Boulangerie Dupont et Fils » archivé.').waitFor();
    await page.getByRole('button', { name: 'Restaurer' }).waitFor();
    await h.screenshot('08-client-archived');

    const list = new ClientsListPage(page);
    await list.open();
    await expectRows(list, ['Menuiserie Leroy']);
    await list.filter('Archivés');
    await expectRows(list, ['Boulangerie Dupont et Fils']);
    expect(await list.row('Boulangerie Dupont et Fils').getByText('Archivé').isVisible()).toBe(true);
    await list.row('Boulangerie Dupont et Fils').getByRole('link').click();
    await page.getByRole('button', { name: 'Restaurer' }).click();
    await page.getByRole('button', { name: 'Archiver' }).waitFor();
    await list.open();
    await list.filter('Actifs');
    await expectRows(list, ['Boulangerie Dupont et Fils', 'Menuiserie Leroy']);
    const history = await h.api<{ action: string }[]>('audit.list', { entity: 'client', entityId: 1 });
    expect(history.data?.map((e) => e.action)).toEqual(['restore', 'archive', 'update', 'create']);
  });

  it('refuses a request without the token, from the page itself', async () => {
    const status = await h.page.evaluate(async () => {
      const res = await fetch('./api/clients.list', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      return res.status;
    });
    expect(status).toBe(401);
  });
});

/** The client names shown in the list, in order (each row's link). */
async function expectRows(list: ClientsListPage, names: string[]) {
  await expect.poll(async () => list.rows().getByRole('link').allInnerTexts(), { timeout: 5000 }).toEqual(names);
}
