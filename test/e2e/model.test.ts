/**
 * Model-based test (issue 6): random interleavings of webhooks, timer firings and sweeps against the whole
 * local stack, checked after every step against the pure policy model of `test/support/sla-model.ts`.
 *
 * Firings come in every way DESIGN §5 says the real Scheduler delivers them: on time (the clock moves and the
 * emulator fires what is due), late (the clock moves and nothing fires before the next event), duplicated,
 * early (the timer function invoked before its instant) and lost (the schedule deleted behind the service,
 * so only the sweeper's rate schedule can notice). When a ticket's timers are due is the model's own
 * computation (`model.dueTimers`), never read from the service's schedules: a timer the service sets at the
 * wrong instant leaves the ticket behind the model (or ahead of it) at the next check. Only the sweeper's rate
 * schedule, which is infrastructure and not a decision about a ticket, is read from the emulator.
 *
 * Every program takes part: the wall clock (premier, production), best effort (free), and the business clock
 * (basic in America/New_York, evaluation in Europe/Paris, each with holidays of its own), from a Friday
 * afternoon before the United States' change to summer time, so that business deadlines span weekends, DST
 * changes and holidays. The model's deadlines are its own arithmetic (a naive minute-by-minute calendar for
 * business hours), not the rules layer's.
 */
import { DeleteScheduleCommand, ListSchedulesCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unixSeconds } from '../../local/sign.ts';
import type { LocalStack } from '../../local/stack.ts';
import { manualClock } from '../../shared/time/clock.ts';
import {
  ADMIN,
  accountBody,
  getTicket,
  mailAbout,
  openTicket,
  putAccount,
  type TicketJson,
} from '../support/fixtures.ts';
import { scanTable, signedFetch, useLocalStack } from '../support/local-stack.ts';
import * as model from '../support/sla-model.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const ENGINEER = 'engineer@vendor.example';

let sent = 0;
/**
 * A sender's request, signed anew each time as a real sender's retry is: every request gets its own timestamp
 * within the ±300 s window, so two identical steps are two deliveries, never an exact replay of one signed
 * request (that is §4.1's replay rule, tested in test/integration/hardening.test.ts).
 */
function send<T = unknown>(stack: LocalStack, method: string, path: string, body?: unknown) {
  const timestamp = unixSeconds(stack.clock()) - 299 + (sent++ % 599);
  return signedFetch<T>(stack, method, path, body, { timestamp });
}

// Friday 12 March 2027, 12:00 in New York (18:00 in Paris): two days before New York changes to summer time
// (14 March) and sixteen before Paris does (28 March). Only ever moved forward (the sweeper's rate schedule
// follows it).
const clock = manualClock('2027-03-12T17:00:00Z');
const local = useLocalStack({ clock });

// A fixed seed and a fixed number of runs, with no time limit: every run of the suite checks the same
// interleavings, all of them, however loaded the machine (SLA_MODEL_SEED / SLA_MODEL_RUNS explore others).
const RUNS = Number(process.env.SLA_MODEL_RUNS ?? 12);
const SEED = Number(process.env.SLA_MODEL_SEED ?? 20261202);

/** Each program's account: its zone and holidays are the model's calendar too. */
const ACCOUNTS: Record<model.Program, { calendar: model.ModelCalendar; overrides: Record<string, unknown> }> = {
  premier: { calendar: { zone: 'Europe/Paris', holidays: new Set() }, overrides: { contractExpiresAt: '2099-12-31' } },
  production: {
    calendar: { zone: 'Europe/Paris', holidays: new Set() },
    overrides: { contractExpiresAt: '2099-12-31' },
  },
  free: { calendar: { zone: 'Europe/Paris', holidays: new Set() }, overrides: {} },
  basic: {
    calendar: { zone: 'America/New_York', holidays: new Set(['2027-03-15', '2027-03-19', '2027-03-24']) },
    overrides: {
      contractExpiresAt: '2099-12-31',
      timezone: 'America/New_York',
      region: 'us',
      language: 'en',
      holidays: { dates: ['2027-03-15', '2027-03-19', '2027-03-24'] },
    },
  },
  evaluation: {
    calendar: { zone: 'Europe/Paris', holidays: new Set(['2027-03-16', '2027-03-26', '2027-03-29']) },
    overrides: { contractExpiresAt: '2099-12-31', holidays: { dates: ['2027-03-16', '2027-03-26', '2027-03-29'] } },
  },
};
const PROGRAMS = Object.keys(ACCOUNTS) as model.Program[];

