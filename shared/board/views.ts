/**
 * The SLA board's views (DESIGN §10), as HTML for a CloudWatch custom widget: CloudWatch's own table
 * styles, `cwdb-action` links for drill-down, no script. Pure: tickets, report rows and the viewer's
 * context in, markup out. Deadlines are shown in the viewer's zone; the time left is counted on the
 * ticket's own clock (business hours as business hours), with the rules layer's clock.
 */
import { DateTime, type Zone } from 'luxon';
import type { Policy } from '../policy/schema.ts';
import { programClock } from '../sla/objective.ts';
import { ms } from '../sla/types.ts';
import type { ReportRow } from '../tickets/report.ts';
import type { HistoryEvent, Ticket } from '../tickets/ticket.ts';
import { MINUTE_MS } from '../time/local-days.ts';
import { type Html, html, jsonText, raw } from './html.ts';

export const boardViews = ['at_risk', 'breached', 'compliance', 'ticket'] as const;
export type BoardView = (typeof boardViews)[number];

export interface ViewerContext {
  now: Date;
  /** The dashboard's time zone, where deadlines are shown. */
  zone: Zone;
  /** How the zone is named on the widget (`UTC`, `Europe/Paris`, `UTC+01:00`). */
  zoneLabel: string;
  policy: Policy;
  /** What a `cwdb-action` calls: the board function's ARN in the console. */
  endpoint: string;
  /** Rows a list shows before "and N more". */
  limit: number;
  /** The widget's width in pixels: a narrow widget drops the subject column. */
  width: number;
}

const NARROW_PX = 640;

