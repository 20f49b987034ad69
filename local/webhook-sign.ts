/**
 * The headers each ticket system puts on its webhook deliveries (DESIGN §9), signed its own way: shared by the
 * tests, the replay command and the benchmark, so no test hand-rolls a sender's signature.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { ConnectorSource } from '../shared/connectors/types.ts';

export interface DeliveryOptions {
  /** When the sender signs (Zendesk puts it in the signed text); default now. */
  now?: Date;
  /** The sender's delivery id (GitHub, Jira, Zendesk invocation); default a fresh UUID. */
  deliveryId?: string;
  /** GitHub's `X-GitHub-Event` (`issues`, `issue_comment`); default `issues`. */
  githubEvent?: string;
}

const hmac = (secret: string, ...parts: (string | Uint8Array)[]) => {
  const mac = createHmac('sha256', secret);
  for (const part of parts) mac.update(part);
  return mac.digest();
};

/** Zendesk: base64(HMAC-SHA256(secret, timestamp + body)), the timestamp ISO-8601 without milliseconds. */
export function zendeskSignature(secret: string, timestamp: string, body: string | Uint8Array): string {
  return hmac(secret, timestamp, body).toString('base64');
}

/** GitHub's `X-Hub-Signature-256` and Jira's `X-Hub-Signature`: `sha256=<hex HMAC-SHA256(secret, body)>`. */
export function hubSignature(secret: string, body: string | Uint8Array): string {
  return `sha256=${hmac(secret, body).toString('hex')}`;
}

/** The headers a source sends with `body`, signed with `secret`. */
export function webhookHeaders(
  source: ConnectorSource,
  secret: string,
  body: string | Uint8Array,
  options: DeliveryOptions = {},
): Record<string, string> {
  const id = options.deliveryId ?? randomUUID();
  const json = { 'Content-Type': 'application/json' };
  switch (source) {
    case 'zendesk': {
      const timestamp = (options.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
      return {
        ...json,
        'User-Agent': 'Zendesk Webhook',
        'X-Zendesk-Webhook-Id': '01HQ3ZKW8J8E3ZC2M0Z6XK3V0T',
        'X-Zendesk-Webhook-Invocation-Id': id,
        'X-Zendesk-Webhook-Signature-Timestamp': timestamp,
        'X-Zendesk-Webhook-Signature': zendeskSignature(secret, timestamp, body),
      };
    }
    case 'jira':
      return {
        ...json,
        'User-Agent': 'Atlassian Webhook HTTP Client',
        'X-Atlassian-Webhook-Identifier': id,
        'X-Hub-Signature': hubSignature(secret, body),
      };
    case 'github':
      return {
        ...json,
        'User-Agent': 'GitHub-Hookshot/5ef6f3d',
        'X-GitHub-Event': options.githubEvent ?? 'issues',
        'X-GitHub-Delivery': id,
        'X-GitHub-Hook-ID': '292430182',
        'X-Hub-Signature-256': hubSignature(secret, body),
      };
    case 'freshdesk':
      return { ...json, Authorization: `Bearer ${secret}` };
  }
}

/** Header names in lower case, as the connectors read them (after `@middy/http-header-normalizer`). */
export const lowerCaseHeaders = (headers: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
