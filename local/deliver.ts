/** Posts one webhook delivery as its source would (DESIGN §9): shared by the replay command, tests and bench. */
import type { ConnectorSource } from '../shared/connectors/types.ts';
import { type DeliveryOptions, webhookHeaders } from './webhook-sign.ts';

export interface DeliveryResponse {
  status: number;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: Record<string, unknown> | undefined;
}

export async function deliver(
  apiUrl: string,
  connectionId: string,
  source: ConnectorSource,
  secret: string,
  body: Uint8Array | string,
  options: DeliveryOptions = {},
): Promise<DeliveryResponse> {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const response = await fetch(`${apiUrl}/webhooks/${encodeURIComponent(connectionId)}`, {
    method: 'POST',
    headers: webhookHeaders(source, secret, bytes, options),
    body: bytes,
  });
  const text = await response.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json };
}
