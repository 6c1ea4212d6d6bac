// The front of the dossier: a cover page (the parties, the court, the sum claimed, the date) and
// the table of contents with the page of each section and each pièce (build.ts counts the pages
// first, then renders this with the numbers).
import { Page, Text, View } from '@react-pdf/renderer';
import { formatDateLongFr } from '../../../../shared/domain/dates.js';
import type { DossierModel, DossierParty } from '../../dossier/model.js';
import { ACCENT, DossierDocument, MUTED, PAGE_NUMBER_WIDTH, RULE, TINT, mm, money, noHyphenation, parties, plural, renderPart, styles } from './common.js';

export interface TocEntry {
  title: string;
  /** First page in the whole dossier; null: no file (« original à joindre »). */
  page: number | null;
  /** 0: a section; 1: a pièce. */
  level: 0 | 1;
}

export const TOC_TITLE = 'Sommaire';

function PartyBox({ label, party }: { label: string; party: DossierParty }) {
  return (
    <View style={{ borderWidth: 0.75, borderColor: RULE, borderRadius: 4, padding: 10, marginBottom: 8 }}>
      <Text style={{ fontSize: 8, fontWeight: 'bold', color: ACCENT, letterSpacing: 0.6, marginBottom: 3 }}>{label}</Text>
      <Text style={{ fontSize: 13, fontWeight: 'bold' }}>{party.name}</Text>
      {party.addressLines.map((l, i) => (
        <Text key={i} style={{ fontSize: 9.5, color: MUTED }}>
          {l}
        </Text>
      ))}
    </View>
  );
}

function Cover({ model }: { model: DossierModel }) {
  const withFile = model.pieces.filter((p) => p.file !== null).length;
  return (
    <Page size="A4" style={[styles.page, { paddingTop: mm(30) }]}>
      <Text style={{ fontSize: 10, color: MUTED, letterSpacing: 1 }}>DOSSIER DE PROCÉDURE</Text>
      <Text style={{ fontSize: 26, fontWeight: 'bold', color: ACCENT, marginTop: 6 }}>Requête en injonction de payer</Text>
      <Text style={{ fontSize: 11, color: MUTED, marginTop: 4 }}>Articles 1405 et suivants du Code de procédure civile</Text>
      <View style={{ height: 2, backgroundColor: ACCENT, marginTop: 14, marginBottom: 22, width: 120 }} />

      <View style={{ backgroundColor: TINT, padding: 12, marginBottom: 18 }}>
        <Text style={{ fontSize: 9, color: MUTED }}>Présentée à</Text>
        <Text style={{ fontSize: 13, fontWeight: 'bold', color: ACCENT, marginTop: 2 }}>{`Monsieur le Président du ${model.court.label}`}</Text>
        <Text style={{ fontSize: 9, color: MUTED, marginTop: 3 }}>{`Dans l’ordre du formulaire Cerfa n° ${model.cerfa}`}</Text>
      </View>

      <PartyBox label="DEMANDEUR" party={model.creditor} />
      <Text style={{ textAlign: 'center', fontSize: 11, color: MUTED, marginBottom: 8 }}>contre</Text>
      <PartyBox label="DÉBITEUR" party={model.debtor} />

      <View style={{ flexDirection: 'row', marginTop: 18 }}>
        <View style={{ flexGrow: 1, flexBasis: 0, borderTopWidth: 2, borderColor: ACCENT, paddingTop: 6, marginRight: 10 }}>
          <Text style={{ fontSize: 8.5, color: MUTED }}>Somme réclamée</Text>
          <Text style={{ fontSize: 18, fontWeight: 'bold', color: ACCENT }}>{money(model.claim.totalCents)}</Text>
          <Text style={{ fontSize: 8.5, color: MUTED }}>{`dont ${money(model.claim.principalCents)} en principal`}</Text>
        </View>
        <View style={{ flexGrow: 1, flexBasis: 0, borderTopWidth: 2, borderColor: ACCENT, paddingTop: 6, marginRight: 10 }}>
          <Text style={{ fontSize: 8.5, color: MUTED }}>Arrêtée au</Text>
          <Text style={{ fontSize: 14, fontWeight: 'bold' }}>{formatDateLongFr(model.asOf)}</Text>
        </View>
        <View style={{ flexGrow: 1, flexBasis: 0, borderTopWidth: 2, borderColor: ACCENT, paddingTop: 6 }}>
          <Text style={{ fontSize: 8.5, color: MUTED }}>Pièces</Text>
          <Text style={{ fontSize: 14, fontWeight: 'bold' }}>{plural(model.pieces.length, 'pièce')}</Text>
          <Text style={{ fontSize: 8.5, color: MUTED }}>{`${withFile} reproduite${withFile > 1 ? 's' : ''} dans ce dossier`}</Text>
        </View>
      </View>

      <Text style={[styles.small, { position: 'absolute', bottom: mm(12), left: mm(20), right: mm(20) }]}>
        {`${parties(model)} — dossier établi le ${formatDateLongFr(model.asOf)} avec Recouvra. Les pièces reproduites sont les fichiers archivés, vérifiés par leur empreinte SHA-256.`}
      </Text>
    </Page>
  );
}

function Toc({ model, entries }: { model: DossierModel; entries: TocEntry[] }) {
  return (
    <Page size="A4" style={styles.page}>
      <View style={styles.head}>
        <Text style={styles.title}>{TOC_TITLE}</Text>
        <Text style={styles.subtitle}>{`Requête en injonction de payer — ${parties(model)}`}</Text>
      </View>
      {entries.map((e, i) => {
        const first = e.level === 1 && entries[i - 1]?.level !== 1;
        return (
          <View key={i}>
            {first ? <Text style={[styles.heading, { marginTop: 12 }]}>Pièces</Text> : null}
            <View style={[{ flexDirection: 'row', alignItems: 'flex-end', paddingVertical: e.level === 0 ? 4 : 2 }, e.level === 0 ? { borderBottomWidth: 0.5, borderColor: RULE } : {}]} wrap={false}>
              <Text style={[{ flexGrow: 1, flexBasis: 0, paddingLeft: e.level === 1 ? 6 : 0 }, e.level === 0 ? { fontSize: 11, fontWeight: 'bold' } : { fontSize: 9 }]} hyphenationCallback={noHyphenation}>
                {e.title}
              </Text>
              <Text style={[{ width: PAGE_NUMBER_WIDTH, textAlign: 'right' }, e.level === 0 ? { fontSize: 11, fontWeight: 'bold' } : { fontSize: 9 }, e.page === null ? { color: MUTED, fontSize: 8 } : {}]}>
                {e.page === null ? 'original à joindre' : `page ${e.page}`}
              </Text>
            </View>
          </View>
        );
      })}
      <View style={styles.footer} fixed>
        <Text style={{ paddingRight: PAGE_NUMBER_WIDTH + 8 }}>{`Injonction de payer — ${parties(model)} — Sommaire`}</Text>
      </View>
    </Page>
  );
}

export async function renderFront(model: DossierModel, entries: TocEntry[]): Promise<Buffer> {
  return renderPart(
    <DossierDocument model={model} title="Dossier de requête en injonction de payer">
      <Cover model={model} />
      <Toc model={model} entries={entries} />
    </DossierDocument>,
  );
}
