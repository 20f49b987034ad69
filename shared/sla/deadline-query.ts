import * as z from 'zod';
import type { Policy, Severity } from '../policy/schema.ts';
import { severitySchema } from '../policy/schema.ts';
import type { SlaClock } from '../time/business-clock.ts';
import { isKnownCalendar } from '../time/holidays.ts';
import { parseInstant } from '../time/instant.ts';
import { isIsoDate, zoneOf } from '../time/local-days.ts';
import { startSlaOn } from './deadline.ts';
import { DomainError } from './errors.ts';
import { programClock } from './objective.ts';

const openedMessage = (input: unknown) =>
  `${JSON.stringify(input)} is not an ISO-8601 instant with an offset within ±14:00 (2026-12-02T09:00:00+01:00)`;

/** One question to the rules layer: when is a ticket due? (the `sla deadline` contract, DESIGN §8). */
export const deadlineQuerySchema = z
  .object({
    program: z.string(),
    severity: z.coerce.number().pipe(severitySchema),
    // Parsed once, here: the answer is computed from these milliseconds.
    opened: z.string().transform((text, context) => {
      const instant = parseInstant(text);
      if (instant === undefined) context.addIssue({ code: 'custom', message: openedMessage(text), input: text });
      return instant ?? Number.NaN;
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
  return answer(policy, program, severity, opened, () =>
    programClock(policy, program, { timezone: tz, holidays: { calendar: holidays, dates: holiday } }),
  );
}

function answer(
  policy: Policy,
  program: string,
  severity: Severity,
  opened: number,
  clock: () => SlaClock | undefined,
): DeadlineAnswer {
  try {
    const sla = startSlaOn(clock(), policy, program, severity, opened);
    const { clock: kind, targetMinutes, deadline, warnAt } = sla;
    return { program, severity, clock: kind, targetMinutes, deadline, warnAt };
  } catch (error) {
    if (error instanceof DomainError) return { error: error.code, message: error.message };
    throw error;
  }
}

const queryKeys = new Set(['program', 'severity', 'opened', 'tz', 'holiday', 'holidays']);

/**
 * Answers many queries as `sla deadlines` does, each exactly as `answerDeadlineQuery` would (test/unit/
 * deadline-answerer.test.ts), faster: a well-formed query skips the schema, its instant is parsed once,
 * and clocks are kept per program, zone and holidays. Anything unusual takes the schema's path, which
 * words the errors.
 */
export function deadlineAnswerer(
  policy: Policy,
  options: {
    /** Told of each query that took the schema's path: a well-formed one never should (its test holds it to that). */
    onSchemaPath?: (query: unknown) => void;
  } = {},
): (query: unknown) => DeadlineAnswer {
  const bySchema = (query: unknown) => {
    options.onSchemaPath?.(query);
    return answerDeadlineQuery(policy, query);
  };
  const zones = new Map<string, boolean>();
  const calendars = new Map<string, boolean>();
  const clocks = new Map<string, SlaClock | undefined>();
  const validZone = (name: string) => {
    let valid = zones.get(name);
    if (valid === undefined) {
      valid = zoneOf(name) !== undefined;
      if (zones.size < 10_000) zones.set(name, valid);
    }
    return valid;
  };
  const knownCalendar = (code: string) => {
    let known = calendars.get(code);
    if (known === undefined) {
      known = isKnownCalendar(code);
      if (calendars.size < 10_000) calendars.set(code, known);
    }
    return known;
  };

  return (query) => {
    if (typeof query !== 'object' || query === null || Array.isArray(query)) return bySchema(query);
    const q = query as Record<string, unknown>;
    for (const key of Object.keys(q)) if (!queryKeys.has(key)) return bySchema(query);
    const { program, severity, opened, tz, holiday, holidays } = q;
    if (
      typeof program !== 'string' ||
      !Object.hasOwn(policy.programs, program) ||
      (severity !== 1 && severity !== 2 && severity !== 3 && severity !== 4) ||
      typeof opened !== 'string' ||
      typeof tz !== 'string' ||
      !validZone(tz) ||
      (holidays !== undefined && (typeof holidays !== 'string' || !knownCalendar(holidays))) ||
      (holiday !== undefined &&
        (!Array.isArray(holiday) || !holiday.every((date) => typeof date === 'string' && isIsoDate(date))))
    ) {
      return bySchema(query);
    }
    const instant = parseInstant(opened);
    if (instant === undefined) return bySchema(query);
    const dates = holiday as string[] | undefined;
    return answer(policy, program, severity, instant, () => {
      const key = `${program}|${tz}|${holidays ?? ''}|${dates?.join(',') ?? ''}`;
      if (clocks.has(key)) return clocks.get(key);
      const clock = programClock(policy, program, { timezone: tz, holidays: { calendar: holidays, dates } });
      if (clocks.size >= 10_000) clocks.clear();
      clocks.set(key, clock);
      return clock;
    });
  };
}
