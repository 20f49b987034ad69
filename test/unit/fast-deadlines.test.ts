/**
 * `sla deadlines`' fast path (shared/cli/fast-deadlines.ts) answers well-formed lines without JSON.parse or the
 * schema: its bytes must be the full path's on every line, well-formed or not, in any chunking.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AnswerBuffer,
  deadlineLines,
  fastLineAnswerer,
  fullLineAnswerer,
  isoWriter,
} from '#shared/cli/fast-deadlines.ts';
import { loadPolicy } from '#shared/policy/load-policy.ts';
import { parseInstantWithLuxon, parsePlainInstant } from '#shared/time/instant.ts';
import { epochDayOfIsoDate, epochDayOfIsoDateIn } from '#shared/time/local-days.ts';

const policy = loadPolicy();
const full = fullLineAnswerer(policy);

/** What the full path writes for a whole input: one answer and a line break per non-blank line. */
function expected(text: string): string {
  return text
    .split(/\r\n|\n|\r/)
    .map(full)
    .filter((answer) => answer !== '')
    .map((answer) => `${answer}\n`)
    .join('');
}

/** What `sla deadlines` writes, the input cut into the given chunks. */
function answered(chunks: string[]): string {
  const lines = deadlineLines(policy);
  const parts: Buffer[] = [];
  for (const chunk of chunks) {
    lines.write(chunk);
    parts.push(lines.out.take());
  }
  lines.end();
  parts.push(lines.out.take());
  return Buffer.concat(parts).toString('utf8');
}

/** The fast path's own answer to one line, or undefined when it hands the line on. */
function fastAnswer(line: string): string | undefined {
  const out = new AnswerBuffer();
  return fastLineAnswerer(policy)(line, 0, line.length, out) ? out.take().toString('utf8') : undefined;
}

/** A JSON string with some characters written as \u escapes (JSON.parse reads both the same). */
const jsonString = (text: string, escapeEvery: number) =>
  `"${[...text]
    .map((char, i) => {
      const raw = JSON.stringify(char).slice(1, -1);
      if (escapeEvery === 0 || i % escapeEvery !== 0 || raw.length > 1) return raw;
      return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
    })
    .join('')}"`;

