/** The instant reader's fast path (field by field) answers exactly as luxon does, on every shape of input. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInstant, parseInstantWithLuxon } from '#shared/time/instant.ts';

const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
const instantText = fc
  .record({
    year: fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')),
    month: two(13),
    day: two(32),
    hour: two(25),
    minute: two(60),
    second: fc.option(two(61), { nil: undefined }),
    fraction: fc.option(fc.stringMatching(/^\d{1,9}$/), { nil: undefined }),
    offset: fc.oneof(
      fc.constantFrom('Z', 'z', '+00:00', '-00:00', '+0100', '+05:30'),
      fc.tuple(fc.constantFrom('+', '-'), two(25), two(60)).map(([sign, h, m]) => `${sign}${h}:${m}`),
    ),
  })
  .map(
    ({ year, month, day, hour, minute, second, fraction, offset }) =>
      `${year}-${month}-${day}T${hour}:${minute}${second === undefined ? '' : `:${second}${fraction === undefined ? '' : `.${fraction}`}`}${offset}`,
  );

describe('parseInstant', () => {
  it('agrees with luxon on generated instants, valid and not', () => {
    fc.assert(
      fc.property(instantText, (text) => {
        expect(parseInstant(text)).toBe(parseInstantWithLuxon(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with luxon on edge cases', () => {
    for (const text of [
      '2026-12-04T14:00:00+01:00',
      '2024-02-29T23:59:59.999Z',
      '2023-02-29T10:00:00Z',
      '2026-12-04T24:00:00Z',
      '2026-12-04T14:00Z',
      '2026-12-04T14:00:00.5-03:30',
      '2026-12-04T14:00:00.123456789+14:00',
      '2026-12-04T14:00:00+15:00',
      '2026-12-04T14:00:00',
      '0999-01-01T00:00:00Z',
      '1900-02-29T00:00:00Z',
      '2000-02-29T00:00:00Z',
    ]) {
      expect(parseInstant(text), text).toBe(parseInstantWithLuxon(text));
    }
    expect(parseInstant('2026-12-04T14:00:00+01:00')).toBe(Date.UTC(2026, 11, 4, 13));
  });
});
