/**
 * Runs one peer library (`moment-business-time` or `dayjs-business-time`) on the cases of one zone.
 * The peers have no time-zone parameter and work in the process's local zone, so the parent starts
 * this script with `TZ=<zone>`. Usage: `TZ=Europe/Paris node --import tsx bench/rules-peer-worker.ts <input.json>`;
 * prints `PeerOutput` as JSON on stdout.
 */
import { readFileSync } from 'node:fs';
import dayjs, { type BusinessHoursMap } from 'dayjs';
import dayjsBusinessTime from 'dayjs-business-time';
import moment from 'moment';
// The plugin patches the `moment` it requires itself, the same module instance as the import above.
import 'moment-business-time';

export const peerNames = ['moment-business-time', 'dayjs-business-time'] as const;
export type PeerName = (typeof peerNames)[number];

/** A weekly window as the peers take it: ISO weekdays (1 = Monday) and local `HH:MM` times. */
export interface PeerWindow {
  days: readonly number[];
  open: string;
  close: string;
}

export interface PeerInput {
  peer: PeerName;
  /** The zone the parent set in `TZ`, checked against the process's local offsets before measuring. */
  zone: string;
  windows: PeerWindow[];
  /** Distinct holiday lists (local `YYYY-MM-DD` dates), shared by the cases that have the same holidays. */
  holidayLists: string[][];
  /** `[openedMs, targetMinutes, windowIndex, holidayListIndex]` per case. */
  cases: [number, number, number, number][];
  /** More cases, run untimed after the measure, whose answers are only compared (`[openedMs, …]` as above). */
  probes?: [number, number, number, number][];
  /** Timed runs; the reported time is their median. */
  runs: number;
  /** Cases run once, untimed, before measuring, so the JIT has compiled the peer's code paths. */
  warmup: number;
}

export interface PeerOutput {
  peer: PeerName;
  zone: string;
  cases: number;
  /** Median over the runs of the time spent computing deadlines (configuration excluded). */
  computeMs: number;
  /** The deadline (epoch ms) per case, in input order; null when the peer threw. */
  answers: (number | null)[];
  probeAnswers: (number | null)[];
  errors: string[];
}

/** What the peers need set before a computation: the global working hours and holidays. */
interface PeerAdapter {
  configure(window: PeerWindow, holidays: string[]): void;
  addMinutes(openedMs: number, minutes: number): number;
}

// The methods moment-business-time adds to moment (it ships no types).
interface WorkingMoment extends moment.Moment {
  addWorkingTime(amount: number, unit: 'minutes'): WorkingMoment;
}

const dayNames = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

/** ISO weekday (1–7) of a JavaScript day number (0 = Sunday … 6 = Saturday). */
const isoOf = (jsDay: number): number => (jsDay === 0 ? 7 : jsDay);

function momentAdapter(): PeerAdapter {
  return {
    configure(window, holidays) {
      const workinghours: Record<number, string[] | null> = {};
      for (let jsDay = 0; jsDay < 7; jsDay++) {
        workinghours[jsDay] = window.days.includes(isoOf(jsDay)) ? [`${window.open}:00`, `${window.close}:00`] : null;
      }
      // The README's way to configure it: the current locale carries the working hours and holidays.
      moment.updateLocale(moment.locale(), { workinghours, holidays } as moment.LocaleSpecification);
    },
    addMinutes: (openedMs, minutes) => (moment(openedMs) as WorkingMoment).addWorkingTime(minutes, 'minutes').valueOf(),
  };
}

function dayjsAdapter(): PeerAdapter {
  dayjs.extend(dayjsBusinessTime);
  return {
    configure(window, holidays) {
      const hours = (jsDay: number) =>
        window.days.includes(isoOf(jsDay)) ? [{ start: `${window.open}:00`, end: `${window.close}:00` }] : null;
      const map = Object.fromEntries(
        dayNames.map((name, jsDay) => [name, hours(jsDay)]),
      ) as unknown as BusinessHoursMap;
      dayjs.setBusinessTime(map);
      dayjs.setHolidays(holidays);
    },
    addMinutes: (openedMs, minutes) => dayjs(openedMs).addBusinessMinutes(minutes).valueOf(),
  };
}

export function peerAdapter(peer: PeerName): PeerAdapter {
  return peer === 'moment-business-time' ? momentAdapter() : dayjsAdapter();
}

/** Fails loudly when `TZ` did not take (an unknown zone silently means UTC), so no peer runs in the wrong zone. */
function assertLocalZone(zone: string, instants: readonly number[]): void {
  const format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
  for (const instant of instants) {
    const name = format.formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value ?? '';
    const match = /GMT(?:([+-])(\d{2}):(\d{2}))?/.exec(name);
    const expected = match?.[1] ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
    const local = -new Date(instant).getTimezoneOffset();
    if (local !== expected) {
      throw new Error(
        `TZ=${process.env.TZ}: local offset ${local} min at ${new Date(instant).toISOString()}, ${zone} has ${expected}`,
      );
    }
  }
}

/** The first groups, cut so that they hold `count` cases in all. */
function warmupGroups(groupList: readonly (readonly number[])[], count: number): number[][] {
  const chosen: number[][] = [];
  let left = count;
  for (const group of groupList) {
    if (left <= 0) break;
    chosen.push(group.slice(0, left));
    left -= group.length;
  }
  return chosen;
}

export function runPeer(input: PeerInput): PeerOutput {
  assertLocalZone(
    input.zone,
    input.cases.filter((_, i) => i % 97 === 0).map(([opened]) => opened),
  );
  const adapter = peerAdapter(input.peer);
  // Cases sharing a window and a holiday list run together, so the peer is configured once per group
  // through its public API, and that configuration is left out of the time measured.
  const groups = new Map<string, number[]>();
  input.cases.forEach(([, , window, holidays], index) => {
    const key = `${window}|${holidays}`;
    const group = groups.get(key);
    if (group) group.push(index);
    else groups.set(key, [index]);
  });
  const answers: (number | null)[] = new Array(input.cases.length).fill(null);
  const errors: string[] = [];

  const runOnce = (groupList: readonly (readonly number[])[]): number => {
    let spent = 0n;
    for (const indices of groupList) {
      const [, , window, holidays] = input.cases[indices[0]!]!;
      adapter.configure(input.windows[window]!, input.holidayLists[holidays]!);
      const started = process.hrtime.bigint();
      for (const index of indices) {
        const [opened, minutes] = input.cases[index]!;
        try {
          answers[index] = adapter.addMinutes(opened, minutes);
        } catch (error) {
          answers[index] = null;
          if (errors.length < 5) errors.push(`${new Date(opened).toISOString()}: ${(error as Error).message}`);
        }
      }
      spent += process.hrtime.bigint() - started;
    }
    return Number(spent) / 1e6;
  };

  const groupList = [...groups.values()];
  runOnce(warmupGroups(groupList, input.warmup));
  const times: number[] = [];
  for (let run = 0; run < Math.max(1, input.runs); run++) times.push(runOnce(groupList));
  times.sort((a, b) => a - b);
  const probeAnswers = (input.probes ?? []).map(([opened, minutes, window, holidays]) => {
    adapter.configure(input.windows[window]!, input.holidayLists[holidays]!);
    try {
      return adapter.addMinutes(opened, minutes);
    } catch {
      return null;
    }
  });
  return {
    peer: input.peer,
    zone: input.zone,
    cases: input.cases.length,
    computeMs: times[Math.floor(times.length / 2)]!,
    answers,
    probeAnswers,
    errors,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const input = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as PeerInput;
  process.stdout.write(JSON.stringify(runPeer(input)));
}
