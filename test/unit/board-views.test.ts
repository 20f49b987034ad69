/**
 * The SLA board's views (DESIGN §10) from fixed tickets: escaping by construction, deadlines in the
 * viewer's zone, time left on the ticket's own clock, empty states, and long lists capped with a count.
 */
import { describe, expect, it } from 'vitest';
import { escapeHtml, html, raw } from '../../shared/board/html.ts';
import {
  atRiskView,
  breachedView,
  complianceView,
  formatMinutes,
  ticketDetailView,
  type ViewerContext,
} from '../../shared/board/views.ts';
import { type BoardSource, renderWidget, reportRange, viewerZone } from '../../shared/board/widget.ts';
import { defaultPolicy } from '../../shared/policy/default-policy.ts';
import { parsePolicy } from '../../shared/policy/load-policy.ts';
import type { Severity } from '../../shared/policy/schema.ts';
import { startSla } from '../../shared/sla/deadline.ts';
import type { AccountCalendar } from '../../shared/sla/types.ts';
import type { ReportRow } from '../../shared/tickets/report.ts';
import type { HistoryEvent, Ticket } from '../../shared/tickets/ticket.ts';
import { zoneOf } from '../../shared/time/local-days.ts';

const policy = parsePolicy(defaultPolicy);
const HOSTILE = '<img src=x onerror=alert(1)>';
const paris: AccountCalendar = { timezone: 'Europe/Paris' };

let sequence = 0;
/** A ticket as the store holds it, its SLA started by the rules layer. */
function ticket(program: string, severity: Severity, openedAt: string, overrides: Partial<Ticket> = {}): Ticket {
  sequence += 1;
  const calendar = overrides.calendar ?? paris;
  return {
    ticketId: `t-${String(sequence).padStart(4, '0')}-0000-0000`,
    supportId: 'ACME',
    externalId: null,
    relatedTicketId: null,
    program,
    severity,
    status: 'awaiting_response',
    openedAt,
    openedBy: { email: 'admin@acme.example' },
    channel: 'web',
    product: 'Data Platform',
    productVersion: null,
    subject: `Ticket ${sequence}`,
    description: null,
    sla: startSla({ policy, program, calendar }, severity, openedAt),
    calendar,
    account: { name: 'Acme Bank', language: 'en', supportAccountManager: null },
    contactDays: [],
    contactAttemptCount: 0,
    lastContactAttempt: null,
    lastCustomerReplyAt: null,
    autoCloseAt: null,
    closedAt: null,
    closedBy: null,
    resolution: null,
    warnedVersion: null,
    breachNotifiedAt: null,
    outbox: [],
    revision: 1,
    updatedAt: openedAt,
    ...overrides,
  };
}

function viewer(now: string, zone = 'UTC', overrides: Partial<ViewerContext> = {}): ViewerContext {
  return {
    now: new Date(now),
    zone: zoneOf(zone)!,
    zoneLabel: zone,
    policy,
    endpoint: 'arn:aws:lambda:eu-west-1:000000000000:function:board',
    limit: 25,
    width: 1200,
    ...overrides,
  };
}

