import type { HolidaySpec } from '../time/holidays.ts';

export type ClockKind = 'wall' | 'business' | 'none';
export type SlaState = 'running' | 'met' | 'breached' | 'best_effort';

/** A ticket's initial-response SLA (DESIGN §4). Instants are ISO-8601 UTC strings. */
export interface Sla {
  clock: ClockKind;
  targetMinutes: number | null;
  deadline: string | null;
  warnAt: string | null;
  state: SlaState;
  respondedAt: string | null;
  breachedAt: string | null;
  elapsedMinutes: number | null;
  /** Bumped by every change of deadline or state; timers act only on their own version (DESIGN §5). */
  version: number;
}

/** Where and when the customer's business hours are: the account's zone and holidays. */
export interface AccountCalendar {
  timezone: string;
  holidays?: HolidaySpec | undefined;
}

export const iso = (instant: number): string => new Date(instant).toISOString();
export const ms = (instant: string): number => Date.parse(instant);
