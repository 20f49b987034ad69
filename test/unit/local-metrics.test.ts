/**
 * The local board's graphs (DESIGN §10): the EMF records Powertools writes are captured from stdout and
 * aggregated per period, per dimension combination or in total, as CloudWatch would graph them.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { captureEmf, LocalMetrics } from '../../local/metrics.ts';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../../shared/observability/catalog.ts';
import { manualClock } from '../../shared/time/clock.ts';

const MINUTE = 60_000;
const start = Date.parse('2026-03-02T10:00:00Z');
let release: (() => void) | undefined;
afterEach(() => release?.());

/** Powertools' own EMF output, captured at the clock's instants. */
function emitting() {
  const clock = manualClock(new Date(start));
  const local = new LocalMetrics(clock);
  release = captureEmf(local);
  const previous = process.env.POWERTOOLS_METRICS_DISABLED;
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
  if (previous === undefined) delete process.env.POWERTOOLS_METRICS_DISABLED;
  else process.env.POWERTOOLS_METRICS_DISABLED = previous;
  const opened = (program: string, severity: string) => {
    const single = metrics.singleMetric();
    single.addDimensions({ Program: program, Severity: severity });
    single.addMetric('TicketsOpened', MetricUnit.Count, 1);
  };
  const minutes = (program: string, value: number) => {
    const single = metrics.singleMetric();
    single.addDimension('Program', program);
    single.addMetric('FirstResponseMinutes', MetricUnit.Count, value);
  };
  const plain = (name: string, value = 1) => {
    metrics.addMetric(name, MetricUnit.Count, value);
    metrics.publishStoredMetrics();
  };
  return { clock, local, opened, minutes, plain };
}

describe('the local metrics', () => {
  it('sums a metric per period, one line per program and severity it was emitted with', () => {
    const { clock, local, opened } = emitting();
    opened('basic', '2');
    opened('basic', '2');
    opened('premier', '1');
    clock.advance(6 * MINUTE);
    opened('basic', '2');
    const set = local.series(
      [{ metric: 'ticketsOpened', statistic: 'Sum', series: 'each' }],
      { start, end: start + 10 * MINUTE },
      5 * MINUTE,
    );
    expect(set.timestamps).toEqual([start / 1000, (start + 5 * MINUTE) / 1000]);
    expect(set.series).toEqual([
      { label: 'basic 2', values: [2, 1] },
      { label: 'premier 1', values: [1, 0] },
    ]);
  });

  it('sums every combination into one line, and ranks values for a percentile', () => {
    const { local, opened, minutes } = emitting();
    opened('basic', '2');
    opened('premier', '1');
    for (const value of [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]) minutes('basic', value);
    const range = { start, end: start + 5 * MINUTE };
    expect(
      local.series([{ metric: 'ticketsOpened', statistic: 'Sum', series: 'total', label: 'opened' }], range, 5 * MINUTE)
        .series,
    ).toEqual([{ label: 'opened', values: [2] }]);
    expect(
      local.series(
        [{ metric: 'firstResponseMinutes', statistic: 'p90', series: 'each', label: 'p90' }],
        range,
        5 * MINUTE,
      ).series,
    ).toEqual([{ label: 'p90 basic', values: [90] }]);
  });

  it('reads a metric with no dimension of its own, and shows an empty period as zero', () => {
    const { clock, local, plain } = emitting();
    plain('WarningsSent', 2);
    clock.advance(11 * MINUTE);
    plain('WarningsSent');
    const set = local.series(
      [{ metric: 'warningsSent', statistic: 'Sum', series: 'service' }],
      { start, end: start + 15 * MINUTE },
      5 * MINUTE,
    );
    expect(set.series).toEqual([{ label: 'WarningsSent', values: [2, 0, 1] }]);
  });

  it('keeps only EMF lines: other output is written as before', () => {
    const local = new LocalMetrics();
    const written: string[] = [];
    const stream = { write: (chunk: string) => written.push(chunk) !== 0 } as unknown as NodeJS.WriteStream;
    release = captureEmf(local, stream);
    stream.write('{"level":"INFO","message":"hello"}\n');
    stream.write(
      `{"_aws":{"Timestamp":${start},"CloudWatchMetrics":[{"Namespace":"${METRICS_NAMESPACE}","Dimensions":[["service"]],"Metrics":[{"Name":"TimerNoOps","Unit":"Count"}]}]},"service":"${SERVICE_NAME}","TimerNoOps":3}\n`,
    );
    expect(written).toEqual(['{"level":"INFO","message":"hello"}\n']);
    expect(local.size).toBe(1);
  });
});
