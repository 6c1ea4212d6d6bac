// Sending through a real SMTP server (smtp-server) listening on 127.0.0.1, on a free port.
import { afterEach, describe, it, expect } from 'vitest';
import net from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import Conf from 'conf';
import { DEFAULT_PREFERENCES, DEFAULT_SMTP_SETTINGS, PREFERENCES_JSON_SCHEMA, readSmtpSettings, smtpSettingsSchema, type SmtpSettings } from '../../../shared/preferences.js';
import { nodePreferences } from '../preferences.js';
import { buildReminderEmail, type ReminderEmailInput } from './email.js';
import { SmtpError, sendEmail, toSmtpError, transportOptions, verifySmtp } from './smtp.js';

interface Received {
  mailFrom: string | null;
  rcptTo: string[];
  user: unknown;
  raw: string;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

const USER = 'relances@atelier-martin.fr';
const PASSWORD = 'mot-de-passe-très-secret';

/** A real SMTP server on 127.0.0.1, plain (no STARTTLS), closed after the test. */
async function startServer(options: Partial<SMTPServerOptions> = {}): Promise<{ port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 500,
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === PASSWORD) callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          user: session.user,
          raw: Buffer.concat(chunks).toString('latin1'),
        });
        callback(null, 'Message queued as TEST42');
      });
    },
    ...options,
  });
  server.on('error', () => {}); // a client dropping the connection on purpose is not a test failure
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as net.AddressInfo).port;
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port, received };
}

/** A TCP server that accepts connections and never says a word. */
async function startMuteServer(): Promise<number> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  );
  return (server.address() as net.AddressInfo).port;
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const settings = (port: number, over: Partial<SmtpSettings> = {}): SmtpSettings => ({
  ...DEFAULT_SMTP_SETTINGS,
  enabled: true,
  host: '127.0.0.1',
  port,
  security: 'none',
  user: USER,
  password: PASSWORD,
  fromName: 'Atelier Martin',
  fromAddress: USER,
  ...over,
});

const QUICK = { connectionMs: 2000, greetingMs: 2000, socketMs: 5000, dnsMs: 2000 };

const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 37) % 256)), Buffer.from('\n%%EOF\n')]);

const message = (over: Partial<ReminderEmailInput> = {}): ReminderEmailInput => ({
  from: { name: 'Atelier Martin', address: USER },
  to: { name: 'Boulangerie Dupont', address: 'compta@boulangerie-dupont.fr' },
  subject: 'Relance : 2 factures échues — réf. 12-F-042',
  text: 'Madame, Monsieur,\n\nSauf erreur de notre part, 2 factures (1 234,56 €) restent impayées.\n\nCordialement,\nAtelier Martin',
  attachments: [{ fileName: 'relance-12-F-042.pdf', content: pdf, contentType: 'application/pdf' }],
  date: new Date('2026-11-23T09:30:00.000Z'),
  messageIdDomain: 'atelier-martin.fr',
  ...over,
});

function headerOf(raw: string, name: string): string | null {
  const head = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
  const line = head.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line === undefined ? null : line.slice(name.length + 1).trim();
}

function decodeWords(value: string): string {
  return value.replace(/(=\?[^?]+\?[QqBb]\?[^?]*\?=)(\s+(=\?[^?]+\?[QqBb]\?[^?]*\?=))*/g, (run) => {
    const bytes: number[] = [];
    for (const [, enc, data] of run.matchAll(/=\?[^?]+\?([QqBb])\?([^?]*)\?=/g)) {
      if (enc!.toUpperCase() === 'B') bytes.push(...Buffer.from(data!, 'base64'));
      else for (const m of data!.replace(/_/g, ' ').matchAll(/=([0-9A-F]{2})|[^=]/gi)) bytes.push(m[1] ? parseInt(m[1], 16) : m[0].charCodeAt(0));
    }
    return Buffer.from(bytes).toString('utf8');
  });
}

async function failure(promise: Promise<unknown>): Promise<SmtpError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SmtpError);
  const smtp = error as SmtpError;
  expect(smtp.code).toBe('PRECONDITION');
  // A French sentence, never the library's or the server's English.
  expect(smtp.message).not.toMatch(/\b(Invalid|Error|error|failed|ECONN|ESOCKET|ETIMEDOUT|Greeting|certificate has)\b/);
  return smtp;
}

