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
