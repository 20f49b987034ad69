import type { Policy, Severity } from '../policy/schema.ts';
import type { SlaClock } from '../time/business-clock.ts';
import { assertSeverityOffered, clockKind, programClock, responseObjective } from './objective.ts';
import { type AccountCalendar, iso, ms, type Sla } from './types.ts';

/** What every SLA decision needs to know about the ticket's contract. */
export interface SlaContext {
  policy: Policy;
  program: string;
  calendar: AccountCalendar;
}

/** Deadline and warning of a running clock: the warning leaves `warningRatio` of the target, counted back (DESIGN §3). */
export function deadlineAndWarning(
  clock: SlaClock,
  from: number,
  targetMinutes: number,
  warningRatio: number,
): { deadline: number; warnAt: number } {
  const deadline = clock.addMinutes(from, targetMinutes);
  return { deadline, warnAt: warningBefore(clock, deadline, targetMinutes, warningRatio) };
}

export function warningBefore(clock: SlaClock, deadline: number, targetMinutes: number, ratio: number): number {
  return clock.subtractMinutes(deadline, targetMinutes * ratio);
}

/** The SLA of a new ticket (DESIGN §3): refused when the severity is not offered; best effort has no deadline. */
export function startSla(context: SlaContext, severity: Severity, openedAt: string): Sla {
  const { policy, program, calendar } = context;
  assertSeverityOffered(policy, program, severity);
  return startSlaOn(programClock(policy, program, calendar), policy, program, severity, ms(openedAt));
}

/**
 * `startSla` on the program's clock already built for the account's calendar, from an instant already
 * parsed: what the CLI uses to answer many queries with few clocks.
 */
export function startSlaOn(
  clock: SlaClock | undefined,
  policy: Policy,
  program: string,
  severity: Severity,
  openedAt: number,
): Sla {
  assertSeverityOffered(policy, program, severity);
  const objective = responseObjective(policy, program, severity);
  if (objective.kind !== 'target' || !clock) {
    return {
      clock: clockKind(policy, program),
      targetMinutes: null,
      deadline: null,
      warnAt: null,
      state: 'best_effort',
      respondedAt: null,
      breachedAt: null,
      elapsedMinutes: null,
      version: 1,
    };
  }
  const { deadline, warnAt } = deadlineAndWarning(clock, openedAt, objective.minutes, policy.warningRatio);
  return {
    clock: clock.kind,
    targetMinutes: objective.minutes,
    deadline: iso(deadline),
    warnAt: iso(warnAt),
    state: 'running',
    respondedAt: null,
    breachedAt: null,
    elapsedMinutes: null,
    version: 1,
  };
}

/**
 * A running clock whose deadline has passed by `at` is breached, whether or not its timer has fired yet:
 * every decision settles the SLA first so that a late timer never changes an outcome.
 */
export function settle(sla: Sla, at: string): Sla {
  if (sla.state === 'running' && sla.deadline !== null && ms(sla.deadline) < ms(at)) {
    return { ...sla, state: 'breached', breachedAt: sla.deadline, version: sla.version + 1 };
  }
  return sla;
}
