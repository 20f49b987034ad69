/** The request bodies, path parameters and query strings of DESIGN §4, as strict zod schemas. */
import * as z from 'zod';
import { languages } from '../mail/languages.ts';
import { policyInForce as policy } from '../policy/policy-in-force.ts';
import { regions, severitySchema } from '../policy/schema.ts';
import { runtimeClock } from '../time/clock.ts';
import { isKnownCalendar } from '../time/holidays.ts';
import { normalizeInstant, parseInstant } from '../time/instant.ts';
import { isIsoDate, zoneOf } from '../time/local-days.ts';

const FUTURE_LEEWAY_MS = 5 * 60_000;
/** Older events are refused: a backdated `openedAt` would breach at once and page the duty manager. */
const PAST_LIMIT_MS = 90 * 86_400_000;

const text = (max: number) => z.string().trim().min(1).max(max);
const email = z.email().max(254);
/** Ids we accept in paths: no slashes, dots or other characters that could walk a key space. */
const idPattern = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

const date = z
  .string()
  .refine(isIsoDate, { error: (issue) => `${JSON.stringify(issue.input)} is not a date (YYYY-MM-DD)` });

/** An ISO-8601 instant with an offset, at most 5 minutes in the future (DESIGN §4), normalised to UTC. */
export const instant = z
  .string()
  .refine((value) => parseInstant(value) !== undefined, {
    error: (issue) => `${JSON.stringify(issue.input)} is not an ISO-8601 instant with an offset`,
  })
  .refine((value) => (parseInstant(value) as number) <= runtimeClock().getTime() + FUTURE_LEEWAY_MS, {
    error: 'is more than 5 minutes in the future',
  })
  .refine((value) => (parseInstant(value) as number) >= runtimeClock().getTime() - PAST_LIMIT_MS, {
    error: 'is more than 90 days in the past',
  })
  .transform((value) => normalizeInstant(value) as string);

export const supportIdParams = z
  .object({ supportId: z.string().regex(idPattern, 'a support ID: letters, digits, _ and -') })
  .strict();
export const ticketIdParams = z
  .object({ id: z.string().regex(idPattern, 'a ticket id: letters, digits, _ and -') })
  .strict();

export const accountBody = z
  .object({
    name: text(200),
    program: z.string().refine((program) => Object.hasOwn(policy.programs, program), {
      error: `one of ${Object.keys(policy.programs).join(', ')}`,
    }),
    contractExpiresAt: date.nullable().optional(),
    timezone: z.string().refine((zone) => zoneOf(zone) !== undefined, {
      error: (issue) => `${JSON.stringify(issue.input)} is not an IANA time zone`,
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
  });

export const openTicketBody = z
  .object({
    supportId: z.string().regex(idPattern, 'a support ID'),
    openedBy: z.union([
      z.object({ email }).strict(),
      z.object({ partnerId: z.string().regex(idPattern, 'a partner id'), email }).strict(),
    ]),
    severity: severitySchema,
    product: text(200),
    productVersion: text(100).optional(),
    subject: text(500),
    description: z.string().max(20_000).optional(),
    // `phone` is accepted here so that the policy itself refuses it (422), not the schema.
    channel: z.enum(['web', 'email', 'phone']),
    openedAt: instant.optional(),
    externalId: z
      .string()
      .regex(/^[\x21-\x7e]{1,128}$/, 'printable ASCII, 1 to 128 characters')
      .optional(),
    relatedTicketId: z.string().regex(idPattern, 'a ticket id').optional(),
  })
  .strict();

export const severityBody = z
  .object({ severity: severitySchema, changedBy: text(254), reason: text(2000).optional(), at: instant.optional() })
  .strict();
export const responseBody = z.object({ by: text(254), at: instant.optional() }).strict();
export const contactAttemptBody = z
  .object({ by: text(254), channel: z.enum(['phone', 'email', 'web']), at: instant.optional() })
  .strict();
export const customerReplyBody = z.object({ at: instant.optional() }).strict();
export const escalationBody = z.object({ by: text(254), message: text(5000) }).strict();
export const closeBody = z.object({ by: text(254), resolution: text(200), at: instant.optional() }).strict();

export const openListQuery = z
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
  })
  .strict();

/** A report bound: an instant with an offset, or a date (midnight UTC). */
const bound = z.string().transform((value, context) => {
  const normalized = isIsoDate(value) ? `${value}T00:00:00.000Z` : normalizeInstant(value);
  if (normalized === undefined) {
    context.addIssue({ code: 'custom', message: `${JSON.stringify(value)} is not a date or an ISO-8601 instant` });
    return z.NEVER;
  }
  return normalized;
});

export const reportQuery = z
  .object({ from: bound, to: bound })
  .strict()
  .refine((query) => query.from < query.to, { error: 'from must be before to', path: ['to'] })
  .refine((query) => Date.parse(query.to) - Date.parse(query.from) <= 366 * 86_400_000, {
    error: 'a report covers at most 366 days',
    path: ['to'],
  });
