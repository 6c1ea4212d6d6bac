// The desktop shell: one locked-down window on the bundled renderer, one IPC entry point to the
// core. Everything else lives in electron/core and runs unchanged in browser mode and the CLI.
import { app, BrowserWindow, dialog, ipcMain, net, protocol, session } from 'electron';
import Store from 'electron-store';
import { randomUUID } from 'node:crypto';
import { join, normalize, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEFAULT_PREFERENCES, PREFERENCES_JSON_SCHEMA, type Preferences } from '../shared/preferences.js';
import { createContext, type CoreContext } from './core/context.js';
import { latestGoodBackup, recoveryAdvice } from './core/backup/recovery.js';
import { restoreFrom } from './core/backup/restore.js';
import { DamagedBookError } from './core/errors.js';
import { startAutomaticBackups } from './core/backup/service.js';
import { acquireInstanceLock, type InstanceLock } from './core/db/instance-lock.js';
import { createDispatcher } from './core/dispatch.js';
import { appDataDir, resolveDbPath } from './core/paths.js';
import { PREFERENCES_FILE, preferencesFrom } from './core/preferences.js';
import { CONTENT_SECURITY_POLICY } from './web/server.js';

const SCHEME = 'app';
const RENDERER_DIR = fileURLToPath(new URL('../renderer/', import.meta.url));
const PRELOAD = fileURLToPath(new URL('./preload.cjs', import.meta.url));

