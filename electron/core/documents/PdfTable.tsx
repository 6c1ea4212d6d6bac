// The one striped table of every Recouvra PDF (header repeated on
// each page, rows never split, an optional total row and summary lines under it) used by the
// letters, the déclaration de créance, the payment plan and the injonction de payer dossier.
import { StyleSheet, Text, View } from '@react-pdf/renderer';
import type { ReactNode } from 'react';

import { ACCENT, INK, RULE, STRIPE } from './pdf-colors.js';

export { ACCENT, INK, MUTED, RULE, STRIPE } from './pdf-colors.js';

const styles = StyleSheet.create({
  headRow: { flexDirection: 'row', backgroundColor: ACCENT, color: '#ffffff', fontWeight: 'bold' },
  row: { flexDirection: 'row', borderBottomWidth: 0.5, borderColor: RULE },
  stripe: { backgroundColor: STRIPE },
  totalRow: { flexDirection: 'row', borderTopWidth: 1, borderColor: INK, fontWeight: 'bold', backgroundColor: '#e4e7eb' },
  subRow: { flexDirection: 'row' },
  right: { textAlign: 'right' },
});

export interface PdfColumn<T> {
  title: string;
  /** Share of the width left by the fixed columns. */
  grow: number;
  /** A fixed width in points instead of a share. */
  width?: number;
  right?: boolean;
  cell: (row: T, index: number) => ReactNode;
}

export interface PdfTableProps<T> {
  columns: PdfColumn<T>[];
  rows: T[];
  /** The total row, one value per column (none when absent). */
  total?: (string | null)[] | undefined;
  /** Lines under the total: a label across every column but the last, a value in the last; the last line stands out. */
  summary?: [string, string][] | undefined;
  /** Space around the table, in points. */
  margin?: { top: number; bottom: number } | undefined;
  /** The cells' padding and type size. */
  cell?: { paddingHorizontal: number; fontSize?: number | undefined; lineHeight?: number | undefined } | undefined;
  /** No hyphenation in text cells (names and numbers are never cut). */
  hyphenation?: ((word: string) => string[]) | undefined;
}

export function PdfTable<T>({ columns, rows, total, summary, margin = { top: 2, bottom: 6 }, cell = { paddingHorizontal: 4, fontSize: 8.5 }, hyphenation }: PdfTableProps<T>) {
  const base = { paddingVertical: 2.5, ...cell };
  const cellStyle = (c: PdfColumn<T>) => [base, c.width ? { width: c.width } : { flexGrow: c.grow, flexBasis: 0 }, c.right ? styles.right : {}];
  const text = (c: PdfColumn<T>, content: ReactNode, key: string) =>
    typeof content === 'string' || typeof content === 'number' ? (
      <Text key={key} style={cellStyle(c)} {...(hyphenation ? { hyphenationCallback: hyphenation } : {})}>
        {content}
      </Text>
    ) : (
      <View key={key} style={cellStyle(c)}>
        {content}
      </View>
    );
  const labelGrow = columns.slice(0, -1).reduce((s, c) => s + c.grow, 0);
  const last = columns.at(-1)!;
  return (
    <View style={{ marginTop: margin.top, marginBottom: margin.bottom }}>
      <View style={styles.headRow} fixed>
        {columns.map((c) => (
          <Text key={c.title} style={[...cellStyle(c), { paddingVertical: 3.5 }]}>
            {c.title}
          </Text>
        ))}
      </View>
      {rows.map((row, n) => (
        <View key={n} style={n % 2 === 1 ? [styles.row, styles.stripe] : styles.row} wrap={false}>
          {columns.map((c) => text(c, c.cell(row, n), c.title))}
        </View>
      ))}
      {total ? (
        <View style={styles.totalRow} wrap={false}>
          {columns.map((c, i) => (
            <Text key={c.title} style={cellStyle(c)}>
              {total[i] ?? ''}
            </Text>
          ))}
        </View>
      ) : null}
      {(summary ?? []).map(([label, value], i, all) => (
        <View key={label} style={i === all.length - 1 ? [styles.subRow, { fontWeight: 'bold', color: ACCENT }] : styles.subRow} wrap={false}>
          <Text style={[base, styles.right, { flexGrow: labelGrow, flexBasis: 0 }]}>{label}</Text>
          <Text style={cellStyle(last)}>{value}</Text>
        </View>
      ))}
    </View>
  );
}
