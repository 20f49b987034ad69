/**
 * The aggregates' pieces one by one (shared/tickets/aggregates.ts, DESIGN §11): the histogram's bucket bounds, a
 * ticket's contribution, deltas and their application, the canonical rows and the report merged from them.
 * aggregates.test.ts checks the folds as a whole against an exact recount.
 */
import { describe, expect, it } from 'vitest';
import {
  type AggregateRow,
  aggregate,
  applyDelta,
  bucketOf,
  type Contribution,
  contribution,
  contributionDelta,
  histogramPercentile,
  reportFromRows,
  sortRows,
  splitByDays,
  utcDay,
} from '#shared/tickets/aggregates.ts';
import type { Ticket } from '#shared/tickets/ticket.ts';

const met = (overrides: Partial<Contribution> = {}): Contribution => ({
  day: '2026-11-01',
  program: 'basic',
  severity: 2,
  state: 'met',
  bucket: '30',
  ...overrides,
});

const counts = (overrides: Partial<AggregateRow['counts']> = {}) => ({
  opened: 0,
  met: 0,
  breached: 0,
  running: 0,
  bestEffort: 0,
  ...overrides,
});

describe('histogram buckets', () => {
  it('round to 3 significant digits, to 0.01 below a minute, and put nothing below zero', () => {
    expect(bucketOf(0)).toBe('0');
    expect(bucketOf(-5)).toBe('0');
    expect(bucketOf(0.004)).toBe('0');
    expect(bucketOf(0.125)).toBe('0.13');
    expect(bucketOf(0.994)).toBe('0.99');
    expect(bucketOf(0.996)).toBe('1');
    expect(bucketOf(1)).toBe('1');
    expect(bucketOf(1.005)).toBe('1');
    expect(bucketOf(12.34)).toBe('12.3');
    expect(bucketOf(999.4)).toBe('999');
    expect(bucketOf(999.5)).toBe('1000');
    expect(bucketOf(12_345)).toBe('12300');
  });
});

describe('a ticket’s contribution', () => {
  const ticket = (sla: Partial<Ticket['sla']>) =>
    ({
      openedAt: '2026-11-01T23:59:59.999Z',
      program: 'premier',
      severity: 3,
      sla: { state: 'met', elapsedMinutes: 42.04, ...sla },
    }) as Ticket;

  it('is its UTC opening day, cell, state and bucket', () => {
    expect(contribution(ticket({}))).toEqual({
      day: '2026-11-01',
      program: 'premier',
      severity: 3,
      state: 'met',
      bucket: '42',
    });
    expect(contribution(ticket({ state: 'running', elapsedMinutes: null })).bucket).toBeNull();
    expect(contribution(ticket({ elapsedMinutes: 0 })).bucket).toBe('0');
    expect(utcDay('2026-11-02T00:30:00+01:00')).toBe('2026-11-01');
  });
});

describe('deltas', () => {
  it('are empty when nothing changes, and move counts and buckets when something does', () => {
    expect(contributionDelta(met(), met())).toEqual([]);
    expect(contributionDelta(null, null)).toEqual([]);
    expect(contributionDelta(null, met())).toEqual([
      { day: '2026-11-01', program: 'basic', severity: 2, counts: { opened: 1, met: 1 }, buckets: { 30: 1 } },
    ]);
    expect(
      contributionDelta(met({ state: 'running', bucket: null }), met({ state: 'breached', bucket: '90' })),
    ).toEqual([
      {
        day: '2026-11-01',
        program: 'basic',
        severity: 2,
        counts: { running: -1, breached: 1 },
        buckets: { 90: 1 },
      },
    ]);
    expect(contributionDelta(met(), null)).toEqual([
      { day: '2026-11-01', program: 'basic', severity: 2, counts: { opened: -1, met: -1 }, buckets: { 30: -1 } },
    ]);
    expect(
      contributionDelta(met({ state: 'best_effort', bucket: null }), met({ state: 'best_effort', bucket: '5' })),
    ).toEqual([{ day: '2026-11-01', program: 'basic', severity: 2, counts: {}, buckets: { 5: 1 } }]);
  });

  it('touch two rows when the severity changed the cell', () => {
    expect(contributionDelta(met(), met({ severity: 1 }))).toEqual([
      { day: '2026-11-01', program: 'basic', severity: 2, counts: { opened: -1, met: -1 }, buckets: { 30: -1 } },
      { day: '2026-11-01', program: 'basic', severity: 1, counts: { opened: 1, met: 1 }, buckets: { 30: 1 } },
    ]);
  });

  it('apply to rows, creating a row and dropping a bucket that falls to zero', () => {
    const rows = new Map<string, AggregateRow>();
    for (const delta of contributionDelta(null, met())) applyDelta(rows, delta);
    for (const delta of contributionDelta(null, met({ state: 'running', bucket: null }))) applyDelta(rows, delta);
    expect([...rows.entries()]).toEqual([
      [
        '2026-11-01|basic|2',
        {
          day: '2026-11-01',
          program: 'basic',
          severity: 2,
          counts: counts({ opened: 2, met: 1, running: 1 }),
          buckets: { 30: 1 },
        },
      ],
    ]);
    for (const delta of contributionDelta(met(), met({ bucket: '31' }))) applyDelta(rows, delta);
    expect(rows.get('2026-11-01|basic|2')?.buckets).toEqual({ 31: 1 });
  });
});

