/**
 * Faults the local services cannot produce (issue 6), injected into the real AWS SDK clients with
 * `aws-sdk-client-mock` and removed again: DynamoDB throttling and transaction conflicts, SES throttling and
 * outage, Scheduler refusing to create schedules, and a handler dying between its write and its e-mail.
 * Every other call goes through to DynamoDB Local, the SES v2 server and the scheduler emulator.
 *
 * The promise under test (DESIGN §5): once the fault clears, nothing is lost and nothing is sent twice.
 *
 * `aws-sdk-client-mock` replaces `Client#send`, above the SDK's middleware stack, so the SDK's own retry
 * strategy never sees an injected error: each one reaches our code as it would after the SDK gave up.
 */

import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  ProvisionedThroughputExceededException,
  ThrottlingException,
  TransactionCanceledException,
  TransactionConflictException,
} from '@aws-sdk/client-dynamodb';
import { CreateScheduleCommand, InternalServerException, SchedulerClient } from '@aws-sdk/client-scheduler';
import {
  SESv2Client,
  SendEmailCommand,
  type SendEmailCommandInput,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { unixSeconds } from '../../local/sign.ts';
import { manualClock } from '../../shared/time/clock.ts';
import { getTicket, putAccount, type TicketJson, ticketBody } from '../support/fixtures.ts';
import { scanTable, signedFetch, useLocalStack } from '../support/local-stack.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
// Tuesday 1 June 2027, 09:00 in Paris. Tests move it forward only: the sweeper's rate schedule follows it.
const clock = manualClock('2027-06-01T07:00:00Z');
const local = useLocalStack({ clock });

const metadata = { $metadata: { httpStatusCode: 400 } };
const ENGINEER = 'engineer@vendor.example';

async function advance(ms: number): Promise<void> {
  clock.advance(ms);
  await local.fire();
}

/** Moves the clock to `iso` plus `ms` (never back) and fires what is due. */
async function advanceTo(iso: string | null, ms = 0): Promise<void> {
  if (iso === null) throw new Error('no instant to move to');
  clock.set(new Date(Math.max(Date.parse(iso) + ms, clock().getTime())));
  await local.fire();
}

type Stub = ReturnType<typeof mockClient>;

/**
 * Replaces `send` of every instance of the client class: calls that `arrange` does not fault go through to
 * the real service. Always `restore()` it.
 */
function faulty(client: Parameters<typeof mockClient>[0], arrange: (stub: Stub) => void): Stub {
  const stub = mockClient(client);
  stub.send.callThrough();
  arrange(stub);
  return stub;
}

let accounts = 0;
/** A new production account for one scenario, valid for as long as the clock can go. */
async function account(): Promise<string> {
  accounts += 1;
  const supportId = `FLT-${accounts}`;
  await putAccount(local.stack, supportId, 'production', { contractExpiresAt: '2099-12-31', language: 'en' });
  return supportId;
}

/** Ticket items of the table that belong to `supportId`: a scan, so nothing the service hides is missed. */
async function ticketsOf(supportId: string) {
  return (await scanTable(local.stack)).filter(
    (item) => item.pk?.S?.startsWith('TICKET#') && item.sk?.S === 'TICKET' && item.supportId?.S === supportId,
  );
}

/** The e-mails about a ticket, by kind: acknowledgement, warning, breach. */
async function mailsAbout(ticketId: string) {
  const subjects = (await local.stack.sentMail())
    .map((mail) => mail.subject)
    .filter((subject) => subject.includes(ticketId));
  return {
    total: subjects.length,
    ack: subjects.filter((subject) => subject.includes('We have received your request')).length,
    warning: subjects.filter((subject) => subject.includes('SLA warning')).length,
    breach: subjects.filter((subject) => subject.includes('SLA breached')).length,
  };
}

/** The subjects of the SendEmail calls a stub saw for one ticket, in order. */
function sendsAbout(stub: Stub, ticketId: string): string[] {
  return stub
    .commandCalls(SendEmailCommand)
    .map((call) => call.args[0].input.Content?.Simple?.Subject?.Data ?? '')
    .filter((subject) => subject.includes(ticketId));
}

async function historyOf(ticketId: string) {
  return (await getTicket(local.stack, ticketId)).history ?? [];
}

const timerNames = (ticketId: string) =>
  local.stack.emulator
    .schedules()
    .filter((schedule) => schedule.name.startsWith(`sla-${ticketId}-`))
    .map((schedule) => schedule.name)
    .sort();

const deadLettersOf = (ticketId: string) =>
  local.stack.emulator.deadLetters().filter((letter) => letter.name.startsWith(`sla-${ticketId}-`));

// ---------------------------------------------------------------------------------------------------------

/** The breach is committed once (state, instant, history) and its e-mail is not yet sent. */
async function expectBreachWrittenUnsent(ticketId: string, deadline: string | null): Promise<void> {
  const committed = await getTicket(local.stack, ticketId);
  expect(committed.sla).toMatchObject({ state: 'breached', breachedAt: deadline });
  expect(committed.breachNotifiedAt).toBeNull();
  expect((committed.history ?? []).filter((event) => event.type === 'breached')).toHaveLength(1);
  expect(await mailsAbout(ticketId)).toMatchObject({ breach: 0 });
}

/** The timer's retries and the sweeps that follow send the breach e-mail exactly once, and nothing goes to the DLQ. */
async function expectBreachSentOnceByRetries(ticketId: string): Promise<void> {
  for (let i = 0; i < 4; i++) await advance(MINUTE);
  const notified = await getTicket(local.stack, ticketId);
  expect(notified).toMatchObject({ status: 'awaiting_response', sla: { state: 'breached' }, pendingEmails: [] });
  expect(notified.breachNotifiedAt).not.toBeNull();
  expect(await mailsAbout(ticketId)).toEqual({ total: 3, ack: 1, warning: 1, breach: 1 });
  for (let i = 0; i < 3; i++) await advance(10 * MINUTE);
  expect(await mailsAbout(ticketId)).toEqual({ total: 3, ack: 1, warning: 1, breach: 1 });
  expect(deadLettersOf(ticketId)).toEqual([]);
}

describe('DynamoDB throttling and transaction conflicts on the intake transaction', () => {
  const faults: [string, () => Error][] = [
    [
      'ProvisionedThroughputExceededException',
      () =>
        new ProvisionedThroughputExceededException({
          message: 'The level of configured provisioned throughput for the table was exceeded',
          ...metadata,
        }),
    ],
    [
      'ThrottlingException',
      () => new ThrottlingException({ message: 'Rate of requests exceeds the allowed throughput', ...metadata }),
    ],
    [
      'TransactionCanceledException with a TransactionConflict on the external id',
      () =>
        new TransactionCanceledException({
          message:
            'Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict, None, None]',
          CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }, { Code: 'None' }],
          ...metadata,
        }),
    ],
    [
      'TransactionCanceledException with a TransactionConflict on the ticket',
      () =>
        new TransactionCanceledException({
          message:
            'Transaction cancelled, please refer cancellation reasons for specific reasons [None, TransactionConflict, None]',
          CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }, { Code: 'None' }],
          ...metadata,
        }),
    ],
  ];

  it.each(faults)(
    'answers 5xx on %s, writes nothing, and the sender’s retry creates the one ticket',
    async (_name, fault) => {
      const { stack } = local;
      const supportId = await account();
      const body = ticketBody(supportId, { severity: 1, externalId: `ZD-${supportId}` });
      // The aggregator idle first, so the one fault hits the request's write, not a stream batch's.
      await stack.drainStreams();
      const db = faulty(DynamoDBDocumentClient, (stub) => stub.on(TransactWriteCommand).rejectsOnce(fault()));
      let refused: Awaited<ReturnType<typeof signedFetch>>;
      try {
        refused = await signedFetch(stack, 'POST', '/tickets', body);
      } finally {
        db.restore();
      }
      // Our code does not retry a failed intake itself: the sender does, on a 5xx.
      expect(db.commandCalls(TransactWriteCommand)).toHaveLength(1);
      expect(refused.status).toBeGreaterThanOrEqual(500);
      expect(refused.json).toMatchObject({ error: 'internal_error' });
      expect(await ticketsOf(supportId)).toHaveLength(0);

      const created = await signedFetch<TicketJson>(stack, 'POST', '/tickets', body);
      expect(created.status, created.text).toBe(201);
      // A redelivery signed anew (the exact replay of a signed request gets its first answer instead).
      const again = await signedFetch<TicketJson>(stack, 'POST', '/tickets', body, {
        timestamp: unixSeconds(stack.clock()) - 1,
      });
      expect(again.status, again.text).toBe(200);
      expect(again.json.ticketId).toBe(created.json.ticketId);

      expect(await ticketsOf(supportId)).toHaveLength(1);
      const { ticketId } = created.json;
      expect(await getTicket(stack, ticketId)).toMatchObject({
        status: 'awaiting_response',
        sla: { state: 'running' },
      });
      expect(timerNames(ticketId)).toEqual([`sla-${ticketId}-breach-v1`, `sla-${ticketId}-warning-v1`]);
      expect(await mailsAbout(ticketId)).toEqual({ total: 1, ack: 1, warning: 0, breach: 0 });
      expect((await historyOf(ticketId)).filter((event) => event.type === 'opened')).toHaveLength(1);
    },
  );

  it('keeps 201 when the write recording the sent acknowledgement conflicts once, and sends it once', async () => {
    const { stack } = local;
    const supportId = await account();
    const body = ticketBody(supportId, { severity: 2, externalId: `ZD-${supportId}` });
    // The ticket's transaction commits and SES takes the acknowledgement; the write that records it conflicts
    // once. The document client's prototype is wrapped for that one call: aws-sdk-client-mock cannot pass the
    // same command type through on other calls.
    const original = DynamoDBDocumentClient.prototype.send;
    let faulted = 0;
    DynamoDBDocumentClient.prototype.send = function (this: DynamoDBDocumentClient, ...args: unknown[]) {
      const [command] = args;
      if (
        faulted === 0 &&
        command instanceof TransactWriteCommand &&
        JSON.stringify(command.input).includes('"mail_sent"')
      ) {
        faulted += 1;
        return Promise.reject(
          new TransactionConflictException({ message: 'Transaction is ongoing for the item', ...metadata }),
        );
      }
      return (original as (...a: unknown[]) => Promise<unknown>).apply(this, args);
    } as typeof original;
    let opened: Awaited<ReturnType<typeof signedFetch<TicketJson>>>;
    try {
      opened = await signedFetch<TicketJson>(stack, 'POST', '/tickets', body);
    } finally {
      DynamoDBDocumentClient.prototype.send = original;
    }
    expect(faulted).toBe(1);
    expect(opened.status, opened.text).toBe(201);
    expect(await ticketsOf(supportId)).toHaveLength(1);
    const { ticketId } = opened.json;
    const retried = await signedFetch<TicketJson>(stack, 'POST', '/tickets', body, {
      timestamp: unixSeconds(stack.clock()) - 1,
    });
    expect(retried.status).toBe(200);
    expect(retried.json.ticketId).toBe(ticketId);

    // Sweeps after the 60 s lease find nothing left to send.
    await advance(MINUTE + SECOND);
    await advance(MINUTE);
    expect(await mailsAbout(ticketId)).toEqual({ total: 1, ack: 1, warning: 0, breach: 0 });
    expect(await getTicket(stack, ticketId)).toMatchObject({
      status: 'awaiting_response',
      sla: { state: 'running' },
      pendingEmails: [],
    });
  });
});

