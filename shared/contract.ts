// The one map of channels between the renderer and the core: each name, its input schema
// (zod, run on every call) and its output type. Handlers in electron/core must satisfy it.
import { z } from 'zod';
import type { AuditEntry } from './domain/audit.js';
import type { Client, ClientListRow } from './domain/client.js';
import type { Company } from './domain/company.js';
import type { ClientSummary, InvoiceDetail, InvoiceListRow, Payment } from './domain/invoice.js';
import type { OpenInvoice } from './domain/allocation.js';
import {
  creditNoteInputSchema,
  importFilesSchema,
  disputeCloseSchema,
  disputeOpenSchema,
  invoiceInputSchema,
  invoiceListQuerySchema,
  invoicePdfSchema,
  paymentInputSchema,
  promiseInputSchema,
  writeOffInputSchema,
} from './schemas-ledger.js';
import type { Preferences } from './preferences.js';
import { bookSettingsPatchSchema, type BookSettings } from './settings.js';
import {
  agingCellSchema,
  agingExportSchema,
  agingQuerySchema,
  bordereauSchema,
  documentIdsSchema,
  documentListSchema,
  legalEventSchema,
  letterBatchSchema,
  letterRequestSchema,
  letterTemplateSchema,
  letterTypeSchema,
  penaltyQuerySchema,
  registerPostingSchema,
  registerReceiptSchema,
  userRateSchema,
} from './schemas-legal.js';
import type { LetterModel, LetterTemplate, LetterType } from './documents/letter-model.js';
import type { ClientBehaviourView } from './domain/score.js';
import type { CsvMapping } from './domain/csv-mapping.js';
import { backupNowSchema, binaryFilesSchema, fecSchema, restoreSchema, sessionPassphraseSchema, csvSampleSchema, fullImportSchema, inactiveSchema, mappedImportSchema, presetDeleteSchema, presetSaveSchema, privacyEraseSchema } from './schemas-import.js';
import type { ErasureReport, InactiveClient, RetentionStatus } from './domain/privacy.js';
import type { AttachmentView } from './domain/attachments.js';
import type { CaseView } from './domain/cases.js';
import {
  advisorSchema,
  attachmentAddSchema,
  attachmentOwnerSchema,
  caseCostSchema,
  caseEventSchema,
  caseListSchema,
  caseOpenSchema,
  collectiveEndSchema,
  collectiveRecordSchema,
  collectiveUpdateSchema,
  dossierSchema,
} from './schemas-cases.js';
import type { Advice, CollectiveProcedureView } from './legal/advisor.js';
import type { PaymentPlanDebt, PaymentPlanView } from './domain/payment-plan.js';
import type { ActionHistoryEntry, ActionResult, ClientScenarioView, Scenario, TodayQueue } from './domain/scenarios.js';
import {
  clientScenarioSchema,
  planCreateSchema,
  planDateSchema,
  planDebtSchema,
  clientTermsSchema,
  exclusionSchema,
  financingSchema,
  insurerDeclarationSchema,
  queueActionSchema,
  queueLettersSchema,
  queueQuerySchema,
  scenarioSaveSchema,
} from './schemas-queue.js';
import type { AgingReport } from './domain/aging.js';
import type { AgingHistoryPoint, CashFlowMonth, Debtor, Indicators, WeekForecast } from './domain/dashboard.js';
import type { PenaltyStatement } from './domain/penalties.js';
import type { Prescription } from './domain/prescription.js';
import type { SemesterRates } from './legal/rates.js';
import type { ImportPreview, ImportResult } from './domain/import.js';
import type { IsoDate } from './domain/dates.js';
import { preferencesPatchSchema } from './preferences.js';
import { clientInputSchema, clientListQuerySchema, companyInputSchema, idSchema } from './schemas.js';

export interface AppInfo {
  version: string;
  schemaVersion: number;
  dbPath: string;
  shell: 'electron' | 'browser';
  today: string;
}

/** Declares a channel: its input schema and, as a phantom, its output type. */
function channel<S extends z.ZodType, O>(input: S) {
  return { input, output: undefined as unknown as O };
}

export const auditQuerySchema = z.object({
  entity: z.enum(['client', 'company', 'invoice', 'payment', 'credit_note', 'dispute', 'promise', 'document']).optional(),
  entityId: z.int().positive().optional(),
  limit: z.int().min(1).max(500).default(100),
});

const semesterSchema = z.object({ semester: z.string().regex(/^\d{4}-S[12]$/, 'Semestre : AAAA-S1 ou AAAA-S2.') });

