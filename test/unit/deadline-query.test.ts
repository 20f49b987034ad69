/**
 * The `sla deadline` contract (DESIGN §8) at the rules layer: each answer checked against deadlines worked out
 * by hand from the seed's policy, and each refusal naming its argument.
 */
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '#shared/policy/load-policy.ts';
import { answerDeadlineQuery, deadlineAnswerer } from '#shared/sla/deadline-query.ts';

const policy = loadPolicy(undefined);
// Wednesday 2 December 2026, 12:00 in Paris.
const query = { program: 'basic', severity: 2, opened: '2026-12-02T12:00:00+01:00', tz: 'Europe/Paris' };

/** Both ways of answering: the schema's, and the CLI's fast path, which must agree on every query. */
const answerers = [
  ['answerDeadlineQuery', (q: unknown) => answerDeadlineQuery(policy, q)],
  ['deadlineAnswerer', deadlineAnswerer(policy)],
] as const;

describe.each(answerers)('%s', (_name, answer) => {
  it('counts 8 business hours from Wednesday noon in Paris to 20:00, warned at 18:00', () => {
    expect(answer(query)).toEqual({
      program: 'basic',
      severity: 2,
      clock: 'business',
      targetMinutes: 480,
      deadline: '2026-12-02T19:00:00.000Z',
      warnAt: '2026-12-02T17:00:00.000Z',
    });
  });

  it('skips an explicit holiday date: the count starts Thursday 08:00', () => {
    expect(answer({ ...query, holiday: ['2026-12-02'] })).toMatchObject({
      deadline: '2026-12-03T15:00:00.000Z',
      warnAt: '2026-12-03T13:00:00.000Z',
    });
  });

  it('skips Christmas on the FR calendar, and only with it', () => {
    // Thursday 24 December 19:00 Paris, severity 1 (2 h): one hour that evening, the next on Monday 28th.
    const christmasEve = { ...query, severity: 1, opened: '2026-12-24T18:00:00Z' };
    expect(answer({ ...christmasEve, holidays: 'FR' })).toMatchObject({ deadline: '2026-12-28T08:00:00.000Z' });
    expect(answer(christmasEve)).toMatchObject({ deadline: '2026-12-25T08:00:00.000Z' });
  });

  it('takes the zone as given: 12:00 in New York is 17:00 UTC', () => {
    expect(answer({ ...query, opened: '2026-12-02T12:00:00-05:00', tz: 'America/New_York' })).toMatchObject({
      deadline: '2026-12-03T01:00:00.000Z', // 20:00 New York
    });
  });

  it('counts wall time on premier and has no deadline on free', () => {
    expect(answer({ ...query, program: 'premier', severity: 1 })).toEqual({
      program: 'premier',
      severity: 1,
      clock: 'wall',
      targetMinutes: 30,
      deadline: '2026-12-02T11:30:00.000Z',
      warnAt: '2026-12-02T11:22:30.000Z',
    });
    expect(answer({ ...query, program: 'free', severity: 3 })).toEqual({
      program: 'free',
      severity: 3,
      clock: 'none',
      targetMinutes: null,
      deadline: null,
      warnAt: null,
    });
  });

  it('refuses a severity the program does not offer with the rule’s code', () => {
    expect(answer({ ...query, program: 'evaluation', severity: 1 })).toEqual({
      error: 'severity_not_offered',
      message: 'severity 1 is not offered on the Evaluation program',
    });
  });

  it('names the programs when the program is unknown', () => {
    expect(answer({ ...query, program: 'platinum' })).toEqual({
      error: 'invalid_argument',
      argument: 'program',
      message: 'program: one of premier, production, basic, evaluation, free',
    });
    expect(answer({ ...query, program: 'toString' })).toMatchObject({ argument: 'program' });
  });

  it.each([
    ['severity', { severity: 5 }],
    ['opened', { opened: 'tomorrow' }],
    ['opened', { opened: '2026-12-02T12:00:00' }],
    ['tz', { tz: 'Mars/Base' }],
    ['holiday', { holiday: ['2026-02-30'] }],
    ['holidays', { holidays: 'XX' }],
    ['program', { program: 7 }],
  ])('refuses a bad %s, naming it', (argument, change) => {
    const result = answer({ ...query, ...change });
    expect(result).toMatchObject({ error: 'invalid_argument', argument });
    expect((result as { message: string }).message.startsWith(`${argument}: `)).toBe(true);
  });

  it('words each refusal', () => {
    expect(answer({ ...query, opened: 'tomorrow' })).toEqual({
      error: 'invalid_argument',
      argument: 'opened',
      message: 'opened: "tomorrow" is not an ISO-8601 instant with an offset within ±14:00 (2026-12-02T09:00:00+01:00)',
    });
    expect(answer({ ...query, tz: 'local' })).toEqual({
      error: 'invalid_argument',
      argument: 'tz',
      message: 'tz: "local" is not an IANA time zone or UTC±hh:mm within ±14:00',
    });
    expect(answer({ ...query, holiday: ['2026-02-30'] })).toEqual({
      error: 'invalid_argument',
      argument: 'holiday',
      message: 'holiday: "2026-02-30" is not a date (YYYY-MM-DD)',
    });
    expect(answer({ ...query, holidays: 'XX' })).toEqual({
      error: 'invalid_argument',
      argument: 'holidays',
      message: 'holidays: "XX" is not a holiday calendar such as FR or US-CA',
    });
  });

  it('names an unknown argument', () => {
    expect(answer({ ...query, zone: 'UTC' })).toMatchObject({ error: 'invalid_argument', argument: 'zone' });
  });

  it('says "input" when the query is not an object', () => {
    expect(answer(null)).toMatchObject({ error: 'invalid_argument', argument: '' });
    expect((answer(null) as { message: string }).message.startsWith('input: ')).toBe(true);
  });

  it('takes the severity as text, as a command line gives it', () => {
    expect(answer({ ...query, severity: '2' })).toMatchObject({ severity: 2, deadline: '2026-12-02T19:00:00.000Z' });
  });
});

