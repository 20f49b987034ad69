/**
 * The door every API function is built with (DESIGN §4): a handler declares its routes' schemas and a `handle`,
 * and receives only signed, size-checked, validated input.
 *
 * The order of the stack is the security argument, so keep it:
 *   1. header normalizer   lower-case names, so every later lookup is exact;
 *   2. Powertools          logger context, metrics flush, tracing, when given;
 *   3. route               a route key this function does not serve is a 404;
 *   4. limits              415 / 413 before anything costs a HMAC or a parse;
 *   5. signature           401 before the body is read as JSON: an unsigned request is never parsed;
 *   6. validation          400 with the failing fields;
 *   7. replays             a signed write seen before gets its first answer again, and stops here;
 *   8. handle              the only step that may write, so no refusal ever writes anything.
 * Every refusal is thrown and turned into its JSON error by the one `errorMapper`.
 */

import type { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy, { type MiddlewareObj, type MiddyfiedHandler } from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod';
import { publishMetrics } from '../observability/publish-metrics.ts';
import { type Clock, systemClock } from '../time/clock.ts';
import { errorMapper, HttpError } from './errors.ts';
import { requestLimits } from './limits.ts';
import { signedWritesOnce } from './replays.ts';
import { routeKey, routes as routeTable } from './routes.ts';
import { type ConnectionLookup, type Principal, requestSignature } from './signature.ts';
import { requestValidation, type ValidInput } from './validation.ts';

type Schema = z.ZodType | undefined;
/** What a schema yields after parsing, or `undefined` for a part the route does not declare. */
export type Parsed<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;

export interface HandlerInput<B extends Schema, P extends Schema, Q extends Schema> {
  body: Parsed<B>;
  params: Parsed<P>;
  query: Parsed<Q>;
  event: APIGatewayProxyEventV2;
  context: Context;
  now: Date;
  /** The connection that signed the request (DESIGN §4.1): whom the history names, which accounts it reaches. */
  principal: Principal;
}

export interface HandlerResult {
  status: number;
  /** Sent as JSON; `undefined` sends no body (a 204). */
  body: unknown;
  headers?: Record<string, string>;
}

export interface RouteSpec<B extends Schema = undefined, P extends Schema = undefined, Q extends Schema = undefined> {
  body?: B;
  params?: P;
  query?: Q;
  handle(input: HandlerInput<B, P, Q>): Promise<HandlerResult>;
}

/** Any route's spec, as `httpHandler` holds them. */
export type AnyRouteSpec = RouteSpec<Schema, Schema, Schema>;

/** Identity at run time; it lets TypeScript type `handle`'s input from the schemas beside it. */
export function route<B extends Schema = undefined, P extends Schema = undefined, Q extends Schema = undefined>(
  spec: RouteSpec<B, P, Q>,
): RouteSpec<NoInfer<B>, NoInfer<P>, NoInfer<Q>> {
  return spec;
}

export interface HttpHandlerOptions {
  clock?: Clock;
  logger?: Logger;
  metrics?: Metrics;
  tracer?: Tracer;
  /** Where a request's `X-Sla-Connection` is looked up (secrets included); without it, only the built-in secrets sign. */
  connections?: ConnectionLookup;
  /** Where signed writes are remembered for 600 s (DESIGN §4.1); without it, a replay applies again. */
  replays?: DynamoDBPersistenceLayer;
}

export type HttpHandler = MiddyfiedHandler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>;

type Middleware = MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>;

const servedRouteKeys = new Set(routeTable.map(routeKey));

export function jsonResponse(result: HandlerResult): APIGatewayProxyStructuredResultV2 {
  if (result.body === undefined) return { statusCode: result.status, headers: { ...result.headers } };
  return {
    statusCode: result.status,
    headers: { ...result.headers, 'content-type': 'application/json' },
    body: JSON.stringify(result.body),
  };
}

/** Builds a function's handler from its routes, keyed by API Gateway route key (`POST /tickets/{id}/severity`). */
export function httpHandler(routes: Record<string, AnyRouteSpec>, options: HttpHandlerOptions = {}): HttpHandler {
  const clock = options.clock ?? systemClock;
  const specs = new Map(Object.entries(routes));
  for (const key of specs.keys()) {
    // Fail at cold start: a route missing from the table has no secret and no API Gateway route.
    if (!servedRouteKeys.has(key)) throw new Error(`httpHandler: ${key} is not in shared/http/routes.ts`);
  }
  // Keyed by the event object, which middy hands unchanged from the middlewares to the handler.
  const validInputs = new WeakMap<APIGatewayProxyEventV2, ValidInput>();
  const principals = new WeakMap<APIGatewayProxyEventV2, Principal>();

  const lambdaHandler = async (event: APIGatewayProxyEventV2, context: Context) => {
    const spec = specs.get(event.routeKey);
    const input = validInputs.get(event);
    const principal = principals.get(event);
    if (!spec || !input || !principal) {
      throw new Error(`${event.routeKey} reached its handler without passing the signature and validation`);
    }
    return jsonResponse(await spec.handle({ ...input, event, context, now: clock(), principal }));
  };

  const knownRoute: Middleware = {
    before: (request) => {
      if (!specs.has(request.event.routeKey)) {
        throw new HttpError(404, 'route_not_found', `no route ${request.event.routeKey}`);
      }
    },
  };

  const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>(lambdaHandler).use(
    httpHeaderNormalizer() as Middleware,
  );
  if (options.logger) handler.use(injectLambdaContext(options.logger) as Middleware);
  if (options.metrics) handler.use(publishMetrics(options.metrics) as Middleware);
  if (options.tracer) handler.use(captureLambdaHandler(options.tracer) as Middleware);
  // Used after Powertools so that, onError running in reverse, the error is logged while the Lambda context is on.
  handler
    .use(errorMapper({ logger: options.logger }))
    .use(knownRoute)
    .use(requestLimits())
    .use(
      requestSignature({
        clock,
        ...(options.connections ? { connections: options.connections } : {}),
        onPrincipal: (event, principal) => principals.set(event, principal),
      }),
    )
    .use(
      requestValidation(
        (event) => specs.get(event.routeKey) ?? {},
        (event, input) => validInputs.set(event, input),
      ),
    );
  if (options.replays) handler.use(signedWritesOnce(options.replays));
  return handler;
}