export interface InvoicePenaltiesView {
  asOf: IsoDate;
  statement: PenaltyStatement;
  prescription: Prescription;
  events: { id: number; invoiceId: number; kind: 'acknowledgment' | 'formal_notice' | 'court_action' | 'judgment' | 'enforceable'; date: IsoDate; note: string | null }[];
}

export interface DashboardCharts {
  bucketLabels: string[];
  /** Penalties, interest and indemnities the user could claim today on the overdue invoices. */
  claimable: { interestCents: number; indemnityCents: number; invoices: number };
  financingRateBp: number;
  agingHistory: AgingHistoryPoint[];
  cashFlow: CashFlowMonth[];
  forecast: WeekForecast[];
  debtors: Debtor[];
  overdueTotalCents: number;
}

export interface WhatIf {
  clientId: number;
  days: number;
  baseline: WeekForecast[];
  shifted: WeekForecast[];
  /** Carrying this client's open balance `days` longer at the financing rate (negative: saved). */
  costDeltaCents: number;
}

const whatIfSchema = z.object({
  asOf: z.string().optional(),
  clientId: z.int().positive('Choisissez un client.'),
  days: z.int('Nombre de jours entier.').min(-365, 'Entre −365 et 365 jours.').max(365, 'Entre −365 et 365 jours.'),
});

export interface RegisteredLetterView {
  id: number;
  documentId: number;
  documentTitle: string;
  clientId: number;
  clientName: string;
  trackingNumber: string | null;
  sentDate: IsoDate | null;
  receivedDate: IsoDate | null;
  receiptDocumentId: number | null;
  deadline: IsoDate | null;
  status: 'to_post' | 'posted' | 'received';
}

export interface ExclusionView {
  id: number;
  clientId: number | null;
  invoiceId: number | null;
  invoiceNumber?: string | null;
  reason: string;
  fromDate: IsoDate;
  untilDate: IsoDate | null;
  liftedDate: IsoDate | null;
  active?: boolean;
}
const exclusionListSchema = z.object({ clientId: z.int().positive().optional() });

export type { DocumentInfo } from './domain/document.js';
import type { DocumentInfo } from './domain/document.js';

export interface AgingCellInvoice {
  id: number;
  number: string;
  clientId: number;
  clientName: string;
  dueDate: IsoDate;
  balanceCents: number;
  daysPastDue: number;
  disputed: number;
}

export interface RatesView {
  rows: (SemesterRates & { origin: 'built_in' | 'user' })[];
  coverageWarning: string | null;
}