const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
const instant = fc.oneof(
  // Whole minutes as the common senders write them, 2025 to past the holiday tables' end.
  fc
    .integer({ min: Date.UTC(2025, 0, 1) / 60_000, max: Date.UTC(2051, 0, 10) / 60_000 })
    .map((minute) => new Date(minute * 60_000).toISOString()),
  // Any field, offset and fraction, valid or not.
  fc
    .record({
      date: fc
        .tuple(fc.integer({ min: 990, max: 2060 }), two(13), two(32))
        .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${m}-${d}`),
      time: fc.tuple(two(24), two(60)).map(([h, m]) => `${h}:${m}`),
      seconds: fc.option(two(60), { nil: '' }).map((s) => (s === '' ? '' : `:${s}`)),
      fraction: fc.option(fc.stringMatching(/^\d{1,10}$/), { nil: '' }).map((f) => (f === '' ? '' : `.${f}`)),
      offset: fc.constantFrom('Z', 'z', '+01:00', '-03:30', '+0530', '+14:00', '+14:30', '-00:00', '+25:00', ''),
      t: fc.constantFrom('T', 'T', 't', ' '),
    })
    .map(
      ({ date, time, seconds, fraction, offset, t }) =>
        `${date}${t}${time}${seconds}${seconds === '' ? '' : fraction}${offset}`,
    ),
  fc.constantFrom('2026-12-04T14:00:00.57Z', '2026-12-04T14:00:00.123456789+01:00', 'tomorrow', ''),
);

const space = fc.constantFrom('', '', ' ', '\t', '  ');
const stringValue = (values: string[]) =>
  fc.tuple(fc.constantFrom(...values), fc.constantFrom(0, 0, 0, 1, 3)).map(([text, every]) => jsonString(text, every));
/** Raw JSON tokens for each key, good and bad. */
const fields = (requiredKeys: string[]) =>
  fc.record(
    {
      program: fc.oneof(
        stringValue(['basic', 'evaluation', 'premier', 'production', 'free', 'platinum', 'Basic', '', 'constructor']),
        fc.constant('7'),
      ),
      severity: fc.constantFrom(
        '1',
        '2',
        '3',
        '4',
        '0',
        '5',
        '2.0',
        '2e0',
        '-1',
        '"2"',
        'null',
        '1e400',
        '12345678901234567890',
        '02',
      ),
      opened: fc.tuple(instant, fc.constantFrom(0, 0, 0, 2)).map(([text, every]) => jsonString(text, every)),
      tz: stringValue([
        'UTC',
        'UTC',
        'Europe/Paris',
        'America/New_York',
        'Asia/Kolkata',
        'Australia/Sydney',
        'UTC+05:30',
        'UTC+14:30',
        'Mars/Base',
        'local',
        'utc',
        'Etc/UTC',
        '',
      ]),
      holidays: stringValue(['FR', 'fr', 'US-CA', 'DE-BY', 'AU-NSW', 'XX', '']),
      holiday: fc.constantFrom(
        '[]',
        '["2026-12-24"]',
        '[ "2026-12-24" , "2026-12-28" ]',
        '["2026-02-30"]',
        '"2026-12-24"',
        '[1]',
        '["2026-12-24",]',
      ),
      extra: fc.constantFrom('true', '"x"'),
    },
    { requiredKeys: requiredKeys as never[] },
  );

const queryLine = fields([])
  .chain((fields) => {
    const entries = Object.entries(fields);
    return fc.tuple(
      fc.shuffledSubarray(entries, { minLength: entries.length, maxLength: entries.length }),
      fc.array(space, { minLength: 4 * entries.length + 3, maxLength: 4 * entries.length + 3 }),
      fc.boolean(),
    );
  })
  .map(([entries, spaces, duplicate]) => {
    const pad = (i: number) => spaces[i] ?? '';
    const body = entries.map(([key, value], i) => `${pad(4 * i)}"${key}"${pad(4 * i + 1)}:${pad(4 * i + 2)}${value}`);
    if (duplicate && entries.length > 0) body.push(`"tz":"UTC"`);
    return `${pad(spaces.length - 3)}{${body.join(',')}${pad(spaces.length - 2)}}${pad(spaces.length - 1)}`;
  });

/** The layout the common senders write (keys in the contract's order, no spaces), any tokens in it. */
const commonLine = fields(['program', 'severity', 'opened', 'tz']).map(
  ({ program, severity, opened, tz, holidays, holiday }) =>
    `{"program":${program},"severity":${severity},"opened":${opened},"tz":${tz}${holidays === undefined ? '' : `,"holidays":${holidays}`}${holiday === undefined ? '' : `,"holiday":${holiday}`}}`,
);

/** Well-formed lines, and the same lines cut short, with a character changed or inserted. */
const line = fc.oneof(
  { weight: 3, arbitrary: queryLine },
  { weight: 3, arbitrary: commonLine },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.oneof(queryLine, commonLine),
        fc.nat(),
        fc.constantFrom('', '"', '\\', '{', '}', ',', ':', '[', ']', 'é', '\u0000', 'x'),
      )
      .map(([text, at, char]) => {
        const i = at % (text.length + 1);
        return char === '' ? text.slice(0, i) : `${text.slice(0, i)}${char}${text.slice(i + (at % 2))}`;
      }),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('x', '}', ',', ' ]', '\u0000', ' {}'), fc.oneof(queryLine, commonLine))
      .map(([extra, text]) => text + extra),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('', ' ', '\t', '\u00a0', 'null', '[]', '{}', '42', '"basic"', '{"program":'),
  },
);

describe('sla deadlines, fast path against full path', () => {
  it('writes the full path’s bytes for random lines, line breaks and chunkings', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(line, fc.constantFrom('\n', '\n', '\r\n', '\r')), { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        (lines, cuts) => {
          const text = lines.map(([query, end]) => query + end).join('');
          const want = expected(text);
          expect(answered([text])).toBe(want);
          const at = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
          const chunks = [0, ...at].map((from, i) => text.slice(from, at[i] ?? text.length));
          expect(answered(chunks)).toBe(want);
        },
      ),
      { seed: 20261213, numRuns: 400 },
    );
  });

  it('answers every well-formed line itself, as the full path would', () => {
    fc.assert(
      fc.property(fc.oneof(queryLine, commonLine), (query) => {
        const answer = fastAnswer(query);
        if (answer !== undefined) expect(answer).toBe(`${full(query)}\n`);
      }),
      { seed: 1312, numRuns: 1500 },
    );
  });

  it('takes the lines the common senders write, in any key order and spacing', () => {
    for (const query of [
      '{"program":"basic","severity":2,"opened":"2026-12-04T14:00:00+01:00","tz":"Europe/Paris"}',
      '{"program":"basic","severity":4,"opened":"2026-12-24T14:00:00+01:00","tz":"Europe/Paris","holidays":"FR"}',
      '{"program":"evaluation","severity":3,"opened":"2027-05-04T21:44:00.000Z","tz":"America/Sao_Paulo","holidays":"BR","holiday":["2027-05-04"]}',
      '{ "tz": "UTC", "opened": "2026-12-01T10:00:00Z", "severity": 1, "program": "premier" }',
      '{"program":"free","severity":2,"opened":"2026-12-01T10:00:00Z","tz":"UTC"}',
      '{"program":"evaluation","severity":1,"opened":"2026-12-04T14:00:00Z","tz":"UTC"}',
      '{"program":"basic","severity":4,"opened":"2050-12-30T10:00:00Z","tz":"Europe/Paris","holidays":"FR"}',
    ]) {
      expect(fastAnswer(query), query).toBe(`${full(query)}\n`);
    }
  });

  it('hands on what it does not read: escapes, odd numbers, unknown or repeated keys, luxon-only instants', () => {
    for (const query of [
      '{"program":"b\\u0061sic","severity":2,"opened":"2026-12-04T14:00:00Z","tz":"UTC"}',
      '{"program":"basic","severity":2.0,"opened":"2026-12-04T14:00:00Z","tz":"UTC"}',
      '{"program":"basic","severity":"2","opened":"2026-12-04T14:00:00Z","tz":"UTC"}',
      '{"program":"basic","severity":2,"opened":"2026-12-04T14:00:00Z","tz":"UTC","tz":"Asia/Tokyo"}',
      '{"program":"basic","severity":2,"opened":"2026-12-04T14:00:00Z","tz":"UTC","note":1}',
      '{"program":"basic","severity":2,"opened":"2026-12-04T14:00:00+0100","tz":"UTC"}',
      '{"program":"basic","severity":2,"opened":"2026-12-04T14:00:00Z","tz":"UTC","holidays":""}',
      '{"program":"basic","severity":2,"opened":"2026-12-04T14:00:00Z","tz":"UTC","holiday":["2026-02-30"]}',
      '{"program":"basic","severity":2,"opened":"2026-12-04T14:00:00Z","tz":"Mars/Base"}',
      '{"program":"basic","severity":2,"opened":"2026-12-04T14:00:00Z","tz":"UTC","holiday":["2026-12-24\u0000"]}',
      '{"program":"basic","severity":2,"opened":"2026-12-04T14:00:00Z","tz":"UTC\t"}',
      '{"program":"basic","severity":2,"opened":"2026-12-04T14:00:00Z","tz":"UTC"}x',
      '{"program":"basic","severity":2,"opened":"2026-12-04T14:00:00Z","tz":"UTC"}}',
      '{"program":"basic","severity":2,"opened":"2026-12-04T14:00:00Z","tz":"UTC"},',
      '{"program":"basic","severity":2 ,"opened":"2026-12-04T14:00:00Z","tz":"UTC",}',
      '{"program":"basic","severity":2,"opened":"2026-12-04T14:00:00Z","tz":"UTC","holiday":["2026-12-24",]}',
    ]) {
      expect(fastAnswer(query), query).toBeUndefined();
      expect(answered([query]), query).toBe(expected(query));
    }
  });

  it('gives the worked answers of the README, errors included, in order', () => {
    const text = [
      '{"program":"premier","severity":1,"opened":"2026-12-01T10:00:00Z","tz":"UTC"}',
      '{"program":"basic","severity":4,"opened":"2026-12-24T14:00:00+01:00","tz":"Europe/Paris","holidays":"FR"}',
      '',
      '{"program":"basic","severity":2,"opened":"2026-12-04T14:00:00.1239+01:00","tz":"Europe/Paris"}',
      '{"program":"evaluation","severity":1,"opened":"2026-12-04T14:00:00Z","tz":"UTC"}',
      '{"program":"basic","severity":4,"opened":"2050-12-30T10:00:00Z","tz":"Europe/Paris","holidays":"FR"}',
      '{"program":',
    ].join('\r\n');
    expect(answered([text]).split('\n')).toEqual([
      '{"program":"premier","severity":1,"clock":"wall","targetMinutes":30,"deadline":"2026-12-01T10:30:00.000Z","warnAt":"2026-12-01T10:22:30.000Z"}',
      '{"program":"basic","severity":4,"clock":"business","targetMinutes":1440,"deadline":"2026-12-29T13:00:00.000Z","warnAt":"2026-12-29T07:00:00.000Z"}',
      // A fraction of a second is truncated to the millisecond, as luxon reads it.
      '{"program":"basic","severity":2,"clock":"business","targetMinutes":480,"deadline":"2026-12-07T09:00:00.123Z","warnAt":"2026-12-07T07:00:00.123Z"}',
      '{"error":"severity_not_offered","message":"severity 1 is not offered on the Evaluation program"}',
      '{"error":"holidays_out_of_range","message":"the FR holiday calendar covers 2000–2050; 2051-01-02 is outside it"}',
      '{"error":"invalid_json","message":"Unexpected end of JSON input"}',
      '',
    ]);
  });
});

describe('isoWriter', () => {
  it('writes what toISOString writes, across years, minutes and milliseconds', () => {
    const iso = isoWriter();
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -62_198_755_200_000, max: 253_402_300_799_999 }),
          fc.integer({ min: -8.64e15, max: 8.64e15 }),
          fc.integer({ min: 0, max: 50_000 }).map((minute) => Date.UTC(2026, 0, 1) + minute * 60_000),
        ),
        (instant) => {
          const out = new AnswerBuffer();
          expect(iso(instant, out)).toBe(true);
          expect(out.take().toString('utf8')).toBe(new Date(instant).toISOString());
        },
      ),
      { seed: 7, numRuns: 3000 },
    );
    const out = new AnswerBuffer();
    expect(iso(8.64e15 + 1, out)).toBe(false);
    expect(iso(Number.NaN, out)).toBe(false);
    expect(out.length).toBe(0);
  });
});

describe('parsePlainInstant on part of a line', () => {
  it('reads an instant between two indexes as luxon reads it alone, whatever surrounds it', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom('', '"', '0', ':00Z', '+01:00'), (text, around) => {
        const line = `${around}${text}${around}`;
        const read = parsePlainInstant(line, around.length, around.length + text.length);
        if (read !== undefined) expect(read).toBe(parseInstantWithLuxon(text));
        expect(read).toBe(parsePlainInstant(text));
      }),
      { seed: 99, numRuns: 3000 },
    );
  });
});

describe('epochDayOfIsoDateIn', () => {
  it('reads a date in place as epochDayOfIsoDate reads it alone, years 0000–0099 and bad days included', () => {
    const dayOf = (text: string) => {
      try {
        return epochDayOfIsoDate(text);
      } catch {
        return undefined;
      }
    };
    fc.assert(
      fc.property(
        fc.oneof(
          fc
            .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
            .map(
              ([y, m, d]) =>
                `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
            ),
          fc.constantFrom('2026-1-24', '2026-12-24 ', '2026/12/24', '+02026-12-24', '2026-12-2x', ''),
        ),
        (date) => {
          expect(epochDayOfIsoDateIn(`"${date}"`, 1, date.length + 1)).toBe(dayOf(date));
        },
      ),
      { seed: 2412, numRuns: 3000 },
    );
  });
});
