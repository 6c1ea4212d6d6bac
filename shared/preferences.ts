// User preferences (window, display, last folder, outgoing mail server, backups): not business data, so
// they live outside the database, in electron-store (desktop) or conf (Node), both reading this
// one schema.
import { z } from 'zod';

// ---------------------------------------------------------------------------------------------
// Outgoing mail (SMTP), Paramètres → Courriels.
//
// The password is stored here, in the per-machine preferences file (preferences.json in the
// application folder), in clear like the rest of that file: NOT in the books, so a backup or a
// copy of the SQLite file never carries it, and another machine opening the same books has to
// be configured on its own. When `enabled` is false (the default) nothing is sent: every e-mail
// is handed out as a ready .eml to open in the user's mail program.

export const SMTP_SECURITIES = ['starttls', 'tls', 'none'] as const;
/** starttls: plain connection upgraded (port 587); tls: encrypted from the start (port 465); none: never encrypted. */
export type SmtpSecurity = (typeof SMTP_SECURITIES)[number];
export const SMTP_SECURITY_LABELS: Record<SmtpSecurity, string> = {
  starttls: 'STARTTLS (port 587)',
  tls: 'SSL/TLS (port 465)',
  none: 'Aucune (déconseillé)',
};

export interface SmtpSettings {
  enabled: boolean;
  host: string;
  port: number;
  security: SmtpSecurity;
  /** Empty: no authentication. */
  user: string;
  password: string;
  fromName: string;
  fromAddress: string;
}

export const DEFAULT_SMTP_SETTINGS: SmtpSettings = {
  enabled: false,
  host: '',
  port: 587,
  security: 'starttls',
  user: '',
  password: '',
  fromName: '',
  fromAddress: '',
};

