// "Préparer le dossier d'injonction de payer": opens the case over the chosen invoices (they
// become "en contentieux" and leave the reminders), builds and archives the dossier, and hands
// out the lawyer's ZIP. If building fails, the case just opened is removed: nothing half-written.
import type { IsoDate } from '../../../shared/domain/dates.js';
import type { CourtKind } from '../../../shared/domain/cases.js';
import { getCase, openCase } from '../cases.js';
import type { CoreContext } from '../context.js';
import { generateDossier } from '../dossier/build.js';
import { buildDossierModel } from '../dossier/model.js';
import { AppError } from '../errors.js';

export interface PrepareDossierInput {
  clientId: number;
  invoiceIds?: number[] | undefined;
  court: { kind: CourtKind; name: string };
  request1408?: { court: string } | null | undefined;
  /** An existing case (a new dossier for it); otherwise one is opened. */
  caseId?: number | undefined;
  asOf?: IsoDate | undefined;
}

export async function prepareDossier(ctx: CoreContext, input: PrepareDossierInput) {
  const asOf = input.asOf ?? ctx.clock.today();
  let caseId = input.caseId;
  let opened = false;
  if (caseId === undefined) {
    // The invoices the dossier would take (checked: undisputed, unpaid, this client's).
    const invoiceIds = buildDossierModel(ctx, { clientId: input.clientId, invoiceIds: input.invoiceIds, asOf, court: input.court }).invoiceIds;
    caseId = openCase(ctx, { clientId: input.clientId, invoiceIds, procedure: 'payment_order', court: input.court }).id;
    opened = true;
  } else if (getCase(ctx, caseId).clientId !== input.clientId) {
    throw new AppError('VALIDATION', 'Ce dossier contentieux est celui d’un autre client.');
  }
  try {
    const caseView = getCase(ctx, caseId);
    const dossier = await generateDossier(ctx, { clientId: input.clientId, invoiceIds: caseView.invoices.map((i) => i.id), asOf, court: input.court, request1408: input.request1408 ?? null, caseId });
    return { caseId, dossier };
  } catch (error) {
    if (opened) {
      ctx.db.transaction(() => {
        ctx.db.prepare('DELETE FROM cases WHERE id = ?').run(caseId);
        ctx.repos.audit.append({ entity: 'client', entityId: input.clientId, action: 'delete', summary: 'Dossier contentieux retiré : le dossier n’a pas pu être préparé' });
      })();
    }
    throw error;
  }
}
