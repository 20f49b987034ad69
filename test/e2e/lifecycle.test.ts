/**
 * End-to-end scenarios of DESIGN §3–§6 through HTTP, against DynamoDB Local, the scheduler emulator and
 * the SES v2 server, with the scheduler's (and the handlers') clock driven by the test.
 */
import {
  CreateScheduleCommand,
  DeleteScheduleCommand,
  GetScheduleCommand,
  ListSchedulesCommand,
  SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { SESv2Client, SendEmailCommand, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { unixSeconds } from '../../local/sign.ts';
import { SWEEPER_SCHEDULE } from '../../local/stack.ts';
import { manualClock } from '../../shared/time/clock.ts';
import { getTicket, mailAbout, openTicket, putAccount } from '../support/fixtures.ts';
import { scanTable, signedFetch, useLocalStack } from '../support/local-stack.ts';

const MINUTE = 60_000;
// Tuesday 1 December 2026, 10:00 in Paris. Tests move it forward only: the sweeper's rate schedule follows it.
const clock = manualClock('2026-12-01T09:00:00Z');
// Metrics on (the local stack turns them off unless asked): the breach metric is observed in the handlers' output.
const local = useLocalStack({ clock, env: { POWERTOOLS_METRICS_DISABLED: 'false' } });

async function advance(ms: number) {
  clock.advance(ms);
  await local.fire();
}

async function schedulesOf(ticketId: string) {
  const client = new SchedulerClient({
    endpoint: local.stack.urls.scheduler,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const { Schedules = [] } = await client.send(
    new ListSchedulesCommand({ GroupName: local.stack.scheduleGroup, NamePrefix: `sla-${ticketId}` }),
  );
  return { client, names: Schedules.map((schedule) => schedule.Name as string).sort() };
}

interface EmittedMetric {
  name: string;
  value: number;
  dimensions: Record<string, string>;
}

/** The Embedded Metric Format lines the handlers printed (Powertools writes them to stdout for CloudWatch). */
const emfLines: string[] = [];
beforeAll(() => {
  const write = process.stdout.write.bind(process.stdout);
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = String(chunk);
    if (!text.includes('"_aws"')) return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    emfLines.push(...text.split('\n').filter((line) => line.startsWith('{')));
    return true;
  });
});
afterAll(() => vi.restoreAllMocks());

/** Runs `during` and returns the metrics emitted meanwhile, parsed from their EMF lines as CloudWatch would. */
async function emittedMetrics(during: () => Promise<unknown>): Promise<EmittedMetric[]> {
  const from = emfLines.length;
  await during();
  const metrics: EmittedMetric[] = [];
  for (const line of emfLines.slice(from)) {
    const record = JSON.parse(line) as Record<string, unknown> & {
      _aws: { CloudWatchMetrics: { Dimensions: string[][]; Metrics: { Name: string }[] }[] };
    };
    for (const directive of record._aws.CloudWatchMetrics) {
      const dimensions = Object.fromEntries(
        (directive.Dimensions[0] ?? []).map((name) => [name, String(record[name])]),
      );
      for (const { Name } of directive.Metrics) {
        const values = ([] as unknown[]).concat(record[Name]);
        for (const value of values) metrics.push({ name: Name, value: Number(value), dimensions });
      }
    }
  }
  return metrics;
}

/** When the emulator will next run the sweeper's rate schedule. */
function sweeperNextFireAt(): string {
  const sweeper = local.stack.emulator.schedules().find((schedule) => schedule.name === SWEEPER_SCHEDULE.name);
  if (!sweeper?.nextFireAt) throw new Error('the sweeper has no next run');
  return sweeper.nextFireAt;
}

const total = (metrics: EmittedMetric[], name: string) =>
  metrics.filter((metric) => metric.name === name).reduce((sum, metric) => sum + metric.value, 0);

describe('ticket lifecycle, end to end', () => {
  it('breaches a premier ticket at 30 minutes and sends exactly one breach e-mail, after one warning', async () => {
    const { stack } = local;
    await putAccount(stack, 'ACME-PREMIER', 'premier');
    const opened = await openTicket(stack, 'ACME-PREMIER', { severity: 1 });
    expect(opened.sla).toMatchObject({ clock: 'wall', targetMinutes: 30, state: 'running' });
    expect(Date.parse(opened.sla.deadline as string) - clock().getTime()).toBe(30 * MINUTE);
    expect((await schedulesOf(opened.ticketId)).names).toEqual([
      `sla-${opened.ticketId}-breach-v1`,
      `sla-${opened.ticketId}-warning-v1`,
    ]);

    await advance(23 * MINUTE);
    const warnings = await mailAbout(stack, opened.ticketId, 'SLA warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.destination.to.sort()).toEqual(['sam@vendor.example', 'support-queue@example.com']);
    expect(await mailAbout(stack, opened.ticketId, 'SLA breached')).toHaveLength(0);

    const atBreach = await emittedMetrics(() => advance(8 * MINUTE));
    // The breach is counted once, for the dashboard and the alarm, with the ticket's program.
    expect(atBreach.filter((metric) => metric.name === 'SlaBreached')).toMatchObject([
      { value: 1, dimensions: { Program: 'premier' } },
    ]);
    expect(total(atBreach, 'BreachAlertsSent')).toBe(1);
    const breached = await getTicket(stack, opened.ticketId);
    expect(breached.sla).toMatchObject({ state: 'breached', breachedAt: opened.sla.deadline });
    expect(breached.breachNotifiedAt).not.toBeNull();
    // The state index lists it among the breached tickets, and no longer among the running ones.
    const listed = async (state: string) => {
      const page = await signedFetch<{ tickets: { ticketId: string }[] }>(stack, 'GET', `/tickets?state=${state}`);
      expect(page.status, page.text).toBe(200);
      return page.json.tickets.map((ticket) => ticket.ticketId);
    };
    expect(await listed('breached')).toContain(opened.ticketId);
    expect(await listed('running')).not.toContain(opened.ticketId);
    const alerts = await mailAbout(stack, opened.ticketId, 'SLA breached');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.destination.to.sort()).toEqual([
      'duty-manager@example.com',
      'sam@vendor.example',
      'support-queue@example.com',
    ]);

    // A duplicate firing of the same timer, and a later sweep, change nothing.
    const afterBreach = await emittedMetrics(async () => {
      await stack.invoker.invoke('sla-timer', { ticketId: opened.ticketId, kind: 'breach', version: 1 });
      await advance(5 * MINUTE);
    });
    expect(await mailAbout(stack, opened.ticketId, 'SLA breached')).toHaveLength(1);
    expect(await mailAbout(stack, opened.ticketId, 'SLA warning')).toHaveLength(1);
    expect(total(afterBreach, 'SlaBreached')).toBe(0);
    expect(total(afterBreach, 'BreachAlertsSent')).toBe(0);
  });

  it('records a response before the deadline as met, and the old breach timer firing late does nothing', async () => {
    const { stack } = local;
    await putAccount(stack, 'ACME-PROD', 'production');
    const opened = await openTicket(stack, 'ACME-PROD', { severity: 1 });
    clock.advance(20 * MINUTE);
    const answered = await signedFetch<{ sla: { state: string; elapsedMinutes: number } }>(
      stack,
      'POST',
      `/tickets/${opened.ticketId}/responses`,
      { by: 'engineer@vendor.example' },
    );
    expect(answered.status, answered.text).toBe(200);
    expect(answered.json.sla).toMatchObject({ state: 'met', elapsedMinutes: 20 });
    // The response deleted the schedules; a late firing of the old one still arrives:
    await stack.invoker.invoke('sla-timer', { ticketId: opened.ticketId, kind: 'breach', version: 1 });
    await advance(2 * 60 * MINUTE);
    expect((await getTicket(stack, opened.ticketId)).sla.state).toBe('met');
    expect(await mailAbout(stack, opened.ticketId, 'SLA breached')).toHaveLength(0);
    expect((await schedulesOf(opened.ticketId)).names).toEqual([]);
  });

  it('moves the deadline earlier on escalation from severity 4 to 1, and the old timers do nothing', async () => {
    const { stack } = local;
    await putAccount(stack, 'ACME-BASIC', 'basic');
    const opened = await openTicket(stack, 'ACME-BASIC', { severity: 4 });
    const before = opened.sla.deadline as string;
    // The version-1 schedules as the service made them, to be put back once their deletion is "lost".
    const original = await schedulesOf(opened.ticketId);
    const v1 = await Promise.all(
      original.names.map((name) =>
        original.client.send(new GetScheduleCommand({ Name: name, GroupName: local.stack.scheduleGroup })),
      ),
    );
    expect(v1.map((schedule) => schedule.Name).sort()).toEqual([
      `sla-${opened.ticketId}-breach-v1`,
      `sla-${opened.ticketId}-warning-v1`,
    ]);
    const changed = await signedFetch<{ sla: { deadline: string; version: number }; severity: number }>(
      stack,
      'POST',
      `/tickets/${opened.ticketId}/severity`,
      { severity: 1, changedBy: ADMIN_EMAIL, reason: 'production is down' },
    );
    expect(changed.status, changed.text).toBe(200);
    expect(changed.json.severity).toBe(1);
    expect(Date.parse(changed.json.sla.deadline)).toBeLessThan(Date.parse(before));
    const { client, names } = await schedulesOf(opened.ticketId);
    expect(names).toEqual([`sla-${opened.ticketId}-breach-v2`, `sla-${opened.ticketId}-warning-v2`]);

    // The version-2 warning goes out at its instant (12:00 Paris deadline, 30 minutes before)...
    clock.set(changed.json.sla.deadline);
    clock.advance(-29 * MINUTE);
    await local.fire();
    expect(await mailAbout(stack, opened.ticketId, 'SLA warning')).toHaveLength(1);
    const warned = await getTicket(stack, opened.ticketId);
    // ...then the version-1 schedules come back (their deletion lost), due now, and the emulator fires them:
    // the table, the mailbox and the schedules are exactly as before.
    const due = `at(${clock().toISOString().slice(0, 19)})`;
    for (const schedule of v1) {
      await client.send(
        new CreateScheduleCommand({
          Name: schedule.Name,
          GroupName: schedule.GroupName,
          ScheduleExpression: due,
          FlexibleTimeWindow: schedule.FlexibleTimeWindow,
          ActionAfterCompletion: schedule.ActionAfterCompletion,
          Target: schedule.Target,
        }),
      );
    }
    expect((await schedulesOf(opened.ticketId)).names).toEqual([
      `sla-${opened.ticketId}-breach-v1`,
      `sla-${opened.ticketId}-breach-v2`,
      `sla-${opened.ticketId}-warning-v1`,
    ]);
    const [tableBefore, mailBefore] = [await scanTable(stack), await stack.sentMail()];
    expect(await local.fire()).toBe(2);
    expect(await scanTable(stack)).toEqual(tableBefore);
    expect(await stack.sentMail()).toEqual(mailBefore);
    expect((await schedulesOf(opened.ticketId)).names).toEqual([`sla-${opened.ticketId}-breach-v2`]);
    const after = await getTicket(stack, opened.ticketId);
    expect(after.sla).toMatchObject({ state: 'running', version: 2 });
    expect(after.history).toEqual(warned.history);
    expect(await mailAbout(stack, opened.ticketId, 'SLA warning')).toHaveLength(1);
    expect(await mailAbout(stack, opened.ticketId, 'SLA breached')).toHaveLength(0);
    const history = after.history ?? [];
    expect(history.find((event) => event.type === 'severity_changed')).toMatchObject({
      by: ADMIN_EMAIL,
      details: { from: 4, to: 1, reason: 'production is down', deadlineBefore: before },
    });
  });

  it('creates one ticket from duplicate webhook deliveries of the same external id', async () => {
    const { stack } = local;
    await putAccount(stack, 'ACME-DUP', 'production');
    const body = {
      supportId: 'ACME-DUP',
      openedBy: { email: ADMIN_EMAIL },
      severity: 3,
      product: 'Agent',
      subject: 'Duplicate delivery',
      channel: 'email',
      externalId: 'ZD-1001',
    };
    // Each redelivery is signed anew by the sender (an exact replay of one signed request is another guarantee).
    const now = unixSeconds(stack.clock());
    const responses = await Promise.all(
      [1, 2, 3, 4, 5].map((delivery) =>
        signedFetch<{ ticketId: string }>(stack, 'POST', '/tickets', body, { timestamp: now - delivery }),
      ),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(responses.map((response) => response.json.ticketId)).size).toBe(1);
  });

  it('starts closure only after contact attempts on three local dates, and a customer reply cancels it', async () => {
    const { stack } = local;
    clock.set('2026-12-14T08:00:00Z'); // Monday
    await putAccount(stack, 'ACME-CONTACT', 'production', { language: 'en' });
    const opened = await openTicket(stack, 'ACME-CONTACT', { severity: 4 });
    await signedFetch(stack, 'POST', `/tickets/${opened.ticketId}/responses`, { by: 'eng@vendor.example' });
    const attempt = (at: string) =>
      signedFetch<{ status: string; autoCloseAt: string | null }>(
        stack,
        'POST',
        `/tickets/${opened.ticketId}/contact-attempts`,
        { by: 'eng@vendor.example', channel: 'phone', at },
      );
    // Three attempts on two Paris dates (14 and 15 December) do not start closure.
    clock.set('2026-12-14T10:00:00Z');
    expect((await attempt('2026-12-14T09:10:00Z')).json.status).toBe('responded');
    expect((await attempt('2026-12-14T09:20:00Z')).json.status).toBe('responded');
    clock.set('2026-12-15T10:00:00Z');
    expect((await attempt('2026-12-15T09:00:00Z')).json.status).toBe('responded');
    // The third date does.
    clock.set('2026-12-16T10:00:00Z');
    const third = await attempt('2026-12-16T09:00:00Z');
    expect(third.json).toMatchObject({ status: 'pending_closure', autoCloseAt: '2026-12-17T09:00:00.000Z' });
    expect(await mailAbout(stack, opened.ticketId, 'will be closed')).toHaveLength(1);
    // A customer reply cancels it, and the auto-close timer firing later does nothing.
    const reply = await signedFetch<{ status: string; autoCloseAt: string | null }>(
      stack,
      'POST',
      `/tickets/${opened.ticketId}/customer-replies`,
      {},
    );
    expect(reply.json).toMatchObject({ status: 'responded', autoCloseAt: null });
    await advance(2 * 24 * 60 * MINUTE);
    expect((await getTicket(stack, opened.ticketId)).status).toBe('responded');
    expect(await mailAbout(stack, opened.ticketId, 'has been closed')).toHaveLength(0);
  });

  it('closes a ticket automatically after the grace period when the customer does not reply', async () => {
    const { stack } = local;
    clock.set('2026-12-21T09:00:00Z');
    await putAccount(stack, 'ACME-SILENT', 'production', { language: 'en' });
    const opened = await openTicket(stack, 'ACME-SILENT', { severity: 4 });
    await signedFetch(stack, 'POST', `/tickets/${opened.ticketId}/responses`, { by: 'eng@vendor.example' });
    for (const day of ['21', '22', '23']) {
      clock.set(`2026-12-${day}T10:00:00Z`);
      await signedFetch(stack, 'POST', `/tickets/${opened.ticketId}/contact-attempts`, {
        by: 'eng@vendor.example',
        channel: 'email',
      });
    }
    await advance(24 * 60 * MINUTE + 2_000);
    const closed = await getTicket(stack, opened.ticketId);
    expect(closed).toMatchObject({ status: 'closed' });
    expect(
      closed.history?.some((event) => event.type === 'closed' && event.details?.resolution === 'no_response'),
    ).toBe(true);
    expect(await mailAbout(stack, opened.ticketId, 'has been closed')).toHaveLength(1);
  });

  it('catches a lost firing with the first sweep after the deadline: within one sweep period, dated at the deadline', async () => {
    const { stack } = local;
    // The sweeper's rate schedule runs on a grid (its creation + k periods): the ticket is opened so that its
    // deadline falls 1 s before a run, so any lag in what a sweep finds shows as a missed run.
    const base = Date.parse('2027-01-05T09:00:00Z');
    const phase = Date.parse(sweeperNextFireAt()) % SWEEP_PERIOD_MS;
    clock.set(new Date(base + ((((phase - 1_000 - base) % SWEEP_PERIOD_MS) + SWEEP_PERIOD_MS) % SWEEP_PERIOD_MS)));
    await putAccount(stack, 'ACME-LOST', 'premier');
    const opened = await openTicket(stack, 'ACME-LOST', { severity: 2 });
    const deadline = Date.parse(opened.sla.deadline as string);
    const { client, names } = await schedulesOf(opened.ticketId);
    for (const name of names) {
      await client.send(new DeleteScheduleCommand({ Name: name, GroupName: stack.scheduleGroup }));
    }
    expect((await schedulesOf(opened.ticketId)).names).toEqual([]);
    // Only the sweeper's rate schedule is left to notice: at the deadline nothing is due yet...
    clock.set(new Date(deadline));
    await local.fire();
    expect((await getTicket(stack, opened.ticketId)).sla.state).toBe('running');
    expect(await mailAbout(stack, opened.ticketId, 'SLA breached')).toHaveLength(0);
    // ...and the sweeper's next run, 1 s later (well within one period), finds the breach, dates it at the
    // deadline and alerts it once: the alert is in the SES server's store at the clock's deadline + 1 s.
    const nextSweep = Date.parse(sweeperNextFireAt());
    expect(nextSweep - deadline).toBe(1_000);
    expect(nextSweep - deadline).toBeLessThanOrEqual(SWEEP_PERIOD_MS);
    clock.set(new Date(nextSweep));
    await local.fire();
    const found = await getTicket(stack, opened.ticketId);
    expect(found.sla).toMatchObject({ state: 'breached', breachedAt: opened.sla.deadline });
    const alerts = await mailAbout(stack, opened.ticketId, 'SLA breached');
    expect(alerts).toHaveLength(1);
  });
});

describe('an early firing', () => {
  it('does nothing before the instant and sets its own schedule again; a stale one sets nothing', async () => {
    const { stack } = local;
    clock.set('2027-01-20T09:00:00Z');
    await putAccount(stack, 'ACME-EARLY', 'production');
    const opened = await openTicket(stack, 'ACME-EARLY', { severity: 1 });
    const { client } = await schedulesOf(opened.ticketId);
    const breach = `sla-${opened.ticketId}-breach-v1`;
    // Scheduler deletes a schedule once it has fired: as if this one had fired early.
    await client.send(new DeleteScheduleCommand({ Name: breach, GroupName: stack.scheduleGroup }));
    await stack.invoker.invoke('sla-timer', { ticketId: opened.ticketId, kind: 'breach', version: 1 });
    expect((await getTicket(stack, opened.ticketId)).sla.state).toBe('running');
    expect((await schedulesOf(opened.ticketId)).names).toContain(breach);
    // A firing for a version the ticket no longer has re-creates nothing.
    await client.send(new DeleteScheduleCommand({ Name: breach, GroupName: stack.scheduleGroup }));
    await stack.invoker.invoke('sla-timer', { ticketId: opened.ticketId, kind: 'breach', version: 7 });
    expect((await schedulesOf(opened.ticketId)).names).not.toContain(breach);
  });
});

describe('an SES outage during a breach', () => {
  it('retries the breach e-mail until SES answers and sends it exactly once', async () => {
    const { stack } = local;
    clock.set('2027-01-12T09:00:00Z');
    await putAccount(stack, 'ACME-SES', 'production');
    const opened = await openTicket(stack, 'ACME-SES', { severity: 1 });
    // SES throttling is a fault the local server cannot produce, so it is injected into the real client.
    const ses = mockClient(SESv2Client);
    ses
      .on(SendEmailCommand)
      .rejects(new TooManyRequestsException({ message: 'Maximum sending rate exceeded', $metadata: {} }));
    try {
      await advance(61 * MINUTE);
      const breached = await getTicket(stack, opened.ticketId);
      expect(breached.sla.state).toBe('breached');
      expect(breached.breachNotifiedAt).toBeNull();
      expect(ses.commandCalls(SendEmailCommand).length).toBeGreaterThan(0);
      // A firing that cannot send the alert fails, so Scheduler retries it rather than taking it as done.
      await expect(
        stack.invoker.invoke('sla-timer', { ticketId: opened.ticketId, kind: 'breach', version: 1 }),
      ).rejects.toThrow(/not sent yet/);
    } finally {
      ses.restore();
    }
    expect(await mailAbout(stack, opened.ticketId, 'SLA breached')).toHaveLength(0);
    // The scheduler retries the failed invocation; the sweeper would too. Either way, one e-mail.
    for (let i = 0; i < 5; i++) await advance(MINUTE);
    expect(await mailAbout(stack, opened.ticketId, 'SLA breached')).toHaveLength(1);
    expect((await getTicket(stack, opened.ticketId)).breachNotifiedAt).not.toBeNull();
  });
});

const ADMIN_EMAIL = 'admin@customer.example';
// The sweeper's period, read from its schedule (`rate(1 minute)`): the longest a lost firing may go unnoticed.
const SWEEP_PERIOD_MS = (() => {
  const rate = /^rate\((\d+) minutes?\)$/.exec(SWEEPER_SCHEDULE.expression);
  if (!rate) throw new Error(`unexpected sweeper schedule ${SWEEPER_SCHEDULE.expression}`);
  return Number(rate[1]) * MINUTE;
})();
