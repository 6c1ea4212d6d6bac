// Builds better-sqlite3 for the installed Electron into .electron-native/, beside (never over)
// the Node build that tests, the CLI and browser mode use. Prints the .node file's path.
// With internet, prebuild-install fetches the prebuilt binary in seconds; otherwise node-gyp
// compiles it against Electron's headers.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(join(root, 'package.json'));
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const sqliteDir = dirname(require.resolve('better-sqlite3/package.json'));
const sqliteVersion = JSON.parse(readFileSync(join(sqliteDir, 'package.json'), 'utf8')).version;
const target = join(root, '.electron-native', 'better-sqlite3');
const stamp = join(target, '.built-for');
const wanted = `electron ${electronVersion} / better-sqlite3 ${sqliteVersion} / ${process.platform}-${process.arch}`;
const binary = join(target, 'build', 'Release', 'better_sqlite3.node');

if (!(existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted && existsSync(binary))) {
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  for (const entry of ['package.json', 'binding.gyp', 'src', 'deps', 'lib']) {
    if (existsSync(join(sqliteDir, entry))) cpSync(join(sqliteDir, entry), join(target, entry), { recursive: true });
  }
  const bin = (name) => join(root, 'node_modules', '.bin', name);
  const opts = { cwd: target, stdio: ['ignore', 'inherit', 'inherit'], shell: process.platform === 'win32' };
  let result = spawnSync(bin('prebuild-install'), ['--runtime', 'electron', '--target', electronVersion, '--arch', process.arch], opts);
  if (result.status !== 0) {
    result = spawnSync(
      bin('node-gyp'),
      ['rebuild', '--release', '--runtime=electron', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers', `--arch=${process.arch}`],
      opts,
    );
  }
  if (result.status !== 0 || !existsSync(binary)) {
    console.error(`better-sqlite3 could not be built for Electron ${electronVersion}.`);
    process.exit(1);
  }
  writeFileSync(stamp, wanted);
}
console.log(binary);
