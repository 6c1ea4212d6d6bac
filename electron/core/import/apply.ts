// Recouvra's CSV format, write side: checks a parsed plan against the database (clients to
// match or create, invoice numbers already used, invoices named by payments, what each payment
// can be allocated), then writes everything in one transaction with prepared statements, or
// nothing at all when any line is refused.
import type { ClientKind } from '../../../shared/domain/client.js';
import type { IsoDate } from '../../../shared/domain/dates.js';
import type { PaymentMethod } from '../../../shared/domain/invoice.js';
import { cents, formatEuros } from '../../../shared/domain/money.js';
import type { ImportPreview, ImportResult, ImportTotals } from '../../../shared/domain/import.js';
import type { ClientData } from '../../../shared/schemas.js';
import type { Db } from '../db/connection.js';
import { CLIENT_COLUMN_NAMES, toColumns } from '../repositories/clients.js';
import type { CoreContext } from '../context.js';
import { AppError } from '../errors.js';
import {
  clientInputFromRow,
  formatImportError,
  nameKey,
  parseImport,
  validateClient,
  type ImportError,
  type ImportFiles,
  type ImportPlan,
  type InvoiceRowPlan,
  type PaymentRowPlan,
} from './csv.js';

/** The same column values the clients repository writes (sort and search keys included). */
export const clientColumns = toColumns;

