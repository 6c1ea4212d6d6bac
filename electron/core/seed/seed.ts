// Synthetic books for demonstrations and load tests: French businesses and consumers with
// valid identifiers and NF Z10-011 addresses, three years of invoices, and the payments,
// credit notes, disputes and promises that come with clients who pay on time, late, very late
// or never. Deterministic: every random choice comes from one faker seeded with `seed`, so the
// same seed (and `today`) gives the same books. Written with prepared statements in batches.
import { Faker, fakerFR } from '@faker-js/faker';
import { stripAccents } from '../../../shared/domain/text.js';
import { addDays, fromDayNumber, toDayNumber, type IsoDate } from '../../../shared/domain/dates.js';
import type { PaymentMethod } from '../../../shared/domain/invoice.js';
import { cents, mulDivRound, type Cents } from '../../../shared/domain/money.js';
import { clientInputSchema, type ClientData, type ClientInput } from '../../../shared/schemas.js';
import { frenchVatFromSiren, luhnValid } from '../../../shared/validation.js';
import type { CoreContext } from '../context.js';
import { AppError } from '../errors.js';
import { bulkStatements, withLargeCache } from '../import/apply.js';

export interface SeedOptions {
  clients: number;
  invoices: number;
  seed: number;
  /** The books' "today": invoices span the three years before it. Default: ctx.clock.today(). */
  today?: IsoDate;
  /** Called with a French progress line after each batch. */
  onProgress?: (message: string) => void;
}

export interface SeedReport {
  seed: number;
  today: IsoDate;
  clients: number;
  consumers: number;
  invoices: number;
  creditNotes: number;
  payments: number;
  allocations: number;
  disputes: number;
  disputesClosed: number;
  promises: number;
  invoicedCents: Cents;
  creditedCents: Cents;
  paidCents: Cents;
  openBalanceCents: Cents;
  elapsedMs: number;
}

const BATCH = 10_000;
const HISTORY_DAYS = 3 * 365;

type Profile = 'on_time' | 'late' | 'chronic' | 'never';

interface SeedClient {
  id: number;
  kind: 'business' | 'consumer';
  profile: Profile;
  termsDays: number;
}

const ACTIVITIES = [
  'Boulangerie', 'Menuiserie', 'Plomberie', 'Transports', 'Garage', 'Imprimerie', 'Atelier', 'Bâtiment', 'Électricité',
  'Charpente', 'Peinture', 'Traiteur', 'Maçonnerie', 'Paysages', 'Nettoyage', 'Informatique', 'Conseil', 'Architecture',
  'Boucherie', 'Fromagerie', 'Couverture', 'Serrurerie', 'Vitrerie', 'Carrosserie', 'Distribution', 'Logistique',
  'Pharmacie', 'Optique', 'Hôtellerie', 'Restauration', 'Communication', 'Études', 'Ingénierie', 'Agencements',
];
const LEGAL_FORMS: readonly [string, number][] = [
  ['SARL', 30], ['SAS', 26], ['SASU', 14], ['EURL', 12], ['SA', 5], ['EI', 5], ['SNC', 3], ['SCOP', 2], ['SELARL', 2], ['GIE', 1],
];
const PROFILES: readonly [Profile, number][] = [['on_time', 50], ['late', 30], ['chronic', 17], ['never', 3]];
const TERMS: readonly [number, number][] = [[30, 50], [45, 30], [60, 20]];
const BUSINESS_METHODS: readonly [PaymentMethod, number][] = [['transfer', 70], ['cheque', 14], ['direct_debit', 10], ['card', 3], ['other', 3]];
const CONSUMER_METHODS: readonly [PaymentMethod, number][] = [['card', 35], ['transfer', 30], ['cheque', 25], ['cash', 7], ['other', 3]];
const BUILDINGS = [
  'Bâtiment A', 'Bâtiment B', 'Zone artisanale Nord', 'ZA du Moulin', 'Parc d’activités des Pins', 'Immeuble Le Central',
  'Zone industrielle Sud', 'Centre d’affaires Europe',
];
const DISPUTE_REASONS = [
  'Prestation contestée', 'Livraison incomplète', 'Marchandise endommagée', 'Retard de livraison', 'Erreur de quantité facturée',
  'Prix non conforme au devis', 'Travaux non terminés', 'Facture en double selon le client',
];
const DISPUTE_OUTCOMES = ['Accord amiable : facture maintenue', 'Avoir partiel consenti', 'Réclamation rejetée', 'Travaux repris, facture maintenue'];
const CREDIT_REASONS = ['Remise commerciale', 'Retour de marchandise', 'Erreur de facturation', 'Geste commercial', 'Prestation annulée'];
const PROMISE_NOTES = ['Promesse au téléphone', 'Engagement par e-mail', 'Le gérant s’engage à régler', null];

