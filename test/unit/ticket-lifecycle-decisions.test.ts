/**
 * The ticket's other decisions (shared/tickets/decisions.ts, DESIGN §2, §4.1, §6) as pure functions: who may open
 * and who gets mail, the contract, the opening itself, responses, contact attempts, replies, escalations and the
 * close. ticket-decisions.test.ts covers what the timers find due.
 */
import { describe, expect, it } from 'vitest';
import { formatInstant } from '#shared/mail/format.ts';
import { loadPolicy } from '#shared/policy/load-policy.ts';
import {
  closed,
  contactAttempted,
  customerAddress,
  customerReplied,
  type DecisionContext,
  dueWork,
  ESCALATION_MAIL_INTERVAL_MS,
  escalated,
  isAuthorizedOpener,
  isContractValid,
  knownOpenerAddress,
  type OpenRequest,
  openTicket,
  pendingTimers,
  responded,
  severityChanged,
  timerName,
} from '#shared/tickets/decisions.ts';
import type { Account, Partner, Ticket } from '#shared/tickets/ticket.ts';
import { accountOf } from '../support/domain.ts';

const policy = loadPolicy(undefined);
const MINUTE = 60_000;
const OPENED = '2026-12-01T09:00:00.000Z'; // Tuesday
const ADMIN = 'Admin@Acme.example';
const at = (minutes: number, extraMs = 0) => new Date(Date.parse(OPENED) + minutes * MINUTE + extraMs).toISOString();

function contextAt(now: string): DecisionContext {
  let n = 0;
  return {
    policy,
    now: new Date(now),
    newId: () => `mail-${++n}`,
    recipients: { supportQueue: 'queue@vendor.example', dutyManager: 'duty@vendor.example' },
  };
}

const account = (overrides: Partial<Account> = {}): Account =>
  accountOf({ language: 'fr', caseAdministrators: [ADMIN], supportPartners: ['P1'], updatedAt: OPENED, ...overrides });

const partner: Partner = { partnerId: 'P1', name: 'Partner', contacts: ['Pat@Partner.example'], updatedAt: OPENED };

const request = (overrides: Partial<OpenRequest> = {}): OpenRequest => ({
  supportId: 'ACME',
  openedBy: { email: 'admin@acme.example' },
  severity: 1,
  product: 'Agent',
  subject: 'Down',
  channel: 'web',
  openedAt: OPENED,
  ...overrides,
});

const open = (overrides: Partial<OpenRequest> = {}, forAccount = account(), withPartner?: Partner) =>
  openTicket(contextAt(OPENED), forAccount, request(overrides), 'T-1', withPartner);

/** An open ticket with its opening mail taken as sent. */
const ticket = (overrides: Partial<OpenRequest> = {}, forAccount = account()): Ticket => ({
  ...open(overrides, forAccount).ticket,
  outbox: [],
});

describe('who may open a ticket and who is mailed', () => {
  it('lets a case administrator (any case) or a listed partner open', () => {
    const acme = account();
    expect(isAuthorizedOpener(acme, { email: 'ADMIN@acme.EXAMPLE' })).toBe(true);
    expect(isAuthorizedOpener(acme, { email: 'other@acme.example' })).toBe(false);
    expect(isAuthorizedOpener(acme, { email: 'anyone@partner.example', partnerId: 'P1' })).toBe(true);
    expect(isAuthorizedOpener(acme, { email: ADMIN, partnerId: 'P2' })).toBe(false);
    const two = account({ caseAdministrators: ['first@acme.example', 'second@acme.example'] });
    expect(isAuthorizedOpener(two, { email: 'second@acme.example' })).toBe(true);
  });

  it('mails the registered spelling of an administrator, or of a contact of the listed partner it acts for', () => {
    const acme = account();
    expect(knownOpenerAddress(acme, undefined, { email: 'admin@acme.example' })).toBe(ADMIN);
    expect(knownOpenerAddress(acme, partner, { email: 'pat@partner.example', partnerId: 'P1' })).toBe(
      'Pat@Partner.example',
    );
    expect(knownOpenerAddress(acme, partner, { email: 'pat@partner.example' })).toBeNull();
    expect(knownOpenerAddress(acme, undefined, { email: 'pat@partner.example', partnerId: 'P1' })).toBeNull();
    expect(
      knownOpenerAddress(acme, { ...partner, partnerId: 'P2' }, { email: 'pat@partner.example', partnerId: 'P1' }),
    ).toBeNull();
    expect(
      knownOpenerAddress(account({ supportPartners: [] }), partner, { email: 'pat@partner.example', partnerId: 'P1' }),
    ).toBeNull();
    expect(knownOpenerAddress(acme, partner, { email: 'nobody@partner.example', partnerId: 'P1' })).toBeNull();
  });

  it('reads a ticket written before the rule: a direct opener was checked, a partner’s contact was not', () => {
    const legacy = { ...ticket(), customerEmail: undefined };
    expect(customerAddress(legacy)).toBe('admin@acme.example');
    expect(customerAddress({ ...legacy, openedBy: { email: 'p@x.example', partnerId: 'P1' } })).toBeNull();
    expect(customerAddress({ ...legacy, customerEmail: null })).toBeNull();
  });
});

