/**
 * The rules layer against its peers, in one run on the same cases (issue 6): deadline computations per
 * second for random business-hours cases, ours against `moment-business-time` and `dayjs-business-time`,
 * ours checked against the naive minute-stepping reference on a sample, and every peer answer compared
 * with ours, plus a probe of the same kind of cases opened inside a minute (real tickets carry seconds).
 * Run: `npx tsx bench/rules-peers.ts [cases] [referenceSample]`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Holidays from 'date-holidays';
import { random } from '../local/random.ts';
import { loadPolicy } from '../shared/policy/load-policy.ts';
import { minutesOfDay, type Policy } from '../shared/policy/schema.ts';
import { programClock, responseObjective } from '../shared/sla/objective.ts';
import type { AccountCalendar } from '../shared/sla/types.ts';
import { isoDateOfEpochDay, isoWeekday, zoneOf } from '../shared/time/local-days.ts';
import { type Case, makeCases } from './cases.ts';
import { type PeerInput, type PeerName, type PeerOutput, type PeerWindow, peerNames } from './rules-peer-worker.ts';
import type { ReferenceCase } from './rules-reference-worker.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;
const root = dirname(dirname(fileURLToPath(import.meta.url)));
const peerScript = join(root, 'bench', 'rules-peer-worker.ts');
const referenceScript = join(root, 'bench', 'rules-reference-worker.ts');

export interface PeerExample {
  opened: string;
  tz: string;
  program: string;
  severity: number;
  targetMinutes: number;
  holidays: string[];
  ours: string;
  peer: string | null;
  /** The minute-stepping reference's answer; null on sub-minute probes, which it cannot step. */
  reference: string | null;
  cause: string;
}

export interface PeerComparison {
  /** Cases the peer's model can express, on which it was run and compared. */
  expressible: number;
  notExpressible: number;
  disagreements: number;
  /** Disagreements per cause found (see `why`). */
  causes: Record<string, number>;
  examples: PeerExample[];
  /** The same comparison on cases opened at a whole second inside the minute, run untimed. */
  subMinute: { cases: number; disagreements: number; causes: Record<string, number>; examples: PeerExample[] };
  why: string;
}

export interface RulesResult {
  cases: number;
  oursPerSec: number;
  peers: Record<string, number>;
  ratioToPeers: Record<string, number>;
  ratioToFastestPeer: number;
  disagreementsWithReference: number;
  referenceChecked: number;
  /** How many of the cases cross a DST change, skip a holiday, end at closing, open outside hours. */
  coverage: Coverage;
  referenceExamples: {
    opened: string;
    tz: string;
    program: string;
    severity: number;
    ours: string;
    reference: string;
  }[];
  peerDisagreements: Record<string, PeerComparison>;
  seconds: number;
  /** Wall seconds per phase: the reference's minute stepping is most of the run. */
  phases: Record<string, number>;
  /** Where and under what load the figures were measured: a busy machine slows every figure. */
  machine: { cpu: string; cores: number; loadBefore: number[]; loadAfter: number[] };
}

/** A case with its inputs parsed once, outside any timing. */
export interface PreparedCase {
  source: Case;
  openedMs: number;
  targetMinutes: number;
  calendar: AccountCalendar;
  window: PeerWindow;
  /** The case's holidays as local dates: its calendar's public holidays over the dates it can reach, plus its explicit ones. */
  holidayDates: string[];
  /** Why a peer cannot express the case; undefined when it can. */
  notExpressible?: string;
}

// A calendar's public holidays per year, computed once: date-holidays costs milliseconds per year.
const publicByYear = new Map<string, string[]>();

function publicHolidays(code: string, year: number): string[] {
  const key = `${code}|${year}`;
  let dates = publicByYear.get(key);
  if (!dates) {
    const [country, state] = code.split('-') as [string, string | undefined];
    const calendar = state ? new Holidays(country, state) : new Holidays(country);
    dates = (calendar.getHolidays(year) || []).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10));
    publicByYear.set(key, dates);
  }
  return dates;
}

/**
 * Holidays as the peers and the reference take them (date lists), built from date-holidays directly rather
 * than through our `holidayCheck`. Only the years a deadline can reach are listed (24 business hours never
 * span a month), which keeps the peers' linear holiday scans as short as they can be.
 */
