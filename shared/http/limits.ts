/**
 * The first gate of every request (DESIGN §4): JSON only, at most 64 KiB. It runs before the signature
 * so that an oversized or non-JSON request costs no HMAC and never reaches the JSON parser.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { HttpError } from './errors.ts';
import { rawBody } from './raw-body.ts';

/** 64 KiB, counted in bytes after base64 decoding: what the client sent, not how API Gateway carried it. */
export const MAX_BODY_BYTES = 64 * 1024;

const methodsWithBody = new Set(['POST', 'PUT', 'PATCH']);

/** `application/json`, with any parameters (`; charset=utf-8`) and in any case. */
export function isJsonContentType(value: string | undefined): boolean {
  const mediaType = value?.split(';')[0]?.trim().toLowerCase();
  return mediaType === 'application/json';
}

/** Throws 415 for a body-carrying method that is not JSON, 413 for a body over the limit. */
export function checkLimits(event: APIGatewayProxyEventV2): void {
  const method = event.requestContext.http.method.toUpperCase();
  if (methodsWithBody.has(method) && !isJsonContentType(event.headers?.['content-type'])) {
    throw new HttpError(415, 'unsupported_media_type', 'Content-Type must be application/json');
  }
  // Checked on every method, so a GET cannot smuggle a large body past the limit either.
  if (rawBody(event).length > MAX_BODY_BYTES) {
    throw new HttpError(413, 'payload_too_large', `request body is larger than ${MAX_BODY_BYTES} bytes`);
  }
}

/** Expects lower-cased header names: it runs after `@middy/http-header-normalizer`. */
export function requestLimits(): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  return {
    before: (request) => {
      checkLimits(request.event);
    },
  };
}
