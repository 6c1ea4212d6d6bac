// The client book's SQL: clients and their contacts, each change journaled in the same
// transaction. Inputs arrive already validated (ClientData from the channel schema).
import type { AddressLines } from '../../../shared/domain/address.js';
import type { Client, ClientListRow, Contact, ContactRole, ClientKind } from '../../../shared/domain/client.js';
import type { Cents } from '../../../shared/domain/money.js';
import type { IsoDate } from '../../../shared/domain/dates.js';
import { fold } from '../../../shared/domain/text.js';
import type { ClientData, ClientListQuery } from '../../../shared/schemas.js';
import { clientListQuerySchema } from '../../../shared/schemas.js';
import type { Db } from '../db/connection.js';
import type { Clock } from '../clock.js';
import { AppError, notFound } from '../errors.js';
import type { AuditRepository } from './audit.js';

export interface ClientRow {
  id: number;
  kind: ClientKind;
  name: string;
  first_name: string | null;
  last_name: string | null;
  legal_form: string | null;
  siren: string | null;
  siret: string | null;
  vat_number: string | null;
  address_1: string;
  address_2: string;
  address_3: string;
  address_4: string;
  address_5: string;
  address_6: string;
  country: string;
  postcode: string | null;
  city: string | null;
  terms_mode: 'net' | 'eom45';
  terms_days: number | null;
  credit_limit_cents: number | null;
  naf_code: string | null;
  solvency_situation: string | null;
  solvency_accounts_date: string | null;
  solvency_accounts_note: string | null;
  solvency_incidents: string | null;
  notes: string | null;
  tags: string;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
}

interface ContactRow {
  id: number;
  role: ContactRole;
  name: string;
  email: string | null;
  phone: string | null;
}

const SORT_COLUMNS = {
  name: 'sort_key',
  siren: 'siren',
  city: 'city',
  kind: 'kind',
  createdAt: 'created_at',
} as const;

