// Personal data (RGPD) of a client who is a natural person: everything Recouvra holds about them
// as one ZIP (right of access, art. 15; portability, art. 20), erasure or anonymisation where no
// retention duty applies (art. 17), and the list of clients due for review (storage limitation,
// art. 5.1.e). The rules and their sources are in shared/domain/privacy.ts.
//
// Decisions (see also the report of this change):
// - Who: consumers, and businesses whose legal form is a sole trader's (isNaturalPerson). For
//   another business, the export holds only its contacts' personal fields (name, role, e-mail,
//   phone), and erasure/anonymisation are refused: its contacts are edited on its page.
// - The export's JSON (« donnees.json »): top-level sections with French names (personne,
//   contacts, factures, paiements…), each record with the column names of Recouvra's database
//   as they are (English, explained in LISEZMOI.txt), so that nothing held is left out by a
//   translation table that would lag behind the schema. Amounts in cents, dates ISO.
// - Anonymise keeps the accounting records (invoices, credit notes, payments, allocations,
//   write-offs) and the invoices' PDFs (accounting pieces: C. com. L123-22; immutable), and the
//   dated facts of the collection (disputes, promises, legal events, payment plans, cases) without
//   their free text. It replaces the client's name with « Client anonymisé n° X », empties the
//   address, identifiers, notes, tags, solvency, credit limit, archives the client; deletes
//   contacts, every other document (letters, statements, dossiers, pièces: evidence for a
//   collection that can no longer happen, since anonymisation needs no enforceable debt left),
//   the register entries of those letters, reminder actions, sent e-mails and exclusions. Text
//   kept in accounting fields (invoice description and reference, payment reference, credit
//   note and write-off reasons, case cost labels, kept documents' titles) has the person's names,
//   e-mails and phones replaced by « [anonymisé] ».
// - Erase deletes the client and everything linked to it, documents included.
// - Both write one journal entry WITHOUT personal data (counts and invoice numbers). The journal
//   entries already written stay as they are: the journal is append-only (triggers of migration
//   001) and is the legal record of the operations; redacting them would need a migration —
//   a decision left to the lead (reported). remainingAfterErasure() says so in French.
// - Traces in the file itself: the work runs with PRAGMA secure_delete = ON (deleted content is
//   overwritten with zeros instead of lingering in free pages), then the file is rewritten (VACUUM:
//   residues of earlier edits go too) and the WAL checkpointed and truncated, so the old values do
//   not stay in the database's files. Backups made earlier keep them.
import { createHash } from 'node:crypto';
import { addDays, formatDateFr, type IsoDate } from '../../../shared/domain/dates.js';
import {
  anonymisedClientName,
  documentRetentionClass,
  isAnonymisedClientName,
  isDueForReview,
  isNaturalPerson,
  PRIVACY_REVIEW_YEARS_SETTING,
  PRIVACY_SOURCES,
  privacyReviewYears,
  REDACTED,
  remainingAfterErasure,
  retentionStatus,
  reviewReason,
  scrubPersonalText,
  type ErasureReport,
  type InactiveClient,
  type RetentionFacts,
  type RetentionStatus,
} from '../../../shared/domain/privacy.js';
import type { ClientKind } from '../../../shared/domain/client.js';
import { fold } from '../../../shared/domain/text.js';
import type { CoreContext } from '../context.js';
import type { Db } from '../db/connection.js';
import type { ClientRow } from '../repositories/clients.js';
import { AppError, notFound } from '../errors.js';
import { deterministicZip, documentPath, zipSafeName, type ZipFile } from '../export/full-export.js';

export const PERSONAL_DATA_FORMAT = 'recouvra/donnees-personnelles';

/** The columns of a client row the retention rules and the erasure read. */
type ClientFacts = Pick<ClientRow, 'id' | 'kind' | 'name' | 'first_name' | 'last_name' | 'legal_form'>;

function clientRow(db: Db, clientId: number): ClientFacts {
  const row = db.prepare('SELECT id, kind, name, first_name, last_name, legal_form FROM clients WHERE id = ?').get(clientId) as ClientFacts | undefined;
  if (!row) throw notFound('Client');
  return row;
}

const naturalPerson = (c: ClientFacts) => isNaturalPerson({ kind: c.kind, legalForm: c.legal_form });

// ——— Retention ———

