// Sending reminders through the user's own SMTP server (Paramètres → Courriels), with nodemailer.
// No server configured, or no network: nothing here is called and the .eml path still works.
// Every failure reaches the user as a French sentence (SmtpError, an AppError the dispatcher
// passes through); the server's own English reply is kept in `detail` for the log only.
import nodemailer from 'nodemailer';
import type { SMTPTransportOptions } from 'nodemailer';
import type { SmtpSettings } from '../../../shared/preferences.js';
import { AppError } from '../errors.js';
import { reminderMailOptions, type ReminderEmailInput } from './email.js';

export type { SmtpSettings };

export interface SmtpTimeouts {
  /** Opening the TCP (or TLS) connection. Default 15 s. */
  connectionMs?: number;
  /** The server's greeting once connected. Default 15 s. */
  greetingMs?: number;
  /** Silence in the middle of a session (a slow upload of the PDF). Default 60 s. */
  socketMs?: number;
  /** Resolving the host name. Default 15 s. */
  dnsMs?: number;
}

export interface SentEmail {
  /** `<…@domain>`, the Message-ID header of the message sent: log it. */
  messageId: string;
  /** The server's last reply, e.g. "250 OK: queued as 4F2A…". */
  response: string;
  accepted: string[];
  rejected: string[];
}

/** Why a connection or a sending failed; `message` says it in French. */
export type SmtpFailure =
  | 'disabled'
  | 'config'
  | 'dns'
  | 'refused'
  | 'unreachable'
  | 'timeout'
  | 'auth'
  | 'auth-required'
  | 'starttls'
  | 'tls'
  | 'certificate'
  | 'sender'
  | 'recipient'
  | 'message'
  | 'unknown';

export class SmtpError extends AppError {
  constructor(
    readonly reason: SmtpFailure,
    message: string,
    fields?: Record<string, string>,
    /** The original error (English), for the log; never shown as is. */
    readonly detail?: string,
  ) {
    super('PRECONDITION', message, fields);
    this.name = 'SmtpError';
  }
}

const SECURITY_NAMES: Record<SmtpSettings['security'], string> = { starttls: 'STARTTLS', tls: 'SSL/TLS', none: 'sans chiffrement' };

/**
 * The nodemailer transport options for the settings:
 * - `tls`: encrypted from the first byte (`secure: true`, usually port 465);
 * - `starttls`: plain connection that must be upgraded (`requireTLS`: no STARTTLS, no sending);
 * - `none`: never encrypted, even if the server offers STARTTLS (`ignoreTLS`), as mail programs
 *   do for "Aucune".
 * Certificates are always verified. Authentication only when a user name is set.
 */
export function transportOptions(settings: SmtpSettings, timeouts: SmtpTimeouts = {}): SMTPTransportOptions {
  const user = settings.user.trim();
  return {
    host: settings.host.trim(),
    port: settings.port,
    secure: settings.security === 'tls',
    ...(settings.security === 'starttls' ? { requireTLS: true } : {}),
    ...(settings.security === 'none' ? { ignoreTLS: true } : {}),
    ...(user !== '' ? { auth: { user, pass: settings.password } } : {}),
    connectionTimeout: timeouts.connectionMs ?? 15_000,
    greetingTimeout: timeouts.greetingMs ?? 15_000,
    socketTimeout: timeouts.socketMs ?? 60_000,
    dnsTimeout: timeouts.dnsMs ?? 15_000,
    tls: { minVersion: 'TLSv1.2' },
    logger: false,
    debug: false,
  };
}

function checkSettings(settings: SmtpSettings): void {
  if (settings.host.trim() === '') {
    throw new SmtpError('config', 'Serveur SMTP : indiquez le nom du serveur (Paramètres → Courriels).', { host: 'Serveur SMTP : obligatoire.' });
  }
  if (!Number.isInteger(settings.port) || settings.port < 1 || settings.port > 65535) {
    throw new SmtpError('config', 'Port : un nombre entre 1 et 65535.', { port: 'Port : un nombre entre 1 et 65535.' });
  }
}

