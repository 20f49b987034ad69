/** DESIGN §4.1's input bounds in the rules layer and the HTTP gate: one zone rule, one offset bound, linear scans. */
import { describe, expect, it } from 'vitest';
import { isTextContentType } from '../../local/api-server.ts';
import { isJsonContentType, mediaTypeOf } from '../../shared/http/limits.ts';
import { normalizeInstant } from '../../shared/time/instant.ts';
import { zoneOf } from '../../shared/time/local-days.ts';

describe('the zone rule (shared/time, used by the API, the rules and the CLI)', () => {
  it.each([
    'Europe/Paris',
    'America/Argentina/Buenos_Aires',
    'Etc/GMT-14',
    'UTC',
    'UTC+14:00',
    'UTC-12:00',
    'UTC+05:30',
  ])('takes %s', (zone) => {
    expect(zoneOf(zone)?.isValid).toBe(true);
  });

  it.each([
    'UTC+99:99',
    'UTC+14:01',
    'UTC-14:30',
    'UTC+05:60',
    'UTC+5',
    'utc+05:30',
    '+05:00',
    'local',
    'system',
    ' UTC',
    '',
  ])('refuses %j: past ±14:00, loosely spelt, or the host’s own zone', (zone) => {
    expect(zoneOf(zone)).toBeUndefined();
  });

  it('reads UTC+14:00 as 840 minutes east, UTC-09:30 as 570 west', () => {
    expect(zoneOf('UTC+14:00')?.offset(0)).toBe(840);
    expect(zoneOf('UTC-09:30')?.offset(0)).toBe(-570);
  });
});

describe('the offset of an instant', () => {
  it('takes offsets up to ±14:00, with or without a colon', () => {
    expect(normalizeInstant('2026-12-01T23:00:00+14:00')).toBe('2026-12-01T09:00:00.000Z');
    expect(normalizeInstant('2026-12-01T00:00:00-1400')).toBe('2026-12-01T14:00:00.000Z');
  });

  it.each(['+25:00', '-25:00', '+14:30', '-14:01', '+99:99', '+05:60', '+2500'])('refuses %s', (offset) => {
    expect(normalizeInstant(`2026-12-01T10:00:00${offset}`)).toBeUndefined();
  });
});

describe('the Content-Type gate, read before any signature', () => {
  const nbsp = '\u00a0'.repeat(15_000);

  it('reads the media type without parameters, space and tab trimmed, any case', () => {
    expect(mediaTypeOf(' \tApplication/JSON ; charset=utf-8')).toBe('application/json');
    expect(isJsonContentType('application/json;charset=UTF-8')).toBe(true);
  });

  it('does not take U+00A0 for whitespace: 15 000 of them are no media type we serve', () => {
    expect(isJsonContentType(nbsp)).toBe(false);
    expect(isJsonContentType(`${nbsp}application/json`)).toBe(false);
    expect(isTextContentType(nbsp)).toBe(false);
    expect(isTextContentType(`${nbsp}+json`)).toBe(true);
  });

  it('passes text, JSON, XML and +json/+xml bodies as text, as API Gateway does', () => {
    for (const type of ['text/plain', 'application/json', 'application/xml', 'application/vnd.api+json', 'a/b+xml'])
      expect(isTextContentType(type), type).toBe(true);
    for (const type of ['application/octet-stream', 'image/png', 'application/jsonp', undefined])
      expect(isTextContentType(type), String(type)).toBe(false);
  });
});
