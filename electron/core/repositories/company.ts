// The user's own company: one row, saved whole, journaled.
import type { AddressLines } from '../../../shared/domain/address.js';
import type { Company } from '../../../shared/domain/company.js';
import type { CompanyData } from '../../../shared/schemas.js';
import type { Db } from '../db/connection.js';
import type { Clock } from '../clock.js';
import type { AuditRepository } from './audit.js';

interface CompanyRow {
  name: string;
  legal_form: string | null;
  siren: string | null;
  vat_number: string | null;
  rcs_city: string | null;
  address_1: string;
  address_2: string;
  address_3: string;
  address_4: string;
  address_5: string;
  address_6: string;
  representative: string | null;
  email: string | null;
  phone: string | null;
  iban: string | null;
  bic: string | null;
  logo_mime: 'image/png' | 'image/jpeg' | null;
  logo: Buffer | null;
  signatory_name: string | null;
  signatory_title: string | null;
  payment_terms_days: number;
  person_kind: 'legal' | 'natural';
  first_names: string | null;
  last_name: string | null;
  profession: string | null;
  nationality: string | null;
  birth_date: string | null;
  birth_place: string | null;
  updated_at: string;
}

function toCompany(r: CompanyRow): Company {
  return {
    name: r.name,
    legalForm: r.legal_form,
    siren: r.siren,
    vatNumber: r.vat_number,
    rcsCity: r.rcs_city,
    address: [r.address_1, r.address_2, r.address_3, r.address_4, r.address_5, r.address_6] as AddressLines,
    representative: r.representative,
    email: r.email,
    phone: r.phone,
    iban: r.iban,
    bic: r.bic,
    logo: r.logo && r.logo_mime ? { mimeType: r.logo_mime, base64: r.logo.toString('base64') } : null,
    signatoryName: r.signatory_name,
    signatoryTitle: r.signatory_title,
    paymentTermsDays: r.payment_terms_days,
    person: {
      kind: r.person_kind,
      firstNames: r.first_names,
      lastName: r.last_name,
      profession: r.profession,
      nationality: r.nationality,
      birthDate: r.birth_date,
      birthPlace: r.birth_place,
    },
    updatedAt: r.updated_at,
  };
}

/** The journal keeps the logo's size, not its bytes. */
function forJournal(c: Company | null) {
  if (!c) return null;
  return { ...c, logo: c.logo ? { mimeType: c.logo.mimeType, bytes: Math.floor((c.logo.base64.length * 3) / 4) } : null };
}

export function companyRepository(db: Db, clock: Clock, audit: AuditRepository) {
  const select = db.prepare('SELECT * FROM company WHERE id = 1');
  const upsert = db.prepare(`
    INSERT INTO company (id, name, legal_form, siren, vat_number, rcs_city, address_1, address_2, address_3, address_4,
      address_5, address_6, representative, email, phone, iban, bic, logo_mime, logo, signatory_name, signatory_title,
      payment_terms_days, person_kind, first_names, last_name, profession, nationality, birth_date, birth_place, updated_at)
    VALUES (1, @name, @legalForm, @siren, @vatNumber, @rcsCity, @a1, @a2, @a3, @a4, @a5, @a6, @representative, @email,
      @phone, @iban, @bic, @logoMime, @logo, @signatoryName, @signatoryTitle, @paymentTermsDays,
      @personKind, @firstNames, @lastName, @profession, @nationality, @birthDate, @birthPlace, @now)
    ON CONFLICT (id) DO UPDATE SET name = excluded.name, legal_form = excluded.legal_form, siren = excluded.siren,
      vat_number = excluded.vat_number, rcs_city = excluded.rcs_city, address_1 = excluded.address_1,
      address_2 = excluded.address_2, address_3 = excluded.address_3, address_4 = excluded.address_4,
      address_5 = excluded.address_5, address_6 = excluded.address_6, representative = excluded.representative,
      email = excluded.email, phone = excluded.phone, iban = excluded.iban, bic = excluded.bic,
      logo_mime = excluded.logo_mime, logo = excluded.logo, signatory_name = excluded.signatory_name,
      signatory_title = excluded.signatory_title, payment_terms_days = excluded.payment_terms_days,
      person_kind = excluded.person_kind, first_names = excluded.first_names, last_name = excluded.last_name,
      profession = excluded.profession, nationality = excluded.nationality, birth_date = excluded.birth_date,
      birth_place = excluded.birth_place, updated_at = excluded.updated_at`);

  function get(): Company | null {
    const row = select.get() as CompanyRow | undefined;
    return row ? toCompany(row) : null;
  }

  return {
    get,
    save: db.transaction((c: CompanyData): Company => {
      const before = get();
      const [a1, a2, a3, a4, a5, a6] = c.address;
      upsert.run({
        name: c.name,
        legalForm: c.legalForm,
        siren: c.siren,
        vatNumber: c.vatNumber,
        rcsCity: c.rcsCity,
        a1, a2, a3, a4, a5, a6,
        representative: c.representative,
        email: c.email,
        phone: c.phone,
        iban: c.iban,
        bic: c.bic,
        logoMime: c.logo?.mimeType ?? null,
        logo: c.logo ? Buffer.from(c.logo.base64, 'base64') : null,
        signatoryName: c.signatoryName,
        signatoryTitle: c.signatoryTitle,
        paymentTermsDays: c.paymentTermsDays,
        personKind: c.person.kind,
        firstNames: c.person.firstNames,
        lastName: c.person.lastName,
        profession: c.person.profession,
        nationality: c.person.nationality,
        birthDate: c.person.birthDate,
        birthPlace: c.person.birthPlace,
        now: clock.now(),
      });
      const after = get() as Company;
      audit.append({
        entity: 'company',
        entityId: 1,
        action: before ? 'update' : 'create',
        summary: before ? 'Coordonnées de l’entreprise modifiées' : 'Entreprise enregistrée',
        before: forJournal(before),
        after: forJournal(after),
      });
      return after;
    }),
  };
}

export type CompanyRepository = ReturnType<typeof companyRepository>;
