import type { Zone } from 'luxon';
import type { Policy, ProgramPolicy, Severity } from '../policy/schema.ts';
import { minutesOfDay } from '../policy/schema.ts';
import { businessClock, type SlaClock, wallClock } from '../time/business-clock.ts';
import { type HolidayCheck, holidayCheck } from '../time/holidays.ts';
import { zoneOf } from '../time/local-days.ts';
import { DomainError } from './errors.ts';
import type { AccountCalendar, ClockKind } from './types.ts';

export type Objective = { kind: 'target'; minutes: number } | { kind: 'best_effort' } | { kind: 'not_offered' };

export function programPolicy(policy: Policy, program: string): ProgramPolicy {
  const found = Object.hasOwn(policy.programs, program) ? policy.programs[program] : undefined;
  if (!found) {
    throw new DomainError('unknown_program', `program "${program}" is not in the policy`, [
      { field: 'program', message: `one of ${Object.keys(policy.programs).join(', ')}` },
    ]);
  }
  return found;
}

/** The initial-response objective for a program and severity: one cell of DESIGN §2's table. */
export function responseObjective(policy: Policy, program: string, severity: Severity): Objective {
  const cell = programPolicy(policy, program).objectives[severity];
  if (typeof cell === 'number') return { kind: 'target', minutes: cell };
  return { kind: cell };
}

export function isSeverityOffered(policy: Policy, program: string, severity: Severity): boolean {
  return responseObjective(policy, program, severity).kind !== 'not_offered';
}

export function assertSeverityOffered(policy: Policy, program: string, severity: Severity): void {
  if (!isSeverityOffered(policy, program, severity)) {
    throw new DomainError(
      'severity_not_offered',
      `severity ${severity} is not offered on the ${programPolicy(policy, program).label} program`,
    );
  }
}

export function clockKind(policy: Policy, program: string): ClockKind {
  return programPolicy(policy, program).coverage.clock;
}

/** The clock a program's targets are counted on, in the account's zone and holidays (DESIGN §3). */
export function programClock(policy: Policy, program: string, calendar: AccountCalendar): SlaClock | undefined {
  const coverage = programPolicy(policy, program).coverage;
  if (coverage.clock === 'none') return undefined;
  if (coverage.clock === 'wall') return wallClock;
  const zone = zoneOf(calendar.timezone);
  if (!zone) throw new RangeError(`unknown time zone "${calendar.timezone}"`);
  return programClockIn(policy, program, zone, holidayCheck(calendar.holidays));
}

/** `programClock` for a zone and holidays already read: what the CLI uses to build many clocks cheaply. */
export function programClockIn(
  policy: Policy,
  program: string,
  zone: Zone,
  isHoliday: HolidayCheck,
): SlaClock | undefined {
  const coverage = programPolicy(policy, program).coverage;
  if (coverage.clock === 'none') return undefined;
  if (coverage.clock === 'wall') return wallClock;
  return businessClock(
    { days: coverage.days, open: minutesOfDay(coverage.open), close: minutesOfDay(coverage.close) },
    zone,
    isHoliday,
  );
}

/** The program × severity cells with a response target: the only ones a ticket's clock can run in. */
export function targetCells(policy: Policy): { program: string; severity: Severity }[] {
  return Object.keys(policy.programs).flatMap((program) =>
    ([1, 2, 3, 4] as const)
      .filter((severity) => responseObjective(policy, program, severity).kind === 'target')
      .map((severity) => ({ program, severity })),
  );
}