export const contract = {
  'app.info': channel<z.ZodObject<{}>, AppInfo>(z.object({})),

  'company.get': channel<z.ZodObject<{}>, Company | null>(z.object({})),
  'company.save': channel<typeof companyInputSchema, Company>(companyInputSchema),

  'clients.list': channel<typeof clientListQuerySchema, { rows: ClientListRow[]; total: number }>(clientListQuerySchema),
  'clients.get': channel<typeof idSchema, Client>(idSchema),
  'clients.create': channel<typeof clientInputSchema, Client>(clientInputSchema),
  'clients.update': channel<ReturnType<typeof clientUpdateSchema>, Client>(clientUpdateSchema()),
  'clients.archive': channel<typeof idSchema, Client>(idSchema),
  'clients.restore': channel<typeof idSchema, Client>(idSchema),
  'clients.delete': channel<typeof idSchema, { id: number }>(idSchema),
  'clients.tags': channel<z.ZodObject<{}>, string[]>(z.object({})),

  'clients.summary': channel<typeof idSchema, ClientSummary>(idSchema),
  'clients.openInvoices': channel<typeof idSchema, OpenInvoice[]>(idSchema),

  'invoices.list': channel<typeof invoiceListQuerySchema, { rows: InvoiceListRow[]; total: number; balanceCents: number }>(invoiceListQuerySchema),
  'invoices.get': channel<typeof idSchema, InvoiceDetail>(idSchema),
  'invoices.create': channel<typeof invoiceInputSchema, InvoiceDetail>(invoiceInputSchema),
  'invoices.update': channel<ReturnType<typeof invoiceUpdateSchema>, InvoiceDetail>(invoiceUpdateSchema()),
  'invoices.attachPdf': channel<typeof invoicePdfSchema, InvoiceDetail>(invoicePdfSchema),
  'invoices.pdf': channel<typeof idSchema, { fileName: string; base64: string }>(idSchema),
  'invoices.writeOff': channel<typeof writeOffInputSchema, InvoiceDetail>(writeOffInputSchema),
  'creditNotes.create': channel<typeof creditNoteInputSchema, InvoiceDetail>(creditNoteInputSchema),
  'payments.record': channel<typeof paymentInputSchema, Payment>(paymentInputSchema),
  'disputes.open': channel<typeof disputeOpenSchema, InvoiceDetail>(disputeOpenSchema),
  'disputes.close': channel<typeof disputeCloseSchema, InvoiceDetail>(disputeCloseSchema),
  'promises.create': channel<typeof promiseInputSchema, InvoiceDetail>(promiseInputSchema),

  'import.preview': channel<typeof importFilesSchema, ImportPreview>(importFilesSchema),
  /** A CSV from another tool: headers, first rows, the guessed mapping and saved presets. */
  'import.csvSample': channel<typeof csvSampleSchema, { separator: string; headers: string[]; rows: string[][]; rowCount: number; guessed: CsvMapping; presets: Record<string, CsvMapping> }>(csvSampleSchema),
  'import.mappedPreview': channel<typeof mappedImportSchema, ImportPreview>(mappedImportSchema),
  'import.mappedApply': channel<typeof mappedImportSchema, ImportResult>(mappedImportSchema),
  'import.presetSave': channel<typeof presetSaveSchema, Record<string, CsvMapping>>(presetSaveSchema),
  'import.presetDelete': channel<typeof presetDeleteSchema, Record<string, CsvMapping>>(presetDeleteSchema),
  /** Everything as a ZIP: Recouvra's CSV files, the documents and attachments, a SHA-256 manifest. */
  'export.full': channel<z.ZodObject<{}>, { fileName: string; base64: string; counts: Record<string, number> }>(z.object({})),
  /** A full export brought back into an EMPTY book (all or nothing). */
  'export.importFull': channel<typeof fullImportSchema, { clients: number; invoices: number; payments: number; documents: number; warnings: string[] }>(fullImportSchema),
  /** RGPD: everything held about a natural-person client (JSON and documents), as a ZIP. */
  'privacy.export': channel<typeof idSchema, { fileName: string; base64: string }>(idSchema),
  /** What must be kept about a client and until when; what erasure would leave. */
  'privacy.retention': channel<typeof idSchema, RetentionStatus & { remaining: string[] }>(idSchema),
  'privacy.erase': channel<typeof privacyEraseSchema, ErasureReport>(privacyEraseSchema),
  'privacy.inactive': channel<typeof inactiveSchema, InactiveClient[]>(inactiveSchema),
  'backup.status': channel<
    z.ZodObject<{}>,
    { folder: string | null; encrypt: boolean; lastAutomaticAt: string | null; sessionPassphrase: boolean; lastOutcome: { at: string; status: string; message: string } | null }
  >(z.object({})),
  /** A backup now into the chosen folder, checked (integrity) after writing. */
  'backup.now': channel<typeof backupNowSchema, { path: string; sizeBytes: number; encrypted: boolean; counts: Record<string, number>; documentsBytes: number; elapsedMs: number }>(backupNowSchema),
  /** The passphrase of encrypted automatic backups, kept in memory for this session only. */
  'backup.setPassphrase': channel<typeof sessionPassphraseSchema, null>(sessionPassphraseSchema),
  /** Restores a backup file over the book (the replaced book is kept aside), then reopens it. */
  'backup.restore': channel<typeof restoreSchema, { asidePath: string | null; schemaVersion: number; counts: Record<string, number>; migratedFrom: number }>(restoreSchema),
  /** Factur-X / ZUGFeRD PDFs, CII or UBL XML files (EN 16931): preview, then all or nothing. */
  'import.einvoicePreview': channel<typeof binaryFilesSchema, ImportPreview>(binaryFilesSchema),
  'import.einvoiceApply': channel<typeof binaryFilesSchema, ImportResult>(binaryFilesSchema),
  /** The accounting export (FEC): clients 411, invoices, credit notes, payments and lettrage; a later FEC updates without duplicates. */
  'import.fecPreview': channel<typeof fecSchema, ImportPreview>(fecSchema),
  'import.fecApply': channel<typeof fecSchema, ImportResult>(fecSchema),
  'import.apply': channel<typeof importFilesSchema, ImportResult>(importFilesSchema),

  'reports.indicators': channel<typeof agingQuerySchema, Indicators>(agingQuerySchema),
  'reports.charts': channel<typeof agingQuerySchema, DashboardCharts>(agingQuerySchema),
  'reports.whatIf': channel<typeof whatIfSchema, WhatIf>(whatIfSchema),
  'reports.aging': channel<typeof agingQuerySchema, AgingReport>(agingQuerySchema),
  'reports.agingInvoices': channel<typeof agingCellSchema, AgingCellInvoice[]>(agingCellSchema),
  'reports.agingExport': channel<typeof agingExportSchema, { fileName: string; mimeType: string; base64: string }>(agingExportSchema),

  'templates.list': channel<z.ZodObject<{}>, Record<LetterType, LetterTemplate & { custom: boolean }>>(z.object({})),
  'templates.save': channel<typeof letterTemplateSchema, Record<LetterType, LetterTemplate & { custom: boolean }>>(letterTemplateSchema),
  'templates.reset': channel<typeof letterTypeSchema, Record<LetterType, LetterTemplate & { custom: boolean }>>(letterTypeSchema),
  'letters.preview': channel<typeof letterRequestSchema, LetterModel>(letterRequestSchema),
  'letters.batchClients': channel<typeof letterBatchSchema, { id: number; name: string }[]>(letterBatchSchema),
  'letters.generate': channel<typeof letterRequestSchema, DocumentInfo>(letterRequestSchema),
  'documents.list': channel<typeof documentListSchema, DocumentInfo[]>(documentListSchema),
  'documents.merge': channel<typeof documentIdsSchema, { fileName: string; base64: string }>(documentIdsSchema),

  'register.list': channel<z.ZodObject<{}>, RegisteredLetterView[]>(z.object({})),
  'register.posted': channel<typeof registerPostingSchema, RegisteredLetterView>(registerPostingSchema),
  'register.received': channel<typeof registerReceiptSchema, RegisteredLetterView>(registerReceiptSchema),
  /** Prints (and archives) the bordereau de dépôt; the document's id, to open with documents.merge. */
  'register.bordereau': channel<typeof bordereauSchema, DocumentInfo>(bordereauSchema),

  'scenarios.list': channel<z.ZodObject<{}>, Scenario[]>(z.object({})),
  'scenarios.save': channel<typeof scenarioSaveSchema, Scenario>(scenarioSaveSchema),
  'scenarios.delete': channel<typeof idSchema, null>(idSchema),
  'clients.setScenario': channel<typeof clientScenarioSchema, ClientScenarioView>(clientScenarioSchema),
  'clients.scenario': channel<typeof idSchema, ClientScenarioView>(idSchema),
  /** Payment-behaviour grade A–D with its reasons, the credit-limit alert and the suggested terms. */
  'clients.behaviour': channel<typeof idSchema, ClientBehaviourView>(idSchema),
  'clients.setTerms': channel<typeof clientTermsSchema, Client>(clientTermsSchema),
  'clients.actions': channel<typeof idSchema, ActionHistoryEntry[]>(idSchema),
  'queue.today': channel<typeof queueQuerySchema, TodayQueue>(queueQuerySchema),
  /** Does or skips today's line of one client (recomputed from the books). */
  'queue.act': channel<typeof queueActionSchema, ActionResult>(queueActionSchema),
  /** Every letter action of the day, generated, archived, recorded as done and merged in one PDF. */
  'queue.letters': channel<typeof queueLettersSchema, { count: number; fileName: string; base64: string; documentIds: number[] }>(queueLettersSchema),
  'plans.list': channel<typeof exclusionListSchema, PaymentPlanView[]>(exclusionListSchema),
  /** The debt a plan would cover (with penalties to date when asked), before creating it. */
  'plans.debt': channel<typeof planDebtSchema, PaymentPlanDebt>(planDebtSchema),
  'plans.create': channel<typeof planCreateSchema, PaymentPlanView>(planCreateSchema),
  /** The debtor signed the reconnaissance de dette: an acknowledgment on each invoice. */
  'plans.sign': channel<typeof planDateSchema, PaymentPlanView>(planDateSchema),
  'plans.cancel': channel<typeof planDateSchema, PaymentPlanView>(planDateSchema),
  'plans.print': channel<typeof idSchema, DocumentInfo>(idSchema),
  /** Does every step of the day that does not wait for validation (not the calls). */
  'queue.runAutomatic': channel<typeof queueLettersSchema, { results: ActionResult[]; failures: { clientId: number; clientName: string; message: string }[] }>(queueLettersSchema),
  /** The day's SMS as a CSV for an SMS service (not recorded as done). */
  'queue.smsCsv': channel<typeof queueLettersSchema, { fileName: string; base64: string; exported: number; rejected: { name: string; reason: string }[] }>(queueLettersSchema),
  'exclusions.add': channel<typeof exclusionSchema, ExclusionView>(exclusionSchema),
  'exclusions.lift': channel<typeof idSchema, null>(idSchema),
  'exclusions.list': channel<typeof exclusionListSchema, ExclusionView[]>(exclusionListSchema),
  'invoices.setFinancing': channel<typeof financingSchema, InvoiceDetail>(financingSchema),
  'insurer.declare': channel<typeof insurerDeclarationSchema, DocumentInfo>(insurerDeclarationSchema),

  /** What to do next for a client's unpaid invoices, and why. */
  'advisor.client': channel<typeof advisorSchema, Advice>(advisorSchema),
  'collective.list': channel<typeof idSchema, CollectiveProcedureView[]>(idSchema),
  'collective.record': channel<typeof collectiveRecordSchema, CollectiveProcedureView>(collectiveRecordSchema),
  'collective.update': channel<typeof collectiveUpdateSchema, CollectiveProcedureView>(collectiveUpdateSchema),
  'collective.end': channel<typeof collectiveEndSchema, CollectiveProcedureView>(collectiveEndSchema),
  /** The déclaration de créance to the mandataire (archived, entered in the register). */
  'collective.declare': channel<typeof idSchema, DocumentInfo>(idSchema),
  /** Opens the case (or takes the one given), builds and archives the dossier, returns the lawyer's ZIP. */
  'dossier.prepare': channel<
    typeof dossierSchema,
    { caseId: number; document: DocumentInfo; zipFileName: string; zipBase64: string; missing: string[]; warnings: string[]; pages: { title: string; firstPage: number }[] }
  >(dossierSchema),
  'cases.list': channel<typeof caseListSchema, CaseView[]>(caseListSchema),
  'cases.get': channel<typeof idSchema, CaseView>(idSchema),
  'cases.open': channel<typeof caseOpenSchema, CaseView>(caseOpenSchema),
  /** The next stage of a case (filed, ordonnance, served, opposition, enforceable, closed). */
  'cases.event': channel<typeof caseEventSchema, CaseView>(caseEventSchema),
  'cases.addCost': channel<typeof caseCostSchema, CaseView>(caseCostSchema),
  'attachments.add': channel<typeof attachmentAddSchema, AttachmentView>(attachmentAddSchema),
  'attachments.list': channel<typeof attachmentOwnerSchema, AttachmentView[]>(attachmentOwnerSchema),

  'penalties.invoice': channel<typeof penaltyQuerySchema, InvoicePenaltiesView>(penaltyQuerySchema),
  'legalEvents.add': channel<typeof legalEventSchema, InvoicePenaltiesView>(legalEventSchema),
  'rates.list': channel<z.ZodObject<{}>, RatesView>(z.object({})),
  'rates.save': channel<typeof userRateSchema, RatesView>(userRateSchema),
  'rates.remove': channel<typeof semesterSchema, RatesView>(semesterSchema),

  'settings.get': channel<z.ZodObject<{}>, BookSettings>(z.object({})),
  'settings.set': channel<typeof bookSettingsPatchSchema, BookSettings>(bookSettingsPatchSchema),

  'audit.list': channel<typeof auditQuerySchema, AuditEntry[]>(auditQuerySchema),

  /** The SMTP password is never sent back: smtpHasPassword says whether one is stored. */
  'preferences.get': channel<z.ZodObject<{}>, Preferences & { smtpHasPassword: boolean }>(z.object({})),
  'preferences.set': channel<typeof preferencesPatchSchema, Preferences & { smtpHasPassword: boolean }>(preferencesPatchSchema),
  /** Connects to the configured SMTP server (and logs in) without sending anything. */
  'smtp.test': channel<z.ZodObject<{}>, { message: string }>(z.object({})),
} as const;

function invoiceUpdateSchema() {
  return z.object({ id: idSchema.shape.id, invoice: invoiceInputSchema });
}

function clientUpdateSchema() {
  return z.object({ id: idSchema.shape.id, client: clientInputSchema });
}

export type Contract = typeof contract;
export type Channel = keyof Contract;
/** What a caller sends (before defaults and transforms). */
export type InputOf<C extends Channel> = z.input<Contract[C]['input']>;
/** What a handler receives (validated, defaults applied, normalized). */
export type ParsedInputOf<C extends Channel> = z.output<Contract[C]['input']>;
export type OutputOf<C extends Channel> = Contract[C]['output'];

export const CHANNELS = Object.keys(contract) as Channel[];

export function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(contract, name);
}
