// Browser mode: the built renderer and every channel over HTTP, on 127.0.0.1 only.
// POST /api/<channel> with a JSON body answers the same Result as the desktop IPC.
// Guards: a random per-run token (header), the Host and Origin of this server only,
// JSON content type only (so no HTML form or simple cross-site request can reach a channel).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';
import type { Dispatch } from '../core/dispatch.js';

export const TOKEN_HEADER = 'x-recouvra-token';
/**
 * A request body (JSON; files travel in base64, a third larger): 64 Mo, a FEC or an export of
 * about 45 Mo. Larger files go through the desktop app, whose IPC has no such cap.
 */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** The renderer's Content-Security-Policy, shared with the desktop shell. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

export interface ServeOptions {
  dispatch: Dispatch;
  /** Folder of the built renderer (index.html and assets). */
  rendererDir: string;
  port?: number;
  token?: string;
}

export interface RunningServer {
  url: string; // with the token, to open in a browser
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function refuse(res: ServerResponse, status: number, code: 'UNAUTHORIZED' | 'VALIDATION' | 'NOT_FOUND', message: string) {
  sendJson(res, status, { ok: false, error: { code, message } });
}

function tokensEqual(expected: string, given: string | string[] | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

class BodyTooLarge extends Error {}

/**
 * The body, refused past MAX_BODY_BYTES: at once when its Content-Length says so, else as soon
 * as the bytes received pass it (what came is dropped, the rest is not read).
 */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length']) > MAX_BODY_BYTES) {
      reject(new BodyTooLarge());
      return;
    }
    let chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.off('data', onData);
        req.pause();
        chunks = [];
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function startServer(options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  if (!existsSync(options.rendererDir)) {
    throw new Error(`Interface introuvable dans ${options.rendererDir} : lancez « npm run build » d’abord.`);
  }
  const statics = sirv(options.rendererDir, {
    etag: true,
    dev: false,
    setHeaders: (res) => {
      for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    },
  });
  let allowedHosts: Set<string> = new Set();
  let allowedOrigins: Set<string> = new Set();

  const server = createServer(async (req, res) => {
    // DNS-rebinding guard: only our own host names reach anything.
    if (!req.headers.host || !allowedHosts.has(req.headers.host)) {
      refuse(res, 403, 'UNAUTHORIZED', 'Hôte refusé : Recouvra ne répond qu’à 127.0.0.1.');
      return;
    }
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    if (!url.pathname.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        refuse(res, 405, 'NOT_FOUND', 'Méthode non permise.');
        return;
      }
      statics(req, res, () => refuse(res, 404, 'NOT_FOUND', 'Page introuvable.'));
      return;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins.has(origin)) {
      refuse(res, 403, 'UNAUTHORIZED', 'Origine refusée : seule l’interface de Recouvra peut appeler ce serveur.');
      return;
    }
    if (!tokensEqual(token, req.headers[TOKEN_HEADER])) {
      refuse(res, 401, 'UNAUTHORIZED', 'Jeton absent ou invalide : ouvrez l’adresse complète affichée par « recouvra serve ».');
      return;
    }
    if (req.method !== 'POST') {
      refuse(res, 405, 'NOT_FOUND', 'Méthode non permise : utilisez POST.');
      return;
    }
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      refuse(res, 415, 'VALIDATION', 'Le corps de la requête doit être du JSON (Content-Type: application/json).');
      return;
    }
    let payload: unknown;
    try {
      const body = await readBody(req);
      payload = body.trim() === '' ? {} : JSON.parse(body);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        // The rest of the body is never read: the answer closes the connection (a client still
        // writing a chunked body may see it reset; a declared length is refused before that).
        res.setHeader('Connection', 'close');
        res.once('finish', () => req.destroy());
        refuse(res, 413, 'VALIDATION', `Requête trop volumineuse (${MAX_BODY_BYTES / 1024 / 1024} Mo au plus en mode navigateur) : rien n’a été enregistré. Importez ce fichier dans l’application de bureau, ou en plusieurs fois.`);
        return;
      }
      refuse(res, 400, 'VALIDATION', 'Corps JSON illisible.');
      return;
    }
    const channel = decodeURIComponent(url.pathname.slice('/api/'.length));
    const result = await options.dispatch(channel, payload);
    sendJson(res, 200, result);
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
      allowedOrigins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
      const origin = `http://127.0.0.1:${port}`;
      resolve({
        url: `${origin}/?token=${encodeURIComponent(token)}`,
        origin,
        port,
        token,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