/** Prepared inserts for bulk writes (import and seed); run them inside a transaction. */
export function bulkStatements(db: Db) {
  const client = db.prepare(
    `INSERT INTO clients (${CLIENT_COLUMN_NAMES.join(', ')}, created_at, updated_at)
     VALUES (${CLIENT_COLUMN_NAMES.map((c) => '@' + c).join(', ')}, @now, @now)`,
  );
  const contact = db.prepare('INSERT INTO contacts (client_id, position, role, name, email, phone) VALUES (?, ?, ?, ?, ?, ?)');
  const invoice = db.prepare(`
    INSERT INTO invoices (client_id, number, issue_date, delivery_date, due_date, amount_ht_cents, amount_tva_cents,
      amount_ttc_cents, reference, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const payment = db.prepare('INSERT INTO payments (client_id, payment_date, amount_cents, method, reference, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  const allocation = db.prepare('INSERT INTO payment_allocations (payment_id, invoice_id, amount_cents) VALUES (?, ?, ?)');
  return {
    insertClient(data: ClientData, now: string): number {
      const id = Number(client.run({ ...clientColumns(data), now }).lastInsertRowid);
      data.contacts.forEach((c, position) => contact.run(id, position, c.role, c.name, c.email, c.phone));
      return id;
    },
    insertInvoice(
      clientId: number,
      i: Pick<InvoiceRowPlan, 'number' | 'issueDate' | 'deliveryDate' | 'dueDate' | 'amountHtCents' | 'amountTvaCents' | 'amountTtcCents' | 'reference'>,
      now: string,
    ): number {
      return Number(
        invoice.run(clientId, i.number, i.issueDate, i.deliveryDate, i.dueDate, i.amountHtCents, i.amountTvaCents, i.amountTtcCents, i.reference, now, now)
          .lastInsertRowid,
      );
    },
    insertPayment(clientId: number, date: IsoDate, amountCents: number, method: PaymentMethod, now: string): number {
      return Number(payment.run(clientId, date, amountCents, method, null, now).lastInsertRowid);
    },
    insertAllocation(paymentId: number, invoiceId: number, amountCents: number): void {
      allocation.run(paymentId, invoiceId, amountCents);
    },
  };
}

/**
 * Runs a bulk write with a larger page cache (128 MB; the connection's own is smaller), then
 * puts the connection's setting back: hundreds of thousands of rows and their indexes stay
 * in memory until the commit.
 */
export function withLargeCache<T>(db: Db, run: () => T): T {
  const previous = Number(db.pragma('cache_size', { simple: true }));
  db.pragma('cache_size = -131072');
  try {
    return run();
  } finally {
    db.pragma(`cache_size = ${previous}`);
  }
}

// ——— Checking the plan against the database ———

type ClientTarget = { type: 'existing'; id: number; name: string; archived: boolean } | { type: 'new'; index: number };
type InvoiceTarget = { type: 'existing'; id: number; clientId: number } | { type: 'new'; index: number };

interface NewClient {
  data: ClientData;
  file: string;
  line: number;
}

interface Resolution {
  plan: ImportPlan;
  errors: ImportError[];
  warnings: string[];
  newClients: NewClient[];
  existingClientIds: Set<number>;
  invoices: { row: InvoiceRowPlan; client: ClientTarget; clientName: string }[];
  payments: { row: PaymentRowPlan; invoice: InvoiceTarget; allocatedCents: number }[];
}

function resolve(db: Db, plan: ImportPlan): Resolution {
  const { names } = plan;
  const errors = [...plan.errors];
  const warnings = [...plan.warnings];
  const newClients: NewClient[] = [];
  const existingClientIds = new Set<number>();

  const bySiren = new Map<string, ClientTarget[]>();
  const byName = new Map<string, ClientTarget[]>();
  const add = (map: Map<string, ClientTarget[]>, key: string, target: ClientTarget) => {
    const list = map.get(key);
    if (list) list.push(target);
    else map.set(key, [target]);
  };
  for (const c of db.prepare('SELECT id, name, siren, archived_at FROM clients ORDER BY id').all() as {
    id: number;
    name: string;
    siren: string | null;
    archived_at: string | null;
  }[]) {
    const target: ClientTarget = { type: 'existing', id: c.id, name: c.name, archived: c.archived_at !== null };
    if (c.siren) add(bySiren, c.siren, target);
    add(byName, nameKey(c.name), target);
  }
  const nameOf = (t: ClientTarget) => (t.type === 'existing' ? t.name : newClients[t.index]!.data.name);
  const createClient = (data: ClientData, file: string, line: number): ClientTarget => {
    const target: ClientTarget = { type: 'new', index: newClients.length };
    newClients.push({ data, file, line });
    if (data.siren) add(bySiren, data.siren, target);
    add(byName, nameKey(data.name), target);
    return target;
  };

  // Clients file: a client already in the books is left as it is.
  let alreadyThere = 0;
  for (const c of plan.clients) {
    const matches = c.data.siren ? bySiren.get(c.data.siren) : byName.get(nameKey(c.data.name))?.filter((t) => t.type === 'existing');
    const existing = matches?.find((t) => t.type === 'existing');
    if (existing && existing.type === 'existing') {
      existingClientIds.add(existing.id);
      alreadyThere++;
    } else {
      createClient(c.data, names.clients, c.line);
    }
  }
  if (alreadyThere > 0) {
    warnings.push(`${names.clients} : ${alreadyThere} client${alreadyThere > 1 ? 's' : ''} déjà dans Recouvra, laissé${alreadyThere > 1 ? 's' : ''} tel${alreadyThere > 1 ? 's' : ''} quel${alreadyThere > 1 ? 's' : ''}.`);
  }

  // Invoices: the client by SIREN when given, else by name; created when unknown.
  const numberUsed = db.prepare('SELECT 1 FROM invoices WHERE number = ?').pluck();
  const invoices: Resolution['invoices'] = [];
  const invoiceIndex = new Map<string, number>();
  for (const row of plan.invoices) {
    const problems: string[] = [];
    if (numberUsed.get(row.number)) problems.push(`numéro de facture « ${row.number} » déjà utilisé dans Recouvra`);
    const ref = row.client;
    const matches = ref.siren ? bySiren.get(ref.siren) : byName.get(nameKey(ref.name));
    let client: ClientTarget | null = null;
    if (matches && matches.length > 1) {
      problems.push(
        ref.siren
          ? `plusieurs clients ont le SIREN ${ref.siren} : impossible de choisir`
          : `plusieurs clients s’appellent « ${ref.name} » : indiquez le SIREN du client (colonne client_siren)`,
      );
    } else if (matches && matches.length === 1) {
      client = matches[0]!;
      if (client.type === 'existing') {
        if (client.archived) problems.push(`le client « ${client.name} » est archivé : restaurez-le avant de lui importer des factures`);
        else existingClientIds.add(client.id);
      }
    } else {
      // A SIREN is a business's: the kind may then be left empty.
      const kind: ClientKind | null = ref.kind ?? (ref.siren ? 'business' : null);
      if (kind === null) {
        problems.push(`client « ${ref.name} » inconnu : indiquez son type (colonne client_kind : professionnel ou particulier) pour le créer`);
      } else {
        const data = validateClient(clientInputFromRow({ name: ref.name, kind, siren: ref.siren ?? '' }), 'client_');
        if (!data.ok) problems.push(`client « ${ref.name} » : ${data.message}`);
        else if (problems.length === 0) client = createClient(data.value, names.invoices, row.line);
      }
    }
    if (problems.length || !client) {
      errors.push({ file: names.invoices, line: row.line, message: problems.join(' ; ') });
      continue;
    }
    invoiceIndex.set(row.number, invoices.length);
    invoices.push({ row, client, clientName: nameOf(client) });
  }

  // Payments: to the named invoice's client, allocated up to its balance; the rest is a credit.
  const dbInvoice = db.prepare(`
    SELECT i.id, i.client_id,
      i.amount_ttc_cents
        - COALESCE((SELECT SUM(c.amount_ttc_cents) FROM credit_notes c WHERE c.invoice_id = i.id), 0)
        - COALESCE((SELECT SUM(a.amount_cents) FROM payment_allocations a WHERE a.invoice_id = i.id), 0) AS balance
    FROM invoices i WHERE i.number = ?`);
  const planNumbers = new Set(plan.invoices.map((i) => i.number));
  const balances = new Map<string, number>();
  const payments: Resolution['payments'] = [];
  for (const row of plan.payments) {
    let invoice: InvoiceTarget | null = null;
    const key = row.invoiceNumber;
    const inFile = invoiceIndex.get(key);
    if (inFile !== undefined) {
      invoice = { type: 'new', index: inFile };
      if (!balances.has(key)) balances.set(key, invoices[inFile]!.row.amountTtcCents);
    } else {
      const found = dbInvoice.get(key) as { id: number; client_id: number; balance: number } | undefined;
      if (found) {
        invoice = { type: 'existing', id: found.id, clientId: found.client_id };
        if (!balances.has(key)) balances.set(key, found.balance);
      }
    }
    if (!invoice) {
      // Already reported: the invoice's own line was refused, or its whole file was.
      const alreadyReported = plan.refusedInvoiceNumbers.has(key) || planNumbers.has(key) || plan.refusedFiles.has('invoices');
      if (!alreadyReported) {
        errors.push({ file: names.payments, line: row.line, message: `facture « ${key} » introuvable (ni dans ${names.invoices} ni dans Recouvra)` });
      }
      continue;
    }
    const balance = balances.get(key)!;
    const allocatedCents = Math.min(row.amountCents, Math.max(0, balance));
    balances.set(key, balance - allocatedCents);
    if (allocatedCents < row.amountCents) {
      warnings.push(
        `${names.payments}, ligne ${row.line} : ${formatEuros(cents(row.amountCents - allocatedCents))} au-delà du solde de la facture ${key}, laissés en avoir sur le compte du client.`,
      );
    }
    payments.push({ row, invoice, allocatedCents });
  }

  return { plan, errors, warnings, newClients, existingClientIds, invoices, payments };
}

// ——— Preview and apply ———

export type { ImportPreview, ImportResult, ImportTotals };

/** Thrown by applyImport when any line is refused; carries every error (the message lists the first). */
export class ImportRefusedError extends AppError {
  constructor(
    readonly errors: ImportError[],
    /** Warnings found on the way (unknown columns…), worth showing with the errors. */
    readonly warnings: string[] = [],
  ) {
    const shown = errors.slice(0, 10).map(formatImportError);
    const more = errors.length > shown.length ? ` … et ${errors.length - shown.length} autre${errors.length - shown.length > 1 ? 's' : ''}.` : '';
    super(
      'VALIDATION',
      `Import refusé, rien n’a été enregistré : ${errors.length} erreur${errors.length > 1 ? 's' : ''}. ${shown.join(' ; ')}${more}`,
      Object.fromEntries(errors.slice(0, 20).map((e) => [e.line === null ? e.file : `${e.file}:${e.line}`, e.message])),
    );
    this.name = 'ImportRefusedError';
  }
}

const SAMPLE_ROWS = 20;

function totalsOf(r: Resolution): ImportTotals {
  let invoicesTtc = 0;
  let paid = 0;
  let allocated = 0;
  for (const i of r.invoices) invoicesTtc += i.row.amountTtcCents;
  for (const p of r.payments) {
    paid += p.row.amountCents;
    allocated += p.allocatedCents;
  }
  return { invoicesTtcCents: cents(invoicesTtc), paymentsCents: cents(paid), allocatedCents: cents(allocated), unallocatedCents: cents(paid - allocated) };
}

/** Parses the files and checks them against the database, without writing anything. */
export function previewImport(ctx: CoreContext, files: ImportFiles): ImportPreview {
  const r = resolve(ctx.db, parseImport(files));
  return {
    clientsToCreate: r.newClients.length,
    clientsExisting: r.existingClientIds.size,
    invoices: r.invoices.length,
    payments: r.payments.length,
    totals: totalsOf(r),
    errors: r.errors,
    warnings: r.warnings,
    samples: {
      clients: r.newClients.slice(0, SAMPLE_ROWS).map((c) => ({
        file: c.file,
        line: c.line,
        name: c.data.name,
        kind: c.data.kind,
        siren: c.data.siren,
        address6: c.data.address[5],
      })),
      invoices: r.invoices.slice(0, SAMPLE_ROWS).map((i) => ({
        line: i.row.line,
        number: i.row.number,
        clientName: i.clientName,
        issueDate: i.row.issueDate,
        dueDate: i.row.dueDate,
        amountTtcCents: i.row.amountTtcCents,
      })),
      payments: r.payments.slice(0, SAMPLE_ROWS).map((p) => ({
        line: p.row.line,
        invoiceNumber: p.row.invoiceNumber,
        date: p.row.date,
        amountCents: p.row.amountCents,
        method: p.row.method,
        allocatedCents: cents(p.allocatedCents),
      })),
    },
  };
}

/**
 * Imports the files all or nothing: any refused line throws ImportRefusedError (an AppError
 * 'VALIDATION') and nothing is written; otherwise one transaction writes every row and one
 * audit entry.
 */
export function applyImport(ctx: CoreContext, files: ImportFiles): ImportResult {
  const plan = parseImport(files);
  if (plan.errors.length) throw new ImportRefusedError(plan.errors, plan.warnings);
  const { db, clock } = ctx;
  const write = db.transaction((): ImportResult => {
    // Checked inside the transaction, so nothing can change between the check and the write.
    const r = resolve(db, plan);
    if (r.errors.length) throw new ImportRefusedError(r.errors, r.warnings);
    const totals = totalsOf(r);
    const result: ImportResult = {
      clientsCreated: r.newClients.length,
      clientsExisting: r.existingClientIds.size,
      invoices: r.invoices.length,
      payments: r.payments.length,
      totals,
      warnings: r.warnings,
    };
    if (r.newClients.length === 0 && r.invoices.length === 0 && r.payments.length === 0) return result;

    const now = clock.now();
    const insert = bulkStatements(db);
    const clientIds = r.newClients.map((c) => insert.insertClient(c.data, now));
    const clientIdOf = (t: ClientTarget) => (t.type === 'existing' ? t.id : clientIds[t.index]!);
    const invoiceIds: number[] = [];
    const invoiceClientIds: number[] = [];
    for (const i of r.invoices) {
      const clientId = clientIdOf(i.client);
      invoiceClientIds.push(clientId);
      invoiceIds.push(insert.insertInvoice(clientId, i.row, now));
    }
    for (const p of r.payments) {
      const invoiceId = p.invoice.type === 'existing' ? p.invoice.id : invoiceIds[p.invoice.index]!;
      const clientId = p.invoice.type === 'existing' ? p.invoice.clientId : invoiceClientIds[p.invoice.index]!;
      const paymentId = insert.insertPayment(clientId, p.row.date, p.row.amountCents, p.row.method, now);
      if (p.allocatedCents > 0) insert.insertAllocation(paymentId, invoiceId, p.allocatedCents);
    }
    const n = (count: number, one: string, many: string) => `${count} ${count > 1 ? many : one}`;
    ctx.repos.audit.append({
      entity: 'invoice',
      entityId: null,
      action: 'create',
      summary: `Import : ${n(result.clientsCreated, 'client', 'clients')}, ${n(result.invoices, 'facture', 'factures')}, ${n(result.payments, 'paiement', 'paiements')}`,
      after: {
        files: Object.fromEntries((['clients', 'invoices', 'payments'] as const).filter((k) => files[k] !== undefined).map((k) => [k, plan.names[k]])),
        clientsCreated: result.clientsCreated,
        clientsExisting: result.clientsExisting,
        invoices: result.invoices,
        payments: result.payments,
        totals,
      },
    });
    return result;
  });
  return withLargeCache(db, write);
}
