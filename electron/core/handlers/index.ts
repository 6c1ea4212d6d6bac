// The implementation of every channel of the contract. A missing or mistyped handler is a
// compile error (`satisfies Handlers`). Handlers receive input already checked by its schema.
import type { Channel, OutputOf, ParsedInputOf } from '../../../shared/contract.js';
import type { IsoDate } from '../../../shared/domain/dates.js';
import type { CoreContext } from '../context.js';
import { preferencesForWindow } from '../preferences.js';
import { addAttachment, listAttachments, refuseInflatingPdf } from '../attachments.js';
import { adviseClient } from '../escalation/advisor-facts.js';
import { prepareDossier } from '../escalation/prepare-dossier.js';
import { endCollectiveProcedure, generateClaimDeclaration, listCollectiveProcedures, recordCollectiveProcedure, updateCollectiveProcedure } from '../escalation/collective.js';
import { addCaseCost, getCase, listCases, openCase, recordCaseEvent } from '../cases.js';
import { AppError } from '../errors.js';
import type { PieceType } from '../../../shared/domain/attachments.js';
import { cancelPaymentPlan, createPaymentPlan, listPaymentPlans, paymentPlanDebt, printPaymentPlan, recordPlanSignature } from '../payment-plans.js';
import { clientBehaviour } from '../reports/payment-behaviour.js';
import { applyImport, previewImport } from '../import/apply.js';
import { fullExport, importFullExport } from '../export/full-export.js';
import { backupNow, backupStatus, restoreNow, triggerAutomaticBackup } from '../backup/service.js';
import { setSessionPassphrase } from '../backup/schedule.js';
import { clientRetention, eraseOrAnonymise, inactiveClients, personalDataExport } from '../privacy/rgpd.js';
import { applyEInvoices, previewEInvoices } from '../import/einvoice.js';
import { applyFec, previewFec } from '../import/fec.js';
import { applyMapped, deleteMappingPreset, previewMapped, sampleCsv, saveMappingPreset } from '../import/mapped.js';
import { agingInvoices, agingReport } from '../repositories/aging.js';
import { exportAging } from '../reports/aging-export.js';
import { agingHistory, cashInForecast, indicators, invoicedVsCollected, topDebtors } from '../reports/dashboard.js';
import { agingBuckets } from '../../../shared/domain/aging.js';
import { mulDivRound, type Cents } from '../../../shared/domain/money.js';
import { addLegalEvent, invoicePenalties, rateTable, ratesView, removeUserRate, saveUserRate } from '../legal.js';
import { claimablePenalties } from '../reports/claimable.js';
import { createReportCache } from '../reports/report-cache.js';
import { listRegister, printBordereau, recordPosting, recordReceipt } from '../register.js';
import { addExclusion, clientActions, clientScenario, deleteScenario, liftExclusion, listExclusions, listScenarios, saveScenario, setClientScenario, setClientTerms, setInvoiceFinancing, todayQueue } from '../queue.js';
import { declareToInsurer, performAction, queueLetters, queueOptions, queueSmsCsv, runAutomatic } from '../queue-actions.js';
import { clientsOverdueNamed, documentContent, generateLetters, letterModelFor, letterTemplates, listDocuments, mergeDocuments, resetLetterTemplate, saveLetterTemplate } from '../letters.js';

export type Handlers = {
  [C in Channel]: (input: ParsedInputOf<C>) => OutputOf<C> | Promise<OutputOf<C>>;
};