/** The visible text of a fragment: tags dropped, entities decoded, as a browser would show it. */
function text(markup: string): string {
  return markup
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<cwdb-action[\s\S]*?<\/cwdb-action>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

const rowsOf = (markup: string) => markup.match(/<tr[ >][\s\S]*?<\/tr>/g)?.filter((row) => !row.includes('<th')) ?? [];

describe('the html template', () => {
  it('escapes every interpolated value, in text and in attributes', () => {
    const out = html`<td title="${'"quoted" & <b>'}">${HOSTILE}</td>`.text;
    expect(out).toBe('<td title="&quot;quoted&quot; &amp; &lt;b&gt;">&lt;img src=x onerror=alert(1)&gt;</td>');
  });

  it('passes markup through only from html itself or an explicit raw()', () => {
    const inner = html`<b>${'x<y'}</b>`;
    expect(html`<p>${inner}${raw('<hr>')}${[html`<i>1</i>`, '<2>']}</p>`.text).toBe(
      '<p><b>x&lt;y</b><hr><i>1</i>&lt;2&gt;</p>',
    );
  });

  it('drops null, undefined and false, and escapes single quotes', () => {
    expect(html`${null}${undefined}${false}${0}`.text).toBe('0');
    expect(escapeHtml("it's")).toBe('it&#39;s');
  });
});

describe('the at_risk view', () => {
  const now = '2026-03-02T10:00:00Z';

  it('shows a hostile subject as text, with no element made from it', () => {
    const hostile = ticket('premier', 1, '2026-03-02T09:50:00Z', { subject: HOSTILE });
    const out = atRiskView([hostile], viewer(now)).text;
    expect(out).not.toContain('<img');
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(text(out)).toContain(HOSTILE);
  });

  it('shows the deadline in the viewer’s time zone', () => {
    // premier: 30 minutes on the wall clock, due 10:20 UTC.
    const due = ticket('premier', 2, '2026-03-02T09:50:00Z');
    expect(text(atRiskView([due], viewer(now, 'America/New_York')).text)).toContain('Mon 2 Mar 05:20');
    expect(text(atRiskView([due], viewer(now, 'Asia/Tokyo')).text)).toContain('Mon 2 Mar 19:20');
    expect(text(atRiskView([due], viewer(now, 'Asia/Tokyo')).text)).toContain('Deadline (Asia/Tokyo)');
  });

  it('counts the time left on a wall clock in wall minutes', () => {
    const due = ticket('premier', 2, '2026-03-02T09:50:00Z');
    expect(text(atRiskView([due], viewer(now)).text)).toMatch(/20 min(?! business)/);
  });

  it('counts the time left on a business clock in business hours only', () => {
    // basic S2, 8 business hours, opened Friday 14:00 in Paris: due Monday 10:00 (DESIGN §3).
    const friday = ticket('basic', 2, '2026-03-06T13:00:00Z');
    expect(friday.sla.deadline).toBe('2026-03-09T09:00:00.000Z');
    // Friday 19:00 in Paris: one hour left on Friday, two on Monday morning; the weekend does not count.
    const out = atRiskView([friday], viewer('2026-03-06T18:00:00Z', 'Europe/Paris')).text;
    expect(text(out)).toContain('3 h 00 min business');
    expect(text(out)).toContain('Mon 9 Mar 10:00');
  });

  it('marks the tickets past their warning and counts them', () => {
    const warned = ticket('premier', 1, '2026-03-02T09:35:00Z'); // due 10:05, warned 09:57:30
    const calm = ticket('production', 4, '2026-03-02T09:00:00Z'); // due 17:00
    const out = atRiskView([warned, calm], viewer(now)).text;
    expect(text(out)).toContain('2 running, 1 past their warning');
    const [first, second] = rowsOf(out);
    expect(first).toContain('class="warned"');
    expect(second).not.toContain('class="warned"');
  });

  it('says so when no clock is running', () => {
    expect(text(atRiskView([], viewer(now)).text)).toContain('No running SLA clocks: nothing is at risk.');
  });

  it('caps a long list and says how many it left out', () => {
    const many = Array.from({ length: 62 }, (_, index) =>
      ticket('production', 4, new Date(Date.parse(now) - index * 60_000).toISOString()),
    );
    const out = atRiskView(many, viewer(now)).text;
    expect(rowsOf(out)).toHaveLength(25);
    expect(text(out)).toContain('and 37 more');
    expect(text(out)).toContain('62 running');
  });

  it('links each ticket to its drill-down with a cwdb-action call carrying the ticket id', () => {
    const due = ticket('premier', 2, '2026-03-02T09:50:00Z');
    const out = atRiskView([due], viewer(now)).text;
    const action = out.match(
      /<cwdb-action action="call" endpoint="([^"]+)" display="popup" event="click">([^<]*)<\/cwdb-action>/,
    );
    expect(action?.[1]).toBe('arn:aws:lambda:eu-west-1:000000000000:function:board');
    expect(JSON.parse(action?.[2] ?? '')).toEqual({ view: 'ticket', ticketId: due.ticketId });
  });

  it('drops the subject column in a narrow widget', () => {
    const due = ticket('premier', 2, '2026-03-02T09:50:00Z', { subject: 'Unique subject line' });
    expect(atRiskView([due], viewer(now, 'UTC', { width: 500 })).text).not.toContain('Unique subject line');
  });
});