protocol.registerSchemesAsPrivileged([{ scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
// The same folder as browser mode and the CLI use (see core/paths.ts).
app.setPath('userData', appDataDir());

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const store = new Store<Preferences>({
  name: PREFERENCES_FILE,
  schema: PREFERENCES_JSON_SCHEMA as never,
  defaults: DEFAULT_PREFERENCES,
});

let ctx: CoreContext | null = null;
/** This book is ours while the app runs (a second instance on it is refused; see instance-lock.ts). */
let instanceLock: InstanceLock | null = null;

function isAppUrl(url: string): boolean {
  return url.startsWith(`${SCHEME}://`);
}

/** PDFs shown in a viewer window, served from memory at app://recouvra/__pdf/<token>/<name> while the window is open. */
const viewerDocuments = new Map<string, Buffer>();
const VIEWER_PREFIX = '/__pdf/';
/** Chromium's built-in PDF viewer (an internal extension): allowed to load, nothing else is. */
const PDF_VIEWER_ORIGIN = 'chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/';
const MAX_PDF_BYTES = 300 * 1024 * 1024;

function serveRenderer() {
  protocol.handle(SCHEME, async (request) => {
    const { pathname } = new URL(request.url);
    if (pathname.startsWith(VIEWER_PREFIX)) {
      const pdf = viewerDocuments.get(pathname.slice(VIEWER_PREFIX.length).split('/')[0] ?? '');
      // No page CSP here: it would keep the PDF viewer from showing the document.
      return pdf ? new Response(new Uint8Array(pdf), { headers: { 'Content-Type': 'application/pdf', 'X-Content-Type-Options': 'nosniff' } }) : new Response('Not found', { status: 404 });
    }
    const file = normalize(join(RENDERER_DIR, decodeURIComponent(pathname === '/' ? '/index.html' : pathname)));
    if (!file.startsWith(RENDERER_DIR.endsWith(sep) ? RENDERER_DIR : RENDERER_DIR + sep)) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}

function lockDownSession() {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  // No remote content, ever: only the bundled renderer and inline data.
  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed =
      isAppUrl(details.url) || details.url.startsWith('data:') || details.url.startsWith('blob:') || details.url.startsWith('devtools:') || details.url.startsWith(PDF_VIEWER_ORIGIN);
    callback({ cancel: !allowed });
  });
}

function createWindow() {
  const prefs = store.get('window');
  const win = new BrowserWindow({
    width: prefs.width,
    height: prefs.height,
    ...(prefs.x !== null && prefs.y !== null ? { x: prefs.x, y: prefs.y } : {}),
    minWidth: 900,
    minHeight: 600,
    title: 'Recouvra',
    show: false,
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: true,
      // No middle-click "open in a new window" (new windows are refused anyway).
      disableBlinkFeatures: 'Auxclick',
    },
  });
  if (prefs.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  win.on('close', () => {
    const b = win.getNormalBounds();
    store.set('window', { width: b.width, height: b.height, x: b.x, y: b.y, maximized: win.isMaximized() });
  });
  void win.loadURL(`${SCHEME}://recouvra/index.html`);
}

/** Shows a PDF in a window of its own (read, print, save with the viewer's buttons). */
async function showPdf(parent: BrowserWindow | null, fileName: string, content: Buffer, print: boolean): Promise<void> {
  const token = randomUUID();
  viewerDocuments.set(token, content);
  const win = new BrowserWindow({
    ...(parent ? { parent } : {}),
    width: 900,
    height: 1000,
    title: fileName,
    webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false, plugins: true, disableBlinkFeatures: 'Auxclick' },
  });
  win.on('closed', () => viewerDocuments.delete(token));
  // Electron ≥ 32 prints the PDF itself from here (electron/electron#43309), not a blank page.
  if (print) win.webContents.once('did-finish-load', () => win.webContents.print({}, () => undefined));
  await win.loadURL(`${SCHEME}://recouvra${VIEWER_PREFIX}${token}/${encodeURIComponent(fileName)}`);
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

/**
 * Opens the book; when it is damaged, offers the latest good backup of the folder of Paramètres
 * (restored over it, the damaged file kept beside it) before giving up with the way back.
 */
async function openBookOrRecover(dbPath: string, nativeBinding: string | undefined): Promise<CoreContext | null> {
  const open = () => createContext({ dbPath, shell: 'electron', preferences: preferencesFrom(store), ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    return open();
  } catch (error) {
    if (!(error instanceof DamagedBookError)) {
      dialog.showErrorBox('Recouvra', error instanceof Error ? error.message : String(error));
      return null;
    }
    const candidate = await latestGoodBackup(preferencesFrom(store).get().backup.folder ?? null);
    const advice = recoveryAdvice(dbPath, candidate);
    if (!candidate || candidate.encrypted) {
      dialog.showErrorBox('Recouvra', `${error.message}\n\n${advice}`);
      return null;
    }
    const answer = await dialog.showMessageBox({
      type: 'warning',
      title: 'Recouvra',
      message: 'Le fichier de données est endommagé.',
      detail: `${advice}\n\nRestaurer maintenant cette sauvegarde ?`,
      buttons: ['Restaurer cette sauvegarde', 'Quitter'],
      defaultId: 0,
      cancelId: 1,
    });
    if (answer.response !== 0) return null;
    try {
      await restoreFrom(dbPath, candidate.path, nativeBinding ? { nativeBinding } : {});
      return open();
    } catch (restoreError) {
      dialog.showErrorBox('Recouvra', restoreError instanceof Error ? restoreError.message : String(restoreError));
      return null;
    }
  }
}

app.whenReady().then(async () => {
  serveRenderer();
  lockDownSession();
  const dbPath = resolveDbPath(argValue('--db'));
  // Not Electron's requestSingleInstanceLock(): that is one per user profile, and another book
  // in a second window (--db) is allowed. Taken before the file is opened: a refusal writes nothing.
  try {
    instanceLock = acquireInstanceLock(dbPath);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`Erreur : ${message}`);
    dialog.showErrorBox('Recouvra', message);
    app.exit(1);
    return;
  }
  // Set by `npm start`: better-sqlite3 built for Electron beside the Node build.
  // The packaged app has its own binary, rebuilt for Electron by electron-builder.
  const opened = await openBookOrRecover(dbPath, process.env.RECOUVRA_NATIVE_BINDING && !app.isPackaged ? process.env.RECOUVRA_NATIVE_BINDING : undefined);
  if (!opened) {
    instanceLock.release();
    app.exit(1);
    return;
  }
  ctx = opened;
  const dispatch = createDispatcher(ctx);
  // At start-up, then once a day of use (checked every hour), into the folder of Paramètres.
  startAutomaticBackups(ctx);
  ipcMain.handle('recouvra:invoke', (event, channel: unknown, payload: unknown) => {
    // Only our own page may call the core.
    if (!event.senderFrame || !isAppUrl(event.senderFrame.url)) {
      return { ok: false, error: { code: 'UNAUTHORIZED', message: 'Appel refusé : origine inconnue.' } };
    }
    return dispatch(String(channel), payload);
  });
  ipcMain.handle('recouvra:show-pdf', async (event, fileName: unknown, base64: unknown, print: unknown) => {
    if (!event.senderFrame || !isAppUrl(event.senderFrame.url)) throw new Error('Appel refusé : origine inconnue.');
    if (typeof fileName !== 'string' || fileName.length > 200 || typeof base64 !== 'string' || typeof print !== 'boolean') throw new Error('Document invalide.');
    const content = Buffer.from(base64, 'base64');
    if (content.length === 0 || content.length > MAX_PDF_BYTES || content.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error('Ce fichier n’est pas un PDF.');
    await showPdf(BrowserWindow.fromWebContents(event.sender), fileName, content, print);
  });
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  ctx?.close();
  instanceLock?.release();
});
// Ctrl+C or a kill from the terminal of `npm start`: quit normally, so the lock goes with it.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => app.quit());
