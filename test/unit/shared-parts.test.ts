/**
 * Small shared parts called directly (issue 14): the dashboard's grid layout, a connection as the admin API
 * shows it, and the metrics middleware and telemetry over real Powertools instances.
 */
import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Connection, connectionView, reachesAccount, secretFingerprint } from '#shared/connections/connection.ts';
import { boardWidgets, type DashboardSpec, dashboard, GRID_COLUMNS, layout } from '#shared/observability/dashboard.ts';
import { logger, metrics, telemetry } from '#shared/observability/powertools.ts';
import { publishMetrics } from '#shared/observability/publish-metrics.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the dashboard layout', () => {
  const widget = (id: string, width: number, height: number) =>
    ({ type: 'aws', id, title: id, width, height, source: 'alarms' }) as const;

  it('places widgets left to right, each row below the tallest widget of the row above', () => {
    const spec: DashboardSpec = {
      ...dashboard,
      rows: [[widget('a', 8, 3), widget('b', 16, 5)], [], [widget('c', 24, 2)], [widget('d', 1, 1)]],
    };
    expect(layout(spec).map(({ id, x, y }) => ({ id, x, y }))).toEqual([
      { id: 'a', x: 0, y: 0 },
      { id: 'b', x: 8, y: 0 },
      { id: 'c', x: 0, y: 5 },
      { id: 'd', x: 0, y: 7 },
    ]);
  });

  it('refuses a row wider than the grid', () => {
    expect(GRID_COLUMNS).toBe(24);
    const spec = { ...dashboard, rows: [[widget('a', 6, 1)], [widget('b', 20, 1), widget('c', 5, 1)]] };
    expect(() => layout(spec)).toThrow(new RangeError('row at y=1 is wider than 24 columns'));
  });

  it('lays out the service dashboard and lists its board widgets', () => {
    const placed = layout();
    expect(placed.length).toBe(dashboard.rows.flat().length);
    for (const item of placed) expect(item.x + item.width).toBeLessThanOrEqual(GRID_COLUMNS);
    const boards = boardWidgets();
    expect(boards.length).toBeGreaterThan(0);
    expect(boards.every((board) => board.type === 'board')).toBe(true);
    expect(boards).toEqual(dashboard.rows.flat().filter((item) => item.type === 'board'));
  });
});

describe('a connection as the admin API shows it', () => {
  const connection: Connection = {
    connectionId: 'zd-1',
    source: 'zendesk',
    secrets: ['first-secret', 'second-secret'],
    organizations: {},
    defaultSupportId: null,
    severities: {},
    agents: [],
    accounts: null,
    access: 'write',
    createdAt: '2026-03-02T10:00:00.000Z',
    updatedAt: '2026-03-02T10:00:00.000Z',
  };

  it('replaces the secrets by their SHA-256 fingerprints and gives a webhook path to ticket systems only', () => {
    // printf 'first-secret' | openssl dgst -sha256
    expect(secretFingerprint('first-secret')).toBe('e0a5091e7f566a51018100473bf5078fe614e6dde73a7592c1161ecd6ec3826a');
    const { secrets: _secrets, ...rest } = connection;
    expect(connectionView(connection)).toEqual({
      ...rest,
      secretFingerprints: [secretFingerprint('first-secret'), secretFingerprint('second-secret')],
      webhookPath: '/webhooks/zd-1',
    });
    expect(JSON.stringify(connectionView(connection))).not.toContain('first-secret');
    expect(connectionView({ ...connection, source: 'native' })).not.toHaveProperty('webhookPath');
  });

  it('reaches every account without a list, else only those listed', () => {
    expect(reachesAccount({ accounts: null }, 'S1')).toBe(true);
    expect(reachesAccount({ accounts: ['S1'] }, 'S1')).toBe(true);
    expect(reachesAccount({ accounts: ['S1'] }, 'S2')).toBe(false);
    expect(reachesAccount({ accounts: [] }, 'S1')).toBe(false);
  });
});

describe('metrics and logs', () => {
  it('publishes stored metrics after a request and on an error, and nothing when there are none', async () => {
    const own = new Metrics({ namespace: 'Test', serviceName: 'test' });
    const published = vi.spyOn(own, 'publishStoredMetrics').mockImplementation(() => own);
    const middleware = publishMetrics(own);
    await middleware.after?.({} as never);
    expect(published).not.toHaveBeenCalled();
    own.addMetric('X', 'Count', 1);
    await middleware.after?.({} as never);
    await middleware.onError?.({} as never);
    expect(published).toHaveBeenCalledTimes(2);
  });

  it('counts by the catalog name, as its own record when it has dimensions, and logs with attributes', () => {
    const added = vi.spyOn(metrics, 'addMetric').mockImplementation(() => metrics);
    const single = { addDimensions: vi.fn(), addMetric: vi.fn() };
    vi.spyOn(metrics, 'singleMetric').mockReturnValue(single as never);
    telemetry.count('slaMet');
    telemetry.count('ticketsOpened', 3, {});
    expect(added.mock.calls).toEqual([
      ['SlaMet', 'Count', 1],
      ['TicketsOpened', 'Count', 3],
    ]);
    telemetry.count('slaBreached', 2, { Program: 'gold' });
    expect(single.addDimensions).toHaveBeenCalledWith({ Program: 'gold' });
    expect(single.addMetric).toHaveBeenCalledWith('SlaBreached', 'Count', 2);
    expect(added).toHaveBeenCalledTimes(2);
    const info = vi.spyOn(logger, 'info').mockImplementation(() => undefined);
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    const error = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    telemetry.info('i');
    telemetry.warn('w', { a: 1 });
    telemetry.error('e');
    expect(info).toHaveBeenCalledWith('i', {});
    expect(warn).toHaveBeenCalledWith('w', { a: 1 });
    expect(error).toHaveBeenCalledWith('e', {});
  });
});
