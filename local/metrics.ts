/**
 * The local functions' metrics (DESIGN §10): the Embedded Metric Format records Powertools writes to
 * stdout, captured in this process (as CloudWatch Logs would turn them into metrics) and aggregated per
 * period for the local board's graphs, by the same dashboard description the CDK stack reads.
 */
import { metrics as catalog, METRICS_NAMESPACE } from '../shared/observability/catalog.ts';
import type { MetricLine } from '../shared/observability/dashboard.ts';
import { percentile } from '../shared/tickets/report.ts';
import type { Clock } from '../shared/time/clock.ts';

export interface MetricPoint {
  at: number;
  name: string;
  value: number;
  dimensions: Record<string, string>;
}

export interface Series {
  label: string;
  values: (number | null)[];
}

export interface SeriesSet {
  /** Start of each period, in seconds (uPlot's x axis). */
  timestamps: number[];
  series: Series[];
}

interface EmfRecord {
  _aws?: {
    Timestamp?: number;
    CloudWatchMetrics?: { Namespace?: string; Dimensions?: string[][]; Metrics?: { Name?: string }[] }[];
  };
  [key: string]: unknown;
}

/** Points kept in memory: a long-running `npm start` forgets the oldest first. */
const MAX_POINTS = 200_000;

export class LocalMetrics {
  private readonly points: MetricPoint[] = [];

  /**
   * With a clock, each point is stamped when it is captured on that clock (the local handlers' "now"),
   * so a test's or a replay's moved clock graphs events where they happened; else with the EMF timestamp.
   */
  constructor(private readonly clock?: Clock) {}

  get size(): number {
    return this.points.length;
  }

  /** Reads one line of output; true when it was an EMF record of the service's namespace (and is kept). */
  record(line: string): boolean {
    if (!line.startsWith('{"_aws"')) return false;
    let parsed: EmfRecord;
    try {
      parsed = JSON.parse(line) as EmfRecord;
    } catch {
      return false;
    }
    const at = this.clock ? this.clock().getTime() : (parsed._aws?.Timestamp ?? Date.now());
    for (const directive of parsed._aws?.CloudWatchMetrics ?? []) {
      if (directive.Namespace !== METRICS_NAMESPACE) continue;
      const dimensionNames = directive.Dimensions?.flat() ?? [];
      const dimensions = Object.fromEntries(
        dimensionNames.filter((name) => typeof parsed[name] === 'string').map((name) => [name, parsed[name] as string]),
      );
      for (const { Name } of directive.Metrics ?? []) {
        if (!Name) continue;
        const raw = parsed[Name];
        for (const value of Array.isArray(raw) ? raw : [raw]) {
          if (typeof value === 'number') this.points.push({ at, name: Name, value, dimensions });
        }
      }
    }
    if (this.points.length > MAX_POINTS) this.points.splice(0, this.points.length - MAX_POINTS);
    return true;
  }

  /** The graph's lines over [start, end), one value per period: Sum, or a percentile of the period's values. */
  series(lines: readonly MetricLine[], range: { start: number; end: number }, periodMs: number): SeriesSet {
    const first = Math.floor(range.start / periodMs) * periodMs;
    const count = Math.max(1, Math.ceil((range.end - first) / periodMs));
    const timestamps = Array.from({ length: count }, (_, index) => (first + index * periodMs) / 1000);
    const series: Series[] = [];
    for (const line of lines) {
      const name = catalog[line.metric].name;
      const groups = new Map<string, number[][]>();
      if (line.series !== 'each') groups.set(line.label ?? name, []);
      for (const point of this.points) {
        if (point.name !== name || point.at < first || point.at >= range.end) continue;
        const key =
          line.series === 'each'
            ? [
                line.label,
                ...Object.entries(point.dimensions)
                  .filter(([dimension]) => dimension !== 'service')
                  .sort(([a], [b]) => a.localeCompare(b))
                  .map(([, value]) => value),
              ]
                .filter(Boolean)
                .join(' ')
            : (line.label ?? name);
        let buckets = groups.get(key);
        if (!buckets) {
          buckets = [];
          groups.set(key, buckets);
        }
        const index = Math.floor((point.at - first) / periodMs);
        const bucket = buckets[index] ?? [];
        bucket.push(point.value);
        buckets[index] = bucket;
      }
      for (const [label, buckets] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))) {
        const values = timestamps.map((_, index) => {
          const bucket = buckets[index];
          if (!bucket || bucket.length === 0) return line.statistic === 'Sum' ? 0 : null;
          if (line.statistic === 'Sum') return bucket.reduce((sum, value) => sum + value, 0);
          return percentile(
            [...bucket].sort((a, b) => a - b),
            line.statistic === 'p50' ? 50 : 90,
          );
        });
        series.push({ label, values });
      }
    }
    return { timestamps, series };
  }
}

/**
 * Diverts the EMF lines written to `stream` into `metrics` (they would otherwise scroll past in the
 * terminal, as they go to CloudWatch Logs in AWS); everything else is written as before. Returns the undo.
 */
export function captureEmf(metrics: LocalMetrics, stream: NodeJS.WriteStream = process.stdout): () => void {
  const original = stream.write;
  const write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
    if (typeof chunk === 'string' || chunk instanceof Uint8Array) {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      const lines = text.split('\n').filter((line) => line !== '');
      if (lines.length > 0 && lines.every((line) => line.startsWith('{"_aws"'))) {
        for (const line of lines) metrics.record(line);
        const callback = rest.find((argument) => typeof argument === 'function') as (() => void) | undefined;
        callback?.();
        return true;
      }
    }
    return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  };
  stream.write = write as typeof stream.write;
  return () => {
    if (stream.write === write) stream.write = original;
  };
}
