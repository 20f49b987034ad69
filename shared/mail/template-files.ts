import { readFileSync } from 'node:fs';
import type { Template, TemplateId } from './catalog.ts';
import type { Language } from './languages.ts';

/**
 * The e-mail templates that `npm run build:templates` writes from the sources in ./templates/, one JSON file
 * per language, read on demand: a function that sends mail reads only the languages it sends in, and no bundle
 * carries the nine languages' text (issue 13). Beside this module in the source, and beside `index.mjs` in the
 * bundles of the functions granted `mail` (infra/bundling.ts copies the folder), so one relative URL finds them
 * in both, as for the holiday tables.
 */
export const TEMPLATE_SETS_DIR = new URL('./template-sets/', import.meta.url);

/** `<language>.json`: one language's templates, as written from its source set. */
export interface TemplateFile {
  readonly language: Language;
  readonly templates: { readonly [K in TemplateId]: Template };
}

const loaded = new Map<Language, TemplateFile>();

/** A language's templates, read from its file once per process. */
export function templatesOf(language: Language): TemplateFile['templates'] {
  let found = loaded.get(language);
  if (!found) {
    // Only a `Language` names a file; the API refuses any other value before it could get here.
    found = JSON.parse(readFileSync(new URL(`${language}.json`, TEMPLATE_SETS_DIR), 'utf8')) as TemplateFile;
    if (found.language !== language) throw new Error(`${language}.json holds the ${found.language} templates`);
    loaded.set(language, found);
  }
  return found.templates;
}