describe('the contract', () => {
  it('is valid through the end of its expiry date in the account’s zone', () => {
    const auckland = account({ contractExpiresAt: '2026-12-01', timezone: 'Pacific/Auckland' });
    // Auckland is UTC+13 in December: 2026-12-01 ends there at 10:59:59.999Z.
    expect(isContractValid(policy, auckland, '2026-12-01T10:59:59.999Z')).toBe(true);
    expect(isContractValid(policy, auckland, '2026-12-01T11:00:00.000Z')).toBe(false);
    const honolulu = account({ contractExpiresAt: '2026-12-01', timezone: 'Pacific/Honolulu' });
    expect(isContractValid(policy, honolulu, '2026-12-02T09:59:59.999Z')).toBe(true);
  });

  it('is needed only where the program requires one; none, or an unknown zone, is no contract', () => {
    expect(isContractValid(policy, account({ program: 'free', contractExpiresAt: null }), OPENED)).toBe(true);
    expect(isContractValid(policy, account({ contractExpiresAt: null }), OPENED)).toBe(false);
    expect(isContractValid(policy, account({ timezone: 'Mars/Olympus' }), OPENED)).toBe(false);
  });
});

describe('opening', () => {
  it('refuses the phone, an unauthorised opener and an expired contract', () => {
    expect(() => open({ channel: 'phone' })).toThrow(
      expect.objectContaining({ code: 'phone_requires_ticket', message: expect.stringMatching(/existing ticket/) }),
    );
    expect(() => open({ openedBy: { email: 'stranger@acme.example' } })).toThrow(
      expect.objectContaining({
        code: 'not_authorized_opener',
        message: 'only the account\u2019s case administrators or its support partners may open tickets',
      }),
    );
    expect(() => open({}, account({ contractExpiresAt: '2026-11-30' }))).toThrow(
      expect.objectContaining({
        code: 'contract_expired',
        message: 'the support contract of ACME has expired: no SLA applies',
      }),
    );
  });

  it('writes the ticket as requested, with the account’s calendar, and acknowledges with the objective', () => {
    const change = open({ externalId: 'EXT', relatedTicketId: 'T-0', productVersion: '2.1', description: 'd' });
    expect(change.ticket).toEqual({
      ticketId: 'T-1',
      supportId: 'ACME',
      externalId: 'EXT',
      relatedTicketId: 'T-0',
      program: 'production',
      severity: 1,
      status: 'awaiting_response',
      openedAt: OPENED,
      openedBy: { email: 'admin@acme.example' },
      customerEmail: ADMIN,
      channel: 'web',
      product: 'Agent',
      productVersion: '2.1',
      subject: 'Down',
      description: 'd',
      sla: change.ticket.sla,
      calendar: { timezone: 'Europe/Paris', holidays: {} },
      account: { name: 'Acme', language: 'fr', supportAccountManager: null },
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
      outbox: [
        {
          id: 'mail-1',
          template: 'ticket_opened',
          language: 'fr',
          to: [ADMIN],
          vars: {
            ticketId: 'T-1',
            subject: 'Down',
            severity: '1',
            program: 'production',
            objective: '1 heure',
            deadline: formatInstant('2026-12-01T10:00:00.000Z', 'Europe/Paris', 'fr'),
          },
          createdAt: OPENED,
        },
      ],
      revision: 0,
      updatedAt: OPENED,
    });
    expect(change.ticket.sla).toMatchObject({ state: 'running', deadline: '2026-12-01T10:00:00.000Z' });
    expect(change.events).toEqual([
      {
        at: OPENED,
        type: 'opened',
        by: 'admin@acme.example',
        details: { severity: 1, deadline: '2026-12-01T10:00:00.000Z', channel: 'web' },
      },
    ]);
    const bare = open().ticket;
    expect(bare).toMatchObject({ externalId: null, relatedTicketId: null, productVersion: null, description: null });
  });

  it('states a business objective as business time, and a best-effort ticket without one', () => {
    const basic = open({ severity: 2 }, account({ program: 'basic', language: 'en' })).ticket;
    expect(basic.outbox[0]?.vars.objective).toBe('8 business hours');
    const free = open({ severity: 2 }, account({ program: 'free', contractExpiresAt: null, language: 'en' })).ticket;
    expect(free.outbox[0]).toMatchObject({
      template: 'ticket_opened_best_effort',
      vars: { ticketId: 'T-1', subject: 'Down', severity: '2', program: 'free' },
    });
    expect(free.outbox[0]?.vars).not.toHaveProperty('deadline');
  });

  it('records the webhook signature that stood in for the opener check, and withholds the mail', () => {
    const change = open({
      openedBy: { email: '' },
      vouchedBy: { connectionId: 'zd-1', source: 'zendesk', requester: 'zendesk user 9' },
    });
    expect(change.ticket.customerEmail).toBeNull();
    expect(change.ticket.outbox).toEqual([]);
    expect(change.events).toEqual([
      {
        at: OPENED,
        type: 'opened',
        by: 'zendesk user 9 (zendesk)',
        details: {
          severity: 1,
          deadline: '2026-12-01T10:00:00.000Z',
          channel: 'web',
          connectionId: 'zd-1',
          authorizedBy:
            'the zendesk webhook signature of connection zd-1 stood in for the case-administrator check (no requester e-mail in the delivery)',
        },
      },
      {
        at: OPENED,
        type: 'mail_withheld',
        details: { template: 'ticket_opened', reason: "the ticket system's delivery names no requester e-mail" },
      },
    ]);
  });

  it('says why a customer mail is withheld', () => {
    const byPartner = open({ openedBy: { email: 'unknown@partner.example', partnerId: 'P1' } }, account(), partner);
    expect(byPartner.events[1]?.details).toEqual({
      template: 'ticket_opened',
      reason: "the opener's address is not a registered contact of partner P1",
    });
    const vouched = open({
      openedBy: { email: 'someone@acme.example' },
      vouchedBy: { connectionId: 'j', source: 'jira', requester: 'someone' },
    });
    expect(vouched.events[1]?.details).toEqual({
      template: 'ticket_opened',
      reason: "the opener's address is not a case administrator's",
    });
  });
});

