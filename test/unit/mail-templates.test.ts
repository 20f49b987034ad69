import { describe, expect, it } from 'vitest';
import { templateIds } from '#shared/mail/catalog.ts';
import { type Language, languages } from '#shared/mail/languages.ts';
import {
  formatInstant,
  formatObjective,
  placeholdersOf,
  renderEmail,
  type TemplateId,
  type TemplateVars,
} from '#shared/mail/render.ts';
import { templateSets } from '#shared/mail/templates/index.ts';

const expectedIds: TemplateId[] = [
  'ticket_opened',
  'ticket_opened_best_effort',
  'warning',
  'breach',
  'escalation_manager',
  'escalation_ack',
  'pending_closure',
  'closed_no_response',
];

/** The `{{name}}` placeholders written in a raw template string, parsed independently of the renderer. */
function placeholdersIn(source: string): Set<string> {
  return new Set([...source.matchAll(/\{\{([^{}]*)\}\}/g)].map((match) => match[1] ?? ''));
}

/** One distinct value per placeholder, so each can be found in the output. */
function sampleVars<T extends TemplateId>(id: T): TemplateVars<T> {
  const vars: Record<string, string> = {};
  for (const name of placeholdersOf(id)) vars[name] = name === 'ticketId' ? 'TCK-40217' : `sample-${name}-7`;
  return vars as TemplateVars<T>;
}

/** Intl output may use narrow or no-break spaces; tests compare words, not the kind of space. */
function spaced(value: string): string {
  return value.replace(/\s/g, ' ');
}

const cases = languages.flatMap((language) => templateIds.map((id) => [language, id] as const));

describe('template sets', () => {
  it('declare the template ids of the brief, and one set per supported language', () => {
    expect([...templateIds].sort()).toEqual([...expectedIds].sort());
    expect(Object.keys(templateSets).sort()).toEqual([...languages].sort());
    expect([...languages].sort()).toEqual(['de', 'en', 'es', 'fr', 'it', 'ja', 'pt', 'ru', 'zh']);
  });

  it.each(languages)('%s has every template, each with a subject, text and HTML body', (language) => {
    const set = templateSets[language];
    expect(set.language).toBe(language);
    for (const id of templateIds) {
      const template = set.templates[id];
      expect(template, `${language}/${id}`).toBeDefined();
      expect(template.subject.trim(), `${language}/${id} subject`).not.toBe('');
      expect(template.text.trim(), `${language}/${id} text`).not.toBe('');
      expect(template.html.trim(), `${language}/${id} html`).not.toBe('');
    }
  });

  it.each(languages.filter((language) => language !== 'en'))('%s is translated, not a copy of English', (language) => {
    for (const id of templateIds) {
      const [set, english] = [templateSets[language].templates[id], templateSets.en.templates[id]];
      expect(set.subject, `${language}/${id} subject`).not.toBe(english.subject);
      expect(set.text, `${language}/${id} text`).not.toBe(english.text);
      expect(set.html, `${language}/${id} html`).not.toBe(english.html);
      // The English greeting and sign-off must not leak into another language's customer mail.
      expect(set.text, `${language}/${id}`).not.toMatch(/\b(Hello|Kind regards|Please)\b/);
    }
  });

  it.each(cases)('%s/%s uses exactly its declared placeholders, and the ticket id in the subject', (language, id) => {
    const template = templateSets[language].templates[id];
    const declared = new Set<string>(placeholdersOf(id));
    expect(placeholdersIn(template.text)).toEqual(declared);
    expect(placeholdersIn(template.html)).toEqual(declared);
    const inSubject = placeholdersIn(template.subject);
    expect(inSubject.has('ticketId')).toBe(true);
    for (const name of inSubject) expect(declared, `{{${name}}} in the subject`).toContain(name);
  });

  it('placeholdersOf returns the declared names', () => {
    expect(placeholdersOf('escalation_ack')).toEqual(['ticketId', 'subject']);
    expect([...placeholdersOf('ticket_opened')].sort()).toEqual(
      ['deadline', 'objective', 'program', 'severity', 'subject', 'ticketId'].sort(),
    );
    expect([...placeholdersOf('warning')].sort()).toEqual(
      ['accountName', 'deadline', 'program', 'severity', 'subject', 'supportId', 'ticketId', 'timeLeft'].sort(),
    );
  });
});

