/**
 * `sla deadlines` answers through `deadlineAnswerer`, whose fast path skips the schema for well-formed
 * queries and reuses clocks: its output must be the schema path's, byte for byte, on any query.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '#shared/policy/load-policy.ts';
import { answerDeadlineQuery, deadlineAnswerer } from '#shared/sla/deadline-query.ts';

const policy = loadPolicy();

const query = fc.record(
  {
    program: fc.constantFrom('basic', 'evaluation', 'premier', 'production', 'free', 'platinum', 7),
    severity: fc.constantFrom(1, 2, 3, 4, 0, 5, 2.5, '2', null),
    opened: fc.oneof(
      fc
        .integer({ min: Date.UTC(2025, 0, 1) / 60_000, max: Date.UTC(2051, 0, 10) / 60_000 })
        .map((minute) => new Date(minute * 60_000).toISOString()),
      fc.constantFrom(
        '2026-12-04T14:00:00+01:00',
        '2026-12-04T14:00:00.5-03:30',
        '2026-12-04T14:00+0530',
        '2026-12-04T14:00:00',
        '2026-02-30T10:00:00Z',
        '1999-12-31T23:00:00Z',
        'tomorrow',
        '',
      ),
    ),
    tz: fc.constantFrom('UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'UTC+05:30', 'Mars/Base', 'local'),
    holidays: fc.constantFrom('FR', 'us', 'DE-BY', 'CK-Aitutaki', 'XX', ''),
    holiday: fc.oneof(
      fc.constant(['2026-12-24']),
      fc.constant(['2026-12-24', '2026-12-28']),
      fc.constant(['2026-02-30']),
      fc.constant([]),
      fc.constant('2026-12-24'),
    ),
    extra: fc.constant(true),
  },
  { requiredKeys: ['program', 'severity', 'opened', 'tz'] },
);

describe('deadlineAnswerer', () => {
  it('answers every query as answerDeadlineQuery does, byte for byte', () => {
    const answerer = deadlineAnswerer(policy);
    fc.assert(
      fc.property(query, (q) => {
        expect(JSON.stringify(answerer(q))).toBe(JSON.stringify(answerDeadlineQuery(policy, q)));
      }),
      { numRuns: 4000 },
    );
  });

  it('answers non-objects as the schema does', () => {
    const answerer = deadlineAnswerer(policy);
    for (const q of [null, [], 'basic', 42]) {
      expect(JSON.stringify(answerer(q))).toBe(JSON.stringify(answerDeadlineQuery(policy, q)));
    }
  });

  it('refuses a deadline beyond the holiday tables with an error, not a silent answer', () => {
    const answer = deadlineAnswerer(policy)({
      program: 'basic',
      severity: 4,
      opened: '2050-12-30T10:00:00Z',
      tz: 'Europe/Paris',
      holidays: 'FR',
    });
    expect(answer).toEqual({
      error: 'holidays_out_of_range',
      message: 'the FR holiday calendar covers 2000–2050; 2051-01-02 is outside it',
    });
  });
});
