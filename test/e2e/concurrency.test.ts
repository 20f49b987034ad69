/**
 * Races through the real HTTP API (DESIGN §4, §5): many deliveries of the same event, and many different
 * events on one ticket, all in flight at once against DynamoDB Local and the scheduler emulator.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../shared/time/clock.ts';
import { ADMIN, getTicket, openTicket, putAccount, type TicketJson, ticketBody } from '../support/fixtures.ts';
import { scanTable, signedFetch, useLocalStack } from '../support/local-stack.ts';

// Tuesday 1 December 2026, 10:00 in Paris. The clock stands still: every event of a race shares one instant.
const clock = manualClock('2026-12-01T09:00:00Z');
const local = useLocalStack({ clock });

/** The ticket items of the table (`TICKET#<id>` / `TICKET`) that belong to `supportId`. */
async function ticketItemsOf(supportId: string) {
  return (await scanTable(local.stack)).filter(
    (item) => item.pk?.S?.startsWith('TICKET#') && item.sk?.S === 'TICKET' && item.supportId?.S === supportId,
  );
}

/** The schedules the emulator holds for a ticket, whatever their version. */
const schedulesOf = (ticketId: string) =>
  local.stack.emulator
    .schedules()
    .filter((schedule) => schedule.name.startsWith(`sla-${ticketId}-`))
    .map((schedule) => schedule.name)
    .sort();

describe('100 simultaneous deliveries of the same ticket', () => {
  it('create exactly one ticket: one 201, and 99 × 200 that return the same ticket', async () => {
    const { stack } = local;
    await putAccount(stack, 'RACE-INTAKE', 'production');
    const body = ticketBody('RACE-INTAKE', { externalId: 'ZD-RACE-100', severity: 2 });

    const responses = await Promise.all(
      Array.from({ length: 100 }, () => signedFetch<TicketJson>(stack, 'POST', '/tickets', body)),
    );

    const statuses = responses.map((response) => response.status);
    expect(
      statuses.filter((status) => status !== 200 && status !== 201),
      responses.find((r) => r.status >= 300)?.text,
    ).toEqual([]);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 200)).toHaveLength(99);
    const ids = new Set(responses.map((response) => response.json.ticketId));
    expect(ids.size).toBe(1);
    const items = await ticketItemsOf('RACE-INTAKE');
    expect(items.map((item) => item.ticketId?.S)).toEqual([...ids]);
    // One acknowledgement, not one per delivery.
    const acknowledgements = (await stack.sentMail()).filter((mail) => mail.subject.includes([...ids][0] as string));
    expect(acknowledgements).toHaveLength(1);
  });
});

describe('50 severity changes and a response, all at once on one ticket', () => {
  it('answers each with 200 and ends met, with every change in the history and no schedule left', async () => {
    const { stack } = local;
    await putAccount(stack, 'RACE-SEVERITY', 'production');
    const opened = await openTicket(stack, 'RACE-SEVERITY', { severity: 3 });
    expect(opened.sla).toMatchObject({ state: 'running', version: 1 });
    expect(schedulesOf(opened.ticketId)).toHaveLength(2);

    const severities = fc.sample(fc.constantFrom(1, 2, 3, 4), 50);
    const changes = severities.map((severity, index) =>
      signedFetch<TicketJson>(stack, 'POST', `/tickets/${opened.ticketId}/severity`, {
        severity,
        changedBy: ADMIN,
        reason: `change ${index}`,
      }),
    );
    // The response joins the race in the middle of the changes rather than after all of them.
    const response = signedFetch<TicketJson>(stack, 'POST', `/tickets/${opened.ticketId}/responses`, {
      by: 'engineer@vendor.example',
    });
    const answers = await Promise.all([...changes.slice(0, 25), response, ...changes.slice(25)]);

    const failures = answers
      .filter((answer) => answer.status !== 200)
      .map((answer) => `${answer.status} ${answer.text}`);
    expect(failures).toEqual([]);

    const final = await getTicket(stack, opened.ticketId);
    const history = final.history ?? [];
    const severityEvents = history.filter((event) => event.type === 'severity_changed');
    expect(severityEvents).toHaveLength(50);
    expect(severityEvents.map((event) => event.details?.reason).sort()).toEqual(
      severities.map((_severity, index) => `change ${index}`).sort(),
    );
    expect(history.filter((event) => event.type === 'responded')).toHaveLength(1);

    // Each change was applied on top of the one before it: followed from the opening severity, the
    // changes' from → to steps form one unbroken chain that ends at the final severity.
    const balance = new Map<number, number>();
    for (const event of severityEvents) {
      const { from, to } = event.details as { from: number; to: number };
      balance.set(from, (balance.get(from) ?? 0) + 1);
      balance.set(to, (balance.get(to) ?? 0) - 1);
    }
    const expectedBalance = new Map<number, number>();
    expectedBalance.set(3, 1);
    expectedBalance.set(final.severity, (expectedBalance.get(final.severity) ?? 0) - 1);
    for (const severity of [1, 2, 3, 4]) {
      expect(balance.get(severity) ?? 0, `changes leaving minus changes reaching severity ${severity}`).toBe(
        expectedBalance.get(severity) ?? 0,
      );
    }
    // History order is application order: the last change listed is the one the ticket shows.
    expect(severityEvents.at(-1)?.details?.to).toBe(final.severity);

    expect(final.status).toBe('responded');
    expect(final.sla.state).toBe('met');
    expect(final.sla.respondedAt).toBe(clock().toISOString());
    expect(Date.parse(final.sla.respondedAt as string)).toBeLessThanOrEqual(Date.parse(final.sla.deadline as string));
    expect(final.sla.version).toBeGreaterThan(opened.sla.version);
    expect(final.timers).toEqual([]);
    expect(schedulesOf(opened.ticketId)).toEqual([]);
  });
});