/** The facts the retention rules need, read from the books. */
export function retentionFacts(ctx: CoreContext, clientId: number): RetentionFacts {
  const { db } = ctx;
  const client = clientRow(db, clientId);
  const invoices = db
    .prepare(
      `SELECT id, number, issue_date, delivery_date, amount_ttc_cents - paid_cents - credited_cents AS balance
       FROM invoices WHERE client_id = ? ORDER BY id`,
    )
    .all(clientId) as { id: number; number: string; issue_date: IsoDate; delivery_date: IsoDate | null; balance: number }[];
  // As electron/core/legal.ts: a partial payment, an acknowledgment, a court action or a judgment
  // restarts prescription; a formal notice does not.
  const interruptions = new Map<number, IsoDate[]>();
  const push = (id: number, date: IsoDate) => interruptions.set(id, [...(interruptions.get(id) ?? []), date]);
  for (const a of db
    .prepare(
      `SELECT a.invoice_id, a.payment_date FROM payment_allocations a JOIN invoices i ON i.id = a.invoice_id
       WHERE i.client_id = ? AND a.amount_cents < i.amount_ttc_cents AND a.payment_date IS NOT NULL`,
    )
    .all(clientId) as { invoice_id: number; payment_date: IsoDate }[]) {
    push(a.invoice_id, a.payment_date);
  }
  const enforceable = new Map<number, IsoDate>();
  for (const e of db
    .prepare(
      `SELECT e.invoice_id, e.kind, e.event_date FROM legal_events e JOIN invoices i ON i.id = e.invoice_id
       WHERE i.client_id = ? AND e.kind IN ('acknowledgment', 'court_action', 'judgment', 'enforceable')`,
    )
    .all(clientId) as { invoice_id: number; kind: string; event_date: IsoDate }[]) {
    if (e.kind === 'enforceable') {
      const before = enforceable.get(e.invoice_id);
      if (!before || e.event_date > before) enforceable.set(e.invoice_id, e.event_date);
    } else push(e.invoice_id, e.event_date);
  }
  const accountingDates = db
    .prepare(
      `SELECT issue_date FROM invoices WHERE client_id = @id
       UNION SELECT c.issue_date FROM credit_notes c JOIN invoices i ON i.id = c.invoice_id WHERE i.client_id = @id
       UNION SELECT payment_date FROM payments WHERE client_id = @id`,
    )
    .pluck()
    .all({ id: clientId }) as IsoDate[];
  return {
    kind: client.kind,
    naturalPerson: naturalPerson(client),
    invoices: invoices.map((i) => ({
      number: i.number,
      issueDate: i.issue_date,
      deliveryDate: i.delivery_date,
      balanceCents: i.balance,
      interruptions: interruptions.get(i.id) ?? [],
      enforceableDate: enforceable.get(i.id) ?? null,
    })),
    accountingDates,
  };
}

/** What may be done with this client's data today (or on `asOf`), and why — shown before confirming. */
export function clientRetention(ctx: CoreContext, clientId: number, asOf: IsoDate = ctx.clock.today()): RetentionStatus & { remaining: string[] } {
  const status = retentionStatus(retentionFacts(ctx, clientId), asOf);
  const pdfs = ctx.db.prepare("SELECT count(*) FROM documents WHERE client_id = ? AND kind = 'invoice_pdf'").pluck().get(clientId) as number;
  return { ...status, remaining: remainingAfterErasure(status.canErase ? 'erase' : 'anonymise', pdfs) };
}

// ——— Export (right of access) ———

type Row = Record<string, unknown>;

/** A row as it goes into the JSON: JSON columns parsed, blobs left out. */
function plain(row: Row): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) {
    if (value instanceof Uint8Array) continue;
    if ((key === 'tags' || key === 'mandataire_address' || key === 'for_scores') && typeof value === 'string') out[key] = JSON.parse(value);
    else if ((key === 'before_json' || key === 'after_json') && typeof value === 'string') out[key.replace(/_json$/, '')] = JSON.parse(value);
    else out[key] = value;
  }
  return out;
}

const placeholders = (ids: readonly number[]) => (ids.length ? ids.map(() => '?').join(', ') : 'NULL');

const README = `Données personnelles détenues par l’entreprise qui utilise Recouvra (logiciel de suivi des factures)

donnees.json contient tout ce que le fichier de données de Recouvra enregistre à votre sujet, à la date indiquée :
- « responsable_du_traitement » : l’entreprise qui détient ces données ;
- « personne » : votre fiche (nom, adresse, conditions de paiement, notes) ; « contacts » : noms, rôles, courriels, téléphones ;
- « factures », « avoirs », « paiements » (avec leur affectation aux factures), « passages_en_perte » ;
- « litiges », « promesses », « evenements_juridiques » (mises en demeure, reconnaissances de dette, actions en justice),
  « echeanciers », « relances » (courriels, courriers, appels, SMS), « courriels_envoyes », « exclusions »,
  « recommandes », « dossiers_contentieux », « procedures_collectives » ;
- « documents » : la liste des documents archivés (courriers, PDF de factures, pièces), dont les fichiers sont dans le dossier documents/ ;
- « journal » : les entrées du journal des modifications qui vous concernent, avec les valeurs avant et après ;
- « conservation » : combien de temps ces données doivent être gardées, et pourquoi.

Les champs de chaque enregistrement portent le nom des colonnes de la base de données (en anglais) : name = nom,
first_name = prénom, last_name = nom de famille, address_1 à address_6 = lignes d’adresse, email = courriel, phone = téléphone,
number = numéro, issue_date = date de facture, due_date = échéance, delivery_date = date de livraison, payment_date = date de paiement,
*_cents = montant en centimes d’euro (12000 = 120,00 €), method = moyen de paiement, reason = motif, note = note,
created_at / updated_at = date de création / de modification (UTC), action_date = date de l’action, channel = canal.

manifest.json et MANIFEST-SHA256.txt donnent l’empreinte SHA-256 de chaque fichier.
`;

