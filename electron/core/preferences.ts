// Preferences outside Electron (browser mode, CLI, tests): conf, the library electron-store is
// built on, with the same schema and file as the desktop app's electron-store.
import Conf from 'conf';
import {
  DEFAULT_PREFERENCES,
  PREFERENCES_JSON_SCHEMA,
  readBackupSettings,
  readSmtpSettings,
  type Preferences,
  type PreferencesPatch,
} from '../../shared/preferences.js';

/** What the core may change: the window's patch, plus the date of the last automatic backup. */
export type CorePreferencesPatch = PreferencesPatch & { backup?: { lastAutomaticAt?: string | null } };

export interface PreferencesStore {
  get(): Preferences;
  set(patch: CorePreferencesPatch): Preferences;
}

export const PREFERENCES_FILE = 'preferences'; // preferences.json in the app-data folder

/** Wraps any electron-store/conf-like store into the core's interface. */
export function preferencesFrom(store: {
  get<K extends keyof Preferences>(key: K): Preferences[K];
  set<K extends keyof Preferences>(key: K, value: Preferences[K]): void;
}): PreferencesStore {
  const read = (): Preferences => ({
    window: { ...DEFAULT_PREFERENCES.window, ...store.get('window') },
    display: { ...DEFAULT_PREFERENCES.display, ...store.get('display') },
    lastFolder: store.get('lastFolder') ?? null,
    smtp: readSmtpSettings(store.get('smtp')),
    backup: readBackupSettings(store.get('backup')),
  });
  return {
    get: read,
    set(patch) {
      if (patch.display) store.set('display', { ...read().display, ...patch.display });
      if (patch.lastFolder !== undefined) store.set('lastFolder', patch.lastFolder);
      if (patch.smtp) {
        const current = read().smtp;
        const next = readSmtpSettings({ ...patch.smtp, password: patch.smtp.password || (patch.smtp.user ? current.password : '') });
        store.set('smtp', next);
      }
      if (patch.backup) {
        const current = read().backup;
        const { folder, encrypt, lastAutomaticAt } = patch.backup;
        const next = readBackupSettings({
          folder: folder === undefined ? current.folder : folder,
          encrypt: encrypt ?? current.encrypt,
          lastAutomaticAt: lastAutomaticAt === undefined ? current.lastAutomaticAt : lastAutomaticAt,
        });
        // Another folder (another USB key): the next hourly check backs up to it at once.
        if (lastAutomaticAt === undefined && next.folder !== current.folder) next.lastAutomaticAt = null;
        store.set('backup', next);
      }
      return read();
    },
  };
}

/** Preferences as the window sees them: the SMTP password never leaves the core. */
export function preferencesForWindow(prefs: Preferences): Preferences & { smtpHasPassword: boolean } {
  return { ...prefs, smtp: { ...prefs.smtp, password: '' }, smtpHasPassword: prefs.smtp.password !== '' };
}

export function nodePreferences(dir: string): PreferencesStore {
  const conf = new Conf<Preferences>({
    projectName: 'recouvra',
    cwd: dir,
    configName: PREFERENCES_FILE,
    schema: PREFERENCES_JSON_SCHEMA as never,
    defaults: DEFAULT_PREFERENCES,
  });
  return preferencesFrom(conf);
}
