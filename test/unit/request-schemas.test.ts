/**
 * The request schemas' own checks (DESIGN §4, §4.1), called directly (issue 14): the refinements and
 * cross-field rules that zod's building blocks do not give, with the messages a client reads.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type * as z from 'zod';
import {
  accountBody,
  connectionBody,
  connectionIdParams,
  deliveriesQuery,
  escalationBody,
  instant,
  openListQuery,
  partnerBody,
  reportQuery,
  severityBody,
} from '#shared/http/request-schemas.ts';
import { systemClock, useClock } from '#shared/time/clock.ts';

const NOW = Date.parse('2026-12-02T12:00:00.000Z');
beforeEach(() => useClock(() => new Date(NOW)));
afterEach(() => useClock(systemClock));

/** The issues of a failed parse as `path: message`. */
function issues(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  expect(result.success).toBe(false);
  return (result.error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}
const parsed = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  expect(result.error?.issues).toBeUndefined();
  return result.data;
};

describe('one-line and multi-line text', () => {
  const base = { severity: 2, changedBy: 'agent' };

  it('refuses a control character in a one-line field, naming it as U+XXXX', () => {
    expect(issues(severityBody, { ...base, changedBy: 'a\u0085b' })).toEqual([
      'changedBy: must be one line without control characters (found U+0085)',
    ]);
    expect(issues(severityBody, { ...base, changedBy: 'a\tb' })).toEqual([
      'changedBy: must be one line without control characters (found U+0009)',
    ]);
    expect(issues(severityBody, { ...base, changedBy: 'a\u2028b' })).toEqual([
      'changedBy: must be one line without control characters (found U+2028)',
    ]);
  });

  it('keeps tab and newlines in multi-line text and refuses any other control character', () => {
    expect(parsed(escalationBody, { by: 'a', message: 'line 1\r\n\tline 2' })).toEqual({
      by: 'a',
      message: 'line 1\r\n\tline 2',
    });
    expect(issues(escalationBody, { by: 'a', message: 'x\u001b[31m' })).toEqual([
      'message: must not contain control characters other than tab and newline (found U+001B)',
    ]);
  });
});

describe('instants', () => {
  it('are normalised to UTC within 5 minutes ahead and 90 days back', () => {
    expect(parsed(instant, '2026-12-02T13:05:00+01:00')).toBe('2026-12-02T12:05:00.000Z');
    expect(parsed(instant, '2026-09-03T12:00:00Z')).toBe('2026-09-03T12:00:00.000Z');
  });

  it('refuse a non-instant once, and each bound with its own message', () => {
    expect(issues(instant, 'yesterday')).toEqual([
      ': "yesterday" is not an ISO-8601 instant with an offset within ±14:00',
    ]);
    expect(issues(instant, '2026-12-02T12:05:00.001Z')).toEqual([': is more than 5 minutes in the future']);
    expect(issues(instant, '2026-09-03T11:59:59.999Z')).toEqual([': is more than 90 days in the past']);
  });
});

describe('accounts', () => {
  const account = {
    name: 'Acme',
    program: 'production',
    contractExpiresAt: '2027-01-31',
    timezone: 'Europe/Paris',
    region: 'emea',
    language: 'fr',
  };

  it('are read with their defaults', () => {
    expect(parsed(accountBody, account)).toEqual({
      ...account,
      holidays: {},
      caseAdministrators: [],
      supportPartners: [],
    });
  });

  it('refuse an unknown program, zone, calendar or date with what was expected', () => {
    expect(
      issues(accountBody, {
        ...account,
        program: 'gold',
        timezone: 'Mars/Olympus',
        contractExpiresAt: '2027-02-30',
        holidays: { calendar: 'XX' },
      }),
    ).toEqual([
      'program: one of premier, production, basic, evaluation, free',
      'contractExpiresAt: "2027-02-30" is not a date (YYYY-MM-DD)',
      'timezone: "Mars/Olympus" is not an IANA time zone or UTC±hh:mm within ±14:00',
      'holidays.calendar: "XX" is not a holiday calendar (FR, US-CA)',
    ]);
  });

  it('need a language of their region, and a contract exactly when the program requires one', () => {
    expect(issues(accountBody, { ...account, language: 'ja' })).toEqual([
      'language: support in emea is given in de, en, es, fr, it, ru',
    ]);
    expect(issues(accountBody, { ...account, contractExpiresAt: null })).toEqual([
      'contractExpiresAt: required for the production program',
    ]);
    expect(issues(accountBody, { ...account, program: 'free' })).toEqual([
      'contractExpiresAt: not for the free program',
    ]);
    expect(parsed(accountBody, { ...account, program: 'free', contractExpiresAt: undefined })).toMatchObject({
      program: 'free',
    });
  });

  it('take a support account manager on premier only', () => {
    const manager = { supportAccountManager: 'sam@example.com' };
    expect(parsed(accountBody, { ...account, program: 'premier', ...manager })).toMatchObject(manager);
    expect(issues(accountBody, { ...account, ...manager })).toEqual([
      'supportAccountManager: a support account manager comes with premier, not production',
    ]);
  });
});