function holidayDatesOf(item: Case, openedMs: number): string[] {
  const dates = new Set(item.holiday ?? []);
  if (item.holidays) {
    const first = new Date(openedMs - 2 * DAY).getUTCFullYear();
    const last = new Date(openedMs + 31 * DAY).getUTCFullYear();
    for (let year = first; year <= last; year++)
      for (const date of publicHolidays(item.holidays, year)) dates.add(date);
  }
  return [...dates].sort();
}

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Why the peers' model cannot express a case, if it cannot. */
function peerLimit(zone: string, window: PeerWindow): string | undefined {
  // The peers take the zone from TZ, which reads IANA names; a `UTC+05:30`-style offset is no TZ value.
  if (/^UTC[+-]/i.test(zone)) return 'fixed-offset zone: not a TZ value the peers can run in';
  if (!zoneOf(zone)) return 'unknown zone';
  // The peers set the closing time with setHours on the same day: 24:00 would roll over to the next day.
  if (minutesOfDay(window.close) >= 24 * 60) return 'window closing at 24:00: not a time of day for the peers';
  return undefined;
}

export function prepareCases(cases: readonly Case[], policy: Policy): PreparedCase[] {
  return cases.map((source) => {
    const coverage = policy.programs[source.program]?.coverage;
    const objective = responseObjective(policy, source.program, source.severity);
    if (coverage?.clock !== 'business' || objective.kind !== 'target') {
      throw new Error(`not a business-hours case: ${JSON.stringify(source)}`);
    }
    const openedMs = Date.parse(source.opened);
    const window: PeerWindow = {
      days: coverage.days,
      open: hhmm(minutesOfDay(coverage.open)),
      close: hhmm(minutesOfDay(coverage.close)),
    };
    const prepared: PreparedCase = {
      source,
      openedMs,
      targetMinutes: objective.minutes,
      calendar: { timezone: source.tz, holidays: { calendar: source.holidays, dates: source.holiday } },
      window,
      holidayDates: holidayDatesOf(source, openedMs),
    };
    const limit = peerLimit(source.tz, window);
    if (limit) prepared.notExpressible = limit;
    return prepared;
  });
}

/**
 * Ours, as the service computes a deadline: the program's clock built per case (zone, window, holiday
 * check) and the target added to it. Returns the median time of `runs` passes and the answers.
 */
export function measureOurs(
  prepared: readonly PreparedCase[],
  policy: Policy,
  runs = 3,
): { perSec: number; answers: Float64Array } {
  const answers = new Float64Array(prepared.length);
  const pass = () => {
    const started = process.hrtime.bigint();
    for (let i = 0; i < prepared.length; i++) {
      const item = prepared[i]!;
      const clock = programClock(policy, item.source.program, item.calendar)!;
      answers[i] = clock.addMinutes(item.openedMs, item.targetMinutes);
    }
    return Number(process.hrtime.bigint() - started) / 1e9;
  };
  pass(); // warm-up: compiles the code and fills the per-zone caches a running service would hold
  const times = Array.from({ length: runs }, pass).sort((a, b) => a - b);
  return { perSec: Math.round(prepared.length / times[Math.floor(runs / 2)]!), answers };
}

/** Ours on cases, untimed: the answers only. */
export function oursAnswers(prepared: readonly PreparedCase[], policy: Policy): number[] {
  return prepared.map((item) =>
    programClock(policy, item.source.program, item.calendar)!.addMinutes(item.openedMs, item.targetMinutes),
  );
}

/** The first `count` cases again, each opened 1 to 59 seconds (seeded) later in its minute. */
export function subMinuteProbes(prepared: readonly PreparedCase[], count: number, seed = 11): PreparedCase[] {
  const next = random(seed);
  return prepared.slice(0, count).map((item) => {
    const openedMs = item.openedMs + (1 + Math.floor(next() * 59)) * 1000;
    return { ...item, source: { ...item.source, opened: new Date(openedMs).toISOString() }, openedMs };
  });
}

/** How many cases exercise each hard part of the rules, so that "no disagreement" says what it covers. */
export interface Coverage {
  /** The zone's offset differs between opening and deadline: a DST change lies in between. */
  crossDst: number;
  /** A holiday on a working weekday lies between the opening day and the deadline day. */
  skipHoliday: number;
  /** The deadline is exactly the window's closing time. */
  endAtClosing: number;
  /** Opened outside business time (night, weekend or holiday): counting starts at the next opening. */
  openOutsideHours: number;
}

