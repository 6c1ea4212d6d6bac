// Input schemas of the import channels beyond Recouvra's own CSV files: a mapped CSV from another
// tool (with saved presets), and files from accounting (FEC) or e-invoices.
import { z } from 'zod';
import { MAPPED_FIELDS } from './domain/csv-mapping.js';
import './schemas.js'; // French zod locale

const fileName = z.string().trim().min(1).max(200);
const MiB = 1024 * 1024;
const mo = (bytes: number) => `${(bytes / MiB).toFixed(1).replace('.', ',')} Mo`;
/** A CSV file's text: 200 Mo at most, refused naming the file (twice that stops absurd payloads at once). */
const TEXT_MAX_CHARS = 200 * MiB;
const text = z.string().max(2 * TEXT_MAX_CHARS, `Fichier trop volumineux (${TEXT_MAX_CHARS / MiB} Mo au plus).`);
const textWithin = (f: { fileName: string; text: string }, ctx: z.RefinementCtx) => {
  if (f.text.length > TEXT_MAX_CHARS) ctx.addIssue({ code: 'custom', path: ['text'], message: `« ${f.fileName} » : fichier de ${mo(f.text.length)}, ${TEXT_MAX_CHARS / MiB} Mo au plus.` });
};
export const mappingSchema = z.partialRecord(z.enum(MAPPED_FIELDS), z.string().max(200).nullable());

export const csvSampleSchema = z.object({ fileName, text }).superRefine(textWithin);
export const mappedImportSchema = z.object({ fileName, text, mapping: mappingSchema }).superRefine(textWithin);
export const presetSaveSchema = z.object({ name: z.string().trim().min(1, 'Nom du modèle : obligatoire.').max(60, 'Nom du modèle : 60 caractères au plus.'), mapping: mappingSchema });
export const presetDeleteSchema = z.object({ name: z.string().trim().min(1).max(60) });

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** The ZIP of a full export: 300 Mo at most (400 Mo in base64); its content is capped when unzipped (full-export.ts). */
export const FULL_EXPORT_MAX_ZIP_BYTES = 300 * MiB;
export const fullImportSchema = z.object({
  base64: z.string().max((FULL_EXPORT_MAX_ZIP_BYTES / 3) * 4, `Exportation complète trop volumineuse (${FULL_EXPORT_MAX_ZIP_BYTES / MiB} Mo au plus).`).regex(BASE64, 'Fichier illisible.'),
});
export const privacyEraseSchema = z.object({ id: z.int().positive(), mode: z.enum(['anonymise', 'erase'], { error: 'Anonymiser ou effacer.' }) });
export const inactiveSchema = z.object({ years: z.int().min(1, 'Durée : 1 an au moins.').max(10, 'Durée : 10 ans au plus.').optional() });

const passphrase = z.string().min(8, 'Phrase de passe : 8 caractères au moins.').max(200);
export const backupNowSchema = z.object({ passphrase: passphrase.optional() });
export const sessionPassphraseSchema = z.object({ passphrase });
export const restoreSchema = z.object({ path: z.string().trim().min(1, 'Fichier de sauvegarde : indiquez son chemin.').max(4096), passphrase: passphrase.optional() });

/**
 * A file sent in base64, `maxBytes` at most once decoded: refused naming the file; one and a
 * half times its base64 length stops absurd payloads before the base64 is even read.
 */
function base64File(maxBytes: number) {
  return z
    .object({ fileName, base64: z.string().max(Math.ceil(maxBytes / 3) * 6, `Fichier trop volumineux (${maxBytes / MiB} Mo au plus).`).regex(BASE64, 'Fichier illisible.') })
    .superRefine((f, ctx) => {
      const bytes = Math.floor((f.base64.length * 3) / 4);
      if (bytes > maxBytes) ctx.addIssue({ code: 'custom', path: ['base64'], message: `« ${f.fileName} » : fichier de ${mo(bytes)}, ${maxBytes / MiB} Mo au plus.` });
    });
}

/** E-invoices: 20 Mo each (readEInvoice says so naming the file), 300 Mo in all (the files are decoded together). */
const EINVOICES_MAX_BASE64 = 400 * MiB;
export const binaryFilesSchema = z.object({
  files: z
    .array(z.object({ fileName, base64: z.string().max(64 * MiB, 'Fichier trop volumineux (20 Mo au plus).').regex(BASE64, 'Fichier illisible.') }))
    .min(1, 'Choisissez au moins un fichier.')
    .max(500, '500 fichiers au plus par import.')
    .refine((files) => files.reduce((sum, f) => sum + f.base64.length, 0) <= EINVOICES_MAX_BASE64, {
      error: `Ces fichiers font plus de ${(EINVOICES_MAX_BASE64 * 3) / 4 / MiB} Mo en tout : importez-les en plusieurs fois.`,
    }),
});
/** A FEC: 200 Mo at most (a million lines). */
export const fecSchema = base64File(200 * MiB);