describe('sendEmail through a real SMTP server', () => {
  it('delivers the message: envelope, subject, the Message-ID returned, the PDF attached', async () => {
    const { port, received } = await startServer();
    const sent = await sendEmail(settings(port), message(), QUICK);

    expect(sent.messageId).toMatch(/^<[^@\s]+@atelier-martin\.fr>$/);
    expect(sent.response).toMatch(/^250 .*TEST42/);
    expect(sent.accepted).toEqual(['compta@boulangerie-dupont.fr']);
    expect(sent.rejected).toEqual([]);

    expect(received).toHaveLength(1);
    const [mail] = received;
    expect(mail!.mailFrom).toBe(USER);
    expect(mail!.rcptTo).toEqual(['compta@boulangerie-dupont.fr']);
    expect(mail!.user).toBe(USER);
    expect(headerOf(mail!.raw, 'Message-ID')).toBe(sent.messageId);
    expect(decodeWords(headerOf(mail!.raw, 'Subject')!)).toBe('Relance : 2 factures échues — réf. 12-F-042');
    expect(headerOf(mail!.raw, 'From')).toBe(`Atelier Martin <${USER}>`);
    expect(headerOf(mail!.raw, 'To')).toBe('Boulangerie Dupont <compta@boulangerie-dupont.fr>');
    // A sent message is not a draft, and says nothing of the software.
    expect(headerOf(mail!.raw, 'X-Unsent')).toBeNull();
    expect(headerOf(mail!.raw, 'X-Mailer')).toBeNull();
    // The PDF: its Content-Disposition and its bytes, in base64, in the message.
    expect(mail!.raw).toMatch(/Content-Disposition: attachment;\s+filename=("?)relance-12-F-042\.pdf\1/);
    expect(mail!.raw.replace(/\r\n/g, '')).toContain(pdf.toString('base64'));
  });

  it('sends the same message as the .eml, but for the draft header', async () => {
    const { port, received } = await startServer();
    const draft = await buildReminderEmail(message());
    const sent = await sendEmail(settings(port), message({ messageId: draft.messageId }), QUICK);
    expect(sent.messageId).toBe(draft.messageId);
    const eml = draft.eml.toString('latin1');
    for (const name of ['Subject', 'From', 'To', 'Date', 'Message-ID']) expect(headerOf(received[0]!.raw, name)).toBe(headerOf(eml, name));
    expect(headerOf(eml, 'X-Unsent')).toBe('1');
  });

  it('lists a recipient the server refuses, and fails in French when it refuses them all', async () => {
    const { port, received } = await startServer({
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith('inconnu@')) {
          const error = new Error('Mailbox unavailable') as Error & { responseCode: number };
          error.responseCode = 550;
          callback(error);
        } else callback();
      },
    });
    const refused = await failure(sendEmail(settings(port), message({ to: { name: 'X', address: 'inconnu@boulangerie-dupont.fr' } }), QUICK));
    expect(refused.reason).toBe('recipient');
    expect(refused.message).toBe('Le serveur SMTP a refusé l’adresse du destinataire (code 550) : vérifiez l’adresse e-mail du contact.');
    expect(refused.detail).toContain('Mailbox unavailable');
    expect(received).toHaveLength(0);
  });

  it('a sender address the server does not accept: says which field', async () => {
    const { port } = await startServer({
      onMailFrom(address, _session, callback) {
        const error = new Error('Sender not allowed') as Error & { responseCode: number };
        error.responseCode = 553;
        callback(address.address === USER ? null : error);
      },
    });
    const error = await failure(sendEmail(settings(port), message({ from: { name: 'Atelier Martin', address: 'contact@atelier-martin.fr' } }), QUICK));
    expect(error.reason).toBe('sender');
    expect(error.fields).toEqual({ fromAddress: 'Adresse refusée par le serveur.' });
  });

  it('refuses a wrong password, in French, naming the field', async () => {
    const { port, received } = await startServer();
    const error = await failure(sendEmail(settings(port, { password: 'faux' }), message(), QUICK));
    expect(error.reason).toBe('auth');
    expect(error.message).toMatch(/^Le serveur SMTP a refusé l’identifiant ou le mot de passe \(code 535\)\./);
    expect(error.fields).toEqual({ password: 'Identifiant ou mot de passe refusé.' });
    expect(received).toHaveLength(0);
    expect((await failure(verifySmtp(settings(port, { password: 'faux' }), QUICK))).reason).toBe('auth');
  });

  it('asks for a login when the server needs one and none is set', async () => {
    const { port } = await startServer();
    const error = await failure(sendEmail(settings(port, { user: '', password: '' }), message(), QUICK));
    expect(error.reason).toBe('auth-required');
    expect(error.message).toBe('Le serveur SMTP demande une authentification : renseignez l’identifiant et le mot de passe.');
  });

  it('sends without login to a server that does not ask for one', async () => {
    const { port, received } = await startServer({ authOptional: true });
    await sendEmail(settings(port, { user: '', password: '' }), message(), QUICK);
    expect(received).toHaveLength(1);
    expect(received[0]!.user).toBeUndefined();
  });

  it('a server that is not there: connection refused, in French', async () => {
    const port = await closedPort();
    const error = await failure(sendEmail(settings(port), message(), QUICK));
    expect(error.reason).toBe('refused');
    expect(error.message).toBe(
      `Connexion refusée par 127.0.0.1:${port} : aucun serveur SMTP n’écoute sur ce port. Vérifiez le nom du serveur et le port (587 pour STARTTLS, 465 pour SSL/TLS).`,
    );
    expect(error.fields).toEqual({ port: 'Connexion refusée sur ce port.' });
    expect(error.detail).toContain('ECONNREFUSED');
  });

  it('a server that never answers: timeout, in French', async () => {
    const port = await startMuteServer();
    const started = Date.now();
    const error = await failure(verifySmtp(settings(port), { ...QUICK, greetingMs: 300, connectionMs: 300 }));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(error.reason).toBe('timeout');
    expect(error.message).toBe(`Le serveur 127.0.0.1:${port} ne répond pas (délai dépassé). Vérifiez le nom du serveur, le port et votre connexion réseau.`);
  });

  it('STARTTLS required but not offered: says to change the security', async () => {
    const { port, received } = await startServer();
    const error = await failure(sendEmail(settings(port, { security: 'starttls' }), message(), QUICK));
    expect(error.reason).toBe('starttls');
    expect(error.fields).toEqual({ security: 'STARTTLS non proposé par ce serveur.' });
    expect(received).toHaveLength(0); // never sends the password in clear when STARTTLS was asked
  });

  it('a certificate that cannot be trusted blocks the connection, in French', async () => {
    // smtp-server's own built-in certificate, issued for localhost and not by a known authority.
    const { port } = await startServer({ secure: true, disabledCommands: [] });
    const error = await failure(verifySmtp(settings(port, { security: 'tls' }), QUICK));
    expect(error.reason).toBe('certificate');
    expect(error.message).toMatch(/^Le certificat de sécurité du serveur SMTP n’est pas valable \(.+\) : l’envoi est bloqué/);
  });

  it('an unknown host name: not found, in French', async () => {
    const error = await failure(verifySmtp(settings(25, { host: 'smtp.recouvra.invalid' }), QUICK));
    expect(['dns', 'timeout']).toContain(error.reason); // .invalid never resolves; a slow resolver may time out first
  });

  it('nothing is sent, nor any connection opened, while sending is switched off', async () => {
    const { port, received } = await startServer();
    const error = await failure(sendEmail(settings(port, { enabled: false }), message(), QUICK));
    expect(error.reason).toBe('disabled');
    expect(error.message).toContain('.eml');
    expect(received).toHaveLength(0);
  });

  it('checks the settings before connecting', async () => {
    const error = await failure(verifySmtp(settings(587, { host: ' ' })));
    expect(error.reason).toBe('config');
    expect(error.fields).toEqual({ host: 'Serveur SMTP : obligatoire.' });
  });
});

