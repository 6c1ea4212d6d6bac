// End-to-end harness: the real `recouvra serve` on a fresh database, and Debian's Chromium
// driven by playwright-core. Each test file gets its own server and database.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { tempDir } from '../helpers/core.js';
import { CHROMIUM_FLAGS } from '../../electron/core/chromium.js';
import { CHROMIUM } from './global-setup.js';

const BIN = fileURLToPath(new URL('../../electron/cli/bin.mjs', import.meta.url));
export const SCREENSHOTS = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));

export { CHROMIUM_FLAGS };

export interface Harness {
  url: string; // with the token
  origin: string;
  token: string;
  dbPath: string;
  browser: Browser;
  page: Page;
  /** Calls a channel over HTTP with the token, as the renderer does. */
  api<T = unknown>(channel: string, payload?: unknown): Promise<{ ok: boolean; data?: T; error?: { code: string; message: string } }>;
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

function waitForUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`recouvra serve did not start:\n${out}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1] as string);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`recouvra serve exited (${code}):\n${out}`)));
  });
}

export async function startHarness(options: { seed?: { clients: number; invoices: number } } = {}): Promise<Harness> {
  const dir = tempDir('recouvra-e2e-');
  const dbPath = join(dir, 'books.sqlite');
  if (options.seed) {
    // Synthetic books through the real CLI, as a user would make a demo.
    const seeded = spawnSync(process.execPath, [BIN, 'seed', '--db', dbPath, '--clients', String(options.seed.clients), '--invoices', String(options.seed.invoices), '--seed', '3'], {
      env: { ...process.env, RECOUVRA_HOME: dir },
      encoding: 'utf8',
    });
    if (seeded.status !== 0) throw new Error(`recouvra seed failed: ${seeded.stderr}`);
  }
  const child = spawn(process.execPath, [BIN, 'serve', '--db', dbPath], {
    env: { ...process.env, RECOUVRA_HOME: dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await waitForUrl(child);
  const parsed = new URL(url);
  const token = parsed.searchParams.get('token') as string;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_FLAGS] });
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    url,
    origin: parsed.origin,
    token,
    dbPath,
    browser,
    page,
    async api(channel, payload = {}) {
      const res = await fetch(`${parsed.origin}/api/${channel}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Recouvra-Token': token },
        body: JSON.stringify(payload),
      });
      return res.json();
    },
    async screenshot(name) {
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
    async close() {
      await browser.close();
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
