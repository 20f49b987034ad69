/**
 * Bad requests for the fuzz run of DESIGN §4. Each one starts as a valid, signed request for one route of the
 * route table and is broken in exactly one way, so the refusal it must get (status and error code) is known;
 * harmless variations (content-type spellings, Unicode in free text) are layered on top.
 */
import { Agent, request } from 'node:http';
import fc from 'fast-check';
import { sign, unixSeconds } from '../../local/sign.ts';
import { matchRoute, type Route, routeKey, routes } from '../../shared/http/routes.ts';
import { languages } from '../../shared/mail/languages.ts';
import { regions } from '../../shared/policy/schema.ts';

/** A JSON document to send, with two escapes that JSON.stringify cannot write. */
export type Json = null | boolean | number | string | Json[] | JsonObject | Raw | IllFormed;
export interface JsonObject {
  [key: string]: Json;
}
/** Text spliced into the document as is: `1e309`, `-0`, deep nesting. */
export class Raw {
  constructor(readonly text: string) {}
}
/** A JSON string whose UTF-8 is broken by `bytes` between `before` and `after`. */
export class IllFormed {
  constructor(
    readonly before: string,
    readonly bytes: readonly number[],
    readonly after: string,
  ) {}
}

/** The bytes of a document; object keys are written in insertion order, `__proto__` included. */
export function encodeJson(value: Json): Buffer {
  const parts: (string | Buffer)[] = [];
  const walk = (node: Json) => {
    if (node instanceof Raw) parts.push(node.text);
    else if (node instanceof IllFormed) {
      parts.push(
        JSON.stringify(node.before).slice(0, -1),
        Buffer.from(node.bytes),
        JSON.stringify(node.after).slice(1),
      );
    } else if (Array.isArray(node)) {
      parts.push('[');
      node.forEach((item, index) => {
        if (index > 0) parts.push(',');
        walk(item);
      });
      parts.push(']');
    } else if (node !== null && typeof node === 'object') {
      parts.push('{');
      Object.entries(node).forEach(([key, item], index) => {
        parts.push(`${index > 0 ? ',' : ''}${JSON.stringify(key)}:`);
        walk(item);
      });
      parts.push('}');
    } else parts.push(JSON.stringify(node));
  };
  walk(value);
  return Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : part)));
}

/** `path` set to `value`, through plain copies: `Object.fromEntries` makes `__proto__` an own key, not a prototype. */
export function setAt(object: JsonObject, path: readonly string[], value: Json): JsonObject {
  const [key, ...rest] = path as [string, ...string[]];
  const current = object[key];
  const next =
    rest.length === 0
      ? value
      : setAt(
          current !== null && typeof current === 'object' && !Array.isArray(current) ? (current as JsonObject) : {},
          rest,
          value,
        );
  const entries = Object.entries(object);
  const at = entries.findIndex(([name]) => name === key);
  if (at >= 0) entries[at] = [key, next];
  else entries.push([key, next]);
  return Object.fromEntries(entries);
}

export function deleteAt(object: JsonObject, path: readonly string[]): JsonObject {
  const [key, ...rest] = path as [string, ...string[]];
  if (rest.length === 0) return Object.fromEntries(Object.entries(object).filter(([name]) => name !== key));
  return setAt(object, [key], deleteAt(object[key] as JsonObject, rest));
}

/** Percent-encodes a path segment or query component; a lone surrogate becomes the 3 bytes no decoder accepts. */
export function percentEncode(text: string): string {
  let out = '';
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    const char = text[index] as string;
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = text.charCodeAt(index + 1);
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        out += encodeURIComponent(text.slice(index, index + 2));
        index++;
      } else {
        out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
          .map((byte) => `%${byte.toString(16).toUpperCase()}`)
          .join('');
      }
    } else out += /[A-Za-z0-9_.~-]/.test(char) ? char : encodeURIComponent(char);
  }
  return out;
}

export interface FuzzTargets {
  now: Date;
  secrets: { webhook: string; admin: string };
  /** `production` and `evaluation` accept tickets; `expired`'s contract ended before now. */
  accounts: { production: string; evaluation: string; expired: string };
  /** `open` (production) and `evaluation` await a response since `openedAt`; `closed` is closed. */
  tickets: { open: string; evaluation: string; closed: string; openedAt: string };
}

/** The refusal a request must get; `field` is the first segment of a field its `details` must name. */
export interface Refusal {
  status: number;
  error: string;
  field?: string;
}

export interface FuzzCase {
  /** What was broken, for the failure report. */
  breakage: string;
  method: string;
  /** Path and query string, percent-encoded, sent without normalisation. */
  target: string;
  headers: Record<string, string>;
  body: Buffer;
  /** The refusal this breakage calls for. */
  expected: Refusal;
}

export interface Answer {
  status: number;
  contentType: string | undefined;
  text: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 8 });