const offsetName = new Map<string, Intl.DateTimeFormat>();
/** The zone's UTC offset at an instant, as Intl names it ("GMT-5"). */
function utcOffset(instant: number, zone: string): string {
  let format = offsetName.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'shortOffset' });
    offsetName.set(zone, format);
  }
  return format.formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value ?? '';
}

// ---------------------------------------------------------------------------------------------------------
// The steps

/** A ticket of the run, by index modulo the number of tickets opened so far. */
type TicketRef = number;
type Advance =
  | { by: 'seconds' | 'minutes' | 'hours'; n: number }
  | { by: 'toInstant'; ticket: TicketRef; which: 'warnAt' | 'deadline' | 'autoCloseAt'; offsetSeconds: number };

type Step =
  | { do: 'intake'; program: model.Program; severity: model.Severity }
  | { do: 'redeliver'; ticket: TicketRef; severity: model.Severity }
  | { do: 'severity'; ticket: TicketRef; severity: model.Severity }
  | { do: 'respond'; ticket: TicketRef }
  | { do: 'contact'; ticket: TicketRef; by: string; channel: 'phone' | 'email' | 'web' }
  | { do: 'reply'; ticket: TicketRef }
  | { do: 'close'; ticket: TicketRef }
  | { do: 'advance'; advance: Advance; fire: boolean }
  | { do: 'timer'; ticket: TicketRef; firing: 'duplicate' | 'late' | 'early'; pick: number }
  | { do: 'lose'; ticket: TicketRef; which: 'warnAt' | 'deadline' | 'autoCloseAt'; offsetSeconds: number }
  | { do: 'sweep' }
  | { do: 'chase'; ticket: TicketRef; days: number }
  | { do: 'beatTheTimer'; ticket: TicketRef; which: 'warnAt' | 'deadline'; offsetSeconds: number; event: LateEvent };

/** An event about a ticket whose timer is late. */
type LateEvent =
  | { do: 'respond' | 'close' | 'reply' }
  | { do: 'severity'; severity: model.Severity }
  | { do: 'contact'; by: string; channel: 'email' };