/** Whole minutes as `42 min`, `3 h 05 min` or `2 d 4 h`. */
export function formatMinutes(minutes: number): string {
  const whole = Math.max(0, Math.floor(minutes));
  if (whole < 60) return `${whole} min`;
  const hours = Math.floor(whole / 60);
  if (hours < 48) return `${hours} h ${String(whole % 60).padStart(2, '0')} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** An instant in the viewer's zone, as a support lead reads it: `Tue 3 Mar 14:30`. */
export function formatInstant(instant: string, zone: Zone): string {
  return DateTime.fromMillis(ms(instant), { zone }).toFormat('ccc d LLL HH:mm');
}

/** Minutes on the ticket's own clock between two instants: business minutes on a business clock. */
function clockMinutes(ticket: Ticket, policy: Policy, from: number, to: number): number {
  if (ticket.sla.clock === 'business') {
    try {
      const clock = programClock(policy, ticket.program, ticket.calendar);
      if (clock) return clock.minutesBetween(from, to);
    } catch {
      // A program the policy no longer has: fall back to wall time rather than hide the ticket.
    }
  }
  return Math.max(0, to - from) / MINUTE_MS;
}

const clockNote = (ticket: Ticket) =>
  ticket.sla.clock === 'business' ? html` <span class="muted">business</span>` : '';

/** A ticket id that opens the ticket view in a popup, in the console and on the local board alike. */
function ticketLink(ticketId: string, context: ViewerContext): Html {
  return html`<a class="btn ticket-link">${ticketId.slice(0, 8)}</a><cwdb-action action="call" endpoint="${context.endpoint}" display="popup" event="click">${jsonText({ view: 'ticket', ticketId })}</cwdb-action>`;
}

function severityBadge(severity: number): Html {
  return html`<span class="sev sev${severity}">S${severity}</span>`;
}

/** The rows a list shows, and the line that says how many it left out. */
function capped<T>(items: readonly T[], limit: number): { shown: readonly T[]; more: Html | '' } {
  if (items.length <= limit) return { shown: items, more: '' };
  return { shown: items.slice(0, limit), more: html`<p class="more">and ${items.length - limit} more</p>` };
}

const STYLE = raw(`<style>
.sla-board{font-family:"Amazon Ember","Helvetica Neue",Roboto,Arial,sans-serif;font-size:13px;color:#16191f}
.sla-board table{border-collapse:collapse;width:100%}
.sla-board th{text-align:left;font-weight:700;color:#545b64;border-bottom:1px solid #d5dbdb;padding:4px 8px;white-space:nowrap}
.sla-board td{border-bottom:1px solid #eaeded;padding:4px 8px;vertical-align:top;white-space:nowrap}
.sla-board td.num,.sla-board th.num{text-align:right;font-variant-numeric:tabular-nums}
.sla-board .muted{color:#687078;font-size:12px}
.sla-board .summary{margin:0 0 6px;color:#545b64}
.sla-board .more{margin:6px 8px;color:#545b64;font-style:italic}
.sla-board .empty{margin:16px 8px;color:#687078}
.sla-board .sev{display:inline-block;min-width:22px;text-align:center;border-radius:2px;padding:0 4px;font-weight:700;color:#fff}
.sla-board .sev1{background:#d13212}.sla-board .sev2{background:#ec7211}.sla-board .sev3{background:#0073bb}.sla-board .sev4{background:#687078}
.sla-board tr.warned td{background:#fff7e6}
.sla-board .late{color:#d13212;font-weight:700}
.sla-board .soon{color:#b7560b;font-weight:700}
.sla-board .ok{color:#1d8102;font-weight:700}
.sla-board .bar{display:inline-block;height:8px;background:#eaeded;width:60px;margin-left:6px;vertical-align:middle}
.sla-board .bar span{display:block;height:8px}
.sla-board .subject,.sla-board .account{max-width:190px;overflow:hidden;text-overflow:ellipsis}
.sla-board .account{max-width:120px}
.sla-board ol.timeline{list-style:none;margin:8px 0;padding:0 0 0 14px;border-left:2px solid #d5dbdb}
.sla-board ol.timeline li{margin:0 0 8px;position:relative}
.sla-board ol.timeline li::before{content:"";position:absolute;left:-20px;top:4px;width:10px;height:10px;border-radius:50%;background:#0073bb}
.sla-board ol.timeline li.breached::before{background:#d13212}.sla-board ol.timeline li.responded::before{background:#1d8102}
.sla-board dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:6px 0}
.sla-board dt{color:#545b64}.sla-board dd{margin:0}
</style>`);

const frame = (body: Html | readonly Html[]) => html`${STYLE}<div class="sla-board">${body}</div>`;

/** `at_risk` (DESIGN §10): running tickets, soonest deadline first; those past their warning stand out. */
export function atRiskView(tickets: readonly Ticket[], context: ViewerContext): Html {
  const now = context.now.getTime();
  const running = tickets.filter((ticket) => ticket.sla.state === 'running' && ticket.sla.deadline !== null);
  if (running.length === 0) return frame(html`<p class="empty">No running SLA clocks: nothing is at risk.</p>`);
  const warned = running.filter((ticket) => ticket.sla.warnAt !== null && ms(ticket.sla.warnAt) <= now).length;
  const narrow = context.width < NARROW_PX;
  const { shown, more } = capped(running, context.limit);
  const rows = shown.map((ticket) => {
    const deadline = ticket.sla.deadline as string;
    const left = clockMinutes(ticket, context.policy, now, ms(deadline));
    const isWarned = ticket.sla.warnAt !== null && ms(ticket.sla.warnAt) <= now;
    return html`<tr class="${isWarned ? 'warned' : ''}" data-ticket="${ticket.ticketId}">
<td>${ticketLink(ticket.ticketId, context)}</td>
${narrow ? '' : html`<td class="subject" title="${ticket.subject}">${ticket.subject}</td>`}
<td class="account" title="${ticket.account.name}">${ticket.account.name}</td>
<td>${severityBadge(ticket.severity)} <span class="muted">${ticket.program}</span></td>
<td title="${deadline}">${formatInstant(deadline, context.zone)}</td>
<td class="num"><span class="${isWarned ? 'soon' : ''}">${formatMinutes(left)}</span>${clockNote(ticket)}</td></tr>`;
  });
  return frame(html`<p class="summary">${running.length} running, ${warned} past their warning</p>
<table><thead><tr><th>Ticket</th>${narrow ? '' : html`<th>Subject</th>`}<th>Account</th><th>Severity</th>
<th>Deadline (${context.zoneLabel})</th><th class="num">Time left</th></tr></thead><tbody>${rows}</tbody></table>${more}`);
}

/** `breached` (DESIGN §10): open tickets past their deadline, most overdue first. */
export function breachedView(tickets: readonly Ticket[], context: ViewerContext): Html {
  const now = context.now.getTime();
  // A breach stands even when a later, less severe change moved the deadline out (DESIGN §3).
  const breachedAt = (ticket: Ticket) => ms((ticket.sla.breachedAt ?? ticket.sla.deadline) as string);
  const breached = tickets
    .filter(
      (ticket) => ticket.sla.state === 'breached' || (ticket.sla.deadline !== null && ms(ticket.sla.deadline) < now),
    )
    .sort((a, b) => breachedAt(a) - breachedAt(b));
  if (breached.length === 0) return frame(html`<p class="empty">No open ticket is past its deadline.</p>`);
  const narrow = context.width < NARROW_PX;
  const { shown, more } = capped(breached, context.limit);
  const rows = shown.map((ticket) => {
    const deadline = (ticket.sla.breachedAt ?? ticket.sla.deadline) as string;
    const overdue = clockMinutes(ticket, context.policy, breachedAt(ticket), now);
    return html`<tr data-ticket="${ticket.ticketId}">
<td>${ticketLink(ticket.ticketId, context)}</td>
${narrow ? '' : html`<td class="subject" title="${ticket.subject}">${ticket.subject}</td>`}
<td class="account" title="${ticket.account.name}">${ticket.account.name}</td>
<td>${severityBadge(ticket.severity)} <span class="muted">${ticket.program}</span></td>
<td title="${deadline}">${formatInstant(deadline, context.zone)}</td>
<td class="num"><span class="late">${formatMinutes(overdue)}</span>${clockNote(ticket)}</td></tr>`;
  });
  return frame(html`<p class="summary">${breached.length} open past their deadline</p>
<table><thead><tr><th>Ticket</th>${narrow ? '' : html`<th>Subject</th>`}<th>Account</th><th>Severity</th>
<th>Deadline (${context.zoneLabel})</th><th class="num">Overdue</th></tr></thead><tbody>${rows}</tbody></table>${more}`);
}

const cell = (value: number | null, suffix = '') =>
  value === null ? html`<span class="muted">–</span>` : `${value}${suffix}`;

function metBar(percent: number | null): Html | '' {
  if (percent === null) return '';
  const colour = percent >= 95 ? '#1d8102' : percent >= 80 ? '#ec7211' : '#d13212';
  return html`<span class="bar"><span style="width:${Math.round(percent)}%;background:${colour}"></span></span>`;
}

/** `compliance` (DESIGN §10): `GET /reports/sla`'s rows for the dashboard's time range, as a table. */
export function complianceView(
  rows: readonly ReportRow[],
  range: { from: string; to: string },
  context: ViewerContext,
): Html {
  const span = html`<p class="summary">Tickets opened ${formatInstant(range.from, context.zone)} – ${formatInstant(range.to, context.zone)} (${context.zoneLabel})</p>`;
  if (rows.length === 0) return frame(html`${span}<p class="empty">No tickets were opened in this time range.</p>`);
  const body = rows.map(
    (row) => html`<tr data-program="${row.program}" data-severity="${row.severity}">
<td>${row.program}</td><td>${severityBadge(row.severity)}</td>
<td class="num" data-col="opened">${row.opened}</td><td class="num" data-col="met">${row.met}</td>
<td class="num" data-col="breached">${row.breached}</td><td class="num" data-col="running">${row.running}</td>
<td class="num" data-col="bestEffort">${row.bestEffort}</td>
<td class="num" data-col="metPercent">${cell(row.metPercent, ' %')}${metBar(row.metPercent)}</td>
<td class="num" data-col="p50">${cell(row.p50ResponseMinutes)}</td><td class="num" data-col="p90">${cell(row.p90ResponseMinutes)}</td></tr>`,
  );
  return frame(html`${span}<table><thead><tr><th>Program</th><th>Sev</th><th class="num">Opened</th><th class="num">Met</th>
<th class="num">Breached</th><th class="num">Running</th><th class="num">Best effort</th><th class="num">Met %</th>
<th class="num">p50 min</th><th class="num">p90 min</th></tr></thead><tbody>${body}</tbody></table>`);
}

const eventLabels: Record<HistoryEvent['type'], string> = {
  opened: 'Opened',
  severity_changed: 'Severity changed',
  responded: 'Engineer responded',
  contact_attempt: 'Contact attempt',
  customer_reply: 'Customer replied',
  escalated: 'Escalated to a manager',
  pending_closure: 'Pending closure',
  closure_cancelled: 'Closure cancelled',
  closed: 'Closed',
  warning_sent: 'Warning sent',
  breached: 'SLA breached',
  mail_sent: 'E-mail sent',
  mail_withheld: 'E-mail withheld',
};

function detailText(value: unknown, zone: Zone): string {
  if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value) && !Number.isNaN(ms(value))) {
    return formatInstant(value, zone);
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function slaLine(ticket: Ticket, context: ViewerContext): Html {
  const { sla } = ticket;
  const now = context.now.getTime();
  if (sla.state === 'best_effort') return html`<span class="muted">best effort: no deadline</span>`;
  if (sla.state === 'met') {
    return html`<span class="ok">met</span>, responded after ${formatMinutes(sla.elapsedMinutes ?? 0)}${clockNote(ticket)}`;
  }
  const deadline = sla.deadline as string;
  if (sla.state === 'breached' || ms(deadline) < now) {
    return html`<span class="late">breached</span> ${formatMinutes(clockMinutes(ticket, context.policy, ms(deadline), now))} ago${clockNote(ticket)}`;
  }
  return html`<span class="soon">running</span>, ${formatMinutes(clockMinutes(ticket, context.policy, now, ms(deadline)))} left${clockNote(ticket)}`;
}

/** `ticket` (DESIGN §10): one ticket's SLA and its history as a timeline, oldest first. */
export function ticketDetailView(
  ticket: Ticket | undefined,
  history: readonly HistoryEvent[],
  context: ViewerContext,
): Html {
  if (!ticket) return frame(html`<p class="empty">No such ticket.</p>`);
  const { sla } = ticket;
  const events = [...history].sort((a, b) => a.at.localeCompare(b.at));
  const items = events.map((event) => {
    const details = Object.entries(event.details ?? {})
      .filter(([, value]) => value !== null && value !== undefined)
      .map(([key, value]) => html`<span class="muted">${key}</span> ${detailText(value, context.zone)} `);
    return html`<li class="${event.type}"><strong>${eventLabels[event.type] ?? event.type}</strong>
<span class="muted">${formatInstant(event.at, context.zone)}${event.by ? html` · ${event.by}` : ''}</span>
${details.length > 0 ? html`<div>${details}</div>` : ''}</li>`;
  });
  return frame(html`<h3>${ticket.subject}</h3>
<dl><dt>Ticket</dt><dd>${ticket.ticketId}</dd><dt>Account</dt><dd>${ticket.account.name} (${ticket.supportId})</dd>
<dt>Program</dt><dd>${ticket.program} ${severityBadge(ticket.severity)} · ${ticket.status.replaceAll('_', ' ')}</dd>
<dt>Opened</dt><dd>${formatInstant(ticket.openedAt, context.zone)}</dd>
${sla.deadline ? html`<dt>Deadline</dt><dd>${formatInstant(sla.deadline, context.zone)} (${context.zoneLabel})</dd>` : ''}
<dt>SLA</dt><dd class="sla-state">${slaLine(ticket, context)}</dd></dl>
<h4>History</h4>${items.length > 0 ? html`<ol class="timeline">${items}</ol>` : html`<p class="empty">No history.</p>`}`);
}

/** A widget whose params are wrong: the problem named, as the console shows an error (DESIGN §4's spirit). */
export function problemView(message: string, details: readonly string[] = []): Html {
  return frame(
    html`<p class="late">The widget's parameters are not valid: ${message}</p>${details.length > 0 ? html`<ul>${details.map((detail) => html`<li>${detail}</li>`)}</ul>` : ''}`,
  );
}