describe('deadlineAnswerer’s clocks', () => {
  it('keeps one clock per program, zone and holidays, and never answers with another’s', () => {
    const answer = deadlineAnswerer(policy);
    const christmasEve = { ...query, severity: 1, opened: '2026-12-24T18:00:00Z' };
    // Same program and zone, different holidays: the first clock must not serve the others.
    expect(answer(christmasEve)).toMatchObject({ deadline: '2026-12-25T08:00:00.000Z' });
    expect(answer({ ...christmasEve, holidays: 'FR' })).toMatchObject({ deadline: '2026-12-28T08:00:00.000Z' });
    expect(answer({ ...christmasEve, holiday: ['2026-12-25'] })).toMatchObject({
      deadline: '2026-12-28T08:00:00.000Z',
    });
    expect(answer({ ...christmasEve, holiday: ['2026-12-25', '2026-12-28'] })).toMatchObject({
      deadline: '2026-12-29T08:00:00.000Z',
    });
    expect(answer({ ...christmasEve, tz: 'UTC', opened: '2026-12-24T19:00:00Z' })).toMatchObject({
      deadline: '2026-12-25T09:00:00.000Z',
    });
    expect(
      answer({ ...christmasEve, program: 'evaluation', severity: 2, opened: '2026-12-24T15:00:00Z' }),
    ).toMatchObject(
      { deadline: '2026-12-25T14:00:00.000Z' }, // 1 h Thursday to 17:00, 7 h Friday from 08:00 Paris
    );
    // And the first clock again, from its cache.
    expect(answer(christmasEve)).toMatchObject({ deadline: '2026-12-25T08:00:00.000Z' });
  });

  it('remembers a zone or calendar it refused, and refuses it again', () => {
    const answer = deadlineAnswerer(policy);
    for (let i = 0; i < 2; i++) {
      expect(answer({ ...query, tz: 'Mars/Base' })).toMatchObject({ argument: 'tz' });
      expect(answer({ ...query, holidays: 'XX' })).toMatchObject({ argument: 'holidays' });
      expect(answer({ ...query, holidays: 'fr' })).toMatchObject({ deadline: '2026-12-02T19:00:00.000Z' });
    }
  });

  it('sends an array or a non-string holiday list to the schema, which refuses it', () => {
    const answer = deadlineAnswerer(policy);
    expect(answer([query])).toMatchObject({ error: 'invalid_argument' });
    expect(answer({ ...query, holiday: '2026-12-24' })).toMatchObject({ argument: 'holiday' });
    expect(answer({ ...query, holiday: [20261224] })).toMatchObject({ argument: 'holiday' });
    expect(answer({ ...query, holidays: 12 })).toMatchObject({ argument: 'holidays' });
    expect(answer({ ...query, opened: 12 })).toMatchObject({ argument: 'opened' });
    expect(answer({ ...query, tz: 12 })).toMatchObject({ argument: 'tz' });
    expect(answer({ ...query, severity: 0 })).toMatchObject({ argument: 'severity' });
    expect(answer({ ...query, opened: '2026-02-30T10:00:00Z' })).toMatchObject({ argument: 'opened' });
  });
});

