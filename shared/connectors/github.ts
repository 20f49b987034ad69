/**
 * GitHub repository or organisation webhooks for `issues` and `issue_comment` (DESIGN §9).
 *
 * Signature: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, body)>`; delivery id: `X-GitHub-Delivery`,
 * which a manual redelivery keeps. GitHub says who commented and how they relate to the repository
 * (`author_association`), never an e-mail: opening rests on the webhook's signature.
 */
import * as z from 'zod';
import type { Severity } from '../policy/schema.ts';
import {
  accepted,
  cleanText,
  header,
  hmacSha256,
  ignored,
  instantOf,
  isAgent,
  matchesAnySecret,
  readPayload,
  refused,
  severityOf,
  sha256Hex,
  sha256HexSignature,
  supportIdFor,
} from './common.ts';
import type { Connector, ConnectorSettings, Step, TicketSnapshot, Translation } from './types.ts';

/** Severity labels (DESIGN §9); an issue with none counts as 3. */
const defaultSeverities: Record<string, Severity> = {
  p0: 1,
  p1: 1,
  sev1: 1,
  'severity:1': 1,
  p2: 2,
  sev2: 2,
  'severity:2': 2,
  p3: 3,
  sev3: 3,
  'severity:3': 3,
  p4: 4,
  sev4: 4,
  'severity:4': 4,
};
const NO_LABEL: Severity = 3;

/** Who speaks for the repository: its owner, members of its organisation, invited collaborators. */
const STAFF_ASSOCIATIONS = new Set(['OWNER', 'MEMBER', 'COLLABORATOR']);

const account = z.object({ login: z.string().min(1), type: z.string().nullish() });

const issue = z.object({
  number: z.number().int().positive(),
  title: z.string().nullish(),
  body: z.string().nullish(),
  html_url: z.string().nullish(),
  user: account,
  labels: z.array(z.object({ name: z.string() })).default([]),
  created_at: z.string(),
  updated_at: z.string().nullish(),
  closed_at: z.string().nullish(),
  state_reason: z.string().nullish(),
  pull_request: z.unknown().optional(),
});

const payloadSchema = z.object({
  action: z.string().min(1),
  issue,
  label: z.object({ name: z.string() }).nullish(),
  comment: z
    .object({
      id: z.number().int(),
      user: account,
      created_at: z.string(),
      author_association: z.string().nullish(),
    })
    .nullish(),
  repository: z.object({ full_name: z.string().min(1), name: z.string().nullish() }),
  sender: account.nullish(),
});

type Payload = z.output<typeof payloadSchema>;

function deliveryId(request: Parameters<Connector['deliveryId']>[0]): string {
  return header(request, 'x-github-delivery') || `sha256:${sha256Hex(request.body)}`;
}

function verify(request: Parameters<Connector['verify']>[0], secrets: readonly string[]) {
  const value = header(request, 'x-hub-signature-256');
  if (!value) return refused('X-Hub-Signature-256 is required (set a secret on the GitHub webhook)');
  const given = sha256HexSignature(value);
  if (!given) return refused('X-Hub-Signature-256 must be sha256=<64 hex digits>');
  const ok = matchesAnySecret(secrets, (secret) => hmacSha256(secret, request.body), given);
  return ok ? accepted : refused('signature does not match');
}

/** The most severe severity label on the issue, or 3 without one. */
function severityOfLabels(labels: readonly string[], settings: ConnectorSettings): Severity {
  const found = labels
    .map((label) => severityOf(label, defaultSeverities, settings))
    .filter((severity): severity is Severity => severity !== undefined);
  return found.length > 0 ? (Math.min(...found) as Severity) : NO_LABEL;
}

function snapshotOf(payload: Payload, settings: ConnectorSettings, severity: Severity) {
  const mapped = supportIdFor(payload.repository.full_name, settings);
  if ('unmapped' in mapped) return { unavailable: mapped.unmapped };
  const openedAt = instantOf(payload.issue.created_at);
  if (openedAt === undefined) return { unavailable: 'issue.created_at is not an ISO-8601 instant' };
  const snapshot: TicketSnapshot = {
    supportId: mapped.supportId,
    subject: cleanText(payload.issue.title, 500) ?? `${payload.repository.full_name}#${payload.issue.number}`,
    description: payload.issue.body ?? undefined,
    severity,
    openedAt,
    requesterEmail: null,
    requester: payload.issue.user.login,
    product: cleanText(payload.repository.name, 200) ?? payload.repository.full_name,
    channel: 'web',
    sourceUrl: payload.issue.html_url ?? undefined,
  };
  return { snapshot };
}

