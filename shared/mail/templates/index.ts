import type { TemplateSet } from '../catalog.ts';
import type { Language } from '../languages.ts';
import { de } from './de.ts';
import { en } from './en.ts';
import { es } from './es.ts';
import { fr } from './fr.ts';
import { it } from './it.ts';
import { ja } from './ja.ts';
import { pt } from './pt.ts';
import { ru } from './ru.ts';
import { zh } from './zh.ts';

/** Every supported language's set: typed by `Language`, so a language without a set does not compile. */
export const templateSets: { readonly [L in Language]: TemplateSet } = { en, fr, de, es, it, ru, zh, ja, pt };
