/** The request bodies, path parameters and query strings of DESIGN §4, as strict zod schemas. */
import * as z from 'zod';
import { connectionSources, DEFAULT_CONNECTION_ID } from '../connections/connection.ts';
import { languages } from '../mail/languages.ts';
import { policyInForce as policy } from '../policy/policy-in-force.ts';
import { regions, severitySchema } from '../policy/schema.ts';
import { runtimeClock } from '../time/clock.ts';
import { isKnownCalendar } from '../time/holidays.ts';
import { normalizeInstant, parseInstant } from '../time/instant.ts';
import { isIsoDate, zoneOf } from '../time/local-days.ts';

/**
 * Builds a schema when the module loads, in a call marked free of side effects (issue 13): esbuild drops the
 * schemas a bundle never uses, so each function builds only those of its own routes. Nothing is deferred.
 */
const built = <T>(build: () => T): T => build();

const FUTURE_LEEWAY_MS = 5 * 60_000;
/** Older events are refused: a backdated `openedAt` would breach at once and page the duty manager. */
const PAST_LIMIT_MS = 90 * 86_400_000;

const text = (max: number) => z.string().trim().min(1).max(max);
/**
 * DESIGN §4.1: subjects and names are one line. Control characters (C0, DEL, C1 with NEL, and the Unicode line and
 * paragraph separators) are refused: they would break or forge a mail subject or a log line.
 */