const HOST_PATTERN = /^[A-Za-z0-9]([A-Za-z0-9-]{0,62}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*$|^\[?[0-9a-fA-F:.]+\]?$/;

/**
 * The SMTP section as the Paramètres form saves it. Every field has a default, so an older
 * preferences file (no smtp section, or one missing a field) still loads. A server that is
 * enabled must name its host and sender address.
 */
export const smtpSettingsSchema = z
  .object({
    enabled: z.boolean({ error: 'Envoi par SMTP : oui ou non.' }).default(DEFAULT_SMTP_SETTINGS.enabled),
    host: z
      .string({ error: 'Serveur SMTP : texte attendu.' })
      .trim()
      .max(253, { error: 'Serveur SMTP : 253 caractères au plus.' })
      .refine((v) => v === '' || HOST_PATTERN.test(v), { error: 'Serveur SMTP : un nom d’hôte (smtp.exemple.fr) ou une adresse IP, sans « smtp:// ».' })
      .default(DEFAULT_SMTP_SETTINGS.host),
    port: z.coerce
      .number({ error: 'Port : un nombre entre 1 et 65535.' })
      .int({ error: 'Port : un nombre entier entre 1 et 65535.' })
      .min(1, { error: 'Port : un nombre entre 1 et 65535.' })
      .max(65535, { error: 'Port : un nombre entre 1 et 65535.' })
      .default(DEFAULT_SMTP_SETTINGS.port),
    security: z
      .enum(SMTP_SECURITIES, { error: 'Sécurité : STARTTLS, SSL/TLS ou aucune.' })
      .default(DEFAULT_SMTP_SETTINGS.security),
    user: z.string({ error: 'Identifiant : texte attendu.' }).trim().max(320, { error: 'Identifiant : 320 caractères au plus.' }).default(''),
    password: z.string({ error: 'Mot de passe : texte attendu.' }).max(1024, { error: 'Mot de passe : 1024 caractères au plus.' }).default(''),
    fromName: z
      .string({ error: 'Nom de l’expéditeur : texte attendu.' })
      .trim()
      .max(200, { error: 'Nom de l’expéditeur : 200 caractères au plus.' })
      .refine((v) => !/[\r\n]/.test(v), { error: 'Nom de l’expéditeur : une seule ligne.' })
      .default(''),
    fromAddress: z
      .string({ error: 'Adresse de l’expéditeur : texte attendu.' })
      .trim()
      .refine((v) => v === '' || z.email().safeParse(v).success, { error: 'Adresse de l’expéditeur : une adresse e-mail valide (nom@domaine.fr).' })
      .default(''),
  })
  .superRefine((value, ctx) => {
    if (!value.enabled) return;
    if (value.host === '') ctx.addIssue({ code: 'custom', path: ['host'], message: 'Serveur SMTP : obligatoire pour envoyer les courriels.' });
    if (value.fromAddress === '') {
      ctx.addIssue({ code: 'custom', path: ['fromAddress'], message: 'Adresse de l’expéditeur : obligatoire pour envoyer les courriels.' });
    }
    if (value.user === '' && value.password !== '') ctx.addIssue({ code: 'custom', path: ['user'], message: 'Identifiant : obligatoire avec un mot de passe.' });
  });
export type SmtpSettingsInput = z.input<typeof smtpSettingsSchema>;

/** Reads whatever the preferences file holds (older file, hand edit) into complete settings. */
export function readSmtpSettings(stored: unknown): SmtpSettings {
  const base = typeof stored === 'object' && stored !== null ? stored : {};
  const parsed = smtpSettingsSchema.safeParse(base);
  if (parsed.success) return parsed.data;
  // A stored value that no longer passes (e.g. enabled without a host): keep it switched off.
  const loose = smtpSettingsSchema.safeParse({ ...base, enabled: false });
  return loose.success ? loose.data : { ...DEFAULT_SMTP_SETTINGS };
}

// ---------------------------------------------------------------------------------------------
// Backups, Paramètres → Sauvegardes.
//
// Per machine, like SMTP: the folder is where this computer's USB key or synced folder is
// mounted. The passphrase of encrypted backups is NEVER stored: it is asked when a backup is
// made or restored, and the app keeps it in memory for the session only.

export interface BackupSettings {
  /** Absolute path of the folder automatic backups go to; null: no automatic backups. */
  folder: string | null;
  /** Encrypt automatic backups (AES-256-GCM, passphrase asked once per session). */
  encrypt: boolean;
  /** UTC ISO timestamp of the last automatic backup written (set by the core, not the window). */
  lastAutomaticAt: string | null;
}

export const DEFAULT_BACKUP_SETTINGS: BackupSettings = { folder: null, encrypt: false, lastAutomaticAt: null };

/** /home/…, C:\… or C:/…, \\server\share (UNC). */
const ABSOLUTE_PATH = /^(\/|[A-Za-z]:[\\/]|\\\\[^\\])/;

const backupFolderSchema = z
  .string({ error: 'Dossier de sauvegarde : texte attendu.' })
  .trim()
  .max(4096, { error: 'Dossier de sauvegarde : 4096 caractères au plus.' })
  .nullable()
  .transform((v) => (v === '' ? null : v))
  .refine((v) => v === null || ABSOLUTE_PATH.test(v), {
    error: 'Dossier de sauvegarde : un chemin complet (par exemple /media/cle-usb/Recouvra ou E:\\Sauvegardes).',
  });

export const backupSettingsSchema = z.object({
  folder: backupFolderSchema.default(DEFAULT_BACKUP_SETTINGS.folder),
  encrypt: z.boolean({ error: 'Chiffrer les sauvegardes : oui ou non.' }).default(DEFAULT_BACKUP_SETTINGS.encrypt),
  lastAutomaticAt: z.iso.datetime({ error: 'Dernière sauvegarde automatique : date ISO attendue.' }).nullable().default(DEFAULT_BACKUP_SETTINGS.lastAutomaticAt),
});

/** What the Paramètres form may change (the date of the last automatic backup is the core's). */
export const backupPatchSchema = z.object({
  folder: backupFolderSchema.optional(),
  encrypt: z.boolean({ error: 'Chiffrer les sauvegardes : oui ou non.' }).optional(),
});

/** Reads whatever the preferences file holds (older file, hand edit) into complete settings. */
export function readBackupSettings(stored: unknown): BackupSettings {
  const base = (typeof stored === 'object' && stored !== null ? stored : {}) as Record<string, unknown>;
  const parsed = backupSettingsSchema.safeParse(base);
  if (parsed.success) return parsed.data;
  // Keep each field that still passes on its own.
  const field = <K extends keyof BackupSettings>(key: K): BackupSettings[K] => {
    const one = backupSettingsSchema.shape[key].safeParse(base[key]);
    return one.success ? (one.data as BackupSettings[K]) : DEFAULT_BACKUP_SETTINGS[key];
  };
  return { folder: field('folder'), encrypt: field('encrypt'), lastAutomaticAt: field('lastAutomaticAt') };
}

// ---------------------------------------------------------------------------------------------

export interface Preferences {
  window: { width: number; height: number; x: number | null; y: number | null; maximized: boolean };
  display: { density: 'comfortable' | 'compact' };
  lastFolder: string | null;
  /** Outgoing mail server (per machine: not in the books, so backups never carry the password). */
  smtp: SmtpSettings;
  /** Automatic backups (per machine: the folder is this computer's; no passphrase stored). */
  backup: BackupSettings;
}

export const DEFAULT_PREFERENCES: Preferences = {
  window: { width: 1280, height: 820, x: null, y: null, maximized: false },
  display: { density: 'comfortable' },
  lastFolder: null,
  smtp: DEFAULT_SMTP_SETTINGS,
  backup: DEFAULT_BACKUP_SETTINGS,
};

/** JSON Schema handed to electron-store / conf, which validate every write with it. */
export const PREFERENCES_JSON_SCHEMA = {
  window: {
    type: 'object',
    properties: {
      width: { type: 'integer', minimum: 400 },
      height: { type: 'integer', minimum: 300 },
      x: { type: ['integer', 'null'] },
      y: { type: ['integer', 'null'] },
      maximized: { type: 'boolean' },
    },
    default: DEFAULT_PREFERENCES.window,
  },
  display: {
    type: 'object',
    properties: { density: { enum: ['comfortable', 'compact'] } },
    default: DEFAULT_PREFERENCES.display,
  },
  lastFolder: { type: ['string', 'null'], default: null },
  smtp: {
    type: 'object',
    properties: {
      enabled: { type: 'boolean', default: DEFAULT_SMTP_SETTINGS.enabled },
      host: { type: 'string', maxLength: 253, default: DEFAULT_SMTP_SETTINGS.host },
      port: { type: 'integer', minimum: 1, maximum: 65535, default: DEFAULT_SMTP_SETTINGS.port },
      security: { enum: [...SMTP_SECURITIES], default: DEFAULT_SMTP_SETTINGS.security },
      user: { type: 'string', maxLength: 320, default: DEFAULT_SMTP_SETTINGS.user },
      password: { type: 'string', maxLength: 1024, default: DEFAULT_SMTP_SETTINGS.password },
      fromName: { type: 'string', maxLength: 200, default: DEFAULT_SMTP_SETTINGS.fromName },
      fromAddress: { type: 'string', maxLength: 320, default: DEFAULT_SMTP_SETTINGS.fromAddress },
    },
    default: DEFAULT_SMTP_SETTINGS,
  },
  backup: {
    type: 'object',
    properties: {
      folder: { type: ['string', 'null'], maxLength: 4096, default: DEFAULT_BACKUP_SETTINGS.folder },
      encrypt: { type: 'boolean', default: DEFAULT_BACKUP_SETTINGS.encrypt },
      lastAutomaticAt: { type: ['string', 'null'], maxLength: 64, default: DEFAULT_BACKUP_SETTINGS.lastAutomaticAt },
    },
    default: DEFAULT_BACKUP_SETTINGS,
  },
} as const;

/** What the renderer may change through the channel (the window is the shell's business). */
export const preferencesPatchSchema = z.object({
  display: z.object({ density: z.enum(['comfortable', 'compact'], { error: 'Densité : confortable ou compacte.' }) }).optional(),
  lastFolder: z.string().max(4096).nullable().optional(),
  /** An empty password keeps the one stored (the password is never sent back to the window). */
  smtp: smtpSettingsSchema.optional(),
  /** Folder and encryption of automatic backups (never a passphrase). */
  backup: backupPatchSchema.optional(),
});
export type PreferencesPatch = z.input<typeof preferencesPatchSchema>;
