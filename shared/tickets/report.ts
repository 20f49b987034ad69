import { settle } from '../sla/deadline.ts';
import type { Ticket } from './ticket.ts';

export interface ReportRow {
  program: string;
  severity: number;
  opened: number;
  met: number;
  breached: number;
  running: number;
  bestEffort: number;
  /** met ÷ (met + breached), in percent; null when neither. */
  metPercent: number | null;
  p50ResponseMinutes: number | null;
  p90ResponseMinutes: number | null;
}

/** Nearest-rank percentile: the smallest value with at least p% of the values at or below it. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/** `GET /reports/sla` (DESIGN §4): tickets opened in the period, per program × severity, as of `now`. */
export function slaReport(tickets: readonly Ticket[], now: string): ReportRow[] {
  const groups = new Map<string, Ticket[]>();
  for (const ticket of tickets) {
    const key = `${ticket.program}|${ticket.severity}`;
    groups.set(key, [...(groups.get(key) ?? []), ticket]);
  }
  return [...groups.entries()]
    .map(([key, group]) => {
      const [program, severity] = key.split('|') as [string, string];
      // An open clock past its deadline counts as breached even before its timer has fired. A closed ticket's
      // clock was settled at its close and stays as it was then, as in the aggregates (and the due work).
      const states = group.map((ticket) => (ticket.status === 'closed' ? ticket.sla : settle(ticket.sla, now)).state);
      const met = states.filter((state) => state === 'met').length;
      const breached = states.filter((state) => state === 'breached').length;
      const minutes = group
        .map((ticket) => ticket.sla.elapsedMinutes)
        .filter((value): value is number => value !== null)
        .sort((a, b) => a - b);
      return {
        program,
        severity: Number(severity),
        opened: group.length,
        met,
        breached,
        running: states.filter((state) => state === 'running').length,
        bestEffort: states.filter((state) => state === 'best_effort').length,
        metPercent: met + breached === 0 ? null : Math.round((met / (met + breached)) * 1000) / 10,
        p50ResponseMinutes: percentile(minutes, 50),
        p90ResponseMinutes: percentile(minutes, 90),
      };
    })
    .sort((a, b) => a.program.localeCompare(b.program) || a.severity - b.severity);
}
