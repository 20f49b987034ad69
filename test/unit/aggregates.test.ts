/**
 * The report's aggregates as pure folds (DESIGN §11): contributions, deltas, the histogram's percentiles
 * and the report built from rows, against an exact recount from the tickets.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aggregate,
  applyDelta,
  bucketAt,
  bucketIndex,
  bucketOf,
  type Contribution,
  contributionDelta,
  decodeHistogram,
  encodeHistogram,
  HISTOGRAM_RELATIVE_ERROR,
  histogramPercentile,
  packedRow,
  packHistogram,
  reportFromRows,
  sortRows,
  splitByDays,
  unpackHistogram,
} from '../../shared/tickets/aggregates.ts';
import { percentile } from '../../shared/tickets/report.ts';

const contributionArb: fc.Arbitrary<Contribution> = fc.record({
  day: fc.constantFrom('2026-11-01', '2026-11-02', '2026-11-03'),
  program: fc.constantFrom('basic', 'premier'),
  severity: fc.integer({ min: 1, max: 4 }),
  state: fc.constantFrom('running', 'met', 'breached', 'best_effort'),
  bucket: fc.option(fc.double({ min: 0, max: 5000, noNaN: true }).map(bucketOf), { nil: null }),
});

describe('histogram percentiles', () => {
  it('are the exact nearest-rank percentiles on whole minutes below 1000 (no off-by-one)', () => {
    const buckets = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [bucketOf(i + 1), 1]));
    expect(histogramPercentile(buckets, 50)).toBe(5);
    expect(histogramPercentile(buckets, 90)).toBe(9);
    expect(histogramPercentile({ [bucketOf(7)]: 1 }, 90)).toBe(7);
    expect(histogramPercentile({}, 50)).toBeNull();
  });

  it('stay within the stated relative error of the exact percentile', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.01, max: 100_000, noNaN: true }), { minLength: 1, maxLength: 300 }),
        (values) => {
          const buckets: Record<string, number> = {};
          for (const value of values) buckets[bucketOf(value)] = (buckets[bucketOf(value)] ?? 0) + 1;
          const sorted = [...values].sort((a, b) => a - b);
          for (const p of [50, 90]) {
            const exact = percentile(sorted, p) as number;
            const estimate = histogramPercentile(buckets, p) as number;
            expect(Math.abs(estimate - exact)).toBeLessThanOrEqual(exact * HISTOGRAM_RELATIVE_ERROR + 0.005);
          }
        },
      ),
      { seed: 11, numRuns: 200 },
    );
  });
});

describe('a histogram packed in one value', () => {
  it('decodes to the buckets it encodes, zero counts left out, whatever the values', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.double({ min: 0, max: 1_000_000, noNaN: true }).map(bucketOf),
          fc.integer({ min: -50, max: 50 }),
        ),
        (buckets) => {
          const encoded = encodeHistogram(buckets);
          expect(decodeHistogram(encoded)).toEqual(
            Object.fromEntries(Object.entries(buckets).filter(([, n]) => n !== 0)),
          );
          // Canonical: the same buckets in any insertion order give the same text.
          expect(encodeHistogram(Object.fromEntries(Object.entries(buckets).reverse()))).toBe(encoded);
        },
      ),
      { seed: 3, numRuns: 300 },
    );
    expect(encodeHistogram({ '30': 6, '4.5': 2, '12': 0 })).toBe('4.5:2 30:6');
    expect(decodeHistogram('')).toEqual({});
  });

  it('refuses text that is not a histogram rather than reading wrong counts', () => {
    for (const text of ['30', '30:', ':2', '30:2  4:1', '30:2,4:1', 'x:1', '30:1.5'])
      expect(() => decodeHistogram(text), text).toThrow(/not an encoded histogram/);
  });
});

describe("a histogram packed in bytes (the rows' Binary `hist`)", () => {
  it('numbers the buckets in order, one index per bucket, every bucket reachable', () => {
    for (let index = 0; index < 10_000; index++) {
      expect(bucketIndex(bucketAt(index))).toBe(index);
      if (index > 0) expect(Number(bucketAt(index))).toBeGreaterThan(Number(bucketAt(index - 1)));
    }
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e9, noNaN: true }), (minutes) => {
        const bucket = bucketOf(minutes);
        expect(bucketAt(bucketIndex(bucket))).toBe(bucket);
      }),
      { seed: 5, numRuns: 2000 },
    );
    expect([bucketIndex('0'), bucketIndex('0.01'), bucketIndex('0.99'), bucketIndex('1'), bucketIndex('10')]).toEqual([
      0, 1, 99, 100, 1000,
    ]);
    for (const text of ['1.234', '0.001', '-1', 'x', '1e3', '01'])
      expect(() => bucketIndex(text), text).toThrow(/not a histogram bucket/);
  });

  it('unpacks to the buckets it packs, zero counts left out, in ~2 bytes a bucket', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.double({ min: 0, max: 1_000_000, noNaN: true }).map(bucketOf),
          fc.integer({ min: -100_000, max: 100_000 }),
        ),
        (buckets) => {
          const packed = packHistogram(buckets);
          expect(unpackHistogram(packed)).toEqual(
            Object.fromEntries(Object.entries(buckets).filter(([, n]) => n !== 0)),
          );
          expect(packHistogram(Object.fromEntries(Object.entries(buckets).reverse()))).toEqual(packed);
        },
      ),
      { seed: 7, numRuns: 300 },
    );
    expect(unpackHistogram(packHistogram({}))).toEqual({});
    // 185 response times of a busy row, as the seed spreads them: far fewer bytes than the text layout.
    const busy: Record<string, number> = {};
    for (let i = 0; i < 185; i++) {
      const bucket = bucketOf(5 + ((i * 37) % 600) * 1.7);
      busy[bucket] = (busy[bucket] ?? 0) + 1;
    }
    const packed = packHistogram(busy);
    expect(packed.length).toBeLessThanOrEqual(1 + 3 * Object.keys(busy).length);
    expect(packed.length * 2).toBeLessThan(encodeHistogram(busy).length);
  });

  it('merged packed into the report, give the same report as the decoded rows', () => {
    fc.assert(
      fc.property(
        fc.array(contributionArb, { maxLength: 80 }),
        fc.integer({ min: 0, max: 3 }),
        (contributions, legacy) => {
          const rows = aggregate(contributions);
          // Some rows packed as the store reads them, the first `legacy` ones decoded (as older layouts are).
          const read = rows.map((row, i) =>
            i < legacy ? structuredClone(row) : packedRow(row, packHistogram(row.buckets)),
          );
          expect(reportFromRows(read)).toEqual(reportFromRows(rows));
          // A packed row read through its buckets is the row; changed through them, it merges as changed.
          const [first] = rows;
          if (first) {
            const packed = packedRow(first, packHistogram(first.buckets));
            expect(sortRows([packed])).toEqual(sortRows([first]));
            packed.buckets['1'] = (packed.buckets['1'] ?? 0) + 1;
            const changed = { ...first, buckets: { ...first.buckets, '1': (first.buckets['1'] ?? 0) + 1 } };
            expect(reportFromRows([packed])).toEqual(reportFromRows([changed]));
          }
        },
      ),
      { seed: 13, numRuns: 200 },
    );
  });

  it('refuses bytes that are not a packed histogram rather than reading wrong counts', () => {
    const cases = [
      Uint8Array.from([]), // no layout byte
      Uint8Array.from([2, 0, 2]), // an unknown layout
      Uint8Array.from([1, 5]), // a bucket without its count
      Uint8Array.from([1, 5, 0]), // a zero count is never written
      Uint8Array.from([1, 5, 2, 0, 2]), // the same bucket twice
      Uint8Array.from([1, 0x85]), // a varint cut short
    ];
    for (const bytes of cases) {
      expect(() => unpackHistogram(bytes), String(bytes)).toThrow(/not a packed histogram/);
      const row = packedRow(
        {
          day: '2026-11-01',
          program: 'basic',
          severity: 1,
          counts: { opened: 1, met: 1, breached: 0, running: 0, bestEffort: 0 },
        },
        bytes,
      );
      expect(() => reportFromRows([row]), String(bytes)).toThrow(/not a packed histogram/);
    }
  });
});

describe('contributions', () => {
  it('folded in any order, replaced revision by revision, equal the fold of the latest ones', () => {
    // Each ticket goes through a few revisions; the rows after applying `latest − previous` per step equal
    // the fold of the final contributions, whatever the order in which the tickets' steps interleave.
    fc.assert(
      fc.property(
        fc.array(fc.array(contributionArb, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 30 }),
        fc.infiniteStream(fc.nat()),
        (histories, choices) => {
          const rows = new Map();
          const positions = histories.map(() => 0);
          const pending = () => positions.flatMap((at, i) => (at < (histories[i]?.length ?? 0) ? [i] : []));
          const iterator = choices[Symbol.iterator]();
          for (let open = pending(); open.length > 0; open = pending()) {
            const ticket = open[(iterator.next().value as number) % open.length] as number;
            const history = histories[ticket] as Contribution[];
            const at = positions[ticket] as number;
            for (const delta of contributionDelta(
              at === 0 ? null : (history[at - 1] as Contribution),
              history[at] as Contribution,
            )) {
              applyDelta(rows, delta);
            }
            positions[ticket] = at + 1;
          }
          expect(sortRows([...rows.values()])).toEqual(aggregate(histories.map((h) => h.at(-1) as Contribution)));
        },
      ),
      { seed: 7, numRuns: 200 },
    );
  });

  it('report met % over met + breached only, and move overdue running tickets to breached', () => {
    const contributions: Contribution[] = [
      ...Array.from({ length: 6 }, () => ({
        day: '2026-11-01',
        program: 'basic',
        severity: 2,
        state: 'met' as const,
        bucket: '30',
      })),
      ...Array.from({ length: 2 }, () => ({
        day: '2026-11-02',
        program: 'basic',
        severity: 2,
        state: 'breached' as const,
        bucket: null,
      })),
      ...Array.from({ length: 3 }, () => ({
        day: '2026-11-02',
        program: 'basic',
        severity: 2,
        state: 'running' as const,
        bucket: null,
      })),
      { day: '2026-11-02', program: 'basic', severity: 2, state: 'best_effort' as const, bucket: null },
    ];
    const [row] = reportFromRows(aggregate(contributions), [{ program: 'basic', severity: 2 }]);
    expect(row).toEqual({
      program: 'basic',
      severity: 2,
      opened: 12,
      met: 6,
      breached: 3,
      running: 2,
      bestEffort: 1,
      metPercent: 66.7,
      p50ResponseMinutes: 30,
      p90ResponseMinutes: 30,
    });
  });
});

describe('splitting a report range into UTC days', () => {
  it('reads whole days from rows and the partial days at either end from tickets', () => {
    expect(splitByDays('2026-11-01T00:00:00.000Z', '2026-11-03T00:00:00.000Z')).toEqual({
      days: ['2026-11-01', '2026-11-02'],
      edges: [],
    });
    expect(splitByDays('2026-11-01T06:00:00.000Z', '2026-11-03T12:00:00.000Z')).toEqual({
      days: ['2026-11-02'],
      edges: [
        ['2026-11-01T06:00:00.000Z', '2026-11-02T00:00:00.000Z'],
        ['2026-11-03T00:00:00.000Z', '2026-11-03T12:00:00.000Z'],
      ],
    });
    expect(splitByDays('2026-11-01T06:00:00.000Z', '2026-11-01T08:00:00.000Z')).toEqual({
      days: [],
      edges: [['2026-11-01T06:00:00.000Z', '2026-11-01T08:00:00.000Z']],
    });
  });
});
