/**
 * The SLA timers' plumbing (DESIGN §5): the schedule group the functions create one-time schedules in,
 * the role EventBridge Scheduler assumes to invoke the timer function, the dead-letter queues of both
 * the schedules and the timer function's own asynchronous failures, and the sweeper's rate schedule.
 */
import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from '../security-checks.ts';
import type { SlaFunction, TimerBinding } from './sla-function.ts';

export interface TimersProps {
  environmentName: string;
  /** Physical name of the timer function: its ARN goes into other functions' environment before it exists. */
  timerFunctionName: string;
  warningRatio: number;
}

/** Scheduler fires anywhere within the minute an `at()` expression names (DESIGN §5). */
const schedulerPrecisionSeconds = 60;
/** The sweeper's period bounds how late a lost firing's alert can be (DESIGN §5). */
const sweepEvery = Duration.minutes(5);

export class Timers extends Construct {
  readonly scheduleGroup: scheduler.ScheduleGroup;
  /** Where Scheduler puts a firing it could not deliver after its retries. */
  readonly deadLetterQueue: sqs.Queue;
  /** Where Lambda puts a timer invocation that failed after its asynchronous retries. */
  readonly timerFailureQueue: sqs.Queue;
  /** Assumed by Scheduler for every SLA timer: it may invoke the timer function and write dead letters, nothing else. */
  readonly schedulerRole: iam.Role;
  readonly timerTargetArn: string;
  readonly alarms: cloudwatch.Alarm[] = [];
  private readonly props: TimersProps;

  constructor(scope: Construct, id: string, props: TimersProps) {
    super(scope, id);
    this.props = props;
    this.scheduleGroup = new scheduler.ScheduleGroup(this, 'ScheduleGroup', {
      scheduleGroupName: `sla-monitor-${props.environmentName}`,
    });
    this.deadLetterQueue = this.queue('ScheduleDeadLetterQueue', 'SLA timer firings Scheduler could not deliver');
    this.timerFailureQueue = this.queue('TimerFailureQueue', 'SLA timer invocations that failed after retries');
    this.timerTargetArn = Stack.of(this).formatArn({
      service: 'lambda',
      resource: 'function',
      resourceName: props.timerFunctionName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.schedulerRole = this.executionRole('SchedulerRole', this.scheduleGroup.scheduleGroupArn);
  }

  /** What a function needs to set timers: SlaFunction.bindTimers grants and names each part. */
  get binding(): TimerBinding {
    return {
      scheduleGroupName: this.scheduleGroup.scheduleGroupName,
      timerTargetArn: this.timerTargetArn,
      schedulerRole: this.schedulerRole,
      deadLetterQueueArn: this.deadLetterQueue.queueArn,
      precisionSeconds: schedulerPrecisionSeconds,
      warningRatio: this.props.warningRatio,
    };
  }

  /** Makes `fn` the schedules' target: Scheduler may invoke it, and its own failures land in a queue. */
  useAsTimerTarget(fn: SlaFunction): void {
    this.allowInvoke(this.schedulerRole, fn);
    fn.configureAsyncInvoke({
      onFailure: new destinations.SqsDestination(this.timerFailureQueue),
      retryAttempts: 2,
    });
  }

  /** Runs `fn` on a rate schedule in the default group, so no SLA function can delete or alter it. */
  scheduleSweeper(fn: SlaFunction): scheduler.Schedule {
    const defaultGroupArn = Stack.of(this).formatArn({
      service: 'scheduler',
      resource: 'schedule-group',
      resourceName: 'default',
    });
    const role = this.executionRole('SweeperScheduleRole', defaultGroupArn);
    this.allowInvoke(role, fn);
    const deadLetterQueue = this.deadLetterQueue;
    return new scheduler.Schedule(this, 'SweeperSchedule', {
      description: 'Catches SLA warnings, breaches and closes whose timer was lost or late',
      schedule: scheduler.ScheduleExpression.rate(sweepEvery),
      timeWindow: scheduler.TimeWindow.off(),
      // A hand-written target keeps the role's policy to the unqualified function ARN (no `:*` versions).
      target: {
        bind: () => ({
          arn: fn.functionArn,
          role,
          retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: sweepEvery.toSeconds() },
          deadLetterConfig: { arn: deadLetterQueue.queueArn },
        }),
      },
    });
  }

  private queue(id: string, purpose: string): sqs.Queue {
    const queue = new sqs.Queue(this, id, {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      queue,
      'AwsSolutions-SQS3',
      'This queue is itself a dead-letter queue (a Scheduler DeadLetterConfig or a Lambda on-failure destination), which cdk-nag only recognises through an SQS redrive policy',
    );
    this.alarms.push(
      new cloudwatch.Alarm(this, `${id}DepthAlarm`, {
        alarmDescription: `${purpose}: inspect the messages, fix the cause, then redrive or delete them`,
        metric: queue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(1),
          statistic: cloudwatch.Stats.MAXIMUM,
        }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
    return queue;
  }

  /** A role only Scheduler, for this account and this schedule group, can assume (confused-deputy guard). */
  private executionRole(id: string, scheduleGroupArn: string): iam.Role {
    const role = new iam.Role(this, id, {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': Stack.of(this).account, 'aws:SourceArn': scheduleGroupArn },
        },
      }),
    });
    // Scheduler writes dead letters with the schedule's execution role, so this is part of delivery.
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.deadLetterQueue.queueArn] }),
    );
    return role;
  }

  private allowInvoke(role: iam.Role, fn: SlaFunction): void {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] }),
    );
  }
}
