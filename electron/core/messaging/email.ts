// Reminder e-mails as RFC 5322 messages, built by nodemailer's MailComposer: one builder for the
// .eml handed to the user's mail program (a draft: `X-Unsent: 1`) and for what the SMTP
// transport sends, so both carry the same headers, body, attachment and Message-ID.
import { randomBytes } from 'node:crypto';
import MailComposer, { type MailComposerOptions } from 'nodemailer/lib/mail-composer';
import { isValidEmail } from '../../../shared/validation.js';
import { AppError } from '../errors.js';

export interface MailAddress {
  name: string;
  address: string;
}

export interface EmailAttachment {
  fileName: string;
  content: Buffer;
  /** e.g. "application/pdf". */
  contentType: string;
}

export interface ReminderEmailInput {
  from: MailAddress;
  to: MailAddress;
  replyTo?: MailAddress | null;
  /** French subject, accents and all (encoded as RFC 2047 words). */
  subject: string;
  /** French body: paragraphs separated by a blank line. */
  text: string;
  /** Adds a simple HTML alternative made from `text` (paragraphs, line breaks). Default true. */
  htmlAlternative?: boolean;
  attachments: EmailAttachment[];
  /** The Date header. */
  date: Date;
  /** Right-hand side of the Message-ID, usually the domain of the sender's address. */
  messageIdDomain: string;
  /** Reuse this Message-ID (e.g. sending the very message first handed out as .eml); a new one by default. */
  messageId?: string;
}

export interface BuiltEmail {
  /** The whole message, CRLF line ends, ready to be written as a .eml file. */
  eml: Buffer;
  /** With its angle brackets, as in the header: `<…@domain>`. */
  messageId: string;
}

const DOMAIN_PATTERN = /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/;

function idDomain(preferred: string, fromAddress: string): string {
  const candidates = [preferred.trim().toLowerCase(), (fromAddress.split('@')[1] ?? '').trim().toLowerCase()];
  return candidates.find((d) => d !== '' && DOMAIN_PATTERN.test(d)) ?? 'recouvra.invalid';
}

/** A new, globally unique Message-ID: `<time.random@domain>`. */
export function newMessageId(domain: string): string {
  const safe = idDomain(domain, '');
  return `<${Date.now().toString(36)}.${randomBytes(12).toString('hex')}@${safe}>`;
}

const MESSAGE_ID_PATTERN = /^<[^<>@\s]+@[^<>@\s]+>$/;

/** The Message-ID of a message: the given one when well formed, else a new one. */
function messageIdFor(input: ReminderEmailInput): string {
  if (input.messageId !== undefined) {
    if (!MESSAGE_ID_PATTERN.test(input.messageId)) throw new Error(`Malformed Message-ID: ${input.messageId}`);
    return input.messageId;
  }
  return newMessageId(idDomain(input.messageIdDomain, input.from.address));
}

const oneLine = (value: string): string => value.replace(/[\r\n\t]+/g, ' ').replace(/\s{2,}/g, ' ').trim();

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A plain-text body as simple HTML: one <p> per paragraph, <br> for the line breaks inside. */
export function textToHtml(text: string): string {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => `<p>${p.split('\n').map(escapeHtml).join('<br>\n')}</p>`);
  return (
    '<!DOCTYPE html>\n<html lang="fr">\n<head><meta charset="utf-8"></head>\n' +
    '<body style="font-family: Arial, Helvetica, sans-serif; font-size: 14px; line-height: 1.45; color: #1a1a1a;">\n' +
    `${paragraphs.join('\n')}\n</body>\n</html>\n`
  );
}

function checkInput(input: ReminderEmailInput): void {
  const fields: Record<string, string> = {};
  if (!isValidEmail(input.to.address)) {
    fields['to'] = input.to.address.trim() === ''
      ? 'Destinataire : ce contact n’a pas d’adresse e-mail.'
      : `Destinataire : « ${input.to.address} » n’est pas une adresse e-mail valide.`;
  }
  if (!isValidEmail(input.from.address)) {
    fields['from'] = input.from.address.trim() === ''
      ? 'Expéditeur : renseignez l’adresse e-mail de votre entreprise (Paramètres).'
      : `Expéditeur : « ${input.from.address} » n’est pas une adresse e-mail valide.`;
  }
  if (input.replyTo && !isValidEmail(input.replyTo.address)) fields['replyTo'] = `Adresse de réponse : « ${input.replyTo.address} » n’est pas valide.`;
  if (oneLine(input.subject) === '') fields['subject'] = 'Objet : obligatoire.';
  const keys = Object.keys(fields);
  if (keys.length > 0) {
    const first = fields[keys[0]!]!;
    throw new AppError('VALIDATION', keys.length > 1 ? `${keys.length} champs à corriger. ${first}` : first, fields);
  }
}

const address = (a: MailAddress): { name: string; address: string } => ({ name: oneLine(a.name), address: a.address.trim() });

/**
 * The MailComposer options of a reminder, shared by the .eml and the SMTP transport. `draft`
 * adds `X-Unsent: 1`, which makes Outlook open the file as a new message ready to send; a
 * message actually sent never carries it.
 */
export function reminderMailOptions(input: ReminderEmailInput, options: { draft: boolean }): { mail: MailComposerOptions; messageId: string } {
  checkInput(input);
  const messageId = messageIdFor(input);
  const text = input.text.replace(/\r\n?/g, '\n');
  const mail: MailComposerOptions = {
    from: address(input.from),
    to: address(input.to),
    ...(input.replyTo ? { replyTo: address(input.replyTo) } : {}),
    subject: oneLine(input.subject),
    text,
    ...(input.htmlAlternative === false ? {} : { html: textToHtml(text) }),
    attachments: input.attachments.map((a) => ({
      filename: oneLine(a.fileName),
      content: a.content,
      contentType: a.contentType,
      contentDisposition: 'attachment',
    })),
    messageId,
    date: input.date,
    headers: options.draft ? { 'X-Unsent': '1' } : {},
    newline: 'windows',
    // Only the buffers given here: never read a file or fetch a URL named in the data.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
  return { mail, messageId };
}

/** A reminder as a ready .eml file (a draft with the attachment), and its Message-ID. */
export async function buildReminderEmail(input: ReminderEmailInput): Promise<BuiltEmail> {
  const { mail, messageId } = reminderMailOptions(input, { draft: true });
  const eml = await new MailComposer(mail).compile().build();
  return { eml, messageId };
}

/** A file name for the .eml: "Relance - Boulangerie Dupont - 2026-11-23.eml", safe on Windows, macOS and Linux. */
export function emlFileName(title: string): string {
  const safe = title
    .normalize('NFC')
    .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[. ]+$/, '')
    .slice(0, 120);
  return `${safe === '' ? 'Courriel' : safe}.eml`;
}
