/**
 * Races through the real HTTP API (DESIGN §4, §5): many deliveries of the same event, and many different
 * events on one ticket, all in flight at once against DynamoDB Local and the scheduler emulator.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { unixSeconds } from '../../local/sign.ts';
import type { Severity } from '../../shared/policy/schema.ts';
import { manualClock } from '../../shared/time/clock.ts';
import {
  ADMIN,
  getTicket,
  mailAbout,
  openTicket,
  putAccount,
  type TicketJson,
  ticketBody,
} from '../support/fixtures.ts';
import { type SignedResponse, scanTable, signedFetch, useLocalStack } from '../support/local-stack.ts';

const MINUTE = 60_000;
// Tuesday 1 December 2026, 10:00 in Paris. The clock stands still during a race: its events share one instant.
const clock = manualClock('2026-12-01T09:00:00Z');
const local = useLocalStack({ clock });

/** The ticket items (`TICKET#<id>` / `TICKET`) of the table that belong to `supportId`. */
async function ticketItemsOf(supportId: string) {
  return (await scanTable(local.stack)).filter(
    (item) => item.pk?.S?.startsWith('TICKET#') && item.sk?.S === 'TICKET' && item.supportId?.S === supportId,
  );
}

/** The names of the schedules the emulator holds for a ticket, whatever their kind and version. */
const schedulesOf = (ticketId: string) =>
  local.stack.emulator
    .schedules()
    .filter((schedule) => schedule.name.startsWith(`sla-${ticketId}-`))
    .map((schedule) => schedule.name)
    .sort();

const describeFailures = (answers: SignedResponse[]) =>
  answers.filter((answer) => answer.status !== 200).map((answer) => `${answer.status} ${answer.text}`);

describe('100 simultaneous deliveries of the same ticket', () => {
  it('create exactly one ticket: one 201, and 99 × 200 that return the same ticket', async () => {
    const { stack } = local;
    await putAccount(stack, 'RACE-INTAKE', 'production');
    const body = ticketBody('RACE-INTAKE', { externalId: 'ZD-RACE-100', severity: 2 });

    // Each delivery signed anew, as a sender's retries are (an exact replay of one signed request is another guarantee).
    const now = unixSeconds(stack.clock());
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, delivery) =>
        signedFetch<TicketJson>(stack, 'POST', '/tickets', body, { timestamp: now - delivery }),
      ),
    );

    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(
      statuses.filter((status) => status === 200),
      describeFailures(answers).join('\n'),
    ).toHaveLength(99);
    const ticketIds = [...new Set(answers.map((answer) => answer.json.ticketId))];
    expect(ticketIds).toHaveLength(1);
    expect((await ticketItemsOf('RACE-INTAKE')).map((item) => item.ticketId?.S)).toEqual(ticketIds);
    // One acknowledgement too, not one per delivery.
    expect(await mailAbout(stack, ticketIds[0] as string, '')).toHaveLength(1);
  });
});

