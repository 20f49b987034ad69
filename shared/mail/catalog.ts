import type { Language } from './languages.ts';

/**
 * Every template and the exact placeholders its subject and bodies may use: the one list
 * that both the template sets' types and the renderer's checks derive from.
 */
export const templatePlaceholders = {
  ticket_opened: ['ticketId', 'subject', 'severity', 'program', 'objective', 'deadline'],
  ticket_opened_best_effort: ['ticketId', 'subject', 'severity', 'program'],
  warning: ['ticketId', 'subject', 'supportId', 'accountName', 'program', 'severity', 'deadline', 'timeLeft'],
  breach: ['ticketId', 'subject', 'supportId', 'accountName', 'program', 'severity', 'deadline', 'breachedAt'],
  escalation_manager: ['ticketId', 'subject', 'supportId', 'accountName', 'by', 'message'],
  escalation_ack: ['ticketId', 'subject'],
  pending_closure: ['ticketId', 'subject', 'closesAt'],
  closed_no_response: ['ticketId', 'subject'],
} as const satisfies Record<string, readonly string[]>;

export type TemplateId = keyof typeof templatePlaceholders;

export const templateIds = Object.keys(templatePlaceholders) as TemplateId[];

/** The values a template needs: exactly its placeholders, each already formatted as text. */
export type TemplateVars<T extends TemplateId> = {
  readonly [K in (typeof templatePlaceholders)[T][number]]: string;
};

/** One e-mail in one language, with `{{name}}` placeholders. */
export interface Template {
  readonly subject: string;
  readonly text: string;
  /** An HTML fragment for inside `<body>`: the renderer adds the document around it. */
  readonly html: string;
}

/** A phrase per plural category of the language (`Intl.PluralRules`), with `{n}` for the number. */
export type PluralForms = { readonly other: string } & Partial<
  Readonly<Record<Exclude<Intl.LDMLPluralRule, 'other'>, string>>
>;

/** How a response objective reads in a language: "8 business hours", "1 heure", … */
export interface DurationPhrases {
  readonly minutes: PluralForms;
  readonly hours: PluralForms;
  readonly businessMinutes: PluralForms;
  readonly businessHours: PluralForms;
  /** Joins an hour phrase and a minute phrase, with `{hours}` and `{minutes}`. */
  readonly hoursAndMinutes: string;
}

/** A language's complete set: a missing template is a type error, not a runtime surprise. */
export interface TemplateSet {
  readonly language: Language;
  readonly templates: { readonly [K in TemplateId]: Template };
  readonly durations: DurationPhrases;
}