describe('verifySmtp', () => {
  it('says the connection and the login work', async () => {
    const { port } = await startServer();
    expect(await verifySmtp(settings(port, { enabled: false }), QUICK)).toEqual({
      message: `Connexion réussie à 127.0.0.1:${port} (sans chiffrement, identifiant et mot de passe acceptés).`,
    });
  });
});

describe('transportOptions and toSmtpError', () => {
  it('maps the three securities', () => {
    const base = settings(587);
    expect(transportOptions({ ...base, security: 'starttls' })).toMatchObject({ secure: false, requireTLS: true });
    expect(transportOptions({ ...base, security: 'tls', port: 465 })).toMatchObject({ secure: true, port: 465 });
    expect(transportOptions({ ...base, security: 'none' })).toMatchObject({ secure: false, ignoreTLS: true });
    expect(transportOptions({ ...base, user: '' }).auth).toBeUndefined();
    expect(transportOptions(base).auth).toEqual({ user: USER, pass: PASSWORD });
  });

  it('hints at the port when a TLS port is used without TLS', () => {
    const error = toSmtpError(Object.assign(new Error('Greeting never received'), { code: 'ETIMEDOUT' }), settings(465, { security: 'starttls' }));
    expect(error.message).toContain('Le port 465 demande la sécurité SSL/TLS.');
  });

  it('anything unexpected still reads in French', () => {
    const error = toSmtpError(new Error('Something odd happened'), settings(587));
    expect(error.reason).toBe('unknown');
    expect(error.message).toBe('L’envoi par SMTP a échoué. Vérifiez les réglages du serveur (Paramètres → Courriels) ; le courriel reste disponible en fichier .eml.');
    expect(error.detail).toContain('Something odd happened');
  });
});

