/**
 * The e-mail templates the functions read (shared/mail/template-sets/, written by `npm run build:templates`)
 * against their typed sources (shared/mail/templates/): one file per language, each exactly its source, and the
 * renderer reads them. A failure after editing a template means: run `npm run build:templates`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { templateIds } from '#shared/mail/catalog.ts';
import { languages } from '#shared/mail/languages.ts';
import { placeholdersOf, renderEmail } from '#shared/mail/render.ts';
import { TEMPLATE_SETS_DIR, templatesOf } from '#shared/mail/template-files.ts';
import { templateSets } from '#shared/mail/templates/index.ts';
import { templateFileText } from '../../bin/build-templates.ts';

describe('template files', () => {
  it('hold one file per supported language and nothing else', () => {
    expect(readdirSync(TEMPLATE_SETS_DIR).sort()).toEqual(languages.map((language) => `${language}.json`).sort());
  });

  it.each(languages)('%s.json is exactly its source set, as npm run build:templates writes it', (language) => {
    expect(readFileSync(new URL(`${language}.json`, TEMPLATE_SETS_DIR), 'utf8')).toBe(templateFileText(language));
    expect(templatesOf(language)).toEqual(templateSets[language].templates);
  });

  it.each(languages)('renders %s mail from its file, in that language', (language) => {
    const file = JSON.parse(readFileSync(new URL(`${language}.json`, TEMPLATE_SETS_DIR), 'utf8')) as {
      templates: Record<string, { subject: string }>;
    };
    for (const id of templateIds) {
      const vars = Object.fromEntries(placeholdersOf(id).map((name) => [name, `<${name}>`]));
      const expected = (file.templates[id]?.subject ?? '').replace(
        /\{\{(\w+)\}\}/g,
        (_match, name: string) => `<${name}>`,
      );
      expect(renderEmail(id, language, vars as never).subject, `${language}/${id}`).toBe(expected);
    }
  });
});
