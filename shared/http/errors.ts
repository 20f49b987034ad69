/**
 * The API's refusals and their one JSON shape (DESIGN §4): every error response, whether a middleware
 * or the policy refused, is built here, so status codes and bodies cannot drift between functions.
 */

import type { Logger } from '@aws-lambda-powertools/logger';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type DomainErrorCode, isDomainError } from '../sla/errors.ts';

export interface FieldError {
  field: string;
  message: string;
}

/** The codes a client can see: the policy's own (except `unknown_program`, reported as `invalid_request`) and the HTTP layer's. */
export type HttpErrorCode =
  | Exclude<DomainErrorCode, 'unknown_program'>
  | 'missing_signature'
  | 'invalid_signature'
  | 'signature_expired'
  | 'route_not_found'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'internal_error';

export interface ErrorBody {
  error: HttpErrorCode;
  message: string;
  details?: FieldError[];
}

export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: HttpErrorCode,
    message: string,
    readonly details?: readonly FieldError[],
  ) {
    super(message);
  }
}

/** A `Record` over every domain code, so a new code fails to compile until it has a status (DESIGN §4). */
const domainStatus: Record<DomainErrorCode, number> = {
  invalid_request: 400,
  unknown_program: 400,
  not_authorized_opener: 403,
  contract_expired: 403,
  unknown_support_id: 404,
  unknown_partner: 404,
  ticket_not_found: 404,
  ticket_closed: 409,
  severity_not_offered: 422,
  phone_requires_ticket: 422,
};

/** Turns a policy refusal or an HTTP refusal into an `HttpError`; anything else is not a refusal and yields `undefined`. */
export function toHttpError(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error;
  if (!isDomainError(error)) return undefined;
  const details = error.details?.map(({ field, message }) => ({ field, message }));
  // DESIGN §4 lists no `unknown_program` code: to a client it is a bad `program` field like any other.
  if (error.code === 'unknown_program') {
    return new HttpError(
      400,
      'invalid_request',
      error.message,
      details ?? [{ field: 'program', message: error.message }],
    );
  }
  return new HttpError(domainStatus[error.code], error.code, error.message, details);
}

export const internalError = new HttpError(500, 'internal_error', 'internal error');

export function errorResponse(error: HttpError): APIGatewayProxyStructuredResultV2 {
  const body: ErrorBody = { error: error.code, message: error.message };
  if (error.details && error.details.length > 0) body.details = [...error.details];
  return { statusCode: error.status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/**
 * The single `onError` of the stack: refusals become their JSON error, anything else a bare 500 after it is
 * logged. Only the route, the request id and the error are logged, never the body or a secret.
 */
export function errorMapper(
  options: { logger?: Logger } = {},
): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  return {
    onError: (request) => {
      const refusal = toHttpError(request.error);
      const where = { routeKey: request.event.routeKey, requestId: request.event.requestContext?.requestId };
      if (refusal) {
        options.logger?.info('request refused', { ...where, status: refusal.status, code: refusal.code });
      } else if (options.logger) {
        options.logger.error('unhandled error', { ...where, error: request.error });
      } else {
        const error = request.error;
        console.error(
          'unhandled error',
          where,
          error instanceof Error ? (error.stack ?? error.message) : String(error),
        );
      }
      // Setting the response (rather than returning it) lets the Powertools onError hooks still run and flush.
      request.response = errorResponse(refusal ?? internalError);
    },
  };
}
