// Input schemas of the import channels beyond Recouvra's own CSV files: a mapped CSV from another
// tool (with saved presets), and files from accounting (FEC) or e-invoices.
import { z } from 'zod';
import { MAPPED_FIELDS } from './domain/csv-mapping.js';
import './schemas.js'; // French zod locale

const fileName = z.string().trim().min(1).max(200);
const text = z.string().max(200 * 1024 * 1024, 'Fichier trop volumineux (200 Mo au plus).');
export const mappingSchema = z.partialRecord(z.enum(MAPPED_FIELDS), z.string().max(200).nullable());

export const csvSampleSchema = z.object({ fileName, text });
export const mappedImportSchema = z.object({ fileName, text, mapping: mappingSchema });
export const presetSaveSchema = z.object({ name: z.string().trim().min(1, 'Nom du modèle : obligatoire.').max(60, 'Nom du modèle : 60 caractères au plus.'), mapping: mappingSchema });
export const presetDeleteSchema = z.object({ name: z.string().trim().min(1).max(60) });

const base64 = z.string().max(400 * 1024 * 1024, 'Fichier trop volumineux.').regex(/^[A-Za-z0-9+/]*={0,2}$/, 'Fichier illisible.');
export const fullImportSchema = z.object({ base64 });
export const privacyEraseSchema = z.object({ id: z.int().positive(), mode: z.enum(['anonymise', 'erase'], { error: 'Anonymiser ou effacer.' }) });
export const inactiveSchema = z.object({ years: z.int().min(1, 'Durée : 1 an au moins.').max(10, 'Durée : 10 ans au plus.').optional() });

const passphrase = z.string().min(8, 'Phrase de passe : 8 caractères au moins.').max(200);
export const backupNowSchema = z.object({ passphrase: passphrase.optional() });
export const sessionPassphraseSchema = z.object({ passphrase });
export const restoreSchema = z.object({ path: z.string().trim().min(1, 'Fichier de sauvegarde : indiquez son chemin.').max(4096), passphrase: passphrase.optional() });

export const binaryFilesSchema = z.object({
  files: z.array(z.object({ fileName, base64 })).min(1, 'Choisissez au moins un fichier.').max(500, '500 fichiers au plus par import.'),
});
export const fecSchema = z.object({ fileName, base64: z.string().max(300 * 1024 * 1024, 'Fichier trop volumineux.').regex(/^[A-Za-z0-9+/]*={0,2}$/, 'Fichier illisible.') });