/** Sends exactly these bytes, headers and target: no URL normalisation, any method, a body on GET. */
export function sendRaw(apiUrl: string, fuzz: Pick<FuzzCase, 'method' | 'target' | 'headers' | 'body'>) {
  const url = new URL(apiUrl);
  return new Promise<Answer>((resolve, reject) => {
    const outgoing = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: fuzz.method,
        path: fuzz.target,
        headers: { ...fuzz.headers, 'content-length': String(fuzz.body.length) },
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () =>
          resolve({
            status: incoming.statusCode ?? 0,
            contentType: incoming.headers['content-type'],
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        incoming.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(fuzz.body);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Values

/** Characters that no id, enum, zone, date or instant allows; lone surrogates and NUL included. */
const UNPRINTABLE_ODD = [
  '\u0000',
  '\u007f',
  ' ',
  '\t',
  '\n',
  '\u00a0',
  '\u200f', // right-to-left mark
  '\u202e', // right-to-left override
  '\u2028',
  '\ufeff',
  '\u0301', // a combining accent
  'é',
  '\u{1F600}',
  '\u{10FFFF}',
  '\ud800',
  '\udfff',
];
const PRINTABLE_ODD = ['/', '%', '\\', '"', '#', '?', '&', '<b>', '..', ':', '@', '=', ';', ','];
/** `.` and `'` are left out: an e-mail address may contain them. */
const ODD = [...UNPRINTABLE_ODD, ...PRINTABLE_ODD, '.', "'"];

/** `valid` with one odd character inserted somewhere. */
const injected = (valid: string, odd: readonly string[] = ODD) =>
  fc
    .tuple(fc.nat({ max: valid.length }), fc.constantFrom(...odd))
    .map(([at, char]) => `${valid.slice(0, at)}${char}${valid.slice(at)}`);

/** Letters, accents, emoji and bidi marks: valid free text (NUL is a control character, refused since DESIGN §4.1) that must not upset anything downstream. */
const noisyText = (max: number) =>
  fc
    .string({
      unit: fc.constantFrom(
        'a',
        'Z',
        ' ',
        'é',
        'ß',
        '中',
        '\u{1F600}',
        '\u{1F1EB}\u{1F1F7}',
        '\u200f',
        '\u202e',
        '\u0301',
      ),
      maxLength: Math.max(0, Math.min(max, 60) - 8),
    })
    .map((text) => `x${text}x`.slice(0, max));

const iso = (ms: number) => new Date(ms).toISOString();

type JsonType = 'string' | 'number' | 'object' | 'array';

/** Any JSON value whose type is not `type` (and not null, where null is allowed). */
function otherType(type: JsonType, nullable = false): fc.Arbitrary<Json> {
  const json = fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>;
  return fc.oneof(
    ...(type === 'string' ? [] : [fc.string({ maxLength: 12 }) as fc.Arbitrary<Json>]),
    ...(type === 'number' ? [] : [fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })]),
    fc.boolean(),
    ...(nullable ? [] : [fc.constant(null)]),
    ...(type === 'array' ? [] : [fc.array(json, { maxLength: 3 }) as fc.Arbitrary<Json>]),
    ...(type === 'object' ? [] : [fc.dictionary(fc.string({ maxLength: 6 }), json, { maxKeys: 3 })]),
  );
}

type FieldKind =
  /** Free text: any string from 1 to `max` characters after trimming (or 0 to `max`, untrimmed). */
  | { type: 'text'; max: number; trim: boolean }
  /** A string with a rule (id, e-mail, enum, zone, date, instant): `invalid` only yields strings that break it. */
  | { type: 'rule'; invalid: fc.Arbitrary<string> }
  | { type: 'severity' }
  | { type: 'object' }
  | { type: 'array'; max: number; validItem: Json; invalidItem: fc.Arbitrary<Json> };

interface Field {
  path: readonly string[];
  kind: FieldKind;
  required: boolean;
  /** null is a valid value (e.g. `supportAccountManager`). */
  nullable?: boolean;
  /** Values of the right type that this body refuses anyway, and the field the refusal names. */
  refused?: readonly { value: Json; field: string }[];
}

const jsonTypeOf = (kind: FieldKind): JsonType =>
  kind.type === 'severity' ? 'number' : kind.type === 'object' || kind.type === 'array' ? kind.type : 'string';

/** A value of the wrong JSON type for the field. */
const wrongType = (field: Field) => otherType(jsonTypeOf(field.kind), field.nullable);

/** Numbers that are not a severity 1–4 once parsed, written as raw JSON. */
const ODD_NUMBERS = [
  '1e309',
  '-1e309',
  '1E400',
  '-0',
  '0',
  '5',
  '-1',
  '1.5',
  '4.0000001',
  '1e-400',
  '99999999999999999999',
];

/**
 * Any value the field refuses, and the field the refusal names: wrong type, or the right type with a value its rule
 * refuses (a rule across fields names the other field: `region: "us"` makes `language: "fr"` wrong).
 */
function invalidValue(field: Field): fc.Arbitrary<[Json, string]> {
  const named = field.path[0] as string;
  const { kind } = field;
  const specific: fc.Arbitrary<Json>[] = [];
  if (kind.type === 'text') {
    if (kind.trim) specific.push(fc.constantFrom('', ' ', '\t\n', '\u00a0', '\u3000 ', '\ufeff'));
    // NUL is written \u0000, 6 bytes: only where the result stays under 64 KiB.
    const chars = kind.max > 8_000 ? ['y', 'é'] : ['y', 'é', '\u0000'];
    specific.push(
      fc
        .tuple(fc.integer({ min: kind.max + 1, max: kind.max + 64 }), fc.constantFrom(...chars))
        .map(([length, char]) => `x${char.repeat(length)}x`),
    );
  }
  if (kind.type === 'rule') specific.push(kind.invalid);
  if (kind.type === 'severity') {
    specific.push(fc.constantFrom(...ODD_NUMBERS).map((text) => new Raw(text)));
    specific.push(fc.constantFrom<Json>('1', '2', 'NaN', 'Infinity', true, [2], { severity: 2 }));
  }
  if (kind.type === 'array') {
    specific.push(kind.invalidItem.map((item) => [kind.validItem, item]));
    specific.push(fc.constant(Array.from({ length: kind.max + 1 }, () => kind.validItem)));
  }
  const sameField = fc.oneof(wrongType(field), ...specific).map((value): [Json, string] => [value, named]);
  if (!field.refused || field.refused.length === 0) return sameField;
  return fc.oneof(
    sameField,
    fc.constantFrom(...field.refused).map(({ value, field: other }): [Json, string] => [value, other]),
  );
}

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** Strings that break `^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`: odd characters, a leading `-`/`_`, 65+ characters. */
const invalidId = (valid: string) =>
  fc.oneof(
    injected(valid),
    fc.constantFrom('', '-', `_${valid}`, `-${valid}`, '..', '.', '../../accounts'),
    fc.integer({ min: 65, max: 200 }).map((length) => 'A'.repeat(length)),
  );
const invalidEmail = (valid: string) =>
  fc.oneof(
    injected(valid, [...UNPRINTABLE_ODD, ...PRINTABLE_ODD]),
    fc.constantFrom('', 'admin', 'admin@', '@customer.example', 'admin@customer', `${'a'.repeat(250)}@x.example`),
  );
/** Strings outside `values`, including near misses (case, spaces, odd characters) and Object.prototype's names. */
const invalidEnum = (values: readonly string[], near: string) =>
  fc
    .oneof(
      injected(near),
      fc.constantFrom('', near.toUpperCase(), `${near} `, '__proto__', 'toString', 'constructor', 'hasOwnProperty'),
      fc.string({ maxLength: 12 }),
    )
    .filter((value) => !values.includes(value));
// ---------------------------------------------------------------------------------------------------------------
// Input bounds and partners (DESIGN §4.1, issue 10 findings 3, 4, 6): kept in one block, apart from the signing.

/** Zones luxon alone would take: offsets past ±14:00 (`UTC+99:99` read as UTC+100:39), loose spellings, the host's zone. */
const outOfBoundsZone = fc.constantFrom(
  'UTC+99:99',
  'UTC+14:01',
  'UTC-14:30',
  'UTC+25:00',
  'UTC+05:60',
  'UTC+5',
  'utc+05:30',
  '+05:00',
  'local',
  'system',
);

/** `valid` with an offset past ±14:00 or with 60 minutes or more: `+25:00` was accepted before. */
const outOfBoundsOffset = (valid: string) =>
  fc
    .constantFrom('+25:00', '-25:00', '+14:30', '-14:01', '+99:99', '+05:60', '+2500')
    .map((offset) => `${valid.replace(/(Z|[+-]\d{2}:?\d{2})$/i, '')}${offset}`);

/** Control characters a one-line field (subject, name, by, …) refuses: C0, DEL, C1 with NEL, U+2028/2029. */
const LINE_BREAKERS = [
  '\u0000',
  '\u000b',
  '\u000c',
  '\u0085',
  '\u009b',
  '\u007f',
  '\u2028',
  '\u2029',
  '\t',
  '\n',
  '\r',
];
/** The same in multi-line text (description, reason, message), which keeps tab, line feed and carriage return. */
const TEXT_BREAKERS = LINE_BREAKERS.filter((char) => !['\t', '\n', '\r'].includes(char));
const ONE_LINE_FIELDS = new Set(['name', 'product', 'productVersion', 'subject', 'changedBy', 'by', 'resolution']);
const MULTI_LINE_FIELDS = new Set(['description', 'reason', 'message']);

/** The partner routes, and every free-text field refusing its control characters inside the text. */
function withInputBounds(specs: Record<string, Omit<RouteFuzz, 'route'>>): Record<string, Omit<RouteFuzz, 'route'>> {
  const contact = 'tech@partner.example';
  const all: Record<string, Omit<RouteFuzz, 'route'>> = {
    ...specs,
    'PUT /partners/{partnerId}': {
      // PUT to an id that does not exist yet, so that a request wrongly accepted shows as a new item.
      param: { name: 'partnerId', value: 'FUZZ-NEW-PARTNER', kind: 'partner' },
      body: { name: 'Fuzz Partner', contacts: [contact] },
      fields: [
        req('name', text(200)),
        req('contacts', { type: 'array', max: 200, validItem: contact, invalidItem: invalidEmail(contact) }),
      ],
    },
    'GET /partners/{partnerId}': { param: { name: 'partnerId', value: 'FUZZ-NO-PARTNER', kind: 'partner' } },
  };
  return Object.fromEntries(
    Object.entries(all).map(([key, spec]) => [
      key,
      {
        ...spec,
        ...(spec.fields
          ? {
              fields: spec.fields.map((field) => {
                const name = field.path.join('.');
                const breakers = ONE_LINE_FIELDS.has(name)
                  ? LINE_BREAKERS
                  : MULTI_LINE_FIELDS.has(name)
                    ? TEXT_BREAKERS
                    : [];
                if (field.kind.type !== 'text' || breakers.length === 0) return field;
                const refused = breakers.map((char) => ({ value: `Backups${char}fail`, field: name }));
                return { ...field, refused: [...(field.refused ?? []), ...refused] };
              }),
            }
          : {}),
      },
    ]),
  );
}

/** Report bounds outside 2000-01-01 … the end of next year (finding 3: a year-9999 report cost 4.3 s and a 500). */
function reportBoundOutOfRange(
  t: FuzzTargets,
  base: fc.Arbitrary<Draft>,
  withParam: (draft: Draft, name: string, value: string | undefined) => Draft,
): fc.Arbitrary<[Draft, string]> {
  const afterNextYear = t.now.getUTCFullYear() + 2;
  return fc
    .tuple(
      base,
      fc.constantFrom<[string, string, string]>(
        ['9999-01-01', '9999-12-31T23:59:59.999Z', 'from'],
        ['1999-12-31', '2000-06-01', 'from'],
        ['0001-01-01', '0001-02-01', 'from'],
        ['1970-01-01T00:00:00+14:00', '1970-02-01', 'from'],
        [`${afterNextYear - 1}-12-01`, `${afterNextYear}-01-02`, 'to'],
        [`${afterNextYear}-01-01T00:00:00.001Z`, `${afterNextYear}-03-01`, 'from'],
      ),
    )
    .map(([draft, [from, to, field]]): [Draft, string] => [withParam(withParam(draft, 'from', from), 'to', to), field]);
}

const invalidZone = fc.oneof(
  injected('Europe/Paris'),
  outOfBoundsZone,
  fc.constantFrom('', ' ', 'Mars/Olympus', 'Europe/Atlantis', '../../etc/localtime', 'GMT+25', 'Paris'),
);
const invalidDate = (valid: string) =>
  fc.oneof(
    injected(valid, [...UNPRINTABLE_ODD, ...PRINTABLE_ODD, '.']),
    fc.constantFrom(
      '',
      '2026-02-30',
      '2026-13-01',
      '2026-1-01',
      '20261231',
      '2026-12-31T00:00:00Z',
      '٢٠٢٦-١٢-٣١',
      '+002026-12-31',
    ),
  );
const invalidCalendar = fc.oneof(
  injected('FR', [...UNPRINTABLE_ODD, ...PRINTABLE_ODD, '.']),
  fc.constantFrom('', 'ZZ', 'FR-ZZ', 'FR-75-1', '../FR', 'F R'),
);
const invalidExternalId = fc.oneof(
  injected('ZD-1001', UNPRINTABLE_ODD),
  fc.constantFrom(''),
  fc.integer({ min: 129, max: 300 }).map((length) => 'E'.repeat(length)),
);

/** Instants the API refuses: no offset, not a calendar instant, odd characters, or more than 5 minutes ahead. */
const invalidInstant = (t: FuzzTargets, valid: string) =>
  fc.oneof(
    injected(valid, [...UNPRINTABLE_ODD, ...PRINTABLE_ODD, '.']),
    fc.constantFrom(
      valid.replace('Z', ''),
      valid.slice(0, 10),
      '2026-02-30T10:00:00Z',
      '2026-12-01T25:00:00Z',
      '2026-12-01T09:60:00+01:00',
      'now',
      '',
      String(unixSeconds(t.now)),
      '1e309',
      '٢٠٢٦-١٢-٠١T09:00:00Z',
    ),
    fc.integer({ min: 5 * 60_000 + 1_000, max: 10 * 365 * 86_400_000 }).map((ahead) => iso(t.now.getTime() + ahead)),
    outOfBoundsOffset(valid),
  );

// ---------------------------------------------------------------------------------------------------------------
// Routes

interface RouteFuzz {
  route: Route;
  /** The path parameter's name and a valid value; `kind` says what an unknown value is. */
  param?: { name: string; value: string; kind: 'ticket' | 'account' | 'partner' };
  body?: JsonObject;
  fields?: Field[];
  query?: [string, string][];
  /** Refusals the policy makes of otherwise valid input (DESIGN §2, §4). */
  domain?: { name: string; change: (draft: Draft) => fc.Arbitrary<Draft>; expected: Refusal }[];
}

interface Draft {
  method: string;
  path: string;
  query?: [string, string][];
  body?: JsonObject | Buffer;
  contentType: string | null;
  secret: string;
}

const text = (max: number, trim = true): FieldKind => ({ type: 'text', max, trim });
const rule = (invalid: fc.Arbitrary<string>): FieldKind => ({ type: 'rule', invalid });
const req = (path: string, kind: FieldKind): Field => ({ path: path.split('.'), kind, required: true });
const opt = (path: string, kind: FieldKind, extra: Partial<Field> = {}): Field => ({
  path: path.split('.'),
  kind,
  required: false,
  ...extra,
});

const ADMIN = 'admin@customer.example';
const PROGRAMS = ['premier', 'production', 'basic', 'evaluation', 'free'];

/** One fuzz description per route of the route table, keyed by route key. */
export function fuzzRoutes(t: FuzzTargets): Map<string, RouteFuzz> {
  const at = iso(Date.parse(t.tickets.openedAt) + 30 * 60_000);
  const ticketParam = { name: 'id', value: t.tickets.open, kind: 'ticket' as const };
  const atField = opt('at', rule(invalidInstant(t, at)));
  const byField = req('by', text(254));
  const beforeOpening: NonNullable<RouteFuzz['domain']>[number] = {
    name: 'event dated before the ticket opened',
    change: (draft) =>
      fc
        .integer({ min: 1_000, max: 400 * 86_400_000 })
        .map((early) =>
          withBody(draft, setAt(draft.body as JsonObject, ['at'], iso(Date.parse(t.tickets.openedAt) - early))),
        ),
    expected: { status: 400, error: 'invalid_request', field: 'at' },
  };
  const onClosedTicket: NonNullable<RouteFuzz['domain']>[number] = {
    name: 'activity on a closed ticket',
    change: (draft) => fc.constant({ ...draft, path: draft.path.replace(t.tickets.open, t.tickets.closed) }),
    expected: { status: 409, error: 'ticket_closed' },
  };
  const openedAt = iso(t.now.getTime() - 30 * 60_000);

  const specs: Record<string, Omit<RouteFuzz, 'route'>> = {
    'PUT /accounts/{supportId}': {
      // PUT to an id that does not exist yet, so that a request wrongly accepted shows as a new item.
      param: { name: 'supportId', value: 'FUZZ-NEW-ACCOUNT', kind: 'account' },
      body: {
        name: 'Fuzz Customer',
        program: 'production',
        contractExpiresAt: '2027-12-31',
        timezone: 'Europe/Paris',
        region: 'emea',
        language: 'fr',
        holidays: { calendar: 'FR', dates: ['2026-12-24'] },
        caseAdministrators: [ADMIN],
        supportPartners: ['partner-1'],
      },
      fields: [
        req('name', text(200)),
        {
          ...req('program', rule(invalidEnum(PROGRAMS, 'production'))),
          // Free takes no contract, and this body has one.
          refused: [{ value: 'free', field: 'contractExpiresAt' }],
        },
        // Required on production: null is refused too.
        req('contractExpiresAt', rule(invalidDate('2027-12-31'))),
        req('timezone', rule(invalidZone)),
        {
          ...req('region', rule(invalidEnum(regions, 'emea'))),
          // Regions where support is not given in French.
          refused: ['us', 'apac', 'latam'].map((value) => ({ value, field: 'language' })),
        },
        {
          ...req('language', rule(invalidEnum(languages, 'fr'))),
          // Languages of other regions than EMEA.
          refused: ['zh', 'ja', 'pt'].map((value) => ({ value, field: 'language' })),
        },
        opt('holidays', { type: 'object' }),
        opt('holidays.calendar', rule(invalidCalendar)),
        opt('holidays.dates', {
          type: 'array',
          max: 400,
          validItem: '2026-12-24',
          invalidItem: invalidDate('2026-12-25'),
        }),
        opt('caseAdministrators', { type: 'array', max: 200, validItem: ADMIN, invalidItem: invalidEmail(ADMIN) }),
        opt('supportPartners', {
          type: 'array',
          max: 200,
          validItem: 'partner-1',
          invalidItem: invalidId('partner-2'),
        }),
        opt('supportAccountManager', rule(invalidEmail('sam@vendor.example')), {
          nullable: true,
          // A valid address, but a SAM comes with premier only.
          refused: [{ value: 'sam@vendor.example', field: 'supportAccountManager' }],
        }),
      ],
    },
    'GET /accounts/{supportId}': { param: { name: 'supportId', value: t.accounts.production, kind: 'account' } },
    'POST /tickets': {
      body: {
        supportId: t.accounts.production,
        openedBy: { email: ADMIN },
        severity: 2,
        product: 'Backup & Replication',
        productVersion: '12.1',
        subject: 'Backups fail with error 42',
        description: 'Since the upgrade.',
        channel: 'web',
        openedAt,
        externalId: 'FUZZ-EXT-1',
        relatedTicketId: 'T-1',
      },
      fields: [
        req('supportId', rule(invalidId(t.accounts.production))),
        req('openedBy', { type: 'object' }),
        req('openedBy.email', rule(invalidEmail(ADMIN))),
        opt('openedBy.partnerId', rule(invalidId('partner-1'))),
        req('severity', { type: 'severity' }),
        req('product', text(200)),
        opt('productVersion', text(100)),
        req('subject', text(500)),
        opt('description', text(20_000, false)),
        req('channel', rule(invalidEnum(['web', 'email', 'phone'], 'web'))),
        opt('openedAt', rule(invalidInstant(t, openedAt))),
        opt('externalId', rule(invalidExternalId)),
        opt('relatedTicketId', rule(invalidId('T-1'))),
      ],
      domain: [
        {
          name: 'a new ticket by phone',
          change: (draft) => fc.constant(withBody(draft, setAt(draft.body as JsonObject, ['channel'], 'phone'))),
          expected: { status: 422, error: 'phone_requires_ticket' },
        },
        {
          name: 'an opener who is neither case administrator nor partner',
          change: (draft) =>
            fc
              .constantFrom<Json>(
                { email: 'intruder@else.example' },
                { email: 'admin@customer.example.evil.example' },
                { partnerId: 'partner-9', email: 'tech@partner.example' },
              )
              .map((openedBy) => withBody(draft, setAt(draft.body as JsonObject, ['openedBy'], openedBy))),
          expected: { status: 403, error: 'not_authorized_opener' },
        },
        {
          name: 'an expired contract',
          change: (draft) =>
            fc.constant(withBody(draft, setAt(draft.body as JsonObject, ['supportId'], t.accounts.expired))),
          expected: { status: 403, error: 'contract_expired' },
        },
        {
          name: 'severity 1 on evaluation',
          change: (draft) =>
            fc.constant(
              withBody(
                draft,
                setAt(setAt(draft.body as JsonObject, ['supportId'], t.accounts.evaluation), ['severity'], 1),
              ),
            ),
          expected: { status: 422, error: 'severity_not_offered' },
        },
        {
          name: 'a support ID nobody registered',
          change: (draft) =>
            unknownId(Object.values(t.accounts)).map((supportId) =>
              withBody(draft, setAt(draft.body as JsonObject, ['supportId'], supportId)),
            ),
          expected: { status: 404, error: 'unknown_support_id' },
        },
      ],
    },
    'POST /tickets/{id}/severity': {
      param: ticketParam,
      body: { severity: 1, changedBy: ADMIN, reason: 'production is down', at },
      fields: [req('severity', { type: 'severity' }), req('changedBy', text(254)), opt('reason', text(2000)), atField],
      domain: [
        onClosedTicket,
        beforeOpening,
        {
          name: 'severity 1 on an evaluation ticket',
          change: (draft) => fc.constant({ ...draft, path: draft.path.replace(t.tickets.open, t.tickets.evaluation) }),
          expected: { status: 422, error: 'severity_not_offered' },
        },
      ],
    },
    'POST /tickets/{id}/responses': {
      param: ticketParam,
      body: { by: 'engineer@vendor.example', at },
      fields: [byField, atField],
      domain: [onClosedTicket, beforeOpening],
    },
    'POST /tickets/{id}/contact-attempts': {
      param: ticketParam,
      body: { by: 'engineer@vendor.example', channel: 'phone', at },
      fields: [byField, req('channel', rule(invalidEnum(['phone', 'email', 'web'], 'phone'))), atField],
      domain: [onClosedTicket, beforeOpening],
    },
    'POST /tickets/{id}/customer-replies': {
      param: ticketParam,
      body: { at },
      fields: [atField],
      domain: [onClosedTicket, beforeOpening],
    },
    'POST /tickets/{id}/escalations': {
      param: ticketParam,
      body: { by: ADMIN, message: 'Nobody has answered yet' },
      fields: [byField, req('message', text(5000))],
      domain: [onClosedTicket],
    },
    'POST /tickets/{id}/close': {
      param: ticketParam,
      body: { by: 'engineer@vendor.example', resolution: 'fixed in 12.2', at },
      fields: [byField, req('resolution', text(200)), atField],
      domain: [onClosedTicket, beforeOpening],
    },
    'GET /tickets/{id}': { param: ticketParam },
    'GET /tickets': {
      query: [
        ['state', 'running'],
        ['program', 'production'],
        ['severity', '2'],
      ],
    },
    'GET /reports/sla': {
      query: [
        ['from', '2026-11-01'],
        ['to', '2026-12-01T00:00:00+01:00'],
      ],
    },
  };
  Object.assign(specs, withInputBounds(specs));
  return new Map(
    routes.map((route) => {
      const spec = specs[routeKey(route)];
      if (!spec) throw new Error(`fuzzRoutes: no description of ${routeKey(route)}`);
      return [routeKey(route), { route, ...spec }];
    }),
  );
}

const decodes = (segment: string) => {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
};

/** Ids that match the id rule but name nothing. */
const unknownId = (existing: readonly string[]) =>
  fc.stringMatching(ID).filter((id) => !existing.includes(id) && !id.startsWith('FUZZ'));

const withBody = (draft: Draft, body: JsonObject | Buffer): Draft => ({ ...draft, body });

const JSON_CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'Application/JSON',
  'application/json;charset=UTF-8',
];

/** The valid request, with harmless variations: content-type spelling and Unicode-heavy free text. */
function validDraft(t: FuzzTargets, spec: RouteFuzz): fc.Arbitrary<Draft> {
  const path = spec.param
    ? spec.route.path.replace(`{${spec.param.name}}`, percentEncode(spec.param.value))
    : spec.route.path;
  const secret = t.secrets[spec.route.secret];
  const freeText = (spec.fields ?? []).filter((field) => field.kind.type === 'text' && field.path.length === 1);
  const noise =
    spec.body && freeText.length > 0
      ? fc.subarray(freeText).chain((fields) =>
          fc.tuple(...fields.map((field) => noisyText((field.kind as { max: number }).max))).map((values) => {
            let body = spec.body as JsonObject;
            fields.forEach((field, index) => {
              body = setAt(body, field.path, values[index] as string);
            });
            return body;
          }),
        )
      : fc.constant(spec.body);
  return fc.tuple(noise, fc.constantFrom(...JSON_CONTENT_TYPES)).map(([body, contentType]) => ({
    method: spec.route.method,
    path,
    ...(spec.query ? { query: spec.query } : {}),
    ...(body ? { body } : {}),
    contentType: spec.body ? contentType : null,
    secret,
  }));
}

const bytesOf = (body: Draft['body']) =>
  body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(body) ? body : encodeJson(body);

const queryString = (query: [string, string][]) =>
  query.map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`).join('&');

type SignatureFault = (body: Buffer, now: number, secret: string) => Record<string, string>;

function toCase(t: FuzzTargets, draft: Draft, breakage: string, expected: Refusal, fault?: SignatureFault): FuzzCase {
  const body = bytesOf(draft.body);
  const now = unixSeconds(t.now);
  const headers = fault
    ? fault(body, now, draft.secret)
    : { 'x-sla-timestamp': String(now), 'x-sla-signature': sign(draft.secret, now, body) };
  return {
    breakage,
    method: draft.method,
    target: draft.query ? `${draft.path}?${queryString(draft.query)}` : draft.path,
    headers: draft.contentType === null ? headers : { ...headers, 'content-type': draft.contentType },
    body,
    expected,
  };
}

export interface Breakage {
  name: string;
  arbitrary: fc.Arbitrary<FuzzCase>;
}

const unauthorized = (error: string): Refusal => ({ status: 401, error });
const invalid = (field?: string): Refusal => ({
  status: 400,
  error: 'invalid_request',
  ...(field !== undefined ? { field } : {}),
});

/** Every way of breaking the route's request that applies to it, each yielding only requests broken that way. */
export function breakagesFor(t: FuzzTargets, spec: RouteFuzz): Breakage[] {
  const base = validDraft(t, spec);
  const breakages: Breakage[] = [];
  const add = (name: string, arbitrary: fc.Arbitrary<FuzzCase>) => breakages.push({ name, arbitrary });
  const otherSecret = spec.route.secret === 'admin' ? t.secrets.webhook : t.secrets.admin;
  const signedWith = (timestamp: string, signature: string): Record<string, string> => ({
    'x-sla-timestamp': timestamp,
    'x-sla-signature': signature,
  });

  // --- signature (DESIGN §4): every route
  add(
    'missing signature headers',
    fc
      .tuple(base, fc.constantFrom('no timestamp', 'no signature', 'neither', 'blank timestamp', 'blank signature'))
      .map(([draft, which]) =>
        toCase(
          t,
          draft,
          `missing signature headers (${which})`,
          unauthorized('missing_signature'),
          (body, now, secret) => {
            const headers = signedWith(String(now), sign(secret, now, body));
            if (which === 'no timestamp' || which === 'neither') delete headers['x-sla-timestamp'];
            if (which === 'no signature' || which === 'neither') delete headers['x-sla-signature'];
            if (which === 'blank timestamp') headers['x-sla-timestamp'] = '  ';
            if (which === 'blank signature') headers['x-sla-signature'] = ' ';
            return headers;
          },
        ),
      ),
  );
  add(
    'signed with the wrong secret',
    fc
      .tuple(base, fc.oneof(fc.constant(otherSecret), fc.constant(''), fc.string({ minLength: 1, maxLength: 40 })))
      .map(([draft, wrong]) =>
        toCase(
          t,
          draft,
          `signed with the wrong secret ${JSON.stringify(wrong)}`,
          unauthorized('invalid_signature'),
          (body, now) => signedWith(String(now), sign(wrong === draft.secret ? `${wrong}!` : wrong, now, body)),
        ),
      ),
  );
  add(
    'a signature replayed onto another body',
    fc.tuple(base, fc.constantFrom(' ', '\n', '{}', '0', 'x')).map(([draft, extra]) => {
      // The signature of a request seen before, sent with a body it was not made for.
      const sent = draft.method === 'GET' ? { ...draft, body: Buffer.from(extra) } : draft;
      return toCase(
        t,
        sent,
        'signature replayed onto another body',
        unauthorized('invalid_signature'),
        (body, now, secret) =>
          signedWith(
            String(now),
            sign(secret, now, draft.method === 'GET' ? '' : Buffer.concat([body, Buffer.from(extra)])),
          ),
      );
    }),
  );
  add(
    'a stale or future timestamp',
    fc
      .tuple(
        base,
        fc.oneof(
          fc.constantFrom(301, -301),
          fc.integer({ min: 302, max: 10_000_000 }),
          fc.integer({ min: -10_000_000, max: -302 }),
        ),
      )
      .map(([draft, skew]) =>
        toCase(
          t,
          draft,
          `timestamp ${skew > 0 ? '+' : ''}${skew} s from now`,
          unauthorized('signature_expired'),
          (body, now, secret) => signedWith(String(now + skew), sign(secret, now + skew, body)),
        ),
      ),
  );
  add(
    'a timestamp that is not unix seconds',
    fc
      .tuple(
        base,
        fc.constantFrom(
          '1e9',
          '-5',
          '12.5',
          'abc',
          '0x1F',
          '1234567890123',
          '¹²³',
          'NaN',
          '+1764579600',
          '1764579600.0',
        ),
      )
      .map(([draft, timestamp]) =>
        toCase(t, draft, `timestamp ${timestamp}`, unauthorized('invalid_signature'), (body, _now, secret) =>
          signedWith(timestamp, sign(secret, timestamp, body)),
        ),
      ),
  );
  add(
    'a signature that is not v1=<64 hex digits>',
    fc
      .tuple(
        base,
        fc.constantFrom<(hex: string) => string>(
          (hex) => `v2=${hex}`,
          (hex) => hex,
          (hex) => `V1=${hex}`,
          (hex) => `v1=${hex.slice(1)}`,
          (hex) => `v1=${hex}0`,
          (hex) => `v1=${Buffer.from(hex, 'hex').toString('base64')}`,
          (hex) => `v1=${hex},v1=${hex}`,
          (hex) => `v1= ${hex}`,
          () => `v1=${'g'.repeat(64)}`,
        ),
      )
      .map(([draft, mangle]) =>
        toCase(t, draft, 'malformed signature', unauthorized('invalid_signature'), (body, now, secret) =>
          signedWith(String(now), mangle(sign(secret, now, body).slice(3))),
        ),
      ),
  );

  // --- routing (the local server, as API Gateway): every route
  const methods = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];
  const samplePath = spec.route.path.replace(/\{\w+\}/, 'x');
  const wrongMethods = methods.filter((method) => {
    const match = matchRoute(method, samplePath);
    return match !== undefined && 'allowed' in match;
  });
  add(
    'a method the path does not serve',
    fc.tuple(base, fc.constantFrom(...wrongMethods)).map(([draft, method]) =>
      toCase(t, { ...draft, method }, `${method} instead of ${draft.method}`, {
        status: 405,
        error: 'method_not_allowed',
      }),
    ),
  );
  add(
    'a path no route serves',
    fc
      .tuple(
        base,
        fc.constantFrom<(path: string) => string>(
          (path) => `${path}/`,
          (path) => `${path}/extra/x`,
          (path) => `/v1${path}`,
          (path) => path.toUpperCase(),
          (path) => path.replace('/', '//'),
          (path) => `${path}%2F`,
        ),
      )
      .map(([draft, mangle]) => ({ ...draft, path: mangle(draft.path) }))
      .filter((draft) => matchRoute(draft.method, draft.path) === undefined)
      .map((draft) => toCase(t, draft, 'unknown route', { status: 404, error: 'route_not_found' })),
  );

  // --- path parameter
  if (spec.param) {
    const { name, value, kind } = spec.param;
    const encodedValue = percentEncode(value);
    const replaceParam = (draft: Draft, segment: string) => ({
      ...draft,
      path: draft.path.replace(encodedValue, segment),
    });
    add(
      'an id that is not an id',
      fc
        .tuple(
          base,
          fc.oneof(
            invalidId(value).map((id) => percentEncode(id)),
            // Sent as is: traversal and NUL, already percent-encoded.
            fc.constantFrom('..', '%2e%2e', '..%2F..%2Faccounts', '%2E%2E%5C%2E%2E%5Cwindows', '%00', 'x%00'),
          ),
        )
        .filter(([, segment]) => segment !== '')
        // A lone surrogate in the id has no UTF-8 form: its escapes are refused before the id is read.
        .map(([draft, segment]) =>
          toCase(t, replaceParam(draft, segment), `${name} ${segment}`, invalid(decodes(segment) ? name : undefined)),
        ),
    );
    add(
      'an id that is not valid percent-encoding',
      fc
        .tuple(base, fc.constantFrom('%ZZ', '%E0%A4%A', '%', 'x%4', '%C0%AF', '%ED%A0%80', '%F0%9F%98', '%FF'))
        .map(([draft, segment]) => toCase(t, replaceParam(draft, segment), `${name} ${segment}`, invalid())),
    );
    if (spec.route.method !== 'PUT') {
      add(
        `an unknown ${kind}`,
        fc
          .tuple(base, unknownId([value, t.tickets.closed, t.tickets.evaluation, ...Object.values(t.accounts)]))
          .map(([draft, id]) =>
            toCase(t, replaceParam(draft, id), `unknown ${kind} ${id}`, {
              status: 404,
              error:
                kind === 'ticket' ? 'ticket_not_found' : kind === 'partner' ? 'unknown_partner' : 'unknown_support_id',
            }),
          ),
      );
    }
  }

  // --- a body on a route that reads none
  if (!spec.body) {
    add(
      'a body over 64 KiB on a GET',
      fc.tuple(base, fc.integer({ min: 64 * 1024 + 1, max: 100_000 })).map(([draft, size]) =>
        toCase(t, { ...draft, body: Buffer.alloc(size, 0x7b) }, `GET with ${size} bytes`, {
          status: 413,
          error: 'payload_too_large',
        }),
      ),
    );
  }

  // --- query strings
  if (spec.query) addQueryBreakages(t, spec, base, add);

  // --- bodies
  if (spec.body && spec.fields) addBodyBreakages(t, spec.fields, base, add);

  for (const refusal of spec.domain ?? []) {
    add(
      refusal.name,
      base.chain(refusal.change).map((draft) => toCase(t, draft, refusal.name, refusal.expected)),
    );
  }
  return breakages;
}

function addQueryBreakages(
  t: FuzzTargets,
  spec: RouteFuzz,
  base: fc.Arbitrary<Draft>,
  add: (name: string, arbitrary: fc.Arbitrary<FuzzCase>) => void,
) {
  const known = (spec.query ?? []).map(([name]) => name);
  const withParam = (draft: Draft, name: string, value: string | undefined): Draft => {
    const kept = (draft.query ?? []).filter(([key]) => key !== name);
    return { ...draft, query: value === undefined ? kept : [...kept, [name, value]] };
  };
  const refuse = (name: string, arbitrary: fc.Arbitrary<[Draft, string]>) =>
    add(
      name,
      arbitrary.map(([draft, field]) =>
        toCase(t, draft, `${name}: ${draft.query?.map((pair) => pair.join('=')).join('&')}`, invalid(field)),
      ),
    );

  refuse(
    'an unknown query parameter',
    fc
      .tuple(
        base,
        // `__proto__` has its own test: the local server drops it (see fuzz.test.ts).
        fc.oneof(
          fc.constantFrom('State', 'limit', 'x', 'state ', '', 'constructor', 'toString'),
          fc.string({ maxLength: 8 }),
        ),
        fc.string({ maxLength: 8 }),
      )
      .filter(([, name]) => !known.includes(name))
      .map(([draft, name, value]) => [withParam(draft, name, value), name]),
  );
  if (known.includes('state')) {
    refuse(
      'a state that is not running, at_risk or breached',
      fc
        .tuple(
          base,
          fc.oneof(invalidEnum(['running', 'at_risk', 'breached'], 'running'), fc.constant('running,breached')),
        )
        .map(([draft, state]) => [withParam(draft, 'state', state), 'state']),
    );
    refuse(
      'no state',
      base.map((draft) => [withParam(draft, 'state', undefined), 'state']),
    );
    refuse(
      'a severity that is not 1–4',
      fc
        .tuple(
          base,
          fc.oneof(
            fc.constantFrom('0', '5', '-1', '1.5', 'abc', 'NaN', 'Infinity', '1e309', '-0', '', '²', '١'),
            fc.string({ maxLength: 6 }),
          ),
        )
        .filter(([, severity]) => ![1, 2, 3, 4].includes(Number(severity)))
        .map(([draft, severity]) => [withParam(draft, 'severity', severity), 'severity']),
    );
    refuse(
      'a program the policy does not have',
      fc
        .tuple(base, invalidEnum(PROGRAMS, 'production'))
        .map(([draft, program]) => [withParam(draft, 'program', program), 'program']),
    );
  }
  if (known.includes('from')) {
    const notABound = fc.oneof(
      injected('2026-11-01', [...UNPRINTABLE_ODD, ...PRINTABLE_ODD]),
      fc.constantFrom(
        '',
        '2026-02-30',
        '2026-13-01',
        'yesterday',
        '2026-12-01T00:00:00',
        '2026/12/01',
        '1764547200',
        '٢٠٢٦-١٢-٠١',
      ),
    );
    refuse(
      'a bound that is neither a date nor an instant',
      fc
        .tuple(base, fc.constantFrom('from', 'to'), notABound)
        .map(([draft, name, value]) => [withParam(draft, name, value), name]),
    );
    refuse('a bound outside 2000 … next year', reportBoundOutOfRange(t, base, withParam));
    refuse(
      'a missing bound',
      fc.tuple(base, fc.constantFrom('from', 'to')).map(([draft, name]) => [withParam(draft, name, undefined), name]),
    );
    refuse(
      'from not before to',
      fc
        .tuple(base, fc.integer({ min: 0, max: 3000 }))
        .map(([draft, days]) => [
          withParam(
            withParam(draft, 'from', '2026-06-01'),
            'to',
            iso(Date.parse('2026-06-01T00:00:00Z') - days * 86_400_000).slice(0, 10),
          ),
          'to',
        ]),
    );
    refuse(
      'a period over 366 days',
      fc
        .tuple(base, fc.integer({ min: 367, max: 5000 }))
        .map(([draft, days]) => [
          withParam(
            withParam(draft, 'from', '2020-01-01'),
            'to',
            iso(Date.parse('2020-01-01T00:00:00Z') + days * 86_400_000).slice(0, 10),
          ),
          'to',
        ]),
    );
  }
}

function addBodyBreakages(
  t: FuzzTargets,
  fields: Field[],
  base: fc.Arbitrary<Draft>,
  add: (name: string, arbitrary: fc.Arbitrary<FuzzCase>) => void,
) {
  const bodyOf = (draft: Draft) => draft.body as JsonObject;
  const textOf = (draft: Draft) => encodeJson(bodyOf(draft)).toString('utf8');
  const topLevel = fields.filter((field) => field.path.length === 1);
  const known = new Set(topLevel.map((field) => field.path[0] as string));
  const stringFields = fields.filter((field) => field.kind.type === 'text' || field.kind.type === 'rule');
  const parsesToObject = (text: string) => {
    try {
      const value: unknown = JSON.parse(text);
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    } catch {
      return false;
    }
  };

  add(
    'a content type that is not JSON',
    fc
      .tuple(
        base,
        fc.constantFrom(
          null,
          'text/plain',
          'text/json',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/jsonp',
          'application/json-patch+json',
          'application/vnd.api+json',
          'application/xml',
          'application/octet-stream',
          'json',
          'application/json, text/plain',
          'application/ json',
          'application/jsón',
        ),
      )
      .map(([draft, contentType]) =>
        toCase(t, { ...draft, contentType }, `content type ${contentType}`, {
          status: 415,
          error: 'unsupported_media_type',
        }),
      ),
  );
  add(
    'a body over 64 KiB',
    fc
      .tuple(base, fc.constantFrom(...fields), fc.integer({ min: 64 * 1024 + 1, max: 120_000 }))
      .map(([draft, field, size]) =>
        toCase(
          t,
          { ...draft, body: setAt(bodyOf(draft), field.path, 'z'.repeat(size)) },
          `${size} characters in ${field.path.join('.')}`,
          {
            status: 413,
            error: 'payload_too_large',
          },
        ),
      ),
  );
  add(
    'malformed JSON',
    fc
      .tuple(
        base,
        fc.oneof(
          fc.constantFrom<(text: string) => string>(
            () => '',
            () => ' \n\t ',
            (text) => text.replace(/"([^"]+)":/, '$1:'),
            (text) => text.replaceAll('"', "'"),
            (text) => text.replace(/}$/, ',}'),
            (text) => `${text}${text}`,
            (text) => `// comment\n${text}`,
            (text) => text.replace(/}$/, ',"x":NaN}'),
            (text) => text.replace(/}$/, ',"x":undefined}'),
          ),
          fc.nat().map((cut) => (text: string) => text.slice(0, 1 + (cut % (text.length - 1)))),
          fc
            .tuple(fc.nat(), fc.constantFrom(',', '}', '{', '"', ':', 'x', '\\', "'", '\u0000', '\ud800'))
            .map(([at, char]) => (text: string) => {
              const index = at % text.length;
              return `${text.slice(0, index)}${char}${text.slice(index)}`;
            }),
        ),
      )
      .map(([draft, mangle]) => ({ draft, mangled: mangle(textOf(draft)) }))
      .filter(({ mangled }) => !parsesToObject(mangled))
      .map(({ draft, mangled }) =>
        toCase(
          t,
          { ...draft, body: Buffer.from(mangled, 'utf8') },
          `malformed JSON ${mangled.slice(0, 80)}`,
          invalid('body'),
        ),
      ),
  );
  add(
    'bytes that are not UTF-8 between the tokens',
    fc.tuple(base, fc.constantFrom([0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0x80])).map(([draft, bytes]) => {
      const body = encodeJson(bodyOf(draft));
      return toCase(
        t,
        { ...draft, body: Buffer.concat([body.subarray(0, 1), Buffer.from(bytes), body.subarray(1)]) },
        'not UTF-8 between tokens',
        invalid('body'),
      );
    }),
  );
  add(
    'a body that is not an object',
    fc
      .tuple(
        base,
        fc.constantFrom<(body: JsonObject) => Json>(
          (body) => [body],
          () => null,
          () => 42,
          () => 'text',
          () => true,
          () => [],
          () => new Raw('1e309'),
        ),
      )
      .map(([draft, wrap]) =>
        toCase(t, { ...draft, body: encodeJson(wrap(bodyOf(draft))) }, 'not an object', invalid('body')),
      ),
  );
  add(
    'a field with a value it refuses',
    fc
      .tuple(
        base,
        fc.constantFrom(...fields).chain((field) => fc.tuple(fc.constant(field), invalidValue(field))),
      )
      .map(([draft, [field, [value, named]]]) =>
        toCase(
          t,
          { ...draft, body: setAt(bodyOf(draft), field.path, value) },
          `${field.path.join('.')} = ${String(encodeJson(value)).slice(0, 80)}`,
          invalid(named),
        ),
      ),
  );
  const required = fields.filter((field) => field.required);
  if (required.length > 0) {
    add(
      'a required field left out',
      fc
        .tuple(base, fc.constantFrom(...required))
        .map(([draft, field]) =>
          toCase(
            t,
            { ...draft, body: deleteAt(bodyOf(draft), field.path) },
            `no ${field.path.join('.')}`,
            invalid(field.path[0]),
          ),
        ),
    );
  }
  const objects = fields.filter((field) => field.kind.type === 'object');
  const unknownKey = fc
    .oneof(
      fc.constantFrom(
        '__proto__',
        'constructor',
        'prototype',
        'toString',
        'Severity',
        'ticketId',
        'revision',
        'sla',
        'pk',
        'status',
        'subject ',
        'sub\u0000ject',
        '\u202eevil',
        '',
      ),
      fc.string({ maxLength: 12 }),
    )
    .filter((key) => !known.has(key) && !fields.some((field) => field.path[1] === key));
  add(
    'an unknown field',
    fc
      .tuple(
        base,
        fc.constantFrom<readonly string[]>([], ...objects.map((field) => field.path)),
        unknownKey,
        fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
      )
      .map(([draft, parent, key, value]) => {
        const body = bodyOf(draft);
        const inParent = parent.length === 0 ? body : ((body[parent[0] as string] as JsonObject | undefined) ?? {});
        const next =
          parent.length === 0 ? setAt(body, [key], value) : setAt(body, parent, setAt(inParent, [key], value));
        return toCase(
          t,
          { ...draft, body: next },
          `unknown field ${[...parent, key].join('.')}`,
          invalid(parent[0] ?? key),
        );
      }),
  );
  add(
    'a huge string within 64 KiB',
    fc
      .tuple(base, fc.constantFrom(...stringFields), fc.integer({ min: 20_001, max: 60_000 }))
      .map(([draft, field, length]) =>
        toCase(
          t,
          { ...draft, body: setAt(bodyOf(draft), field.path, 'w'.repeat(length)) },
          `${length} characters in ${field.path.join('.')}`,
          invalid(field.path[0]),
        ),
      ),
  );
  add(
    'deep nesting',
    fc
      .tuple(base, fc.constantFrom(...fields), fc.integer({ min: 50, max: 9_000 }), fc.boolean())
      .map(([draft, field, depth, arrays]) => {
        const nested = arrays
          ? `${'['.repeat(depth)}${']'.repeat(depth)}`
          : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
        return toCase(
          t,
          { ...draft, body: setAt(bodyOf(draft), field.path, new Raw(nested)) },
          `${depth} levels in ${field.path.join('.')}`,
          invalid(field.path[0]),
        );
      }),
  );
  add(
    'a duplicated key whose last value is refused',
    fc
      .tuple(
        base,
        fc.constantFrom(...topLevel).chain((field) => fc.tuple(fc.constant(field), invalidValue(field))),
      )
      .map(([draft, [field, [value, named]]]) => {
        const text = encodeJson(bodyOf(draft));
        const key = field.path[0] as string;
        const duplicate = Buffer.concat([Buffer.from(`,${JSON.stringify(key)}:`), encodeJson(value), Buffer.from('}')]);
        const body =
          Object.keys(bodyOf(draft)).length === 0
            ? Buffer.concat([Buffer.from('{'), duplicate.subarray(1)])
            : Buffer.concat([text.subarray(0, -1), duplicate]);
        return toCase(t, { ...draft, body }, `duplicated ${key}`, invalid(named));
      }),
  );
}

