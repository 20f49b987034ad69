/**
 * The `at` / `openedAt` fields of the request bodies (DESIGN §4): an ISO-8601 instant with an offset, at most
 * 5 minutes in the future and at most 90 days in the past, each problem reported once in the 400's details.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpError } from '#shared/http/errors.ts';
import { customerReplyBody, instant } from '#shared/http/request-schemas.ts';
import { validateRequest } from '#shared/http/validation.ts';
import { manualClock, systemClock, useClock } from '#shared/time/clock.ts';

const NOW = '2026-12-02T10:00:00.000Z';

beforeEach(() => useClock(manualClock(NOW)));
afterEach(() => useClock(systemClock));

async function detailsFor(at: string): Promise<unknown> {
  const event = { body: JSON.stringify({ at }), isBase64Encoded: false } as APIGatewayProxyEventV2;
  try {
    await validateRequest(event, { body: customerReplyBody });
  } catch (error) {
    if (error instanceof HttpError) return { status: error.status, details: error.details };
    throw error;
  }
  return 'accepted';
}

describe('an instant field', () => {
  it('reports an unparseable instant once, not also as too far in the future and in the past', async () => {
    expect(await detailsFor('tomorrow')).toEqual({
      status: 400,
      details: [{ field: 'at', message: '"tomorrow" is not an ISO-8601 instant with an offset within ±14:00' }],
    });
    // No offset: a local reading is not an instant.
    expect(await detailsFor('2026-12-02T10:00:00')).toMatchObject({ details: [{ field: 'at' }] });
  });

  it('accepts 5 minutes ahead of the clock and refuses a millisecond more, once', async () => {
    expect(await detailsFor('2026-12-02T11:05:00+01:00')).toBe('accepted');
    expect(await detailsFor('2026-12-02T10:05:00.001Z')).toEqual({
      status: 400,
      details: [{ field: 'at', message: 'is more than 5 minutes in the future' }],
    });
  });

  it('accepts 90 days back and refuses a millisecond more, once', async () => {
    expect(await detailsFor('2026-09-03T10:00:00Z')).toBe('accepted');
    expect(await detailsFor('2026-09-03T09:59:59.999Z')).toEqual({
      status: 400,
      details: [{ field: 'at', message: 'is more than 90 days in the past' }],
    });
  });

  it('is normalised to UTC with milliseconds', () => {
    expect(instant.parse('2026-12-02T10:30:00.5+01:00')).toBe('2026-12-02T09:30:00.500Z');
  });
});
