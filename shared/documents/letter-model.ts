// What a collection letter says, built by a pure function from the books: the creditor and the
// debtor, the invoices concerned, the amounts claimed, the deadline and the wording (editable
// templates with placeholders). The PDF components only lay this model out.
import { printedLines } from '../domain/address.js';
import type { Client } from '../domain/client.js';
import type { Company } from '../domain/company.js';
import { addDays, daysBetween, formatDateFr, formatDateLongFr, type IsoDate } from '../domain/dates.js';
import { formatEuros, type Cents } from '../domain/money.js';
import { formatIban, formatSiren } from '../validation.js';

export type LetterType = 'friendly_reminder' | 'firm_reminder' | 'formal_notice' | 'statement';
export const LETTER_TYPES: readonly LetterType[] = ['friendly_reminder', 'firm_reminder', 'formal_notice', 'statement'];
export const LETTER_TYPE_LABELS: Record<LetterType, string> = {
  friendly_reminder: 'Relance amiable',
  firm_reminder: 'Relance ferme',
  formal_notice: 'Mise en demeure',
  statement: 'Relevé de compte',
};

/** The placeholders a template may use, with what each becomes. */
export const PLACEHOLDERS: Record<string, string> = {
  client: 'nom du client',
  total_du: 'montant restant dû',
  nb_factures: 'nombre de factures',
  penalites: 'pénalités ou intérêts de retard à ce jour',
  indemnite: 'indemnités forfaitaires (professionnels)',
  total_reclame: 'total réclamé',
  delai: 'délai accordé, en jours',
  date_limite: 'date limite de paiement',
  iban: 'IBAN du créancier',
  reference: 'référence à rappeler avec le paiement',
  signataire: 'nom du signataire',
};

export interface LetterTemplate {
  subject: string;
  body: string; // paragraphs separated by a blank line
}

/** The default wording, in French. Every template can be edited in Paramètres and reset to this. */
export const DEFAULT_TEMPLATES: Record<LetterType, LetterTemplate> = {
  friendly_reminder: {
    subject: 'Relance : factures en attente de règlement',
    body:
      'Madame, Monsieur,\n\n' +
      'Sauf erreur ou omission de notre part, les factures détaillées ci-dessous, arrivées à échéance, restent à ce jour impayées, pour un montant de {{total_du}}.\n\n' +
      'Il s’agit peut-être d’un simple oubli : nous vous remercions de bien vouloir procéder à leur règlement dans les meilleurs délais, par virement sur le compte {{iban}} en rappelant la référence {{reference}}.\n\n' +
      'Si votre paiement a croisé ce courrier, nous vous prions de ne pas en tenir compte.\n\n' +
      'Nous vous prions d’agréer, Madame, Monsieur, nos salutations distinguées.',
  },
  firm_reminder: {
    subject: 'Deuxième relance : factures impayées',
    body:
      'Madame, Monsieur,\n\n' +
      'Malgré notre précédente relance, les factures détaillées ci-dessous demeurent impayées, pour un montant de {{total_du}}.\n\n' +
      'Nous vous demandons de procéder à leur règlement sous {{delai}} jours, soit au plus tard le {{date_limite}}, par virement sur le compte {{iban}} en rappelant la référence {{reference}}.\n\n' +
      'Nous vous rappelons que tout retard de paiement fait courir des pénalités de retard et, entre professionnels, une indemnité forfaitaire pour frais de recouvrement de 40 € par facture. À défaut de règlement, nous serons contraints d’engager une procédure de recouvrement.\n\n' +
      'Nous vous prions d’agréer, Madame, Monsieur, nos salutations distinguées.',
  },
  formal_notice: {
    subject: 'Mise en demeure de payer',
    body:
      'Madame, Monsieur,\n\n' +
      'Par la présente, nous vous mettons en demeure de nous régler la somme de {{total_reclame}}, correspondant aux factures détaillées ci-dessous ({{total_du}} restant dû), aux pénalités et intérêts de retard calculés à ce jour ({{penalites}}) et aux indemnités forfaitaires pour frais de recouvrement ({{indemnite}}).\n\n' +
      'Ce règlement devra nous parvenir dans un délai de {{delai}} jours à compter de la réception de la présente, par virement sur le compte {{iban}} en rappelant la référence {{reference}}, ou par chèque à notre ordre.\n\n' +
      'À défaut de paiement dans ce délai, nous saisirons la juridiction compétente d’une requête en injonction de payer, sans autre avis. Les pénalités et intérêts continueront de courir jusqu’au complet paiement.\n\n' +
      'Nous vous prions d’agréer, Madame, Monsieur, nos salutations distinguées.',
  },
  statement: {
    subject: 'Relevé de compte',
    body:
      'Madame, Monsieur,\n\n' +
      'Veuillez trouver ci-dessous le relevé de votre compte : les factures ouvertes, les paiements et avoirs reçus, et le solde restant dû de {{total_du}}.\n\n' +
      'Nous restons à votre disposition pour toute question.',
  },
};

/** Replaces {{placeholder}}; returns the text and the placeholders it does not know. */
export function fillTemplate(template: string, values: Record<string, string>): { text: string; unknown: string[] } {
  const unknown = new Set<string>();
  const text = template.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (whole, name: string) => {
    if (name in values) return values[name] as string;
    unknown.add(name);
    return whole;
  });
  return { text, unknown: [...unknown] };
}

