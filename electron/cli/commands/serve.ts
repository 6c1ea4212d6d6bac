// `recouvra serve`: browser mode on 127.0.0.1 with a per-run token.
import { startAutomaticBackups } from '../../core/backup/service.js';
import type { CoreContext } from '../../core/context.js';
import { acquireInstanceLock, type InstanceLock } from '../../core/db/instance-lock.js';
import { createDispatcher } from '../../core/dispatch.js';
import { appDataDir, resolveDbPath } from '../../core/paths.js';
import { configuredBackupFolder, latestGoodBackup, recoveryAdvice } from '../../core/backup/recovery.js';
import { DamagedBookError } from '../../core/errors.js';
import { startServer } from '../../web/server.js';
import { openBook, reportError } from '../context.js';
import { RENDERER_DIR } from '../paths.js';

export async function serve(options: { db?: string; port?: string }): Promise<number> {
  const port = options.port === undefined ? 0 : Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`Erreur : --port attend un numéro de port entre 0 et 65535 (reçu « ${options.port} »).`);
    return 1;
  }
  // One running instance per book (backups, morning batch, open screens): taken before the
  // file is opened, so a refused second instance writes nothing.
  let lock: InstanceLock;
  let ctx: CoreContext;
  try {
    lock = acquireInstanceLock(resolveDbPath(options.db));
  } catch (error) {
    return reportError(error);
  }
  try {
    ctx = openBook(options.db);
  } catch (error) {
    lock.release();
    const code = reportError(error);
    // A damaged book: the latest good backup of the folder of Paramètres, and the command that restores it.
    if (error instanceof DamagedBookError) console.error(recoveryAdvice(resolveDbPath(options.db), await latestGoodBackup(configuredBackupFolder(appDataDir()))));
    return code;
  }
  try {
    if (ctx.migration.backupPath) console.log(`Copie de sécurité avant mise à jour du schéma : ${ctx.migration.backupPath}`);
    const server = await startServer({ dispatch: createDispatcher(ctx), rendererDir: RENDERER_DIR, port });
    console.log(`Recouvra en mode navigateur : ${server.url}`);
    console.log(`Données : ${ctx.dbPath}`);
    console.log('Ouvrez l’adresse ci-dessus (avec son jeton) dans votre navigateur. Ctrl+C pour arrêter.');
    // At start-up, then once a day of use (checked every hour), into the folder of Paramètres.
    const stopBackups = startAutomaticBackups(ctx, (line) => console.log(line));
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    stopBackups();
    await server.close();
  } finally {
    ctx.close();
    lock.release();
  }
  console.log('Recouvra arrêté.');
  return 0;
}
