/**
 * The service's configuration, read once from the environment and checked at cold start:
 * a missing variable fails fast with its name rather than at the first ticket.
 */
import * as z from 'zod';

const schema = z.object({
  SLA_TABLE_NAME: z.string().min(1).default('sla-monitor'),
  SLA_SCHEDULE_GROUP: z.string().min(1).default('sla-monitor'),
  /** ARN of the timer function that schedules invoke, the role they assume, their dead-letter queue. */
  SLA_TIMER_TARGET_ARN: z.string().min(1).default('arn:aws:lambda:eu-west-1:000000000000:function:sla-timer'),
  SLA_SCHEDULER_ROLE_ARN: z.string().min(1).default('arn:aws:iam::000000000000:role/sla-scheduler'),
  SLA_TIMER_DLQ_ARN: z.string().min(1).default('arn:aws:sqs:eu-west-1:000000000000:sla-timer-dlq'),
  /** Scheduler fires within the minute it names (DESIGN §5): timers round up to this. */
  SLA_SCHEDULER_PRECISION_SECONDS: z.coerce.number().int().min(1).max(60).default(60),
  SLA_FROM_EMAIL: z.email().default('sla-monitor@example.com'),
  SLA_SUPPORT_QUEUE_EMAIL: z.email().default('support-queue@example.com'),
  SLA_DUTY_MANAGER_EMAIL: z.email().default('duty-manager@example.com'),
  SLA_SES_CONFIGURATION_SET: z.string().optional(),
  /** Overrides the policy's warning ratio (DESIGN §3: "the ratio is configuration"). */
  SLA_WARNING_RATIO: z.coerce.number().gt(0).lt(1).optional(),
  /** Zendesk's signature timestamp window (DESIGN §9: configuration, default 600 s). */
  SLA_ZENDESK_TOLERANCE_SECONDS: z.coerce.number().int().min(1).max(86_400).optional(),
  /** Local secrets (DESIGN §8); in AWS the functions read the Secrets Manager ARNs below instead. */
  SLA_WEBHOOK_SECRET: z.string().optional(),
  SLA_ADMIN_SECRET: z.string().optional(),
  SLA_WEBHOOK_SECRET_ARN: z.string().optional(),
  SLA_ADMIN_SECRET_ARN: z.string().optional(),
  /** Endpoints of the local stack; unset in AWS. */
  SLA_DYNAMODB_ENDPOINT: z.url().optional(),
  SLA_SCHEDULER_ENDPOINT: z.url().optional(),
  SLA_SES_ENDPOINT: z.url().optional(),
  AWS_REGION: z.string().default('eu-west-1'),
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Parsed once per process: zod's compiled fast path (a `new Function` per object schema) would cost the cold
  // start more than it saves on one parse (issue 13).
  const parsed = schema.safeParse(env, { jitless: true });
  if (!parsed.success) throw new ConfigError(`invalid configuration:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