describe('the breached view', () => {
  const now = '2026-03-02T12:00:00Z';

  it('lists open tickets past their deadline, most overdue first, with the time overdue', () => {
    const recent = ticket('premier', 1, '2026-03-02T11:00:00Z'); // due 11:30
    const oldest = ticket('production', 1, '2026-03-02T09:00:00Z'); // due 10:00
    const running = ticket('production', 4, '2026-03-02T11:00:00Z'); // due 19:00: not breached
    const out = breachedView([recent, running, oldest], viewer(now)).text;
    const rows = rowsOf(out);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain(oldest.ticketId);
    expect(text(rows[0]!)).toContain('2 h 00 min');
    expect(rows[1]).toContain(recent.ticketId);
    expect(text(rows[1]!)).toContain('30 min');
    expect(text(out)).toContain('2 open past their deadline');
  });

  it('counts the overdue time of a business clock in business hours', () => {
    // basic S1, 2 business hours from Friday 19:30 Paris: half an hour on Friday, then due Monday 09:30;
    // by Monday 11:00 it is 1 h 30 over in business hours (over 2 days of wall time).
    const late = ticket('basic', 1, '2026-03-06T18:30:00Z');
    expect(late.sla.deadline).toBe('2026-03-09T08:30:00.000Z');
    expect(text(breachedView([late], viewer('2026-03-09T10:00:00Z')).text)).toContain('1 h 30 min business');
  });

  it('keeps a breached ticket whose deadline a later change moved out, counted from its breach', () => {
    const opened = ticket('production', 1, '2026-03-02T09:00:00Z'); // due 10:00, breached then
    const moved = {
      ...opened,
      sla: {
        ...opened.sla,
        state: 'breached' as const,
        breachedAt: '2026-03-02T10:00:00.000Z',
        deadline: '2026-03-02T17:00:00.000Z',
      },
    };
    const rows = rowsOf(breachedView([moved], viewer(now)).text);
    expect(rows).toHaveLength(1);
    expect(text(rows[0]!)).toContain('2 h 00 min');
  });

  it('says so when nothing is overdue', () => {
    expect(text(breachedView([], viewer(now)).text)).toContain('No open ticket is past its deadline.');
  });

  it('caps a long list and says how many it left out', () => {
    const many = Array.from({ length: 30 }, (_, index) =>
      ticket('premier', 1, new Date(Date.parse(now) - (60 + index) * 60_000).toISOString()),
    );
    const out = breachedView(many, viewer(now, 'UTC', { limit: 10 })).text;
    expect(rowsOf(out)).toHaveLength(10);
    expect(text(out)).toContain('and 20 more');
  });
});

