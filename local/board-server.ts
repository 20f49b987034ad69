/**
 * The local SLA board (DESIGN §10): one page that lays out the same dashboard description as the CDK
 * stack. Its custom widgets are drawn by the `board` function through the local invoker, exactly as the
 * console invokes it; its graphs come from the functions' EMF output; the page refreshes itself by polling.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { DateTime } from 'luxon';
import { html, jsonText } from '../shared/board/html.ts';
import { type DashboardSpec, dashboard, layout, type MetricWidget } from '../shared/observability/dashboard.ts';
import type { Clock } from '../shared/time/clock.ts';
import { zoneOf } from '../shared/time/local-days.ts';
import { FunctionError, type Invoker, LOCAL_ACCOUNT_ID } from './invoker.ts';
import { listen } from './listen.ts';
import type { LocalMetrics } from './metrics.ts';

export interface BoardServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  invoker: Invoker;
  metrics: LocalMetrics;
  clock: Clock;
  spec?: DashboardSpec;
  /** The environment the dashboard is named after, as `SupportSlaMonitor-<environment>` in AWS. */
  environmentName?: string;
}

export interface BoardServer {
  url: string;
  close(): Promise<void>;
}

const require = createRequire(import.meta.url);
const MAX_ACTION_BYTES = 4096;

const assets: Record<string, { file: () => string; type: string }> = {
  '/board.js': { file: () => new URL('./board/client.js', import.meta.url).pathname, type: 'text/javascript' },
  '/board.css': { file: () => new URL('./board/board.css', import.meta.url).pathname, type: 'text/css' },
  '/vendor/uPlot.iife.min.js': { file: () => require.resolve('uplot/dist/uPlot.iife.min.js'), type: 'text/javascript' },
  '/vendor/uPlot.min.css': { file: () => require.resolve('uplot/dist/uPlot.min.css'), type: 'text/css' },
};

/** The viewer's settings from the page's query: zone, time range and the widget's width in pixels. */
function viewerOf(url: URL, clock: Clock) {
  const tzName = url.searchParams.get('tz') ?? 'UTC';
  const zone = zoneOf(tzName) ?? zoneOf('UTC');
  const number = (name: string) => {
    const value = Number(url.searchParams.get(name));
    return url.searchParams.has(name) && Number.isFinite(value) ? value : undefined;
  };
  const end = number('end') ?? clock().getTime();
  const start = number('start') ?? end - dashboard.defaultRangeHours * 3_600_000;
  const local = DateTime.fromMillis(end, { zone: zone ?? 'UTC' });
  return {
    tz: zone ? tzName : 'UTC',
    offsetMinutes: local.offset,
    offsetISO: local.toFormat('ZZ'),
    start,
    end,
    width: number('width'),
  };
}

function widgetContext(
  viewer: ReturnType<typeof viewerOf>,
  extra: { widgetId: string; title: string; params: object },
) {
  return {
    dashboardName: `${dashboard.name}-local`,
    widgetId: extra.widgetId,
    accountId: LOCAL_ACCOUNT_ID,
    locale: 'en',
    // The console names only "UTC" or "Local" with an offset; here the browser's own zone is known.
    timezone: { label: viewer.tz, offsetISO: viewer.offsetISO, offsetInMinutes: -viewer.offsetMinutes },
    period: dashboard.periodSeconds,
    isAutoPeriod: true,
    timeRange: { mode: 'relative', start: viewer.start, end: viewer.end, relativeStart: viewer.end - viewer.start },
    theme: 'light',
    linkCharts: true,
    title: extra.title,
    forms: { all: {} },
    params: extra.params,
    width: viewer.width ?? 1200,
    height: 400,
  };
}

/** Like the console's auto period: the dashboard's period, made coarser until the range has at most 150 points. */
export function autoPeriodMs(range: { start: number; end: number }, spec: DashboardSpec): number {
  const periods = [spec.periodSeconds, 900, 3600, 6 * 3600, 86_400].filter((seconds) => seconds >= spec.periodSeconds);
  const span = Math.max(0, range.end - range.start);
  return (periods.find((seconds) => span / (seconds * 1000) <= 150) ?? 86_400) * 1000;
}

