// The `recouvra` command as a user runs it: a child process on a temporary database.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/core.js';

const BIN = fileURLToPath(new URL('../../electron/cli/bin.mjs', import.meta.url));
const dir = tempDir();
const db = join(dir, 'books.sqlite');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function recouvra(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, RECOUVRA_HOME: dir, RECOUVRA_DB: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('recouvra CLI', () => {
  it('lists its commands in French', () => {
    const { code, out } = recouvra('--help');
    expect(code).toBe(0);
    for (const command of ['start', 'serve', 'company']) expect(out).toContain(command);
    expect(out).toContain('affiche l’aide');
  });

  it('company: says nothing is set yet', () => {
    const { code, out } = recouvra('company', '--db', db);
    expect(code).toBe(0);
    expect(out).toContain('Aucune entreprise enregistrée');
  });

  it('company --set: saves the fields and prints them back, --json included', () => {
    const set = recouvra(
      'company', '--db', db,
      '--set', 'name=Atelier Martin',
      '--set', 'legal_form=SAS',
      '--set', 'siren=552 100 554',
      '--set', 'vat=FR96552100554',
      '--set', 'address_4=3 rue des Lilas',
      '--set', 'address_6=69002 Lyon',
      '--set', 'iban=FR76 3000 6000 0112 3456 7890 189',
      '--set', 'payment_terms_days=45',
      '--set', 'signatory_name=Paul Martin',
    );
    expect(set.code).toBe(0);
    expect(set.out).toContain('Entreprise enregistrée.');
    expect(set.out).toContain('552 100 554');
    expect(set.out).toContain('69002 LYON');
    const json = JSON.parse(recouvra('company', '--db', db, '--json').out);
    expect(json).toMatchObject({
      name: 'Atelier Martin',
      siren: '552100554',
      vatNumber: 'FR96552100554',
      address: ['', '', '', '3 rue des Lilas', '', '69002 LYON'],
      iban: 'FR7630006000011234567890189',
      paymentTermsDays: 45,
      signatoryName: 'Paul Martin',
    });
  });

  it('company --set: refuses bad values by their CLI names, in French, and saves nothing', () => {
    const bad = recouvra('company', '--db', db, '--set', 'siren=123456789', '--set', 'payment_terms_days=90', '--set', 'address_1=' + 'x'.repeat(39));
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('Rien n’a été enregistré');
    expect(bad.err).toMatch(/siren : SIREN invalide/);
    expect(bad.err).toMatch(/payment_terms_days : Délai de paiement par défaut/);
    expect(bad.err).toMatch(/address_1 : Ligne 1 : 39 caractères/);
    expect(JSON.parse(recouvra('company', '--db', db, '--json').out).siren).toBe('552100554');
  });

  it('company --set: names the fields it knows when given an unknown one', () => {
    const bad = recouvra('company', '--db', db, '--set', 'colour=blue');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('Champ inconnu « colour »');
    expect(bad.err).toContain('signatory_title');
  });

  it('takes the database from RECOUVRA_DB when --db is not given', () => {
    const envDb = join(dir, 'from-env.sqlite');
    const r = spawnSync(process.execPath, [BIN, 'company', '--set', 'name=Par Env', '--json'], {
      encoding: 'utf8',
      env: { ...process.env, RECOUVRA_HOME: dir, RECOUVRA_DB: envDb },
    });
    expect(r.status).toBe(0);
    expect(recouvra('company', '--db', envDb, '--json').out).toContain('"name": "Par Env"');
  });
});
