// Bundles the desktop shell (main process, preload) into dist/electron with esbuild, and copies
// the SQL migrations beside the bundle, where core/db/migrate.ts looks for them.
import { build } from 'esbuild';
import { cpSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const out = `${root}dist/electron`;
rmSync(out, { recursive: true, force: true });

const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: true, logLevel: 'warning', absWorkingDir: root };
const esm = {
  ...common,
  format: 'esm',
  // Native and Electron modules stay outside the bundle, and pdfkit too (it reads its standard
  // fonts through the package's own import map, #standard-fonts): loaded from node_modules.
  external: ['electron', 'better-sqlite3', 'pdfkit'],
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
};
await build({ ...esm, entryPoints: ['electron/main.ts'], outfile: `${out}/main.mjs` });
// The PDF worker thread (core/documents/pdf-worker.ts looks for it beside main.mjs).
await build({ ...esm, entryPoints: ['electron/core/documents/render-worker-main.ts'], outfile: `${out}/render-worker.mjs` });
await build({ ...common, entryPoints: ['electron/preload.ts'], outfile: `${out}/preload.cjs`, format: 'cjs', external: ['electron'] });
cpSync(`${root}electron/core/db/migrations`, `${out}/migrations`, { recursive: true });
// The PDF documents embed Liberation Sans; looked up in ./fonts beside the bundle.
cpSync(`${root}assets/fonts`, `${out}/fonts`, { recursive: true });
console.log('dist/electron: main.mjs, render-worker.mjs, preload.cjs, migrations/, fonts/');
