// Browser mode's HTTP guard: token, origin, host, content type; and the channels behind it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClient } from '../../test/helpers/builders.js';
import { freshCore, type TestCore } from '../../test/helpers/core.js';
import { startServer, TOKEN_HEADER, type RunningServer } from './server.js';

let core: TestCore;
let server: RunningServer;

beforeAll(async () => {
  core = freshCore();
  const rendererDir = join(core.dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Recouvra</title>');
  server = await startServer({ dispatch: core.dispatch, rendererDir });
});
afterAll(async () => {
  await server.close();
  core.close();
});

function post(channel: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.origin}/api/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: server.token, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** A raw request, to send a Host header fetch would not let us forge. */
function rawGet(path: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers: { Host: host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('browser mode server', () => {
  it('listens on 127.0.0.1 and prints a URL carrying the token', () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).toBe(`${server.origin}/?token=${encodeURIComponent(server.token)}`);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
  });

  it('answers a channel with the same Result as the dispatcher', async () => {
    const created = await (await post('clients.create', aClient())).json();
    expect(created).toMatchObject({ ok: true, data: { name: 'Boulangerie Dupont' } });
    const list = await (await post('clients.list', {})).json();
    expect(list).toMatchObject({ ok: true, data: { total: 1 } });
  });

  it('refuses a request without the token, or with a wrong one', async () => {
    const missing = await fetch(`${server.origin}/api/clients.list`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect((await post('clients.list', {}, { [TOKEN_HEADER]: 'x'.repeat(server.token.length) })).status).toBe(401);
  });

  it('refuses another origin even with the token', async () => {
    const res = await post('clients.list', {}, { Origin: 'http://evil.example' });
    expect(res.status).toBe(403);
    expect((await post('clients.list', {}, { Origin: server.origin })).status).toBe(200);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect(await rawGet('/', 'evil.example')).toBe(403);
    expect(await rawGet('/', `127.0.0.1:${server.port}`)).toBe(200);
  });

  it('takes JSON only, and says so in French', async () => {
    const form = await post('clients.list', 'a=1', { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
    const broken = await post('clients.list', '{not json');
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: { message: 'Corps JSON illisible.' } });
  });

  it('validates the payload with the channel schema and writes nothing when refused', async () => {
    const before = (await (await post('clients.list', { status: 'all' })).json()).data.total;
    const refused = await (await post('clients.create', aClient({ siren: '123456789' }))).json();
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { siren: expect.stringMatching(/^SIREN invalide/) } } });
    const after = (await (await post('clients.list', { status: 'all' })).json()).data.total;
    expect(after).toBe(before);
  });

  it('serves the renderer with a strict Content-Security-Policy', async () => {
    const res = await fetch(`${server.origin}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('<title>Recouvra</title>');
  });
});