describe('50 severity changes and a response, all at once on one ticket', () => {
  const OPENING_SEVERITY = 3;
  // Seeded: every run races the same 50 changes.
  const severities = fc.sample(fc.constantFrom<Severity>(1, 2, 3, 4), { numRuns: 50, seed: 20261201 });
  // The race happens 40 minutes after the opening: the response uses time, and every deadline the race
  // can produce is later (escalating to severity 1 leaves 60 minutes from the change).
  const RACE_AFTER_MINUTES = 40;
  let opened: TicketJson;
  let openedAtMs: number;
  let changes: SignedResponse<TicketJson>[];
  let response: SignedResponse<TicketJson>;
  let final: TicketJson;
  let severityEvents: NonNullable<TicketJson['history']>;

  beforeAll(async () => {
    const { stack } = local;
    await putAccount(stack, 'RACE-SEVERITY', 'production');
    opened = await openTicket(stack, 'RACE-SEVERITY', { severity: OPENING_SEVERITY });
    openedAtMs = clock().getTime();
    clock.advance(RACE_AFTER_MINUTES * MINUTE);
    const change = (severity: Severity, index: number) =>
      signedFetch<TicketJson>(stack, 'POST', `/tickets/${opened.ticketId}/severity`, {
        severity,
        changedBy: ADMIN,
        reason: `change ${index}`,
      });
    // The response is sent in the middle of the changes, so it races both earlier and later ones.
    const first = severities.slice(0, 25).map((severity, index) => change(severity, index));
    const responding = signedFetch<TicketJson>(stack, 'POST', `/tickets/${opened.ticketId}/responses`, {
      by: 'engineer@vendor.example',
    });
    const rest = severities.slice(25).map((severity, index) => change(severity, 25 + index));
    [changes, response] = await Promise.all([Promise.all([...first, ...rest]), responding]);
    final = await getTicket(stack, opened.ticketId);
    severityEvents = (final.history ?? []).filter((event) => event.type === 'severity_changed');
  }, 120_000);

  it('answers every change and the response with 200', () => {
    expect(describeFailures([...changes, response])).toEqual([]);
    expect(response.json.sla.state).toBe('met');
  });

  it('keeps every change that moved the severity, once, with who and why, and the one response', () => {
    // A change to the severity the ticket already has changes nothing, so it is not recorded (a redelivery).
    const reasons = severityEvents.map((event) => event.details?.reason as string);
    expect(new Set(reasons).size).toBe(reasons.length);
    const sent = new Set(severities.map((_severity, index) => `change ${index}`));
    expect(reasons.every((reason) => sent.has(reason))).toBe(true);
    expect(severityEvents.every((event) => event.details?.from !== event.details?.to)).toBe(true);
    if (new Set([OPENING_SEVERITY, ...severities]).size > 1) expect(severityEvents.length).toBeGreaterThan(0);
    expect(severityEvents.every((event) => event.by === ADMIN)).toBe(true);
    expect((final.history ?? []).filter((event) => event.type === 'responded')).toHaveLength(1);
  });

  it('applies each change on top of the one before: from → to steps chain from severity 3 to the final one', () => {
    // In a chain, every severity is left as often as it is reached, except the start (+1) and the end (-1).
    const balance = new Map<number, number>([
      [1, 0],
      [2, 0],
      [3, 0],
      [4, 0],
    ]);
    const step = (severity: number, by: number) => balance.set(severity, (balance.get(severity) ?? 0) + by);
    for (const event of severityEvents) {
      step(event.details?.from as number, 1);
      step(event.details?.to as number, -1);
    }
    step(OPENING_SEVERITY, -1);
    step(final.severity, 1);
    expect(Object.fromEntries(balance)).toEqual({ 1: 0, 2: 0, 3: 0, 4: 0 });
  });

  it('lists the history in the order the changes were applied: the last change listed is the final severity', () => {
    expect(severityEvents.at(-1)?.details?.to).toBe(final.severity);
  });

  it('ends met and responded, 40 minutes after the opening and before the deadline, on a newer SLA version', () => {
    expect(final.status).toBe('responded');
    expect(final.sla.state).toBe('met');
    expect(final.sla.respondedAt).toBe(clock().toISOString());
    expect(Date.parse(final.sla.respondedAt as string) - openedAtMs).toBe(RACE_AFTER_MINUTES * MINUTE);
    expect(final.sla.elapsedMinutes).toBe(RACE_AFTER_MINUTES);
    expect(Date.parse(final.sla.respondedAt as string)).toBeLessThanOrEqual(Date.parse(final.sla.deadline as string));
    expect(final.sla.version).toBeGreaterThan(opened.sla.version);
  });

  it('leaves no schedule in the scheduler: a met ticket wants none', () => {
    expect(final.timers).toEqual([]);
    expect(schedulesOf(opened.ticketId)).toEqual([]);
  });

  it('and any stale schedule that fires anyway changes nothing and sends nothing', async () => {
    const { stack } = local;
    const before = await getTicket(stack, opened.ticketId);
    // Past every deadline any version of the race could have had (severity 4 on production: 8 h).
    clock.advance(9 * 60 * MINUTE);
    await local.fire();
    const after = await getTicket(stack, opened.ticketId);
    expect(after.sla).toEqual(before.sla);
    expect(after.history).toEqual(before.history);
    expect(await mailAbout(stack, opened.ticketId, 'SLA warning')).toEqual([]);
    expect(await mailAbout(stack, opened.ticketId, 'SLA breached')).toEqual([]);
    expect(schedulesOf(opened.ticketId)).toEqual([]);
  });
});