describe('deadlineAnswerer’s fast path', () => {
  const counted = () => {
    const slow: unknown[] = [];
    return { slow, answer: deadlineAnswerer(policy, { onSchemaPath: (q) => slow.push(q) }) };
  };

  it('answers every well-formed query without the schema, twice over (cached zone, calendar and clock)', () => {
    const { slow, answer } = counted();
    const wellFormed = [
      query,
      { ...query, severity: 1 },
      { ...query, severity: 3 },
      { ...query, severity: 4, program: 'premier' },
      { ...query, holidays: 'FR' },
      { ...query, holidays: 'FR', holiday: ['2026-12-24', '2026-12-28'] },
      { ...query, holiday: [] },
      { ...query, tz: 'UTC+05:30' },
    ];
    for (const q of [...wellFormed, ...wellFormed]) expect(answer(q)).toHaveProperty('deadline');
    expect(slow).toEqual([]);
  });

  it.each([
    ['not an object', 'basic'],
    ['null', null],
    ['an array', [query]],
    ['an unknown key', { ...query, zone: 'UTC' }],
    ['a program that is not text', { ...query, program: 7 }],
    ['an unknown program', { ...query, program: 'platinum' }],
    ['severity 0', { ...query, severity: 0 }],
    ['severity 5', { ...query, severity: 5 }],
    ['an instant that is not text', { ...query, opened: 12 }],
    ['an unreadable instant', { ...query, opened: 'tomorrow' }],
    ['a zone that is not text', { ...query, tz: 12 }],
    ['an unknown zone', { ...query, tz: 'Mars/Base' }],
    ['a calendar that is not text', { ...query, holidays: 12 }],
    ['an unknown calendar', { ...query, holidays: 'XX' }],
    ['holidays that are not a list', { ...query, holiday: '2026-12-24' }],
    ['a holiday that is not text', { ...query, holiday: [20261224] }],
    ['one bad date among good ones', { ...query, holiday: ['2026-12-24', '2026-02-30'] }],
  ])('leaves a query with %s to the schema, which refuses it', (_what, q) => {
    const { slow, answer } = counted();
    expect(answer(q)).toMatchObject({ error: expect.any(String) });
    expect(slow).toEqual([q]);
  });

  it('leaves a severity given as text to the schema, which reads it', () => {
    const { slow, answer } = counted();
    expect(answer({ ...query, severity: '2' })).toMatchObject({ deadline: '2026-12-02T19:00:00.000Z' });
    expect(slow).toHaveLength(1);
  });

  it('keeps calendars apart in its clocks: FR then GB-ENG, where 28 December 2026 is also a holiday', () => {
    const { answer } = counted();
    const christmasEve = { ...query, severity: 1, opened: '2026-12-24T18:00:00Z' };
    expect(answer({ ...christmasEve, holidays: 'FR' })).toMatchObject({ deadline: '2026-12-28T08:00:00.000Z' });
    expect(answer({ ...christmasEve, holidays: 'GB-ENG' })).toMatchObject({ deadline: '2026-12-29T08:00:00.000Z' });
  });
});
