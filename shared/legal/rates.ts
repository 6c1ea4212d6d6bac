// The rate tables behind late-payment penalties and legal interest (ECB MRO, legal interest rates), with their sources.
//
// Data copied from the project's legal research (sections 1.2, 1.3 and 2.2), never read at run
// time. All rates are integer basis points (1 % = 100 bp). Semesters run 1 Jan–30 Jun (S1) and
// 1 Jul–31 Dec (S2):
// - `ecbMroBp`: the ECB main refinancing operations rate in force on 1 January (S1) or 1 July
//   (S2) — L441-10 II C. com.: "le taux applicable pendant le premier semestre de l'année
//   concernée est le taux en vigueur au 1er janvier … pour le second semestre … au 1er juillet".
//   A change that takes effect later in the semester (e.g. 27 Jul 2022) does not count.
// - `legalConsumerCreditorBp` / `legalOtherBp`: the two legal interest rates set each semester
//   since 2015 (CMF L313-2, D313-1-A): for a creditor who is a natural person not acting for
//   professional purposes, and "tous les autres cas". The rate follows the creditor's status.
// A null rate means "not known": the engine then uses the latest earlier known rate and warns.
import { cents, type Cents } from '../domain/money.js';
import { addDays, parts, type IsoDate } from '../domain/dates.js';

/** A half-year: "2025-S1" (1 Jan–30 Jun) or "2025-S2" (1 Jul–31 Dec). */
export type Semester = `${number}-S${1 | 2}`;

export interface SemesterRates {
  semester: Semester;
  /** ECB main refinancing rate in force on the semester's first day, in basis points. */
  ecbMroBp: number | null;
  /** Legal interest rate, creditor = natural person not acting for professional purposes. */
  legalConsumerCreditorBp: number | null;
  /** Legal interest rate, "tous les autres cas" (e.g. a business creditor). */
  legalOtherBp: number | null;
  /** http(s) addresses backing this row's figures. */
  sources: string[];
  /** True when the row's figures (or their absence) still need checking against an official source. */
  unconfirmed?: boolean;
  /** A remark in French, shown beside the row. */
  note?: string;
}

/** The three rate columns of a row. */
export type RateField = 'ecbMroBp' | 'legalConsumerCreditorBp' | 'legalOtherBp';

// ---------------------------------------------------------------------------------------------
// Sources
// ---------------------------------------------------------------------------------------------

/** Text of L441-10 C. com. (penalties, ECB + 10 points, semester rule, 3× legal-rate floor). */
export const L441_10_SOURCE = 'https://lexbase.fr/texte-de-loi/code-de-commercel44110/L0502LQN.html';

const BDF = 'https://www.banque-france.fr/en/policy-rates';
const ECB_TABLE = 'http://sdw.zentral-bank.eu/stats/policy_and_exchange_rates/key_ecb_interest_rates/html/index.en.html';
const TRESOR = 'https://www.tresor.economie.gouv.fr/Ressources/taux-de-linteret-legal/Rss/23022018';
const BPI_PENALTIES = 'https://bpifrance-creation.fr/boiteaoutils/taux-penalites-retard';
const DEC_2024_CUT = [
  'https://178149.2xuld1c9j.asia/en/economy/european-central-bank-delivers-25-basis-point-rate-cut-3695662',
  'https://www.fxstreet.com/macroeconomics/central-banks/ecb',
];
const JUN_2025_CUT = [
  'https://deenazaidi.com/ecb-lowers-three-key-interest-rates-europe-inflation-falls',
  'https://apl.bsi.si/orodja/avkcije-en.asp',
];
const DEC_2025_HOLD = [
  'https://www.aa.com.tr/en/economy/european-central-bank-holds-rates-steady-at-2-matching-expectations/3774838',
  'https://www.econotimes.com/ECB-Holds-Rates-Steady-Lagarde-Signals-No-Rush-to-Cut-Amid-Balanced-Risks-1729070',
];
const FEB_2026_HOLD = [
  'https://www.devizu.news/?p=12233',
  'https://ymanci.fr/credit-immobilier/actualites/la-bce-ne-modifie-pas-ses-taux-directeurs-en-fevrier-2026',
];
const DANDREL = 'https://dandrel-avocats.fr/taux-de-linteret-legal-du-2nd-semestre-2021/';
const NOTAIRES = 'https://notaires2normandie.com/nos-actus/les-taux-de-linteret-legal-applicables-au-cours-du-second-semestre-2023-sont-fixes';
const INFONET = 'https://infonet.fr/actualite/juridique/taux-dinteret-legal/';
const CNA2C = 'https://www.cna2c.fr/nos-actualites-juridiques/taux-de-linteret-legal-a-compter-du-1er-juillet-2025';
const VOTREXPERT = 'https://infos.votrexpert.com/ECOSPHERE_EXPERTISE/chiffres/taux_interet_legal.html?format=print&rubrique=9';