describe('events on an open ticket', () => {
  it('refuse a closed ticket and an event dated before the opening', () => {
    const done = closed(contextAt(at(5)), ticket(), { by: 'eng', resolution: 'fixed', at: at(5) }).ticket;
    expect(() => responded(contextAt(at(6)), done, { by: 'eng', at: at(6) })).toThrow(
      expect.objectContaining({ code: 'ticket_closed', message: 'ticket T-1 is closed' }),
    );
    expect(() => escalated(contextAt(at(6)), done, { by: 'c', message: 'm' })).toThrow(
      expect.objectContaining({ code: 'ticket_closed' }),
    );
    expect(() => responded(contextAt(at(1)), ticket(), { by: 'eng', at: at(0, -1) })).toThrow(
      expect.objectContaining({
        code: 'invalid_request',
        message: 'the event is dated before the ticket was opened',
        details: [{ field: 'at', message: `must not be before the ticket's openedAt ${OPENED}` }],
      }),
    );
    expect(responded(contextAt(at(0)), ticket(), { by: 'eng', at: OPENED }).ticket.sla.state).toBe('met');
  });

  it('record a severity change with its before and after, and nothing for the same severity', () => {
    const open1 = ticket();
    expect(severityChanged(contextAt(at(1)), open1, { severity: 1, changedBy: 'e', at: at(1) })).toBeNull();
    const change = severityChanged(contextAt(at(1)), open1, { severity: 2, changedBy: 'e', at: at(1) });
    expect(change?.ticket).toMatchObject({ severity: 2, sla: { deadline: '2026-12-01T12:00:00.000Z' } });
    expect(change?.events).toEqual([
      {
        at: at(1),
        type: 'severity_changed',
        by: 'e',
        details: {
          from: 1,
          to: 2,
          reason: null,
          deadlineBefore: '2026-12-01T10:00:00.000Z',
          deadlineAfter: '2026-12-01T12:00:00.000Z',
        },
      },
    ]);
    const free = ticket({ severity: 2 }, account({ program: 'free', contractExpiresAt: null }));
    expect(() => severityChanged(contextAt(at(1)), free, { severity: 1, changedBy: 'e', at: at(1) })).toThrow(
      expect.objectContaining({ code: 'severity_not_offered' }),
    );
  });

  it('record the first response with its outcome, and later ones as not first', () => {
    const first = responded(contextAt(at(10)), ticket(), { by: 'eng', at: at(10) });
    expect(first.ticket.status).toBe('responded');
    expect(first.events).toEqual([
      { at: at(10), type: 'responded', by: 'eng', details: { first: true, outcome: 'met', elapsedMinutes: 10 } },
    ]);
    const second = responded(contextAt(at(20)), first.ticket, { by: 'eng2', at: at(20) });
    expect(second.events[0]?.details).toEqual({ first: false });
    expect(second.ticket.sla.respondedAt).toBe(at(10));
    // A response while the ticket awaits its automatic close leaves it pending closure.
    const pending = { ...first.ticket, status: 'pending_closure' as const, autoCloseAt: at(3000) };
    expect(responded(contextAt(at(30)), pending, { by: 'eng', at: at(30) }).ticket.status).toBe('pending_closure');
  });
});

