/**
 * The composition root every Lambda shares: configuration, SDK clients and the ticket service, built
 * once at module scope so warm invocations reuse them. Endpoints point at the local stack when set.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDbDeliveryLog } from './adapters/dynamodb-deliveries.ts';
import { DynamoDbStore } from './adapters/dynamodb-store.ts';
import { EventBridgeTimers } from './adapters/eventbridge-timers.ts';
import { SesMailer } from './adapters/ses-mailer.ts';
import { readConfig } from './config.ts';
import { ReplayRecords } from './http/replays.ts';
import { telemetry, tracer } from './observability/powertools.ts';
import { policyInForce } from './policy/policy-in-force.ts';
import { targetCells } from './sla/objective.ts';
import { TicketService } from './tickets/service.ts';
import { WebhookDeliveries } from './tickets/webhooks.ts';
import { runtimeClock } from './time/clock.ts';

export const config = readConfig();
export const policy = { ...policyInForce, warningRatio: config.SLA_WARNING_RATIO ?? policyInForce.warningRatio };

const region = config.AWS_REGION;
const dynamodb = tracer.captureAWSv3Client(
  new DynamoDBClient({ region, ...(config.SLA_DYNAMODB_ENDPOINT ? { endpoint: config.SLA_DYNAMODB_ENDPOINT } : {}) }),
);
const scheduler = tracer.captureAWSv3Client(
  new SchedulerClient({
    region,
    ...(config.SLA_SCHEDULER_ENDPOINT ? { endpoint: config.SLA_SCHEDULER_ENDPOINT } : {}),
  }),
);
const ses = tracer.captureAWSv3Client(
  new SESv2Client({ region, ...(config.SLA_SES_ENDPOINT ? { endpoint: config.SLA_SES_ENDPOINT } : {}) }),
);

/** Signed writes seen in the last 600 s and their first answers (DESIGN §4.1), on the same table. */
export const replayRecords = new ReplayRecords(dynamodb, config.SLA_TABLE_NAME);

const store = new DynamoDbStore(dynamodb, config.SLA_TABLE_NAME, { cells: targetCells(policy) });

export const service = new TicketService({
  store,
  timers: new EventBridgeTimers(scheduler, {
    groupName: config.SLA_SCHEDULE_GROUP,
    functionArn: config.SLA_TIMER_TARGET_ARN,
    roleArn: config.SLA_SCHEDULER_ROLE_ARN,
    deadLetterArn: config.SLA_TIMER_DLQ_ARN,
  }),
  mailer: new SesMailer(ses, config.SLA_FROM_EMAIL, config.SLA_SES_CONFIGURATION_SET),
  policy,
  clock: runtimeClock,
  telemetry,
  recipients: { supportQueue: config.SLA_SUPPORT_QUEUE_EMAIL, dutyManager: config.SLA_DUTY_MANAGER_EMAIL },
  schedulerPrecisionSeconds: config.SLA_SCHEDULER_PRECISION_SECONDS,
});

/** The ticket systems' own webhooks (DESIGN §9), applied through the same service. */
export const webhooks = new WebhookDeliveries({
  store,
  deliveries: new DynamoDbDeliveryLog(dynamodb, config.SLA_TABLE_NAME, runtimeClock),
  service,
  clock: runtimeClock,
  telemetry,
  toleranceSeconds: config.SLA_ZENDESK_TOLERANCE_SECONDS,
});
