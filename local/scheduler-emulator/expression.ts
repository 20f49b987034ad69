/** Parsing of `at()`, `rate()` and `cron()` schedule expressions with the service's syntax rules. */
import type { WallTime } from './timezone.ts';

export type ScheduleExpression =
  | { kind: 'at'; wall: WallTime }
  | { kind: 'rate'; periodMs: number }
  | { kind: 'cron'; fields: string[] };

const AT = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/;
const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const CRON = /^cron\((.*)\)$/;

const unitMs: Record<string, number> = {
  minute: 60_000,
  minutes: 60_000,
  hour: 3_600_000,
  hours: 3_600_000,
  day: 86_400_000,
  days: 86_400_000,
};

const MONTHS = 'JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC';
const DAYS = 'SUN|MON|TUE|WED|THU|FRI|SAT';

/** One pattern per cron field: minutes, hours, day-of-month, month, day-of-week, year. */
const CRON_FIELDS = [
  /^[0-9,\-*/]+$/,
  /^[0-9,\-*/]+$/,
  /^[0-9,\-*?/LW]+$/,
  new RegExp(`^(?:[0-9,\\-*/]|${MONTHS})+$`, 'i'),
  new RegExp(`^(?:[0-9,\\-*?/L#]|${DAYS})+$`, 'i'),
  /^[0-9,\-*/]+$/,
];

function parseAt(match: RegExpMatchArray): ScheduleExpression | undefined {
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59 || day < 1) return undefined;
  // Date.UTC rolls 31 April over into May, which is how an impossible day shows itself.
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return undefined;
  return { kind: 'at', wall: { year, month, day, hour, minute, second } };
}

function parseCron(body: string): ScheduleExpression | undefined {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) return undefined;
  if (!fields.every((field, index) => CRON_FIELDS[index]?.test(field))) return undefined;
  // The service wants exactly one of day-of-month and day-of-week to be '?'.
  if ((fields[2] === '?') === (fields[4] === '?')) return undefined;
  return { kind: 'cron', fields };
}

export function parseScheduleExpression(text: string): ScheduleExpression | undefined {
  const at = AT.exec(text);
  if (at) return parseAt(at);
  const rate = RATE.exec(text);
  if (rate) {
    const value = Number(rate[1]);
    const unit = unitMs[rate[2] ?? ''];
    return value >= 1 && unit ? { kind: 'rate', periodMs: value * unit } : undefined;
  }
  const cron = CRON.exec(text);
  return cron ? parseCron(cron[1] ?? '') : undefined;
}
