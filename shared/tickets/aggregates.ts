/**
 * The report's pre-aggregated rows (DESIGN §11): per UTC day, program and severity, the counts of
 * `GET /reports/sla` and a mergeable histogram of first-response minutes. Pure: the store keeps the rows,
 * the aggregator and the seed fold tickets into them, the report merges them.
 *
 * Idempotence comes from per-ticket contributions: a ticket adds exactly `contribution(ticket)` to one
 * row, and the store remembers, per ticket, the contribution and revision it last applied. Applying a
 * newer revision adds `new − old`; a redelivered or older revision is skipped. So the rows always equal
 * the sum of the latest contributions, whatever the order or repetition of stream records.
 */
import type { SlaState } from '../sla/types.ts';
import type { ReportRow } from './report.ts';
import type { Ticket } from './ticket.ts';

/** What one ticket adds to its day's row. */
export interface Contribution {
  /** UTC day the ticket opened, `YYYY-MM-DD`. */
  day: string;
  program: string;
  severity: number;
  state: SlaState;
  /** The first-response minutes' histogram bucket, when the clock stopped on a response. */
  bucket: string | null;
}

export const COUNTERS = ['opened', 'met', 'breached', 'running', 'bestEffort'] as const;
export type Counter = (typeof COUNTERS)[number];

/** One day × program × severity row. `buckets` maps a bucket's value (as text) to its count. */
export interface AggregateRow {
  day: string;
  program: string;
  severity: number;
  counts: Record<Counter, number>;
  buckets: Record<string, number>;
}

/**
 * The histogram's bucket of a response time: the value rounded to 3 significant digits (and to 0.01 below
 * 1 minute). Every value in a bucket is within 0.5 % of the bucket's value, so a percentile read from the
 * histogram is within 0.5 % of the exact nearest-rank percentile. Buckets are fixed, so histograms merge by
 * adding counts, across days and cells, in any order.
 */
export function bucketOf(minutes: number): string {
  if (minutes <= 0) return '0';
  if (minutes < 1) return String(Math.round(minutes * 100) / 100);
  return String(Number(minutes.toPrecision(3)));
}

/**
 * A histogram in one text value, `<bucket>:<count>` pairs separated by spaces in bucket order (`"4.5:2 30:6"`):
 * the layout of the rows' `histogram` attribute before the packed Binary `hist` (see `packHistogram`), which
 * costs 4–8 bytes a bucket against about 2. Rows of that layout are still read (`decodeHistogram`) and are
 * rewritten packed when next written. Zero counts are left out; the empty histogram is `""`.
 */
export function encodeHistogram(buckets: Record<string, number>): string {
  return Object.entries(buckets)
    .filter(([, count]) => count !== 0)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([bucket, count]) => `${bucket}:${count}`)
    .join(' ');
}

/** The buckets of an encoded histogram; refuses text that is not one, rather than reading a wrong count. */
export function decodeHistogram(text: string): Record<string, number> {
  const buckets: Record<string, number> = {};
  if (text === '') return buckets;
  for (const pair of text.split(' ')) {
    const match = /^(\d+(?:\.\d+)?(?:e\+\d+)?):(-?\d+)$/.exec(pair);
    if (!match) throw new Error(`not an encoded histogram: "${text.slice(0, 80)}"`);
    const [, bucket, count] = match as unknown as [string, string, string];
    buckets[bucket] = (buckets[bucket] ?? 0) + Number(count);
  }
  return buckets;
}

/**
 * A bucket's place in the fixed sequence of buckets: `0` is 0, 1–99 are 0.01–0.99, then 900 a decade
 * (100 is 1, 101 is 1.01, …, 999 is 9.99, 1000 is 10, …). Refuses a value that is not a bucket.
 */
