// A CSV from another tool, mapped column by column: guessed from French and English headers,
// saved as presets, imported through the one importer with its line numbers.
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { guessMapping, mappingProblems } from '../../../shared/domain/csv-mapping.js';
import { freshCore, type TestCore } from '../../../test/helpers/core.js';
import { applyMapped, previewMapped, sampleCsv, saveMappingPreset, deleteMappingPreset, toRecouvraInvoices } from './mapped.js';

let core: TestCore;
beforeEach(() => {
  core = freshCore();
});
afterEach(() => core.close());

const SELLSY = [
  'Numéro,Date,Échéance,Client,SIREN,Montant HT,Montant TTC,Statut',
  'FA-001,15/09/2026,15/10/2026,Boulangerie Dupont,732829320,"1000,00","1200,00",Envoyée',
  'FA-002,20/09/2026,20/10/2026,"Garage Leroy, SARL",,"500,00","600,00",Payée',
].join('\r\n');

describe('guessing the columns', () => {
  it('recognises French and English headers', () => {
    expect(guessMapping(['Numéro', 'Date', 'Échéance', 'Client', 'SIREN', 'Montant HT', 'Montant TTC', 'Statut'])).toEqual({
      invoice_number: 'Numéro',
      issue_date: 'Date',
      due_date: 'Échéance',
      client_name: 'Client',
      client_siren: 'SIREN',
      amount_ht: 'Montant HT',
      amount_ttc: 'Montant TTC',
    });
    expect(guessMapping(['Invoice No', 'Invoice Date', 'Due Date', 'Customer Name', 'Total Amount'])).toEqual({
      invoice_number: 'Invoice No',
      issue_date: 'Invoice Date',
      due_date: 'Due Date',
      client_name: 'Customer Name',
      amount_ttc: 'Total Amount',
    });
  });

  it('never maps one column to two fields, whatever the headers', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 20 }), { maxLength: 12 }), (headers) => {
        const mapped = Object.values(guessMapping(headers)).filter(Boolean);
        expect(new Set(mapped).size).toBe(mapped.length);
      }),
    );
  });

  it('names what is missing or wrong in a mapping', () => {
    expect(mappingProblems({ client_name: 'Client', invoice_number: 'N', issue_date: 'D', due_date: 'D', amount_ttc: 'X' }, ['Client', 'N', 'D'])).toEqual([
      '« Montant TTC » : la colonne « X » n’est pas dans ce fichier.',
      'La colonne « D » est associée à deux champs.',
    ]);
  });
});

describe('importing a mapped CSV', () => {
  it('shows the headers, first rows and the guess, then imports all or nothing', () => {
    const sample = sampleCsv(core.ctx, SELLSY, 'export-sellsy.csv');
    expect(sample).toMatchObject({ separator: ',', rowCount: 2, headers: ['Numéro', 'Date', 'Échéance', 'Client', 'SIREN', 'Montant HT', 'Montant TTC', 'Statut'] });
    expect(sample.rows[1]![3]).toBe('Garage Leroy, SARL');
    const preview = previewMapped(core.ctx, SELLSY, 'export-sellsy.csv', sample.guessed);
    expect(preview).toMatchObject({ clientsToCreate: 2, invoices: 2, errors: [] });
    expect(preview.totals.invoicesTtcCents).toBe(180_000);
    const result = applyMapped(core.ctx, SELLSY, 'export-sellsy.csv', sample.guessed);
    expect(result).toMatchObject({ clientsCreated: 2, invoices: 2 });
    expect(core.ctx.db.prepare('SELECT number, amount_ttc_cents, amount_ht_cents FROM invoices ORDER BY number').all()).toEqual([
      { number: 'FA-001', amount_ttc_cents: 120_000, amount_ht_cents: 100_000 },
      { number: 'FA-002', amount_ttc_cents: 60_000, amount_ht_cents: 50_000 },
    ]);
  });

  it('reports a refused line with its number in the original file, and writes nothing', () => {
    const bad = SELLSY.replace('20/10/2026', '31/02/2026');
    const sample = sampleCsv(core.ctx, bad, 'export.csv');
    const preview = previewMapped(core.ctx, bad, 'export.csv', sample.guessed);
    expect(preview.errors).toHaveLength(1);
    expect(preview.errors[0]).toMatchObject({ file: 'export.csv', line: 3 });
    expect(() => applyMapped(core.ctx, bad, 'export.csv', sample.guessed)).toThrow();
    expect(core.ctx.db.prepare('SELECT count(*) FROM invoices').pluck().get()).toBe(0);
  });

  it('refuses a file that is not a table, and an unusable mapping, with the reason', () => {
    expect(() => sampleCsv(core.ctx, '', 'vide.csv')).toThrow('vide.csv : fichier vide, la ligne d’en-tête est obligatoire.');
    expect(() => sampleCsv(core.ctx, 'juste du texte\nsur deux lignes', 'notes.csv')).toThrow(/une seule colonne trouvée/);
    expect(() => sampleCsv(core.ctx, 'a;b\u0000;c', 'image.csv')).toThrow('image.csv : ce fichier n’est pas un CSV (contenu binaire).');
    expect(() => toRecouvraInvoices(SELLSY, 'x.csv', { client_name: 'Client' })).toThrow(/« Numéro de facture » : choisissez la colonne du fichier\./);
  });

  it('saves a mapping as a preset for the next import, and deletes it', () => {
    const sample = sampleCsv(core.ctx, SELLSY, 'export.csv');
    saveMappingPreset(core.ctx, 'Sellsy', sample.guessed);
    expect(sampleCsv(core.ctx, SELLSY, 'export.csv').presets).toEqual({ Sellsy: sample.guessed });
    expect(deleteMappingPreset(core.ctx, 'Sellsy')).toEqual({});
  });
});
