/**
 * `npm run build:templates`: writes the e-mail templates from their sources (shared/mail/templates/, typed, so a
 * missing template does not compile) into `shared/mail/template-sets/<language>.json`, which the renderer reads
 * and which the bundles of the functions that send mail carry beside them, so no bundle holds the nine
 * languages' text (issue 13). Run it after editing a template; test/unit/template-files.test.ts fails until then.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { languages } from '../shared/mail/languages.ts';
import { TEMPLATE_SETS_DIR, type TemplateFile } from '../shared/mail/template-files.ts';
import { templateSets } from '../shared/mail/templates/index.ts';

/** What `<language>.json` holds for a source set: the templates, not the duration phrases (format.ts keeps those). */
export function templateFileOf(language: (typeof languages)[number]): TemplateFile {
  const set = templateSets[language];
  return { language: set.language, templates: set.templates };
}

export function templateFileText(language: (typeof languages)[number]): string {
  return `${JSON.stringify(templateFileOf(language), null, 2)}\n`;
}

export function buildTemplateFiles(): string[] {
  mkdirSync(TEMPLATE_SETS_DIR, { recursive: true });
  for (const file of readdirSync(TEMPLATE_SETS_DIR))
    if (file.endsWith('.json')) rmSync(new URL(file, TEMPLATE_SETS_DIR));
  for (const language of languages) {
    writeFileSync(new URL(`${language}.json`, TEMPLATE_SETS_DIR), templateFileText(language));
  }
  return [...languages];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const written = buildTemplateFiles();
  process.stderr.write(`${written.length} template sets (${written.join(', ')}) → ${TEMPLATE_SETS_DIR.pathname}\n`);
}