export function coverageOf(prepared: readonly PreparedCase[], answers: ArrayLike<number>): Coverage {
  const coverage: Coverage = { crossDst: 0, skipHoliday: 0, endAtClosing: 0, openOutsideHours: 0 };
  prepared.forEach((item, index) => {
    const zone = zoneOf(item.source.tz)!;
    const deadline = answers[index]!;
    const local = (instant: number) => instant + zone.offset(instant) * MINUTE;
    const open = minutesOfDay(item.window.open) * MINUTE;
    const close = minutesOfDay(item.window.close) * MINUTE;
    const holidays = new Set(item.holidayDates);
    const working = (day: number) =>
      item.window.days.includes(isoWeekday(day)) && !holidays.has(isoDateOfEpochDay(day));
    const firstDay = Math.floor(local(item.openedMs) / DAY);
    const lastDay = Math.floor(local(deadline) / DAY);
    const openedAt = local(item.openedMs) - firstDay * DAY;
    if (zone.offset(item.openedMs) !== zone.offset(deadline)) coverage.crossDst++;
    if (local(deadline) - lastDay * DAY === close) coverage.endAtClosing++;
    if (!working(firstDay) || openedAt < open || openedAt >= close) coverage.openOutsideHours++;
    for (let day = firstDay; day <= lastDay; day++) {
      if (item.window.days.includes(isoWeekday(day)) && holidays.has(isoDateOfEpochDay(day))) {
        coverage.skipHoliday++;
        break;
      }
    }
  });
  return coverage;
}

/** Runs one peer on some cases in a child process whose local zone is `zone`. */
export async function runPeerWorker(
  peer: PeerName,
  zone: string,
  cases: readonly PreparedCase[],
  options: { runs?: number; warmup?: number; probes?: readonly PreparedCase[] } = {},
): Promise<PeerOutput> {
  const windows: PeerWindow[] = [];
  const windowIndex = new Map<string, number>();
  const lists: string[][] = [];
  const listIndex = new Map<string, number>();
  const indexOf = <T>(value: T, key: string, table: T[], index: Map<string, number>) => {
    let found = index.get(key);
    if (found === undefined) {
      found = table.push(value) - 1;
      index.set(key, found);
    }
    return found;
  };
  const row = (item: PreparedCase): [number, number, number, number] => [
    item.openedMs,
    item.targetMinutes,
    indexOf(item.window, JSON.stringify(item.window), windows, windowIndex),
    indexOf(item.holidayDates, item.holidayDates.join(','), lists, listIndex),
  ];
  const input: PeerInput = {
    peer,
    zone,
    windows,
    holidayLists: lists,
    cases: cases.map(row),
    probes: (options.probes ?? []).map(row),
    runs: options.runs ?? 1,
    warmup: options.warmup ?? Math.min(cases.length, 1000),
  };
  return runScript<PeerOutput>(peerScript, input, { TZ: zone });
}

/** Runs a bench script in a child Node process on a JSON input file, and parses the JSON it prints. */
async function runScript<T>(script: string, input: unknown, env: Record<string, string> = {}): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'rules-peers-'));
  const file = join(dir, 'input.json');
  writeFileSync(file, JSON.stringify(input));
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', script, file], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    });
    if (code !== 0) throw new Error(`${script} ${JSON.stringify(env)} exited with ${code}: ${Buffer.concat(err)}`);
    return JSON.parse(Buffer.concat(out).toString('utf8')) as T;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function referenceCase(item: PreparedCase): ReferenceCase {
  const { window } = item;
  return {
    openedMs: item.openedMs,
    minutes: item.targetMinutes,
    window: { days: window.days, open: minutesOfDay(window.open), close: minutesOfDay(window.close) },
    zone: item.source.tz,
    holidays: item.holidayDates,
  };
}

/** The reference's answers, its minutes of stepping spread over child processes, one per core. */
async function referenceAnswers(items: readonly PreparedCase[]): Promise<number[]> {
  if (items.length === 0) return [];
  const shares = Math.max(1, Math.min(availableParallelism(), Math.ceil(items.length / 50)));
  // Interleaved shares, so that each holds as many long (24-hour) cases as the others.
  const parts = Array.from({ length: shares }, (_, share) => items.filter((_, i) => i % shares === share));
  const answers = await Promise.all(parts.map((part) => runScript<number[]>(referenceScript, part.map(referenceCase))));
  return items.map((_, i) => answers[i % shares]![Math.floor(i / shares)]!);
}

