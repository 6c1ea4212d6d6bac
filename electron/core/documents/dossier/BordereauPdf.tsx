// The bordereau des pièces communiquées (art. 1407 CPC): every pièce numbered from 1, in the
// order of the dossier, with its date and what to know of it (LRAR number and receipt, an
// original to join by hand when no file is archived).
import { Text } from '@react-pdf/renderer';
import { formatDateFr } from '../../../../shared/domain/dates.js';
import type { DossierModel, DossierPiece } from '../../dossier/model.js';
import { DossierDocument, SectionPage, Table, parties, plural, renderPart, styles } from './common.js';

export const BORDEREAU_TITLE = 'Bordereau des pièces communiquées';

export function BordereauPages({ model }: { model: DossierModel }) {
  const toJoin = model.pieces.filter((p) => p.file === null).length;
  return (
    <SectionPage model={model} section="Bordereau des pièces" title={BORDEREAU_TITLE} subtitle={`à l’appui de la requête en injonction de payer — ${parties(model)}`}>
      <Table<DossierPiece>
        columns={[
          { title: 'N°', grow: 0, width: 30, cell: (p) => String(p.number) },
          { title: 'Pièce', grow: 3, cell: (p) => p.title },
          { title: 'Date', grow: 0, width: 58, cell: (p) => formatDateFr(p.date) },
          { title: 'Observations', grow: 2, cell: (p) => p.note ?? '' },
        ]}
        rows={model.pieces}
      />
      <Text style={styles.small}>
        {`${plural(model.pieces.length, 'pièce')} communiquée${model.pieces.length > 1 ? 's' : ''}${toJoin ? ` ; ${plural(toJoin, 'original', 'originaux')} à joindre au dossier déposé` : ''}.`}
      </Text>
    </SectionPage>
  );
}

export async function renderBordereau(model: DossierModel): Promise<Buffer> {
  return renderPart(
    <DossierDocument model={model} title={BORDEREAU_TITLE}>
      <BordereauPages model={model} />
    </DossierDocument>,
  );
}
