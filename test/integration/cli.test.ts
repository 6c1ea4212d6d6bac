// The `recouvra` command as a user runs it: a child process on a temporary database.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/core.js';
import { generateFec } from '../../electron/core/bench/import-bench.js';

const BIN = fileURLToPath(new URL('../../electron/cli/bin.mjs', import.meta.url));
const dir = tempDir();
const db = join(dir, 'books.sqlite');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function recouvra(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, RECOUVRA_HOME: dir, RECOUVRA_DB: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('recouvra CLI', { timeout: 30_000 }, () => {
  it('lists its commands in French', () => {
    const { code, out } = recouvra('--help');
    expect(code).toBe(0);
    for (const command of ['start', 'serve', 'company', 'penalties', 'import', 'export', 'seed', 'aging', 'bench', 'queue', 'letters']) expect(out).toContain(command);
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

  it('penalties: prints the statement, and refuses a bad option by its name with exit code 1', () => {
    const ok = recouvra('penalties', '--amount', '1000', '--due', '2025-09-30', '--as-of', '2025-10-31', '--json');
    expect(ok.code).toBe(0);
    // 31 days on 1 000 € at 12,15 % = 100000 × 1215 × 31 / 3650000 = 1031.9 → 1032 cents, plus 4000 indemnity
    expect(JSON.parse(ok.out)).toMatchObject({ interestCents: 1032, indemnityCents: 4000, totalClaimCents: 105_032 });
    const bad = recouvra('penalties', '--amount', '12,345', '--due', '2025-09-30');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/--amount/);
  });

  it('seed, export and import: the same books come back, and a bad file writes nothing', () => {
    const seeded = join(dir, 'seeded.sqlite');
    expect(recouvra('seed', '--db', seeded, '--clients', '20', '--invoices', '150', '--seed', '7').code).toBe(0);
    const out = join(dir, 'export');
    expect(recouvra('export', '--db', seeded, '--out', out).code).toBe(0);
    const copy = join(dir, 'copy.sqlite');
    const imported = recouvra('import', '--db', copy, '--clients', join(out, 'clients.csv'), '--invoices', join(out, 'factures.csv'), '--payments', join(out, 'paiements.csv'), '--json');
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.out)).toMatchObject({ invoices: 150 });
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'client_name;client_siren;client_kind;invoice_number;issue_date;due_date;amount_ttc\nX;;professionnel;Z-1;31/02/2026;2026-03-31;10\n');
    const refused = recouvra('import', '--db', copy, '--invoices', bad);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/ligne 2/);
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

  it('queue lists the day’s actions; letters --queue prints the letter actions and records them as done', () => {
    const book = join(dir, 'queue.sqlite');
    expect(recouvra('seed', '--db', book, '--clients', '40', '--invoices', '400', '--seed', '7').code).toBe(0);
    expect(recouvra('company', '--db', book, '--set', 'name=Atelier Martin', '--set', 'siren=552 100 554').code).toBe(0);
    const asOf = '2026-11-23';
    const before = recouvra('queue', '--db', book, '--as-of', asOf, '--json');
    expect(before.code).toBe(0);
    const queue = JSON.parse(before.out) as { lines: { clientName: string; step: { channel: string } }[] };
    const letters = queue.lines.filter((l) => l.step.channel === 'letter' || l.step.channel === 'registered_letter');
    expect(letters.length).toBeGreaterThan(0);
    expect(recouvra('queue', '--db', book, '--as-of', asOf).out).toMatch(/relances? à faire le 23\/11\/2026/);
    const out = join(dir, 'queue.pdf');
    const printed = recouvra('letters', '--db', book, '--queue', '--as-of', asOf, '--out', out);
    expect(printed.code).toBe(0);
    expect(printed.out).toContain(`${letters.length} courrier`);
    const after = JSON.parse(recouvra('queue', '--db', book, '--as-of', asOf, '--json').out) as typeof queue;
    expect(after.lines.filter((l) => l.step.channel === 'letter' || l.step.channel === 'registered_letter')).toEqual([]);
    expect(after.lines.length).toBe(queue.lines.length - letters.length);
    expect(recouvra('letters', '--db', book, '--queue', '--type', 'releve', '--out', out).err).toContain('--queue prend les courriers de la file du jour');
  });

  it('dossier: the injonction de payer ZIP of a client, the court confirmed', () => {
    const book = join(dir, 'dossier.sqlite');
    expect(recouvra('seed', '--db', book, '--clients', '30', '--invoices', '300', '--seed', '11').code).toBe(0);
    expect(recouvra('company', '--db', book, '--set', 'name=Atelier Martin', '--set', 'siren=552 100 554', '--set', 'address_4=3 rue des Lilas', '--set', 'address_6=69002 LYON').code).toBe(0);
    const aging = JSON.parse(recouvra('aging', '--db', book, '--as-of', '2026-11-23', '--json').out) as { rows: { clientId: number; totalCents: number; disputedCents: number }[] };
    const client = aging.rows.find((r) => r.totalCents > r.disputedCents)!;
    const out = join(dir, 'dossier.zip');
    const missingCourt = recouvra('dossier', '--db', book, '--client', String(client.clientId), '--out', out, '--court', 'cour:Lyon');
    expect(missingCourt.code).toBe(1);
    expect(missingCourt.err).toContain('--court : attendu commerce:VILLE, tae:VILLE ou judiciaire:VILLE');
    const made = recouvra('dossier', '--db', book, '--client', String(client.clientId), '--as-of', '2026-11-23', '--court', 'judiciaire:Lyon', '--out', out);
    expect(made.code, made.err).toBe(0);
    expect(made.out).toMatch(/^Dossier n° \d+ : \d+ facture\(s\), \d+ pièce\(s\), \d+ pages ; /);
    expect(readFileSync(out).subarray(0, 2).toString('latin1')).toBe('PK');
    // The invoices are now in a case: a second dossier for them is refused.
    const again = recouvra('dossier', '--db', book, '--client', String(client.clientId), '--as-of', '2026-11-23', '--court', 'judiciaire:Lyon', '--out', out);
    expect(again.code).toBe(1);
  });

  it('import --fec: a preview with --dry-run writes nothing, then the import, then the same FEC again duplicates nothing', () => {
    const book = join(dir, 'fec.sqlite');
    const path = join(dir, 'ecritures.txt');
    const fec = generateFec({ lines: 400, seed: 5 });
    writeFileSync(path, fec.bytes);
    const dry = recouvra('import', '--db', book, '--fec', path, '--dry-run', '--json');
    expect(dry.code, dry.err).toBe(0);
    const preview = JSON.parse(dry.out) as { invoices: number; clientsToCreate: number };
    expect(preview.invoices).toBeGreaterThan(0);
    const count = () => JSON.parse(recouvra('aging', '--db', book, '--json').out) as { rows: unknown[] };
    expect(count().rows).toEqual([]);
    const done = recouvra('import', '--db', book, '--fec', path, '--json');
    expect(done.code, done.err).toBe(0);
    expect((JSON.parse(done.out) as { invoices: number }).invoices).toBe(preview.invoices);
    const again = JSON.parse(recouvra('import', '--db', book, '--fec', path, '--json').out) as { invoices: number; clientsCreated: number };
    expect(again).toMatchObject({ invoices: 0, clientsCreated: 0 });
    expect(recouvra('import', '--db', book, '--fec', path, '--cii', path).err).toContain('une seule sorte de fichiers par import');
  });
});
