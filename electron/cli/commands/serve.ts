// `recouvra serve`: browser mode on 127.0.0.1 with a per-run token.
import { startAutomaticBackups } from '../../core/backup/service.js';
import { createDispatcher } from '../../core/dispatch.js';
import { startServer } from '../../web/server.js';
import { openBook } from '../context.js';
import { RENDERER_DIR } from '../paths.js';

export async function serve(options: { db?: string; port?: string }): Promise<number> {
  const port = options.port === undefined ? 0 : Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`Erreur : --port attend un numéro de port entre 0 et 65535 (reçu « ${options.port} »).`);
    return 1;
  }
  const ctx = openBook(options.db);
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
  ctx.close();
  console.log('Recouvra arrêté.');
  return 0;
}
