// A hostile web page on another origin (another port of 127.0.0.1) tries to read or change the
// books of a running `recouvra serve`: fetch, XHR, simple text/plain requests, a form POST, an
// <img>, an iframe of the app. Nothing must be readable, nothing must change; the server also
// refuses a foreign Host (DNS rebinding) and a foreign Origin even with the right token, and never
// answers with Access-Control-Allow-Origin.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClient, aCompany } from '../helpers/builders.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
let attacker: Server;
let attackerOrigin = '';

function attackerPage(target: string, guessedToken: string): string {
  // Everything the page learns goes to window.__results; reading must fail or stay opaque.
  return `<!doctype html><html><head><meta charset="utf-8"><title>Promo</title></head><body>
<h1>Gagnez un iPhone</h1>
<iframe name="sink" id="sink"></iframe>
<form id="f" method="POST" action="${target}/api/company.save" enctype="text/plain" target="sink">
  <input name='{"name":"Pirate SARL","address":["PIRATE","","","1 rue du Vol","","75001 PARIS"],"x":"' value='"}'>
</form>
<form id="f2" method="POST" action="${target}/api/clients.create" target="sink">
  <input name="kind" value="business"><input name="name" value="Client pirate">
</form>
<script>
const T = ${JSON.stringify(target)};
const TOKEN = ${JSON.stringify(guessedToken)};
const results = {};
window.__results = results;
async function attempt(name, fn) {
  try { results[name] = { outcome: 'read', value: await fn() }; }
  catch (e) { results[name] = { outcome: 'blocked', value: String(e) }; }
}
const companyBody = JSON.stringify({ name: 'Pirate SARL', address: ['PIRATE', '', '', '1 rue du Vol', '', '75001 PARIS'] });
const clientBody = JSON.stringify({ kind: 'business', name: 'Client pirate', address: ['CLIENT PIRATE', '', '', '1 rue du Vol', '', '75001 PARIS'] });
window.__run = async () => {
  await attempt('fetch-list-simple', async () => { const r = await fetch(T + '/api/clients.list', { method: 'POST', body: '{}' }); return r.status + ' ' + await r.text(); });
  await attempt('fetch-list-json', async () => { const r = await fetch(T + '/api/clients.list', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }); return r.status + ' ' + await r.text(); });
  await attempt('fetch-list-token', async () => { const r = await fetch(T + '/api/clients.list', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Recouvra-Token': TOKEN }, body: '{}' }); return r.status + ' ' + await r.text(); });
  await attempt('fetch-list-nocors', async () => { const r = await fetch(T + '/api/clients.list', { method: 'POST', mode: 'no-cors', body: '{}' }); return r.type + ' ' + r.status + ' ' + await r.text(); });
  await attempt('fetch-company-get-credentials', async () => { const r = await fetch(T + '/api/company.get?token=' + TOKEN, { method: 'POST', credentials: 'include', body: '{}' }); return r.status + ' ' + await r.text(); });
  await attempt('fetch-company-save-plain', async () => { const r = await fetch(T + '/api/company.save', { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: companyBody }); return r.type + ' ' + r.status + ' ' + await r.text(); });
  await attempt('fetch-company-save-token', async () => { const r = await fetch(T + '/api/company.save', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Recouvra-Token': TOKEN }, body: companyBody }); return r.status + ' ' + await r.text(); });
  await attempt('fetch-company-save-query-token', async () => { const r = await fetch(T + '/api/company.save?token=' + TOKEN, { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: companyBody }); return r.type + ' ' + r.status + ' ' + await r.text(); });
  await attempt('fetch-client-create-plain', async () => { const r = await fetch(T + '/api/clients.create', { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain;charset=UTF-8' }, body: clientBody }); return r.type + ' ' + r.status + ' ' + await r.text(); });
  await attempt('fetch-client-create-urlencoded', async () => { const r = await fetch(T + '/api/clients.create', { method: 'POST', mode: 'no-cors', body: new URLSearchParams({ kind: 'business', name: 'Client pirate' }) }); return r.type + ' ' + r.status + ' ' + await r.text(); });
  await attempt('beacon-client-create', async () => String(navigator.sendBeacon(T + '/api/clients.create', new Blob([clientBody], { type: 'text/plain' }))) + ' (no response readable)');
  await attempt('xhr-list', () => new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open('POST', T + '/api/clients.list');
    x.setRequestHeader('Content-Type', 'application/json');
    x.setRequestHeader('X-Recouvra-Token', TOKEN);
    x.onload = () => resolve(x.status + ' ' + x.responseText);
    x.onerror = () => reject(new Error('xhr error, status ' + x.status));
    x.send('{}');
  }));
  await attempt('xhr-company-save-plain', () => new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open('POST', T + '/api/company.save');
    x.setRequestHeader('Content-Type', 'text/plain');
    x.onload = () => resolve(x.status + ' ' + x.responseText);
    x.onerror = () => reject(new Error('xhr error, status ' + x.status));
    x.send(companyBody);
  }));
  await attempt('img-list', () => new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve('loaded ' + img.naturalWidth);
    img.onerror = () => reject(new Error('img error'));
    img.src = T + '/api/clients.list?token=' + TOKEN;
  }));
  await attempt('script-list', () => new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.onload = () => resolve('script loaded');
    s.onerror = () => reject(new Error('script error'));
    s.src = T + '/api/clients.list';
    document.body.appendChild(s);
  }));
  await attempt('iframe-app', () => new Promise((resolve, reject) => {
    const f = document.createElement('iframe');
    f.src = T + '/?token=' + TOKEN;
    f.onload = () => {
      try { resolve('readable: ' + f.contentWindow.document.body.innerText.slice(0, 200)); }
      catch (e) { reject(e); }
    };
    document.body.appendChild(f);
    setTimeout(() => reject(new Error('iframe timeout')), 3000);
  }));
  await attempt('iframe-api-get', () => new Promise((resolve, reject) => {
    const f = document.createElement('iframe');
    f.src = T + '/api/company.get';
    f.onload = () => {
      try { resolve('readable: ' + f.contentWindow.document.body.innerText.slice(0, 200)); }
      catch (e) { reject(e); }
    };
    document.body.appendChild(f);
    setTimeout(() => reject(new Error('iframe timeout')), 3000);
  }));
  await attempt('form-post-text-plain', () => new Promise((resolve, reject) => {
    const sink = document.getElementById('sink');
    sink.onload = () => {
      try { resolve('readable: ' + sink.contentWindow.document.body.innerText.slice(0, 200)); }
      catch (e) { reject(e); }
    };
    document.getElementById('f').submit();
    setTimeout(() => reject(new Error('form timeout')), 3000);
  }));
  await attempt('form-post-urlencoded', () => new Promise((resolve, reject) => {
    const sink = document.getElementById('sink');
    sink.onload = () => {
      try { resolve('readable: ' + sink.contentWindow.document.body.innerText.slice(0, 200)); }
      catch (e) { reject(e); }
    };
    document.getElementById('f2').submit();
    setTimeout(() => reject(new Error('form timeout')), 3000);
  }));
  return results;
};
</script></body></html>`;
}

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request from Node, with whatever Host and Origin an attacker would send. */
function raw(port: number, options: { method?: string; path: string; headers: Record<string, string>; body?: string }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: options.method ?? 'POST', path: options.path, headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

async function snapshot() {
  const company = await h.api('company.get');
  const clients = await h.api<{ total: number; rows: { name: string }[] }>('clients.list', {});
  return { company: JSON.stringify(company), clientsTotal: clients.data?.total, names: clients.data?.rows.map((r) => r.name) };
}

beforeAll(async () => {
  h = await startHarness();
  const saved = await h.api('company.save', aCompany());
  expect(saved.ok).toBe(true);
  const created = await h.api('clients.create', aClient());
  expect(created.ok).toBe(true);
  attacker = createServer((req, res) => {
    // A wrong token the attacker "guesses" (same length as a real one).
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(attackerPage(h.origin, 'A'.repeat(h.token.length)));
  });
  await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', () => r()));
  attackerOrigin = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
});

afterAll(async () => {
  if (attacker) await new Promise((r) => attacker.close(r));
  await h?.close();
});

describe('a hostile page on another origin', () => {
  it('can neither read nor change the books from the browser', async () => {
    const before = await snapshot();
    expect(before.clientsTotal).toBe(1);
    const context = await h.browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    const apiResponses: { url: string; method: string; status: number; acao: string | undefined }[] = [];
    page.on('response', (res) => {
      if (res.url().startsWith(`${h.origin}/`)) {
        apiResponses.push({ url: res.url(), method: res.request().method(), status: res.status(), acao: res.headers()['access-control-allow-origin'] });
      }
    });
    const apiRequests: string[] = [];
    page.on('request', (req) => {
      if (req.url().startsWith(`${h.origin}/api/`)) apiRequests.push(`${req.method()} ${new URL(req.url()).pathname}`);
    });
    const failed: string[] = [];
    page.on('requestfailed', (req) => failed.push(`${req.method()} ${new URL(req.url()).pathname}: ${req.failure()?.errorText}`));
    await page.goto(`${attackerOrigin}/promo.html`);
    const results = (await page.evaluate('window.__run()')) as Record<string, { outcome: string; value: string }>;
    await page.waitForTimeout(500);
    console.info(`[hostile-origin] attempts: ${JSON.stringify(Object.fromEntries(Object.entries(results).map(([k, r]) => [k, `${r.outcome}: ${r.value.slice(0, 80)}`])), null, 1)}`);
    console.info(`[hostile-origin] ${apiRequests.length} API requests sent by the page; failed in the browser: ${failed.join(', ')}`);
    expect(apiRequests.length).toBeGreaterThanOrEqual(15);
    console.info(`[hostile-origin] API responses seen by the browser: ${apiResponses.map((r) => `${r.method} ${new URL(r.url).pathname} ${r.status}`).join(', ')}`);

    // Nothing that came back holds the books' data.
    const secrets = ['Atelier Martin', 'Boulangerie Dupont', '552100554', '732829320'];
    for (const [name, r] of Object.entries(results)) {
      for (const s of secrets) expect(r.value, `${name}: ${r.value}`).not.toContain(s);
      if (r.outcome === 'read') {
        // Only opaque answers or refusals may be "read".
        expect(r.value, name).toMatch(/^(opaque 0 $|true|false|4\d\d )|^\d{3} \{"ok":false|\(no response readable\)|readable: $/);
        expect(r.value, name).not.toMatch(/"ok":true/);
      }
    }
    // The CORS-guarded calls are blocked outright; the iframe of the app is not readable.
    for (const name of ['fetch-list-simple', 'fetch-list-json', 'fetch-list-token', 'fetch-company-save-token', 'xhr-list', 'xhr-company-save-plain', 'iframe-app', 'img-list']) {
      expect(results[name]?.outcome, `${name}: ${results[name]?.value}`).toBe('blocked');
    }
    // Every answer of the API that reached the browser is a refusal, without CORS permission.
    const api = apiResponses.filter((r) => new URL(r.url).pathname.startsWith('/api/'));
    expect(api.length).toBeGreaterThan(0);
    for (const r of api) {
      expect(r.status, `${r.method} ${r.url}`).toBeGreaterThanOrEqual(400);
      expect(r.status, `${r.method} ${r.url}`).toBeLessThan(500);
    }
    for (const r of apiResponses) expect(r.acao, r.url).toBeUndefined();

    const after = await snapshot();
    expect(after).toEqual(before);
    expect(after.names).not.toContain('Client pirate');
    await context.close();
  });

  it('refuses a foreign Host header (DNS rebinding), even with the right token', async () => {
    const port = Number(new URL(h.origin).port);
    for (const host of [`evil.example:${port}`, 'evil.example', `127.0.0.1.evil.example:${port}`, `127.0.0.1:${port + 1}`]) {
      const res = await raw(port, {
        path: '/api/clients.list',
        headers: { Host: host, 'Content-Type': 'application/json', 'X-Recouvra-Token': h.token },
        body: '{}',
      });
      expect(res.status, host).toBeGreaterThanOrEqual(400);
      expect(res.status, host).toBeLessThan(500);
      expect(res.body).not.toContain('Boulangerie');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      // The app page itself is not served to a rebound name either.
      const pageRes = await raw(port, { method: 'GET', path: '/', headers: { Host: host } });
      expect(pageRes.status, host).toBe(403);
    }
  });

  it('refuses a foreign Origin even with the right token, and a text/plain body', async () => {
    const port = Number(new URL(h.origin).port);
    const host = `127.0.0.1:${port}`;
    for (const origin of [attackerOrigin, 'http://evil.example', 'null', `http://127.0.0.1:${port}.evil.example`, `https://127.0.0.1:${port}`]) {
      for (const channel of ['clients.list', 'company.save']) {
        const res = await raw(port, {
          path: `/api/${channel}`,
          headers: { Host: host, Origin: origin, 'Content-Type': 'application/json', 'X-Recouvra-Token': h.token },
          body: JSON.stringify(channel === 'company.save' ? aCompany({ name: 'Pirate SARL' }) : {}),
        });
        expect(res.status, `${origin} ${channel}`).toBe(403);
        expect(res.body).not.toContain('Boulangerie');
        expect(res.headers['access-control-allow-origin']).toBeUndefined();
      }
    }
    // A CORS preflight is refused without any Access-Control-* permission.
    const preflight = await raw(port, {
      method: 'OPTIONS',
      path: '/api/company.save',
      headers: { Host: host, Origin: attackerOrigin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,x-recouvra-token' },
    });
    expect(preflight.status).toBeGreaterThanOrEqual(400);
    expect(Object.keys(preflight.headers).filter((k) => k.startsWith('access-control-'))).toEqual([]);
    // Right token, no Origin, but a simple-request content type: refused (415).
    const plain = await raw(port, {
      path: '/api/company.save',
      headers: { Host: host, 'Content-Type': 'text/plain', 'X-Recouvra-Token': h.token },
      body: JSON.stringify(aCompany({ name: 'Pirate SARL' })),
    });
    expect(plain.status).toBe(415);
    // No token, no Origin: refused (401).
    const noToken = await raw(port, { path: '/api/clients.list', headers: { Host: host, 'Content-Type': 'application/json' }, body: '{}' });
    expect(noToken.status).toBe(401);
    // The legitimate caller still works, and saw nothing change.
    const ok = await raw(port, { path: '/api/company.get', headers: { Host: host, Origin: h.origin, 'Content-Type': 'application/json', 'X-Recouvra-Token': h.token }, body: '{}' });
    expect(ok.status).toBe(200);
    expect(ok.headers['access-control-allow-origin']).toBeUndefined();
    expect(ok.body).toContain('Atelier Martin');
    expect(ok.body).not.toContain('Pirate');
    // Static pages carry the anti-framing headers.
    const index = await raw(port, { method: 'GET', path: '/', headers: { Host: host } });
    expect(index.headers['x-frame-options']).toBe('DENY');
    expect(String(index.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    expect(index.headers['access-control-allow-origin']).toBeUndefined();
  });
});
