/**
 * Secondary adapter: use cases → TimerScheduler → EventBridge Scheduler (DESIGN §5).
 * One one-time `at()` schedule per pending timer, deleted by the service after it fires.
 */
import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  type SchedulerClient,
} from '@aws-sdk/client-scheduler';
import type { TimerScheduler } from '../ports.ts';
import type { Timer } from '../tickets/ticket.ts';

export interface TimerTarget {
  groupName: string;
  /** The timer function's ARN, the role Scheduler assumes to invoke it, and the schedules' dead-letter queue. */
  functionArn: string;
  roleArn: string;
  deadLetterArn: string;
}

/** What a schedule hands the timer function: the ticket, the timer's kind and the SLA version it was set for. */
export interface TimerInput {
  ticketId: string;
  kind: Timer['kind'];
  version: number;
}

export class EventBridgeTimers implements TimerScheduler {
  constructor(
    private readonly client: SchedulerClient,
    private readonly target: TimerTarget,
  ) {}

  async ensure(ticketId: string, timers: Timer[]): Promise<void> {
    await Promise.all(timers.map((timer) => this.create(ticketId, timer)));
  }

  private async create(ticketId: string, timer: Timer): Promise<void> {
    const input: TimerInput = { ticketId, kind: timer.kind, version: timer.version };
    try {
      await this.client.send(
        new CreateScheduleCommand({
          Name: timer.name,
          GroupName: this.target.groupName,
          // at() takes a local time without zone; with the zone set to UTC it is the instant itself.
          ScheduleExpression: `at(${timer.at.slice(0, 19)})`,
          ScheduleExpressionTimezone: 'UTC',
          FlexibleTimeWindow: { Mode: 'OFF' },
          ActionAfterCompletion: 'DELETE',
          Target: {
            Arn: this.target.functionArn,
            RoleArn: this.target.roleArn,
            Input: JSON.stringify(input),
            RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 },
            DeadLetterConfig: { Arn: this.target.deadLetterArn },
          },
        }),
      );
    } catch (error) {
      // The name is derived from ticket, kind and version: an existing schedule is this very timer.
      if (!(error instanceof ConflictException)) throw error;
    }
  }

  async cancel(names: string[]): Promise<void> {
    await Promise.all(
      names.map(async (name) => {
        try {
          await this.client.send(new DeleteScheduleCommand({ Name: name, GroupName: this.target.groupName }));
        } catch (error) {
          if (!(error instanceof ResourceNotFoundException)) throw error;
        }
      }),
    );
  }
}