describe('the compliance view', () => {
  const row = (overrides: Partial<ReportRow>): ReportRow => ({
    program: 'premier',
    severity: 1,
    opened: 10,
    met: 7,
    breached: 2,
    running: 1,
    bestEffort: 0,
    metPercent: 77.8,
    p50ResponseMinutes: 12,
    p90ResponseMinutes: 28,
    ...overrides,
  });
  const range = { from: '2026-03-01T00:00:00.000Z', to: '2026-03-08T00:00:00.000Z' };

  it('shows each program × severity row with its counts, met % and percentiles', () => {
    const out = complianceView(
      [
        row({}),
        row({
          program: 'free',
          severity: 3,
          met: 0,
          breached: 0,
          metPercent: null,
          p50ResponseMinutes: null,
          p90ResponseMinutes: null,
          bestEffort: 4,
        }),
      ],
      range,
      viewer('2026-03-08T00:00:00Z'),
    ).text;
    const [premier, free] = rowsOf(out);
    const cells = (markup: string) =>
      Object.fromEntries([...markup.matchAll(/data-col="(\w+)">([^<]*)/g)].map((m) => [m[1], m[2]]));
    expect(cells(premier!)).toEqual({
      opened: '10',
      met: '7',
      breached: '2',
      running: '1',
      bestEffort: '0',
      metPercent: '77.8 %',
      p50: '12',
      p90: '28',
    });
    expect(text(free!)).toContain('free');
    expect(cells(free!).bestEffort).toBe('4');
    expect(text(free!)).toContain('–');
  });

  it('names the time range in the viewer’s zone', () => {
    const out = complianceView([row({})], range, viewer('2026-03-08T00:00:00Z', 'Asia/Tokyo')).text;
    expect(text(out)).toContain('Sun 1 Mar 09:00 – Sun 8 Mar 09:00 (Asia/Tokyo)');
  });

  it('says so when no ticket was opened in the range', () => {
    expect(text(complianceView([], range, viewer('2026-03-08T00:00:00Z')).text)).toContain(
      'No tickets were opened in this time range.',
    );
  });
});

describe('the ticket view', () => {
  it('shows the SLA and the history as a timeline, oldest first, escaping what customers wrote', () => {
    const opened = ticket('production', 2, '2026-03-02T09:00:00Z', { subject: HOSTILE });
    const history: HistoryEvent[] = [
      {
        at: '2026-03-02T10:00:00Z',
        type: 'severity_changed',
        by: 'lead@vendor.example',
        details: { from: 2, to: 1, reason: HOSTILE },
      },
      { at: '2026-03-02T09:00:00Z', type: 'opened', by: 'admin@acme.example', details: { severity: 2 } },
    ];
    const out = ticketDetailView(opened, history, viewer('2026-03-02T10:30:00Z', 'Europe/Paris')).text;
    expect(out).not.toContain('<img');
    const shown = text(out);
    expect(shown.indexOf('Opened Mon 2 Mar 10:00')).toBeGreaterThan(-1);
    expect(shown.indexOf('Severity changed Mon 2 Mar 11:00 · lead@vendor.example')).toBeGreaterThan(
      shown.indexOf('Opened Mon 2 Mar 10:00'),
    );
    expect(shown).toContain(`reason ${HOSTILE}`);
    // production S2: 3 h on the wall clock, due 12:00 UTC; at 10:30 UTC 1 h 30 min is left.
    expect(shown).toMatch(/running\s*, 1 h 30 min left/);
  });

  it('says so for a ticket that does not exist', () => {
    expect(text(ticketDetailView(undefined, [], viewer('2026-03-02T10:30:00Z')).text)).toContain('No such ticket.');
  });
});

describe('formatMinutes', () => {
  it('reads as minutes, hours and minutes, or days and hours', () => {
    expect([formatMinutes(42.9), formatMinutes(185), formatMinutes(60 * 50)]).toEqual([
      '42 min',
      '3 h 05 min',
      '2 d 2 h',
    ]);
  });
});

