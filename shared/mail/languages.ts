/** The languages support is given in (DESIGN §2): every one of them has a full template set. */
export const languages = ['en', 'fr', 'de', 'es', 'it', 'ru', 'zh', 'ja', 'pt'] as const;

export type Language = (typeof languages)[number];

/** Narrows a string (an account's stored language, say) to a supported language. */
export function isLanguage(value: string): value is Language {
  return (languages as readonly string[]).includes(value);
}