function page(spec: DashboardSpec, environmentName: string): string {
  const widgets = layout(spec);
  const cells = widgets.map(
    (widget) => html`<section class="widget widget-${widget.type}" data-widget="${widget.id}" data-type="${widget.type}"
 style="grid-column:${widget.x + 1} / span ${widget.width};grid-row:${widget.y + 1} / span ${widget.height}">
<header><h2>${widget.title}</h2></header><div class="body">${
      widget.type === 'aws'
        ? html`<p class="aws-only">Drawn by the CloudWatch console after <code>cdk deploy</code> from AWS's own metrics (${widget.source}); the local stack has none.</p>`
        : html`<p class="loading">Loading…</p>`
    }</div></section>`,
  );
  const client = { refreshSeconds: spec.refreshSeconds, defaultRangeHours: spec.defaultRangeHours, widgets };
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${spec.name}-${environmentName} · SLA board</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="/vendor/uPlot.min.css"><link rel="stylesheet" href="/board.css">
</head><body>
<nav class="console"><span class="brand">CloudWatch</span><span class="crumbs">Dashboards › ${spec.name}-${environmentName}</span>
<span class="controls"><label>Time range <select id="range">
${[1, 3, 12, 24, 72, 168, 720, 2160].map((hours) => html`<option value="${hours}">${hours < 24 ? `${hours} h` : `${hours / 24} d`}</option>`)}
</select></label><span id="zone"></span><span id="updated" aria-live="polite"></span></span></nav>
<main class="grid">${cells}</main>
<dialog id="popup"><form method="dialog"><button class="close" aria-label="Close">×</button></form><div class="popup-body"></div></dialog>
<script type="application/json" id="board-spec">${jsonText(client)}</script>
<script src="/vendor/uPlot.iife.min.js"></script><script src="/board.js"></script>
</body></html>`.text;
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer): void {
  response.writeHead(status, {
    'Content-Type': `${type}; charset=utf-8`,
    'Cache-Control': 'no-store',
    // Widget HTML never runs script: the page's own two scripts are the only ones it may load.
    'Content-Security-Policy':
      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'",
    'X-Content-Type-Options': 'nosniff',
  });
  response.end(body);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_ACTION_BYTES) throw new RangeError('payload too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startBoardServer(options: BoardServerOptions): Promise<BoardServer> {
  const spec = options.spec ?? dashboard;
  const environmentName = options.environmentName ?? 'local';
  const widgets = new Map(layout(spec).map((widget) => [widget.id, widget]));

  const renderWidget = async (event: object): Promise<string> => {
    const result = await options.invoker.invoke('board', event);
    return typeof result === 'string' ? result : JSON.stringify(result);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://board.local');
    const asset = assets[url.pathname];
    if (request.method === 'GET' && asset) return send(response, 200, asset.type, await readFile(asset.file()));
    if (request.method === 'GET' && url.pathname === '/')
      return send(response, 200, 'text/html', page(spec, environmentName));

    const viewer = viewerOf(url, options.clock);
    const [, kind, id] = url.pathname.split('/');
    if (request.method === 'GET' && kind === 'widgets' && id) {
      const widget = widgets.get(id);
      if (widget?.type !== 'board')
        return send(
          response,
          404,
          'application/json',
          JSON.stringify({ error: 'unknown_widget', message: `no board widget ${id}` }),
        );
      // `?limit=` lets a bench or a big screen show longer lists than the dashboard's own.
      const limit = Number(url.searchParams.get('limit'));
      const params = { ...widget.params, ...(Number.isInteger(limit) && limit > 0 && limit <= 500 ? { limit } : {}) };
      const event = { widgetContext: widgetContext(viewer, { widgetId: id, title: widget.title, params }), ...params };
      return send(response, 200, 'text/html', await renderWidget(event));
    }
    if (request.method === 'GET' && kind === 'metrics' && id) {
      const widget = widgets.get(id);
      if (widget?.type !== 'metric')
        return send(
          response,
          404,
          'application/json',
          JSON.stringify({ error: 'unknown_widget', message: `no metric widget ${id}` }),
        );
      const set = options.metrics.series((widget as MetricWidget).lines, viewer, autoPeriodMs(viewer, spec));
      return send(response, 200, 'application/json', JSON.stringify(set));
    }
    if (request.method === 'POST' && url.pathname === '/action') {
      // A cwdb-action click: its params are the invocation's, as the console sends them to the endpoint.
      let params: unknown;
      try {
        params = JSON.parse(await readBody(request));
      } catch (error) {
        return send(
          response,
          400,
          'application/json',
          JSON.stringify({
            error: 'invalid_request',
            message: `the action's params are not JSON of at most ${MAX_ACTION_BYTES} bytes`,
            details: [String(error)],
          }),
        );
      }
      if (typeof params !== 'object' || params === null || Array.isArray(params)) {
        return send(
          response,
          400,
          'application/json',
          JSON.stringify({ error: 'invalid_request', message: "the action's params must be a JSON object" }),
        );
      }
      const event = { ...params, widgetContext: widgetContext(viewer, { widgetId: 'popup', title: 'Ticket', params }) };
      return send(response, 200, 'text/html', await renderWidget(event));
    }
    return send(
      response,
      404,
      'application/json',
      JSON.stringify({ error: 'not_found', message: `no ${request.method} ${url.pathname} on the board` }),
    );
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const message = error instanceof FunctionError ? `${error.errorType}: ${error.message}` : String(error);
      if (!response.headersSent)
        send(response, 502, 'application/json', JSON.stringify({ error: 'board_failed', message }));
      else response.end();
    });
  });
  const port = await listen(server, options.port, options.host);
  return {
    url: `http://${options.host}:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