export interface LetterInvoice {
  number: string;
  issueDate: IsoDate;
  dueDate: IsoDate;
  amountCents: Cents;
  settledCents: Cents; // paid and credited
  remainingCents: Cents;
  penaltiesCents: Cents; // interest or penalties to date (formal notice only)
  indemnityCents: Cents;
}

export interface LetterInput {
  type: LetterType;
  date: IsoDate;
  company: Company;
  client: Pick<Client, 'id' | 'name' | 'kind' | 'address' | 'siren'>;
  invoices: LetterInvoice[];
  template?: LetterTemplate;
  deadlineDays?: number; // default 8
  registeredNumber?: string | null;
}

export interface LetterModel {
  type: LetterType;
  title: string;
  subject: string;
  dateLine: string; // "Lyon, le 23 novembre 2026"
  creditor: { name: string; legalLine: string; addressLines: string[]; contactLine: string; paymentLine: string; signatory: string[] };
  debtorAddressLines: string[];
  invoices: LetterInvoice[];
  totals: { remainingCents: Cents; penaltiesCents: Cents; indemnityCents: Cents; claimCents: Cents };
  deadline: { days: number; date: IsoDate } | null;
  registeredLine: string | null;
  paragraphs: string[];
  unknownPlaceholders: string[];
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0) as Cents;
const money = (c: number) => formatEuros(c as Cents);

export function buildLetterModel(input: LetterInput): LetterModel {
  const { type, company, client } = input;
  const formal = type === 'formal_notice';
  const invoices = input.invoices.map((i) => (formal ? i : { ...i, penaltiesCents: 0 as Cents, indemnityCents: 0 as Cents }));
  const remaining = sum(invoices.map((i) => i.remainingCents));
  const penalties = sum(invoices.map((i) => i.penaltiesCents));
  // No 40 € indemnity toward a consumer (D441-5 applies between professionals only).
  const indemnity = client.kind === 'business' ? sum(invoices.map((i) => i.indemnityCents)) : (0 as Cents);
  const claim = (remaining + penalties + indemnity) as Cents;
  const deadlineDays = input.deadlineDays ?? 8;
  const hasDeadline = type === 'firm_reminder' || formal;
  const deadlineDate = addDays(input.date, deadlineDays);
  const reference = `${client.id}-${invoices.map((i) => i.number).join('-')}`.slice(0, 60);
  const city = /^\d{5}\s+(.+)$/.exec(company.address[5] ?? '')?.[1] ?? '';
  const template = input.template ?? DEFAULT_TEMPLATES[type];
  const values: Record<string, string> = {
    client: client.name,
    total_du: money(remaining),
    nb_factures: String(invoices.length),
    penalites: money(penalties),
    indemnite: money(indemnity),
    total_reclame: money(claim),
    delai: String(deadlineDays),
    date_limite: formatDateFr(deadlineDate),
    iban: company.iban ? formatIban(company.iban) : '(IBAN à renseigner dans Paramètres)',
    reference,
    signataire: company.signatoryName ?? '',
  };
  const subject = fillTemplate(template.subject, values);
  const body = fillTemplate(template.body, values);
  const legalParts = [
    company.legalForm,
    company.siren ? `SIREN ${formatSiren(company.siren)}` : null,
    company.rcsCity ? `RCS ${company.rcsCity.replace(/^RCS\s+/i, '')}` : null,
    company.vatNumber ? `TVA ${company.vatNumber}` : null,
  ].filter(Boolean);
  return {
    type,
    title: LETTER_TYPE_LABELS[type],
    subject: subject.text,
    dateLine: `${city ? `${city.charAt(0)}${city.slice(1).toLowerCase()}, le ` : 'Le '}${formatDateLongFr(input.date)}`,
    creditor: {
      name: company.name,
      legalLine: legalParts.join(' · '),
      addressLines: printedLines(company.address),
      contactLine: [company.phone, company.email].filter(Boolean).join(' · '),
      paymentLine: [company.iban ? `IBAN ${formatIban(company.iban)}` : null, company.bic ? `BIC ${company.bic}` : null, `Référence à rappeler : ${reference}`]
        .filter(Boolean)
        .join(' · '),
      signatory: [company.signatoryName, company.signatoryTitle].filter((v): v is string => Boolean(v)),
    },
    debtorAddressLines: printedLines(client.address.some((l) => l.trim()) ? client.address : [client.name]),
    invoices,
    totals: { remainingCents: remaining, penaltiesCents: penalties, indemnityCents: indemnity, claimCents: formal ? claim : remaining },
    deadline: hasDeadline ? { days: deadlineDays, date: deadlineDate } : null,
    registeredLine: formal
      ? `Lettre recommandée avec accusé de réception${input.registeredNumber ? ` n° ${input.registeredNumber}` : ''}`
      : null,
    paragraphs: body.text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean),
    unknownPlaceholders: [...new Set([...subject.unknown, ...body.unknown])],
  };
}

/** Days between the due date and the letter's date (0 when not late). */
export function daysLate(dueDate: IsoDate, date: IsoDate): number {
  return Math.max(0, daysBetween(dueDate, date));
}