interface NodemailerFailure {
  code?: string;
  originalCode?: string;
  reason?: string;
  command?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

const CERTIFICATE_CODES = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|HOSTNAME|ALTNAME/;

/** Turns whatever nodemailer or the socket threw into an SmtpError with a French sentence. */
export function toSmtpError(error: unknown, settings: SmtpSettings): SmtpError {
  if (error instanceof SmtpError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as NodemailerFailure;
  const code = e.code ?? '';
  const original = e.originalCode ?? '';
  const message = e.message ?? String(error);
  const detail = [code, original, e.command, e.response ?? message].filter(Boolean).join(' | ');
  const server = `${settings.host.trim()}:${settings.port}`;
  const status = e.responseCode ? ` (code ${e.responseCode})` : '';
  const fail = (reason: SmtpFailure, text: string, fields?: Record<string, string>): SmtpError => new SmtpError(reason, text, fields, detail);

  if (code === 'EAUTH') {
    return fail('auth', `Le serveur SMTP a refusé l’identifiant ou le mot de passe${status}. Vérifiez-les (certains fournisseurs demandent un mot de passe d’application).`, {
      password: 'Identifiant ou mot de passe refusé.',
    });
  }
  if (code === 'ENOAUTH' || e.responseCode === 530) {
    return fail('auth-required', 'Le serveur SMTP demande une authentification : renseignez l’identifiant et le mot de passe.', {
      user: 'Identifiant : demandé par le serveur.',
    });
  }
  if (code === 'EDNS' || original === 'ENOTFOUND' || original === 'EAI_AGAIN') {
    return original === 'EAI_AGAIN'
      ? fail('dns', `Le nom « ${settings.host.trim()} » n’a pas pu être résolu : vérifiez votre connexion à Internet.`, { host: 'Serveur introuvable.' })
      : fail('dns', `Serveur SMTP introuvable : « ${settings.host.trim()} » n’existe pas. Vérifiez le nom du serveur.`, { host: 'Serveur introuvable.' });
  }
  if (original === 'ECONNREFUSED') {
    return fail('refused', `Connexion refusée par ${server} : aucun serveur SMTP n’écoute sur ce port. Vérifiez le nom du serveur et le port (587 pour STARTTLS, 465 pour SSL/TLS).`, {
      port: 'Connexion refusée sur ce port.',
    });
  }
  if (['EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'ECONNRESET', 'EPIPE'].includes(original)) {
    return fail('unreachable', `Le serveur ${server} est injoignable : vérifiez votre connexion réseau, puis réessayez.`);
  }
  if (CERTIFICATE_CODES.test(original) || /certificate/i.test(message)) {
    const why =
      original === 'CERT_HAS_EXPIRED'
        ? 'il a expiré'
        : /SELF_SIGNED/.test(original)
          ? 'il est auto-signé'
          : /HOSTNAME|ALTNAME/.test(original)
            ? `il n’est pas établi pour « ${settings.host.trim()} »`
            : 'il n’est pas reconnu';
    return fail('certificate', `Le certificat de sécurité du serveur SMTP n’est pas valable (${why}) : l’envoi est bloqué pour protéger votre mot de passe. Vérifiez le nom du serveur ou contactez votre fournisseur.`);
  }
  if (code === 'ETLS' || (code === 'ESOCKET' && /wrong version number|ssl|tls/i.test(`${e.reason ?? ''} ${message}`))) {
    if (e.command === 'STARTTLS' || /STARTTLS/.test(message)) {
      return fail('starttls', `Le serveur ${server} ne propose pas STARTTLS : choisissez la sécurité SSL/TLS (port 465) ou celle que votre fournisseur indique.`, {
        security: 'STARTTLS non proposé par ce serveur.',
      });
    }
    return fail('tls', `La connexion chiffrée avec ${server} a échoué : le port et la sécurité ne correspondent pas (SSL/TLS : port 465, STARTTLS : port 587).`, {
      security: 'Sécurité ou port à vérifier.',
    });
  }
  if (code === 'ETIMEDOUT' || original === 'ETIMEDOUT') {
    const hint =
      settings.port === 465 && settings.security !== 'tls'
        ? ' Le port 465 demande la sécurité SSL/TLS.'
        : settings.security === 'tls' && settings.port !== 465
          ? ' La sécurité SSL/TLS s’utilise d’ordinaire sur le port 465.'
          : ' Vérifiez le nom du serveur, le port et votre connexion réseau.';
    return fail('timeout', `Le serveur ${server} ne répond pas (délai dépassé).${hint}`, { host: 'Pas de réponse du serveur.' });
  }
  if (code === 'EENVELOPE') {
    if (/^MAIL/i.test(e.command ?? '')) {
      return fail('sender', `Le serveur SMTP a refusé l’adresse de l’expéditeur${status} : la plupart des serveurs n’acceptent que l’adresse du compte utilisé.`, {
        fromAddress: 'Adresse refusée par le serveur.',
      });
    }
    return fail('recipient', `Le serveur SMTP a refusé l’adresse du destinataire${status} : vérifiez l’adresse e-mail du contact.`);
  }
  if (code === 'EMESSAGE' || code === 'EPROTOCOL' || (e.responseCode !== undefined && e.responseCode >= 400)) {
    const size = e.responseCode === 552 || e.responseCode === 523 ? ' : il est trop volumineux pour ce serveur' : '';
    return fail('message', `Le serveur SMTP a refusé le message${status}${size}.`);
  }
  if (code === 'ECONNECTION' || code === 'ESOCKET') {
    return fail('unreachable', `La connexion avec ${server} a été interrompue : vérifiez le port, la sécurité et votre connexion réseau, puis réessayez.`);
  }
  return fail('unknown', `L’envoi par SMTP a échoué${status}. Vérifiez les réglages du serveur (Paramètres → Courriels) ; le courriel reste disponible en fichier .eml.`);
}

/**
 * "Tester la connexion": connects, upgrades to TLS as the settings ask, logs in when a user is
 * set, and quits. Works whether or not sending is switched on. Throws an SmtpError.
 */
export async function verifySmtp(settings: SmtpSettings, timeouts: SmtpTimeouts = {}): Promise<{ message: string }> {
  checkSettings(settings);
  const transport = nodemailer.createTransport(transportOptions(settings, timeouts));
  try {
    await transport.verify();
  } catch (error) {
    throw toSmtpError(error, settings);
  } finally {
    transport.close();
  }
  const login = settings.user.trim() !== '' ? 'identifiant et mot de passe acceptés' : 'sans authentification';
  return { message: `Connexion réussie à ${settings.host.trim()}:${settings.port} (${SECURITY_NAMES[settings.security]}, ${login}).` };
}

/**
 * Sends a reminder through the configured server: the same message as the .eml (without the
 * draft header), with its Message-ID. Throws an SmtpError when sending is switched off or fails;
 * a partly refused message (some recipients rejected) resolves and lists them in `rejected`.
 */
export async function sendEmail(settings: SmtpSettings, message: ReminderEmailInput, timeouts: SmtpTimeouts = {}): Promise<SentEmail> {
  if (!settings.enabled) {
    throw new SmtpError('disabled', 'L’envoi par SMTP n’est pas activé (Paramètres → Courriels) : ouvrez le fichier .eml dans votre messagerie.');
  }
  checkSettings(settings);
  const { mail, messageId } = reminderMailOptions(message, { draft: false });
  const transport = nodemailer.createTransport(transportOptions(settings, timeouts));
  try {
    const info = await transport.sendMail({ ...mail, xMailer: false });
    return {
      messageId: info.messageId || messageId,
      response: info.response,
      accepted: info.accepted.map(String),
      rejected: info.rejected.map(String),
    };
  } catch (error) {
    throw toSmtpError(error, settings);
  } finally {
    transport.close();
  }
}