/** The free-text fields of every body (`by`, `subject`, …): any well-formed string within their length is valid. */
export function freeTextFields(t: FuzzTargets): { key: string; path: readonly string[] }[] {
  return [...fuzzRoutes(t)].flatMap(([key, spec]) =>
    (spec.fields ?? []).filter((field) => field.kind.type === 'text').map((field) => ({ key, path: field.path })),
  );
}

/** A valid, signed request for the route with `value` in the field; for the tests of ill-formed text. */
export function requestWithField(t: FuzzTargets, key: string, path: readonly string[], value: Json): FuzzCase {
  const spec = fuzzRoutes(t).get(key);
  if (!spec?.body) throw new Error(`${key} has no body`);
  const [draft] = fc.sample(validDraft(t, { ...spec, fields: [] }), 1) as [Draft];
  return toCase(t, { ...draft, body: setAt(spec.body, path, value) }, `${path.join('.')} ill-formed`, invalid(path[0]));
}

/** One request per field of every body with a value of the wrong JSON type: "wrong types for every field". */
export function wrongTypeInEveryField(t: FuzzTargets): FuzzCase[] {
  return [...fuzzRoutes(t)].flatMap(([, spec]) => {
    if (!spec.body || !spec.fields) return [];
    const [draft] = fc.sample(validDraft(t, spec), 1) as [Draft];
    return spec.fields.map((field) => {
      const [value] = fc.sample(wrongType(field), 1) as [Json];
      return toCase(
        t,
        { ...draft, body: setAt(spec.body as JsonObject, field.path, value) },
        `${routeKey(spec.route)} ${field.path.join('.')} = ${JSON.stringify(value)}`,
        invalid(field.path[0]),
      );
    });
  });
}