/** D441-5 C. com. (décret n° 2012-1115 du 2 octobre 2012): 40 € per late invoice, business debtors only. */
export const RECOVERY_INDEMNITY_CENTS: Cents = cents(4000);
export const RECOVERY_INDEMNITY_SOURCES: readonly string[] = [
  L441_10_SOURCE,
  'https://www.fict.fr/publication/indemnite-forfaitaire-a-mentionner-dans-les-conditions-generales-de-vente-et-sur-la-facture/',
  'http://www.village-justice.com/articles/spip.php?page=imprimer&id_article=13906',
  'https://www.afdcc.fr/indemnite-forfaitaire-de-40-e-pour-frais-de-recouvrement/',
];

/** L441-10 II C. com.: default penalty rate = ECB MRO rate + 10 percentage points. */
export const B2B_MARGIN_BP = 1000;
export const B2B_MARGIN_SOURCES: readonly string[] = [L441_10_SOURCE, BPI_PENALTIES];

/** L441-10 II C. com.: a contractual rate may not be lower than three times the legal interest rate. */
export const CONTRACTUAL_FLOOR_MULTIPLIER = 3;

/** L313-3 CMF: after a money judgment, the legal rate rises by 5 points two months after it became enforceable. */
export const JUDGMENT_MAJORATION_BP = 500;
export const JUDGMENT_MAJORATION_MONTHS = 2;
export const JUDGMENT_MAJORATION_SOURCES: readonly string[] = [
  'https://www.doctrine.fr/l/texts/codes/LEGITEXT000006072026/articles/LEGIARTI000006652082',
  'https://www.dalloz-actualite.fr/flash/une-precision-bienvenue-sur-point-de-depart-de-majoration-de-l-interet-legal',
];

// ---------------------------------------------------------------------------------------------
// The built-in table
// ---------------------------------------------------------------------------------------------

function row(
  semester: Semester,
  ecbMroBp: number,
  legalConsumerCreditorBp: number,
  legalOtherBp: number,
  ecbSources: readonly string[],
  legalSources: readonly string[],
  note?: string,
): SemesterRates {
  const sources = [...new Set([...ecbSources, ...legalSources])];
  return note === undefined
    ? { semester, ecbMroBp, legalConsumerCreditorBp, legalOtherBp, sources }
    : { semester, ecbMroBp, legalConsumerCreditorBp, legalOtherBp, sources, note };
}