describe('canonical rows', () => {
  it('sort buckets by value and rows by day, program and severity, and drop empty rows', () => {
    const rows: AggregateRow[] = [
      { day: '2026-11-02', program: 'basic', severity: 1, counts: counts({ opened: 1 }), buckets: {} },
      { day: '2026-11-01', program: 'premier', severity: 1, counts: counts(), buckets: { 5: 0 } },
      {
        day: '2026-11-01',
        program: 'basic',
        severity: 2,
        counts: counts({ opened: 3 }),
        buckets: { 10: 1, 9: 1, 100: 1 },
      },
      { day: '2026-11-01', program: 'basic', severity: 1, counts: counts(), buckets: { 7: 1 } },
    ];
    const sorted = sortRows(rows);
    expect(sorted.map((row) => [row.day, row.program, row.severity])).toEqual([
      ['2026-11-01', 'basic', 1],
      ['2026-11-01', 'basic', 2],
      ['2026-11-02', 'basic', 1],
    ]);
    expect(Object.keys(sorted[1]?.buckets ?? {})).toEqual(['9', '10', '100']);
    // Keys that are not integers keep their insertion order in an object: the sort is what orders them.
    const decimal = sortRows([{ ...rows[0], buckets: { 12.3: 1, 0.25: 1, 1.5: 1, 0.5: 1 } } as AggregateRow]);
    expect(Object.keys(decimal[0]?.buckets ?? {})).toEqual(['0.25', '0.5', '1.5', '12.3']);
    expect(sortRows([{ ...rows[0], counts: counts({ bestEffort: 1 }) } as AggregateRow])).toHaveLength(1);
    expect(sortRows([{ ...rows[0], counts: counts({ breached: -1 }) } as AggregateRow])).toHaveLength(1);
  });

  it('fold contributions into one row per day and cell', () => {
    expect(
      aggregate([met(), met({ bucket: '10' }), met({ day: '2026-11-02', state: 'breached', bucket: null })]),
    ).toEqual([
      {
        day: '2026-11-01',
        program: 'basic',
        severity: 2,
        counts: counts({ opened: 2, met: 2 }),
        buckets: { 10: 1, 30: 1 },
      },
      { day: '2026-11-02', program: 'basic', severity: 2, counts: counts({ opened: 1, breached: 1 }), buckets: {} },
    ]);
  });
});

describe('histogram percentiles', () => {
  it('ignore empty buckets, read keys as numbers, and answer the largest past 100 %', () => {
    expect(histogramPercentile({ 100: 1, 9: 1, 10: 0, 20: 1 }, 50)).toBe(20);
    expect(histogramPercentile({ 100: 1, 9: 1, 20: 1 }, 0)).toBe(9);
    expect(histogramPercentile({ 100: 1, 9: 1, 20: 1 }, 34)).toBe(20);
    expect(histogramPercentile({ 100: 1, 9: 1, 20: 1 }, 33)).toBe(9);
    expect(histogramPercentile({ 100: 1, 9: 1, 20: 1 }, 150)).toBe(100);
    expect(histogramPercentile({ 5: 0 }, 50)).toBeNull();
    // Nearest rank over counts: 9 of 10 values at 1, so p90 is 1 and p91 the last.
    expect(histogramPercentile({ 1: 9, 50: 1 }, 90)).toBe(1);
    expect(histogramPercentile({ 1: 9, 50: 1 }, 91)).toBe(50);
  });
});