const ref = fc.nat({ max: 7 });
const severity = fc.constantFrom<model.Severity>(1, 2, 3, 4);
const intake = fc.record({
  do: fc.constant('intake' as const),
  program: fc.constantFrom<model.Program>(
    'production',
    'premier',
    'free',
    'basic',
    'basic',
    'evaluation',
    'evaluation',
  ),
  severity,
});
const advance = fc.oneof(
  { weight: 2, arbitrary: fc.record({ by: fc.constant('seconds' as const), n: fc.integer({ min: 1, max: 90 }) }) },
  { weight: 4, arbitrary: fc.record({ by: fc.constant('minutes' as const), n: fc.integer({ min: 1, max: 90 }) }) },
  { weight: 1, arbitrary: fc.record({ by: fc.constant('hours' as const), n: fc.integer({ min: 1, max: 12 }) }) },
  // A day or so: contact attempts on distinct dates, the automatic close after its grace period.
  { weight: 2, arbitrary: fc.record({ by: fc.constant('hours' as const), n: fc.integer({ min: 20, max: 28 }) }) },
  {
    weight: 5,
    arbitrary: fc.record({
      by: fc.constant('toInstant' as const),
      ticket: ref,
      which: fc.constantFrom('warnAt' as const, 'warnAt' as const, 'deadline' as const, 'autoCloseAt' as const),
      // Around the instant: a breach timer is set strictly after the deadline, so both sides matter.
      offsetSeconds: fc.constantFrom(-60, -1, 0, 0, 1, 2, 30, 59, 60, 61, 120),
    }),
  },
);
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 2, arbitrary: intake },
  { weight: 1, arbitrary: fc.record({ do: fc.constant('redeliver' as const), ticket: ref, severity }) },
  { weight: 2, arbitrary: fc.record({ do: fc.constant('severity' as const), ticket: ref, severity }) },
  { weight: 3, arbitrary: fc.record({ do: fc.constant('respond' as const), ticket: ref }) },
  {
    weight: 3,
    arbitrary: fc.record({
      do: fc.constant('contact' as const),
      ticket: ref,
      by: fc.constantFrom(ENGINEER, 'second-engineer@vendor.example'),
      channel: fc.constantFrom('phone' as const, 'email' as const, 'web' as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ do: fc.constant('reply' as const), ticket: ref }) },
  { weight: 1, arbitrary: fc.record({ do: fc.constant('close' as const), ticket: ref }) },
  {
    weight: 8,
    arbitrary: fc.record({
      do: fc.constant('advance' as const),
      advance,
      fire: fc.constantFrom(true, true, false),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      do: fc.constant('timer' as const),
      ticket: ref,
      firing: fc.constantFrom('duplicate' as const, 'late' as const, 'early' as const),
      pick: fc.nat({ max: 5 }),
    }),
  },
  // A lost firing: the ticket's schedules vanish, then the clock passes one of its instants and what is due fires.
  {
    weight: 2,
    arbitrary: fc.record({
      do: fc.constant('lose' as const),
      ticket: ref,
      which: fc.constantFrom('warnAt' as const, 'deadline' as const, 'autoCloseAt' as const),
      offsetSeconds: fc.constantFrom(1, 30, 61, 90, 150),
    }),
  },
  { weight: 1, arbitrary: fc.record({ do: fc.constant('sweep' as const) }) },
  // Support chasing a silent customer: a contact attempt a day, for a few days (DESIGN §3, three dates).
  {
    weight: 1,
    arbitrary: fc.record({ do: fc.constant('chase' as const), ticket: ref, days: fc.integer({ min: 1, max: 3 }) }),
  },
);
/** A late firing that an event beats: the clock passes a timer's instant, nothing fires, the event arrives. */
const beatTheTimer = fc.record({
  do: fc.constant('beatTheTimer' as const),
  ticket: ref,
  which: fc.constantFrom('warnAt' as const, 'deadline' as const, 'deadline' as const),
  offsetSeconds: fc.constantFrom(-1, 0, 1, 2, 45, 90),
  event: fc.oneof(
    fc.constantFrom<LateEvent>({ do: 'respond' }, { do: 'close' }, { do: 'reply' }),
    fc.record({ do: fc.constant('severity' as const), severity }),
    fc.constant<LateEvent>({ do: 'contact', by: ENGINEER, channel: 'email' }),
  ),
});
const anyStep = fc.oneof({ weight: 12, arbitrary: step }, { weight: 2, arbitrary: beatTheTimer });
// Every run opens a ticket first, so that the other steps have something to act on.
const scenario = fc.tuple(intake, fc.array(anyStep, { minLength: 10, maxLength: 20 }));

// ---------------------------------------------------------------------------------------------------------
// Running the steps against the stack and the model together

interface TimerRef {
  kind: string;
  version: number;
  at: string;
}

interface Tracked {
  ticketId: string;
  supportId: string;
  body: Record<string, unknown>;
  model: model.ModelTicket;
  /** The timers the service listed for the ticket at the last check, and every one it ever listed. */
  timers: TimerRef[];
  seenTimers: TimerRef[];
  /** The SLA version the service showed at the last check: it names the ticket's schedules. */
  slaVersion: number;
  /** Schedules deleted behind the service (`<kind>-v<version>`): only the sweeper can do their work. */
  lost: Set<string>;
}

interface TicketView extends TicketJson {
  severity: number;
  history: { type: string; at: string; by?: string; details?: Record<string, unknown> }[];
}