describe('contact attempts and replies', () => {
  const attempt = (t: Ticket, when: string, channel = 'phone') =>
    contactAttempted(contextAt(when), t, { by: 'eng', channel, at: when });

  it('count attempts, recognise a redelivered one, and put the ticket in pending closure on the third day', () => {
    let t = responded(contextAt(at(10)), ticket(), { by: 'eng', at: at(10) }).ticket;
    const first = attempt(t, '2026-12-01T12:00:00.000Z');
    expect(first?.events).toEqual([
      { at: '2026-12-01T12:00:00.000Z', type: 'contact_attempt', by: 'eng', details: { channel: 'phone' } },
    ]);
    t = first?.ticket as Ticket;
    expect(t).toMatchObject({
      contactAttemptCount: 1,
      lastContactAttempt: { at: '2026-12-01T12:00:00.000Z', by: 'eng', channel: 'phone' },
      status: 'responded',
    });
    expect(attempt(t, '2026-12-01T12:00:00.000Z')).toBeNull();
    expect(
      contactAttempted(contextAt(at(200)), t, { by: 'eng2', channel: 'phone', at: '2026-12-01T12:00:00.000Z' }),
    ).not.toBeNull();
    t = attempt(t, '2026-12-01T12:00:00.000Z', 'email')?.ticket as Ticket;
    expect(t.contactAttemptCount).toBe(2);
    t = attempt(t, '2026-12-02T12:00:00.000Z')?.ticket as Ticket;
    expect(t.status).toBe('responded');
    const third = attempt(t, '2026-12-03T12:00:00.000Z');
    expect(third?.ticket).toMatchObject({ status: 'pending_closure', autoCloseAt: '2026-12-04T12:00:00.000Z' });
    expect(third?.ticket.outbox).toEqual([
      {
        id: 'mail-1',
        template: 'pending_closure',
        language: 'fr',
        to: [ADMIN],
        vars: {
          ticketId: 'T-1',
          subject: 'Down',
          closesAt: formatInstant('2026-12-04T12:00:00.000Z', 'Europe/Paris', 'fr'),
        },
        createdAt: '2026-12-03T12:00:00.000Z',
      },
    ]);
    expect(third?.events.map((event) => event.type)).toEqual(['contact_attempt', 'pending_closure']);
    expect(third?.events[1]).toEqual({
      at: '2026-12-03T12:00:00.000Z',
      type: 'pending_closure',
      details: { autoCloseAt: '2026-12-04T12:00:00.000Z' },
    });
    // A fourth attempt keeps the close already scheduled and mails nothing more.
    const fourth = attempt({ ...(third?.ticket as Ticket), outbox: [] }, '2026-12-04T08:00:00.000Z');
    expect(fourth?.ticket).toMatchObject({ status: 'pending_closure', autoCloseAt: '2026-12-04T12:00:00.000Z' });
    expect(fourth?.ticket.outbox).toEqual([]);
    expect(fourth?.events.map((event) => event.type)).toEqual(['contact_attempt']);
  });

  it('cancel the pending closure on a newer customer reply, back to the status before it', () => {
    let t = ticket();
    for (const day of ['2026-12-01', '2026-12-02', '2026-12-03'])
      t = attempt(t, `${day}T12:00:00.000Z`)?.ticket as Ticket;
    expect(t.status).toBe('pending_closure');
    const reply = customerReplied(contextAt('2026-12-03T13:00:00.000Z'), t, { at: '2026-12-03T13:00:00.000Z' });
    expect(reply?.ticket).toMatchObject({
      status: 'awaiting_response',
      autoCloseAt: null,
      lastCustomerReplyAt: '2026-12-03T13:00:00.000Z',
      contactDays: [],
    });
    expect(reply?.events).toEqual([
      { at: '2026-12-03T13:00:00.000Z', type: 'customer_reply' },
      { at: '2026-12-03T13:00:00.000Z', type: 'closure_cancelled' },
    ]);
    const answered = { ...t, sla: { ...t.sla, respondedAt: at(10) } };
    expect(customerReplied(contextAt(at(3000)), answered, { at: at(3000) })?.ticket.status).toBe('responded');
    // The same reply again, or an older one, is nothing new.
    const replied = reply?.ticket as Ticket;
    expect(customerReplied(contextAt(at(9000)), replied, { at: '2026-12-03T13:00:00.000Z' })).toBeNull();
    expect(customerReplied(contextAt(at(9000)), replied, { at: '2026-12-03T12:59:59.999Z' })).toBeNull();
    const later = customerReplied(contextAt(at(9000)), replied, { at: '2026-12-03T13:00:00.001Z' });
    expect(later?.events).toEqual([{ at: '2026-12-03T13:00:00.001Z', type: 'customer_reply' }]);
    expect(later?.ticket.status).toBe('awaiting_response');
  });
});

