/** The emulator's stored records: what the JSON data file holds and what `schedules()` returns. */

export type ScheduleState = 'ENABLED' | 'DISABLED';
export type ActionAfterCompletion = 'NONE' | 'DELETE';

export interface FlexibleTimeWindow {
  Mode: 'OFF' | 'FLEXIBLE';
  MaximumWindowInMinutes?: number;
}

export interface RetryPolicy {
  MaximumEventAgeInSeconds?: number;
  MaximumRetryAttempts?: number;
}

export interface Target {
  Arn: string;
  RoleArn: string;
  Input?: string;
  RetryPolicy?: RetryPolicy;
  DeadLetterConfig?: { Arn?: string };
  /** Service-specific parameters (SqsParameters, EcsParameters, …) are kept verbatim and echoed back. */
  [parameters: string]: unknown;
}

/** A schedule as the API defines it (timestamps as ISO-8601 instants). */
export interface ScheduleDefinition {
  name: string;
  groupName: string;
  scheduleExpression: string;
  scheduleExpressionTimezone: string;
  startDate?: string;
  endDate?: string;
  description?: string;
  state: ScheduleState;
  kmsKeyArn?: string;
  flexibleTimeWindow: FlexibleTimeWindow;
  target: Target;
  actionAfterCompletion: ActionAfterCompletion;
}

/** The occurrence being retried after a failed invocation. */
export interface PendingOccurrence {
  scheduledAt: string;
  attempts: number;
  lastError: string;
}

export interface StoredSchedule extends ScheduleDefinition {
  arn: string;
  creationDate: string;
  lastModificationDate: string;
  /** Bumped by every API write, so a firing that raced an update or delete leaves the new version alone. */
  revision: number;
  /** When the next invocation (an occurrence or a retry) is due; null once nothing is left to fire. */
  nextFireAt: string | null;
  pending?: PendingOccurrence;
}

export interface StoredGroup {
  name: string;
  arn: string;
  creationDate: string;
  lastModificationDate: string;
  tags: { Key: string; Value: string }[];
}

export interface DeadLetter {
  scheduleArn: string;
  name: string;
  group: string;
  targetArn: string;
  input: string | undefined;
  attempts: number;
  lastError: string;
  deadLetterArn: string | null;
  scheduledAt: string;
  deadLetteredAt: string;
}

export interface EmulatorState {
  version: 1;
  groups: StoredGroup[];
  schedules: StoredSchedule[];
  deadLetters: DeadLetter[];
}

export interface InvokeMeta {
  scheduleArn: string;
  name: string;
  group: string;
  attempt: number;
}

export type Invoke = (targetArn: string, input: string | undefined, meta: InvokeMeta) => Promise<void>;
