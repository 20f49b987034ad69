/**
 * Every signed write counts once (DESIGN §4.1): a write whose signature was seen in the last 600 s is a replay
 * and gets the first answer again, changing nothing. Powertools Idempotency does the bookkeeping, keyed on the
 * `X-Sla-Signature` (one spelling per digest: v2 accepts only lower-case hex), on the service's own table:
 * a conditional put marks the request in progress, so of two concurrent identical requests only one applies
 * (the other is a 409 `request_in_progress` and, retried, gets the first answer); a write that fails is
 * forgotten, so its retry applies. Why Powertools rather than our own conditional write: it already handles the
 * in-progress lease bounded by the function's remaining time, expiry, and storing the response.
 */

import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { tableLayout } from '../observability/catalog.ts';
import { MAX_CLOCK_SKEW_SECONDS, secretNameFor } from './signature.ts';

/** Twice the timestamp's ±300 s window: any replay the signature check still accepts finds the first answer. */
export const REPLAY_WINDOW_SECONDS = 2 * MAX_CLOCK_SKEW_SECONDS;

/** The record's sort key; its partition key is `REPLAY#<hash of the signature>`, spread like any other key. */
const REPLAY_SORT_KEY = 'REPLAY';

/**
 * Powertools' layer on a table with a sort key puts every record under one constant partition key; this one
 * gives each record its own partition (`REPLAY#<hash>` / `REPLAY`), so replays spread like tickets do (§11).
 */
export class ReplayRecords extends DynamoDBPersistenceLayer {
  constructor(client: DynamoDBClient, tableName: string) {
    super({
      tableName,
      awsSdkV3Client: client,
      keyAttr: tableLayout.partitionKey,
      expiryAttr: tableLayout.ttlAttribute,
    });
  }

  protected override getKey(idempotencyKey: string) {
    return { [tableLayout.partitionKey]: { S: idempotencyKey }, [tableLayout.sortKey]: { S: REPLAY_SORT_KEY } };
  }
}

type Middleware = MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>;
type HttpRequest = Request<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>;

/**
 * A write signed with our scheme. A ticket system's delivery (`secret: 'connection'`) carries no `X-Sla-Signature`:
 * its delivery id makes it count once instead (DESIGN §9).
 */
const isSignedWrite = (event: APIGatewayProxyEventV2) =>
  event.requestContext.http.method !== 'GET' && secretNameFor(event.routeKey) !== 'connection';

/** The last gate before the handler: only signed, valid writes reach it, and only their first use applies. */
export function signedWritesOnce(records: DynamoDBPersistenceLayer): Middleware {
  const inner = makeHandlerIdempotent({
    persistenceStore: records,
    keyPrefix: 'REPLAY',
    config: new IdempotencyConfig({
      eventKeyJmesPath: 'headers."x-sla-signature"',
      throwOnNoIdempotencyKey: true,
      expiresAfterSeconds: REPLAY_WINDOW_SECONDS,
    }),
  });
  // Requests that hold their own in-progress record: only they may complete or delete it. Powertools' onError
  // deletes unconditionally, which would erase a concurrent first request's record and let a third one apply.
  const owners = new WeakSet<APIGatewayProxyEventV2>();
  return {
    before: async (request: HttpRequest) => {
      if (!isSignedWrite(request.event)) return undefined;
      const replayed = await inner.before?.(request);
      if (replayed !== undefined) return replayed;
      owners.add(request.event);
      return undefined;
    },
    after: async (request: HttpRequest) => {
      if (owners.has(request.event)) await inner.after?.(request);
    },
    onError: async (request: HttpRequest) => {
      if (owners.has(request.event)) await inner.onError?.(request);
    },
  };
}
