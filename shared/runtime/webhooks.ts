/**
 * The composition of the `webhooks` function: the ticket systems' own webhooks (DESIGN §9), applied through the
 * full ticket service (shared/runtime.ts) and logged in the delivery log on the same table. Its own module, so the
 * functions that only open or change tickets carry neither the connectors nor the delivery log (issue 13).
 */
import { DynamoDbDeliveryLog } from '../adapters/dynamodb-deliveries.ts';
import { telemetry } from '../observability/powertools.ts';
import { service } from '../runtime.ts';
import { WebhookDeliveries } from '../tickets/webhooks.ts';
import { runtimeClock } from '../time/clock.ts';
import { config, dynamodb, store } from './core.ts';

export const webhooks = new WebhookDeliveries({
  store,
  deliveries: new DynamoDbDeliveryLog(dynamodb, config.SLA_TABLE_NAME, runtimeClock),
  service,
  clock: runtimeClock,
  telemetry,
  toleranceSeconds: config.SLA_ZENDESK_TOLERANCE_SECONDS,
});