class ModelViolation extends Error {
  override readonly name = 'ModelViolation';
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const supportIdOf = (ns: string, program: model.Program) => `${ns}-${program}`;

let runCounter = 0;
/** What the runs exercised, printed at the end so a reader can see the interleavings were not trivial. */
const tally = new Map<string, number>();
const count = (what: string) => tally.set(what, (tally.get(what) ?? 0) + 1);
/** Tickets each support ID must hold in the table at the end, for the duplicate check. */
const expectedTickets = new Map<string, number>();

class Run {
  readonly ns = `MB${(runCounter++).toString().padStart(3, '0')}x${Date.now().toString(36)}`;
  readonly tickets: Tracked[] = [];
  readonly log: string[] = [];
  private readonly scheduler = new SchedulerClient({
    endpoint: local.stack.urls.scheduler,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

  private now = () => clock().getTime();

  async setUp(): Promise<void> {
    const { stack } = local;
    for (const program of PROGRAMS) {
      const response = await signedFetch(
        stack,
        'PUT',
        `/accounts/${supportIdOf(this.ns, program)}`,
        accountBody(program, ACCOUNTS[program].overrides),
      );
      if (response.status !== 200) throw new Error(`account ${program}: ${response.status} ${response.text}`);
      expectedTickets.set(supportIdOf(this.ns, program), 0);
    }
  }

  private ticket(index: TicketRef): Tracked | undefined {
    return this.tickets.length === 0 ? undefined : this.tickets[index % this.tickets.length];
  }

  /** Performs one step on the stack and the model; refusals must be the model's. */
  async perform(s: Step): Promise<void> {
    const { stack } = local;
    const now = this.now();
    count(s.do === 'advance' ? `advance${s.fire ? ' and fire' : ' without firing'}` : s.do);
    if (s.do === 'intake') {
      const supportId = supportIdOf(this.ns, s.program);
      const body = {
        supportId,
        openedBy: { email: ADMIN },
        severity: s.severity,
        product: 'Backup & Replication',
        subject: `Model ticket ${this.tickets.length + 1}`,
        channel: 'web',
        externalId: `${this.ns}-${this.tickets.length + 1}`,
      };
      const response = await send<TicketJson>(stack, 'POST', '/tickets', body);
      const expected = model.open(s.program, s.severity, now, ADMIN, ACCOUNTS[s.program].calendar);
      if ('refused' in expected) {
        this.expectRefusal(response, expected.refused, 'intake');
        return;
      }
      this.expectStatus(response, 201, 'intake');
      expectedTickets.set(supportId, (expectedTickets.get(supportId) ?? 0) + 1);
      this.tickets.push({
        ticketId: response.json.ticketId,
        supportId,
        body,
        model: expected.ticket,
        timers: [],
        seenTimers: [],
        slaVersion: response.json.sla.version,
        lost: new Set(),
      });
      const { deadline, calendar } = expected.ticket;
      if (expected.ticket.clock === 'business' && deadline !== null) {
        count(`business ticket (${s.program})`);
        if (utcOffset(now, calendar.zone) !== utcOffset(deadline, calendar.zone)) {
          count('business deadline across a DST change');
        }
        const from = model.localDate(now, calendar.zone);
        const to = model.localDate(deadline, calendar.zone);
        if ([...calendar.holidays].some((day) => day >= from && day <= to)) count('business deadline past a holiday');
      }
      this.log.push(`  → ${response.json.ticketId}`);
      return;
    }
    if (s.do === 'sweep') {
      await stack.invoker.invoke('sweeper', {});
      for (const tracked of this.tickets) tracked.model = model.process(tracked.model, now);
      return;
    }
    if (s.do === 'advance') {
      await this.advance(s.advance, s.fire);
      return;
    }
    if (s.do === 'chase') {
      for (let day = 0; day < s.days; day++) {
        await this.advance({ by: 'hours', n: 24 }, true);
        await this.perform({ do: 'contact', ticket: s.ticket, by: ENGINEER, channel: 'phone' });
      }
      return;
    }
    if (s.do === 'beatTheTimer') {
      await this.advance({ by: 'toInstant', ticket: s.ticket, which: s.which, offsetSeconds: s.offsetSeconds }, false);
      await this.perform({ ...s.event, ticket: s.ticket });
      return;
    }
    const tracked = this.ticket(s.ticket);
    if (!tracked) return;
    const path = `/tickets/${tracked.ticketId}`;
    switch (s.do) {
      case 'redeliver': {
        // The sender's retry of the same intake, even with a changed body, is the same ticket.
        const response = await send<TicketJson>(stack, 'POST', '/tickets', {
          ...tracked.body,
          severity: model.objective(tracked.model.program, s.severity) === 'not_offered' ? 2 : s.severity,
        });
        this.expectStatus(response, 200, 'redelivered intake');
        if (response.json.ticketId !== tracked.ticketId) {
          throw new ModelViolation(`redelivery created ${response.json.ticketId} besides ${tracked.ticketId}`);
        }
        return;
      }
      case 'severity':
        return this.apply(
          tracked,
          model.changeSeverity(tracked.model, s.severity, ENGINEER, now),
          await send(stack, 'POST', `${path}/severity`, {
            severity: s.severity,
            changedBy: ENGINEER,
            reason: 'business impact changed',
          }),
          'severity change',
        );
      case 'respond':
        return this.apply(
          tracked,
          model.respond(tracked.model, ENGINEER, now),
          await send(stack, 'POST', `${path}/responses`, { by: ENGINEER }),
          'response',
        );
      case 'contact':
        return this.apply(
          tracked,
          model.contactAttempt(tracked.model, s.by, s.channel, now),
          await send(stack, 'POST', `${path}/contact-attempts`, { by: s.by, channel: s.channel }),
          'contact attempt',
        );
      case 'reply':
        return this.apply(
          tracked,
          model.customerReply(tracked.model, now),
          await send(stack, 'POST', `${path}/customer-replies`, {}),
          'customer reply',
        );
      case 'close':
        return this.apply(
          tracked,
          model.close(tracked.model, ENGINEER, now),
          await send(stack, 'POST', `${path}/close`, { by: ENGINEER, resolution: 'solved' }),
          'close',
        );
      case 'timer': {
        const input = this.timerInput(tracked, s.firing, s.pick);
        this.log.push(`  → sla-timer ${JSON.stringify(input)}`);
        await stack.invoker.invoke('sla-timer', input);
        // An early firing of a pending timer sets its schedule again (DESIGN §5), a lost one included.
        const early = tracked.timers.some(
          (timer) => timer.kind === input.kind && timer.version === input.version && Date.parse(timer.at) > now,
        );
        if (early) tracked.lost.delete(`${input.kind}-v${input.version}`);
        // Whatever the timer was for, its function handles what is due on the ticket now, and nothing else.
        tracked.model = model.process(tracked.model, now);
        return;
      }
      case 'lose': {
        const { Schedules = [] } = await this.scheduler.send(
          new ListSchedulesCommand({ GroupName: stack.scheduleGroup, NamePrefix: `sla-${tracked.ticketId}-` }),
        );
        for (const schedule of Schedules) {
          await this.scheduler.send(new DeleteScheduleCommand({ Name: schedule.Name, GroupName: stack.scheduleGroup }));
          tracked.lost.add((schedule.Name as string).slice(`sla-${tracked.ticketId}-`.length));
        }
        this.log.push(`  → deleted ${Schedules.map((schedule) => schedule.Name).join(', ') || 'nothing'}`);
        await this.advance({ by: 'toInstant', ticket: s.ticket, which: s.which, offsetSeconds: s.offsetSeconds }, true);
        return;
      }
    }
  }

  private timerInput(tracked: Tracked, firing: 'duplicate' | 'late' | 'early', pick: number) {
    const now = this.now();
    const candidates =
      firing === 'early'
        ? tracked.timers.filter((timer) => Date.parse(timer.at) > now)
        : firing === 'late'
          ? tracked.timers.filter((timer) => Date.parse(timer.at) <= now)
          : tracked.seenTimers;
    const chosen = candidates[pick % Math.max(1, candidates.length)] ??
      tracked.seenTimers[pick % Math.max(1, tracked.seenTimers.length)] ?? { kind: 'breach', version: 1 };
    return { ticketId: tracked.ticketId, kind: chosen.kind, version: chosen.version };
  }

  private async advance(advance: Advance, fire: boolean): Promise<void> {
    const now = this.now();
    let to: number;
    if (advance.by === 'toInstant') {
      const instant = this.ticket(advance.ticket)?.model[advance.which] ?? null;
      to = instant === null ? now + MINUTE : instant + advance.offsetSeconds * SECOND;
    } else {
      to = now + advance.n * { seconds: SECOND, minutes: MINUTE, hours: HOUR }[advance.by];
    }
    // The clock only moves forward: the sweeper's rate schedule follows it.
    clock.set(new Date(Math.max(to, now + SECOND)));
    this.log.push(`  → clock ${clock().toISOString()}${fire ? ', fire' : ''}`);
    if (!fire) return;
    const at = this.now();
    // Whether the sweeper's rate schedule runs now (it handles every ticket); each ticket's own timers are due
    // when the model says so, unless their schedules were lost.
    const sweeperDue = local.stack.emulator
      .schedules()
      .some(
        (schedule) =>
          schedule.name === 'sla-sweeper' &&
          schedule.state === 'ENABLED' &&
          schedule.nextFireAt !== null &&
          Date.parse(schedule.nextFireAt) <= at,
      );
    await local.fire();
    for (const tracked of this.tickets) {
      const timerDue = model
        .dueTimers(tracked.model)
        .some((timer) => timer.at <= at && !this.isLost(tracked, timer.kind));
      if (!sweeperDue && !timerDue) continue;
      const before = tracked.model;
      tracked.model = model.process(tracked.model, at);
      const by = timerDue ? 'its timer' : 'the sweeper alone';
      if (before.state === 'running' && tracked.model.state === 'breached') count(`breach found by ${by}`);
      if (before.status !== 'closed' && tracked.model.status === 'closed') count(`auto-close by ${by}`);
      if (model.mailCount(tracked.model, 'warning') > model.mailCount(before, 'warning')) count(`warning by ${by}`);
    }
    if (sweeperDue) this.log.push('  → the sweeper ran');
  }

  /** Whether the schedule the service would have set for this kind of the ticket's timers was deleted. */
  private isLost(tracked: Tracked, kind: model.DueTimer['kind']): boolean {
    const version =
      kind === 'auto_close' ? tracked.timers.find((timer) => timer.kind === kind)?.version : tracked.slaVersion;
    return version !== undefined && tracked.lost.has(`${kind}-v${version}`);
  }

  private apply(
    tracked: Tracked,
    expected: model.Outcome,
    response: { status: number; text: string; json: unknown },
    what: string,
  ): void {
    if ('refused' in expected) {
      this.expectRefusal(response, expected.refused, what);
      count(`${what} refused: ${expected.refused}`);
      return;
    }
    this.expectStatus(response, 200, what);
    const before = tracked.model;
    tracked.model = expected.ticket;
    if (before.state === 'running' && tracked.model.state === 'breached') count(`breach found by a ${what}`);
    if (before.status !== 'pending_closure' && tracked.model.status === 'pending_closure') count('pending closure');
  }

  private expectStatus(response: { status: number; text: string }, status: number, what: string): void {
    if (response.status !== status) {
      throw new ModelViolation(`${what}: expected ${status}, got ${response.status} ${response.text}`);
    }
  }

  private expectRefusal(response: { status: number; text: string; json: unknown }, code: string, what: string) {
    const status = code === 'ticket_closed' ? 409 : 422;
    const error = (response.json as { error?: string } | undefined)?.error;
    if (response.status !== status || error !== code) {
      throw new ModelViolation(`${what}: expected ${status} ${code}, got ${response.status} ${response.text}`);
    }
  }

  /** Checks every ticket of the run against the model; returns the violated properties. */
  async check(): Promise<string[]> {
    const { stack } = local;
    const [views, mail] = await Promise.all([
      Promise.all(this.tickets.map((tracked) => signedFetch<TicketView>(stack, 'GET', `/tickets/${tracked.ticketId}`))),
      stack.sentMail(),
    ]);
    const violations: string[] = [];
    const schedules = stack.emulator.schedules();
    this.tickets.forEach((tracked, index) => {
      const response = views[index];
      if (response?.status !== 200) {
        violations.push(`${tracked.ticketId}: GET answered ${response?.status} ${response?.text}`);
        return;
      }
      const view = response.json;
      tracked.slaVersion = view.sla.version;
      tracked.timers = view.timers.map(({ kind, version, at }) => ({ kind, version, at }));
      for (const timer of tracked.timers) {
        if (!tracked.seenTimers.some((seen) => seen.kind === timer.kind && seen.version === timer.version)) {
          tracked.seenTimers.push(timer);
        }
      }
      const mails = mail.filter((m) => m.subject.includes(tracked.ticketId));
      violations.push(...checkTicket(tracked, view, mails).map((message) => `${tracked.ticketId}: ${message}`));
      // Timing: the timers the service records, and the schedules the emulator holds (but those lost), are the
      // model's own, at the model's instants.
      const expected = model.dueTimers(tracked.model).map((timer) => `${timer.kind} at ${iso(timer.at)}`);
      const recorded = tracked.timers.map((timer) => `${timer.kind} at ${new Date(timer.at).toISOString()}`);
      if (JSON.stringify([...recorded].sort()) !== JSON.stringify([...expected].sort())) {
        violations.push(
          `${tracked.ticketId}: timers [${recorded.join('; ')}], the model expects [${expected.join('; ')}]`,
        );
      }
      const prefix = `sla-${tracked.ticketId}-`;
      const scheduled = schedules
        .filter((schedule) => schedule.name.startsWith(prefix))
        .map((schedule) => {
          const kind = schedule.name.slice(prefix.length).replace(/-v\d+$/, '');
          const at = /^at\((.+)\)$/.exec(schedule.scheduleExpression)?.[1];
          return `${kind} at ${at ? new Date(`${at}Z`).toISOString() : schedule.scheduleExpression}`;
        });
      const wanted = model
        .dueTimers(tracked.model)
        .filter((timer) => !this.isLost(tracked, timer.kind))
        .map((timer) => `${timer.kind} at ${iso(timer.at)}`);
      if (JSON.stringify([...scheduled].sort()) !== JSON.stringify([...wanted].sort())) {
        violations.push(
          `${tracked.ticketId}: schedules [${scheduled.join('; ')}], the model expects [${wanted.join('; ')}]`,
        );
      }
    });
    return violations;
  }
}

const eventKey = (event: { type: string; at: string | null; by?: string | null | undefined }) =>
  `${event.type} @${event.at}${event.by ? ` by ${event.by}` : ''}`;

/** Entries of `a` missing from `b`, counting repeats. */
function missingFrom(a: string[], b: string[]): string[] {
  const left = [...b];
  return a.filter((key) => {
    const index = left.indexOf(key);
    if (index < 0) return true;
    left.splice(index, 1);
    return false;
  });
}

/** The properties of issue 6, then the ticket as a whole against the model. */
function checkTicket(tracked: Tracked, view: TicketView, mails: { subject: string }[]): string[] {
  const m = tracked.model;
  const problems: string[] = [];
  const breachMails = mails.filter((mail) => mail.subject.includes('SLA breached')).length;
  const warningMails = mails.filter((mail) => mail.subject.includes('SLA warning')).length;
  const history = view.history;

  // No false breach: a ticket whose response came at or before its deadline, or whose deadline has not passed.
  if (m.state !== 'breached' && (view.sla.state === 'breached' || breachMails > 0)) {
    problems.push(
      `false breach: the model says ${m.state} (deadline ${iso(m.deadline)}, responded ${iso(m.respondedAt)}), ` +
        `the service says ${view.sla.state} with ${breachMails} breach e-mail(s)`,
    );
  }
  // No missed breach: past the deadline without a response, once a timer or sweep has run.
  if (m.state === 'breached' && view.sla.state !== 'breached') {
    problems.push(
      `missed breach: deadline ${iso(m.deadline)} passed and was handled, the service says ${view.sla.state}`,
    );
  }
  // Exactly one breach e-mail per breached ticket.
  if ((view.sla.state === 'breached' || m.state === 'breached') && breachMails !== 1) {
    problems.push(`breached with ${breachMails} breach e-mails instead of exactly one`);
  }
  if (view.sla.state === 'breached' && view.breachNotifiedAt === null)
    problems.push('breached but breachNotifiedAt is null');
  // At most one warning per SLA version, and the ones the model requires.
  const warningVersions = history.filter((event) => event.type === 'warning_sent').map((e) => e.details?.version);
  if (new Set(warningVersions).size !== warningVersions.length) {
    problems.push(`two warnings for one SLA version: ${JSON.stringify(warningVersions)}`);
  }
  if (warningMails > m.versions || warningMails !== model.mailCount(m, 'warning')) {
    problems.push(
      `${warningMails} warning e-mails; the model expects ${model.mailCount(m, 'warning')} (${m.versions} versions)`,
    );
  }
  // History complete: every accepted event is in GET /tickets/{id}'s history.
  const accepted = ['opened', 'severity_changed', 'responded', 'contact_attempt', 'customer_reply', 'closed'];
  const actualKeys = history.map(eventKey);
  const expectedKeys = m.history.map((event) => eventKey({ ...event, at: iso(event.at) }));
  const lost = missingFrom(
    expectedKeys.filter((key) => accepted.some((type) => key.startsWith(`${type} `))),
    actualKeys,
  );
  if (lost.length > 0) {
    problems.push(`history lacks accepted events: ${lost.join('; ')} (it holds: ${actualKeys.join('; ')})`);
  }

  // The rest of the ticket, field by field.
  const expected = {
    status: m.status,
    severity: m.severity,
    clock: m.clock,
    targetMinutes: m.targetMinutes,
    deadline: iso(m.deadline),
    warnAt: iso(m.warnAt),
    state: m.state,
    respondedAt: iso(m.respondedAt),
    breachedAt: iso(m.breachedAt),
    elapsedMinutes: m.elapsedMinutes,
    autoCloseAt: iso(m.autoCloseAt),
    emails: m.mails.length,
  };
  const actual = {
    status: view.status,
    severity: view.severity,
    clock: view.sla.clock,
    targetMinutes: view.sla.targetMinutes,
    deadline: view.sla.deadline,
    warnAt: view.sla.warnAt,
    state: view.sla.state,
    respondedAt: view.sla.respondedAt,
    breachedAt: view.sla.breachedAt,
    elapsedMinutes: view.sla.elapsedMinutes,
    autoCloseAt: view.autoCloseAt,
    emails: mails.length,
  };
  for (const key of Object.keys(expected) as (keyof typeof expected)[]) {
    if (expected[key] !== actual[key]) {
      problems.push(
        `${key}: the model says ${JSON.stringify(expected[key])}, the service ${JSON.stringify(actual[key])}`,
      );
    }
  }
  const unexpected = missingFrom(actualKeys, expectedKeys);
  const absent = missingFrom(expectedKeys, actualKeys);
  if (unexpected.length > 0 || absent.length > 0) {
    problems.push(`history differs: extra [${unexpected.join('; ')}], missing [${absent.join('; ')}]`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------

describe('breaches that an event finds before the late breach timer (found by the model)', () => {
  const events: [string, (ticketId: string) => Promise<{ status: number; text: string }>][] = [
    ['a first response', (id) => signedFetch(local.stack, 'POST', `/tickets/${id}/responses`, { by: ENGINEER })],
    [
      'a severity change',
      (id) => signedFetch(local.stack, 'POST', `/tickets/${id}/severity`, { severity: 2, changedBy: ENGINEER }),
    ],
    [
      'a close',
      (id) => signedFetch(local.stack, 'POST', `/tickets/${id}/close`, { by: ENGINEER, resolution: 'solved' }),
    ],
  ];

  it.each(events)(
    'records the breach and alerts it once when %s comes after the deadline, before any timer',
    async (what, event) => {
      const { stack } = local;
      const supportId = `MBX-${what.replaceAll(' ', '-')}`;
      await putAccount(stack, supportId, 'production', { contractExpiresAt: '2099-12-31' });
      const opened = await openTicket(stack, supportId, { severity: 1 });
      const deadline = opened.sla.deadline as string;
      // The breach timer is late: 90 s past the deadline nothing has fired yet when the event arrives.
      clock.set(new Date(Date.parse(deadline) + 90 * SECOND));
      const answered = await event(opened.ticketId);
      expect(answered.status, answered.text).toBe(200);
      clock.advance(MINUTE);
      await local.fire();

      const ticket = await getTicket(stack, opened.ticketId);
      expect(ticket.sla).toMatchObject({ state: 'breached', breachedAt: deadline });
      expect(ticket.history?.filter((entry) => entry.type === 'breached')).toHaveLength(1);
      expect(ticket.breachNotifiedAt).not.toBeNull();
      expect(await mailAbout(stack, opened.ticketId, 'SLA breached')).toHaveLength(1);
    },
  );
});

describe('the service against a model of the policy, under random interleavings', () => {
  it('never breaches falsely, never misses a breach, alerts each breach once, warns at most once per version ' +
    'and keeps every accepted event, whatever the order of webhooks, firings and sweeps', async () => {
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(scenario, async ([first, rest]) => {
        const run = new Run();
        await run.setUp();
        await local.stack.clearMail();
        const steps = [first, ...rest];
        for (const [index, s] of steps.entries()) {
          run.log.push(`${index}: ${JSON.stringify(s)} at ${clock().toISOString()}`);
          await run.perform(s);
          const violations = await run.check();
          if (violations.length > 0) {
            throw new ModelViolation(
              `after step ${index} (${JSON.stringify(s)}):\n  ${violations.join('\n  ')}\nsteps:\n${run.log.join('\n')}`,
            );
          }
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
    // Nothing else opened a ticket: one per accepted intake, however often it was redelivered.
    const tickets = (await scanTable(local.stack)).filter((item) => item.type?.S === 'ticket');
    for (const [supportId, count] of expectedTickets) {
      expect(
        tickets.filter((item) => item.supportId?.S === supportId),
        supportId,
      ).toHaveLength(count);
    }
    const exercised = [...tally].sort(([a], [b]) => a.localeCompare(b)).map(([what, n]) => `${what}: ${n}`);
    expect(runCounter).toBeGreaterThanOrEqual(RUNS);
    // The fixed seed's runs reach what the business clock must get right.
    for (const what of [
      'business ticket (basic)',
      'business ticket (evaluation)',
      'business deadline across a DST change',
      'business deadline past a holiday',
    ]) {
      expect(tally.get(what) ?? 0, what).toBeGreaterThan(0);
    }
    console.info(
      `model-based test: ${runCounter} runs in ${((Date.now() - started) / 1000).toFixed(1)} s\n  ${exercised.join('\n  ')}`,
    );
  }, 480_000);
});
