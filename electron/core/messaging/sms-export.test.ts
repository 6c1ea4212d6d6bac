import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { smsCsv, csvTextCell } from './sms-export.js';

const read = (csv: string): string[][] => parse(csv, { delimiter: ';', bom: true, relax_column_count: false }) as string[][];

describe('smsCsv', () => {
  it('writes a BOM, a header, E.164 numbers, the text and its count, CRLF line ends', () => {
    const text = 'Atelier Martin : sauf erreur, 2 factures (1 234,56 €) restent impayées. Merci de régler au plus vite, réf. 12-F-042.';
    const { csv, exported, segments, rejected } = smsCsv([
      { phone: '06 12 34 56 78', name: 'Boulangerie Dupont', text },
      { phone: '+33 (0)7 98 76 54 32', name: 'Garage du Centre', text: 'Court.' },
    ]);
    expect(csv.startsWith('\ufefftelephone;nom;message;caracteres;sms\r\n')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toContain('\n');
    expect(exported).toBe(2);
    expect(segments).toBe(2);
    expect(rejected).toEqual([]);
    expect(read(csv)).toEqual([
      ['telephone', 'nom', 'message', 'caracteres', 'sms'],
      ['+33612345678', 'Boulangerie Dupont', text, '117', '1'], // 116 characters, the € counting 2
      ['+33798765432', 'Garage du Centre', 'Court.', '6', '1'],
    ]);
  });

  it('reports the numbers that cannot receive an SMS with their line, and leaves them out', () => {
    const { csv, exported, rejected } = smsCsv([
      { phone: '01 23 45 67 89', name: 'Cabinet Durand', text: 'Bonjour' },
      { phone: '0612345678', name: 'Martin', text: 'Bonjour' },
      { phone: '+32 470 12 34 56', name: 'Bruxelles SA', text: 'Bonjour' },
      { phone: '', name: 'Sans numéro', text: 'Bonjour' },
      { phone: '0712345678', name: 'Vide', text: '  ' },
    ]);
    expect(exported).toBe(1);
    expect(rejected.map((r) => [r.line, r.name])).toEqual([
      [1, 'Cabinet Durand'],
      [3, 'Bruxelles SA'],
      [4, 'Sans numéro'],
      [5, 'Vide'],
    ]);
    expect(rejected[0]!.reason).toContain('n’est pas un numéro de portable (06 ou 07)');
    expect(rejected[1]!.reason).toContain('étranger');
    expect(read(csv)).toHaveLength(2);
  });

  it('quotes separators, quotes and line breaks; guards formulas but keeps the + of the number', () => {
    const rows = [
      { phone: '0612345678', name: '=HYPERLINK("http://evil","clic")', text: 'Montant ; "urgent"\nMerci' },
      { phone: '0612345678', name: '+33 Sarl', text: '-10 € de remise' },
      { phone: '0612345678', name: '@SOMME(A1)', text: '\t=1+1' },
    ];
    const { csv } = smsCsv(rows);
    const parsed = read(csv);
    expect(parsed[1]).toEqual(['+33612345678', '\'=HYPERLINK("http://evil","clic")', 'Montant ; "urgent"\nMerci', '24', '1']);
    expect(parsed[2]![1]).toBe("'+33 Sarl");
    expect(parsed[2]![2]).toBe("'-10 € de remise");
    expect(parsed[3]![1]).toBe("'@SOMME(A1)");
    expect(parsed[3]![2]).toBe("'\t=1+1");
    expect(csv).toContain('"Montant ; ""urgent""\nMerci"');
  });

  it('property: any names and texts come back unchanged (but for the guard) and no cell starts a formula', () => {
    const text = fc.string({ unit: fc.constantFrom(...Array.from('ab ;"\n\r=+-@\t,é€\'')), maxLength: 40 });
    fc.assert(
      fc.property(fc.array(fc.record({ name: text, text: text.filter((t) => t.trim() !== '') }), { maxLength: 10 }), (rows) => {
        const { csv, exported, rejected } = smsCsv(rows.map((r) => ({ ...r, phone: '06 12 34 56 78' })));
        expect(rejected).toEqual([]);
        expect(exported).toBe(rows.length);
        const parsed = read(csv).slice(1);
        parsed.forEach((cells, i) => {
          const unguard = (v: string, original: string): string => (/^[=+\-@\t\r]/.test(original) ? v.slice(1) : v);
          expect(cells[0]).toBe('+33612345678');
          expect(unguard(cells[1]!, rows[i]!.name)).toBe(rows[i]!.name);
          expect(unguard(cells[2]!, rows[i]!.text)).toBe(rows[i]!.text);
          for (const cell of cells.slice(1, 3)) expect(/^[=+\-@\t\r]/.test(cell)).toBe(false);
        });
      }),
    );
  });

  it('csvTextCell leaves ordinary text alone', () => {
    expect(csvTextCell('Boulangerie Dupont')).toBe('Boulangerie Dupont');
    expect(csvTextCell('')).toBe('');
  });
});