export function bucketIndex(bucket: string): number {
  const value = Number(bucket);
  let index: number;
  if (value === 0) index = 0;
  else if (value > 0 && value < 1) index = Math.round(value * 100);
  else if (value >= 1) {
    const [mantissa, exponent] = value.toExponential(2).split('e') as [string, string];
    index = 100 + 900 * Number(exponent) + Math.round(Number(mantissa) * 100) - 100;
  } else index = -1;
  if (!(index >= 0) || bucketAt(index) !== bucket) throw new Error(`not a histogram bucket: "${bucket}"`);
  return index;
}

const bucketNames: string[] = [];

/** The bucket at an index (see bucketIndex), as `bucketOf` writes it. */
export function bucketAt(index: number): string {
  let name = bucketNames[index];
  if (name === undefined) {
    if (index === 0) name = '0';
    else if (index < 100) name = String(index / 100);
    else {
      const decade = Math.floor((index - 100) / 900);
      name = String(Number(`${100 + ((index - 100) % 900)}e${decade - 2}`));
    }
    if (index < 100_000) bucketNames[index] = name;
  }
  return name;
}

/** The first byte of a packed histogram: the layout's version, so a later layout can be told apart. */
const PACKED_LAYOUT = 1;

/**
 * A histogram in a few bytes: after a layout byte, per non-zero bucket in bucket order, the gap to the
 * previous bucket's index and the count (zigzag, so negative counts of deltas survive), each an unsigned
 * LEB128 varint. A bucket of a row costs 2 bytes for gaps under 128 and counts under 64, against 4–8
 * characters as `<bucket>:<count>` text; the empty histogram is the layout byte alone.
 */
