/**
 * TicketService's use cases (DESIGN §5, §7, §11) over small in-memory ports (test/support/memory-ports.ts): the
 * conditional write and its retries, timers after a write, the outbox's claim-send-remove, the timer handler, the
 * sweeper's bounds and back-off, and the read side. Fast, so a mutation run can afford them; the same flows run
 * against DynamoDB Local, Scheduler and SES in test/integration and test/e2e.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Connection } from '#shared/connections/connection.ts';
import { renderEmail } from '#shared/mail/render.ts';
import { loadPolicy } from '#shared/policy/load-policy.ts';
import { RevisionConflict } from '#shared/ports.ts';
import { DomainError } from '#shared/sla/errors.ts';
import type { AggregateRow } from '#shared/tickets/aggregates.ts';
import type { OpenRequest } from '#shared/tickets/decisions.ts';
import { boundedOutbox, SWEEP_POISON_FAILURES, TicketService, ticketView } from '#shared/tickets/service.ts';
import type { Account, OutboxMail, Ticket } from '#shared/tickets/ticket.ts';
import { manualClock } from '#shared/time/clock.ts';
import { accountOf } from '../support/domain.ts';
import { MemoryMailer, MemoryStore, MemoryTelemetry, MemoryTimers } from '../support/memory-ports.ts';

const policy = loadPolicy(undefined);
const MINUTE = 60_000;
const OPENED = '2026-12-01T09:00:00.000Z';
const ADMIN = 'admin@acme.example';
const at = (minutes: number, extraMs = 0) => new Date(Date.parse(OPENED) + minutes * MINUTE + extraMs).toISOString();

const account = (overrides: Partial<Account> = {}): Account =>
  accountOf({ caseAdministrators: [ADMIN], supportPartners: ['P1'], updatedAt: OPENED, ...overrides });

const request = (overrides: Partial<OpenRequest> = {}): OpenRequest => ({
  supportId: 'ACME',
  openedBy: { email: ADMIN },
  severity: 1,
  product: 'Agent',
  subject: 'Down',
  channel: 'web',
  openedAt: OPENED,
  ...overrides,
});

function setup(now: string = OPENED) {
  const store = new MemoryStore();
  const timers = new MemoryTimers();
  const mailer = new MemoryMailer();
  const telemetry = new MemoryTelemetry();
  const clock = manualClock(now);
  let n = 0;
  const service = new TicketService({
    store,
    timers,
    mailer,
    render: renderEmail,
    policy,
    clock,
    telemetry,
    recipients: { supportQueue: 'queue@vendor.example', dutyManager: 'duty@vendor.example' },
    schedulerPrecisionSeconds: 1,
    newId: () => `id-${++n}`,
  });
  store.accounts.set('ACME', account());
  return { store, timers, mailer, telemetry, clock, service };
}

type Setup = ReturnType<typeof setup>;

async function opened(s: Setup, overrides: Partial<OpenRequest> = {}): Promise<Ticket> {
  return (await s.service.open(request(overrides))).ticket;
}

const historyTypes = async (s: Setup, ticketId: string) => (await s.store.getHistory(ticketId)).map((e) => e.type);
const stored = (s: Setup, ticketId: string) => s.store.tickets.get(ticketId) as Ticket;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('opening a ticket', () => {
  it('writes revision 1 with its history, schedules its timers and mails the opener', async () => {
    const s = setup();
    const result = await s.service.open(request(), { connectionId: 'conn-7', accounts: null });
    expect(result.created).toBe(true);
    const ticket = stored(s, result.ticket.ticketId);
    expect(ticket.revision).toBe(2); // 1 written, 2 once the acknowledgement left the outbox
    expect(ticket.outbox).toEqual([]);
    expect(result.ticket).toEqual(ticket);
    const history = await s.store.getHistory(ticket.ticketId);
    expect(history.map((event) => [event.type, event.connectionId])).toEqual([
      ['opened', 'conn-7'],
      ['mail_sent', undefined],
    ]);
    expect(history[1]?.details).toEqual({ template: 'ticket_opened', to: [ADMIN] });
    expect(s.mailer.sent.map((mail) => mail.to)).toEqual([[ADMIN]]);
    expect(s.mailer.sent[0]?.email.subject).toContain(ticket.ticketId);
    expect(s.timers.names()).toEqual([`sla-${ticket.ticketId}-breach-v1`, `sla-${ticket.ticketId}-warning-v1`]);
    expect(s.timers.scheduled.get(`sla-${ticket.ticketId}-breach-v1`)?.at).toBe('2026-12-01T10:00:01.000Z');
    expect(s.telemetry.counts.filter((c) => c.metric === 'ticketsOpened')).toEqual([
      { metric: 'ticketsOpened', value: 1, dimensions: { Program: 'production', Severity: '1' } },
    ]);
    // Only the acknowledgement went out, and nothing was read back: no schedule to cancel, no overtaking to check.
    expect(s.telemetry.total('breachAlertsSent')).toBe(0);
    expect(s.telemetry.total('warningsSent')).toBe(0);
    expect(s.timers.cancelled).toEqual([[]]);
    expect(s.store.reads).toBe(0);
  });

  it('answers an account out of the connection’s reach as unknown, like a missing one', async () => {
    const s = setup();
    await expect(s.service.open(request(), { connectionId: 'c', accounts: ['OTHER'] })).rejects.toMatchObject({
      code: 'unknown_support_id',
    });
    await expect(s.service.open(request({ supportId: 'NOPE' }))).rejects.toMatchObject({
      code: 'unknown_support_id',
      message: 'no account with support ID NOPE',
    });
    const reached = await s.service.open(request(), { connectionId: 'c', accounts: ['ACME'] });
    expect(reached.created).toBe(true);
    expect(s.store.tickets.size).toBe(1);
  });

  it('mails a partner’s registered contact, and reads the partner only if the account lists it', async () => {
    const s = setup();
    s.store.partners.set('P1', {
      partnerId: 'P1',
      name: 'Partner',
      contacts: ['Pat@Partner.example'],
      updatedAt: OPENED,
    });
    await opened(s, { openedBy: { email: 'pat@partner.example', partnerId: 'P1' } });
    expect(s.mailer.sent.map((mail) => mail.to)).toEqual([['Pat@Partner.example']]);
    expect(s.store.callsOf('getPartner')).toEqual([['P1']]);
    await expect(opened(s, { openedBy: { email: 'x@other.example', partnerId: 'P2' } })).rejects.toMatchObject({
      code: 'not_authorized_opener',
    });
    expect(s.store.callsOf('getPartner')).toEqual([['P1']]);
  });

  it('returns the first ticket for a redelivered external id, without a second ticket, mail or count', async () => {
    const s = setup();
    const first = await s.service.open(request({ externalId: 'EXT-1' }));
    const again = await s.service.open(request({ externalId: 'EXT-1', subject: 'Down again' }));
    expect(again).toEqual({ ticket: stored(s, first.ticket.ticketId), created: false });
    expect(s.store.tickets.size).toBe(1);
    expect(s.mailer.sent).toHaveLength(1);
    expect(s.telemetry.total('ticketsOpened')).toBe(1);
    // Without an external id, the same request is a new ticket.
    await opened(s);
    await opened(s);
    expect(s.store.tickets.size).toBe(3);
  });

  it('fails loudly when the external id points at a ticket that is gone', async () => {
    const s = setup();
    s.store.externalIds.set('EXT-9', 'ghost');
    await expect(s.service.open(request({ externalId: 'EXT-9' }))).rejects.toThrow(
      'external id points at missing ticket ghost',
    );
  });

  it('handles at once what is already due: a ticket opened past its deadline pages the duty manager', async () => {
    const s = setup(at(90));
    const ticket = await opened(s);
    expect(ticket.sla.state).toBe('breached');
    expect(ticket.breachNotifiedAt).toBe(at(90));
    expect(s.mailer.sent.map((mail) => mail.to)).toEqual([[ADMIN], ['duty@vendor.example', 'queue@vendor.example']]);
    // Past its deadline, the clock is breached before any warning could go out: no warning.
    expect(s.timers.names()).toEqual([]);
    expect(s.telemetry.total('breachAlertsSent')).toBe(1);
    expect(s.telemetry.total('warningsSent')).toBe(0);
  });
});

describe('changing a ticket', () => {
  it('is one conditional write on the revision read, stamped with the actor', async () => {
    const s = setup(at(10));
    const ticket = await opened(s);
    const saves = s.store.saves;
    const answered = await s.service.respond(
      ticket.ticketId,
      { by: 'eng@vendor.example', at: at(10) },
      { connectionId: 'conn-3', accounts: ['ACME'] },
    );
    expect(answered).toMatchObject({ status: 'responded', revision: ticket.revision + 1, updatedAt: at(10) });
    expect(answered.sla).toMatchObject({ state: 'met', elapsedMinutes: 10 });
    expect(s.store.saves).toBe(saves + 1);
    const history = await s.store.getHistory(ticket.ticketId);
    expect(history.at(-1)).toMatchObject({ type: 'responded', by: 'eng@vendor.example', connectionId: 'conn-3' });
    expect(s.telemetry.counts.filter((c) => c.metric === 'firstResponseMinutes' || c.metric === 'slaMet')).toEqual([
      { metric: 'firstResponseMinutes', value: 10, dimensions: { Program: 'production' } },
      { metric: 'slaMet', value: 1, dimensions: { Program: 'production' } },
    ]);
    expect(s.telemetry.total('slaBreached')).toBe(0);
    // The met clock needs no timers: both are cancelled.
    expect(s.timers.names()).toEqual([]);
    expect(s.timers.cancelled.at(-1)?.sort()).toEqual([
      `sla-${ticket.ticketId}-breach-v1`,
      `sla-${ticket.ticketId}-warning-v1`,
    ]);
    // A second response is history, not another first response.
    await s.service.respond(ticket.ticketId, { by: 'eng@vendor.example', at: at(11) });
    expect(s.telemetry.total('firstResponseMinutes')).toBe(10);
  });

  it('counts a late first response as breached, not met, and sends the breach alert in the same request', async () => {
    const s = setup();
    const ticket = await opened(s);
    s.clock.set(at(70));
    const late = await s.service.respond(ticket.ticketId, { by: 'eng@vendor.example', at: at(70) });
    expect(late.sla).toMatchObject({ state: 'breached', elapsedMinutes: 70 });
    expect(late.breachNotifiedAt).toBe(at(70));
    expect(s.telemetry.total('slaMet')).toBe(0);
    expect(s.telemetry.counts.filter((c) => c.metric === 'slaBreached')).toEqual([
      { metric: 'slaBreached', value: 1, dimensions: { Program: 'production' } },
    ]);
    expect(await historyTypes(s, ticket.ticketId)).toEqual([
      'opened',
      'mail_sent',
      'responded',
      'breached',
      'mail_sent',
    ]);
    // Already breached: a close does not count a second breach.
    await s.service.close(ticket.ticketId, { by: 'eng', resolution: 'fixed', at: at(71) });
    expect(s.telemetry.total('slaBreached')).toBe(1);
  });

  it('answers a ticket out of reach, or missing, as not found; a no-op decision writes nothing', async () => {
    const s = setup();
    const ticket = await opened(s);
    await expect(
      s.service.respond(ticket.ticketId, { by: 'e', at: at(1) }, { connectionId: 'c', accounts: ['OTHER'] }),
    ).rejects.toMatchObject({ code: 'ticket_not_found', message: `no ticket ${ticket.ticketId}` });
    await expect(s.service.respond('missing', { by: 'e', at: at(1) })).rejects.toMatchObject({
      code: 'ticket_not_found',
      message: 'no ticket missing',
    });
    const saves = s.store.saves;
    const same = await s.service.changeSeverity(ticket.ticketId, { severity: 1, changedBy: 'e', at: at(1) });
    expect(same).toEqual(stored(s, ticket.ticketId));
    expect(s.store.saves).toBe(saves);
  });

  it('retries on a concurrent write, deciding again on the fresh ticket, so neither change is lost', async () => {
    const s = setup();
    const ticket = await opened(s);
    let raced = false;
    s.store.beforeSave = (_next, expected) => {
      if (raced) return;
      raced = true;
      const current = stored(s, ticket.ticketId);
      s.store.tickets.set(ticket.ticketId, { ...current, subject: 'changed meanwhile', revision: expected + 1 });
    };
    const answered = await s.service.respond(ticket.ticketId, { by: 'eng', at: at(5) });
    expect(answered).toMatchObject({
      subject: 'changed meanwhile',
      status: 'responded',
      revision: ticket.revision + 2,
    });
    expect(stored(s, ticket.ticketId)).toEqual(answered);
  });

  it('propagates a failure that is not a conflict, and gives up after 30 conflicts in a row', async () => {
    const s = setup();
    const ticket = await opened(s);
    s.store.beforeSave = () => {
      throw new Error('throttled');
    };
    await expect(s.service.respond(ticket.ticketId, { by: 'eng', at: at(5) })).rejects.toThrow('throttled');
    vi.spyOn(Math, 'random').mockReturnValue(0);
    let attempts = 0;
    s.store.beforeSave = () => {
      attempts += 1;
      throw new RevisionConflict('always');
    };
    await expect(s.service.respond(ticket.ticketId, { by: 'eng', at: at(5) })).rejects.toThrow(
      `ticket ${ticket.ticketId} is changing too fast to update (30 conflicts)`,
    );
    expect(attempts).toBe(30);
  });

  it('routes each use case to its decision', async () => {
    const s = setup();
    const ticket = await opened(s);
    const id = ticket.ticketId;
    expect((await s.service.changeSeverity(id, { severity: 2, changedBy: 'e', reason: 'r', at: at(1) })).severity).toBe(
      2,
    );
    expect((await s.service.contactAttempt(id, { by: 'e', channel: 'phone', at: at(2) })).contactAttemptCount).toBe(1);
    expect((await s.service.customerReply(id, { at: at(3) })).lastCustomerReplyAt).toBe(at(3));
    expect((await s.service.escalate(id, { by: 'c', message: 'help' })).lastEscalation?.message).toBe('help');
    expect((await s.service.close(id, { by: 'e', resolution: 'done', at: at(4) })).status).toBe('closed');
    expect(await historyTypes(s, id)).toEqual([
      'opened',
      'mail_sent',
      'severity_changed',
      'contact_attempt',
      'customer_reply',
      'escalated',
      'mail_sent',
      'mail_sent',
      'closed',
    ]);
  });
});

describe('timers after a write', () => {
  it('keeps the write when Scheduler fails, and logs it for the sweeper', async () => {
    const s = setup();
    s.timers.fail = true;
    const ticket = await opened(s);
    expect(stored(s, ticket.ticketId).revision).toBe(2);
    expect(s.telemetry.logs).toContainEqual({
      level: 'error',
      message: 'scheduling timers failed; the sweeper will catch them',
      attributes: { ticketId: ticket.ticketId, error: 'Error: scheduler unavailable' },
    });
  });

  it('replaces a version’s schedules, and deletes the new ones if a later writer overtook it meanwhile', async () => {
    const s = setup();
    const ticket = await opened(s);
    const id = ticket.ticketId;
    await s.service.changeSeverity(id, { severity: 2, changedBy: 'e', at: at(1) });
    expect(s.timers.names()).toEqual([`sla-${id}-breach-v2`, `sla-${id}-warning-v2`]);
    // Severity 3 while a concurrent response (revision + 1) lands as the schedules are created.
    s.timers.onEnsure = () => {
      s.timers.onEnsure = undefined;
      const current = stored(s, id);
      s.store.tickets.set(id, {
        ...current,
        revision: current.revision + 1,
        sla: { ...current.sla, state: 'met', respondedAt: at(2) },
      });
    };
    await s.service.changeSeverity(id, { severity: 3, changedBy: 'e', at: at(2) });
    expect(s.timers.names()).toEqual([]);
    expect(s.timers.cancelled.at(-1)?.sort()).toEqual([`sla-${id}-breach-v3`, `sla-${id}-warning-v3`]);
  });

  it('costs no extra cancel when nobody overtook the write', async () => {
    const s = setup();
    const ticket = await opened(s);
    const cancels = s.timers.cancelled.length;
    await s.service.changeSeverity(ticket.ticketId, { severity: 2, changedBy: 'e', at: at(1) });
    expect(s.timers.cancelled.length).toBe(cancels + 1);
    expect(s.timers.ensured.at(-1)?.sort()).toEqual([
      `sla-${ticket.ticketId}-breach-v2`,
      `sla-${ticket.ticketId}-warning-v2`,
    ]);
  });
});

describe('the outbox', () => {
  it('keeps an unsent mail under its claim, and a later sender sends it once the claim expired', async () => {
    const s = setup();
    s.mailer.failures = 1;
    const ticket = await opened(s);
    const held = stored(s, ticket.ticketId);
    expect(held.outbox).toHaveLength(1);
    expect(held.outbox[0]?.claimUntil).toBe(at(1));
    expect(s.telemetry.total('mailSendFailures')).toBe(1);
    expect(s.telemetry.logs).toContainEqual({
      level: 'error',
      message: 'sending e-mail failed; it stays in the outbox',
      attributes: { ticketId: ticket.ticketId, template: 'ticket_opened', error: 'Error: SES unavailable' },
    });
    // Within the claim, another sender leaves it alone.
    s.clock.set(at(0, 59_999));
    s.store.due = [{ ticketId: ticket.ticketId, key: 'k1' }];
    await s.service.sweep();
    expect(s.mailer.sent).toEqual([]);
    expect(stored(s, ticket.ticketId).revision).toBe(held.revision);
    // Once it expired, the sweeper claims it (one write), sends it and removes it (another).
    s.clock.set(at(1));
    const result = await s.service.sweep();
    expect(result.handled).toBe(1);
    expect(s.mailer.sent.map((mail) => mail.to)).toEqual([[ADMIN]]);
    const sent = stored(s, ticket.ticketId);
    expect(sent.outbox).toEqual([]);
    expect(sent.revision).toBe(held.revision + 2);
    expect(await historyTypes(s, ticket.ticketId)).toEqual(['opened', 'mail_sent']);
  });

  it('leaves a mail alone whose claim another sender took since it was read', async () => {
    const s = setup();
    s.mailer.failures = 1;
    const ticket = await opened(s);
    s.clock.set(at(2));
    s.store.beforeSave = (_next, expected) => {
      s.store.beforeSave = undefined;
      const current = stored(s, ticket.ticketId);
      s.store.tickets.set(ticket.ticketId, {
        ...current,
        revision: expected + 1,
        outbox: current.outbox.map((mail) => ({ ...mail, claimUntil: at(3) })),
      });
    };
    s.store.due = [{ ticketId: ticket.ticketId, key: 'k1' }];
    expect(await s.service.sweep()).toMatchObject({ failed: 0 });
    expect(s.mailer.sent).toEqual([]);
    expect(stored(s, ticket.ticketId).outbox[0]?.claimUntil).toBe(at(3));
    expect(s.telemetry.logs.filter((log) => log.level === 'error')).toHaveLength(1); // the first send only
  });

  it('retries marking a sent mail, and gives up to the sweeper after 5 failed writes', async () => {
    const s = setup();
    vi.spyOn(Math, 'random').mockReturnValue(0);
    let failures = 2;
    s.store.beforeSave = (next) => {
      if (next.outbox.length === 0 && failures-- > 0) throw new Error('throttled');
    };
    const ticket = await opened(s);
    expect(stored(s, ticket.ticketId).outbox).toEqual([]);
    expect(s.mailer.sent).toHaveLength(1);

    failures = 5;
    const second = await opened(s);
    expect(stored(s, second.ticketId).outbox).toHaveLength(1);
    expect(s.telemetry.logs).toContainEqual({
      level: 'error',
      message: 'e-mail delivery interrupted; the sweeper will retry it',
      attributes: { ticketId: second.ticketId, template: 'ticket_opened', error: 'Error: throttled' },
    });
  });

  it('keeps every alert and the 10 newest other mails', () => {
    const mail = (id: string, template: OutboxMail['template']): OutboxMail => ({
      id,
      template,
      language: 'en',
      to: ['x@example.com'],
      vars: {},
      createdAt: OPENED,
    });
    const others = Array.from({ length: 12 }, (_, i) => mail(`m${i}`, 'escalation_ack'));
    const ticket = { outbox: [mail('w', 'warning'), ...others, mail('b', 'breach')] } as Ticket;
    expect(boundedOutbox(ticket).outbox.map((m) => m.id)).toEqual(['w', ...others.slice(2).map((m) => m.id), 'b']);
    const ten = { outbox: [mail('w', 'warning'), ...others.slice(0, 10)] } as Ticket;
    expect(boundedOutbox(ten)).toBe(ten);
  });
});

describe('the timer handler', () => {
  it('sends the warning at warnAt, then the schedule is no longer wanted', async () => {
    const s = setup();
    const ticket = await opened(s);
    s.clock.set(at(45));
    const reads = s.store.reads;
    expect(await s.service.handleTimer({ ticketId: ticket.ticketId, kind: 'warning', version: 1 })).toBe('acted');
    // One read, one write, one send and its bookkeeping: the breach schedule exists, so nothing is created.
    expect(s.store.reads).toBe(reads + 1);
    expect(s.timers.ensured.at(-1)).toEqual([]);
    expect(s.mailer.sent.at(-1)?.to).toEqual(['queue@vendor.example']);
    expect(s.telemetry.total('warningsSent')).toBe(1);
    expect(stored(s, ticket.ticketId).warnedVersion).toBe(1);
    expect(s.timers.names()).toEqual([`sla-${ticket.ticketId}-breach-v1`]);
    // A repeated firing is a logged no-op that costs no Scheduler call.
    const ensures = s.timers.ensured.length;
    expect(await s.service.handleTimer({ ticketId: ticket.ticketId, kind: 'warning', version: 1 })).toBe('noop');
    expect(s.timers.ensured.length).toBe(ensures);
    expect(s.telemetry.total('timerNoOps')).toBe(1);
    expect(s.telemetry.logs.at(-1)).toEqual({
      level: 'info',
      message: 'timer no-op',
      attributes: { ticketId: ticket.ticketId, kind: 'warning', version: 1, slaVersion: 1, state: 'running' },
    });
  });

  it('re-arms an early firing’s own timer only', async () => {
    const s = setup();
    const ticket = await opened(s);
    s.clock.set(at(44));
    const ensures = s.timers.ensured.length;
    expect(await s.service.handleTimer({ ticketId: ticket.ticketId, kind: 'breach', version: 1 })).toBe('noop');
    expect(s.timers.ensured.slice(ensures)).toEqual([[`sla-${ticket.ticketId}-breach-v1`]]);
    expect(await s.service.handleTimer({ ticketId: ticket.ticketId, kind: 'breach', version: 0 })).toBe('noop');
    expect(await s.service.handleTimer({ ticketId: ticket.ticketId, kind: 'auto_close', version: 1 })).toBe('noop');
    expect(s.timers.ensured.length).toBe(ensures + 1);
  });

  it('is a no-op for an unknown ticket', async () => {
    const s = setup();
    expect(await s.service.handleTimer({ ticketId: 'gone', kind: 'breach', version: 1 })).toBe('noop');
    expect(s.telemetry.total('timerNoOps')).toBe(1);
    expect(s.telemetry.logs).toEqual([
      {
        level: 'warn',
        message: 'timer for an unknown ticket',
        attributes: { ticketId: 'gone', kind: 'breach', version: 1 },
      },
    ]);
  });

  it('reports failure while its alert is unsent, so Scheduler retries, and succeeds once it is sent', async () => {
    const s = setup();
    const ticket = await opened(s);
    s.clock.set(at(61));
    s.mailer.failures = Number.POSITIVE_INFINITY;
    await expect(s.service.handleTimer({ ticketId: ticket.ticketId, kind: 'breach', version: 1 })).rejects.toThrow(
      `alert for ticket ${ticket.ticketId} not sent yet; retrying`,
    );
    expect(stored(s, ticket.ticketId)).toMatchObject({ breachNotifiedAt: null });
    s.mailer.failures = 0;
    s.clock.set(at(63));
    expect(await s.service.handleTimer({ ticketId: ticket.ticketId, kind: 'breach', version: 1 })).toBe('noop');
    expect(stored(s, ticket.ticketId)).toMatchObject({ breachNotifiedAt: at(63), outbox: [] });
    expect(s.mailer.sent.filter((mail) => mail.to.includes('duty@vendor.example'))).toHaveLength(1);
  });

  it('does not fail for unsent customer mail: only alerts are retried through Scheduler', async () => {
    const s = setup(at(10));
    let ticket = await opened(s);
    ticket = await s.service.respond(ticket.ticketId, { by: 'eng', at: at(10) });
    for (const day of ['2026-12-01', '2026-12-02', '2026-12-03']) {
      s.clock.set(`${day}T12:00:00.000Z`);
      ticket = await s.service.contactAttempt(ticket.ticketId, {
        by: 'e',
        channel: 'phone',
        at: `${day}T12:00:00.000Z`,
      });
    }
    expect(ticket.autoCloseAt).toBe('2026-12-04T12:00:00.000Z');
    s.clock.set('2026-12-04T12:00:00.000Z');
    s.mailer.failures = Number.POSITIVE_INFINITY;
    expect(await s.service.handleTimer({ ticketId: ticket.ticketId, kind: 'auto_close', version: 3 })).toBe('acted');
    expect(stored(s, ticket.ticketId)).toMatchObject({ status: 'closed', resolution: 'no_response' });
    expect(stored(s, ticket.ticketId).outbox.map((mail) => mail.template)).toEqual(['closed_no_response']);
  });
});

describe('the sweeper', () => {
  async function dueTickets(s: Setup, count: number) {
    const tickets: Ticket[] = [];
    for (let i = 0; i < count; i++) tickets.push(await opened(s));
    s.store.due = tickets.map((ticket, i) => ({ ticketId: ticket.ticketId, key: `key-${i}` }));
    return tickets;
  }

  it('handles what fell due, reads at most its limit and resumes after the last one', async () => {
    const s = setup();
    const tickets = await dueTickets(s, 4);
    s.clock.set(at(46));
    const first = await s.service.sweep({ limit: 3 });
    expect(first).toEqual({ handled: 3, failed: 0, skipped: 0, poisoned: 0, resumeAfter: 'key-2' });
    expect(s.store.callsOf('listDue')).toEqual([[at(46), 3, undefined]]);
    expect(s.store.sweepState).toEqual({ after: 'key-2', failing: {} });
    expect(s.telemetry.counts.filter((c) => c.metric === 'sweeperFoundWork')).toEqual([
      { metric: 'sweeperFoundWork', value: 3, dimensions: undefined },
    ]);
    s.store.due = s.store.due.slice(3);
    const second = await s.service.sweep({ limit: 3 });
    expect(second).toEqual({ handled: 1, failed: 0, skipped: 0, poisoned: 0, resumeAfter: null });
    expect(s.store.callsOf('listDue')[1]).toEqual([at(46), 3, 'key-2']);
    expect(tickets.map((ticket) => stored(s, ticket.ticketId).warnedVersion)).toEqual([1, 1, 1, 1]);
    expect(s.telemetry.counts.map((c) => c.metric)).not.toContain('sweeperTicketFailures');
    expect(s.telemetry.counts.map((c) => c.metric)).not.toContain('sweeperPoisonedTickets');
    // Nothing due any more, or a ticket that is gone: nothing handled, nothing counted.
    s.store.due = [...s.store.due, { ticketId: 'gone', key: 'key-9' }];
    expect(await s.service.sweep()).toEqual({ handled: 0, failed: 0, skipped: 0, poisoned: 0, resumeAfter: null });
    expect(s.store.callsOf('listDue')[2]?.[1]).toBe(200);
    expect(s.telemetry.counts.filter((c) => c.metric === 'sweeperFoundWork')).toHaveLength(2);
  });

  it('backs a failing ticket off for a doubling time, counts it poisoned at 3 failures, forgets it on success', async () => {
    const s = setup();
    const [ticket] = await dueTickets(s, 1);
    const id = (ticket as Ticket).ticketId;
    s.store.beforeSave = () => {
      throw new Error('boom');
    };
    s.clock.set(at(46));
    expect(await s.service.sweep()).toMatchObject({ handled: 0, failed: 1, skipped: 0, poisoned: 0 });
    expect(s.store.sweepState.failing).toEqual({ [id]: { failures: 1, retryAfter: at(47) } });
    expect(s.telemetry.logs.at(-1)).toEqual({
      level: 'error',
      message: 'sweep failed for a ticket; backing off',
      attributes: { ticketId: id, failures: 1, error: 'Error: boom' },
    });
    expect(s.telemetry.total('sweeperTicketFailures')).toBe(1);
    s.clock.set(at(47, -1));
    expect(await s.service.sweep()).toMatchObject({ failed: 0, skipped: 1 });
    s.clock.set(at(47));
    expect(await s.service.sweep()).toMatchObject({ failed: 1, skipped: 0, poisoned: 0 });
    expect(s.store.sweepState.failing[id]).toEqual({ failures: 2, retryAfter: at(49) });
    s.clock.set(at(49));
    expect(await s.service.sweep()).toMatchObject({ failed: 1, poisoned: SWEEP_POISON_FAILURES - 2 });
    expect(s.store.sweepState.failing[id]).toEqual({ failures: 3, retryAfter: at(53) });
    expect(s.telemetry.counts.filter((c) => c.metric === 'sweeperPoisonedTickets')).toEqual([
      { metric: 'sweeperPoisonedTickets', value: 1, dimensions: undefined },
    ]);
    s.store.beforeSave = undefined;
    s.clock.set(at(53));
    expect(await s.service.sweep()).toEqual({ handled: 1, failed: 0, skipped: 0, poisoned: 0, resumeAfter: null });
    expect(s.store.sweepState.failing).toEqual({});
  });

  it('caps the back-off at an hour, and forgets an entry not seen failing for two caps', async () => {
    const s = setup();
    const [ticket] = await dueTickets(s, 1);
    const id = (ticket as Ticket).ticketId;
    s.store.beforeSave = () => {
      throw new Error('boom');
    };
    s.clock.set(at(46));
    s.store.sweepState = {
      after: null,
      failing: {
        [id]: { failures: 9, retryAfter: at(46) },
        old: { failures: 1, retryAfter: at(46 - 120, -1) },
        recent: { failures: 1, retryAfter: at(46 - 120) },
      },
    };
    const result = await s.service.sweep();
    expect(result).toMatchObject({ failed: 1, poisoned: 1 });
    expect(s.store.sweepState.failing).toEqual({
      [id]: { failures: 10, retryAfter: at(46 + 60) },
      recent: { failures: 1, retryAfter: at(46 - 120) },
    });
  });

  it('works through the due tickets a few at a time', async () => {
    const s = setup();
    await dueTickets(s, 5);
    s.clock.set(at(46));
    let inFlight = 0;
    let most = 0;
    const getTicket = s.store.getTicket.bind(s.store);
    s.store.getTicket = async (ticketId: string) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      inFlight -= 1;
      return getTicket(ticketId);
    };
    expect((await s.service.sweep({ concurrency: 2 })).handled).toBe(5);
    expect(most).toBe(2);
  });
});

describe('the read side', () => {
  it('shows a ticket with its history and timers, to an actor that reaches it', async () => {
    const s = setup();
    const ticket = await opened(s);
    const view = await s.service.view(ticket.ticketId, { connectionId: 'c', accounts: ['ACME'] });
    expect(view).toEqual({
      ...ticketView(stored(s, ticket.ticketId), 1),
      history: await s.store.getHistory(ticket.ticketId),
    });
    expect(view.timers.map((timer) => timer.kind)).toEqual(['warning', 'breach']);
    expect(view.sla).toEqual({
      clock: 'wall',
      targetMinutes: 60,
      deadline: '2026-12-01T10:00:00.000Z',
      warnAt: '2026-12-01T09:45:00.000Z',
      state: 'running',
      respondedAt: null,
      breachedAt: null,
      elapsedMinutes: null,
      version: 1,
    });
    // What is still queued, and the local dates of contact attempts, as the API shows them.
    s.mailer.failures = 1;
    s.clock.set(at(5));
    await s.service.contactAttempt(ticket.ticketId, { by: 'e', channel: 'phone', at: at(5) });
    await s.service.escalate(ticket.ticketId, { by: 'c', message: 'help' });
    const later = await s.service.view(ticket.ticketId);
    expect(later.contactDays).toEqual(['2026-12-01']);
    expect(later.pendingEmails).toEqual([
      { template: 'escalation_manager', to: ['duty@vendor.example'], since: at(5) },
    ]);
    await expect(s.service.view(ticket.ticketId, { connectionId: 'c', accounts: ['OTHER'] })).rejects.toMatchObject({
      code: 'ticket_not_found',
    });
    await expect(s.service.view('missing')).rejects.toMatchObject({
      code: 'ticket_not_found',
      message: 'no ticket missing',
    });
    expect(await s.service.ticketWithHistory('missing')).toBeUndefined();
    expect(await s.service.ticketWithHistory(ticket.ticketId)).toEqual({
      ticket: stored(s, ticket.ticketId),
      history: await s.store.getHistory(ticket.ticketId),
    });
  });

  it('lists open tickets the actor reaches, as views, with the store’s cursor', async () => {
    const s = setup();
    const mine = await opened(s);
    s.store.accounts.set('OTHER', account({ supportId: 'OTHER' }));
    const theirs = await opened(s, { supportId: 'OTHER' });
    s.store.open = [{ items: [stored(s, mine.ticketId), stored(s, theirs.ticketId)], next: 'cursor-1' }];
    s.clock.set(at(5));
    const page = await s.service.listOpen(
      'running',
      { program: 'production' },
      { limit: 10 },
      {
        connectionId: 'c',
        accounts: ['ACME'],
      },
    );
    expect(page).toEqual({ tickets: [ticketView(stored(s, mine.ticketId), 1)], next: 'cursor-1' });
    expect(s.store.callsOf('listOpen')).toEqual([['running', at(5), { program: 'production' }, { limit: 10 }]]);
    expect((await s.service.listOpen('running', {}, { limit: 10 })).tickets).toHaveLength(2);
  });

  it('reads the board’s lists page by page, up to 2000 tickets', async () => {
    const s = setup();
    const ticket = await opened(s);
    const one = stored(s, ticket.ticketId);
    s.store.open = [
      { items: [one], next: '1' },
      { items: [one, one], next: null },
      { items: [one], next: null },
    ];
    expect(await s.service.openTickets('breached')).toHaveLength(3);
    expect(s.store.callsOf('listOpen').map((args) => [args[0], args[3]])).toEqual([
      ['breached', { limit: 500 }],
      ['breached', { limit: 500, after: '1' }],
    ]);
    const many = Array.from({ length: 500 }, () => one);
    s.store.open = Array.from({ length: 6 }, (_, i) => ({ items: many, next: String(i + 1) }));
    expect(await s.service.openTickets('running')).toHaveLength(2000);
  });

  it('builds the report from the whole days’ rows, the edges’ tickets and the overdue running ones', async () => {
    const s = setup(at(24 * 60));
    const answered = await s.service.respond((await opened(s)).ticketId, { by: 'e', at: at(24 * 60) });
    const row = (day: string, counts: Partial<AggregateRow['counts']>, buckets: Record<string, number> = {}) => ({
      day,
      program: 'production',
      severity: 1,
      counts: { opened: 0, met: 0, breached: 0, running: 0, bestEffort: 0, ...counts },
      buckets,
    });
    s.store.aggregates = [
      row('2026-11-29', { opened: 1, running: 1 }),
      row('2026-11-30', { opened: 2, met: 2 }, { 10: 2 }),
    ];
    s.store.openedBetween = [answered];
    s.store.overdue = [{ program: 'production', severity: 1 }];
    const report = await s.service.report('2026-11-29T00:00:00.000Z', '2026-12-01T12:00:00.000Z');
    expect(s.store.callsOf('readAggregates')).toEqual([[['2026-11-29', '2026-11-30']]]);
    expect(s.store.callsOf('listOpenedBetween')).toEqual([['2026-12-01T00:00:00.000Z', '2026-12-01T12:00:00.000Z']]);
    expect(s.store.callsOf('overdueRunning')).toEqual([
      [at(24 * 60), '2026-11-29T00:00:00.000Z', '2026-12-01T12:00:00.000Z'],
    ]);
    expect(report).toEqual([
      {
        program: 'production',
        severity: 1,
        opened: 4,
        met: 2,
        breached: 2,
        running: 0,
        bestEffort: 0,
        metPercent: 50,
        p50ResponseMinutes: 10,
        p90ResponseMinutes: 1440,
      },
    ]);
  });

  it('folds a revision into the aggregates once, and counts only what it applied', async () => {
    const s = setup();
    const ticket = stored(s, (await opened(s)).ticketId);
    expect(await s.service.aggregate(ticket)).toBe('applied');
    expect(s.telemetry.total('aggregatedRecords')).toBe(1);
    expect(await s.service.aggregate(ticket)).toBe('stale');
    expect(s.telemetry.total('aggregatedRecords')).toBe(1);
    expect(await s.service.appliedRevisions([ticket.ticketId, 'other'])).toEqual(new Map([[ticket.ticketId, 2]]));
  });
});

describe('accounts, partners and connections', () => {
  it('stamps what it saves with the clock and answers unknown ids with their own codes', async () => {
    const s = setup(at(3));
    const { updatedAt: _u, ...settings } = account({ supportId: 'NEW' });
    expect(await s.service.putAccount(settings)).toEqual({ ...settings, updatedAt: at(3) });
    expect(await s.service.getAccount('NEW')).toEqual({ ...settings, updatedAt: at(3) });
    await expect(s.service.getAccount('NONE')).rejects.toMatchObject({
      code: 'unknown_support_id',
      message: 'no account with support ID NONE',
    });
    const partner = { partnerId: 'P9', name: 'P', contacts: ['c@p.example'] };
    expect(await s.service.putPartner(partner)).toEqual({ ...partner, updatedAt: at(3) });
    expect(await s.service.getPartner('P9')).toEqual({ ...partner, updatedAt: at(3) });
    await expect(s.service.getPartner('P0')).rejects.toMatchObject({
      code: 'unknown_partner',
      message: 'no support partner P0',
    });
  });

  it('keeps a connection’s first createdAt, and shows it without its secrets', async () => {
    const s = setup(at(0));
    const settings: Omit<Connection, 'createdAt' | 'updatedAt'> = {
      connectionId: 'zd',
      source: 'zendesk',
      secrets: ['s3cret'],
      organizations: {},
      defaultSupportId: null,
      severities: {},
      agents: [],
      accounts: null,
      access: 'write',
    };
    const first = await s.service.putConnection(settings);
    expect(first).toMatchObject({ createdAt: at(0), updatedAt: at(0), webhookPath: '/webhooks/zd' });
    expect(first).not.toHaveProperty('secrets');
    s.clock.set(at(5));
    expect(await s.service.putConnection(settings)).toMatchObject({ createdAt: at(0), updatedAt: at(5) });
    expect(await s.service.getConnection('zd')).toMatchObject({ createdAt: at(0), updatedAt: at(5) });
    expect((await s.service.signingConnection('zd'))?.secrets).toEqual(['s3cret']);
    await expect(s.service.getConnection('nope')).rejects.toMatchObject({
      code: 'connection_not_found',
      message: 'no connection nope',
    });
  });
});

describe('the outbox with several mails', () => {
  it('claims, sends and removes only its own mail, leaving another sender’s claim and a failed send alone', async () => {
    const s = setup();
    const ticket = await opened(s);
    s.mailer.failures = 2;
    s.clock.set(at(5));
    await s.service.escalate(ticket.ticketId, { by: 'c', message: 'help' });
    expect(stored(s, ticket.ticketId).outbox.map((mail) => [mail.template, mail.claimUntil])).toEqual([
      ['escalation_manager', at(6)],
      ['escalation_ack', at(6)],
    ]);
    // Both claims expired; another sender has just claimed the acknowledgement again.
    s.clock.set(at(7));
    const held = stored(s, ticket.ticketId);
    s.store.tickets.set(ticket.ticketId, {
      ...held,
      outbox: held.outbox.map((mail) => (mail.template === 'escalation_ack' ? { ...mail, claimUntil: at(20) } : mail)),
    });
    s.store.due = [{ ticketId: ticket.ticketId, key: 'k' }];
    s.mailer.failFor.add('duty@vendor.example');
    await s.service.sweep();
    // The manager's mail was claimed anew (a minute from now), its send failed; the acknowledgement kept its claim.
    expect(stored(s, ticket.ticketId).outbox.map((mail) => [mail.template, mail.claimUntil])).toEqual([
      ['escalation_manager', at(8)],
      ['escalation_ack', at(20)],
    ]);
    s.mailer.failFor.clear();
    s.clock.set(at(8));
    await s.service.sweep();
    expect(s.mailer.sent.map((mail) => mail.to)).toEqual([[ADMIN], ['duty@vendor.example']]);
    expect(stored(s, ticket.ticketId).outbox.map((mail) => mail.template)).toEqual(['escalation_ack']);
  });

  it('claims the mail it is sending, not the first one in the outbox', async () => {
    const s = setup();
    const ticket = await opened(s);
    s.mailer.failures = 2;
    await s.service.escalate(ticket.ticketId, { by: 'c', message: 'help' });
    // Another sender holds the manager's mail (first in the outbox); the acknowledgement is free.
    s.clock.set(at(2));
    const held = stored(s, ticket.ticketId);
    s.store.tickets.set(ticket.ticketId, {
      ...held,
      outbox: held.outbox.map((mail) =>
        mail.template === 'escalation_manager' ? { ...mail, claimUntil: at(20) } : mail,
      ),
    });
    s.store.due = [{ ticketId: ticket.ticketId, key: 'k' }];
    await s.service.sweep();
    expect(s.mailer.sent.map((mail) => mail.to)).toEqual([[ADMIN], [ADMIN]]);
    expect(stored(s, ticket.ticketId).outbox.map((mail) => mail.template)).toEqual(['escalation_manager']);
  });

  it('removes a sent mail only, keeping one that failed in the same delivery', async () => {
    const s = setup();
    const ticket = await opened(s);
    s.mailer.failFor.add('duty@vendor.example');
    await s.service.escalate(ticket.ticketId, { by: 'c', message: 'help' });
    expect(stored(s, ticket.ticketId).outbox.map((mail) => mail.template)).toEqual(['escalation_manager']);
    expect(s.mailer.sent.at(-1)?.to).toEqual([ADMIN]);
  });

  it('neither re-claims nor sends an older mail another sender holds when a new event writes the ticket', async () => {
    const s = setup();
    s.mailer.failures = 1;
    const ticket = await opened(s);
    s.clock.set(at(0, 30_000));
    await s.service.respond(ticket.ticketId, { by: 'eng', at: at(0, 30_000) });
    expect(s.mailer.sent).toEqual([]);
    expect(stored(s, ticket.ticketId).outbox.map((mail) => mail.claimUntil)).toEqual([at(1)]);
  });

  it('re-reads on a conflicting claim and sends when the other write did not claim the mail', async () => {
    const s = setup();
    s.mailer.failures = 1;
    const ticket = await opened(s);
    s.clock.set(at(2));
    s.store.beforeSave = (_next, expected) => {
      s.store.beforeSave = undefined;
      s.store.tickets.set(ticket.ticketId, {
        ...stored(s, ticket.ticketId),
        subject: 'edited',
        revision: expected + 1,
      });
    };
    s.store.due = [{ ticketId: ticket.ticketId, key: 'k' }];
    expect(await s.service.sweep()).toMatchObject({ handled: 1, failed: 0 });
    expect(s.mailer.sent).toHaveLength(1);
    expect(stored(s, ticket.ticketId)).toMatchObject({ subject: 'edited', outbox: [] });
  });

  it('gives the bookkeeping up after 30 conflicts, or when the ticket is gone, leaving the mail to the sweeper', async () => {
    const s = setup();
    vi.spyOn(Math, 'random').mockReturnValue(0);
    s.mailer.failures = 1;
    const ticket = await opened(s);
    s.clock.set(at(2));
    let attempts = 0;
    s.store.beforeSave = () => {
      attempts += 1;
      throw new RevisionConflict('always');
    };
    s.store.due = [{ ticketId: ticket.ticketId, key: 'k' }];
    await s.service.sweep();
    expect(attempts).toBe(30);
    expect(s.telemetry.logs.at(-1)).toEqual({
      level: 'error',
      message: 'e-mail delivery interrupted; the sweeper will retry it',
      attributes: {
        ticketId: ticket.ticketId,
        template: 'ticket_opened',
        error: `Error: ticket ${ticket.ticketId} is changing too fast to update (30 conflicts)`,
      },
    });
    s.store.beforeSave = () => {
      s.store.tickets.delete(ticket.ticketId);
      throw new RevisionConflict('deleted meanwhile');
    };
    await s.service.sweep();
    expect(s.telemetry.logs.at(-1)?.attributes.error).toBe(`DomainError: no ticket ${ticket.ticketId}`);
    expect(s.mailer.sent).toEqual([]);
  });
});

describe('timers and the write that set them', () => {
  it('keeps the new schedules when the write that overtook it still wants them', async () => {
    const s = setup();
    const ticket = await opened(s);
    const id = ticket.ticketId;
    s.timers.onEnsure = () => {
      s.timers.onEnsure = undefined;
      const current = stored(s, id);
      s.store.tickets.set(id, { ...current, subject: 'edited', revision: current.revision + 1 });
    };
    await s.service.changeSeverity(id, { severity: 2, changedBy: 'e', at: at(1) });
    expect(s.timers.names()).toEqual([`sla-${id}-breach-v2`, `sla-${id}-warning-v2`]);
    expect(s.timers.cancelled.at(-1)).toEqual([]);
  });

  it('fails a timer while the warning is unsent, too', async () => {
    const s = setup();
    const ticket = await opened(s);
    s.clock.set(at(45));
    s.mailer.failures = 1;
    await expect(s.service.handleTimer({ ticketId: ticket.ticketId, kind: 'warning', version: 1 })).rejects.toThrow(
      'not sent yet; retrying',
    );
  });

  it('lets a timer fail on any other refusal than a missing ticket', async () => {
    const s = setup();
    const ticket = await opened(s);
    s.store.getTicket = async () => {
      throw new DomainError('holidays_out_of_range', 'no holiday table for 2099');
    };
    await expect(s.service.handleTimer({ ticketId: ticket.ticketId, kind: 'breach', version: 1 })).rejects.toThrow(
      'no holiday table for 2099',
    );
  });
});