describe('escalation', () => {
  it('pages the duty manager and acknowledges the customer', () => {
    const change = escalated(contextAt(at(5)), ticket(), { by: 'cust', message: 'call me' });
    expect(change?.ticket).toMatchObject({
      lastEscalation: { by: 'cust', message: 'call me', at: at(5) },
      escalationMailedAt: at(5),
    });
    expect(change?.ticket.outbox).toEqual([
      {
        id: 'mail-2',
        template: 'escalation_manager',
        language: 'en',
        to: ['duty@vendor.example'],
        vars: {
          ticketId: 'T-1',
          subject: 'Down',
          supportId: 'ACME',
          accountName: 'Acme',
          by: 'cust',
          message: 'call me',
        },
        createdAt: at(5),
      },
      {
        id: 'mail-1',
        template: 'escalation_ack',
        language: 'fr',
        to: [ADMIN],
        vars: { ticketId: 'T-1', subject: 'Down' },
        createdAt: at(5),
      },
    ]);
    expect(change?.events).toEqual([
      { at: at(5), type: 'escalated', by: 'cust', details: { message: 'call me', mailed: true } },
    ]);
  });

  it('ignores the same words from the same person within 10 minutes, and mails once per 10 minutes', () => {
    const first = escalated(contextAt(at(0)), ticket(), { by: 'cust', message: 'call me' })?.ticket as Ticket;
    const sent = { ...first, outbox: [] };
    expect(escalated(contextAt(at(10, -1)), sent, { by: 'cust', message: 'call me' })).toBeNull();
    // Other words, or another person: history, but no second page within the interval.
    for (const escalation of [
      { by: 'cust', message: 'still down' },
      { by: 'boss', message: 'call me' },
    ]) {
      const again = escalated(contextAt(at(3)), sent, escalation);
      expect(again?.ticket.outbox).toEqual([]);
      expect(again?.ticket).toMatchObject({ lastEscalation: { ...escalation, at: at(3) }, escalationMailedAt: at(0) });
      expect(again?.events).toEqual([
        {
          at: at(3),
          type: 'escalated',
          by: escalation.by,
          details: { message: escalation.message, mailed: false, lastMailedAt: at(0) },
        },
      ]);
    }
    // Ten minutes on, the same words are a new escalation, and mailed again.
    const later = escalated(contextAt(at(0, ESCALATION_MAIL_INTERVAL_MS)), sent, { by: 'cust', message: 'call me' });
    expect(later?.ticket.outbox.map((mail) => mail.template)).toEqual(['escalation_manager', 'escalation_ack']);
    expect(later?.ticket.escalationMailedAt).toBe(at(10));
  });
});