const CONTROL_CHARACTER = /[\p{Cc}\u2028\u2029]/u;
/** Multi-line text (descriptions, messages) keeps tab, line feed and carriage return, and refuses the rest. */
const CONTROL_CHARACTER_BUT_TAB_OR_NEWLINE = /(?![\t\n\r])[\p{Cc}\u2028\u2029]/u;
const escapeOf = (text: string, pattern: RegExp) =>
  `U+${(text.match(pattern)?.[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
const line = (max: number) =>
  text(max).refine((value) => !CONTROL_CHARACTER.test(value), {
    error: (issue) =>
      `must be one line without control characters (found ${escapeOf(issue.input as string, CONTROL_CHARACTER)})`,
  });
const multiline = <T extends z.ZodString>(schema: T) =>
  schema.refine((value) => !CONTROL_CHARACTER_BUT_TAB_OR_NEWLINE.test(value), {
    error: (issue) =>
      `must not contain control characters other than tab and newline (found ${escapeOf(issue.input as string, CONTROL_CHARACTER_BUT_TAB_OR_NEWLINE)})`,
  });
const email = /* @__PURE__ */ built(() => z.email().max(254));
/** Ids we accept in paths: no slashes, dots or other characters that could walk a key space. */
const idPattern = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

const date = /* @__PURE__ */ built(() =>
  z.string().refine(isIsoDate, { error: (issue) => `${JSON.stringify(issue.input)} is not a date (YYYY-MM-DD)` }),
);

/** An ISO-8601 instant with an offset, at most 5 minutes in the future (DESIGN §4), normalised to UTC. */
export const instant = /* @__PURE__ */ built(() =>
  z
    .string()
    .refine((value) => parseInstant(value) !== undefined, {
      error: (issue) => `${JSON.stringify(issue.input)} is not an ISO-8601 instant with an offset within ±14:00`,
      // Not an instant is the one problem: the bounds below would each report it again ("in the future", "in the past").
      abort: true,
    })
    .refine((value) => (parseInstant(value) as number) <= runtimeClock().getTime() + FUTURE_LEEWAY_MS, {
      error: 'is more than 5 minutes in the future',
    })
    .refine((value) => (parseInstant(value) as number) >= runtimeClock().getTime() - PAST_LIMIT_MS, {
      error: 'is more than 90 days in the past',
    })
    .transform((value) => normalizeInstant(value) as string),
);

export const supportIdParams = /* @__PURE__ */ built(() =>
  z.object({ supportId: z.string().regex(idPattern, 'a support ID: letters, digits, _ and -') }).strict(),
);
export const ticketIdParams = /* @__PURE__ */ built(() =>
  z.object({ id: z.string().regex(idPattern, 'a ticket id: letters, digits, _ and -') }).strict(),
);

export const accountBody = /* @__PURE__ */ built(() =>
  z
    .object({
      name: line(200),
      program: z.string().refine((program) => Object.hasOwn(policy.programs, program), {
        error: `one of ${Object.keys(policy.programs).join(', ')}`,
      }),
      contractExpiresAt: date.nullable().optional(),
      timezone: z.string().refine((zone) => zoneOf(zone) !== undefined, {
        error: (issue) => `${JSON.stringify(issue.input)} is not an IANA time zone or UTC±hh:mm within ±14:00`,
      }),
      region: z.enum(regions),
      language: z.enum(languages),
      holidays: z
        .object({
          calendar: z
            .string()
            .refine(isKnownCalendar, {
              error: (issue) => `${JSON.stringify(issue.input)} is not a holiday calendar (FR, US-CA)`,
            })
            .optional(),
          dates: z.array(date).max(400).optional(),
        })
        .strict()
        .default({}),
      caseAdministrators: z.array(email).max(200).default([]),
      supportPartners: z.array(z.string().regex(idPattern, 'a partner id')).max(200).default([]),
      supportAccountManager: email.nullable().optional(),
    })
    .strict()
    .superRefine((account, context) => {
      const program = policy.programs[account.program];
      if (!program) return;
      if (!(policy.regionLanguages[account.region] as string[]).includes(account.language)) {
        context.addIssue({
          code: 'custom',
          path: ['language'],
          message: `support in ${account.region} is given in ${policy.regionLanguages[account.region].join(', ')}`,
        });
      }
      if (program.requiresContract && !account.contractExpiresAt) {
        context.addIssue({
          code: 'custom',
          path: ['contractExpiresAt'],
          message: `required for the ${account.program} program`,
        });
      }
      if (!program.requiresContract && account.contractExpiresAt) {
        context.addIssue({
          code: 'custom',
          path: ['contractExpiresAt'],
          message: `not for the ${account.program} program`,
        });
      }
      if (!program.supportAccountManager && account.supportAccountManager) {
        context.addIssue({
          code: 'custom',
          path: ['supportAccountManager'],
          message: `a support account manager comes with premier, not ${account.program}`,
        });
      }
    }),
);

export const openTicketBody = /* @__PURE__ */ built(() =>
  z
    .object({
      supportId: z.string().regex(idPattern, 'a support ID'),
      openedBy: z.union([
        z.object({ email }).strict(),
        z.object({ partnerId: z.string().regex(idPattern, 'a partner id'), email }).strict(),
      ]),
      severity: severitySchema,
      product: line(200),
      productVersion: line(100).optional(),
      subject: line(500),
      description: multiline(z.string().max(20_000)).optional(),
      // `phone` is accepted here so that the policy itself refuses it (422), not the schema.
      channel: z.enum(['web', 'email', 'phone']),
      openedAt: instant.optional(),
      externalId: z
        .string()
        .regex(/^[\x21-\x7e]{1,128}$/, 'printable ASCII, 1 to 128 characters')
        .optional(),
      relatedTicketId: z.string().regex(idPattern, 'a ticket id').optional(),
    })
    .strict(),
);

export const severityBody = /* @__PURE__ */ built(() =>
  z
    .object({
      severity: severitySchema,
      changedBy: line(254),
      reason: multiline(text(2000)).optional(),
      at: instant.optional(),
    })
    .strict(),
);
export const responseBody = /* @__PURE__ */ built(() => z.object({ by: line(254), at: instant.optional() }).strict());
export const contactAttemptBody = /* @__PURE__ */ built(() =>
  z.object({ by: line(254), channel: z.enum(['phone', 'email', 'web']), at: instant.optional() }).strict(),
);
export const customerReplyBody = /* @__PURE__ */ built(() => z.object({ at: instant.optional() }).strict());
export const escalationBody = /* @__PURE__ */ built(() =>
  z.object({ by: line(254), message: multiline(text(5000)) }).strict(),
);
export const closeBody = /* @__PURE__ */ built(() =>
  z.object({ by: line(254), resolution: line(200), at: instant.optional() }).strict(),
);

export const partnerIdParams = /* @__PURE__ */ built(() =>
  z.object({ partnerId: z.string().regex(idPattern, 'a partner id: letters, digits, _ and -') }).strict(),
);
/** `PUT /partners/{partnerId}` (DESIGN §4.1): the partner's contacts are the only partner addresses we mail. */
export const partnerBody = /* @__PURE__ */ built(() =>
  z
    .object({
      name: line(200),
      contacts: z
        .array(email)
        .max(200)
        .refine((contacts) => new Set(contacts.map((contact) => contact.toLowerCase())).size === contacts.length, {
          error: 'lists an address twice (addresses are compared case-insensitively)',
        }),
    })
    .strict(),
);

export const openListQuery = /* @__PURE__ */ built(() =>
  z
    .object({
      state: z.enum(['running', 'at_risk', 'breached']),
      program: z
        .string()
        .refine((program) => Object.hasOwn(policy.programs, program), { error: 'not a program of the policy' })
        .optional(),
      severity: z
        .string()
        .regex(/^[1-4]$/, 'a severity from 1 to 4')
        .transform(Number)
        .pipe(severitySchema)
        .optional(),
      /** Page size (DESIGN §11): default 50, at most 500. */
      limit: z
        .string()
        .regex(/^\d{1,4}$/, 'a whole number from 1 to 500')
        .transform(Number)
        .pipe(z.number().int().min(1, 'at least 1').max(500, 'at most 500'))
        .default(50),
      /** The previous page's `nextCursor`, as returned. */
      cursor: z.string().min(1).max(2048).optional(),
    })
    .strict(),
);

/** A report bound: an instant with an offset, or a date (midnight UTC). */
const bound = /* @__PURE__ */ built(() =>
  z.string().transform((value, context) => {
    const normalized = isIsoDate(value) ? `${value}T00:00:00.000Z` : normalizeInstant(value);
    if (normalized === undefined) {
      context.addIssue({ code: 'custom', message: `${JSON.stringify(value)} is not a date or an ISO-8601 instant` });
      return z.NEVER;
    }
    return normalized;
  }),
);

/** DESIGN §4.1: reports cover 2000-01-01 up to the end of next year, so no bound makes the query walk millennia. */
const REPORT_EARLIEST = '2000-01-01T00:00:00.000Z';
const reportLatest = () => `${runtimeClock().getUTCFullYear() + 2}-01-01T00:00:00.000Z`;
const withinReportYears = (value: string) => value >= REPORT_EARLIEST && value <= reportLatest();
const reportYearsError = () => `must lie within 2000-01-01 … ${reportLatest().slice(0, 10)} (the end of next year)`;

export const reportQuery = /* @__PURE__ */ built(() =>
  z
    .object({
      from: bound.refine(withinReportYears, { error: reportYearsError }),
      to: bound.refine(withinReportYears, { error: reportYearsError }),
    })
    .strict()
    .refine((query) => query.from < query.to, { error: 'from must be before to', path: ['to'] })
    .refine((query) => Date.parse(query.to) - Date.parse(query.from) <= 366 * 86_400_000, {
      error: 'a report covers at most 366 days',
      path: ['to'],
    }),
);

export const connectionIdParams = /* @__PURE__ */ built(() =>
  z
    .object({
      connectionId: z
        .string()
        .regex(idPattern, 'a connection id: letters, digits, _ and -')
        // The environment's own secrets act as the connection `default` (DESIGN §4.1): one name, one meaning.
        .refine((id) => id !== DEFAULT_CONNECTION_ID, { error: `"${DEFAULT_CONNECTION_ID}" is reserved` }),
    })
    .strict(),
);

/** A signing secret: non-empty, no surrounding blanks (a paste error), short enough to be a key, not a payload. */
const secret = /* @__PURE__ */ built(() =>
  z
    .string()
    .min(8, 'a secret has at least 8 characters')
    .max(512, 'a secret has at most 512 characters')
    .refine((value) => value.trim() === value, { error: 'a secret has no leading or trailing blanks' }),
);
const sourceKey = /* @__PURE__ */ built(() => z.string().trim().min(1).max(200));

/** `PUT /connections/{connectionId}` (DESIGN §9, §4.1). */
export const connectionBody = /* @__PURE__ */ built(() =>
  z
    .object({
      source: z.enum(connectionSources),
      secrets: z
        .array(secret)
        .min(1, 'one secret, or two during a rotation')
        .max(2, 'one secret, or two during a rotation')
        .refine((secrets) => new Set(secrets).size === secrets.length, { error: 'the two secrets are the same' }),
      organizations: z.record(sourceKey, z.string().regex(idPattern, 'a support ID')).default({}),
      defaultSupportId: z.string().regex(idPattern, 'a support ID').nullable().default(null),
      severities: z.record(sourceKey, severitySchema).default({}),
      agents: z.array(sourceKey).max(500).default([]),
      accounts: z.array(z.string().regex(idPattern, 'a support ID')).max(1000).nullable().optional(),
      access: z.enum(['read', 'write']).optional(),
    })
    .strict()
    .superRefine((connection, context) => {
      for (const field of ['accounts', 'access'] as const) {
        if (connection.source !== 'native' && connection[field] !== undefined) {
          context.addIssue({
            code: 'custom',
            path: [field],
            message: `only for the native source, not ${connection.source}`,
          });
        }
      }
      for (const field of ['organizations', 'severities'] as const) {
        if (Object.keys(connection[field]).length > 1000) {
          context.addIssue({ code: 'custom', path: [field], message: 'at most 1000 entries' });
        }
      }
      const lower = Object.keys(connection.severities).map((name) => name.toLowerCase());
      if (new Set(lower).size !== lower.length) {
        context.addIssue({
          code: 'custom',
          path: ['severities'],
          message: 'names are case-insensitive: one differs only in case',
        });
      }
    }),
);

/** `GET /connections/{connectionId}/deliveries?limit=` (DESIGN §9): the latest 50 by default, at most 200. */
export const deliveriesQuery = /* @__PURE__ */ built(() =>
  z
    .object({
      limit: z
        .string()
        .regex(/^\d{1,3}$/, 'a number from 1 to 200')
        .transform(Number)
        .pipe(z.number().int().min(1, 'a number from 1 to 200').max(200, 'a number from 1 to 200'))
        .optional(),
    })
    .strict(),
);
