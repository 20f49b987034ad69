/**
 * The bound on every UTC offset we accept (DESIGN §4.1): real zones range from UTC−12:00 to UTC+14:00, so
 * ±14:00 is the widest an account's zone or an instant's offset may be. One rule for zones, instants and the CLI.
 */
export const MAX_UTC_OFFSET_MINUTES = 14 * 60;

/** Minutes east of UTC for `±hh:mm`, or undefined when the minutes are not 00–59 or the offset is past ±14:00. */
export function utcOffsetMinutes(sign: string, hours: string, minutes: string): number | undefined {
  const h = Number(hours);
  const m = Number(minutes);
  if (!Number.isInteger(h) || !Number.isInteger(m) || m > 59) return undefined;
  const total = h * 60 + m;
  if (total > MAX_UTC_OFFSET_MINUTES) return undefined;
  return sign === '-' ? -total : total;
}
