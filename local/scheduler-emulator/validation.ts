/** Request validation with the real service's constraints, reported in its ValidationException wording. */
import * as z from 'zod';
import type { $ZodIssue } from 'zod/v4/core';
import { validationError } from './errors.ts';
import { parseScheduleExpression } from './expression.ts';
import { isValidTimeZone } from './timezone.ts';
import type { ScheduleDefinition, Target } from './types.ts';

const NAME_PATTERN = '[0-9a-zA-Z-_.]+';
const CLIENT_TOKEN_PATTERN = '[a-zA-Z0-9-_]+';
const ARN_PATTERN = 'arn:aws(-[a-z]+)?:[a-z0-9-]+:[a-z0-9-]*:(\\d{12})?:.+';
const ROLE_ARN_PATTERN = 'arn:aws(-[a-z]+)?:iam::\\d{12}:role\\/[\\w+=,.@\\/-]+';
const SQS_ARN_PATTERN = 'arn:aws(-[a-z]+)?:sqs:[a-z0-9\\-]+:\\d{12}:[a-zA-Z0-9\\-_]+';
const KMS_ARN_PATTERN = 'arn:aws(-[a-z]+)?:kms:[a-z0-9\\-]+:\\d{12}:(key|alias)\\/[0-9a-zA-Z-_]*';