/** A seeded random source: faker for every draw (its French locale for names and places). */
function randomSource(seed: number) {
  // Same definitions as fakerFR, with its own state: seeding it leaves the shared fakerFR alone.
  const f = new Faker({ locale: fakerFR.rawDefinitions });
  f.seed(seed);
  const float = () => f.number.float(); // [0, 1)
  const int = (min: number, max: number) => f.number.int({ min, max });
  const chance = (p: number) => float() < p;
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!;
  const weighted = <T>(items: readonly (readonly [T, number])[]): T => {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let x = float() * total;
    for (const [item, w] of items) {
      if ((x -= w) < 0) return item;
    }
    return items[items.length - 1]![0];
  };
  /** Standard normal (Box–Muller). */
  const normal = () => Math.sqrt(-2 * Math.log(1 - float())) * Math.cos(2 * Math.PI * float());
  const digits = (n: number) => Array.from({ length: n }, () => int(0, 9)).join('');
  return { f, float, int, chance, pick, weighted, normal, digits };
}
type Random = ReturnType<typeof randomSource>;

/** The Luhn check digit that completes `body`. */
function luhnKey(body: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(body + d)) return String(d);
  throw new Error('unreachable');
}

/** NF Z10-011 line 6: postcode and locality in capitals, accents removed, ≤ 38 characters. */
function line6(postcode: string, city: string): string {
  const locality = stripAccents(city).toUpperCase().replace(/[^A-Z0-9' -]/g, ' ').replace(/\s+/g, ' ').trim();
  return `${postcode} ${locality}`.slice(0, 38).trim();
}

const cut38 = (text: string) => text.slice(0, 38).trim();
const slug = (text: string) =>
  stripAccents(text).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 30).replace(/-$/, '') || 'client';
const phone = (r: Random, prefixes: readonly number[]) => `0${r.pick(prefixes)} ${r.digits(2)} ${r.digits(2)} ${r.digits(2)} ${r.digits(2)}`;

function street(r: Random): string {
  for (let i = 0; i < 5; i++) {
    const s = `${r.int(1, 180)}${r.chance(0.05) ? ' bis' : ''} ${r.f.location.street()}`;
    if (s.length <= 38) return s;
  }
  return cut38(`${r.int(1, 180)} ${r.f.location.street()}`);
}

function businessInput(r: Random, usedNames: Set<string>, usedSirens: Set<string>, termsDays: number): ClientInput {
  let name = '';
  let base = '';
  const form = r.weighted(LEGAL_FORMS);
  for (let attempt = 0; ; attempt++) {
    const last = r.f.person.lastName();
    const pattern = r.int(0, 9);
    base =
      pattern < 5 ? `${r.pick(ACTIVITIES)} ${last}`
      : pattern < 7 ? `${last} et ${r.f.person.lastName()}`
      : pattern < 8 ? `${last} et Fils`
      : pattern < 9 ? `${r.pick(ACTIVITIES)} du ${r.f.location.city()}`
      : `Établissements ${last}`;
    name = `${base} ${form}`;
    if (attempt >= 8) name = `${base} ${form} ${usedNames.size + 1}`;
    if (!usedNames.has(stripAccents(name).toLowerCase())) break;
  }
  usedNames.add(stripAccents(name).toLowerCase());
  let siren: string;
  do {
    const body = `${r.int(1, 9)}${r.digits(7)}`;
    siren = body + luhnKey(body);
  } while (usedSirens.has(siren));
  usedSirens.add(siren);
  const nicBody = `${siren}000${r.int(1, 4)}`;
  const siret = nicBody + luhnKey(nicBody);
  const city = r.f.location.city();
  const postcode = r.f.location.zipCode('#####');
  const contactName = `${r.f.person.firstName()} ${r.f.person.lastName()}`;
  const address: string[] = [
    cut38(stripAccents(name).toUpperCase()),
    r.chance(0.3) ? 'Service comptabilité' : '',
    r.chance(0.15) ? r.pick(BUILDINGS) : '',
    street(r),
    r.chance(0.05) ? `BP ${r.int(1, 999)}` : '',
    line6(postcode, city),
  ];
  return {
    kind: 'business',
    name,
    legalForm: form,
    siren,
    siret,
    vatNumber: frenchVatFromSiren(siren),
    address,
    contacts: [{ role: 'accounting', name: contactName, email: `compta@${slug(base)}.example`, phone: phone(r, [1, 2, 3, 4, 5, 9]) }],
    paymentTerms: { mode: 'net', days: termsDays },
    tags: r.chance(0.5) ? [base.split(' ')[0]!.toLowerCase()] : [],
  };
}

function consumerInput(r: Random, usedNames: Set<string>): ClientInput {
  let first = '';
  let last = '';
  let sex: 'female' | 'male' = 'female';
  for (let attempt = 0; ; attempt++) {
    sex = r.chance(0.5) ? 'female' : 'male';
    first = r.f.person.firstName(sex);
    last = r.f.person.lastName();
    if (attempt >= 8) last = `${last}-${r.f.person.lastName()}`;
    if (!usedNames.has(stripAccents(`${first} ${last}`).toLowerCase())) break;
  }
  usedNames.add(stripAccents(`${first} ${last}`).toLowerCase());
  const address = [
    cut38(stripAccents(`${sex === 'female' ? 'MME' : 'M.'} ${first} ${last}`).toUpperCase()),
    r.chance(0.2) ? `Appartement ${r.int(1, 60)}` : '',
    r.chance(0.1) ? `Résidence ${r.f.person.lastName()}` : '',
    street(r),
    '',
    line6(r.f.location.zipCode('#####'), r.f.location.city()),
  ];
  return {
    kind: 'consumer',
    firstName: first,
    lastName: last,
    address,
    contacts: [{ role: 'accounting', name: `${first} ${last}`, email: `${slug(first)}.${slug(last)}@mail.example`, phone: phone(r, [6, 7]) }],
    paymentTerms: { mode: 'net', days: 30 },
  };
}

/** A log-normal amount in cents: median × e^(σ·N(0,1)), within [min, max]. */
function logNormalCents(r: Random, median: number, sigma: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.round(median * Math.exp(sigma * r.normal()))));
}

