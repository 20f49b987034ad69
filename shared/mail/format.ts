/**
 * Dates and durations as a reader of the e-mail reads them. Apart from the renderer (render.ts), so that the
 * decisions, which format the values a mail will carry, do not pull every template into every function.
 */
import { DateTime } from 'luxon';
import type { DurationPhrases, PluralForms } from './catalog.ts';
import type { Language } from './languages.ts';
import { deDurations } from './templates/de.ts';
import { enDurations } from './templates/en.ts';
import { esDurations } from './templates/es.ts';
import { frDurations } from './templates/fr.ts';
import { itDurations } from './templates/it.ts';
import { jaDurations } from './templates/ja.ts';
import { ptDurations } from './templates/pt.ts';
import { ruDurations } from './templates/ru.ts';
import { zhDurations } from './templates/zh.ts';

const durationSets: { readonly [L in Language]: DurationPhrases } = {
  en: enDurations,
  fr: frDurations,
  de: deDurations,
  es: esDurations,
  it: itDurations,
  ru: ruDurations,
  zh: zhDurations,
  ja: jaDurations,
  pt: ptDurations,
};

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
  const phrases = durationSets[language];
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
