import { type TemplateId, type TemplateVars, templatePlaceholders } from './catalog.ts';
import type { Language } from './languages.ts';
import { templatesOf } from './template-files.ts';

export type { TemplateId, TemplateVars } from './catalog.ts';
export { formatInstant, formatObjective } from './format.ts';

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

/** `renderEmail`'s shape, as the ticket service takes it (shared/runtime/mail.ts). */
export type Renderer = typeof renderEmail;

/**
 * Renders a template, escaping values only where they land in HTML, and throws on a placeholder
 * without a value because that is a bug in the caller or the template, not bad input.
 */
export function renderEmail<T extends TemplateId>(id: T, language: Language, vars: TemplateVars<T>): RenderedEmail {
  const template = templatesOf(language)[id];
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
