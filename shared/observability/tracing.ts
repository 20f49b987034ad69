/**
 * X-Ray tracing, loaded only when it is on. The tracer and the X-Ray SDK are about 130 KB of every bundle and
 * a tenth of its import time, so a function built without tracing (`SLA_TRACING` unset at bundling, the
 * default: infra/bundling.ts) does not contain them at all: esbuild replaces `process.env.SLA_TRACING` by its
 * build-time value and drops the dead import. A stack deployed with `-c tracing=active` builds them in.
 */
import type { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { MiddlewareObj } from '@middy/core';
import { SERVICE_NAME } from './catalog.ts';

// The test is written out in place (not through a constant) so that esbuild can fold it and drop the import.
export const tracer: Tracer | undefined =
  process.env.SLA_TRACING === 'active'
    ? new (await import('@aws-lambda-powertools/tracer')).Tracer({ serviceName: SERVICE_NAME })
    : undefined;

/** The SDK client, traced when tracing is on. */
export function traced<T>(client: T): T {
  return tracer ? tracer.captureAWSv3Client(client) : client;
}

/** The handler's segment when tracing is on; a no-op otherwise (middy refuses an empty middleware). */
export function tracing<E, R>(): MiddlewareObj<E, R> {
  return tracer ? (captureLambdaHandler(tracer) as MiddlewareObj<E, R>) : { before: () => undefined };
}