export function packHistogram(buckets: Record<string, number>): Uint8Array {
  const entries = Object.entries(buckets)
    .filter(([, count]) => count !== 0)
    .map(([bucket, count]) => [bucketIndex(bucket), count] as const)
    .sort(([a], [b]) => a - b);
  const bytes: number[] = [PACKED_LAYOUT];
  const varint = (value: number) => {
    let rest = value;
    while (rest >= 0x80) {
      bytes.push((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    bytes.push(rest);
  };
  let previous = 0;
  for (const [index, count] of entries) {
    varint(index - previous);
    varint(count >= 0 ? count * 2 : -count * 2 - 1);
    previous = index;
  }
  return Uint8Array.from(bytes);
}

/** The buckets of a packed histogram; refuses bytes that are not one, rather than reading a wrong count. */
export function unpackHistogram(bytes: Uint8Array): Record<string, number> {
  const fail = (): never => {
    throw new Error(`not a packed histogram (${bytes.length} bytes)`);
  };
  if (bytes[0] !== PACKED_LAYOUT) fail();
  let at = 1;
  const varint = () => {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (at >= bytes.length || scale > 2 ** 49) fail();
      const byte = bytes[at++] as number;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 0x80;
    }
  };
  const buckets: Record<string, number> = {};
  let index = 0;
  let first = true;
  while (at < bytes.length) {
    const gap = varint();
    if (gap === 0 && !first) fail();
    index += gap;
    first = false;
    const zigzag = varint();
    if (zigzag === 0) fail();
    buckets[bucketAt(index)] = zigzag % 2 === 0 ? zigzag / 2 : -(zigzag + 1) / 2;
  }
  return buckets;
}

/** Bucket indices below this are merged in a dense array (1 000 000 minutes is index 5 500). */
const DENSE_BUCKETS = 6_400;

/**
 * Adds a packed histogram's counts into `dense` (by bucket index) without making a record of it: the
 * report's merge of 540 rows × ~185 buckets at 100 000 tickets a month costs a pass over bytes, not ~100 000
 * property writes. Buckets at or past the dense array's end go to `overflow`.
 */
function addPacked(bytes: Uint8Array, dense: Float64Array, overflow: Record<string, number>): void {
  if (bytes[0] !== PACKED_LAYOUT) throw new Error(`not a packed histogram (${bytes.length} bytes)`);
  let at = 1;
  let index = 0;
  const varint = () => {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (at >= bytes.length) throw new Error(`not a packed histogram (${bytes.length} bytes)`);
      const byte = bytes[at++] as number;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 0x80;
    }
  };
  let first = true;
  while (at < bytes.length) {
    const gap = varint();
    if (gap === 0 && !first) throw new Error(`not a packed histogram (${bytes.length} bytes)`);
    first = false;
    index += gap;
    const zigzag = varint();
    if (zigzag === 0) throw new Error(`not a packed histogram (${bytes.length} bytes)`);
    const count = zigzag % 2 === 0 ? zigzag / 2 : -(zigzag + 1) / 2;
    if (index < DENSE_BUCKETS) dense[index] = (dense[index] as number) + count;
    else {
      const bucket = bucketAt(index);
      overflow[bucket] = (overflow[bucket] ?? 0) + count;
    }
  }
}

const PACKED = Symbol('packed histogram');

/**
 * A row whose histogram stays packed until its `buckets` are read (then they are decoded once, and the row
 * behaves as any other): `reportFromRows` merges the packed bytes directly. Reading `buckets` drops the
 * bytes, so a row changed through its buckets is never merged from stale bytes.
 */
export function packedRow(key: Omit<AggregateRow, 'buckets'>, packed: Uint8Array): AggregateRow {
  const row = { day: key.day, program: key.program, severity: key.severity, counts: key.counts } as AggregateRow &
    Record<typeof PACKED, Uint8Array | undefined>;
  Object.defineProperty(row, PACKED, { value: packed, writable: true, enumerable: false, configurable: true });
  Object.defineProperty(row, 'buckets', {
    enumerable: true,
    configurable: true,
    get() {
      const buckets = unpackHistogram(packed);
      row[PACKED] = undefined;
      Object.defineProperty(row, 'buckets', { value: buckets, writable: true, enumerable: true, configurable: true });
      return buckets;
    },
    set(buckets: Record<string, number>) {
      row[PACKED] = undefined;
      Object.defineProperty(row, 'buckets', { value: buckets, writable: true, enumerable: true, configurable: true });
    },
  });
  return row;
}

const packedOf = (row: AggregateRow): Uint8Array | undefined =>
  (row as AggregateRow & Record<typeof PACKED, Uint8Array | undefined>)[PACKED];

/** Nearest-rank percentile of a dense histogram (by bucket index), as `histogramPercentile` reads it. */
function densePercentile(dense: Float64Array, p: number): number | null {
  let total = 0;
  for (let i = 0; i < dense.length; i++) if ((dense[i] as number) > 0) total += dense[i] as number;
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  let last: number | null = null;
  for (let i = 0; i < dense.length; i++) {
    const count = dense[i] as number;
    if (count <= 0) continue;
    seen += count;
    last = i;
    if (seen >= rank) return Number(bucketAt(i));
  }
  return last === null ? null : Number(bucketAt(last));
}

/** The sketch's stated bound: the relative error of a percentile read from the histogram. */
export const HISTOGRAM_RELATIVE_ERROR = 0.005;

const stateCounter: Record<SlaState, Counter> = {
  met: 'met',
  breached: 'breached',
  running: 'running',
  best_effort: 'bestEffort',
};

export const utcDay = (instant: string): string => new Date(instant).toISOString().slice(0, 10);

export function contribution(ticket: Ticket): Contribution {
  return {
    day: utcDay(ticket.openedAt),
    program: ticket.program,
    severity: ticket.severity,
    state: ticket.sla.state,
    bucket: ticket.sla.elapsedMinutes === null ? null : bucketOf(ticket.sla.elapsedMinutes),
  };
}

export const rowKey = (row: { day: string; program: string; severity: number }) =>
  `${row.day}|${row.program}|${row.severity}`;

/** A row's change: counters and buckets to add (negative to take away), keyed by row. */
export interface RowDelta {
  day: string;
  program: string;
  severity: number;
  counts: Partial<Record<Counter, number>>;
  buckets: Record<string, number>;
}

/** What replacing `before` (or nothing) by `after` (or nothing) adds to the rows; empty when nothing changes. */
export function contributionDelta(before: Contribution | null, after: Contribution | null): RowDelta[] {
  const deltas = new Map<string, RowDelta>();
  const add = (c: Contribution, sign: 1 | -1) => {
    const key = rowKey(c);
    let delta = deltas.get(key);
    if (!delta) {
      delta = { day: c.day, program: c.program, severity: c.severity, counts: {}, buckets: {} };
      deltas.set(key, delta);
    }
    delta.counts.opened = (delta.counts.opened ?? 0) + sign;
    const counter = stateCounter[c.state];
    delta.counts[counter] = (delta.counts[counter] ?? 0) + sign;
    if (c.bucket !== null) delta.buckets[c.bucket] = (delta.buckets[c.bucket] ?? 0) + sign;
  };
  if (before) add(before, -1);
  if (after) add(after, 1);
  return [...deltas.values()]
    .map((delta) => ({
      ...delta,
      counts: Object.fromEntries(Object.entries(delta.counts).filter(([, n]) => n !== 0)),
      buckets: Object.fromEntries(Object.entries(delta.buckets).filter(([, n]) => n !== 0)),
    }))
    .filter((delta) => Object.keys(delta.counts).length > 0 || Object.keys(delta.buckets).length > 0);
}

const emptyCounts = (): Record<Counter, number> => ({ opened: 0, met: 0, breached: 0, running: 0, bestEffort: 0 });

/** A row that counts nothing yet. */
export const emptyRow = (key: { day: string; program: string; severity: number }): AggregateRow => ({
  day: key.day,
  program: key.program,
  severity: key.severity,
  counts: emptyCounts(),
  buckets: {},
});

/** Folds contributions into rows, as the aggregator would after seeing every ticket once. */
export function aggregate(contributions: Iterable<Contribution>): AggregateRow[] {
  const rows = new Map<string, AggregateRow>();
  for (const c of contributions) {
    for (const delta of contributionDelta(null, c)) applyDelta(rows, delta);
  }
  return sortRows([...rows.values()]);
}

export function applyDelta(rows: Map<string, AggregateRow>, delta: RowDelta): void {
  const key = rowKey(delta);
  let row = rows.get(key);
  if (!row) {
    row = emptyRow(delta);
    rows.set(key, row);
  }
  for (const [counter, n] of Object.entries(delta.counts) as [Counter, number][]) row.counts[counter] += n;
  for (const [bucket, n] of Object.entries(delta.buckets)) {
    const count = (row.buckets[bucket] ?? 0) + n;
    if (count === 0) delete row.buckets[bucket];
    else row.buckets[bucket] = count;
  }
}

/** Rows in a canonical form (no zero buckets, sorted), so two sets of rows compare with a deep equal. */
export function sortRows(rows: AggregateRow[]): AggregateRow[] {
  return rows
    .map((row) => ({
      ...row,
      buckets: Object.fromEntries(
        Object.entries(row.buckets)
          .filter(([, n]) => n !== 0)
          .sort(([a], [b]) => Number(a) - Number(b)),
      ),
    }))
    .filter((row) => COUNTERS.some((counter) => row.counts[counter] !== 0) || Object.keys(row.buckets).length > 0)
    .sort((a, b) => rowKey(a).localeCompare(rowKey(b)));
}

/** Nearest-rank percentile of a histogram, read as the bucket's value (within HISTOGRAM_RELATIVE_ERROR). */
export function histogramPercentile(buckets: Record<string, number>, p: number): number | null {
  const entries = Object.entries(buckets)
    .map(([value, count]) => [Number(value), count] as const)
    .filter(([, count]) => count > 0)
    .sort(([a], [b]) => a - b);
  const total = entries.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (const [value, count] of entries) {
    seen += count;
    if (seen >= rank) return value;
  }
  return entries.at(-1)?.[0] ?? null;
}

/**
 * The report (DESIGN §4) from rows of any days: merged per program × severity. `overdue` lists the cells
 * of tickets still `running` in the rows whose deadline has passed by now (their timer has not fired yet):
 * the report counts them as breached, as the clock does.
 */
export function reportFromRows(
  rows: Iterable<AggregateRow>,
  overdue: Iterable<{ program: string; severity: number }> = [],
): ReportRow[] {
  // Packed rows (see packedRow) merge into a dense array per cell; rows with decoded buckets into a record.
  const cells = new Map<
    string,
    {
      program: string;
      severity: number;
      counts: Record<Counter, number>;
      buckets: Record<string, number>;
      dense: Float64Array | null;
    }
  >();
  for (const row of rows) {
    const key = `${row.program}|${row.severity}`;
    let cell = cells.get(key);
    if (!cell) {
      cell = { program: row.program, severity: row.severity, counts: emptyCounts(), buckets: {}, dense: null };
      cells.set(key, cell);
    }
    for (const counter of COUNTERS) cell.counts[counter] += row.counts[counter];
    const packed = packedOf(row);
    if (packed) {
      cell.dense ??= new Float64Array(DENSE_BUCKETS);
      addPacked(packed, cell.dense, cell.buckets);
    } else {
      for (const [bucket, n] of Object.entries(row.buckets)) cell.buckets[bucket] = (cell.buckets[bucket] ?? 0) + n;
    }
  }
  const percentiles = (cell: { buckets: Record<string, number>; dense: Float64Array | null }) => {
    if (cell.dense && Object.keys(cell.buckets).length === 0) {
      return [densePercentile(cell.dense, 50), densePercentile(cell.dense, 90)] as const;
    }
    const buckets = { ...cell.buckets };
    if (cell.dense) {
      for (let i = 0; i < cell.dense.length; i++) {
        const count = cell.dense[i] as number;
        if (count !== 0) buckets[bucketAt(i)] = (buckets[bucketAt(i)] ?? 0) + count;
      }
    }
    return [histogramPercentile(buckets, 50), histogramPercentile(buckets, 90)] as const;
  };
  for (const late of overdue) {
    const cell = cells.get(`${late.program}|${late.severity}`);
    if (!cell || cell.counts.running === 0) continue;
    cell.counts.running -= 1;
    cell.counts.breached += 1;
  }
  return [...cells.values()]
    .filter((cell) => cell.counts.opened > 0)
    .map((cell) => ({ ...cell, percentiles: percentiles(cell) }))
    .map(({ program, severity, counts, percentiles: [p50, p90] }) => ({
      program,
      severity,
      opened: counts.opened,
      met: counts.met,
      breached: counts.breached,
      running: counts.running,
      bestEffort: counts.bestEffort,
      metPercent:
        counts.met + counts.breached === 0
          ? null
          : Math.round((counts.met / (counts.met + counts.breached)) * 1000) / 10,
      p50ResponseMinutes: p50,
      p90ResponseMinutes: p90,
    }))
    .sort((a, b) => a.program.localeCompare(b.program) || a.severity - b.severity);
}

/** The UTC days wholly inside [from, to), and the parts of the range before and after them. */
export function splitByDays(from: string, to: string): { days: string[]; edges: [string, string][] } {
  const start = Date.parse(from);
  const end = Date.parse(to);
  const dayMs = 86_400_000;
  const firstFull = Math.ceil(start / dayMs) * dayMs;
  const lastFull = Math.floor(end / dayMs) * dayMs;
  if (firstFull >= lastFull) return { days: [], edges: [[iso(start), iso(end)]] };
  const days: string[] = [];
  for (let day = firstFull; day < lastFull; day += dayMs) days.push(iso(day).slice(0, 10));
  const edges: [string, string][] = [];
  if (start < firstFull) edges.push([iso(start), iso(firstFull)]);
  if (lastFull < end) edges.push([iso(lastFull), iso(end)]);
  return { days, edges };
}

const iso = (instant: number) => new Date(instant).toISOString();