describe('the report from rows', () => {
  const row = (day: string, severity: number, c: Partial<AggregateRow['counts']>, buckets = {}): AggregateRow => ({
    day,
    program: 'basic',
    severity,
    counts: counts(c),
    buckets,
  });

  it('merges the days of a cell, with p50 and p90 from the merged histogram', () => {
    const report = reportFromRows([
      row('2026-11-01', 2, { opened: 5, met: 5 }, { 1: 2, 2: 3 }),
      row('2026-11-02', 2, { opened: 6, met: 3, breached: 1, running: 1, bestEffort: 1 }, { 3: 3, 100: 2 }),
      row('2026-11-01', 1, { opened: 1, breached: 1 }),
    ]);
    expect(report).toEqual([
      {
        program: 'basic',
        severity: 1,
        opened: 1,
        met: 0,
        breached: 1,
        running: 0,
        bestEffort: 0,
        metPercent: 0,
        p50ResponseMinutes: null,
        p90ResponseMinutes: null,
      },
      {
        program: 'basic',
        severity: 2,
        opened: 11,
        met: 8,
        breached: 1,
        running: 1,
        bestEffort: 1,
        metPercent: 88.9,
        p50ResponseMinutes: 2,
        p90ResponseMinutes: 100,
      },
    ]);
  });

  it('moves overdue running tickets to breached only where the cell has running ones', () => {
    const report = reportFromRows(
      [row('2026-11-01', 2, { opened: 2, running: 1, bestEffort: 1 }), row('2026-11-01', 3, { opened: 1, met: 1 })],
      [
        { program: 'basic', severity: 2 },
        { program: 'basic', severity: 2 },
        { program: 'basic', severity: 3 },
        { program: 'premier', severity: 1 },
      ],
    );
    expect(report.map((r) => [r.severity, r.running, r.breached, r.met, r.metPercent])).toEqual([
      [2, 0, 1, 0, 0],
      [3, 0, 0, 1, 100],
    ]);
    expect(reportFromRows([row('2026-11-01', 2, { bestEffort: 1 })])).toEqual([]);
    expect(reportFromRows([row('2026-11-01', 2, { opened: 2, met: 1, breached: 1 })])[0]?.metPercent).toBe(50);
    expect(reportFromRows([row('2026-11-01', 2, { opened: 1, bestEffort: 1 })])[0]?.metPercent).toBeNull();
  });

  it('sorts programs by name and severities as numbers', () => {
    const rows = [
      { ...row('2026-11-01', 10, { opened: 1 }), program: 'premier' },
      row('2026-11-01', 10, { opened: 1 }),
      row('2026-11-01', 9, { opened: 1 }),
    ];
    expect(reportFromRows(rows).map((r) => `${r.program}${r.severity}`)).toEqual(['basic9', 'basic10', 'premier10']);
  });
});

describe('splitting a range into UTC days', () => {
  it('keeps an edge only where the range does not start or end at midnight', () => {
    expect(splitByDays('2026-11-01T00:00:00.000Z', '2026-11-02T06:00:00.000Z')).toEqual({
      days: ['2026-11-01'],
      edges: [['2026-11-02T00:00:00.000Z', '2026-11-02T06:00:00.000Z']],
    });
    expect(splitByDays('2026-11-01T18:00:00.000Z', '2026-11-03T00:00:00.000Z')).toEqual({
      days: ['2026-11-02'],
      edges: [['2026-11-01T18:00:00.000Z', '2026-11-02T00:00:00.000Z']],
    });
    // One partial day across midnight holds no whole day: one edge, the range itself.
    expect(splitByDays('2026-11-01T18:00:00.000Z', '2026-11-02T06:00:00.000Z')).toEqual({
      days: [],
      edges: [['2026-11-01T18:00:00.000Z', '2026-11-02T06:00:00.000Z']],
    });
    expect(splitByDays('2026-11-01T00:00:00.000Z', '2026-11-02T00:00:00.000Z')).toEqual({
      days: ['2026-11-01'],
      edges: [],
    });
  });
});
