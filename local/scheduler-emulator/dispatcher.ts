/** Fires due schedules into the injected invoker, with the retry policy, back-off and dead-letter list. */
import type { Clock } from '#shared/time/clock.ts';
import { nextOccurrence } from './occurrences.ts';
import { type Registry, scheduleKey } from './registry.ts';
import type { Invoke, StoredSchedule } from './types.ts';

export interface DispatcherOptions {
  registry: Registry;
  clock: Clock;
  invoke: Invoke;
  retryBaseDelayMs: number;
  precisionMs: number;
}

/** The service's defaults when a target has no RetryPolicy. */
const DEFAULT_MAX_RETRY_ATTEMPTS = 185;
const DEFAULT_MAX_EVENT_AGE_SECONDS = 86_400;

const isDue = (schedule: StoredSchedule, nowMs: number) =>
  schedule.state === 'ENABLED' && schedule.nextFireAt !== null && Date.parse(schedule.nextFireAt) <= nowMs;

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class Dispatcher {
  private readonly inFlight = new Set<string>();
  private readonly running = new Set<Promise<number>>();

  constructor(private readonly options: DispatcherOptions) {}

  /** Fires everything due now, earliest first, and returns how many invocations were made. */
  runDue(): Promise<number> {
    const run = this.fireDue();
    this.running.add(run);
    const forget = () => this.running.delete(run);
    run.then(forget, forget);
    return run;
  }

  /** Resolves once every firing started so far has settled. */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  private async fireDue(): Promise<number> {
    const nowMs = this.options.clock().getTime();
    const due = this.options.registry
      .scheduleList()
      .filter((schedule) => isDue(schedule, nowMs))
      .map((schedule) => ({ key: scheduleKey(schedule.groupName, schedule.name), schedule }))
      .filter(({ key }) => !this.inFlight.has(key))
      .sort(
        (a, b) =>
          Date.parse(a.schedule.nextFireAt ?? '') - Date.parse(b.schedule.nextFireAt ?? '') ||
          a.schedule.creationDate.localeCompare(b.schedule.creationDate) ||
          a.key.localeCompare(b.key),
      );
    // Claimed up front, so a poll that starts while this one is still invoking skips all of them.
    for (const { key } of due) this.inFlight.add(key);
    let invocations = 0;
    try {
      for (const { key, schedule } of due) {
        if (await this.fire(schedule.groupName, schedule.name, nowMs)) invocations += 1;
        this.inFlight.delete(key);
      }
    } finally {
      for (const { key } of due) this.inFlight.delete(key);
    }
    return invocations;
  }

  /** Invokes one schedule's target once; false when an earlier firing in this run changed or removed it. */
  private async fire(group: string, name: string, nowMs: number): Promise<boolean> {
    const { registry, invoke } = this.options;
    const schedule = registry.schedule(group, name);
    if (!schedule || !isDue(schedule, nowMs) || schedule.nextFireAt === null) return false;
    const revision = schedule.revision;
    const scheduledAt = schedule.pending?.scheduledAt ?? schedule.nextFireAt;
    const attempt = (schedule.pending?.attempts ?? 0) + 1;
    let failure: string | undefined;
    try {
      await invoke(schedule.target.Arn, schedule.target.Input, {
        scheduleArn: schedule.arn,
        name,
        group,
        attempt,
      });
    } catch (error) {
      failure = errorMessage(error);
    }
    const current = registry.schedule(group, name);
    // Updated or deleted while the target ran: the new version keeps its own timing.
    if (!current || current.revision !== revision) return true;
    if (failure === undefined) this.complete(current, scheduledAt);
    else this.retryOrDeadLetter(current, scheduledAt, attempt, failure);
    await registry.persist();
    return true;
  }

  private retryOrDeadLetter(schedule: StoredSchedule, scheduledAt: string, attempt: number, error: string): void {
    const policy = schedule.target.RetryPolicy;
    const maxRetries = policy?.MaximumRetryAttempts ?? DEFAULT_MAX_RETRY_ATTEMPTS;
    const maxAgeMs = (policy?.MaximumEventAgeInSeconds ?? DEFAULT_MAX_EVENT_AGE_SECONDS) * 1000;
    const failedAtMs = this.options.clock().getTime();
    const retries = attempt - 1;
    const retryAtMs = failedAtMs + this.options.retryBaseDelayMs * 2 ** retries;
    if (retries < maxRetries && retryAtMs - Date.parse(scheduledAt) <= maxAgeMs) {
      schedule.pending = { scheduledAt, attempts: attempt, lastError: error };
      schedule.nextFireAt = new Date(retryAtMs).toISOString();
      return;
    }
    this.options.registry.addDeadLetter({
      scheduleArn: schedule.arn,
      name: schedule.name,
      group: schedule.groupName,
      targetArn: schedule.target.Arn,
      input: schedule.target.Input,
      attempts: attempt,
      lastError: error,
      deadLetterArn: schedule.target.DeadLetterConfig?.Arn ?? null,
      scheduledAt,
      deadLetteredAt: new Date(failedAtMs).toISOString(),
    });
    this.complete(schedule, scheduledAt);
  }

  /** Moves to the next occurrence; with none left, ActionAfterCompletion DELETE removes the schedule. */
  private complete(schedule: StoredSchedule, scheduledAt: string): void {
    delete schedule.pending;
    const next = nextOccurrence(schedule, Date.parse(scheduledAt), {
      creationMs: Date.parse(schedule.creationDate),
      nowMs: this.options.clock().getTime(),
      precisionMs: this.options.precisionMs,
    });
    if (next === null && schedule.actionAfterCompletion === 'DELETE') {
      this.options.registry.removeSchedule(schedule.groupName, schedule.name);
      return;
    }
    schedule.nextFireAt = next === null ? null : new Date(next).toISOString();
  }
}
