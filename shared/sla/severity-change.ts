import type { Severity } from '../policy/schema.ts';
import { deadlineAndWarning, type SlaContext, settle, warningBefore } from './deadline.ts';
import { assertSeverityOffered, programClock, responseObjective } from './objective.ts';
import { iso, ms, type Sla } from './types.ts';

/**
 * The SLA after the severity changes from `from` to `to` at `at` (DESIGN §3):
 * more severe, deadline = min(current, at + new target); less severe, max(current, openedAt + new target);
 * no target, the clock stops. A clock that has stopped (met, breached) stays as it is.
 */
export function changeSeverity(
  context: SlaContext,
  sla: Sla,
  change: { from: Severity; to: Severity; at: string; openedAt: string },
): Sla {
  const { policy, program, calendar } = context;
  assertSeverityOffered(policy, program, change.to);
  const current = settle(sla, change.at);
  if (change.from === change.to || (current.state !== 'running' && current.state !== 'best_effort')) {
    return current;
  }
  if (current.respondedAt !== null) return current;

  const objective = responseObjective(policy, program, change.to);
  const clock = programClock(policy, program, calendar);
  if (objective.kind !== 'target' || !clock) {
    if (current.state === 'best_effort') return current;
    return {
      ...current,
      targetMinutes: null,
      deadline: null,
      warnAt: null,
      state: 'best_effort',
      version: current.version + 1,
    };
  }

  let deadline: number;
  if (current.deadline === null) {
    // A clock that was not running starts at the change, whichever way the severity moved.
    deadline = clock.addMinutes(ms(change.at), objective.minutes);
  } else if (change.to < change.from) {
    deadline = Math.min(ms(current.deadline), clock.addMinutes(ms(change.at), objective.minutes));
  } else {
    deadline = Math.max(ms(current.deadline), clock.addMinutes(ms(change.openedAt), objective.minutes));
  }
  const warnAt =
    current.deadline === null
      ? deadlineAndWarning(clock, ms(change.at), objective.minutes, policy.warningRatio).warnAt
      : warningBefore(clock, deadline, objective.minutes, policy.warningRatio);
  return {
    ...current,
    clock: clock.kind,
    targetMinutes: objective.minutes,
    deadline: iso(deadline),
    warnAt: iso(warnAt),
    state: 'running',
    version: current.version + 1,
  };
}