// Each row: semester, MRO in force on its first day (and the change that set it), legal rate for a
// consumer creditor, legal rate "autres cas"; MRO sources, then legal-rate sources.
export const BUILT_IN_RATES: readonly SemesterRates[] = Object.freeze([
  // MRO 0.05 % since 10 Sep 2014.
  row('2015-S1', 5, 406, 93, [BDF, ECB_TABLE], [TRESOR]),
  row('2015-S2', 5, 429, 99, [BDF, ECB_TABLE], [TRESOR, 'https://affairesjuridiques.aphp.fr/textes/arrete-du-24-juin-2015-relatif-a-la-fixation-du-taux-de-linteret-legal']),
  // 9 Dec 2015: only the deposit rate changed.
  row('2016-S1', 5, 454, 101, [BDF, ECB_TABLE], [TRESOR, 'https://onb-france.com/actualites/taux-de-linteret-legal-2016']),
  // MRO 0.00 % since 16 Mar 2016.
  row('2016-S2', 0, 435, 93, [BDF, ECB_TABLE], [TRESOR]),
  row('2017-S1', 0, 416, 90, [BDF, ECB_TABLE], [TRESOR]),
  row('2017-S2', 0, 394, 90, [BDF, ECB_TABLE], [TRESOR, 'https://efl.fr/actualite/taux-interet-legal-1er-juillet_R-082130ea-8e4f-465b-900d-e4ce13565593']),
  row('2018-S1', 0, 373, 89, [BDF, ECB_TABLE], [TRESOR], 'Taux « autres cas » : 0,89 % selon le Trésor (une source secondaire indique 0,88 %) ; le Trésor est retenu.'),
  row('2018-S2', 0, 360, 88, [BDF, ECB_TABLE], [TRESOR, 'https://veegee.fr/finances-et-economie/255-bvg-banque/81217-taux-de-linteret-legal-2nd-semestre-2018.html']),
  row('2019-S1', 0, 340, 86, [BDF, ECB_TABLE], [TRESOR], 'Taux « autres cas » : 0,86 % selon le Trésor (une source secondaire imprime 0,76 %, coquille).'),
  // 18 Sep 2019: only the deposit rate changed.
  row('2019-S2', 0, 326, 87, [BDF, ECB_TABLE], [TRESOR]),
  row('2020-S1', 0, 315, 87, [BDF, ECB_TABLE], [TRESOR]),
  row('2020-S2', 0, 311, 84, [BDF, ECB_TABLE], ['https://www.cabinet-cec.fr/taux-de-linteret-legal-pour-le-second-semestre-2020/']),
  row('2021-S1', 0, 314, 79, [BDF, ECB_TABLE], [DANDREL]),
  row('2021-S2', 0, 312, 76, [BDF, ECB_TABLE], [DANDREL]),
  row('2022-S1', 0, 313, 76, [BDF, ECB_TABLE], ['https://droit-pratique.fr/baremes-et-taux/bien-s-assurer/taux-de-l-interet-legal', INFONET]),
  row('2022-S2', 0, 315, 77, [BDF, ECB_TABLE], [NOTAIRES], 'La hausse du taux BCE du 27 juillet 2022 ne compte pas : seul le taux en vigueur au 1er juillet s’applique au semestre.'),
  // MRO 2.50 % since 21 Dec 2022.
  row('2023-S1', 250, 447, 206, [BDF, ECB_TABLE], [NOTAIRES]),
  // MRO 4.00 % since 21 Jun 2023.
  row('2023-S2', 400, 682, 422, [BDF, ECB_TABLE], [NOTAIRES]),
  // MRO 4.50 % since 20 Sep 2023.
  row('2024-S1', 450, 801, 507, [BDF, ECB_TABLE], [INFONET, 'https://medef.nc/chiffres-cles/taux-dinteret-legal'],
    'Trois fois le taux légal (15,21 %) dépasse le taux par défaut BCE + 10 points (14,50 %).'),
  // MRO 4.25 % since 12 Jun 2024.
  row('2024-S2', 425, 816, 492, [BDF, ECB_TABLE, BPI_PENALTIES], ['https://bpifrance-creation.fr/entrepreneur/actualites/taux-linteret-legal-deuxieme-semestre-2024'],
    'Trois fois le taux légal (14,76 %) dépasse le taux par défaut BCE + 10 points (14,25 %).'),
  // MRO 3.15 % since 18 Dec 2024.
  row('2025-S1', 315, 721, 371, [BDF, ...DEC_2024_CUT], [CNA2C]),
  // MRO 2.15 % since 11 Jun 2025.
  row('2025-S2', 215, 665, 276, JUN_2025_CUT, [CNA2C, VOTREXPERT]),
  // MRO 2.15 % unchanged at the 18 Dec 2025 meeting; legal rates: arrêté du 15 décembre 2025, JORF n° 0302 du 26 décembre 2025.
  row('2026-S1', 215, 667, 262, [...JUN_2025_CUT, ...DEC_2025_HOLD], ['https://juriblio.fr/arretes/arrete-du-15-decembre-2025/187383136']),
  {
    semester: '2026-S2',
    ecbMroBp: null,
    legalConsumerCreditorBp: null,
    legalOtherBp: null,
    sources: [...FEB_2026_HOLD, TRESOR],
    unconfirmed: true,
    note:
      'Non confirmé : le taux BCE en vigueur au 1er juillet 2026 (2,15 % au 5 février 2026, réunions suivantes non vérifiées) ' +
      'et l’arrêté fixant le taux de l’intérêt légal du 2e semestre 2026 (publié d’ordinaire fin juin) restent à vérifier. ' +
      'Ajoutez les taux dans Paramètres dès leur publication.',
  },
]);