export function createHandlers(ctx: CoreContext) {
  const { clients, company, audit, ledger, settings } = ctx.repos;
  // One per connection (handlers are rebuilt when a restore reopens the file).
  const cached = createReportCache(ctx.db);
  const charts = (date: IsoDate) => {
    const { agingBounds, financingRateBp } = settings.get();
    const top = topDebtors(ctx.db, date);
    return {
      bucketLabels: agingBuckets(agingBounds).map((b) => b.label),
      claimable: claimablePenalties(ctx.db, date, rateTable(ctx)),
      financingRateBp,
      agingHistory: agingHistory(ctx.db, date, agingBounds, financingRateBp),
      cashFlow: invoicedVsCollected(ctx.db, date),
      forecast: cashInForecast(ctx.db, date),
      debtors: top.debtors,
      overdueTotalCents: top.overdueTotalCents,
    };
  };
  return {
    'app.info': () => ({
      version: ctx.version,
      schemaVersion: ctx.migration.to,
      dbPath: ctx.dbPath,
      shell: ctx.shell,
      today: ctx.clock.today(),
    }),

    'company.get': () => company.get(),
    'company.save': (input) => company.save(input),

    'clients.list': (input) => clients.list(input),
    'clients.get': ({ id }) => clients.get(id),
    'clients.create': (input) => clients.create(input),
    'clients.update': ({ id, client }) => clients.update(id, client),
    'clients.archive': ({ id }) => clients.archive(id),
    'clients.restore': ({ id }) => clients.restore(id),
    'clients.delete': ({ id }) => clients.delete(id),
    'clients.tags': () => clients.tags(),

    'clients.summary': ({ id }) => ledger.clientSummary(id),
    'clients.openInvoices': ({ id }) => ledger.openInvoices(id),

    'invoices.list': (input) => ledger.list(input),
    'invoices.get': ({ id }) => ledger.detail(id),
    'invoices.create': (input) => ledger.createInvoice(input),
    'invoices.update': ({ id, invoice }) => ledger.updateInvoice(id, invoice),
    'invoices.attachPdf': async ({ id, fileName, base64 }) => {
      const content = Buffer.from(base64, 'base64');
      // Merged into letters' annexes and dossiers later: a PDF bomb is refused now.
      if (content.subarray(0, 5).toString('latin1') === '%PDF-') await refuseInflatingPdf(content, fileName, 'pdf');
      return ledger.attachPdf(id, fileName, content);
    },
    'invoices.pdf': ({ id }) => {
      const { fileName, content } = ledger.invoicePdf(id);
      return { fileName, base64: content.toString('base64') };
    },
    'invoices.writeOff': (input) => ledger.writeOff(input),
    'creditNotes.create': (input) => ledger.createCreditNote(input),
    'payments.record': (input) => ledger.recordPayment(input),
    'disputes.open': (input) => ledger.openDispute(input),
    'disputes.close': (input) => ledger.closeDispute(input),
    'promises.create': (input) => ledger.createPromise(input),

    'import.preview': (files) => previewImport(ctx, files),
    'import.apply': (files) => applyImport(ctx, files),
    'export.full': async () => {
      const { zip, fileName, counts } = await fullExport(ctx);
      return { fileName, base64: zip.toString('base64'), counts: { ...counts } };
    },
    'export.importFull': async ({ base64 }) => {
      const r = await importFullExport(ctx, Buffer.from(base64, 'base64'));
      return { clients: r.import.clientsCreated, invoices: r.import.invoices, payments: r.import.payments, documents: r.documents, warnings: r.warnings };
    },
    'privacy.export': async ({ id }) => {
      const { zip, fileName } = await personalDataExport(ctx, id);
      return { fileName, base64: zip.toString('base64') };
    },
    'privacy.retention': ({ id }) => clientRetention(ctx, id),
    'privacy.erase': ({ id, mode }) => eraseOrAnonymise(ctx, id, mode),
    'privacy.inactive': ({ years }) => inactiveClients(ctx, ctx.clock.today(), years),
    'backup.status': () => backupStatus(ctx),
    'backup.now': async ({ passphrase }) => {
      const r = await backupNow(ctx, { passphrase });
      return { path: r.path, sizeBytes: r.sizeBytes, encrypted: r.encrypted, counts: { ...r.counts }, documentsBytes: r.documentsBytes, elapsedMs: r.elapsedMs };
    },
    'backup.setPassphrase': ({ passphrase }) => (setSessionPassphrase(passphrase), null),
    'backup.restore': async ({ path, passphrase }) => {
      const r = await restoreNow(ctx, path, { passphrase });
      return { asidePath: r.asidePath, schemaVersion: r.schemaVersion, counts: { ...r.counts }, migratedFrom: r.migration.from };
    },
    'import.einvoicePreview': ({ files }) => previewEInvoices(ctx, files.map((f) => ({ fileName: f.fileName, bytes: Buffer.from(f.base64, 'base64') }))),
    'import.einvoiceApply': ({ files }) => applyEInvoices(ctx, files.map((f) => ({ fileName: f.fileName, bytes: Buffer.from(f.base64, 'base64') }))),
    'import.fecPreview': ({ fileName, base64 }) => previewFec(ctx, Buffer.from(base64, 'base64'), fileName),
    'import.fecApply': ({ fileName, base64 }) => applyFec(ctx, Buffer.from(base64, 'base64'), fileName),
    'import.csvSample': ({ text, fileName }) => sampleCsv(ctx, text, fileName),
    'import.mappedPreview': ({ text, fileName, mapping }) => previewMapped(ctx, text, fileName, mapping),
    'import.mappedApply': ({ text, fileName, mapping }) => applyMapped(ctx, text, fileName, mapping),
    'import.presetSave': ({ name, mapping }) => saveMappingPreset(ctx, name, mapping),
    'import.presetDelete': ({ name }) => deleteMappingPreset(ctx, name),

    'reports.indicators': ({ asOf }) => {
      const date = (asOf as IsoDate | undefined) ?? ctx.clock.today();
      return cached(`indicators|${date}`, () => indicators(ctx.db, date));
    },
    'reports.charts': ({ asOf }) => {
      const date = (asOf as IsoDate | undefined) ?? ctx.clock.today();
      return cached(`charts|${date}`, () => charts(date));
    },
    'reports.aging': ({ asOf }) => {
      const date = (asOf as IsoDate | undefined) ?? ctx.clock.today();
      return cached(`aging|${date}`, () => agingReport(ctx.db, date, settings.get().agingBounds));
    },
    'reports.whatIf': ({ asOf, clientId, days }) => {
      const date = (asOf as IsoDate | undefined) ?? ctx.clock.today();
      const open = ctx.repos.ledger.clientSummary(clientId).openBalanceCents;
      return {
        clientId,
        days,
        baseline: cashInForecast(ctx.db, date),
        shifted: cashInForecast(ctx.db, date, { clientId, days }),
        costDeltaCents: mulDivRound(open as Cents, settings.get().financingRateBp * days, 10_000 * 365),
      };
    },
    'reports.agingInvoices': ({ asOf, clientId, bucket }) =>
      agingInvoices(ctx.db, (asOf as IsoDate | undefined) ?? ctx.clock.today(), { ...(clientId !== undefined ? { clientId } : {}), ...(bucket !== undefined ? { bucket } : {}) }, settings.get().agingBounds),
    'reports.agingExport': async ({ asOf, format }) => {
      const report = agingReport(ctx.db, (asOf as IsoDate | undefined) ?? ctx.clock.today(), settings.get().agingBounds);
      const file = await exportAging(report, format, ctx.repos.company.get());
      return { fileName: file.fileName, mimeType: file.mimeType, base64: file.content.toString('base64') };
    },

    'templates.list': () => letterTemplates(ctx),
    'templates.save': ({ type, subject, body }) => saveLetterTemplate(ctx, type, { subject, body }),
    'templates.reset': ({ type }) => resetLetterTemplate(ctx, type),
    'letters.preview': ({ clientId, type, asOf }) => letterModelFor(ctx, clientId, type, (asOf as IsoDate | undefined) ?? ctx.clock.today()).model,
    'letters.batchClients': ({ type, minDaysLate, asOf }) => {
      const date = (asOf as IsoDate | undefined) ?? ctx.clock.today();
      return clientsOverdueNamed(ctx, date, type === 'statement' ? 1 : minDaysLate);
    },
    'letters.generate': async ({ clientId, type, asOf }) => {
      const { documents } = await generateLetters(ctx, { clientIds: [clientId], type, asOf: (asOf as IsoDate | undefined) ?? ctx.clock.today() }, { merge: false });
      return documents[0]!;
    },
    'documents.list': ({ clientId }) => listDocuments(ctx, clientId),
    'documents.merge': async ({ ids }) => ({
      fileName: ids.length === 1 ? documentContent(ctx, ids[0]!).fileName : `courriers-${ctx.clock.today()}.pdf`,
      base64: (await mergeDocuments(ctx, ids)).toString('base64'),
    }),

    'register.list': () => listRegister(ctx),
    'register.posted': ({ id, trackingNumber, sentDate }) => recordPosting(ctx, { id, trackingNumber, sentDate: sentDate as IsoDate }),
    'register.received': ({ id, receivedDate, scan }) => recordReceipt(ctx, { id, receivedDate: receivedDate as IsoDate, scan }),
    'register.bordereau': ({ date, includeToPost }) => printBordereau(ctx, { date: date as IsoDate, includeToPost }),

    'scenarios.list': () => listScenarios(ctx),
    'scenarios.save': (input) => saveScenario(ctx, input),
    'scenarios.delete': ({ id }) => (deleteScenario(ctx, id), null),
    'clients.setScenario': ({ clientId, scenarioId }) => (setClientScenario(ctx, clientId, scenarioId), clientScenario(ctx, clientId, () => clientBehaviour(ctx, clientId).score.grade)),
    'clients.scenario': ({ id }) => clientScenario(ctx, id, () => clientBehaviour(ctx, id).score.grade),
    'clients.behaviour': ({ id }) => clientBehaviour(ctx, id),
    'clients.setTerms': ({ clientId, terms }) => (setClientTerms(ctx, clientId, terms), clients.get(clientId)),
    'clients.actions': ({ id }) => clientActions(ctx, id),
    'queue.today': ({ asOf, limit }) => {
      const date = (asOf as IsoDate | undefined) ?? ctx.clock.today();
      const queue = cached(`queue|${date}`, () => todayQueue(ctx, date, queueOptions(ctx, date)));
      // A page: thousands of lines on a catch-up day need not cross to the window at once.
      return limit === undefined ? queue : { ...queue, lines: queue.lines.slice(0, limit), held: queue.held.slice(0, limit) };
    },
    'queue.act': (input) => {
      const date = (input.asOf as IsoDate | undefined) ?? ctx.clock.today();
      return performAction(ctx, { ...input, asOf: date }, queueOptions(ctx, date, input.clientId));
    },
    'queue.letters': async ({ asOf }) => {
      const date = (asOf as IsoDate | undefined) ?? ctx.clock.today();
      const batch = await queueLetters(ctx, date, queueOptions(ctx, date));
      return { count: batch.documents.length, fileName: batch.fileName, base64: batch.merged.toString('base64'), documentIds: batch.documents.map((d) => d.id) };
    },
    'plans.list': ({ clientId }) => listPaymentPlans(ctx, clientId),
    'plans.debt': (input) => paymentPlanDebt(ctx, input),
    'plans.create': (input) => createPaymentPlan(ctx, input),
    'plans.sign': ({ id, date }) => recordPlanSignature(ctx, id, date),
    'plans.cancel': ({ id, date }) => cancelPaymentPlan(ctx, id, date),
    'plans.print': ({ id }) => printPaymentPlan(ctx, id),
    'queue.runAutomatic': ({ asOf }) => {
      const date = (asOf as IsoDate | undefined) ?? ctx.clock.today();
      return runAutomatic(ctx, date, queueOptions(ctx, date));
    },
    'queue.smsCsv': async ({ asOf }) => {
      const date = (asOf as IsoDate | undefined) ?? ctx.clock.today();
      const { csv, ...rest } = await queueSmsCsv(ctx, date, queueOptions(ctx, date));
      return { ...rest, base64: Buffer.from(csv, 'utf8').toString('base64') };
    },
    'exclusions.add': (input) => addExclusion(ctx, { ...input, untilDate: input.untilDate as IsoDate | null | undefined }),
    'exclusions.lift': ({ id }) => (liftExclusion(ctx, id), null),
    'exclusions.list': ({ clientId }) => listExclusions(ctx, { clientId }),
    'invoices.setFinancing': ({ invoiceId, financing }) => (setInvoiceFinancing(ctx, invoiceId, financing), ledger.detail(invoiceId)),
    'insurer.declare': ({ invoiceId }) => declareToInsurer(ctx, invoiceId, ctx.clock.today()),

    'advisor.client': ({ clientId, asOf }) => adviseClient(ctx, clientId, (asOf as IsoDate | undefined) ?? ctx.clock.today()),
    'collective.list': ({ id }) => listCollectiveProcedures(ctx, id),
    'collective.record': (input) => recordCollectiveProcedure(ctx, { ...input, judgmentDate: input.judgmentDate as IsoDate, bodaccDate: (input.bodaccDate ?? null) as IsoDate | null }),
    'collective.update': ({ id, ...patch }) => updateCollectiveProcedure(ctx, { id, ...patch } as Parameters<typeof updateCollectiveProcedure>[1]),
    'collective.end': ({ id, date }) => endCollectiveProcedure(ctx, id, date as IsoDate),
    'collective.declare': ({ id }) => generateClaimDeclaration(ctx, id, ctx.clock.today()),
    'dossier.prepare': async (input) => {
      const { caseId, dossier } = await prepareDossier(ctx, { ...input, request1408: input.request1408 ?? null });
      return {
        caseId,
        document: dossier.document,
        zipFileName: dossier.zipFileName,
        zipBase64: dossier.zip.toString('base64'),
        missing: dossier.model.missing,
        warnings: dossier.warnings,
        pages: dossier.pages.map((p) => ({ title: p.title, firstPage: p.firstPage })),
      };
    },
    'cases.list': ({ clientId }) => listCases(ctx, clientId),
    'cases.get': ({ id }) => getCase(ctx, id),
    'cases.open': (input) => openCase(ctx, { ...input, readyDate: input.readyDate as IsoDate | undefined }),
    'cases.event': ({ caseId, event, date, courtFeeCents, bailiffFeeCents, reason }) => {
      const d = date as IsoDate;
      if (event === 'closed') {
        if (!reason) throw new AppError('VALIDATION', 'Motif de clôture : obligatoire.', { reason: 'Motif : obligatoire.' });
        return recordCaseEvent(ctx, caseId, { event, date: d, reason });
      }
      if (event === 'filed') return recordCaseEvent(ctx, caseId, { event, date: d, courtFeeCents });
      if (event === 'served') return recordCaseEvent(ctx, caseId, { event, date: d, bailiffFeeCents });
      return recordCaseEvent(ctx, caseId, { event, date: d });
    },
    'cases.addCost': ({ caseId, ...cost }) => addCaseCost(ctx, caseId, { ...cost, date: cost.date as IsoDate }),
    'attachments.add': (input) => addAttachment(ctx, { ...input, pieceType: input.pieceType as PieceType }),
    'attachments.list': (owner) => listAttachments(ctx, owner),

    'penalties.invoice': ({ id, asOf }) => invoicePenalties(ctx, id, asOf as IsoDate | undefined),
    'legalEvents.add': (input) => addLegalEvent(ctx, input),
    'rates.list': () => ratesView(ctx),
    'rates.save': (input) => saveUserRate(ctx, input),
    'rates.remove': ({ semester }) => removeUserRate(ctx, semester),

    'settings.get': () => settings.get(),
    'settings.set': (input) => settings.set(input),

    'audit.list': (input) => audit.list(input),

    'preferences.get': () => preferencesForWindow(ctx.preferences.get()),
    'preferences.set': (input) => {
      const prefs = preferencesForWindow(ctx.preferences.set(input));
      // A new backup folder gets its first backup at once (the change makes one due).
      if (input.backup) triggerAutomaticBackup(ctx);
      return prefs;
    },
    'smtp.test': async () => (await import('../messaging/smtp.js')).verifySmtp(ctx.preferences.get().smtp),
  } satisfies Handlers;
}
