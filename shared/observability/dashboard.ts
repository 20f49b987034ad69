/**
 * The dashboard, described once as plain data (DESIGN §10): rows of widgets with their titles, sizes,
 * metrics and custom-widget params. The CDK construct builds the CloudWatch dashboard from it and the
 * local board lays out the same page from it, so the two cannot drift. No AWS imports.
 */
import type { BoardView } from '../board/views.ts';
import type { MetricKey } from './catalog.ts';

/** CloudWatch's grid: 24 columns; heights in the same units (one unit is about 30 px in the console). */
export const GRID_COLUMNS = 24;

/**
 * One line (or one line per dimension combination) of a graph, from the metric catalog:
 * `each` draws one line per program/severity it was emitted with, `total` sums them into one,
 * `service` reads a metric that has no dimension but Powertools' `service`.
 */
export interface MetricLine {
  metric: MetricKey;
  statistic: 'Sum' | 'p50' | 'p90';
  series: 'each' | 'total' | 'service';
  label?: string;
}

interface Placed {
  /** Stable id: the local board's element and endpoint name. */
  id: string;
  title: string;
  width: number;
  height: number;
}

/** A custom widget served by the `board` function; `params` become the invocation's params. */
export interface BoardWidget extends Placed {
  type: 'board';
  params: { view: Exclude<BoardView, 'ticket'>; limit?: number };
}

/** A graph of the service's own metrics (its Embedded Metric Format output). */
export interface MetricWidget extends Placed {
  type: 'metric';
  lines: readonly MetricLine[];
  stacked?: boolean;
}

/** A widget of AWS's own metrics (Lambda, SQS, API Gateway, alarms): drawn by the console only. */
export interface AwsWidget extends Placed {
  type: 'aws';
  source: 'functionErrors' | 'functionDuration' | 'deadLetters' | 'apiStatus' | 'alarms';
}

export type WidgetSpec = BoardWidget | MetricWidget | AwsWidget;

export interface DashboardSpec {
  /** The CloudWatch dashboard is named `<name>-<environment>`. */
  name: string;
  /** The metric widgets' period. */
  periodSeconds: number;
  /** The time range the dashboard opens with. */
  defaultRangeHours: number;
  /** How often the local board refreshes its widgets (the console refreshes on its own settings). */
  refreshSeconds: number;
  rows: readonly (readonly WidgetSpec[])[];
}

const wide = { width: 12, height: 6 } as const;

export const dashboard: DashboardSpec = {
  name: 'SupportSlaMonitor',
  periodSeconds: 300,
  defaultRangeHours: 24,
  refreshSeconds: 10,
  rows: [
    [
      {
        type: 'board',
        id: 'at-risk',
        title: 'At risk: running SLA clocks, soonest deadline first',
        width: 12,
        height: 8,
        params: { view: 'at_risk', limit: 12 },
      },
      {
        type: 'board',
        id: 'breached',
        title: 'Breached: open tickets past their deadline',
        width: 12,
        height: 8,
        params: { view: 'breached', limit: 12 },
      },
    ],
    [
      {
        type: 'board',
        id: 'compliance',
        title: 'Compliance by program and severity (dashboard time range)',
        width: 24,
        height: 7,
        params: { view: 'compliance' },
      },
    ],
    [
      {
        type: 'metric',
        id: 'tickets-opened',
        title: 'Tickets opened by program and severity',
        ...wide,
        lines: [{ metric: 'ticketsOpened', statistic: 'Sum', series: 'each' }],
        stacked: true,
      },
      {
        type: 'metric',
        id: 'first-response',
        title: 'First response (minutes on the SLA clock), p50 and p90 by program',
        ...wide,
        lines: [
          { metric: 'firstResponseMinutes', statistic: 'p50', series: 'each', label: 'p50' },
          { metric: 'firstResponseMinutes', statistic: 'p90', series: 'each', label: 'p90' },
        ],
      },
    ],
    [
      {
        type: 'metric',
        id: 'met-breached',
        title: 'Response objective met vs breached',
        ...wide,
        lines: [
          { metric: 'slaMet', statistic: 'Sum', series: 'total', label: 'met' },
          { metric: 'slaBreached', statistic: 'Sum', series: 'total', label: 'breached' },
        ],
      },
      {
        type: 'metric',
        id: 'alerts',
        title: 'Alerts sent and mail failures',
        ...wide,
        lines: [
          { metric: 'warningsSent', statistic: 'Sum', series: 'service' },
          { metric: 'breachAlertsSent', statistic: 'Sum', series: 'service' },
          { metric: 'mailSendFailures', statistic: 'Sum', series: 'service' },
        ],
      },
    ],
    [
      {
        type: 'metric',
        id: 'timers',
        title: 'Timers: stale firings ignored, work the sweeper caught, tickets it backs off, aggregated records',
        ...wide,
        lines: [
          { metric: 'timerNoOps', statistic: 'Sum', series: 'service' },
          { metric: 'sweeperFoundWork', statistic: 'Sum', series: 'service' },
          { metric: 'sweeperTicketFailures', statistic: 'Sum', series: 'service' },
          { metric: 'sweeperPoisonedTickets', statistic: 'Sum', series: 'service' },
          { metric: 'aggregatedRecords', statistic: 'Sum', series: 'service' },
        ],
      },
      { type: 'aws', id: 'dead-letters', title: 'Dead-letter queue depth', ...wide, source: 'deadLetters' },
    ],
    [
      { type: 'aws', id: 'function-errors', title: 'Function errors', ...wide, source: 'functionErrors' },
      {
        type: 'aws',
        id: 'function-duration',
        title: 'Function duration p90 (ms)',
        ...wide,
        source: 'functionDuration',
      },
    ],
    [
      { type: 'aws', id: 'api-status', title: 'API 4xx and 5xx', ...wide, source: 'apiStatus' },
      { type: 'aws', id: 'alarms', title: 'Alarms', ...wide, source: 'alarms' },
    ],
  ],
};

export type PlacedWidget = WidgetSpec & { x: number; y: number };

/**
 * Where each widget sits: left to right in its row, each row below the tallest widget of the one above,
 * which is how CloudWatch places a dashboard's rows of widgets.
 */
export function layout(spec: DashboardSpec = dashboard): PlacedWidget[] {
  const placed: PlacedWidget[] = [];
  let y = 0;
  for (const row of spec.rows) {
    let x = 0;
    for (const widget of row) {
      if (x + widget.width > GRID_COLUMNS) throw new RangeError(`row at y=${y} is wider than ${GRID_COLUMNS} columns`);
      placed.push({ ...widget, x, y });
      x += widget.width;
    }
    y += Math.max(0, ...row.map((widget) => widget.height));
  }
  return placed;
}

export const boardWidgets = (spec: DashboardSpec = dashboard): BoardWidget[] =>
  spec.rows.flat().filter((widget): widget is BoardWidget => widget.type === 'board');
