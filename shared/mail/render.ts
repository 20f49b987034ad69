import { DateTime } from 'luxon';
import { type PluralForms, type TemplateId, type TemplateVars, templatePlaceholders } from './catalog.ts';
import type { Language } from './languages.ts';
import { templateSets } from './templates/index.ts';

export type { TemplateId, TemplateVars } from './catalog.ts';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const PLACEHOLDER = /\{\{([A-Za-z][A-Za-z0-9]*)\}\}/g;
const SUBJECT_UNSAFE = /[\p{Cc}\u2028\u2029]+/gu;

/** The placeholders a template declares (the values `renderEmail` needs for it). */
export function placeholdersOf<T extends TemplateId>(id: T): (typeof templatePlaceholders)[T] {
  return templatePlaceholders[id];
}

/**
 * Renders a template, escaping values only where they land in HTML, and throws on a placeholder
 * without a value because that is a bug in the caller or the template, not bad input.
 */
export function renderEmail<T extends TemplateId>(id: T, language: Language, vars: TemplateVars<T>): RenderedEmail {
  const template = templateSets[language]?.templates[id];
  if (!template) throw new Error(`No e-mail template ${id} for language ${language}`);
  const values: Readonly<Record<string, unknown>> = vars;
  const where = `${id} (${language})`;
  // Control characters in a subject value (line breaks, NUL, NEL, U+2028/2029) would fold, cut or forge mail
  // headers: the API refuses them (DESIGN §4.1), and anything older that holds one is mailed with spaces instead.
  const subject = fill(template.subject, values, where, (value) => value.replace(SUBJECT_UNSAFE, ' '));
  const text = fill(template.text, values, where, (value) => value);
  const body = fill(template.html, values, where, escapeHtml);
  return { subject, text, html: htmlDocument(language, escapeHtml(subject), body) };
}

function fill(
  source: string,
  values: Readonly<Record<string, unknown>>,
  where: string,
  encode: (value: string) => string,
): string {
  // Checking the template itself (not the output) lets customer text contain "{{" harmlessly.
  if (source.replace(PLACEHOLDER, '').includes('{{')) {
    throw new Error(`E-mail template ${where} has a malformed placeholder`);
  }
  return source.replace(PLACEHOLDER, (_match, name: string) => {
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    if (typeof value !== 'string') {
      throw new Error(`E-mail template ${where} needs a value for {{${name}}}`);
    }
    return encode(value);
  });
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

function htmlDocument(language: Language, title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
</head>
<body style="font-family: Arial, Helvetica, sans-serif; font-size: 14px; line-height: 1.5; color: #1f2933;">
${body}
</body>
</html>
`;
}

/**
 * An instant as a reader in `zone` (IANA name or a fixed `UTC+05:30`) and `language` reads it,
 * with the weekday and the zone's abbreviation or offset: "Wednesday, December 2, 2026 at 2:00 PM EST".
 */
export function formatInstant(iso: string, zone: string, language: Language): string {
  // An ISO string without an offset is read as UTC, so the output never depends on the host's zone.
  const instant = DateTime.fromISO(iso, { zone: 'utc' });
  if (!instant.isValid) throw new RangeError(`Not an ISO-8601 instant: ${iso}`);
  const local = instant.setZone(zone);
  if (!local.isValid) throw new RangeError(`Unknown time zone: ${zone}`);
  return local.setLocale(language).toLocaleString({ ...DateTime.DATETIME_FULL, weekday: 'long' });
}

/** A duration in words ("30 minutes", "8 business hours"), in whole minutes as the policy counts them. */
export function formatObjective(minutes: number, clock: 'wall' | 'business', language: Language): string {
  if (!Number.isSafeInteger(minutes) || minutes < 0) {
    throw new RangeError(`An objective is a whole, non-negative number of minutes, not ${minutes}`);
  }
  const phrases = templateSets[language].durations;
  const business = clock === 'business';
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return count(business ? phrases.businessMinutes : phrases.minutes, rest, language);
  const hourPhrase = count(business ? phrases.businessHours : phrases.hours, hours, language);
  if (rest === 0) return hourPhrase;
  // The business qualifier sits on the hours only: "2 business hours 30 minutes" reads better than twice.
  const minutePhrase = count(phrases.minutes, rest, language);
  return phrases.hoursAndMinutes.replace('{hours}', () => hourPhrase).replace('{minutes}', () => minutePhrase);
}

function count(forms: PluralForms, n: number, language: Language): string {
  const form = forms[new Intl.PluralRules(language).select(n)] ?? forms.other;
  return form.replace('{n}', () => new Intl.NumberFormat(language).format(n));
}