describe('DynamoDB throttling after the ticket exists', () => {
  it('answers 5xx on a throttled response, and the retry records the response once, met', async () => {
    const { stack } = local;
    const supportId = await account();
    const opened = await signedFetch<TicketJson>(stack, 'POST', '/tickets', ticketBody(supportId, { severity: 1 }));
    const { ticketId } = opened.json;
    clock.advance(10 * MINUTE);
    // The aggregator idle first, so the one fault hits the response's write, not a stream batch's.
    await stack.drainStreams();
    const db = faulty(DynamoDBDocumentClient, (stub) =>
      stub
        .on(TransactWriteCommand)
        .rejectsOnce(new ProvisionedThroughputExceededException({ message: 'slow down', ...metadata })),
    );
    let refused: Awaited<ReturnType<typeof signedFetch>>;
    try {
      refused = await signedFetch(stack, 'POST', `/tickets/${ticketId}/responses`, { by: ENGINEER });
    } finally {
      db.restore();
    }
    expect(refused.status).toBeGreaterThanOrEqual(500);
    expect((await getTicket(stack, ticketId)).sla.state).toBe('running');

    const answered = await signedFetch<TicketJson>(stack, 'POST', `/tickets/${ticketId}/responses`, { by: ENGINEER });
    expect(answered.status, answered.text).toBe(200);
    expect(answered.json.sla).toMatchObject({ state: 'met', elapsedMinutes: 10 });
    await advance(2 * 60 * MINUTE);
    expect((await getTicket(stack, ticketId)).sla.state).toBe('met');
    expect((await historyOf(ticketId)).filter((event) => event.type === 'responded')).toHaveLength(1);
    expect(await mailsAbout(ticketId)).toEqual({ total: 1, ack: 1, warning: 0, breach: 0 });
    expect(await ticketsOf(supportId)).toHaveLength(1);
  });

  it('breaches once when the breach write is throttled: the scheduler retries the timer until it commits', async () => {
    const { stack } = local;
    const supportId = await account();
    const opened = await signedFetch<TicketJson>(stack, 'POST', '/tickets', ticketBody(supportId, { severity: 1 }));
    const { ticketId, sla } = opened.json;
    await advanceTo(sla.warnAt);
    expect(await mailsAbout(ticketId)).toMatchObject({ warning: 1, breach: 0 });

    const db = faulty(DynamoDBDocumentClient, (stub) =>
      stub
        .on(TransactWriteCommand)
        .rejects(new ProvisionedThroughputExceededException({ message: 'slow down', ...metadata })),
    );
    try {
      await advanceTo(sla.deadline, SECOND);
      await advance(2 * SECOND);
    } finally {
      db.restore();
    }
    expect(db.commandCalls(TransactWriteCommand).length).toBeGreaterThanOrEqual(2);
    expect((await getTicket(stack, ticketId)).sla.state).toBe('running');
    expect(await mailsAbout(ticketId)).toMatchObject({ breach: 0 });

    // The timer's retry (1 s, 2 s, 4 s … on the scheduler's clock) now commits the breach, then alerts.
    await advance(4 * SECOND);
    await advance(MINUTE);
    const breached = await getTicket(stack, ticketId);
    expect(breached.sla).toMatchObject({ state: 'breached', breachedAt: sla.deadline });
    expect(breached.breachNotifiedAt).not.toBeNull();
    expect((breached.history ?? []).filter((event) => event.type === 'breached')).toHaveLength(1);
    expect(await mailsAbout(ticketId)).toEqual({ total: 3, ack: 1, warning: 1, breach: 1 });
    expect(timerNames(ticketId)).toEqual([]);
    expect(deadLettersOf(ticketId)).toEqual([]);
    expect(await ticketsOf(supportId)).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------------------------------------

const sesFaults: [string, (stub: Stub) => void][] = [
  [
    'throttling',
    (stub) =>
      stub
        .on(SendEmailCommand)
        .rejects(new TooManyRequestsException({ message: 'Maximum sending rate exceeded.', ...metadata })),
  ],
  [
    'a full outage',
    (stub) =>
      stub
        .on(SendEmailCommand)
        .rejects(
          Object.assign(new Error('connect ETIMEDOUT email.eu-west-1.amazonaws.com:443'), { name: 'TimeoutError' }),
        ),
  ],
];

describe('SES faults', () => {
  it.each(sesFaults)(
    'keeps the acknowledgement through %s and sends it once after it clears',
    async (_name, arrange) => {
      const { stack } = local;
      const supportId = await account();
      const ses = faulty(SESv2Client, arrange);
      let opened: Awaited<ReturnType<typeof signedFetch<TicketJson>>>;
      try {
        opened = await signedFetch<TicketJson>(stack, 'POST', '/tickets', ticketBody(supportId, { severity: 3 }));
        // The ticket is created all the same; sweeps during the fault keep failing and keep the e-mail.
        await advance(MINUTE + SECOND);
        await advance(MINUTE);
      } finally {
        ses.restore();
      }
      expect(opened.status, opened.text).toBe(201);
      const { ticketId } = opened.json;
      // Tried at intake and again by each sweep once the claim on it lapsed.
      expect(sendsAbout(ses, ticketId).length).toBeGreaterThanOrEqual(2);
      expect(await mailsAbout(ticketId)).toMatchObject({ total: 0 });
      expect(await getTicket(stack, ticketId)).toMatchObject({
        pendingEmails: [expect.objectContaining({ template: 'ticket_opened' })],
      });

      await advance(MINUTE + SECOND);
      await advance(MINUTE);
      expect(await mailsAbout(ticketId)).toEqual({ total: 1, ack: 1, warning: 0, breach: 0 });
      expect(await getTicket(stack, ticketId)).toMatchObject({ status: 'awaiting_response', pendingEmails: [] });
      expect(await ticketsOf(supportId)).toHaveLength(1);
    },
  );

  it.each(sesFaults)(
    'breaches through %s, keeps the warning and the breach alert, and sends each once after it clears',
    async (_name, arrange) => {
      const { stack } = local;
      const supportId = await account();
      const opened = await signedFetch<TicketJson>(stack, 'POST', '/tickets', ticketBody(supportId, { severity: 1 }));
      const { ticketId, sla } = opened.json;
      const ses = faulty(SESv2Client, arrange);
      try {
        // The warning, the deadline and a quarter of an hour past it, with every timer retry and sweep failing to send.
        await advanceTo(sla.warnAt, SECOND);
        await advanceTo(sla.deadline, SECOND);
        for (let minute = 0; minute < 15; minute++) await advance(MINUTE);
      } finally {
        ses.restore();
      }
      const during = await getTicket(stack, ticketId);
      expect(during.sla).toMatchObject({ state: 'breached', breachedAt: sla.deadline });
      expect(during.breachNotifiedAt).toBeNull();
      // Tried by the timers and again by the sweeps, every time in vain.
      expect(
        sendsAbout(ses, ticketId).filter((subject) => subject.includes('SLA breached')).length,
      ).toBeGreaterThanOrEqual(2);
      expect(await mailsAbout(ticketId)).toMatchObject({ warning: 0, breach: 0 });

      await advance(MINUTE + SECOND);
      await advance(MINUTE);
      const after = await getTicket(stack, ticketId);
      expect(after.breachNotifiedAt).not.toBeNull();
      expect(after).toMatchObject({ status: 'awaiting_response', sla: { state: 'breached' }, pendingEmails: [] });
      expect(await mailsAbout(ticketId)).toEqual({ total: 3, ack: 1, warning: 1, breach: 1 });
      // The breach timer's retries end once the alert is out; none is dead-lettered.
      for (let i = 0; i < 3; i++) await advance(10 * MINUTE);
      expect(timerNames(ticketId)).toEqual([]);
      expect(deadLettersOf(ticketId)).toEqual([]);
      expect(await mailsAbout(ticketId)).toEqual({ total: 3, ack: 1, warning: 1, breach: 1 });
      expect(await ticketsOf(supportId)).toHaveLength(1);
    },
  );

  it('sends the breach alert once when the handler dies between the breach write and the e-mail', async () => {
    const { stack } = local;
    const supportId = await account();
    const opened = await signedFetch<TicketJson>(stack, 'POST', '/tickets', ticketBody(supportId, { severity: 1 }));
    const { ticketId, sla } = opened.json;
    await advanceTo(sla.warnAt);
    // This ticket's breach alert fails once, as a crash would leave it: the breach written, the e-mail not sent.
    const subject = `[${ticketId}] SLA breached: no first response to Customer Inc.`;
    const ses = faulty(SESv2Client, (stub) =>
      stub
        // Matched partially at every depth, as sinon.match does; the SDK's type only knows the top level.
        .on(SendEmailCommand, { Content: { Simple: { Subject: { Data: subject } } } } as SendEmailCommandInput)
        .rejectsOnce(
          Object.assign(new Error('Runtime exited with error: signal: killed'), { name: 'Runtime.ExitError' }),
        ),
    );
    try {
      await advanceTo(sla.deadline, SECOND);
    } finally {
      ses.restore();
    }
    expect(sendsAbout(ses, ticketId)).toEqual([subject]);
    await expectBreachWrittenUnsent(ticketId, sla.deadline);

    // The timer's retries and the sweeps that follow: exactly one of them sends it.
    await expectBreachSentOnceByRetries(ticketId);
    expect(await ticketsOf(supportId)).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------------------------------------

/**
 * Runs one invocation of a real handler in a child process against this file's local services, and SIGKILLs
 * it once the handler reaches its first SES send (test/support/crash-child.ts): its writes are committed,
 * its e-mail never leaves. Resolves to the subject it was about to send.
 */
async function crashBeforeSending(functionName: string, event: unknown): Promise<string> {
  const child = fork(
    fileURLToPath(new URL('../support/crash-child.ts', import.meta.url)),
    [functionName, JSON.stringify(event), clock().toISOString()],
    {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, ...local.stack.env, POWERTOOLS_LOG_LEVEL: 'CRITICAL' },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    },
  );
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  );
  try {
    const reached = await new Promise<{ reached?: string; subject?: string }>((resolve, reject) => {
      child.once('message', (message) => resolve(message as { reached?: string; subject?: string }));
      child.once('exit', (code, signal) => reject(new Error(`the child exited (${signal ?? code}) before SES`)));
    });
    if (reached.reached !== 'SendEmail') throw new Error(`the child did not reach SES: ${JSON.stringify(reached)}`);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    return reached.subject ?? '';
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

describe('a timer function killed (SIGKILL) between its breach write and its e-mail', () => {
  it('leaves the breach written, and the timer retries and sweeps send the alert exactly once', async () => {
    const { stack } = local;
    const supportId = await account();
    const opened = await signedFetch<TicketJson>(stack, 'POST', '/tickets', ticketBody(supportId, { severity: 1 }));
    const { ticketId, sla } = opened.json;
    await advanceTo(sla.warnAt);
    expect(await mailsAbout(ticketId)).toEqual({ total: 2, ack: 1, warning: 1, breach: 0 });

    // The breach timer's firing runs in a process of its own, which dies before SES hears of the alert.
    clock.set(new Date(Date.parse(sla.deadline as string) + SECOND));
    const subject = await crashBeforeSending('sla-timer', { ticketId, kind: 'breach', version: sla.version });
    expect(subject).toBe(`[${ticketId}] SLA breached: no first response to Customer Inc.`);
    await expectBreachWrittenUnsent(ticketId, sla.deadline);

    // What Scheduler does next here (the schedule's retry, the sweeps): exactly one of them sends it.
    await expectBreachSentOnceByRetries(ticketId);
  }, 90_000);
});

// ---------------------------------------------------------------------------------------------------------

describe('Scheduler refusing to create schedules during intake', () => {
  it('creates the ticket anyway, and the sweeper sends its warning and breaches it on time, once each', async () => {
    const { stack } = local;
    const supportId = await account();
    const scheduler = faulty(SchedulerClient, (stub) =>
      stub
        .on(CreateScheduleCommand)
        .rejects(
          new InternalServerException({ message: 'Unexpected error', Message: 'Unexpected error', ...metadata }),
        ),
    );
    let opened: Awaited<ReturnType<typeof signedFetch<TicketJson>>>;
    try {
      opened = await signedFetch<TicketJson>(stack, 'POST', '/tickets', ticketBody(supportId, { severity: 1 }));
    } finally {
      scheduler.restore();
    }
    expect(opened.status, opened.text).toBe(201);
    const { ticketId, sla } = opened.json;
    expect(scheduler.commandCalls(CreateScheduleCommand).length).toBeGreaterThanOrEqual(1);
    expect(timerNames(ticketId)).toEqual([]);
    expect(await mailsAbout(ticketId)).toEqual({ total: 1, ack: 1, warning: 0, breach: 0 });

    // No timer will ever fire for it: the sweeper, every minute, is all that is left.
    await advanceTo(sla.warnAt, MINUTE);
    expect(await mailsAbout(ticketId)).toMatchObject({ warning: 1, breach: 0 });
    expect((await getTicket(stack, ticketId)).sla.state).toBe('running');
    await advanceTo(sla.deadline, MINUTE + SECOND);
    const breached = await getTicket(stack, ticketId);
    expect(breached.sla).toMatchObject({ state: 'breached', breachedAt: sla.deadline });
    expect(breached.breachNotifiedAt).not.toBeNull();
    for (let i = 0; i < 3; i++) await advance(MINUTE);
    expect(await mailsAbout(ticketId)).toEqual({ total: 3, ack: 1, warning: 1, breach: 1 });
    expect(await ticketsOf(supportId)).toHaveLength(1);
  });
});