describe('a widget invocation', () => {
  const empty: BoardSource = {
    openTickets: async () => [],
    ticketWithHistory: async () => undefined,
    report: async () => [],
  };
  const deps = { source: empty, policy, clock: () => new Date('2026-03-02T10:00:00Z') };

  it('answers params that name no view with a message naming the field', async () => {
    const out = await renderWidget({ widgetContext: {}, view: 'everything' }, deps, 'arn');
    expect(text(out)).toContain('parameters are not valid');
    expect(text(out)).toContain('view:');
  });

  it('asks for the ticket id of a ticket view', async () => {
    expect(text(await renderWidget({ view: 'ticket' }, deps, 'arn'))).toContain('needs a "ticketId"');
  });

  it('answers the console’s describe call with the documentation', async () => {
    expect(await renderWidget({ describe: true }, deps, 'arn')).toMatch(/^## SLA board/);
  });

  it('reads the console’s zone as an offset, or as an IANA name when given one', () => {
    expect(viewerZone({ label: 'Local', offsetISO: '+05:30' }).label).toBe('UTC+05:30');
    expect(viewerZone({ label: 'UTC', offsetISO: '+00:00' }).label).toBe('UTC');
    expect(viewerZone({ label: 'Europe/Paris', offsetISO: '+01:00' }).label).toBe('Europe/Paris');
    expect(viewerZone(undefined).label).toBe('UTC');
  });

  it('reports over the zoomed range, capped at 366 days and at now', () => {
    const now = new Date('2026-03-02T10:00:00Z');
    const day = 86_400_000;
    expect(reportRange({ timeRange: { start: now.getTime() - 90 * day, end: now.getTime() + day } }, now)).toEqual({
      from: '2025-12-02T10:00:00.000Z',
      to: '2026-03-02T10:00:00.000Z',
    });
    expect(
      reportRange(
        { timeRange: { start: 0, end: now.getTime(), zoom: { start: now.getTime() - day, end: now.getTime() } } },
        now,
      ).from,
    ).toBe('2026-03-01T10:00:00.000Z');
    expect(reportRange({ timeRange: { start: 0, end: now.getTime() } }, now).from).toBe('2025-03-01T10:00:00.000Z');
  });
});

describe('the views at their edges (issue 14)', () => {
  const now = '2026-03-02T10:00:00Z';
  const report = (overrides: Partial<ReportRow>): ReportRow => ({
    program: 'premier',
    severity: 1,
    opened: 1,
    met: 1,
    breached: 0,
    running: 0,
    bestEffort: 0,
    metPercent: 100,
    p50ResponseMinutes: 1,
    p90ResponseMinutes: 1,
    ...overrides,
  });
  const range = { from: '2026-03-01T00:00:00.000Z', to: '2026-03-08T00:00:00.000Z' };

  it('formats minutes at the unit boundaries', () => {
    expect([59, 60, 47 * 60 + 59, 48 * 60, -5].map(formatMinutes)).toEqual([
      '59 min',
      '1 h 00 min',
      '47 h 59 min',
      '2 d 0 h',
      '0 min',
    ]);
  });

  it('shows the severity badge, a short ticket link and the business note of a business clock', () => {
    const business = ticket('basic', 3, '2026-03-02T09:00:00Z');
    const wall = ticket('premier', 2, '2026-03-02T09:50:00Z');
    expect(business.sla.clock).toBe('business');
    const out = atRiskView([business, wall], viewer(now)).text;
    expect(out).toContain('<span class="sev sev3">S3</span>');
    expect(out).toContain('<span class="sev sev2">S2</span>');
    expect(out).toContain(`<a class="btn ticket-link">${business.ticketId.slice(0, 8)}</a>`);
    expect(out).not.toContain(`>${business.ticketId}<`);
    const rows = rowsOf(out);
    expect(rows.find((row) => row.includes(business.ticketId))).toContain('<span class="muted">business</span>');
    expect(rows.find((row) => row.includes(wall.ticketId))).not.toContain('business');
  });

  it('lists only running tickets with a deadline, and warns from the warning instant itself', () => {
    const due = ticket('premier', 2, '2026-03-02T09:50:00Z');
    const warnedNow = { ...due, ticketId: 'warned-now-0000', sla: { ...due.sla, warnAt: now } };
    const later = { ...due, ticketId: 'warn-later-0000', sla: { ...due.sla, warnAt: '2026-03-02T10:00:00.001Z' } };
    const met = { ...due, ticketId: 'met-000000-0000', sla: { ...due.sla, state: 'met' as const } };
    const noDeadline = { ...due, ticketId: 'no-deadline-000', sla: { ...due.sla, deadline: null } };
    const out = atRiskView([warnedNow, later, met, noDeadline], viewer(now)).text;
    const rows = rowsOf(out);
    expect(rows).toHaveLength(2);
    expect(rows.find((row) => row.includes('warned-now'))).toMatch(/<tr class="warned"[\s\S]*class="soon"/);
    const quiet = rows.find((row) => row.includes('warn-later')) ?? '';
    expect(quiet).toMatch(/^<tr class=""/);
    expect(quiet).toContain('<span class="">');
    expect(text(out)).toContain('2 running');
    expect(text(out)).toMatch(/1 past (its|their) warning/);
  });

  it('shows exactly the limit without a "more" line, and the subject column from 640 px', () => {
    const many = Array.from({ length: 3 }, (_, index) =>
      ticket('production', 4, new Date(Date.parse(now) - index * 60_000).toISOString(), { subject: `S-${index}` }),
    );
    const out = atRiskView(many, viewer(now, 'UTC', { limit: 3, width: 640 })).text;
    expect(rowsOf(out)).toHaveLength(3);
    expect(out).not.toContain('class="more"');
    expect(out).toContain('<th>Subject</th>');
    expect(out).toContain('<td class="subject" title="S-0">S-0</td>');
    const narrow = atRiskView(many, viewer(now, 'UTC', { width: 639 })).text;
    expect(narrow).not.toContain('<th>Subject</th>');
    const overdue = ticket('premier', 2, '2026-03-02T08:00:00Z', { subject: 'Late one' });
    expect(breachedView([overdue], viewer(now, 'UTC', { width: 640 })).text).toContain(
      '<td class="subject" title="Late one">Late one</td>',
    );
    expect(breachedView([overdue], viewer(now, 'UTC', { width: 640 })).text).toContain('<th>Subject</th>');
    expect(breachedView([overdue], viewer(now, 'UTC', { width: 639 })).text).not.toContain('Subject');
  });

  it('lists as breached a running ticket only once its deadline has passed', () => {
    const due = ticket('premier', 2, '2026-03-02T09:30:00Z');
    const atDeadline = { ...due, sla: { ...due.sla, deadline: now } };
    expect(rowsOf(breachedView([atDeadline], viewer(now)).text)).toHaveLength(0);
    const past = { ...due, sla: { ...due.sla, deadline: '2026-03-02T09:59:59.000Z' } };
    expect(rowsOf(breachedView([past], viewer(now)).text)).toHaveLength(1);
  });

  it('colours the met bar green from 95 %, orange from 80 %, red below, and shows none without a figure', () => {
    const bar = (metPercent: number | null) =>
      complianceView([report({ metPercent })], range, viewer(now)).text.match(
        /<span class="bar">.*?<\/span><\/span>/,
      )?.[0];
    expect(bar(95)).toBe('<span class="bar"><span style="width:95%;background:#1d8102"></span></span>');
    expect(bar(94.6)).toBe('<span class="bar"><span style="width:95%;background:#ec7211"></span></span>');
    expect(bar(80)).toBe('<span class="bar"><span style="width:80%;background:#ec7211"></span></span>');
    expect(bar(79.9)).toBe('<span class="bar"><span style="width:80%;background:#d13212"></span></span>');
    expect(bar(null)).toBeUndefined();
  });

  it('reads each SLA state in the ticket view', () => {
    const base = ticket('premier', 2, '2026-03-02T09:00:00Z');
    const sla = (ticketSla: Partial<Ticket['sla']>) =>
      text(ticketDetailView({ ...base, sla: { ...base.sla, ...ticketSla } }, [], viewer(now)).text);
    expect(sla({ state: 'best_effort', deadline: null })).toContain('best effort: no deadline');
    expect(sla({ state: 'best_effort', deadline: null })).not.toContain('Deadline');
    expect(sla({ state: 'met', elapsedMinutes: 75 })).toContain('met , responded after 1 h 15 min');
    expect(sla({ state: 'met', elapsedMinutes: null })).toContain('responded after 0 min');
    expect(sla({ state: 'breached', deadline: '2026-03-02T09:30:00Z' })).toContain('breached 30 min ago');
    expect(sla({ state: 'running', deadline: '2026-03-02T09:45:00Z' })).toContain('breached 15 min ago');
    expect(sla({ state: 'running', deadline: '2026-03-02T10:20:00Z' })).toContain('running , 20 min left');
    expect(sla({ state: 'running', deadline: '2026-03-02T10:20:00Z' })).toContain('Deadline Mon 2 Mar 10:20 (UTC)');
    expect(sla({})).toContain('Program premier S2 · awaiting response');
    expect(sla({})).toContain('No history.');
  });

  it('orders the history, shows instants in the viewer’s zone and skips empty details', () => {
    const base = ticket('premier', 2, '2026-03-02T09:00:00Z');
    const history: HistoryEvent[] = [
      { at: '2026-03-02T09:30:00Z', type: 'responded', by: 'eng@vendor.example', details: { gone: null } },
      {
        at: '2026-03-02T09:00:00Z',
        type: 'opened',
        details: { deadline: '2026-03-02T09:30:00Z', noDate: '2026-13-45Tnope', year: '12345-01-01T', count: 3 },
      },
    ];
    const out = ticketDetailView(base, history, viewer(now, 'Europe/Paris')).text;
    const shown = text(out);
    const timeline = text(out.match(/<ol class="timeline">[\s\S]*<\/ol>/)?.[0] ?? '');
    expect(timeline.indexOf('Opened')).toBeGreaterThan(-1);
    expect(timeline.indexOf('Opened')).toBeLessThan(timeline.indexOf('Engineer responded'));
    expect(shown).toContain('deadline Mon 2 Mar 10:30');
    expect(shown).toContain('noDate 2026-13-45Tnope');
    expect(shown).toContain('year 12345-01-01T');
    expect(shown).toContain('count 3');
    expect(shown).not.toContain('gone');
    const responded = out.match(/<li class="responded">[\s\S]*?<\/li>/)?.[0] ?? '';
    expect(responded).not.toContain('<div>');
    expect(responded).toContain(' · eng@vendor.example');
    expect(out.match(/<li class="opened">[\s\S]*?<\/li>/)?.[0]).not.toContain(' · ');
  });

  it('lists the problems of invalid params, and none when there are none', async () => {
    const deps = {
      source: { openTickets: async () => [], ticketWithHistory: async () => undefined, report: async () => [] },
      policy,
      clock: () => new Date(now),
    };
    const out = await renderWidget({ view: 'ticket', limit: 0 }, deps, 'arn');
    expect(text(out)).toContain(
      'expected {"view": "at_risk" | "breached" | "compliance" | "ticket", "ticketId"?, "limit"?}',
    );
    expect(out).toMatch(/<li>limit: [^<]+<\/li>/);
    expect(text(await renderWidget(null, deps, 'arn'))).toMatch(/\(event\): /);
    expect(await renderWidget({ view: 'ticket' }, deps, 'arn')).not.toContain('<ul>');
  });
});

describe('a widget invocation dispatches (issue 14)', () => {
  const now = new Date('2026-03-02T10:00:00Z');
  const overdue = ticket('premier', 2, '2026-03-02T08:00:00Z', { subject: 'Overdue one' });
  const running = ticket('premier', 2, '2026-03-02T09:50:00Z', { subject: 'Running one' });
  const calls: string[] = [];
  const source: BoardSource = {
    openTickets: async (state) => {
      calls.push(`open ${state}`);
      return state === 'breached' ? [overdue] : [running];
    },
    ticketWithHistory: async (id) => {
      calls.push(`ticket ${id}`);
      return id === running.ticketId ? { ticket: running, history: [] } : undefined;
    },
    report: async (from, to) => {
      calls.push(`report ${from} ${to}`);
      return [];
    },
  };
  const deps = { source, policy, clock: () => now };

  it('each view to its source, with the default limit and width', async () => {
    calls.length = 0;
    expect(text(await renderWidget({ view: 'at_risk' }, deps, 'arn'))).toContain('Running one');
    expect(text(await renderWidget({ view: 'breached' }, deps, 'arn'))).toContain('Overdue one');
    expect(text(await renderWidget({ view: 'compliance' }, deps, 'arn'))).toContain('No tickets were opened');
    expect(text(await renderWidget({ view: 'ticket', ticketId: running.ticketId }, deps, 'arn'))).toContain(
      'Running one',
    );
    expect(text(await renderWidget({ view: 'ticket', ticketId: 'nope' }, deps, 'the-arn'))).toContain(
      'No such ticket.',
    );
    expect(calls).toEqual([
      'open running',
      'open breached',
      'report 2026-02-23T10:00:00.000Z 2026-03-02T10:00:00.000Z',
      `ticket ${running.ticketId}`,
      'ticket nope',
    ]);
    const many = { ...deps, source: { ...source, openTickets: async () => Array.from({ length: 26 }, () => running) } };
    const out = await renderWidget({ view: 'at_risk' }, many, 'the-arn');
    expect(text(out)).toContain('and 1 more');
    expect(out).toContain('endpoint="the-arn"');
    expect(out).toContain('<th>Subject</th>');
    expect(text(await renderWidget({ view: 'at_risk', limit: 26 }, many, 'arn'))).not.toContain('more');
    expect(await renderWidget({ view: 'at_risk', widgetContext: { width: 600 } }, many, 'arn')).not.toContain(
      '<th>Subject</th>',
    );
  });

  it('names the zone from a label, an offset, or UTC', () => {
    expect(viewerZone({ label: 'Europe/Paris' })).toMatchObject({ label: 'Europe/Paris' });
    expect(viewerZone({ label: 'Europe/Paris' }).zone.name).toBe('Europe/Paris');
    expect(viewerZone({ label: 'Local', offsetISO: '-03:00' })).toMatchObject({ label: 'UTC-03:00' });
    expect(viewerZone({ label: 'Local', offsetISO: '-03:00' }).zone.offset(0)).toBe(-180);
    expect(viewerZone({ label: 'Nowhere/City', offsetISO: '+02:00' }).label).toBe('UTC+02:00');
    expect(viewerZone({ label: '', offsetISO: '+02:00' }).label).toBe('UTC+02:00');
    expect(viewerZone({ label: 'Local' }).label).toBe('UTC');
    for (const offsetISO of ['+00:00', '-00:00', '+2:00', 'x+02:00', '+02:00x', '+15:00']) {
      expect(viewerZone({ label: 'Local', offsetISO })).toMatchObject({ label: 'UTC' });
    }
    expect(viewerZone({ label: 'Local', offsetISO: '+00:00' }).zone.name).toBe('UTC');
  });

  it('reports the last 7 days without a time range', () => {
    expect(reportRange(undefined, now)).toEqual({ from: '2026-02-23T10:00:00.000Z', to: '2026-03-02T10:00:00.000Z' });
    expect(reportRange({}, now)).toEqual({ from: '2026-02-23T10:00:00.000Z', to: '2026-03-02T10:00:00.000Z' });
  });
});