/** A string constraint whose failure message shows the pattern as the service documents it. */
const patterned = (display: string, regex: RegExp, min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    .regex(regex, { error: `Member must satisfy regular expression pattern: ${display}` });

export const nameSchema = patterned(NAME_PATTERN, /^[0-9a-zA-Z_.-]+$/, 1, 64);
const arnSchema = patterned(ARN_PATTERN, /^arn:aws(-[a-z]+)?:[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:.+$/, 1, 1600);
const roleArnSchema = patterned(ROLE_ARN_PATTERN, /^arn:aws(-[a-z]+)?:iam::\d{12}:role\/[\w+=,.@/-]+$/, 1, 1600);
const sqsArnSchema = patterned(SQS_ARN_PATTERN, /^arn:aws(-[a-z]+)?:sqs:[a-z0-9-]+:\d{12}:[a-zA-Z0-9_-]+$/, 1, 1600);
const kmsArnSchema = patterned(
  KMS_ARN_PATTERN,
  /^arn:aws(-[a-z]+)?:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[0-9a-zA-Z_-]*$/,
  1,
  2048,
);
const clientTokenSchema = patterned(CLIENT_TOKEN_PATTERN, /^[a-zA-Z0-9_-]+$/, 1, 64);
const epochSecondsSchema = z.number();
const targetParameters = z.record(z.string(), z.unknown()).optional();

const targetSchema = z.object({
  Arn: arnSchema,
  RoleArn: roleArnSchema,
  Input: z.string().min(1).optional(),
  RetryPolicy: z
    .object({
      MaximumEventAgeInSeconds: z.int().min(60).max(86_400).optional(),
      MaximumRetryAttempts: z.int().min(0).max(185).optional(),
    })
    .optional(),
  DeadLetterConfig: z.object({ Arn: sqsArnSchema.optional() }).optional(),
  EcsParameters: targetParameters,
  EventBridgeParameters: targetParameters,
  EventBridgePutEventsV2Parameters: targetParameters,
  EventBridgePutRawEventsParameters: targetParameters,
  KinesisParameters: targetParameters,
  SageMakerPipelineParameters: targetParameters,
  SqsParameters: targetParameters,
});

const flexibleTimeWindowSchema = z
  .object({
    Mode: z.enum(['OFF', 'FLEXIBLE']),
    MaximumWindowInMinutes: z.int().min(1).max(1440).optional(),
  })
  .refine((window) => window.Mode === 'OFF' || window.MaximumWindowInMinutes !== undefined, {
    error: 'MaximumWindowInMinutes is required when the FlexibleTimeWindow Mode is FLEXIBLE.',
  });

const scheduleBodySchema = z
  .object({
    ScheduleExpression: z
      .string()
      .min(1)
      .max(256)
      .refine((expression) => parseScheduleExpression(expression) !== undefined, {
        error: (issue) => `Invalid Schedule Expression ${String(issue.input)}.`,
      }),
    ScheduleExpressionTimezone: z
      .string()
      .min(1)
      .max(50)
      .refine(isValidTimeZone, {
        error: (issue) => `Invalid Schedule Expression Timezone ${String(issue.input)}.`,
      })
      .optional(),
    FlexibleTimeWindow: flexibleTimeWindowSchema,
    Target: targetSchema,
    GroupName: nameSchema.optional(),
    StartDate: epochSecondsSchema.optional(),
    EndDate: epochSecondsSchema.optional(),
    Description: z.string().max(512).optional(),
    State: z.enum(['ENABLED', 'DISABLED']).optional(),
    KmsKeyArn: kmsArnSchema.optional(),
    ClientToken: clientTokenSchema.optional(),
    ActionAfterCompletion: z.enum(['NONE', 'DELETE']).optional(),
  })
  .refine((body) => body.StartDate === undefined || body.EndDate === undefined || body.EndDate > body.StartDate, {
    error: 'The EndDate you specify must be after the StartDate.',
  });

const groupBodySchema = z.object({
  Tags: z
    .array(z.object({ Key: z.string().min(1).max(128), Value: z.string().max(256) }))
    .max(200)
    .optional(),
  ClientToken: clientTokenSchema.optional(),
});

const listSchedulesQuerySchema = z.object({
  ScheduleGroup: nameSchema.optional(),
  NamePrefix: nameSchema.optional(),
  State: z.enum(['ENABLED', 'DISABLED']).optional(),
  MaxResults: z.coerce.number().int().min(1).max(100).optional(),
  NextToken: z.string().min(1).max(2048).optional(),
});

const listGroupsQuerySchema = listSchedulesQuerySchema.pick({
  NamePrefix: true,
  MaxResults: true,
  NextToken: true,
});

/** The service names members in camelCase in its messages: `target.retryPolicy.maximumRetryAttempts`. */
function memberPath(root: string | undefined, path: PropertyKey[]): string {
  const segments = [...(root ? [root] : []), ...path.map(String)];
  return segments.map((segment) => segment.charAt(0).toLowerCase() + segment.slice(1)).join('.');
}

function valueAt(value: unknown, path: PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function constraintText(issue: $ZodIssue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return value === undefined ? 'Member must not be null' : `Member must be of type ${issue.expected}`;
    case 'too_small':
      return issue.origin === 'number'
        ? `Member must have value greater than or equal to ${String(issue.minimum)}`
        : `Member must have length greater than or equal to ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'number'
        ? `Member must have value less than or equal to ${String(issue.maximum)}`
        : `Member must have length less than or equal to ${String(issue.maximum)}`;
    case 'invalid_value':
      return `Member must satisfy enum value set: [${issue.values.map(String).join(', ')}]`;
    default:
      return issue.message;
  }
}

const shown = (value: unknown) =>
  value === undefined || value === null ? 'null' : `'${typeof value === 'string' ? value : JSON.stringify(value)}'`;

/** Constraint failures in the service's "N validation errors detected" form; a semantic one alone by its message. */
function toValidationError(issues: $ZodIssue[], input: unknown, root: string | undefined) {
  const constraints = issues.filter((issue) => issue.code !== 'custom');
  if (constraints.length === 0) return validationError(issues[0]?.message ?? 'Invalid request.');
  const details = constraints.map((issue) => {
    const value = valueAt(input, issue.path);
    const at = memberPath(root, issue.path);
    return `Value ${shown(value)} at '${at}' failed to satisfy constraint: ${constraintText(issue, value)}`;
  });
  const count = details.length === 1 ? '1 validation error' : `${details.length} validation errors`;
  return validationError(`${count} detected: ${details.join('; ')}`);
}

/** JSON clients may spell an absent member as null; the service treats both alike. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, member]) => member !== null)
      .map(([key, member]) => [key, withoutNulls(member)]),
  );
}

function parse<T>(schema: z.ZodType<T>, input: unknown, root?: string): T {
  const cleaned = withoutNulls(input);
  const result = schema.safeParse(cleaned);
  if (!result.success) throw toValidationError(result.error.issues, cleaned, root);
  return result.data;
}

export function parseName(value: string, member: string): string {
  return parse(nameSchema, value, member);
}

export interface ScheduleRequest {
  definition: Omit<ScheduleDefinition, 'name'>;
  clientToken: string | undefined;
}

const isoFromEpochSeconds = (seconds: number | undefined) =>
  seconds === undefined ? undefined : new Date(seconds * 1000).toISOString();

/** The body of CreateSchedule or UpdateSchedule, normalised to a definition with the service's defaults. */
export function parseScheduleBody(body: unknown): ScheduleRequest {
  const parsed = parse(scheduleBodySchema, body);
  const target = Object.fromEntries(Object.entries(parsed.Target).filter(([, value]) => value !== undefined));
  const definition: Omit<ScheduleDefinition, 'name'> = {
    groupName: parsed.GroupName ?? 'default',
    scheduleExpression: parsed.ScheduleExpression,
    scheduleExpressionTimezone: parsed.ScheduleExpressionTimezone ?? 'UTC',
    startDate: isoFromEpochSeconds(parsed.StartDate),
    endDate: isoFromEpochSeconds(parsed.EndDate),
    description: parsed.Description,
    state: parsed.State ?? 'ENABLED',
    kmsKeyArn: parsed.KmsKeyArn,
    flexibleTimeWindow: parsed.FlexibleTimeWindow,
    target: target as Target,
    actionAfterCompletion: parsed.ActionAfterCompletion ?? 'NONE',
  };
  for (const key of Object.keys(definition) as (keyof typeof definition)[]) {
    if (definition[key] === undefined) delete definition[key];
  }
  return { definition, clientToken: parsed.ClientToken };
}

export function parseGroupBody(body: unknown) {
  return parse(groupBodySchema, body);
}

export function parseClientToken(value: string | undefined): string | undefined {
  return value === undefined ? undefined : parse(clientTokenSchema, value, 'clientToken');
}

export function parseListSchedulesQuery(query: Record<string, string>) {
  return parse(listSchedulesQuerySchema, query);
}

export function parseListGroupsQuery(query: Record<string, string>) {
  return parse(listGroupsQuerySchema, query);
}