describe('SMTP settings in the preferences', () => {
  it('defaults: switched off, port 587, STARTTLS', () => {
    expect(smtpSettingsSchema.parse({})).toEqual(DEFAULT_SMTP_SETTINGS);
    expect(DEFAULT_SMTP_SETTINGS).toMatchObject({ enabled: false, port: 587, security: 'starttls' });
    expect(readSmtpSettings(undefined)).toEqual(DEFAULT_SMTP_SETTINGS);
    expect(readSmtpSettings({ host: 'smtp.example.fr' })).toEqual({ ...DEFAULT_SMTP_SETTINGS, host: 'smtp.example.fr' });
    // An inconsistent stored value (enabled without a host) loads switched off rather than failing.
    expect(readSmtpSettings({ enabled: true, port: 465 })).toMatchObject({ enabled: false, port: 465 });
  });

  it('refuses bad values with French messages by field', () => {
    const result = smtpSettingsSchema.safeParse({ enabled: true, host: 'smtp://mail.example.fr', port: 70000, security: 'ssl', fromAddress: 'pas-une-adresse', password: 'x' });
    expect(result.success).toBe(false);
    const fields = Object.fromEntries(result.error!.issues.map((i) => [i.path.join('.'), i.message]));
    expect(fields).toMatchObject({
      host: 'Serveur SMTP : un nom d’hôte (smtp.exemple.fr) ou une adresse IP, sans « smtp:// ».',
      port: 'Port : un nombre entre 1 et 65535.',
      security: 'Sécurité : STARTTLS, SSL/TLS ou aucune.',
      fromAddress: 'Adresse de l’expéditeur : une adresse e-mail valide (nom@domaine.fr).',
    });
    const enabled = smtpSettingsSchema.safeParse({ enabled: true, password: 'x' });
    const missing = Object.fromEntries(enabled.error!.issues.map((i) => [i.path.join('.'), i.message]));
    expect(missing).toEqual({
      host: 'Serveur SMTP : obligatoire pour envoyer les courriels.',
      fromAddress: 'Adresse de l’expéditeur : obligatoire pour envoyer les courriels.',
      user: 'Identifiant : obligatoire avec un mot de passe.',
    });
    expect(smtpSettingsSchema.parse({ enabled: true, host: 'smtp.example.fr', port: '465', security: 'tls', fromAddress: 'a@example.fr' }).port).toBe(465);
  });

  it('an older preferences file (no smtp section) still loads, and the section is stored with the same schema', () => {
    const dir = mkdtempSync(join(tmpdir(), 'recouvra-prefs-'));
    try {
      writeFileSync(join(dir, 'preferences.json'), JSON.stringify({ window: DEFAULT_PREFERENCES.window, display: { density: 'compact' }, lastFolder: '/tmp' }));
      expect(nodePreferences(dir).get().display.density).toBe('compact');
      const conf = new Conf<Record<string, unknown>>({ projectName: 'recouvra', cwd: dir, configName: 'preferences', schema: PREFERENCES_JSON_SCHEMA as never, defaults: DEFAULT_PREFERENCES as never });
      expect(readSmtpSettings(conf.get('smtp'))).toEqual(DEFAULT_SMTP_SETTINGS);
      const mine = settings(465, { security: 'tls', host: 'smtp.example.fr' });
      conf.set('smtp', mine);
      expect(readSmtpSettings(JSON.parse(readFileSync(join(dir, 'preferences.json'), 'utf8')).smtp)).toEqual(mine);
      expect(() => conf.set('smtp', { ...mine, port: 0 })).toThrow();
      expect(() => conf.set('smtp', { ...mine, security: 'ssl' })).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