/** `count` distinct case indices, seeded so every run checks the same sample. */
function sampleIndices(total: number, count: number, seed: number): number[] {
  if (count >= total) return Array.from({ length: total }, (_, i) => i);
  const next = random(seed);
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(Math.floor(next() * total));
  return [...chosen].sort((a, b) => a - b);
}

const localFormats = new Map<string, Intl.DateTimeFormat>();

/** `2026-03-13 Fri 14:00` (seconds shown when not zero) in the zone: what a reader checks an example against. */
export function localText(instant: number, zone: string): string {
  let format = localFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    localFormats.set(zone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((part) => [part.type, part.value]));
  const seconds = parts.second === '00' ? '' : `:${parts.second}`;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.weekday} ${parts.hour}:${parts.minute}${seconds}`;
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset name (`GMT+01:00`) at an instant. */
function offsetName(instant: number, zone: string): string {
  let format = offsetFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    offsetFormats.set(zone, format);
  }
  return format.formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value ?? '';
}

/** What each cause means, as read in the peers' sources and checked on the examples. */
const causeNotes: Record<string, string> = {
  'peer threw': 'the peer threw instead of answering',
  'minute rounding':
    'the peer counts whole minutes: from a start inside a minute it truncates the time left before closing ' +
    '(`end.diff(date, "minute")`) and then steps a whole minute past closing, so the seconds before closing are ' +
    'lost and the deadline lands up to 59 s late',
  holiday: 'the peer counts time on a day in its holiday list',
  'end of day': 'one answer is the closing time, the other the next opening',
  DST: 'an offset change lies between opening and deadline',
  other: 'no cause recognised: see the examples',
};

/** Sorts a disagreement into a cause (a key of `causeNotes`) by what tells the two answers apart. */
function causeOf(item: PreparedCase, ours: number, peer: number | null): string {
  if (peer === null) return 'peer threw';
  const zone = item.source.tz;
  if (item.openedMs % MINUTE !== 0 && Math.abs(peer - ours) < MINUTE) return 'minute rounding';
  const peerLocal = localText(peer, zone);
  const oursLocal = localText(ours, zone);
  if (item.holidayDates.includes(peerLocal.slice(0, 10))) return 'holiday';
  const { open, close } = item.window;
  if (
    (oursLocal.endsWith(close) && peerLocal.endsWith(open)) ||
    (peerLocal.endsWith(close) && oursLocal.endsWith(open))
  ) {
    return 'end of day';
  }
  if (offsetName(item.openedMs, zone) !== offsetName(Math.max(ours, peer), zone)) return 'DST';
  return 'other';
}

export async function runRulesBenchmark(
  options: {
    cases?: number;
    referenceSample?: number;
    /** Cases opened inside a minute, compared but not timed. */
    subMinuteSample?: number;
    seed?: number;
    peerRuns?: number;
    log?: (line: string) => void;
  } = {},
): Promise<RulesResult> {
  const started = Date.now();
  const loadBefore = loadavg().map(round1);
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  const log = (line: string) => options.log?.(`[${elapsed()}] ${line}`);
  const phases: Record<string, number> = {};
  const phaseEnd = (name: string, since: number) => {
    phases[name] = Math.round((Date.now() - since) / 100) / 10;
    return Date.now();
  };
  let phaseStart = started;
  const count = options.cases ?? 100_000;
  const policy = loadPolicy(undefined);
  const prepared = prepareCases(makeCases(count, { seed: options.seed ?? 42, businessOnly: true }), policy);
  const probes = subMinuteProbes(prepared, options.subMinuteSample ?? 2000);

  // Ours first and the peers one process at a time, so that nothing else runs while a figure is measured.
  const ours = measureOurs(prepared, policy);
  const oursOnProbes = oursAnswers(probes, policy);
  phaseStart = phaseEnd('prepare and ours', phaseStart);
  log(`ours: ${ours.perSec} cases/s`);

  const byZone = new Map<string, { cases: number[]; probes: number[] }>();
  const zoneEntry = (item: PreparedCase) => {
    let entry = byZone.get(item.source.tz);
    if (!entry) {
      entry = { cases: [], probes: [] };
      byZone.set(item.source.tz, entry);
    }
    return entry;
  };
  prepared.forEach((item, index) => {
    if (!item.notExpressible) zoneEntry(item).cases.push(index);
  });
  probes.forEach((item, index) => {
    if (!item.notExpressible) zoneEntry(item).probes.push(index);
  });
  const notExpressible = prepared.filter((item) => item.notExpressible);

  const peers: Record<string, number> = {};
  const peerAnswers = new Map<PeerName, { cases: Map<number, number | null>; probes: Map<number, number | null> }>();
  for (const peer of peerNames) {
    let computeMs = 0;
    let ran = 0;
    const answers = { cases: new Map<number, number | null>(), probes: new Map<number, number | null>() };
    for (const [zone, indices] of byZone) {
      const output = await runPeerWorker(
        peer,
        zone,
        indices.cases.map((i) => prepared[i]!),
        { runs: options.peerRuns ?? 1, probes: indices.probes.map((i) => probes[i]!) },
      );
      computeMs += output.computeMs;
      ran += indices.cases.length;
      indices.cases.forEach((index, position) => {
        answers.cases.set(index, output.answers[position] ?? null);
      });
      indices.probes.forEach((index, position) => {
        answers.probes.set(index, output.probeAnswers[position] ?? null);
      });
      log(`${peer} ${zone}: ${indices.cases.length} cases in ${output.computeMs.toFixed(0)} ms`);
    }
    peers[peer] = Math.round(ran / (computeMs / 1000));
    peerAnswers.set(peer, answers);
  }

  phaseStart = phaseEnd('peers', phaseStart);
  const sample = sampleIndices(prepared.length, options.referenceSample ?? 2000, 7);
  const expected = await referenceAnswers(sample.map((i) => prepared[i]!));
  const disagreeing = sample.filter((index, position) => expected[position] !== ours.answers[index]);
  const referenceExamples = disagreeing.slice(0, 3).map((index) => {
    const { program, severity, opened, tz } = prepared[index]!.source;
    const reference = expected[sample.indexOf(index)]!;
    return {
      opened: `${opened} (${localText(Date.parse(opened), tz)})`,
      tz,
      program,
      severity,
      ours: `${new Date(ours.answers[index]!).toISOString()} (${localText(ours.answers[index]!, tz)})`,
      reference: `${new Date(reference).toISOString()} (${localText(reference, tz)})`,
    };
  });
  phaseStart = phaseEnd('reference', phaseStart);
  log(`reference: ${disagreeing.length} disagreements on ${sample.length} cases`);

  const peerDisagreements: Record<string, PeerComparison> = {};
  for (const [peer, answers] of peerAnswers) {
    const main = await compare(prepared, ours.answers, answers.cases, true);
    const subMinute = await compare(probes, oursOnProbes, answers.probes, false);
    const comparison: PeerComparison = {
      expressible: answers.cases.size,
      notExpressible: notExpressible.length,
      ...main,
      subMinute: { cases: answers.probes.size, ...subMinute },
      why: '',
    };
    comparison.why = explain(comparison, notExpressible);
    peerDisagreements[peer] = comparison;
  }

  phaseEnd('comparison', phaseStart);
  const fastest = Math.max(...Object.values(peers));
  return {
    cases: count,
    oursPerSec: ours.perSec,
    peers,
    ratioToPeers: Object.fromEntries(
      Object.entries(peers).map(([name, perSec]) => [name, round1(ours.perSec / perSec)]),
    ),
    ratioToFastestPeer: round1(ours.perSec / fastest),
    disagreementsWithReference: disagreeing.length,
    referenceChecked: sample.length,
    coverage: coverageOf(prepared, ours.answers),
    referenceExamples,
    peerDisagreements,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    phases,
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: availableParallelism(),
      loadBefore,
      loadAfter: loadavg().map(round1),
    },
  };
}

/**
 * A peer's answers against ours: the disagreements by cause, with up to three examples of each. The examples
 * carry the reference's answer when it can judge them (minute-aligned starts: it steps whole minutes).
 */
async function compare(
  cases: readonly PreparedCase[],
  ours: ArrayLike<number>,
  answers: ReadonlyMap<number, number | null>,
  withReference: boolean,
): Promise<{ disagreements: number; causes: Record<string, number>; examples: PeerExample[] }> {
  const causes: Record<string, number> = {};
  const chosen: { index: number; cause: string }[] = [];
  let disagreements = 0;
  for (const [index, answer] of answers) {
    if (answer === ours[index]) continue;
    const cause = causeOf(cases[index]!, ours[index]!, answer);
    disagreements++;
    causes[cause] = (causes[cause] ?? 0) + 1;
    if (causes[cause] <= 3) chosen.push({ index, cause });
  }
  const reference = withReference ? await referenceAnswers(chosen.map(({ index }) => cases[index]!)) : [];
  const examples = chosen.map(({ index, cause }, position): PeerExample => {
    const item = cases[index]!;
    const zone = item.source.tz;
    const show = (instant: number) => `${new Date(instant).toISOString()} (${localText(instant, zone)})`;
    const answer = answers.get(index) ?? null;
    const expected = reference[position];
    return {
      opened: show(item.openedMs),
      tz: zone,
      program: item.source.program,
      severity: item.source.severity,
      targetMinutes: item.targetMinutes,
      holidays: item.holidayDates.filter((date) => date >= localText(item.openedMs, zone).slice(0, 10)).slice(0, 4),
      ours: show(ours[index]!),
      peer: answer === null ? null : show(answer),
      reference: expected === undefined ? null : show(expected),
      cause,
    };
  });
  return { disagreements, causes, examples };
}

const round1 = (value: number) => Math.round(value * 10) / 10;

function describeCauses(causes: Record<string, number>): string {
  return Object.entries(causes)
    .map(([cause, n]) => `${cause} (${n}): ${causeNotes[cause] ?? cause}`)
    .join('; ');
}

function explain(comparison: PeerComparison, notExpressible: readonly PreparedCase[]): string {
  const reasons = [...new Set(notExpressible.map((item) => item.notExpressible))];
  const parts = [
    notExpressible.length
      ? `${notExpressible.length} cases not expressible, excluded (${reasons.join('; ')}).`
      : 'Every case is expressible: its zone runs as TZ in the worker, its window and holiday dates are set as the peer expects.',
    comparison.disagreements === 0
      ? 'No disagreement with ours on these minute-aligned cases (DST, holidays, closing time included).'
      : `Disagreements: ${describeCauses(comparison.causes)}.`,
    comparison.subMinute.disagreements === 0
      ? `Opened inside a minute (${comparison.subMinute.cases} probes): no disagreement.`
      : `Opened inside a minute: ${comparison.subMinute.disagreements} of ${comparison.subMinute.cases} probes differ; ${describeCauses(comparison.subMinute.causes)}.`,
  ];
  return parts.join(' ');
}

function summary(result: RulesResult): string {
  const perSec = (value: number) => `${value.toLocaleString('en-US')} deadlines/s`;
  const lines = [
    `Rules layer vs peers: ${result.cases} business-hours cases in ${result.seconds} s ` +
      `(${Object.entries(result.phases)
        .map(([phase, seconds]) => `${phase} ${seconds} s`)
        .join(', ')}) ` +
      `(${result.machine.cores} cores, load ${result.machine.loadBefore[0]} → ${result.machine.loadAfter[0]})`,
    `  ours                  ${perSec(result.oursPerSec)} (median of 3 runs)`,
    ...Object.entries(result.peers).map(
      ([name, value]) => `  ${name.padEnd(22)}${perSec(value)}: ours is ${result.ratioToPeers[name]}× faster`,
    ),
    `  ratio to fastest peer ${result.ratioToFastestPeer}×`,
    `  reference             ${result.disagreementsWithReference} disagreements with ours on ${result.referenceChecked} sampled cases`,
    `  the cases             ${Object.entries(result.coverage)
      .map(([what, n]) => `${n} ${what}`)
      .join(', ')}`,
  ];
  for (const [name, c] of Object.entries(result.peerDisagreements)) {
    lines.push(
      `  ${name}: ${c.disagreements} of ${c.expressible} cases differ from ours, ` +
        `${c.subMinute.disagreements} of ${c.subMinute.cases} opened inside a minute.`,
      `    ${c.why}`,
    );
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runRulesBenchmark({
    cases: process.argv[2] ? Number(process.argv[2]) : undefined,
    referenceSample: process.argv[3] ? Number(process.argv[3]) : undefined,
    log: (line) => console.error(line),
  });
  console.log(summary(result));
  console.log(JSON.stringify(result, null, 2));
}
