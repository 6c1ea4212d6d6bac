// Test data builders: a valid client or company, with what the test cares about overridden.
import { LEGAL_PERSON, type Company } from '../../shared/domain/company.js';
import type { ClientInput, CompanyInput } from '../../shared/schemas.js';

export function aClient(overrides: Partial<ClientInput> = {}): ClientInput {
  return {
    kind: 'business',
    name: 'Boulangerie Dupont',
    legalForm: 'SARL',
    siren: '732829320',
    address: ['BOULANGERIE DUPONT', '', '', '12 rue de la Paix', '', '75002 PARIS'],
    contacts: [{ role: 'accounting', name: 'Claire Martin', email: 'compta@dupont.example', phone: '01 23 45 67 89' }],
    paymentTerms: { mode: 'net', days: 30 },
    tags: ['boulangerie'],
    ...overrides,
  };
}

export function aConsumer(overrides: Partial<ClientInput> = {}): ClientInput {
  return {
    kind: 'consumer',
    firstName: 'Jeanne',
    lastName: 'Lefèvre',
    address: ['MME JEANNE LEFEVRE', 'APPARTEMENT 12', '', '8 avenue Jean Jaurès', '', '69007 LYON'],
    ...overrides,
  };
}

export function aCompany(overrides: Partial<CompanyInput> = {}): CompanyInput {
  return {
    name: 'Atelier Martin',
    legalForm: 'SAS',
    siren: '552100554',
    vatNumber: 'FR96552100554',
    address: ['ATELIER MARTIN', '', '', '3 rue des Lilas', '', '69002 LYON'],
    iban: 'FR76 3000 6000 0112 3456 7890 189',
    bic: 'AGRIFRPP',
    signatoryName: 'Paul Martin',
    signatoryTitle: 'Président',
    paymentTermsDays: 30,
    ...overrides,
  };
}

/** The user's company as stored (what letters and reports print), for tests of pure renderers. */
export function aCompanyRecord(overrides: Partial<Company> = {}): Company {
  return {
    name: 'Atelier Martin',
    legalForm: 'SAS',
    siren: '552100554',
    vatNumber: 'FR96552100554',
    rcsCity: 'Lyon',
    address: ['ATELIER MARTIN', '', '', '3 rue des Lilas', '', '69002 LYON'],
    representative: 'Paul Martin',
    email: 'compta@atelier-martin.example',
    phone: '04 72 00 00 00',
    iban: 'FR7630006000011234567890189',
    bic: 'AGRIFRPP',
    logo: null,
    signatoryName: 'Paul Martin',
    signatoryTitle: 'Président',
    paymentTermsDays: 30,
    person: LEGAL_PERSON,
    updatedAt: '2026-11-23T09:00:00Z',
    ...overrides,
  };
}
