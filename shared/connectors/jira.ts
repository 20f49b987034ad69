/**
 * Jira (Software or Service Management) admin webhooks with a secret (DESIGN §9): `jira:issue_created`,
 * `jira:issue_updated` and `comment_created`.
 *
 * Signature: `X-Hub-Signature: sha256=<hex HMAC-SHA256(secret, body)>`. Delivery id: the
 * `X-Atlassian-Webhook-Identifier` header, which Jira keeps across its retries.
 * The reporter's e-mail is in the payload only where the site's privacy settings show it; where it is, the
 * case-administrator rule of §2 holds as for any other opener.
 */
import * as z from 'zod';
import type { Severity } from '../policy/schema.ts';
import {
  accepted,
  cleanText,
  emailOrNull,
  header,
  hmacSha256,
  ignored,
  instantOf,
  isAgent,
  matchesAnySecret,
  ownFields,
  parseJsonBody,
  readPayload,
  refused,
  severityOf,
  sha256HexSignature,
  supportIdFor,
} from './common.ts';
import type { Connector, ConnectorSettings, Step, TicketSnapshot, Translation } from './types.ts';

/** Jira's priority names, old and new schemes (DESIGN §9); an issue without one counts as Medium. */
const defaultSeverities: Record<string, Severity> = {
  highest: 1,
  blocker: 1,
  critical: 1,
  high: 2,
  major: 2,
  medium: 3,
  low: 4,
  lowest: 4,
  minor: 4,
  trivial: 4,
};
const NO_PRIORITY: Severity = 3;

const user = z.object({
  accountId: z.string().nullish(),
  accountType: z.string().nullish(),
  emailAddress: z.string().nullish(),
  displayName: z.string().nullish(),
  name: z.string().nullish(),
});

const payloadSchema = z.object({
  timestamp: z.number().int().positive(),
  webhookEvent: z.string().min(1),
  user: user.nullish(),
  issue: z.object({
    id: z.union([z.string().min(1), z.number().int()]).transform(String),
    key: z.string().min(1),
    self: z.string().nullish(),
    fields: z
      .object({
        summary: z.string().nullish(),
        // A string in REST v2 payloads, an Atlassian Document in v3: only the former is kept.
        description: z.unknown().optional(),
        created: z.string().nullish(),
        priority: z.object({ name: z.string() }).nullish(),
        project: z.object({ key: z.string(), name: z.string().nullish() }).nullish(),
        reporter: user.nullish(),
        status: z
          .object({ name: z.string().nullish(), statusCategory: z.object({ key: z.string() }).nullish() })
          .nullish(),
        resolution: z.object({ name: z.string() }).nullish(),
      })
      .default({}),
  }),
  changelog: z
    .object({
      id: z.union([z.string(), z.number()]).transform(String).nullish(),
      items: z
        .array(
          // Jira names a field `toString`, which every object inherits: the schema reads the item's own fields
          // only, and the new value's name is kept as `toName`, so an absent `toString` means none, never a function.
          z
            .preprocess(
              ownFields,
              z.object({
                field: z.string(),
                fieldId: z.string().nullish(),
                from: z.string().nullish(),
                fromString: z.string().nullish(),
                to: z.string().nullish(),
                toString: z.string().nullish(),
              }),
            )
            .transform(({ field, fieldId, from, fromString, to, ...rest }) => ({
              field,
              fieldId,
              from,
              fromString,
              to,
              toName: Object.hasOwn(rest, 'toString') ? rest.toString : null,
            })),
        )
        .default([]),
    })
    .nullish(),
  comment: z
    .object({
      id: z.union([z.string(), z.number()]).transform(String),
      author: user,
      created: z.string().nullish(),
      jsdPublic: z.boolean().nullish(),
      visibility: z.object({ type: z.string(), value: z.string() }).nullish(),
    })
    .nullish(),
});

type Payload = z.output<typeof payloadSchema>;

function deliveryId(request: Parameters<Connector['deliveryId']>[0]): string {
  const identifier = header(request, 'x-atlassian-webhook-identifier');
  if (identifier) return identifier;
  // Without the header (older Jira Data Center): what the event is about makes it unique.
  const json = parseJsonBody(request.body);
  const body = (json.ok && typeof json.value === 'object' && json.value !== null ? json.value : {}) as Record<
    string,
    { id?: unknown } | unknown
  >;
  const part = (value: unknown) =>
    typeof value === 'object' && value !== null && 'id' in value ? String((value as { id: unknown }).id) : '';
  return [
    String(body.webhookEvent ?? ''),
    part(body.issue),
    part(body.changelog) || part(body.comment) || String(body.timestamp ?? ''),
  ].join(':');
}

function verify(request: Parameters<Connector['verify']>[0], secrets: readonly string[]) {
  const value = header(request, 'x-hub-signature');
  if (!value) return refused('X-Hub-Signature is required (set a secret on the Jira webhook)');
  const given = sha256HexSignature(value);
  if (!given) return refused('X-Hub-Signature must be sha256=<64 hex digits>');
  const ok = matchesAnySecret(secrets, (secret) => hmacSha256(secret, request.body), given);
  return ok ? accepted : refused('signature does not match');
}

