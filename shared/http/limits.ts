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

/** HTTP's optional whitespace (RFC 9110 §5.6.3): space and tab only; U+00A0 and friends are not whitespace here. */
const isOws = (char: string | undefined) => char === ' ' || char === '\t';

/**
 * The media type of a Content-Type header, lower-cased, without parameters or surrounding whitespace. It reads
 * unauthenticated input before any signature check, so it uses no regex, only linear scans: the regex it replaces,
 * with overlapping `\s*` and `[^;]*` runs, took 185 ms on 15 000 × U+00A0 (DESIGN §4.1).
 */
export function mediaTypeOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let end = value.indexOf(';');
  if (end < 0) end = value.length;
  let start = 0;
  while (start < end && isOws(value[start])) start++;
  while (end > start && isOws(value[end - 1])) end--;
  return value.slice(start, end).toLowerCase();
}

/** `application/json`, with any parameters (`; charset=utf-8`) and in any case. */
export function isJsonContentType(value: string | undefined): boolean {
  return mediaTypeOf(value) === 'application/json';
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
