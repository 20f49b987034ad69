/**
 * Door: the table's stream (DESIGN §11) → TicketService.aggregate: folds each ticket's new revision into the
 * report's daily rows, off the request path. Records are independent (a redelivered or out-of-order one is
 * recognised by its revision and changes nothing), so Powertools processes a batch in parallel and reports
 * only the records that failed; Lambda retries those, bisecting, and sends what keeps failing to the DLQ.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { ticketFromItem } from '../../shared/adapters/dynamodb-store.ts';
import { logger, metrics, tracer } from '../../shared/observability/powertools.ts';
import { publishMetrics } from '../../shared/observability/publish-metrics.ts';
import { service } from '../../shared/runtime.ts';

const processor = new BatchProcessor(EventType.DynamoDBStreams);

async function recordHandler(record: DynamoDBRecord): Promise<void> {
  const image = record.dynamodb?.NewImage;
  // Only ticket items carry a contribution; the event source's filter drops the others before they cost an invocation.
  if (image?.sk?.S !== 'TICKET') return;
  const item = unmarshall(image as Record<string, AttributeValue>);
  await service.aggregate(ticketFromItem(item));
}

export const handler = middy(async (event: DynamoDBStreamEvent, context: Context) =>
  processPartialResponse(event, recordHandler, processor, { context }),
)
  .use(injectLambdaContext(logger))
  .use(publishMetrics(metrics))
  .use(captureLambdaHandler(tracer));