/**
 * Everything held about a client who is a natural person, as a deterministic ZIP: donnees.json,
 * the client's documents under documents/, LISEZMOI.txt and the SHA-256 manifest. For a business
 * that is not a sole trader, only its contacts' personal fields (no documents).
 */
export async function personalDataExport(ctx: CoreContext, clientId: number): Promise<{ zip: Buffer; fileName: string }> {
  const { db } = ctx;
  const client = clientRow(db, clientId);
  const date = ctx.clock.today();
  const { strToU8 } = await import('fflate');
  const all = (sql: string, ...params: unknown[]) => (db.prepare(sql).all(...params) as Row[]).map(plain);
  const company = db.prepare('SELECT name, legal_form, siren, address_1, address_2, address_3, address_4, address_5, address_6, email, phone FROM company').get() as Row | undefined;
  const head = {
    format: PERSONAL_DATA_FORMAT,
    version: 1,
    etabli_le: date,
    responsable_du_traitement: company ?? null,
    numero_client: clientId,
  };
  const contacts = all('SELECT id, position, role, name, email, phone FROM contacts WHERE client_id = ? ORDER BY position, id', clientId);
  const files: ZipFile[] = [];

  if (!naturalPerson(client)) {
    const json = {
      ...head,
      personne: null,
      remarque:
        'Client professionnel (personne morale) : ses données ne sont pas des données personnelles (RGPD, article 4.1). ' +
        'Seuls ses contacts (nom, rôle, courriel, téléphone) en sont : les voici.',
      client_professionnel: { name: client.name },
      contacts,
    };
    files.push({ name: 'donnees.json', content: strToU8(`${JSON.stringify(json, null, 2)}\n`) }, { name: 'LISEZMOI.txt', content: strToU8(README) });
  } else {
    const invoiceIds = db.prepare('SELECT id FROM invoices WHERE client_id = ? ORDER BY id').pluck().all(clientId) as number[];
    const inv = placeholders(invoiceIds);
    const paymentIds = db.prepare('SELECT id FROM payments WHERE client_id = ? ORDER BY id').pluck().all(clientId) as number[];
    const caseIds = db.prepare('SELECT id FROM cases WHERE client_id = ? ORDER BY id').pluck().all(clientId) as number[];
    const planIds = db.prepare('SELECT id FROM payment_plans WHERE client_id = ? ORDER BY id').pluck().all(clientId) as number[];
    const disputes = all(`SELECT * FROM disputes WHERE invoice_id IN (${inv}) ORDER BY id`, ...invoiceIds);
    const creditNotes = all(`SELECT * FROM credit_notes WHERE invoice_id IN (${inv}) ORDER BY id`, ...invoiceIds);
    const promises = all(`SELECT * FROM promises WHERE invoice_id IN (${inv}) ORDER BY id`, ...invoiceIds);
    // The client's own documents, and those of no client attached to its invoices, cases or page.
    const documents = all(
      `SELECT id, client_id, kind, piece_type, title, file_name, mime_type, size_bytes, sha256, created_at FROM documents
       WHERE client_id = ? OR (client_id IS NULL AND id IN (
         SELECT document_id FROM attachments WHERE (owner_type = 'client' AND owner_id = ?)
           OR (owner_type = 'invoice' AND owner_id IN (${inv})) OR (owner_type = 'case' AND owner_id IN (${placeholders(caseIds)}))))
       ORDER BY id`,
      clientId,
      clientId,
      ...invoiceIds,
      ...caseIds,
    );
    const documentIds = documents.map((d) => d.id as number);
    const ids = (entity: string, list: readonly unknown[]) => ({ entity, list });
    const journalOf = [
      ids('client', [clientId]),
      ids('invoice', invoiceIds),
      ids('payment', paymentIds),
      ids('credit_note', creditNotes.map((c) => c.id)),
      ids('dispute', disputes.map((d) => d.id)),
      ids('promise', promises.map((p) => p.id)),
      ids('document', documentIds),
      ids('payment_plan', planIds),
    ].filter((j) => j.list.length > 0);
    const journal = all(
      `SELECT * FROM audit_log WHERE ${journalOf.map((j) => `(entity = '${j.entity}' AND entity_id IN (${placeholders(j.list as number[])}))`).join(' OR ')} ORDER BY id`,
      ...journalOf.flatMap((j) => j.list),
    );
    const documentFiles: Row[] = [];
    const contentOf = db.prepare('SELECT content, sha256 FROM documents WHERE id = ?');
    for (const d of documents) {
      const row = contentOf.get(d.id) as { content: Buffer; sha256: string };
      if (createHash('sha256').update(row.content).digest('hex') !== row.sha256) {
        throw new AppError('INTERNAL', `Le document n° ${String(d.id)} ne correspond plus à son empreinte SHA-256 : le fichier de données a été altéré. Restaurez une sauvegarde.`);
      }
      const path = documentPath(d.id as number, d.file_name as string);
      files.push({ name: path, content: row.content });
      documentFiles.push({ ...d, fichier: path });
    }
    const { remaining, ...conservation } = clientRetention(ctx, clientId, date);
    const clientRecord = plain(db.prepare('SELECT * FROM clients WHERE id = ?').get(clientId) as Row);
    delete clientRecord.sort_key;
    delete clientRecord.search_key;
    const json = {
      ...head,
      personne: clientRecord,
      contacts,
      factures: all(`SELECT * FROM invoices WHERE client_id = ? ORDER BY id`, clientId),
      avoirs: creditNotes,
      paiements: all(`SELECT * FROM payments WHERE client_id = ? ORDER BY id`, clientId).map((p) => ({
        ...p,
        affectations: all(
          'SELECT a.invoice_id, i.number AS invoice_number, a.amount_cents FROM payment_allocations a JOIN invoices i ON i.id = a.invoice_id WHERE a.payment_id = ? ORDER BY a.id',
          p.id,
        ),
      })),
      passages_en_perte: all(`SELECT * FROM write_offs WHERE invoice_id IN (${inv}) ORDER BY id`, ...invoiceIds),
      litiges: disputes,
      promesses: promises,
      evenements_juridiques: all(`SELECT * FROM legal_events WHERE invoice_id IN (${inv}) ORDER BY id`, ...invoiceIds),
      echeanciers: all('SELECT * FROM payment_plans WHERE client_id = ? ORDER BY id', clientId).map((p) => ({
        ...p,
        factures: db.prepare('SELECT i.number FROM payment_plan_invoices l JOIN invoices i ON i.id = l.invoice_id WHERE l.plan_id = ? ORDER BY i.id').pluck().all(p.id),
        echeances: all('SELECT position, due_date, amount_cents FROM payment_plan_instalments WHERE plan_id = ? ORDER BY position', p.id),
      })),
      relances: all('SELECT * FROM reminder_actions WHERE client_id = ? ORDER BY id', clientId).map((a) => ({
        ...a,
        factures: db.prepare('SELECT i.number FROM reminder_action_invoices l JOIN invoices i ON i.id = l.invoice_id WHERE l.action_id = ? ORDER BY i.id').pluck().all(a.id),
      })),
      courriels_envoyes: all('SELECT * FROM sent_messages WHERE client_id = ? ORDER BY id', clientId),
      exclusions: all(`SELECT * FROM exclusions WHERE client_id = ? OR invoice_id IN (${inv}) ORDER BY id`, clientId, ...invoiceIds),
      recommandes: all('SELECT * FROM registered_letters WHERE client_id = ? ORDER BY id', clientId),
      dossiers_contentieux: all('SELECT * FROM cases WHERE client_id = ? ORDER BY id', clientId).map((c) => ({
        ...c,
        factures: db.prepare('SELECT i.number FROM case_invoices l JOIN invoices i ON i.id = l.invoice_id WHERE l.case_id = ? ORDER BY i.id').pluck().all(c.id),
        frais: all('SELECT * FROM case_costs WHERE case_id = ? ORDER BY id', c.id),
      })),
      procedures_collectives: all('SELECT * FROM collective_procedures WHERE client_id = ? ORDER BY id', clientId),
      documents: documentFiles,
      journal,
      conservation: { ...conservation, sources: PRIVACY_SOURCES },
    };
    files.unshift({ name: 'donnees.json', content: strToU8(`${JSON.stringify(json, null, 2)}\n`) }, { name: 'LISEZMOI.txt', content: strToU8(README) });
  }
  const zip = await deterministicZip(files, date, { format: PERSONAL_DATA_FORMAT, version: 1, etabli_le: date, numero_client: clientId });
  return { zip, fileName: `Données personnelles – ${zipSafeName(client.name, 60)} – ${date}.zip` };
}

