// Input schemas of the reminder channels: scenarios, today's queue and its actions, exclusions,
// factored/insured invoices. French messages naming the field.
import { z } from 'zod';
import { isAsOfDate, isIsoDate } from './domain/dates.js';
import { CHANNELS, STEP_CONTACT_ROLES, TONES } from './domain/scenarios.js';
import { paymentTermsSchema } from './schemas.js';

const asOfDate = (label: string) => z.string({ error: `${label} : obligatoire (JJ/MM/AAAA).` }).refine(isAsOfDate, { error: `${label} : date invalide (JJ/MM/AAAA, entre 1990 et 2099).` });
const isoDate = (label: string) => z.string({ error: `${label} : obligatoire (JJ/MM/AAAA).` }).refine(isIsoDate, { error: `${label} : date invalide (JJ/MM/AAAA).` });
const id = z.int().positive();
const grade = z.enum(['A', 'B', 'C', 'D'], { error: 'Note : A, B, C ou D.' });

export const scenarioStepSchema = z.object({
  offsetDays: z.int('Jour : un nombre entier de jours.').min(-60, 'Jour : 60 jours avant l’échéance au plus.').max(730, 'Jour : 730 jours après l’échéance au plus.'),
  channel: z.enum(CHANNELS, { error: 'Action : choisissez courriel, courrier, mise en demeure, appel ou SMS.' }),
  template: z.enum(['friendly_reminder', 'firm_reminder', 'formal_notice', 'statement'], { error: 'Modèle de courrier inconnu.' }).nullable(),
  tone: z.enum(TONES, { error: 'Ton : courtois, ferme ou formel.' }),
  contactRole: z.enum(STEP_CONTACT_ROLES, { error: 'Destinataire : comptabilité, opérationnel ou dirigeant.' }),
  needsValidation: z.boolean(),
});

export const scenarioSaveSchema = z.object({
  id: id.optional(),
  name: z.string().trim().min(1, 'Nom : obligatoire.').max(80, 'Nom : 80 caractères au plus.'),
  description: z.string().trim().max(500, 'Description : 500 caractères au plus.').default(''),
  forScores: z.array(grade).max(4).default([]),
  steps: z.array(scenarioStepSchema).min(1, 'Un scénario compte au moins une étape.').max(20, 'Vingt étapes au plus.'),
});

export const queueQuerySchema = z.object({
  asOf: asOfDate('Date').optional(),
  /** The first `limit` lines and held clients only (the counts stay those of the whole queue); all of them by default. */
  limit: z.int('Nombre de lignes : un nombre entier.').min(1, 'Nombre de lignes : 1 au moins.').max(1_000_000).optional(),
});

export const queueActionSchema = z.object({
  clientId: id,
  stepOffset: z.int(),
  asOf: asOfDate('Date').optional(),
  decision: z.enum(['do', 'skip']),
  note: z.string().trim().max(500, 'Note : 500 caractères au plus.').optional(),
  call: z
    .object({
      outcome: z.enum(['promise', 'dispute', 'call_back', 'unreachable', 'reached'], { error: 'Issue de l’appel : choisissez-en une.' }),
      promisedDate: isoDate('Date promise').optional(),
      disputeReason: z.string().trim().max(500, 'Motif : 500 caractères au plus.').optional(),
      callBackDate: isoDate('Date de rappel').optional(),
      note: z.string().trim().max(500, 'Note : 500 caractères au plus.').optional(),
    })
    .optional(),
});

export const queueLettersSchema = z.object({ asOf: asOfDate('Date').optional() });

export const clientScenarioSchema = z.object({ clientId: id, scenarioId: id.nullable() });

export const exclusionSchema = z
  .object({
    clientId: id.optional(),
    invoiceId: id.optional(),
    reason: z.string().trim().min(1, 'Motif : obligatoire.').max(300, 'Motif : 300 caractères au plus.'),
    untilDate: isoDate('Jusqu’au').nullable().optional(),
  })
  .refine((e) => (e.clientId === undefined) !== (e.invoiceId === undefined), { error: 'Excluez un client ou une facture.' });

export const financingSchema = z.object({ invoiceId: id, financing: z.enum(['factored', 'insured'], { error: 'Financement : affacturée ou assurée.' }).nullable() });

export const insurerDeclarationSchema = z.object({ invoiceId: id });

export const clientTermsSchema = z.object({ clientId: id, terms: paymentTermsSchema });

const planDebt = {
  clientId: id,
  invoiceIds: z.array(id).min(1, 'Choisissez au moins une facture.').max(500),
  includePenalties: z.boolean().default(false),
};
export const planDebtSchema = z.object(planDebt);
export const planCreateSchema = z.union([
  z.object({
    ...planDebt,
    note: z.string().trim().max(500, 'Note : 500 caractères au plus.').nullable().optional(),
    count: z.int('Nombre d’échéances : un nombre entier.').min(1, 'Nombre d’échéances : 1 au moins.').max(120, 'Nombre d’échéances : 120 au plus.'),
    firstDate: isoDate('Première échéance'),
    frequency: z.enum(['monthly', 'weekly', 'biweekly'], { error: 'Périodicité : mensuelle, hebdomadaire ou toutes les deux semaines.' }),
  }),
  z.object({
    ...planDebt,
    note: z.string().trim().max(500, 'Note : 500 caractères au plus.').nullable().optional(),
    instalments: z.array(z.object({ dueDate: z.string(), amountCents: z.int('Montant : en centimes entiers.') })).min(1, 'Au moins une échéance.').max(120, 'Cent vingt échéances au plus.'),
  }),
]);
export const planDateSchema = z.object({ id, date: isoDate('Date') });