describe('closing', () => {
  it('settles the clock: closed past the deadline without a response is breached', () => {
    const change = closed(contextAt(at(90)), ticket(), { by: 'eng', resolution: 'fixed', at: at(90) });
    expect(change.ticket).toMatchObject({
      status: 'closed',
      closedAt: at(90),
      closedBy: 'eng',
      resolution: 'fixed',
      autoCloseAt: null,
      sla: { state: 'breached', breachedAt: at(60) },
    });
    expect(change.events).toEqual([{ at: at(90), type: 'closed', by: 'eng', details: { resolution: 'fixed' } }]);
    expect(pendingTimers(change.ticket, 1)).toEqual([]);
    // The breach found at the close still alerts once, on the closed ticket.
    const due = dueWork(contextAt(at(90)), change.ticket);
    expect(due?.ticket.outbox.map((mail) => [mail.template, mail.marks])).toEqual([['breach', 'breachNotifiedAt']]);
    expect(due?.events).toEqual([{ at: at(60), type: 'breached', details: { deadline: at(60) } }]);
  });

  it('closes in time without a breach', () => {
    const change = closed(contextAt(at(30)), ticket(), { by: 'eng', resolution: 'fixed', at: at(30) });
    expect(change.ticket.sla.state).toBe('running');
    expect(dueWork(contextAt(at(90)), change.ticket)).toBeNull();
    // Its clock stopped unanswered but in time: a closed ticket needs no timer.
    expect(pendingTimers(change.ticket, 1)).toEqual([]);
  });
});

