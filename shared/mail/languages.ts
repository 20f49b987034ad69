/** The languages support is given in (DESIGN §2): every one of them has a full template set. */
export const languages = ['en', 'fr', 'de', 'es', 'it', 'ru', 'zh', 'ja', 'pt'] as const;

export type Language = (typeof languages)[number];
