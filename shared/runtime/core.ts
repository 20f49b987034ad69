/**
 * The parts of the composition root (shared/runtime.ts) that every function needs: configuration, the
 * policy in force, the DynamoDB store, and `composeService`, which builds the ticket service from the ports
 * a function has. The Scheduler client (./timers.ts) and the SES client with the mail templates (./mail.ts)
 * live in their own modules, so a function that imports neither carries neither (issue 13).
 * Everything is built once at module scope, so warm invocations reuse it.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbStore } from '../adapters/dynamodb-store.ts';
import { readConfig } from '../config.ts';
import { ReplayRecords } from '../http/replays.ts';
import type { Renderer } from '../mail/render.ts';
import { telemetry } from '../observability/powertools.ts';
import { traced } from '../observability/tracing.ts';
import { policyInForce } from '../policy/policy-in-force.ts';
import type { Mailer, TimerScheduler } from '../ports.ts';
import { targetCells } from '../sla/objective.ts';
import { TicketService } from '../tickets/service.ts';
import { runtimeClock } from '../time/clock.ts';

export const config = readConfig();
export const policy = { ...policyInForce, warningRatio: config.SLA_WARNING_RATIO ?? policyInForce.warningRatio };

export const dynamodb = traced(
  new DynamoDBClient({
    region: config.AWS_REGION,
    ...(config.SLA_DYNAMODB_ENDPOINT ? { endpoint: config.SLA_DYNAMODB_ENDPOINT } : {}),
  }),
);

export const store = new DynamoDbStore(dynamodb, config.SLA_TABLE_NAME, { cells: targetCells(policy) });

/** Signed writes seen in the last 600 s and their first answers (DESIGN §4.1), on the same table. */
export const replayRecords = new ReplayRecords(dynamodb, config.SLA_TABLE_NAME);

/** A port this function was not composed with: reaching it is a bug in the composition, said loudly. */
function absent(port: string, module: string): never {
  throw new Error(`this function has no ${port}: compose it with shared/runtime/${module} (see shared/runtime.ts)`);
}

const noTimers: TimerScheduler = {
  ensure: async () => absent('timers', 'timers.ts'),
  cancel: async () => absent('timers', 'timers.ts'),
};
const noMailer: Mailer = { send: async () => absent('mailer', 'mail.ts') };
const noRenderer: Renderer = () => absent('mail templates', 'mail.ts');

/** The ticket service over the store and the ports given; a use case that needs a missing port throws. */
export function composeService(ports: { timers?: TimerScheduler; mail?: { mailer: Mailer; render: Renderer } }) {
  return new TicketService({
    store,
    timers: ports.timers ?? noTimers,
    mailer: ports.mail?.mailer ?? noMailer,
    render: ports.mail?.render ?? noRenderer,
    policy,
    clock: runtimeClock,
    telemetry,
    recipients: { supportQueue: config.SLA_SUPPORT_QUEUE_EMAIL, dutyManager: config.SLA_DUTY_MANAGER_EMAIL },
    schedulerPrecisionSeconds: config.SLA_SCHEDULER_PRECISION_SECONDS,
  });
}