const groupDigits = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');

/** Generates synthetic books into an empty database. */
export function seedBooks(ctx: CoreContext, options: SeedOptions): SeedReport {
  return withLargeCache(ctx.db, () => generate(ctx, options));
}

function generate(ctx: CoreContext, options: SeedOptions): SeedReport {
  const started = performance.now();
  const { db, clock } = ctx;
  const today = options.today ?? clock.today();
  const clientCount = Math.max(1, Math.floor(options.clients));
  const invoiceCount = Math.max(0, Math.floor(options.invoices));
  const progress = options.onProgress ?? (() => undefined);
  const notEmpty = db.prepare('SELECT EXISTS (SELECT 1 FROM clients) OR EXISTS (SELECT 1 FROM invoices)').pluck().get() as number;
  if (notEmpty) {
    throw new AppError(
      'PRECONDITION',
      'Ces livres contiennent déjà des clients ou des factures : les données de démonstration se génèrent dans un fichier neuf (--db).',
    );
  }

  const r = randomSource(options.seed);
  const now = clock.now();
  const insert = bulkStatements(db);
  const insertCreditNote = db.prepare(
    'INSERT INTO credit_notes (invoice_id, number, issue_date, amount_ttc_cents, reason, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insertDispute = db.prepare(
    'INSERT INTO disputes (invoice_id, reason, opened_date, closed_date, outcome, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insertPromise = db.prepare(
    'INSERT INTO promises (invoice_id, made_date, promised_date, amount_cents, note, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const report: SeedReport = {
    seed: options.seed,
    today,
    clients: 0,
    consumers: 0,
    invoices: 0,
    creditNotes: 0,
    payments: 0,
    allocations: 0,
    disputes: 0,
    disputesClosed: 0,
    promises: 0,
    invoicedCents: cents(0),
    creditedCents: cents(0),
    paidCents: cents(0),
    openBalanceCents: cents(0),
    elapsedMs: 0,
  };

  // ——— Clients ———
  const clients: SeedClient[] = [];
  const weights: number[] = [];
  const usedNames = new Set<string>();
  const usedSirens = new Set<string>();
  for (let start = 0; start < clientCount; start += BATCH) {
    const end = Math.min(clientCount, start + BATCH);
    const batch: { data: ClientData; profile: Profile; termsDays: number; weight: number }[] = [];
    for (let i = start; i < end; i++) {
      const consumer = r.chance(0.1);
      const profile = r.weighted(PROFILES);
      const termsDays = consumer ? 30 : r.weighted(TERMS);
      const input = consumer ? consumerInput(r, usedNames) : businessInput(r, usedNames, usedSirens, termsDays);
      // The same schema as the client form: a generator bug fails loudly instead of storing bad data.
      const data = clientInputSchema.parse(input);
      // How many invoices the client gets, relatively: a few big accounts, a long tail.
      const weight = Math.exp(0.9 * r.normal()) * (consumer ? 0.25 : 1);
      batch.push({ data, profile, termsDays, weight });
    }
    db.transaction(() => {
      for (const c of batch) {
        const id = insert.insertClient(c.data, now);
        clients.push({ id, kind: c.data.kind, profile: c.profile, termsDays: c.termsDays });
        weights.push(c.weight);
        if (c.data.kind === 'consumer') report.consumers++;
      }
    })();
    report.clients = clients.length;
    progress(`Clients : ${groupDigits(end)} / ${groupDigits(clientCount)}`);
  }

  // ——— Invoices: who and when first, so numbers follow the issue dates ———
  const cumulative: number[] = [];
  let sum = 0;
  for (const w of weights) cumulative.push((sum += w));
  const pickClient = () => {
    const x = r.float() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const todayNumber = toDayNumber(today);
  const firstDay = todayNumber - HISTORY_DAYS;
  const clientOf = new Int32Array(invoiceCount);
  const dayOf = new Int32Array(invoiceCount);
  for (let k = 0; k < invoiceCount; k++) {
    clientOf[k] = pickClient();
    dayOf[k] = firstDay + r.int(0, HISTORY_DAYS);
  }
  const order = Array.from({ length: invoiceCount }, (_, k) => k).sort((a, b) => dayOf[a]! - dayOf[b]! || a - b);

  const invoiceCounters = new Map<number, number>();
  let creditNoteCounter = 0;
  let invoiced = 0;
  let credited = 0;
  let paid = 0;

  /** One invoice and what happened to it, written with the statements above. */
  function writeInvoice(k: number) {
    const client = clients[clientOf[k]!]!;
    const issueDate = fromDayNumber(dayOf[k]!);
    const year = Number(issueDate.slice(0, 4));
    const n = (invoiceCounters.get(year) ?? 0) + 1;
    invoiceCounters.set(year, n);
    const number = `F-${year}-${String(n).padStart(6, '0')}`;
    const dueDate = addDays(issueDate, client.termsDays);
    const consumer = client.kind === 'consumer';
    const ttc = consumer ? logNormalCents(r, 35_000, 0.8, 2_000, 2_500_000) : logNormalCents(r, 120_000, 1.0, 5_000, 50_000_000);
    const ht = mulDivRound(cents(ttc), 5, 6); // TTC / 1.2, rounded once to the cent
    const tva = ttc - ht;
    const deliveryDate = consumer && r.chance(0.5) ? null : addDays(issueDate, -r.int(0, 14));
    const reference = !consumer && r.chance(0.4) ? `BC-${r.digits(6)}` : null;
    const invoiceId = insert.insertInvoice(
      client.id,
      { number, issueDate, deliveryDate, dueDate, amountHtCents: cents(ht), amountTvaCents: cents(tva), amountTtcCents: cents(ttc), reference },
      now,
    );
    report.invoices++;
    invoiced += ttc;
    let balance = ttc;
    const dayNumber = (d: IsoDate) => toDayNumber(d);
    const notAfterToday = (d: number) => d <= todayNumber;

    // Credit notes (~3 %): part or all of the invoice, some weeks after it.
    if (r.chance(0.03)) {
      const day = dayOf[k]! + r.int(3, 45);
      if (notAfterToday(day)) {
        const amount = r.chance(0.3) ? ttc : Math.max(1, Math.round(ttc * (0.1 + 0.8 * r.float())));
        const date = fromDayNumber(day);
        insertCreditNote.run(invoiceId, `AV-${date.slice(0, 4)}-${String(++creditNoteCounter).padStart(6, '0')}`, date, amount, r.pick(CREDIT_REASONS), now);
        report.creditNotes++;
        credited += amount;
        balance -= amount;
      }
    }

    // Disputes (~2 %): opened around the due date; some closed since.
    let disputeOpen = false;
    let disputeClosedDay: number | null = null;
    if (r.chance(0.02)) {
      const opened = Math.max(dayOf[k]!, dayNumber(dueDate) + r.int(-5, 30));
      if (notAfterToday(opened)) {
        const closed = r.chance(0.6) ? opened + r.int(7, 90) : null;
        const isClosed = closed !== null && notAfterToday(closed);
        insertDispute.run(
          invoiceId,
          r.pick(DISPUTE_REASONS),
          fromDayNumber(opened),
          isClosed ? fromDayNumber(closed) : null,
          isClosed ? r.pick(DISPUTE_OUTCOMES) : null,
          now,
        );
        report.disputes++;
        if (isClosed) {
          report.disputesClosed++;
          disputeClosedDay = closed;
        } else disputeOpen = true;
      }
    }

    // Payments, by the client's habits (with some noise per invoice).
    let profile = client.profile;
    if (profile !== 'never' && r.chance(0.1)) profile = profile === 'on_time' ? 'late' : 'chronic';
    const due = dayNumber(dueDate);
    let payDay =
      profile === 'on_time' ? due + r.int(-15, 7)
      : profile === 'late' ? due + r.int(10, 40)
      : profile === 'chronic' ? due + r.int(40, 120)
      : null;
    if (profile === 'never' && r.chance(0.15)) payDay = due + r.int(60, 200); // now and then, something comes in
    if (disputeOpen) payDay = null;
    if (payDay !== null && disputeClosedDay !== null) payDay = Math.max(payDay, disputeClosedDay + r.int(0, 15));
    const methods = consumer ? CONSUMER_METHODS : BUSINESS_METHODS;
    let firstPaymentCents = 0;
    const pay = (day: number, amount: number) => {
      if (amount <= 0 || !notAfterToday(day)) return false;
      if (firstPaymentCents === 0) firstPaymentCents = amount;
      const paymentId = insert.insertPayment(client.id, fromDayNumber(day), amount, r.weighted(methods), now);
      insert.insertAllocation(paymentId, invoiceId, amount);
      report.payments++;
      report.allocations++;
      paid += amount;
      balance -= amount;
      return true;
    };
    let paidOn: number | null = null;
    if (payDay !== null && balance > 0) {
      const partial = profile === 'never' || r.chance(0.08);
      if (partial) {
        if (pay(payDay, Math.max(1, Math.round(balance * (0.3 + 0.4 * r.float()))))) {
          paidOn = payDay;
          if (profile !== 'never' && r.chance(0.6)) pay(payDay + r.int(15, 90), balance);
        }
      } else if (pay(payDay, balance)) paidOn = payDay;
    }

    // Promises to pay (~2 % of invoices; about half qualify): made after the due date; kept
    // when the money came in the promised window (mostly), pending or broken otherwise.
    if (r.chance(0.036) && !disputeOpen) {
      if (paidOn !== null && paidOn > due + 5) {
        const made = Math.max(due + 1, paidOn - r.int(5, 20));
        const promised = r.chance(0.8) ? paidOn + r.int(0, 5) : Math.max(made, paidOn - r.int(3, 10));
        insertPromise.run(invoiceId, fromDayNumber(made), fromDayNumber(promised), firstPaymentCents, r.pick(PROMISE_NOTES), now);
        report.promises++;
      } else if (paidOn === null && balance > 0 && due < todayNumber) {
        const made = Math.max(due + 1, todayNumber - r.int(0, 45));
        insertPromise.run(invoiceId, fromDayNumber(made), fromDayNumber(made + r.int(7, 30)), balance, r.pick(PROMISE_NOTES), now);
        report.promises++;
      }
    }
  }

  for (let start = 0; start < invoiceCount; start += BATCH) {
    const end = Math.min(invoiceCount, start + BATCH);
    db.transaction(() => {
      for (let j = start; j < end; j++) writeInvoice(order[j]!);
      if (end === invoiceCount) writeSummary();
    })();
    progress(`Factures : ${groupDigits(end)} / ${groupDigits(invoiceCount)}`);
  }
  if (invoiceCount === 0) db.transaction(writeSummary)();

  function writeSummary() {
    ctx.repos.audit.append({
      entity: 'invoice',
      entityId: null,
      action: 'create',
      summary: `Données de démonstration générées : ${groupDigits(report.clients)} clients, ${groupDigits(report.invoices)} factures, ${groupDigits(report.payments)} paiements (graine ${options.seed})`,
      after: { seed: options.seed, today, clients: report.clients, invoices: report.invoices, payments: report.payments },
    });
  }

  report.invoicedCents = cents(invoiced);
  report.creditedCents = cents(credited);
  report.paidCents = cents(paid);
  report.openBalanceCents = cents(invoiced - credited - paid);
  report.elapsedMs = Math.round(performance.now() - started);
  return report;
}