describe('due work', () => {
  it('warns the support queue, and the SAM of a premier account, with the time left', () => {
    const premier = ticket(
      {},
      account({ program: 'premier', supportAccountManager: 'sam@vendor.example', language: 'en' }),
    );
    // Premier: 30 wall minutes, warned at 22.5 minutes; a late firing at 25 minutes says 5 minutes are left.
    const due = dueWork(contextAt(at(25)), premier);
    expect(due?.ticket.outbox).toEqual([
      {
        id: 'mail-1',
        template: 'warning',
        language: 'en',
        to: ['queue@vendor.example', 'sam@vendor.example'],
        vars: {
          ticketId: 'T-1',
          subject: 'Down',
          supportId: 'ACME',
          accountName: 'Acme',
          program: 'premier',
          severity: '1',
          deadline: formatInstant(at(30), 'UTC', 'en'),
          timeLeft: '5 minutes',
        },
        createdAt: at(25),
      },
    ]);
    // A non-premier account's SAM is not an alert recipient.
    const production = ticket({}, account({ supportAccountManager: 'sam@vendor.example' }));
    expect(dueWork(contextAt(at(45)), production)?.ticket.outbox[0]?.to).toEqual(['queue@vendor.example']);
  });

  it('rounds the time left to whole minutes', () => {
    const t = ticket();
    expect(dueWork(contextAt(at(45, 29_000)), t)?.ticket.outbox[0]?.vars.timeLeft).toBe('15 minutes');
    expect(dueWork(contextAt(at(45, 31_000)), t)?.ticket.outbox[0]?.vars.timeLeft).toBe('14 minutes');
  });

  it('alerts a breach with when it happened', () => {
    const due = dueWork(contextAt(at(75)), { ...ticket(), warnedVersion: 1 });
    expect(due?.ticket.outbox).toEqual([
      {
        id: 'mail-1',
        template: 'breach',
        language: 'en',
        to: ['duty@vendor.example', 'queue@vendor.example'],
        vars: {
          ticketId: 'T-1',
          subject: 'Down',
          supportId: 'ACME',
          accountName: 'Acme',
          program: 'production',
          severity: '1',
          deadline: formatInstant(at(60), 'UTC', 'en'),
          breachedAt: formatInstant(at(60), 'UTC', 'en'),
        },
        createdAt: at(75),
        marks: 'breachNotifiedAt',
      },
    ]);
  });

  it('closes a pending-closure ticket at its close time, settling the clock then', () => {
    let t = ticket();
    for (const day of ['2026-12-01', '2026-12-02', '2026-12-03']) {
      const when = `${day}T09:30:00.000Z`;
      t = contactAttempted(contextAt(when), t, { by: 'eng', channel: 'phone', at: when })?.ticket as Ticket;
    }
    // Never answered: the clock breached at 10:00Z on the first day; the close comes later, by the sweeper.
    const due = dueWork(contextAt('2026-12-05T00:00:00.000Z'), { ...t, outbox: [], warnedVersion: 1 });
    expect(due?.ticket).toMatchObject({
      status: 'closed',
      closedAt: '2026-12-04T09:30:00.000Z',
      closedBy: 'sla-monitor',
      resolution: 'no_response',
      sla: { state: 'breached' },
    });
    expect(due?.ticket.outbox[0]?.vars).toEqual({ ticketId: 'T-1', subject: 'Down' });
    expect(due?.events[0]).toEqual({
      at: '2026-12-04T09:30:00.000Z',
      type: 'closed',
      by: 'sla-monitor',
      details: { resolution: 'no_response' },
    });
    expect(due?.ticket.outbox.map((mail) => [mail.template, mail.to])).toEqual([
      ['closed_no_response', [ADMIN]],
      ['breach', ['duty@vendor.example', 'queue@vendor.example']],
    ]);
    expect(due?.events.map((event) => [event.type, event.at])).toEqual([
      ['closed', '2026-12-04T09:30:00.000Z'],
      ['breached', '2026-12-01T10:00:00.000Z'],
    ]);
  });

  it('names timers within Scheduler’s rules', () => {
    expect(timerName('T-1', 'auto_close', 12)).toBe('sla-T-1-auto_close-v12');
  });

  it('sets no timers on a best-effort ticket, and only the breach timer once warned', () => {
    const free = ticket({ severity: 2 }, account({ program: 'free', contractExpiresAt: null }));
    expect(pendingTimers(free, 1)).toEqual([]);
    expect(pendingTimers({ ...ticket(), warnedVersion: 1 }, 60).map((timer) => [timer.kind, timer.at])).toEqual([
      ['breach', '2026-12-01T10:01:00.000Z'],
    ]);
    // A warning timer for an earlier version's warning is still wanted for this version.
    expect(pendingTimers({ ...ticket(), warnedVersion: 0 }, 60).map((timer) => timer.kind)).toEqual([
      'warning',
      'breach',
    ]);
  });
});