// ——— Erasure and anonymisation ———

/**
 * Runs `work` (one transaction) with deleted content overwritten by zeros, then rewrites the file
 * (VACUUM: what earlier edits and deletions left in free space goes too — the connection does not
 * run with secure_delete on) and checkpoints and truncates the WAL, where old versions of the
 * pages stay until then. With another connection reading, the checkpoint may stop short: it
 * completes at the next one; a failed VACUUM (disk full…) is said in the report.
 */
function withSecureDelete(db: Db, work: () => ErasureReport): ErasureReport {
  const previous = Number(db.pragma('secure_delete', { simple: true }));
  db.pragma('secure_delete = ON');
  let report: ErasureReport;
  try {
    report = work();
  } finally {
    db.pragma(`secure_delete = ${previous === 1 ? 'ON' : previous === 2 ? 'FAST' : 'OFF'}`);
  }
  try {
    db.exec('VACUUM');
  } catch (error) {
    report.remaining.push(
      `Le fichier de données n’a pas pu être réécrit (${(error as Error).message}) : des fragments des anciennes valeurs peuvent y subsister jusqu’à la prochaine opération de ce type.`,
    );
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  return report;
}

function refusal(mode: 'anonymise' | 'erase', status: RetentionStatus, name: string): AppError {
  const verb = mode === 'erase' ? 'effacé' : 'anonymisé';
  const limit = mode === 'erase' ? status.keepUntil : status.debtKeepUntil;
  const until = limit ? ` avant le ${formatDateFr(addDays(limit, 1))}` : '';
  return new AppError('PRECONDITION', `« ${name} » ne peut pas être ${verb}${until} : ${status.reasons.join(' ')}`, {
    keepUntil: limit ?? '',
  });
}

const count = (db: Db, sql: string, ...params: unknown[]) => db.prepare(sql).run(...params).changes;

/**
 * Erases (mode 'erase': only when nothing must be kept) or anonymises (mode 'anonymise': once no
 * debt can be enforced) a client who is a natural person, in one transaction, with one journal
 * entry without personal data. Refused with the reasons and the date otherwise.
 */
export function eraseOrAnonymise(ctx: CoreContext, clientId: number, mode: 'anonymise' | 'erase'): ErasureReport {
  const { db } = ctx;
  const client = clientRow(db, clientId);
  if (!naturalPerson(client)) {
    throw new AppError(
      'PRECONDITION',
      `« ${client.name} » est un client professionnel (personne morale) : ses données ne sont pas des données personnelles. ` +
        'Les coordonnées de ses contacts se modifient ou se suppriment sur sa fiche.',
    );
  }
  if (mode === 'anonymise' && isAnonymisedClientName(client.name)) {
    throw new AppError('PRECONDITION', `« ${client.name} » est déjà anonymisé.`);
  }
  return withSecureDelete(db, () =>
    db.transaction((): ErasureReport => {
      // Checked inside the transaction: nothing can change between the check and the write.
      const status = retentionStatus(retentionFacts(ctx, clientId), ctx.clock.today());
      if (mode === 'erase' ? !status.canErase : !status.canAnonymise) throw refusal(mode, status, client.name);
      return mode === 'erase' ? erase(ctx, clientId) : anonymise(ctx, clientId, status);
    })(),
  );
}

function idsOf(db: Db, sql: string, ...params: unknown[]): number[] {
  return db.prepare(sql).pluck().all(...params) as number[];
}

function erase(ctx: CoreContext, clientId: number): ErasureReport {
  const { db } = ctx;
  const invoiceIds = idsOf(db, 'SELECT id FROM invoices WHERE client_id = ?', clientId);
  const inv = placeholders(invoiceIds);
  const caseIds = idsOf(db, 'SELECT id FROM cases WHERE client_id = ?', clientId);
  const actionIds = idsOf(db, 'SELECT id FROM reminder_actions WHERE client_id = ?', clientId);
  const disputeIds = idsOf(db, `SELECT id FROM disputes WHERE invoice_id IN (${inv})`, ...invoiceIds);
  const deleted: Record<string, number> = {};
  deleted.attachments = count(
    db,
    `DELETE FROM attachments WHERE (owner_type = 'client' AND owner_id = ?) OR (owner_type = 'invoice' AND owner_id IN (${inv}))
       OR (owner_type = 'case' AND owner_id IN (${placeholders(caseIds)})) OR (owner_type = 'dispute' AND owner_id IN (${placeholders(disputeIds)}))
       OR (owner_type = 'reminder_action' AND owner_id IN (${placeholders(actionIds)}))`,
    clientId,
    ...invoiceIds,
    ...caseIds,
    ...disputeIds,
    ...actionIds,
  );
  deleted.sentMessages = count(db, 'DELETE FROM sent_messages WHERE client_id = ?', clientId);
  deleted.reminderActions = count(db, 'DELETE FROM reminder_actions WHERE client_id = ?', clientId);
  deleted.exclusions = count(db, `DELETE FROM exclusions WHERE client_id = ? OR invoice_id IN (${inv})`, clientId, ...invoiceIds);
  deleted.registeredLetters = count(db, 'DELETE FROM registered_letters WHERE client_id = ?', clientId);
  deleted.paymentPlans = count(db, 'DELETE FROM payment_plans WHERE client_id = ?', clientId);
  deleted.cases = count(db, 'DELETE FROM cases WHERE client_id = ?', clientId);
  deleted.collectiveProcedures = count(db, 'DELETE FROM collective_procedures WHERE client_id = ?', clientId);
  deleted.legalEvents = count(db, `DELETE FROM legal_events WHERE invoice_id IN (${inv})`, ...invoiceIds);
  deleted.promises = count(db, `DELETE FROM promises WHERE invoice_id IN (${inv})`, ...invoiceIds);
  deleted.disputes = count(db, `DELETE FROM disputes WHERE invoice_id IN (${inv})`, ...invoiceIds);
  deleted.writeOffs = count(db, `DELETE FROM write_offs WHERE invoice_id IN (${inv})`, ...invoiceIds);
  deleted.creditNotes = count(db, `DELETE FROM credit_notes WHERE invoice_id IN (${inv})`, ...invoiceIds);
  deleted.allocations = count(
    db,
    `DELETE FROM payment_allocations WHERE invoice_id IN (${inv}) OR payment_id IN (SELECT id FROM payments WHERE client_id = ?)`,
    ...invoiceIds,
    clientId,
  );
  deleted.payments = count(db, 'DELETE FROM payments WHERE client_id = ?', clientId);
  deleted.invoices = count(db, 'DELETE FROM invoices WHERE client_id = ?', clientId);
  deleted.documents = count(db, 'DELETE FROM documents WHERE client_id = ?', clientId);
  deleted.contacts = count(db, 'DELETE FROM contacts WHERE client_id = ?', clientId);
  deleted.clients = count(db, 'DELETE FROM clients WHERE id = ?', clientId);
  ctx.repos.audit.append({
    entity: 'client',
    entityId: clientId,
    action: 'delete',
    summary: `Client n° ${clientId} effacé à la demande de la personne (RGPD, article 17) : ${deleted.invoices} facture(s), ${deleted.payments} paiement(s), ${deleted.documents} document(s)`,
    after: { mode: 'erase', deleted },
  });
  return { clientId, mode: 'erase', name: null, deleted, kept: {}, remaining: remainingAfterErasure('erase', 0) };
}

function anonymise(ctx: CoreContext, clientId: number, status: RetentionStatus): ErasureReport {
  const { db } = ctx;
  const now = ctx.clock.now();
  const before = db.prepare('SELECT * FROM clients WHERE id = ?').get(clientId) as Record<string, string | number | null>;
  const contacts = db.prepare('SELECT name, email, phone FROM contacts WHERE client_id = ?').all(clientId) as { name: string; email: string | null; phone: string | null }[];
  // Everything that names, locates or reaches the person, for the texts that are kept.
  const identifiers = [
    before.name,
    before.first_name,
    before.last_name,
    before.first_name && before.last_name ? `${before.last_name} ${before.first_name}` : null,
    before.siren,
    before.siret,
    before.vat_number,
    ...[1, 2, 3, 4, 5, 6].map((n) => before[`address_${n}`]),
    ...contacts.flatMap((c) => [c.name, c.email, c.phone]),
  ].filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  const scrubColumn = (table: string, column: string, where: string, ...params: unknown[]) => {
    const rows = db.prepare(`SELECT rowid AS id, ${column} AS value FROM ${table} WHERE ${where}`).all(...params) as { id: number; value: string | null }[];
    const update = db.prepare(`UPDATE ${table} SET ${column} = ? WHERE rowid = ?`);
    let changed = 0;
    for (const r of rows) {
      const clean = scrubPersonalText(r.value, identifiers);
      if (clean !== r.value) {
        update.run(clean, r.id);
        changed++;
      }
    }
    return changed;
  };

  const invoiceIds = idsOf(db, 'SELECT id FROM invoices WHERE client_id = ?', clientId);
  const inv = placeholders(invoiceIds);
  const caseIds = idsOf(db, 'SELECT id FROM cases WHERE client_id = ?', clientId);
  const actionIds = idsOf(db, 'SELECT id FROM reminder_actions WHERE client_id = ?', clientId);
  const deleted: Record<string, number> = {};
  const kept: Record<string, number> = {};

  // Documents: the invoices' PDFs stay (accounting pieces); every other document of the client goes.
  const documents = db.prepare('SELECT id, kind, file_name FROM documents WHERE client_id = ?').all(clientId) as { id: number; kind: string; file_name: string }[];
  const toDelete = documents.filter((d) => documentRetentionClass(d.kind) === 'collection').map((d) => d.id);
  const toKeep = documents.filter((d) => documentRetentionClass(d.kind) === 'accounting');
  deleted.registeredLetters = count(db, 'DELETE FROM registered_letters WHERE client_id = ?', clientId);
  deleted.sentMessages = count(db, 'DELETE FROM sent_messages WHERE client_id = ?', clientId);
  count(db, `DELETE FROM attachments WHERE owner_type = 'reminder_action' AND owner_id IN (${placeholders(actionIds)})`, ...actionIds);
  deleted.reminderActions = count(db, 'DELETE FROM reminder_actions WHERE client_id = ?', clientId);
  deleted.exclusions = count(db, `DELETE FROM exclusions WHERE client_id = ? OR invoice_id IN (${inv})`, clientId, ...invoiceIds);
  deleted.documents = count(db, `DELETE FROM documents WHERE id IN (${placeholders(toDelete)})`, ...toDelete);
  // A kept PDF whose file name names the person: the name is metadata, not the archived content,
  // but the table refuses any UPDATE of file_name (migration 007). The row is written again with
  // the same id, bytes, SHA-256 and date under a neutral name, and its links put back.
  for (const d of toKeep) {
    if (scrubPersonalText(d.file_name, identifiers) === d.file_name) continue;
    const row = db.prepare('SELECT * FROM documents WHERE id = ?').get(d.id) as Record<string, unknown>;
    const pdfOf = idsOf(db, 'SELECT id FROM invoices WHERE pdf_document_id = ?', d.id);
    const links = db.prepare('SELECT owner_type, owner_id, created_at FROM attachments WHERE document_id = ?').all(d.id) as { owner_type: string; owner_id: number; created_at: string }[];
    const number = pdfOf.length ? (db.prepare('SELECT number FROM invoices WHERE id = ?').pluck().get(pdfOf[0]) as string) : String(d.id);
    db.prepare('DELETE FROM documents WHERE id = ?').run(d.id);
    db.prepare(
      `INSERT INTO documents (id, client_id, kind, title, file_name, mime_type, size_bytes, sha256, content, piece_type, created_at)
       VALUES (@id, @client_id, @kind, @title, @file_name, @mime_type, @size_bytes, @sha256, @content, @piece_type, @created_at)`,
    ).run({
      id: row.id,
      client_id: row.client_id,
      kind: row.kind,
      title: row.title,
      file_name: `Facture ${zipSafeName(number, 60)}.pdf`,
      mime_type: row.mime_type,
      size_bytes: row.size_bytes,
      sha256: row.sha256,
      content: row.content,
      piece_type: row.piece_type,
      created_at: row.created_at,
    });
    for (const id of pdfOf) db.prepare('UPDATE invoices SET pdf_document_id = ? WHERE id = ?').run(d.id, id);
    for (const l of links) db.prepare('INSERT INTO attachments (document_id, owner_type, owner_id, created_at) VALUES (?, ?, ?, ?)').run(d.id, l.owner_type, l.owner_id, l.created_at);
  }
  kept.accountingDocuments = toKeep.length;
  scrubColumn('documents', 'title', 'client_id = ?', clientId);
  deleted.contacts = count(db, 'DELETE FROM contacts WHERE client_id = ?', clientId);

  // Collection facts stay (dates and amounts), their free text goes.
  count(db, `UPDATE promises SET note = NULL WHERE invoice_id IN (${inv})`, ...invoiceIds);
  count(db, `UPDATE disputes SET reason = ?, outcome = NULL WHERE invoice_id IN (${inv})`, REDACTED, ...invoiceIds);
  count(db, `UPDATE legal_events SET note = NULL WHERE invoice_id IN (${inv})`, ...invoiceIds);
  count(db, 'UPDATE payment_plans SET note = NULL WHERE client_id = ?', clientId);
  count(db, 'UPDATE cases SET note = NULL WHERE client_id = ?', clientId);
  // Accounting text stays, without the person's identifiers.
  scrubColumn('invoices', 'description', `client_id = ?`, clientId);
  scrubColumn('invoices', 'reference', `client_id = ?`, clientId);
  scrubColumn('payments', 'reference', 'client_id = ?', clientId);
  scrubColumn('credit_notes', 'reason', `invoice_id IN (${inv})`, ...invoiceIds);
  scrubColumn('write_offs', 'reason', `invoice_id IN (${inv})`, ...invoiceIds);
  scrubColumn('case_costs', 'label', `case_id IN (${placeholders(caseIds)})`, ...caseIds);

  const name = anonymisedClientName(clientId);
  const consumer = before.kind === 'consumer';
  db.prepare(
    `UPDATE clients SET name = @name, first_name = NULL, last_name = @lastName, siren = NULL, siret = NULL, vat_number = NULL,
       address_1 = '', address_2 = '', address_3 = '', address_4 = '', address_5 = '', address_6 = '',
       credit_limit_cents = NULL, naf_code = NULL, solvency_situation = NULL, solvency_accounts_date = NULL,
       solvency_accounts_note = NULL, solvency_incidents = NULL, notes = NULL, tags = '[]', scenario_id = NULL,
       sort_key = @key, search_key = @key, archived_at = COALESCE(archived_at, @now), updated_at = @now
     WHERE id = @id`,
  ).run({ name, lastName: consumer ? name : null, key: fold(name), now, id: clientId });

  kept.invoices = invoiceIds.length;
  kept.payments = db.prepare('SELECT count(*) FROM payments WHERE client_id = ?').pluck().get(clientId) as number;
  kept.creditNotes = db.prepare(`SELECT count(*) FROM credit_notes WHERE invoice_id IN (${inv})`).pluck().get(...invoiceIds) as number;
  ctx.repos.audit.append({
    entity: 'client',
    entityId: clientId,
    action: 'update',
    summary: `Client n° ${clientId} anonymisé à la demande de la personne (RGPD, article 17) : pièces comptables conservées${status.keepUntil ? ` jusqu’au ${status.keepUntil.split('-').reverse().join('/')}` : ''}`,
    after: { mode: 'anonymise', name, deleted, kept, accountingKeepUntil: status.accountingKeepUntil },
  });
  return { clientId, mode: 'anonymise', name, deleted, kept, remaining: remainingAfterErasure('anonymise', toKeep.length) };
}

// ——— Review ———

/** The review period: the parameter, else the setting « privacyReviewYears », else 3 years. */
export function reviewYears(ctx: CoreContext, years?: number): number {
  return privacyReviewYears(years ?? ctx.repos.settings.raw<unknown>(PRIVACY_REVIEW_YEARS_SETTING));
}

/**
 * Clients who are natural persons with no invoice, credit note, payment, reminder action,
 * promise, dispute or legal event for `years` years (a client with none: since its creation),
 * oldest activity first, each with its balance and what may be done with its data. Anonymised
 * clients are left out.
 */
export function inactiveClients(ctx: CoreContext, asOf: IsoDate = ctx.clock.today(), years?: number): InactiveClient[] {
  const period = reviewYears(ctx, years);
  const rows = ctx.db
    .prepare(
      `WITH activity (client_id, d) AS MATERIALIZED (
         SELECT client_id, MAX(issue_date) FROM invoices GROUP BY client_id
         UNION ALL SELECT client_id, MAX(payment_date) FROM payments GROUP BY client_id
         UNION ALL SELECT client_id, MAX(action_date) FROM reminder_actions GROUP BY client_id
         UNION ALL SELECT i.client_id, MAX(c.issue_date) FROM credit_notes c JOIN invoices i ON i.id = c.invoice_id GROUP BY i.client_id
         UNION ALL SELECT i.client_id, MAX(COALESCE(p.made_date, p.promised_date)) FROM promises p JOIN invoices i ON i.id = p.invoice_id GROUP BY i.client_id
         UNION ALL SELECT i.client_id, MAX(MAX(d.opened_date, COALESCE(d.closed_date, ''))) FROM disputes d JOIN invoices i ON i.id = d.invoice_id GROUP BY i.client_id
         UNION ALL SELECT i.client_id, MAX(e.event_date) FROM legal_events e JOIN invoices i ON i.id = e.invoice_id GROUP BY i.client_id
       )
       SELECT c.id, c.kind, c.name, c.legal_form, c.archived_at, substr(c.created_at, 1, 10) AS created,
         a.last AS last_activity, COALESCE(b.balance, 0) AS balance
       FROM clients c
       LEFT JOIN (SELECT client_id, MAX(d) AS last FROM activity GROUP BY client_id) a ON a.client_id = c.id
       LEFT JOIN (SELECT client_id, SUM(amount_ttc_cents - paid_cents - credited_cents) AS balance FROM invoices GROUP BY client_id) b ON b.client_id = c.id
       WHERE c.kind = 'consumer' OR c.legal_form IS NOT NULL`,
    )
    .all() as { id: number; kind: ClientKind; name: string; legal_form: string | null; archived_at: string | null; created: IsoDate; last_activity: IsoDate | null; balance: number }[];
  const flagged: InactiveClient[] = [];
  for (const r of rows) {
    if (!isNaturalPerson({ kind: r.kind, legalForm: r.legal_form }) || isAnonymisedClientName(r.name)) continue;
    const last = r.last_activity ?? r.created;
    if (!isDueForReview(last, asOf, period)) continue;
    const status = retentionStatus(retentionFacts(ctx, r.id), asOf);
    flagged.push({
      clientId: r.id,
      name: r.name,
      kind: r.kind,
      archived: r.archived_at !== null,
      lastActivityDate: last,
      openBalanceCents: r.balance,
      reason: reviewReason(last, period),
      retention: { canErase: status.canErase, canAnonymise: status.canAnonymise, keepUntil: status.keepUntil },
    });
  }
  return flagged.sort((a, b) => (a.lastActivityDate < b.lastActivityDate ? -1 : a.lastActivityDate > b.lastActivityDate ? 1 : a.clientId - b.clientId));
}
