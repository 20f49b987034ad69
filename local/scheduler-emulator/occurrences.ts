/** When a schedule's occurrences fall: the instants the dispatcher invokes its target. */
import { parseScheduleExpression } from './expression.ts';
import { zonedWallTimeToUtc } from './timezone.ts';
import type { ScheduleDefinition } from './types.ts';

export interface OccurrenceContext {
  /** The rate() anchor: occurrences fall at creation + k × period, k ≥ 1. */
  creationMs: number;
  nowMs: number;
  precisionMs: number;
}

const optionalMs = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso));

/** The first rate() boundary after both `afterMs` and now: periods missed while nothing ran fire once, not in a burst. */
function nextRateOccurrence(
  periodMs: number,
  afterMs: number,
  definition: ScheduleDefinition,
  context: OccurrenceContext,
): number | null {
  const startMs = optionalMs(definition.startDate);
  const endMs = optionalMs(definition.endDate);
  const anchor = context.creationMs;
  const lowerBound = Math.max(afterMs + 1, context.nowMs + 1, startMs ?? Number.NEGATIVE_INFINITY);
  const k = Math.max(1, Math.ceil((lowerBound - anchor) / periodMs));
  const at = anchor + k * periodMs;
  return endMs !== undefined && at > endMs ? null : at;
}

/**
 * The first instant a schedule is due, measured from `afterMs`; an at() time is truncated to the
 * precision because the real service may fire anywhere in the minute it names, the start included.
 */
export function nextOccurrence(
  definition: ScheduleDefinition,
  afterMs: number | null,
  context: OccurrenceContext,
): number | null {
  const expression = parseScheduleExpression(definition.scheduleExpression);
  if (!expression) return null;
  switch (expression.kind) {
    case 'at': {
      if (afterMs !== null) return null;
      const at = zonedWallTimeToUtc(expression.wall, definition.scheduleExpressionTimezone);
      const precision = Math.max(1, context.precisionMs);
      return Math.floor(at / precision) * precision;
    }
    case 'rate':
      return nextRateOccurrence(expression.periodMs, afterMs ?? context.nowMs, definition, context);
    case 'cron':
      // cron() schedules are stored and listed but this emulator does not fire them.
      return null;
  }
}
