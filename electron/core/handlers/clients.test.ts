// The client book through the dispatcher, as every shell calls it, on a real SQLite file.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aClient, aCompany, aConsumer } from '../../../test/helpers/builders.js';
import { freshCore, type TestCore } from '../../../test/helpers/core.js';
import { MESSAGES } from '../../../shared/schemas.js';

let core: TestCore;
beforeEach(() => {
  core = freshCore();
});
afterEach(() => core.close());

const countRows = (table: string) => (core.ctx.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('clients.create', () => {
  it('stores every field and derives postcode and city from address line 6', async () => {
    const client = await core.call(
      'clients.create',
      aClient({
        siret: '732 829 320 00074',
        vatNumber: 'fr 44 732 829 320',
        nafCode: '1071c',
        creditLimitCents: 500_000,
        solvency: { situation: 'Saine', accountsDate: '2025-12-31', accountsNote: 'Bénéfice', incidents: null },
        notes: 'Paie par chèque',
      }),
    );
    expect(client).toMatchObject({
      id: 1,
      kind: 'business',
      name: 'Boulangerie Dupont',
      siren: '732829320',
      siret: '73282932000074',
      vatNumber: 'FR44732829320',
      nafCode: '10.71C',
      postcode: '75002',
      city: 'PARIS',
      creditLimitCents: 500_000,
      paymentTerms: { mode: 'net', days: 30 },
      solvency: { situation: 'Saine', accountsDate: '2025-12-31', accountsNote: 'Bénéfice', incidents: null },
      archivedAt: null,
      createdAt: '2026-11-23T09:30:00.000Z',
    });
    expect(client.contacts).toEqual([{ id: expect.any(Number), role: 'accounting', name: 'Claire Martin', email: 'compta@dupont.example', phone: '01 23 45 67 89' }]);
    expect(await core.call('clients.get', { id: client.id })).toEqual(client);
  });

  it('names a consumer "Prénom Nom" and keeps 45 days end of month terms', async () => {
    const client = await core.call('clients.create', aConsumer({ paymentTerms: { mode: 'eom45' } }));
    expect(client.name).toBe('Jeanne Lefèvre');
    expect(client.kind).toBe('consumer');
    expect(client.paymentTerms).toEqual({ mode: 'eom45' });
  });

  it('refuses an invalid SIREN with a French message on the field, and writes nothing', async () => {
    const error = await core.fail('clients.create', aClient({ siren: '732829321' }));
    expect(error.code).toBe('VALIDATION');
    expect(error.fields).toEqual({ siren: MESSAGES.siren });
    expect(countRows('clients')).toBe(0);
    expect(countRows('contacts')).toBe(0);
    expect(countRows('audit_log')).toBe(0);
  });

  it('reports every bad field at once', async () => {
    const error = await core.fail('clients.create', {
      kind: 'business',
      name: '',
      siren: '12',
      address: ['', '', '', '', '', 'Paris'],
      contacts: [{ role: 'accounting', name: 'X', email: 'pas-un-mail' }],
    });
    expect(Object.keys(error.fields ?? {}).sort()).toEqual(['address.5', 'contacts.0.email', 'name', 'siren']);
    expect(error.message).toMatch(/^4 champs à corriger/);
  });

  it('refuses a payload that is not an object, or an unknown channel', async () => {
    expect((await core.fail('clients.create', 'DROP TABLE clients')).code).toBe('VALIDATION');
    expect((await core.dispatch('clients.drop', {})).ok).toBe(false);
  });
});

describe('clients.update, archive, restore, delete', () => {
  it('updates a client, replaces its contacts and journals before and after', async () => {
    const created = await core.call('clients.create', aClient());
    const updated = await core.call('clients.update', {
      id: created.id,
      client: aClient({ name: 'Boulangerie Dupont et Fils', contacts: [{ role: 'executive', name: 'Marc Dupont' }] }),
    });
    expect(updated.name).toBe('Boulangerie Dupont et Fils');
    expect(updated.contacts.map((c) => c.name)).toEqual(['Marc Dupont']);
    expect(countRows('contacts')).toBe(1);
    const history = await core.call('audit.list', { entity: 'client', entityId: created.id });
    expect(history.map((h) => h.action)).toEqual(['update', 'create']);
    expect(history[0]).toMatchObject({ before: { name: 'Boulangerie Dupont' }, after: { name: 'Boulangerie Dupont et Fils' } });
  });

  it('a refused update leaves the client as it was', async () => {
    const created = await core.call('clients.create', aClient());
    const error = await core.fail('clients.update', { id: created.id, client: aClient({ siret: '11111111111111' }) });
    expect(error.fields).toHaveProperty(['client.siret']);
    expect(await core.call('clients.get', { id: created.id })).toEqual(created);
  });

  it('archives and restores, journaling both; archived clients leave the active list', async () => {
    const created = await core.call('clients.create', aClient());
    const archived = await core.call('clients.archive', { id: created.id });
    expect(archived.archivedAt).toBe('2026-11-23T09:30:00.000Z');
    expect((await core.call('clients.list', {})).total).toBe(0);
    expect((await core.call('clients.list', { status: 'archived' })).rows.map((r) => r.id)).toEqual([created.id]);
    const restored = await core.call('clients.restore', { id: created.id });
    expect(restored.archivedAt).toBeNull();
    expect((await core.call('clients.list', {})).total).toBe(1);
    const actions = (await core.call('audit.list', { entity: 'client', entityId: created.id })).map((h) => h.action);
    expect(actions).toEqual(['restore', 'archive', 'create']);
  });

  it('deletes a client without history, but never one with invoices', async () => {
    const lonely = await core.call('clients.create', aClient({ name: 'Sans facture' }));
    expect(await core.call('clients.delete', { id: lonely.id })).toEqual({ id: lonely.id });
    expect((await core.fail('clients.get', { id: lonely.id })).code).toBe('NOT_FOUND');

    const busy = await core.call('clients.create', aClient());
    core.ctx.db
      .prepare(
        `INSERT INTO invoices (client_id, number, issue_date, due_date, amount_ttc_cents, created_at, updated_at)
         VALUES (?, 'F-2026-001', '2026-10-01', '2026-10-31', 120000, 'now', 'now')`,
      )
      .run(busy.id);
    const error = await core.fail('clients.delete', { id: busy.id });
    expect(error.code).toBe('PRECONDITION');
    expect(error.message).toMatch(/Archivez-le/);
    expect((await core.call('clients.get', { id: busy.id })).id).toBe(busy.id);
    // The database refuses it too, whatever the code above says.
    expect(() => core.ctx.db.prepare('DELETE FROM clients WHERE id = ?').run(busy.id)).toThrow(/FOREIGN KEY/);
  });

  it('answers NOT_FOUND in French for a missing client', async () => {
    const error = await core.fail('clients.archive', { id: 4242 });
    expect(error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/^Client introuvable/) });
  });
});

