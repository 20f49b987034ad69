/**
 * The connectors' shared pieces (shared/connectors/common.ts, DESIGN §9) one by one: headers, signatures,
 * strict body decoding, the zod issue as a sentence, the severity and organisation maps, agents, instants and
 * cleaned text.
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  cleanText,
  describeIssue,
  header,
  hmacSha256,
  instantOf,
  isAgent,
  matchesAnySecret,
  parseJsonBody,
  readPayload,
  severityOf,
  sha256HexSignature,
  supportIdFor,
} from '#shared/connectors/common.ts';

const HEX = 'ab'.repeat(32);

describe('headers and signatures', () => {
  it('reads a header trimmed, and an absent one as undefined', () => {
    expect(header({ headers: { 'x-a': '  v  ' }, body: new Uint8Array() }, 'x-a')).toBe('v');
    expect(header({ headers: {}, body: new Uint8Array() }, 'x-a')).toBeUndefined();
  });

  it('accepts exactly sha256=<64 hex>, any case', () => {
    expect(sha256HexSignature(`sha256=${HEX}`)?.toString('hex')).toBe(HEX);
    expect(sha256HexSignature(`SHA256=${HEX.toUpperCase()}`)?.toString('hex')).toBe(HEX);
    expect(sha256HexSignature(`xsha256=${HEX}`)).toBeUndefined();
    expect(sha256HexSignature(`sha256=${HEX}0`)).toBeUndefined();
    expect(sha256HexSignature(undefined)).toBeUndefined();
  });

  it('matches a digest under any secret, and never one of another length', () => {
    const given = hmacSha256('s2', 'body');
    expect(matchesAnySecret(['s1', 's2'], (secret) => hmacSha256(secret, 'body'), given)).toBe(true);
    expect(matchesAnySecret(['s1'], (secret) => hmacSha256(secret, 'body'), given)).toBe(false);
    expect(matchesAnySecret(['s2'], (secret) => hmacSha256(secret, 'body'), given.subarray(0, 16))).toBe(false);
  });
});

describe('bodies', () => {
  it('refuses bytes that are not UTF-8, or not JSON', () => {
    expect(parseJsonBody(new Uint8Array([0xff, 0xfe]))).toEqual({ ok: false, reason: 'the body is not UTF-8' });
    expect(parseJsonBody(Buffer.from('{'))).toEqual({ ok: false, reason: 'the body is not JSON' });
    expect(parseJsonBody(Buffer.from('{"a":1}'))).toEqual({ ok: true, value: { a: 1 } });
  });

  it('names the field zod refused, or the body itself', () => {
    const schema = z.object({ ticket: z.object({ id: z.string() }) });
    const nested = readPayload({ headers: {}, body: Buffer.from('{"ticket":{"id":1}}') }, schema);
    expect(nested).toEqual({
      ok: false,
      reason: expect.stringMatching(/^the payload is not of the documented shape: ticket\.id: /),
    });
    const top = readPayload({ headers: {}, body: Buffer.from('[]') }, schema);
    expect(top).toEqual({
      ok: false,
      reason: expect.stringMatching(/^the payload is not of the documented shape: body: /),
    });
    expect(describeIssue(new z.ZodError([]))).toBe('the payload is not of the documented shape');
    expect(readPayload({ headers: {}, body: new Uint8Array([0xff]) }, schema)).toEqual({
      ok: false,
      reason: 'the body is not UTF-8',
    });
  });
});

describe('maps', () => {
  it('map a priority through the connection first, then the defaults, trimmed and case-insensitively', () => {
    const defaults = { high: 2 as const, low: 4 as const };
    expect(severityOf(' HIGH ', defaults, { severities: {} })).toBe(2);
    expect(severityOf('high', defaults, { severities: { ' High ': 1 } })).toBe(1);
    expect(severityOf('urgent', defaults, { severities: {} })).toBeUndefined();
    expect(severityOf('toString', defaults, { severities: {} })).toBeUndefined();
    expect(severityOf(null, defaults, { severities: { null: 1 } })).toBeUndefined();
    expect(severityOf(undefined, defaults, { severities: { undefined: 1 } })).toBeUndefined();
  });

  it('map an organisation, else the default support ID, else say what is unmapped', () => {
    const settings = {
      organizations: { Acme: 'S-1', '': 'S-EMPTY', null: 'S-NULL', undefined: 'S-U' },
      defaultSupportId: null,
    };
    expect(supportIdFor('Acme', settings)).toEqual({ supportId: 'S-1' });
    expect(supportIdFor('Other', settings)).toEqual({
      unmapped: 'organisation "Other" is not mapped to a support ID and the connection has no defaultSupportId',
    });
    for (const none of ['', null, undefined]) {
      expect(supportIdFor(none, settings)).toEqual({
        unmapped:
          'a delivery without an organisation is not mapped to a support ID and the connection has no defaultSupportId',
      });
      expect(supportIdFor(none, { ...settings, defaultSupportId: 'S-D' })).toEqual({ supportId: 'S-D' });
    }
    expect(supportIdFor('toString', settings)).toMatchObject({ unmapped: expect.any(String) });
  });

  it('count as support staff any id listed among the agents', () => {
    const settings = { agents: ['u1', 'null', 'undefined'] };
    expect(isAgent(settings, 'x', 'u1')).toBe(true);
    expect(isAgent(settings, null, undefined)).toBe(false);
    expect(isAgent(settings, 'x')).toBe(false);
  });
});

describe('instants and text', () => {
  it('normalise an instant, and pass an absent one through', () => {
    expect(instantOf('2026-11-30T10:00:00+01:00')).toBe('2026-11-30T09:00:00.000Z');
    expect(instantOf(null)).toBeUndefined();
    expect(instantOf(undefined)).toBeUndefined();
  });

  it('clean control characters and runs of spaces, trim, bound, and drop what is left empty', () => {
    expect(cleanText(' a\u0000\nb  \u2028 c ', 100)).toBe('a b c');
    expect(cleanText('abcdef', 3)).toBe('abc');
    expect(cleanText(' \n ', 10)).toBeUndefined();
    expect(cleanText(null, 10)).toBeUndefined();
    expect(cleanText(undefined, 10)).toBeUndefined();
  });
});