// ---------------------------------------------------------------------------------------------
// Semesters
// ---------------------------------------------------------------------------------------------

const SEMESTER = /^(\d{4})-S([12])$/;

export function isSemester(value: unknown): value is Semester {
  return typeof value === 'string' && SEMESTER.test(value);
}

function semesterParts(s: Semester): { year: number; half: 1 | 2 } {
  const m = SEMESTER.exec(s);
  if (!m) throw new RangeError(`Not a semester (YYYY-S1 or YYYY-S2): ${s}`);
  return { year: Number(m[1]), half: m[2] === '1' ? 1 : 2 };
}

/** A number that orders semesters: consecutive semesters differ by 1. */
export function semesterIndex(s: Semester): number {
  const { year, half } = semesterParts(s);
  return year * 2 + (half - 1);
}

export function compareSemesters(a: Semester, b: Semester): number {
  return semesterIndex(a) - semesterIndex(b);
}

export function semesterOf(date: IsoDate): Semester {
  const { year, month } = parts(date);
  return `${year}-S${month <= 6 ? 1 : 2}`;
}

export function semesterStart(s: Semester): IsoDate {
  const { year, half } = semesterParts(s);
  return `${String(year).padStart(4, '0')}-${half === 1 ? '01' : '07'}-01` as IsoDate;
}

export function semesterEnd(s: Semester): IsoDate {
  const { year, half } = semesterParts(s);
  return `${String(year).padStart(4, '0')}-${half === 1 ? '06-30' : '12-31'}` as IsoDate;
}

export function nextSemester(s: Semester): Semester {
  return semesterOf(addDays(semesterEnd(s), 1));
}

/** "1er semestre 2026", "2e semestre 2026". */
export function formatSemesterFr(s: Semester): string {
  const { year, half } = semesterParts(s);
  return `${half === 1 ? '1er' : '2e'} semestre ${year}`;
}

// ---------------------------------------------------------------------------------------------
// Merging and looking up
// ---------------------------------------------------------------------------------------------

/**
 * The table the engine uses: built-in rows, with each user row (entered in Paramètres) replacing
 * the built-in row of the same semester as a whole — the row the user typed is the row used, its
 * `unconfirmed` flag included. User rows for semesters the built-in table lacks are added; among
 * several user rows for one semester the last wins. Sorted by semester.
 */
export function mergeRates(builtIn: readonly SemesterRates[], userRows: readonly SemesterRates[]): SemesterRates[] {
  const bySemester = new Map<Semester, SemesterRates>();
  for (const r of [...builtIn, ...userRows]) {
    if (!isSemester(r.semester)) throw new RangeError(`Not a semester (YYYY-S1 or YYYY-S2): ${String(r.semester)}`);
    bySemester.set(r.semester, r);
  }
  return [...bySemester.values()].sort((a, b) => compareSemesters(a.semester, b.semester));
}

/** A row found by `lookupRates`; `fallback` is true when it belongs to an earlier semester than the one asked for. */
export type RateLookup = SemesterRates & { fallback: boolean };

/**
 * The rates for `semester`: its own row when it is known, else the latest earlier known row,
 * flagged `fallback: true`. "Known" means `field` is not null (by default: all three rates are
 * set). Null when no known row exists at or before `semester`.
 */
export function lookupRates(table: readonly SemesterRates[], semester: Semester, field?: RateField): RateLookup | null {
  const target = semesterIndex(semester);
  const known = (r: SemesterRates): boolean =>
    field ? r[field] !== null : r.ecbMroBp !== null && r.legalConsumerCreditorBp !== null && r.legalOtherBp !== null;
  let best: SemesterRates | null = null;
  for (const r of table) {
    const index = semesterIndex(r.semester);
    if (index > target || !known(r)) continue;
    if (best === null || index > semesterIndex(best.semester)) best = r;
  }
  return best === null ? null : { ...best, fallback: best.semester !== semester };
}

/** 1215 → "12,15 %" (no-break space before the sign, as formatEuros writes "€"). Exact: string arithmetic. */
export function formatRateBp(bp: number): string {
  if (!Number.isSafeInteger(bp)) throw new RangeError(`Not a whole number of basis points: ${bp}`);
  const abs = Math.abs(bp);
  return `${bp < 0 ? '-' : ''}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}\u00a0%`;
}