describe('renderEmail', () => {
  it.each(cases)('%s/%s fills every placeholder with its value', (language, id) => {
    const vars = sampleVars(id);
    const mail = renderEmail(id, language, vars);
    for (const part of [mail.subject, mail.text, mail.html]) expect(part).not.toContain('{{');
    expect(mail.subject).toContain('TCK-40217');
    for (const value of Object.values(vars)) {
      expect(mail.text).toContain(value);
      expect(mail.html).toContain(value);
    }
    expect(mail.html).toMatch(new RegExp(`^<!DOCTYPE html>\\n<html lang="${language}">`));
  });

  it('HTML-escapes values in the HTML body only', () => {
    const subject = `<script>alert("x")</script> & O'Brien`;
    const mail = renderEmail('escalation_ack', 'en', { ticketId: 'TCK-1', subject });
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; O&#39;Brien');
    expect(mail.html).not.toContain('<script>');
    expect(mail.text).toContain(subject);
    // The subject of the e-mail is a header, not HTML, so it carries the value as typed.
    const opened = renderEmail('ticket_opened', 'fr', {
      ...sampleVars('ticket_opened'),
      subject,
    });
    expect(opened.subject).toContain(subject);
    expect(opened.text).toContain(subject);
    expect(opened.html).not.toContain('<script>');
  });

  it('keeps multi-line values in the text but puts the subject on one line', () => {
    const mail = renderEmail('escalation_manager', 'en', {
      ...sampleVars('escalation_manager'),
      accountName: 'Acme\r\nBcc: victim@example.com',
      message: 'First line.\nSecond line.',
    });
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject).toContain('Acme Bcc: victim@example.com');
    expect(mail.text).toContain('First line.\nSecond line.');
  });

  it('puts no control character in a subject: NUL, VT, FF, NEL and U+2028/2029 become spaces (finding 6)', () => {
    const mail = renderEmail('ticket_opened', 'en', {
      ...sampleVars('ticket_opened'),
      subject: 'a\u0000b\u000bc\u000cd\u0085e\u2028f\u2029g\u009bh\u007fi',
    });
    expect(mail.subject).not.toMatch(/[\p{Cc}\u2028\u2029]/u);
    expect(mail.subject).toContain('a b c d e f g h i');
  });

  it('inserts values literally, without reading placeholders inside them', () => {
    const mail = renderEmail('escalation_ack', 'de', {
      ticketId: 'TCK-9',
      subject: 'about {{ticketId}} and $&',
    });
    expect(mail.text).toContain('about {{ticketId}} and $&');
  });

  it('throws when a placeholder has no value', () => {
    const missing = { ticketId: 'TCK-2' } as unknown as TemplateVars<'escalation_ack'>;
    expect(() => renderEmail('escalation_ack', 'en', missing)).toThrow(/\{\{subject\}\}/);
    const notAString = { ticketId: 'TCK-2', subject: 42 } as unknown as TemplateVars<'escalation_ack'>;
    expect(() => renderEmail('escalation_ack', 'ja', notAString)).toThrow(/\{\{subject\}\}/);
    const { deadline: _deadline, ...withoutDeadline } = sampleVars('ticket_opened');
    expect(() =>
      renderEmail('ticket_opened', 'ru', withoutDeadline as unknown as TemplateVars<'ticket_opened'>),
    ).toThrow(/\{\{deadline\}\}/);
  });
});

