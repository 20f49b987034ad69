/**
 * A CloudWatch custom widget invocation (DESIGN §10) → one of the board's views. The console sends
 * `{"widgetContext": {...}, ...params}`; the params choose the view. No AWS imports: the board function,
 * the local board and the bench all come through here, with the ticket service as the only source.
 */
import type { Zone } from 'luxon';
import * as z from 'zod';
import type { Policy } from '../policy/schema.ts';
import type { OpenListState } from '../ports.ts';
import type { ReportRow } from '../tickets/report.ts';
import type { HistoryEvent, Ticket } from '../tickets/ticket.ts';
import type { Clock } from '../time/clock.ts';
import { DAY_MS, zoneOf } from '../time/local-days.ts';
import type { Html } from './html.ts';
import {
  atRiskView,
  boardViews,
  breachedView,
  complianceView,
  problemView,
  ticketDetailView,
  type ViewerContext,
} from './views.ts';

/** What the views read: the same use cases as the API (`GET /reports/sla` is `report`). */
export interface BoardSource {
  openTickets(state: OpenListState): Promise<Ticket[]>;
  ticketWithHistory(ticketId: string): Promise<{ ticket: Ticket; history: HistoryEvent[] } | undefined>;
  report(from: string, to: string): Promise<ReportRow[]>;
}

export interface WidgetDeps {
  source: BoardSource;
  policy: Policy;
  clock: Clock;
}

export const DEFAULT_LIMIT = 25;
/** `GET /reports/sla` accepts at most 366 days (DESIGN §4.1); a longer dashboard range shows its last 366. */
const MAX_REPORT_DAYS = 366;

const timeRange = z.looseObject({
  start: z.number(),
  end: z.number(),
  zoom: z.looseObject({ start: z.number(), end: z.number() }).optional(),
});

const widgetContext = z.looseObject({
  timezone: z.looseObject({ label: z.string().optional(), offsetISO: z.string().optional() }).optional(),
  timeRange: timeRange.optional(),
  width: z.number().optional(),
});

export const widgetEvent = z.looseObject({
  describe: z.boolean().optional(),
  widgetContext: widgetContext.optional(),
  view: z.enum(boardViews),
  ticketId: z.string().min(1).max(200).optional(),
  limit: z.number().int().min(1).max(500).optional(),
});
export type WidgetEvent = z.infer<typeof widgetEvent>;

export const DESCRIPTION = `## SLA board (Support SLA Monitor)
Params: \`{"view": "at_risk" | "breached" | "compliance" | "ticket", "ticketId"?: "...", "limit"?: 25}\`.
\`at_risk\`: running tickets, soonest deadline first. \`breached\`: open tickets past their deadline, most overdue first.
\`compliance\`: program × severity over the dashboard's time range. \`ticket\`: one ticket's SLA and history.`;

/**
 * The console names the dashboard's zone `UTC` or `Local` with its offset; the local board may name an
 * IANA zone, whose daylight-saving changes then show too.
 */
export function viewerZone(timezone: { label?: string | undefined; offsetISO?: string | undefined } | undefined): {
  zone: Zone;
  label: string;
} {
  const label = timezone?.label;
  if (label && label !== 'Local') {
    const named = zoneOf(label);
    if (named) return { zone: named, label };
  }
  const offset = timezone?.offsetISO;
  if (offset && /^[+-]\d\d:\d\d$/.test(offset) && offset !== '+00:00' && offset !== '-00:00') {
    const fixed = zoneOf(`UTC${offset}`);
    if (fixed) return { zone: fixed, label: `UTC${offset}` };
  }
  return { zone: zoneOf('UTC') as Zone, label: 'UTC' };
}

/** The dashboard's time range (its zoom when zoomed), capped to what the report accepts; default: 7 days. */
export function reportRange(context: WidgetEvent['widgetContext'], now: Date): { from: string; to: string } {
  const range = context?.timeRange?.zoom ?? context?.timeRange;
  const end = range ? Math.min(range.end, now.getTime()) : now.getTime();
  const start = range ? Math.max(range.start, end - MAX_REPORT_DAYS * DAY_MS) : end - 7 * DAY_MS;
  return { from: new Date(Math.min(start, end)).toISOString(), to: new Date(end).toISOString() };
}

/** Renders one invocation; params that name no view, or a ticket view without its id, get a clear message. */
export async function renderWidget(event: unknown, deps: WidgetDeps, endpoint: string): Promise<string> {
  if ((event as { describe?: unknown } | null)?.describe === true) return DESCRIPTION;
  const parsed = widgetEvent.safeParse(event);
  if (!parsed.success) {
    return problemView(
      'expected {"view": "at_risk" | "breached" | "compliance" | "ticket", "ticketId"?, "limit"?}',
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(event)'}: ${issue.message}`),
    ).text;
  }
  const params = parsed.data;
  const now = deps.clock();
  const { zone, label } = viewerZone(params.widgetContext?.timezone);
  const context: ViewerContext = {
    now,
    zone,
    zoneLabel: label,
    policy: deps.policy,
    endpoint,
    limit: params.limit ?? DEFAULT_LIMIT,
    width: params.widgetContext?.width ?? 1200,
  };
  const html: Html = await (async () => {
    switch (params.view) {
      case 'at_risk':
        return atRiskView(await deps.source.openTickets('running'), context);
      case 'breached':
        return breachedView(await deps.source.openTickets('breached'), context);
      case 'compliance': {
        const range = reportRange(params.widgetContext, now);
        return complianceView(await deps.source.report(range.from, range.to), range, context);
      }
      case 'ticket': {
        if (!params.ticketId) return problemView('the ticket view needs a "ticketId"');
        const found = await deps.source.ticketWithHistory(params.ticketId);
        return ticketDetailView(found?.ticket, found?.history ?? [], context);
      }
    }
  })();
  return html.text;
}
