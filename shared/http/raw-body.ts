import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/**
 * The exact bytes the client sent (DESIGN §4): size limits and the signature are about bytes, not about
 * the string API Gateway hands us, so a base64-encoded body is decoded first and a missing body is empty.
 */
export function rawBody(event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded'>): Buffer {
  if (event.body === undefined || event.body === null) return Buffer.alloc(0);
  return Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
}