describe('formatInstant', () => {
  const instant = '2026-12-02T19:00:00Z';

  it('shows the same instant in the local time of each zone, in the language', () => {
    const paris = spaced(formatInstant(instant, 'Europe/Paris', 'fr'));
    expect(paris).toContain('20:00');
    expect(paris).toContain('2 décembre 2026');
    expect(paris).toMatch(/UTC\+1|CET|GMT\+1/);

    const newYork = spaced(formatInstant(instant, 'America/New_York', 'en'));
    expect(newYork).toMatch(/\b2:00 PM\b/);
    expect(newYork).toContain('December 2, 2026');
    expect(newYork).toContain('EST');
    expect(newYork).not.toContain('7:00');
  });

  it('crosses the date line and follows summer time', () => {
    expect(spaced(formatInstant(instant, 'Asia/Tokyo', 'ja'))).toMatch(/2026年12月3日.*4:00/);
    expect(spaced(formatInstant('2026-07-01T12:00:00Z', 'Europe/Paris', 'fr'))).toMatch(/14:00 UTC\+2/);
    expect(spaced(formatInstant(instant, 'Europe/Berlin', 'de'))).toMatch(/2\. Dezember 2026 um 20:00/);
  });

  it('accepts a fixed offset zone', () => {
    const text = spaced(formatInstant(instant, 'UTC+05:30', 'en'));
    expect(text).toContain('December 3, 2026');
    expect(text).toMatch(/12:30 AM/);
    expect(text).toContain('UTC+5:30');
  });

  it('reads an instant given with another offset as that instant', () => {
    const a = formatInstant('2026-12-02T20:00:00+01:00', 'America/New_York', 'en');
    expect(a).toBe(formatInstant(instant, 'America/New_York', 'en'));
  });

  it('throws on an unknown zone or a malformed instant', () => {
    expect(() => formatInstant(instant, 'Mars/Olympus_Mons', 'en')).toThrow(/zone/);
    expect(() => formatInstant('not a date', 'Europe/Paris', 'en')).toThrow(/ISO/);
  });
});

describe('formatObjective', () => {
  const expected: Record<Language, [number, 'wall' | 'business', string][]> = {
    en: [
      [30, 'wall', '30 minutes'],
      [1, 'wall', '1 minute'],
      [60, 'wall', '1 hour'],
      [180, 'wall', '3 hours'],
      [90, 'wall', '1 hour 30 minutes'],
      [60, 'business', '1 business hour'],
      [480, 'business', '8 business hours'],
      [1440, 'business', '24 business hours'],
    ],
    fr: [
      [30, 'wall', '30 minutes'],
      [60, 'wall', '1 heure'],
      [360, 'wall', '6 heures'],
      [480, 'business', '8 heures ouvrées'],
      [90, 'wall', '1 heure et 30 minutes'],
    ],
    de: [
      [30, 'wall', '30 Minuten'],
      [60, 'wall', '1 Stunde'],
      [480, 'business', '8 Geschäftsstunden'],
      [60, 'business', '1 Geschäftsstunde'],
    ],
    es: [
      [30, 'wall', '30 minutos'],
      [60, 'wall', '1 hora'],
      [480, 'business', '8 horas hábiles'],
    ],
    it: [
      [30, 'wall', '30 minuti'],
      [60, 'wall', '1 ora'],
      [480, 'business', '8 ore lavorative'],
    ],
    ru: [
      [30, 'wall', '30 минут'],
      [60, 'wall', '1 час'],
      [180, 'wall', '3 часа'],
      [480, 'wall', '8 часов'],
      [60, 'business', '1 рабочий час'],
      [120, 'business', '2 рабочих часа'],
      [480, 'business', '8 рабочих часов'],
      [1260, 'business', '21 рабочий час'],
      [1440, 'business', '24 рабочих часа'],
    ],
    zh: [
      [30, 'wall', '30分钟'],
      [60, 'wall', '1小时'],
      [480, 'business', '8个工作小时'],
    ],
    ja: [
      [30, 'wall', '30分'],
      [60, 'wall', '1時間'],
      [480, 'business', '8営業時間'],
    ],
    pt: [
      [30, 'wall', '30 minutos'],
      [60, 'wall', '1 hora'],
      [480, 'business', '8 horas úteis'],
    ],
  };

  it.each(languages)('%s reads objectives naturally', (language) => {
    for (const [minutes, clock, phrase] of expected[language]) {
      expect(formatObjective(minutes, clock, language), `${minutes} ${clock}`).toBe(phrase);
    }
  });

  it.each(languages)('%s tells business hours from wall-clock hours', (language) => {
    expect(formatObjective(480, 'business', language)).not.toBe(formatObjective(480, 'wall', language));
    expect(formatObjective(480, 'business', language)).toContain('8');
  });

  it('refuses a negative or fractional number of minutes', () => {
    expect(() => formatObjective(-5, 'wall', 'en')).toThrow(RangeError);
    expect(() => formatObjective(1.5, 'wall', 'en')).toThrow(RangeError);
    expect(() => formatObjective(Number.NaN, 'business', 'fr')).toThrow(RangeError);
  });
});
