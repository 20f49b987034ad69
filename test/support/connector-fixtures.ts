/** The documented payloads under test/fixtures/connectors/, as the exact bytes a sender would post. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type DeliveryOptions, lowerCaseHeaders, webhookHeaders } from '../../local/webhook-sign.ts';
import type { ConnectorSettings, ConnectorSource, WebhookRequest } from '../../shared/connectors/types.ts';

const root = fileURLToPath(new URL('../fixtures/connectors/', import.meta.url));

/** A fixture's bytes, unchanged: signatures are over these, never over a re-serialised copy. */
export const fixtureBytes = (source: ConnectorSource, name: string): Buffer =>
  readFileSync(`${root}${source}/${name}.json`);

/** A delivery of `body` signed with `secret` the way `source` signs, with lower-case header names. */
export function signedRequest(
  source: ConnectorSource,
  body: Uint8Array | string,
  secret: string,
  options: DeliveryOptions = {},
): WebhookRequest {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  return { headers: lowerCaseHeaders(webhookHeaders(source, secret, bytes, options)), body: bytes };
}

export const settingsFor = (overrides: Partial<ConnectorSettings> = {}): ConnectorSettings => ({
  connectionId: 'conn-1',
  organizations: {},
  defaultSupportId: null,
  severities: {},
  agents: [],
  ...overrides,
});

/** The same JSON re-serialised: what a body parser would hand on, and what no signature may be checked over. */
export const reserialised = (bytes: Uint8Array): Buffer =>
  Buffer.from(JSON.stringify(JSON.parse(Buffer.from(bytes).toString('utf8'))));
