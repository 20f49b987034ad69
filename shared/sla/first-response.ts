import type { SlaContext } from './deadline.ts';
import { settle } from './deadline.ts';
import { programClock } from './objective.ts';
import { ms, type Sla } from './types.ts';

/**
 * The first engineer response stops the clock (DESIGN §3): `met` when it comes by the deadline,
 * else the SLA is (or stays) breached. Elapsed time is counted on the program's clock, in minutes.
 * Later responses change nothing.
 */
export function recordFirstResponse(context: SlaContext, sla: Sla, openedAt: string, respondedAt: string): Sla {
  if (sla.respondedAt !== null) return sla;
  const settled = settle(sla, respondedAt);
  const clock = programClock(context.policy, context.program, context.calendar);
  const elapsed = clock
    ? clock.minutesBetween(ms(openedAt), ms(respondedAt))
    : Math.max(0, ms(respondedAt) - ms(openedAt)) / 60_000;
  return {
    ...settled,
    state: settled.state === 'running' ? 'met' : settled.state,
    respondedAt,
    elapsedMinutes: Math.round(elapsed * 100) / 100,
    version: settled.version + 1,
  };
}