function toClient(row: ClientRow, contacts: ContactRow[]): Client {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    firstName: row.first_name,
    lastName: row.last_name,
    legalForm: row.legal_form,
    siren: row.siren,
    siret: row.siret,
    vatNumber: row.vat_number,
    address: [row.address_1, row.address_2, row.address_3, row.address_4, row.address_5, row.address_6] as AddressLines,
    country: row.country,
    postcode: row.postcode,
    city: row.city,
    contacts: contacts.map((c): Contact => ({ id: c.id, role: c.role, name: c.name, email: c.email, phone: c.phone })),
    paymentTerms: row.terms_mode === 'eom45' ? { mode: 'eom45' } : { mode: 'net', days: row.terms_days ?? 30 },
    creditLimitCents: row.credit_limit_cents as Cents | null,
    nafCode: row.naf_code,
    solvency: {
      situation: row.solvency_situation,
      accountsDate: row.solvency_accounts_date as IsoDate | null,
      accountsNote: row.solvency_accounts_note,
      incidents: row.solvency_incidents,
    },
    notes: row.notes,
    tags: JSON.parse(row.tags) as string[],
    archivedAt: row.archived_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The column values of a validated client (everything but id and timestamps); import uses it too. */
export function toColumns(c: ClientData) {
  const searchable = [c.name, c.siren ?? '', c.siret ?? '', c.address[5], c.vatNumber ?? '', ...c.tags].join(' ');
  return {
    kind: c.kind,
    name: c.name,
    first_name: c.firstName,
    last_name: c.lastName,
    legal_form: c.legalForm,
    siren: c.siren,
    siret: c.siret,
    vat_number: c.vatNumber,
    address_1: c.address[0],
    address_2: c.address[1],
    address_3: c.address[2],
    address_4: c.address[3],
    address_5: c.address[4],
    address_6: c.address[5],
    country: c.country,
    terms_mode: c.paymentTerms.mode,
    terms_days: c.paymentTerms.mode === 'net' ? c.paymentTerms.days : null,
    credit_limit_cents: c.creditLimitCents,
    naf_code: c.nafCode,
    solvency_situation: c.solvency.situation,
    solvency_accounts_date: c.solvency.accountsDate,
    solvency_accounts_note: c.solvency.accountsNote,
    solvency_incidents: c.solvency.incidents,
    notes: c.notes,
    tags: JSON.stringify(c.tags),
    sort_key: fold(c.name),
    search_key: fold(searchable),
  };
}

type Columns = ReturnType<typeof toColumns>;
/** The clients columns written from a ClientData, in one fixed order. */
export const CLIENT_COLUMN_NAMES = Object.keys(toColumns({
  kind: 'business', name: '', firstName: null, lastName: null, legalForm: null, siren: null, siret: null, vatNumber: null,
  address: ['', '', '', '', '', ''], country: 'FR', contacts: [], paymentTerms: { mode: 'eom45' }, creditLimitCents: null,
  nafCode: null, solvency: { situation: null, accountsDate: null, accountsNote: null, incidents: null }, notes: null, tags: [],
})) as (keyof Columns)[];

/** Escapes LIKE wildcards in what the user typed. */
function likeEscape(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function clientsRepository(db: Db, clock: Clock, audit: AuditRepository) {
  const insertClient = db.prepare(
    `INSERT INTO clients (${CLIENT_COLUMN_NAMES.join(', ')}, created_at, updated_at)
     VALUES (${CLIENT_COLUMN_NAMES.map((c) => '@' + c).join(', ')}, @now, @now)`,
  );
  const updateClient = db.prepare(
    `UPDATE clients SET ${CLIENT_COLUMN_NAMES.map((c) => `${c} = @${c}`).join(', ')}, updated_at = @now WHERE id = @id`,
  );
  const selectClient = db.prepare('SELECT * FROM clients WHERE id = ?');
  const selectContacts = db.prepare('SELECT id, role, name, email, phone FROM contacts WHERE client_id = ? ORDER BY position, id');
  const deleteContacts = db.prepare('DELETE FROM contacts WHERE client_id = ?');
  const insertContact = db.prepare(
    'INSERT INTO contacts (client_id, position, role, name, email, phone) VALUES (@clientId, @position, @role, @name, @email, @phone)',
  );
  const setArchived = db.prepare('UPDATE clients SET archived_at = @archivedAt, updated_at = @now WHERE id = @id');
  const countInvoices = db.prepare('SELECT count(*) AS n FROM invoices WHERE client_id = ?');
  const countPayments = db.prepare('SELECT count(*) AS n FROM payments WHERE client_id = ?');
  const deleteClient = db.prepare('DELETE FROM clients WHERE id = ?');
  const allTags = db.prepare(
    'SELECT DISTINCT value AS tag FROM clients, json_each(clients.tags) WHERE archived_at IS NULL ORDER BY value COLLATE NOCASE',
  );

  // The list's SQL varies with the filters; each variant is prepared once and reused.
  const statements = new Map<string, ReturnType<Db['prepare']>>();
  function prepared(sql: string) {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  }

  function get(id: number): Client {
    const row = selectClient.get(id) as ClientRow | undefined;
    if (!row) throw notFound('Client');
    return toClient(row, selectContacts.all(id) as ContactRow[]);
  }

  function writeContacts(clientId: number, data: ClientData) {
    deleteContacts.run(clientId);
    data.contacts.forEach((c, position) => insertContact.run({ clientId, position, ...c }));
  }

  return {
    get,

    create: db.transaction((data: ClientData): Client => {
      const { lastInsertRowid } = insertClient.run({ ...toColumns(data), now: clock.now() });
      const id = Number(lastInsertRowid);
      writeContacts(id, data);
      const created = get(id);
      audit.append({ entity: 'client', entityId: id, action: 'create', summary: `Client « ${created.name} » créé`, after: created });
      return created;
    }),

    update: db.transaction((id: number, data: ClientData): Client => {
      const before = get(id);
      updateClient.run({ ...toColumns(data), now: clock.now(), id });
      writeContacts(id, data);
      const after = get(id);
      audit.append({ entity: 'client', entityId: id, action: 'update', summary: `Client « ${after.name} » modifié`, before, after });
      return after;
    }),

    archive: db.transaction((id: number): Client => {
      const before = get(id);
      if (before.archivedAt) return before;
      const now = clock.now();
      setArchived.run({ id, archivedAt: now, now });
      const after = get(id);
      audit.append({ entity: 'client', entityId: id, action: 'archive', summary: `Client « ${after.name} » archivé`, before, after });
      return after;
    }),

    restore: db.transaction((id: number): Client => {
      const before = get(id);
      if (!before.archivedAt) return before;
      setArchived.run({ id, archivedAt: null, now: clock.now() });
      const after = get(id);
      audit.append({ entity: 'client', entityId: id, action: 'restore', summary: `Client « ${after.name} » restauré`, before, after });
      return after;
    }),

    /** Deletes a client that has no invoice and no payment; anyone with history can only be archived. */
    delete: db.transaction((id: number): { id: number } => {
      const before = get(id);
      const invoices = (countInvoices.get(id) as { n: number }).n;
      const payments = (countPayments.get(id) as { n: number }).n;
      if (invoices > 0 || payments > 0) {
        throw new AppError(
          'PRECONDITION',
          `« ${before.name} » a des factures ou des paiements : un client avec un historique ne peut pas être supprimé. Archivez-le plutôt.`,
        );
      }
      deleteClient.run(id);
      audit.append({ entity: 'client', entityId: id, action: 'delete', summary: `Client « ${before.name} » supprimé`, before });
      return { id };
    }),

    /** A page of the list, filtered, searched and sorted in SQL. */
    list(input: ClientListQuery): { rows: ClientListRow[]; total: number } {
      const q = clientListQuerySchema.parse(input);
      const where: string[] = [];
      const params: Record<string, unknown> = {};
      if (q.status === 'active') where.push('archived_at IS NULL');
      if (q.status === 'archived') where.push('archived_at IS NOT NULL');
      // Every word must match somewhere (name, SIREN, SIRET, city, VAT, tags), accents ignored;
      // digits typed with spaces ("732 829 320") are joined first.
      const search = fold(q.search.replace(/(\d)\s+(?=\d)/g, '$1'));
      search.split(' ').filter(Boolean).forEach((word, i) => {
        where.push(`search_key LIKE @w${i} ESCAPE '\\'`);
        params[`w${i}`] = `%${likeEscape(word)}%`;
      });
      const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const column = SORT_COLUMNS[q.sort];
      const direction = q.direction === 'desc' ? 'DESC' : 'ASC';
      const total = (prepared(`SELECT count(*) AS n FROM clients ${whereSql}`).get(params) as { n: number }).n;
      const rows = prepared(
        `SELECT id, kind, name, siren, postcode, city, tags, archived_at, created_at FROM clients ${whereSql}
         ORDER BY ${column} IS NULL, ${column} ${direction}, sort_key, id LIMIT @limit OFFSET @offset`,
      ).all({ ...params, limit: q.limit, offset: q.offset }) as Pick<
        ClientRow,
        'id' | 'kind' | 'name' | 'siren' | 'postcode' | 'city' | 'tags' | 'archived_at' | 'created_at'
      >[];
      return {
        total,
        rows: rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          name: r.name,
          siren: r.siren,
          postcode: r.postcode,
          city: r.city,
          tags: JSON.parse(r.tags) as string[],
          archivedAt: r.archived_at,
          createdAt: r.created_at,
        })),
      };
    },

    tags(): string[] {
      return (allTags.all() as { tag: string }[]).map((r) => r.tag);
    },
  };
}

export type ClientsRepository = ReturnType<typeof clientsRepository>;
