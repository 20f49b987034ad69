/** The SLA timers port on EventBridge Scheduler, for the functions granted `scheduler` in functions/registry.ts. */
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { EventBridgeTimers } from '../adapters/eventbridge-timers.ts';
import { traced } from '../observability/tracing.ts';
import { config } from './core.ts';

export const timers = new EventBridgeTimers(
  traced(
    new SchedulerClient({
      region: config.AWS_REGION,
      ...(config.SLA_SCHEDULER_ENDPOINT ? { endpoint: config.SLA_SCHEDULER_ENDPOINT } : {}),
    }),
  ),
  {
    groupName: config.SLA_SCHEDULE_GROUP,
    functionArn: config.SLA_TIMER_TARGET_ARN,
    roleArn: config.SLA_SCHEDULER_ROLE_ARN,
    deadLetterArn: config.SLA_TIMER_DLQ_ARN,
  },
);
