// Legal cases (contentieux): the procedures, the stages of a case and their French labels.
import type { IsoDate } from './dates.js';
import type { Cents } from './money.js';

export type CaseProcedure = 'payment_order' | 'small_claims' | 'european_order' | 'european_small_claims' | 'claim_declaration';
export const CASE_PROCEDURE_LABELS: Record<CaseProcedure, string> = {
  payment_order: 'Injonction de payer',
  small_claims: 'Procédure simplifiée de recouvrement des petites créances',
  european_order: 'Injonction de payer européenne',
  european_small_claims: 'Règlement européen des petits litiges',
  claim_declaration: 'Déclaration de créance',
};

export type CourtKind = 'commerce' | 'activites_economiques' | 'judiciaire';
export const COURT_KIND_LABELS: Record<CourtKind, string> = {
  commerce: 'Tribunal de commerce',
  activites_economiques: 'Tribunal des activités économiques',
  judiciaire: 'Tribunal judiciaire',
};

export type CaseStage = 'ready' | 'filed' | 'order_issued' | 'served' | 'opposed' | 'enforceable' | 'closed';
export const CASE_STAGE_LABELS: Record<CaseStage, string> = {
  ready: 'Dossier prêt',
  filed: 'Requête déposée',
  order_issued: 'Ordonnance rendue',
  served: 'Ordonnance signifiée',
  opposed: 'Opposition formée',
  enforceable: 'Exécutoire',
  closed: 'Clos',
};

export interface CaseCost {
  id: number;
  kind: 'court_fee' | 'bailiff' | 'lawyer' | 'other';
  label: string;
  amountCents: Cents;
  date: IsoDate;
  recoverable: boolean;
}
export const CASE_COST_LABELS: Record<CaseCost['kind'], string> = { court_fee: 'Frais de greffe', bailiff: 'Commissaire de justice', lawyer: 'Avocat', other: 'Autre' };

export interface CaseDeadline {
  key: 'service' | 'opposition';
  label: string;
  date: IsoDate;
  /** met: done in time; running: still open; near: within the warning days; passed: missed. */
  state: 'met' | 'running' | 'near' | 'passed';
  consequence: string;
}

export interface CaseView {
  id: number;
  clientId: number;
  clientName: string;
  procedure: CaseProcedure;
  court: { kind: CourtKind; name: string } | null;
  stage: CaseStage;
  stageLabel: string;
  dates: { ready: IsoDate; filed: IsoDate | null; order: IsoDate | null; served: IsoDate | null; opposition: IsoDate | null; enforceable: IsoDate | null; closed: IsoDate | null };
  closedReason: 'paid' | 'abandoned' | 'rejected' | 'other' | null;
  invoices: { id: number; number: string; dueDate: IsoDate; remainingCents: Cents }[];
  remainingCents: Cents;
  costs: CaseCost[];
  recoverableCostsCents: Cents;
  deadlines: CaseDeadline[];
  dossierDocumentId: number | null;
  note: string | null;
}