describe('clients.list', () => {
  beforeEach(async () => {
    await core.call('clients.create', aClient({ name: 'Étoile du Nord', siren: '552081317', address: ['', '', '', '', '', '59000 Lille'], tags: ['nord'] }));
    await core.call('clients.create', aClient({ name: 'atelier Bois', siren: '552100554', address: ['', '', '', '', '', '69002 Lyon'] }));
    await core.call('clients.create', aConsumer({ lastName: 'Zola', firstName: 'Émile', address: ['', '', '', '', '', '13001 Marseille'] }));
  });

  it('searches name, SIREN (with or without spaces) and city, ignoring accents and case', async () => {
    const names = async (search: string) => (await core.call('clients.list', { search })).rows.map((r) => r.name);
    expect(await names('etoile')).toEqual(['Étoile du Nord']);
    expect(await names('552 081 317')).toEqual(['Étoile du Nord']);
    expect(await names('lyon')).toEqual(['atelier Bois']);
    expect(await names('EMILE marseille')).toEqual(['Émile Zola']);
    expect(await names('nord')).toEqual(['Étoile du Nord']);
    expect(await names('100%')).toEqual([]);
  });

  it('sorts by name the French way (accents and case ignored), and by city descending', async () => {
    expect((await core.call('clients.list', {})).rows.map((r) => r.name)).toEqual(['atelier Bois', 'Émile Zola', 'Étoile du Nord']);
    expect((await core.call('clients.list', { sort: 'city', direction: 'desc' })).rows.map((r) => r.city)).toEqual(['MARSEILLE', 'LYON', 'LILLE']);
  });

  it('pages with offset and limit and reports the total', async () => {
    const page = await core.call('clients.list', { offset: 1, limit: 1 });
    expect(page.total).toBe(3);
    expect(page.rows.map((r) => r.name)).toEqual(['Émile Zola']);
  });

  it('lists the tags in use', async () => {
    expect(await core.call('clients.tags', {})).toEqual(['boulangerie', 'nord']);
  });
});

describe('company', () => {
  it('is null until saved, then saved whole and journaled', async () => {
    expect(await core.call('company.get', {})).toBeNull();
    const saved = await core.call('company.save', aCompany());
    expect(saved).toMatchObject({ name: 'Atelier Martin', iban: 'FR7630006000011234567890189', address: ['ATELIER MARTIN', '', '', '3 rue des Lilas', '', '69002 LYON'] });
    const again = await core.call('company.save', aCompany({ signatoryTitle: 'Gérant', logo: { mimeType: 'image/png', base64: Buffer.from('png-bytes').toString('base64') } }));
    expect(again.signatoryTitle).toBe('Gérant');
    expect(Buffer.from(again.logo?.base64 ?? '', 'base64').toString()).toBe('png-bytes');
    const journal = await core.call('audit.list', { entity: 'company' });
    expect(journal.map((j) => j.action)).toEqual(['update', 'create']);
    expect(journal[0]?.after).toMatchObject({ logo: { mimeType: 'image/png', bytes: 9 } });
  });

  it('refuses payment terms beyond 60 days and keeps the saved company', async () => {
    await core.call('company.save', aCompany());
    const error = await core.fail('company.save', aCompany({ paymentTermsDays: 90 }));
    expect(error.fields).toEqual({ paymentTermsDays: MESSAGES.companyTermsDays });
    expect((await core.call('company.get', {}))?.paymentTermsDays).toBe(30);
  });
});

describe('audit journal', () => {
  it('is append-only at the database level', async () => {
    await core.call('clients.create', aClient());
    expect(() => core.ctx.db.prepare("UPDATE audit_log SET summary = 'x'").run()).toThrow(/append-only/);
    expect(() => core.ctx.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
  });
});

describe('preferences', () => {
  it('reads defaults and saves a display change', async () => {
    expect((await core.call('preferences.get', {})).display.density).toBe('comfortable');
    expect((await core.call('preferences.set', { display: { density: 'compact' } })).display.density).toBe('compact');
    expect((await core.fail('preferences.set', { display: { density: 'tiny' } })).code).toBe('VALIDATION');
  });
});