const projectKey = (payload: Payload) => payload.issue.fields.project?.key ?? payload.issue.key.split('-')[0];

function snapshotOf(payload: Payload, settings: ConnectorSettings, severity: Severity) {
  const { issue } = payload;
  const { fields } = issue;
  const mapped = supportIdFor(projectKey(payload), settings);
  if ('unmapped' in mapped) return { unavailable: mapped.unmapped };
  // Comment deliveries carry only a few of the issue's fields: no creation time, so no snapshot.
  const openedAt = instantOf(fields.created);
  if (openedAt === undefined) {
    // The ticket can still be found here if it was opened by an earlier delivery.
    return { unavailable: `the delivery does not say when ${issue.key} was created`, supportId: mapped.supportId };
  }
  const reporter = fields.reporter;
  const snapshot: TicketSnapshot = {
    supportId: mapped.supportId,
    subject: cleanText(fields.summary, 500) ?? issue.key,
    description: typeof fields.description === 'string' ? fields.description : undefined,
    severity,
    openedAt,
    requesterEmail: emailOrNull(reporter?.emailAddress),
    requester: reporter?.displayName ?? reporter?.accountId ?? 'jira reporter',
    product: cleanText(fields.project?.name, 200) ?? projectKey(payload) ?? 'Jira',
    channel: 'web',
    sourceUrl: issue.self ?? undefined,
  };
  return { snapshot };
}

const actor = (payload: Payload) =>
  payload.user?.displayName ?? payload.user?.accountId ?? payload.user?.name ?? 'jira';

function priorityOf(name: string | null | undefined, settings: ConnectorSettings): Severity | undefined {
  return name ? severityOf(name, defaultSeverities, settings) : NO_PRIORITY;
}

function translate(request: Parameters<Connector['translate']>[0], settings: ConnectorSettings): Translation {
  const read = readPayload(request, payloadSchema);
  if (!read.ok) return ignored('unknown', read.reason);
  const payload = read.payload;
  const event = payload.webhookEvent;
  const { issue } = payload;
  const at = new Date(payload.timestamp).toISOString();
  const current = priorityOf(issue.fields.priority?.name, settings) ?? NO_PRIORITY;
  const apply = (steps: Step[], snapshotSeverity: Severity = current): Translation => ({
    kind: 'apply',
    event,
    sourceTicketId: issue.key,
    opening: snapshotOf(payload, settings, snapshotSeverity),
    steps,
  });

  switch (event) {
    case 'jira:issue_created':
      return apply([{ type: 'open' }]);
    case 'jira:issue_updated': {
      const items = payload.changelog?.items ?? [];
      const steps: Step[] = [];
      let before = current;
      const priority = items.find((item) => item.field.toLowerCase() === 'priority' || item.fieldId === 'priority');
      if (priority) {
        const severity = priorityOf(priority.toName, settings);
        if (severity === undefined) {
          return ignored(
            event,
            `priority ${JSON.stringify(priority.toName)} has no severity: add it to the connection's severities`,
            issue.key,
          );
        }
        before = priorityOf(priority.fromString, settings) ?? NO_PRIORITY;
        const reason = `Jira priority ${priority.fromString ?? 'none'} → ${priority.toName ?? 'none'}`;
        steps.push({ type: 'severity', severity, at, by: actor(payload), reason });
      }
      const resolution = items.find(
        (item) => item.field.toLowerCase() === 'resolution' || item.fieldId === 'resolution',
      );
      const resolved = resolution !== undefined && (resolution.to || resolution.toName);
      const done =
        items.some((item) => item.field.toLowerCase() === 'status') &&
        issue.fields.status?.statusCategory?.key === 'done';
      if (resolved || done) {
        const name = resolved ? resolution?.toName : issue.fields.status?.name;
        steps.push({ type: 'close', at, by: actor(payload), resolution: `Jira ${name ?? 'done'}` });
      }
      if (steps.length === 0)
        return ignored(event, 'no change of priority, resolution or status category done', issue.key);
      return apply(steps, before);
    }
    case 'comment_created': {
      const comment = payload.comment;
      if (!comment) return ignored(event, 'comment_created without a comment', issue.key);
      // JSM marks an internal comment `jsdPublic: false`; Jira Software restricts one with `visibility`.
      if (comment.jsdPublic === false || comment.visibility) {
        return ignored(event, 'an internal comment (not shared with the customer)', issue.key);
      }
      const author = comment.author;
      if (author.accountType === 'app') return ignored(event, 'a comment by an app (bot)', issue.key);
      const reporter = issue.fields.reporter?.accountId;
      const isCustomer =
        author.accountType === 'customer' ||
        (reporter !== undefined && reporter !== null && author.accountId === reporter);
      if (isAgent(settings, author.accountId, author.emailAddress, author.name) || !isCustomer) {
        return apply([{ type: 'respond', at, by: author.displayName ?? author.accountId ?? 'jira agent' }]);
      }
      return apply([{ type: 'customer_reply', at }]);
    }
    default:
      return ignored(event, `the service does not read ${event} events`, issue.key);
  }
}

export const jira: Connector = { source: 'jira', deliveryId, verify, translate };
