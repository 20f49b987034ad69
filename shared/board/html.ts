/**
 * HTML escaped by construction (STYLE.md): every value interpolated into `html` is escaped, arrays are
 * joined, and markup passes through only as an `Html` made by `html` itself or by an explicit `raw()`.
 * A hostile subject such as `<img src=x onerror=alert(1)>` therefore reaches the page as text.
 */

/** Markup that is safe to place in a page as it is. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML: the five characters that can end a text node or an attribute value are replaced. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => entities[character] as string);
}

export type Interpolated = Html | string | number | boolean | null | undefined | readonly Interpolated[];

function render(value: Interpolated): string {
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/** The tagged template: `html\`<td>${ticket.subject}</td>\`` escapes the subject. */
export function html(strings: TemplateStringsArray, ...values: readonly Interpolated[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? '');
  });
  return new Html(out);
}

/** Markup written by this code, never by a customer: the one explicit way around escaping. */
export function raw(markup: string): Html {
  return new Html(markup);
}

/**
 * JSON for the text of a `<cwdb-action>` element: `<`, `>` and `&` become JSON's own `\u` escapes, so the
 * text holds no markup and no entity, and parses to the same value whether it is read as text or as HTML.
 */
export function jsonText(value: unknown): Html {
  return raw(
    JSON.stringify(value).replace(
      /[<>&]/g,
      (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
    ),
  );
}
