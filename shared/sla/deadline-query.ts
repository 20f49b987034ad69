import { z } from 'zod';
import type { Policy } from '../policy/schema.ts';
import { severitySchema } from '../policy/schema.ts';
import { isKnownCalendar } from '../time/holidays.ts';
import { normalizeInstant } from '../time/instant.ts';
import { isIsoDate, zoneOf } from '../time/local-days.ts';
import { startSla } from './deadline.ts';
import { DomainError } from './errors.ts';

/** One question to the rules layer: when is a ticket due? (the `sla deadline` contract, DESIGN §8). */
export const deadlineQuerySchema = z
  .object({
    program: z.string(),
    severity: z.coerce.number().pipe(severitySchema),
    opened: z.string().refine((text) => normalizeInstant(text) !== undefined, {
      error: (issue) =>
        `${JSON.stringify(issue.input)} is not an ISO-8601 instant with an offset within ±14:00 (2026-12-02T09:00:00+01:00)`,
    }),
    tz: z.string().refine((name) => zoneOf(name) !== undefined, {
      error: (issue) => `${JSON.stringify(issue.input)} is not an IANA time zone or UTC±hh:mm within ±14:00`,
    }),
    holiday: z
      .array(
        z.string().refine(isIsoDate, { error: (issue) => `${JSON.stringify(issue.input)} is not a date (YYYY-MM-DD)` }),
      )
      .optional(),
    holidays: z
      .string()
      .refine(isKnownCalendar, {
        error: (issue) => `${JSON.stringify(issue.input)} is not a holiday calendar such as FR or US-CA`,
      })
      .optional(),
  })
  .strict();
export type DeadlineQuery = z.input<typeof deadlineQuerySchema>;

export type DeadlineAnswer =
  | {
      program: string;
      severity: number;
      clock: string;
      targetMinutes: number | null;
      deadline: string | null;
      warnAt: string | null;
    }
  | { error: string; message: string; argument?: string };

/** Answers a query, or says which argument is wrong or which rule refused it. */
export function answerDeadlineQuery(policy: Policy, query: unknown): DeadlineAnswer {
  const parsed = deadlineQuerySchema.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const argument = String(issue?.path[0] ?? (issue?.code === 'unrecognized_keys' ? issue.keys[0] : '') ?? '');
    return { error: 'invalid_argument', argument, message: `${argument || 'input'}: ${issue?.message}` };
  }
  const { program, severity, opened, tz, holiday, holidays } = parsed.data;
  if (!Object.hasOwn(policy.programs, program)) {
    return {
      error: 'invalid_argument',
      argument: 'program',
      message: `program: one of ${Object.keys(policy.programs).join(', ')}`,
    };
  }
  try {
    const sla = startSla(
      { policy, program, calendar: { timezone: tz, holidays: { calendar: holidays, dates: holiday } } },
      severity,
      normalizeInstant(opened) as string,
    );
    const { clock, targetMinutes, deadline, warnAt } = sla;
    return { program, severity, clock, targetMinutes, deadline, warnAt };
  } catch (error) {
    if (error instanceof DomainError) return { error: error.code, message: error.message };
    throw error;
  }
}
