// SMS reminders as a CSV file for an SMS service (upload to the provider's web interface).
//
// Format, and why:
// - UTF-8 with a BOM, `;` separator, CRLF line ends: what French Excel opens directly, and the
//   same choice as every other CSV Recouvra writes (aging export, books export). SMS services
//   (OVH, Brevo, SMSFactor, Octopush…) read `;` files and let the user pick the columns; the
//   texts are full of commas, so `;` also keeps most cells unquoted.
// - Columns: telephone (E.164, +33612345678), nom, message, caracteres, sms (the length in
//   GSM-7/UCS-2 units and the number of SMS billed, for the user to review before sending).
// - Cells are quoted (RFC 4180) when they hold the separator, a quote or a line break.
// - Formula injection: a text cell starting with = + - @ (or a tab / carriage return) gets a
//   leading apostrophe, so a spreadsheet shows it as text instead of running it. The phone
//   cell is exempt: it is built here and is only "+" and digits, and the SMS service needs the
//   "+" as is (a spreadsheet reading "+33612345678" shows a number, never runs anything).
// - Numbers that are not French mobiles (landlines, foreign, malformed) are left out and
//   reported with their line and the reason, in French.
import { normalizeMobilePhone, smsInfo } from '../../../shared/domain/sms.js';

export interface SmsRow {
  phone: string;
  name: string;
  text: string;
}

export interface SmsCsvRejection {
  /** 1-based position of the row in the list given to smsCsv. */
  line: number;
  name: string;
  phone: string;
  /** In French, e.g. "« 01 23 45 67 89 » n’est pas un numéro de portable (06 ou 07) : …". */
  reason: string;
}

export interface SmsCsv {
  /** The file's content, starting with the BOM. */
  csv: string;
  /** Rows written. */
  exported: number;
  /** Total SMS billed for the rows written. */
  segments: number;
  rejected: SmsCsvRejection[];
}

export const SMS_CSV_SEPARATOR = ';';
export const SMS_CSV_HEADER = ['telephone', 'nom', 'message', 'caracteres', 'sms'] as const;

/** A text cell guarded against formula injection, then quoted if needed. */
export function csvTextCell(value: string): string {
  const guarded = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return csvQuote(guarded);
}

function csvQuote(value: string): string {
  return /[;"\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function smsCsv(rows: readonly SmsRow[]): SmsCsv {
  const lines: string[] = [SMS_CSV_HEADER.join(SMS_CSV_SEPARATOR)];
  const rejected: SmsCsvRejection[] = [];
  let segments = 0;
  rows.forEach((row, index) => {
    const line = index + 1;
    const phone = normalizeMobilePhone(row.phone);
    if (!phone.ok) {
      rejected.push({ line, name: row.name, phone: row.phone, reason: phone.reason });
      return;
    }
    if (row.text.trim() === '') {
      rejected.push({ line, name: row.name, phone: row.phone, reason: 'Message vide.' });
      return;
    }
    const info = smsInfo(row.text);
    segments += info.segments;
    lines.push(
      [csvQuote(phone.e164), csvTextCell(row.name), csvTextCell(row.text), String(info.characters), String(info.segments)].join(SMS_CSV_SEPARATOR),
    );
  });
  return { csv: `\ufeff${lines.join('\r\n')}\r\n`, exported: lines.length - 1, segments, rejected };
}