function translate(request: Parameters<Connector['translate']>[0], settings: ConnectorSettings): Translation {
  const kind = header(request, 'x-github-event') ?? '';
  if (kind === 'ping') return ignored('ping', 'GitHub checks the webhook: nothing to apply');
  if (kind !== 'issues' && kind !== 'issue_comment')
    return ignored(kind || 'unknown', `the service does not read ${kind || 'untyped'} events`);
  const read = readPayload(request, payloadSchema);
  if (!read.ok) return ignored(kind, read.reason);
  const payload = read.payload;
  const event = `${kind}.${payload.action}`;
  const ticketId = `${payload.repository.full_name}#${payload.issue.number}`;
  const labels = payload.issue.labels.map((label) => label.name);
  const current = severityOfLabels(labels, settings);
  const apply = (steps: Step[], snapshotSeverity: Severity = current): Translation => ({
    kind: 'apply',
    event,
    sourceTicketId: ticketId,
    opening: snapshotOf(payload, settings, snapshotSeverity),
    steps,
  });
  const dated = (text: string | null | undefined) => instantOf(text) ?? instantOf(payload.issue.updated_at);
  const sender = payload.sender?.login ?? 'github';

  if (payload.issue.pull_request !== undefined) return ignored(event, 'a pull request, not an issue', ticketId);
  if (payload.issue.user.type === 'Bot')
    return ignored(event, `an issue opened by a bot (${payload.issue.user.login})`, ticketId);

  if (kind === 'issues') {
    switch (payload.action) {
      case 'opened':
        return apply([{ type: 'open' }]);
      case 'labeled':
      case 'unlabeled': {
        const label = payload.label?.name;
        if (!label || severityOf(label, defaultSeverities, settings) === undefined) {
          return ignored(event, `label ${JSON.stringify(label ?? '')} is not a severity label`, ticketId);
        }
        const at = dated(payload.issue.updated_at);
        if (at === undefined) return ignored(event, 'issue.updated_at is not an ISO-8601 instant', ticketId);
        // The payload's labels are those after the change: undo it to know the severity before.
        const before = payload.action === 'labeled' ? labels.filter((name) => name !== label) : [...labels, label];
        const reason = `GitHub label ${label} ${payload.action === 'labeled' ? 'added' : 'removed'}`;
        return apply(
          [{ type: 'severity', severity: current, at, by: sender, reason }],
          severityOfLabels(before, settings),
        );
      }
      case 'closed': {
        const at = dated(payload.issue.closed_at);
        if (at === undefined) return ignored(event, 'issue.closed_at is not an ISO-8601 instant', ticketId);
        const resolution = `GitHub issue closed${payload.issue.state_reason ? ` (${payload.issue.state_reason})` : ''}`;
        return apply([{ type: 'close', at, by: sender, resolution }]);
      }
      default:
        return ignored(event, `the service does not read issues.${payload.action}`, ticketId);
    }
  }

  if (payload.action !== 'created')
    return ignored(event, `the service reads new comments, not ${payload.action} ones`, ticketId);
  const comment = payload.comment;
  if (!comment) return ignored(event, 'issue_comment without a comment', ticketId);
  if (comment.user.type === 'Bot') return ignored(event, `a comment by a bot (${comment.user.login})`, ticketId);
  const at = instantOf(comment.created_at);
  if (at === undefined) return ignored(event, 'comment.created_at is not an ISO-8601 instant', ticketId);
  const author = comment.user.login;
  const opener = payload.issue.user.login;
  if (author === opener) return apply([{ type: 'customer_reply', at }]);
  if (isAgent(settings, author) || STAFF_ASSOCIATIONS.has(comment.author_association ?? '')) {
    return apply([{ type: 'respond', at, by: author }]);
  }
  return ignored(event, `a comment by ${author}, neither the opener nor support staff`, ticketId);
}

export const github: Connector = { source: 'github', deliveryId, verify, translate };
