/**
 * Deployment settings read from CDK context (`cdk.json` or `npx cdk deploy -c key=value`), validated
 * once so a typo fails the synth with the key's name instead of deploying a broken service.
 */

import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';
import * as z from 'zod';

const retentionPeriods = new Set<number>(Object.values(RetentionDays).filter((days) => typeof days === 'number'));

const emailAddress = z.email();
const domainName = z
  .string()
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, 'expected a domain name');

export const settingsSchema = z
  .object({
    /** The stage (dev, staging, prod): names the stack, the schedule group and the dashboard. */
    environmentName: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,15}$/, 'lower-case letters, digits and dashes, at most 16 characters')
      .default('dev'),
    /** The SES identity the service sends from: a domain (recommended) or a single address. */
    sesIdentity: z.union([emailAddress, domainName]).default('example.com'),
    /** The From address of every e-mail (DESIGN §6); must belong to `sesIdentity`. */
    senderEmail: emailAddress.default('sla-monitor@example.com'),
    supportQueueEmail: emailAddress.default('support-queue@example.com'),
    dutyManagerEmail: emailAddress.default('duty-manager@example.com'),
    /** Share of the target left when the warning fires (DESIGN §3); passed to the functions for information. */
    warningRatio: z.coerce.number().gt(0).lt(1).default(0.25),
    /** Subscribed to the alarm topic when set (the subscription must be confirmed from the e-mail). */
    alarmEmail: emailAddress.optional(),
    /** One of CloudWatch Logs' retention periods (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, ... days). */
    logRetentionDays: z.coerce
      .number()
      .refine((days) => retentionPeriods.has(days), 'not a CloudWatch Logs retention period')
      .default(90),
    logLevel: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
    /**
     * X-Ray for every function (`active`), or none (`off`, the default): a bundle built without it carries no
     * tracer or X-Ray SDK (about 130 KB and a tenth of the import time; README, Performance).
     */
    tracing: z.enum(['off', 'active']).default('off'),
    /** Steady-state requests per second and burst across the whole API (default stage throttling). */
    apiRateLimit: z.coerce.number().positive().default(50),
    apiBurstLimit: z.coerce.number().int().positive().default(100),
    /** Optional account and region; without them the stack is environment-agnostic and synthesizes offline. */
    account: z
      .string()
      .regex(/^\d{12}$/)
      .optional(),
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/)
      .optional(),
  })
  .superRefine((settings, issues) => {
    const sender = settings.senderEmail.toLowerCase();
    const identity = settings.sesIdentity.toLowerCase();
    const senderDomain = sender.slice(sender.lastIndexOf('@') + 1);
    const covered = identity.includes('@')
      ? sender === identity
      : senderDomain === identity || senderDomain.endsWith(`.${identity}`);
    if (!covered) {
      issues.addIssue({
        code: 'custom',
        path: ['senderEmail'],
        message: `${settings.senderEmail} is not covered by the SES identity ${settings.sesIdentity}`,
      });
    }
  });

export type Settings = z.infer<typeof settingsSchema>;

export const settingKeys = Object.keys(settingsSchema.shape) as (keyof Settings)[];

/** Reads every setting from the construct tree's context (CLI values arrive as strings); throws naming each invalid key. */
export function readSettings(node: Node): Settings {
  const raw: Record<string, unknown> = {};
  for (const key of settingKeys) {
    const value: unknown = node.tryGetContext(key);
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`invalid CDK context:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