describe('partners', () => {
  it('refuse an address listed twice, in any case', () => {
    expect(parsed(partnerBody, { name: 'P', contacts: ['a@example.com', 'b@example.com'] })).toBeDefined();
    expect(issues(partnerBody, { name: 'P', contacts: ['a@example.com', 'A@example.com'] })).toEqual([
      'contacts: lists an address twice (addresses are compared case-insensitively)',
    ]);
  });
});

describe('list and report queries', () => {
  it('read the open list filters as numbers, with 50 by default', () => {
    expect(parsed(openListQuery, { state: 'running', program: 'basic', severity: '3' })).toEqual({
      state: 'running',
      program: 'basic',
      severity: 3,
      limit: 50,
    });
    expect(issues(openListQuery, { state: 'running', program: 'toString', limit: '501' })).toEqual([
      'program: not a program of the policy',
      'limit: at most 500',
    ]);
    expect(issues(deliveriesQuery, { limit: '201' })).toEqual(['limit: a number from 1 to 200']);
  });

  it('read a report range of dates or instants, up to 366 days, from 2000 to the end of next year', () => {
    expect(parsed(reportQuery, { from: '2026-01-01', to: '2026-12-02T13:00:00+01:00' })).toEqual({
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-12-02T12:00:00.000Z',
    });
    expect(parsed(reportQuery, { from: '2027-01-01', to: '2028-01-01' })).toEqual({
      from: '2027-01-01T00:00:00.000Z',
      to: '2028-01-01T00:00:00.000Z',
    });
    expect(issues(reportQuery, { from: 'monday', to: '2026-12-01' })).toEqual([
      'from: "monday" is not a date or an ISO-8601 instant',
    ]);
    const years = 'must lie within 2000-01-01 … 2028-01-01 (the end of next year)';
    expect(issues(reportQuery, { from: '1999-12-31', to: '2000-01-02' })).toEqual([`from: ${years}`]);
    expect(issues(reportQuery, { from: '2027-12-31', to: '2028-01-01T00:00:00.001Z' })).toEqual([`to: ${years}`]);
    expect(parsed(reportQuery, { from: '2000-01-01', to: '2000-01-02' })).toBeDefined();
    expect(issues(reportQuery, { from: '2026-12-01', to: '2026-12-01' })).toEqual(['to: from must be before to']);
    expect(parsed(reportQuery, { from: '2025-12-01', to: '2026-12-02' })).toBeDefined();
    expect(issues(reportQuery, { from: '2025-12-01', to: '2026-12-02T00:00:00.001Z' })).toEqual([
      'to: a report covers at most 366 days',
    ]);
  });
});

describe('connections', () => {
  const zendesk = { source: 'zendesk', secrets: ['s3cret-one'] };

  it('reserve the id "default"', () => {
    expect(parsed(connectionIdParams, { connectionId: 'zd-1' })).toEqual({ connectionId: 'zd-1' });
    expect(issues(connectionIdParams, { connectionId: 'default' })).toEqual(['connectionId: "default" is reserved']);
  });

  it('are read with their defaults, and refuse twice the same secret or one with blanks around it', () => {
    expect(parsed(connectionBody, zendesk)).toEqual({
      ...zendesk,
      organizations: {},
      defaultSupportId: null,
      severities: {},
      agents: [],
    });
    expect(issues(connectionBody, { ...zendesk, secrets: ['s3cret-one', 's3cret-one'] })).toEqual([
      'secrets: the two secrets are the same',
    ]);
    expect(issues(connectionBody, { ...zendesk, secrets: [' s3cret-one'] })).toEqual([
      'secrets.0: a secret has no leading or trailing blanks',
    ]);
  });

  it('give accounts and access to native connections only', () => {
    expect(
      parsed(connectionBody, { source: 'native', secrets: ['s3cret-one'], accounts: ['S1'], access: 'read' }),
    ).toMatchObject({
      accounts: ['S1'],
      access: 'read',
    });
    expect(issues(connectionBody, { ...zendesk, accounts: null, access: 'write' })).toEqual([
      'accounts: only for the native source, not zendesk',
      'access: only for the native source, not zendesk',
    ]);
  });

  it('hold at most 1000 organisations and severities, whose names differ in more than case', () => {
    const many = (value: unknown) => Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`k${i}`, value]));
    const exactly = (value: unknown) => Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, value]));
    expect(issues(connectionBody, { ...zendesk, organizations: many('S1'), severities: many(2) })).toEqual([
      'organizations: at most 1000 entries',
      'severities: at most 1000 entries',
    ]);
    expect(parsed(connectionBody, { ...zendesk, organizations: exactly('S1'), severities: exactly(2) })).toBeDefined();
    // KELVIN SIGN lower-cases to "k" but upper-cases to itself: the names are compared lower-cased.
    expect(issues(connectionBody, { ...zendesk, severities: { '\u212Aey': 1, key: 1 } })).toEqual([
      'severities: names are case-insensitive: one differs only in case',
    ]);
    expect(issues(connectionBody, { ...zendesk, severities: { Urgent: 1, URGENT: 1 } })).toEqual([
      'severities: names are case-insensitive: one differs only in case',
    ]);
  });
});
