/**
 * Door: the table's stream (DESIGN §11) → TicketService.aggregate: folds each ticket's new revision into the
 * report's daily rows, off the request path. Records are independent (a redelivered or out-of-order one is
 * recognised by its revision and changes nothing), so Powertools processes a batch in parallel and reports
 * only the records that failed; Lambda retries those, bisecting, and sends what keeps failing to the DLQ.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { ticketFromItem } from '../../shared/adapters/dynamodb-store.ts';
import { logger, metrics } from '../../shared/observability/powertools.ts';
import { publishMetrics } from '../../shared/observability/publish-metrics.ts';
import { tracing } from '../../shared/observability/tracing.ts';
import { service } from '../../shared/runtime/store-only.ts';
import type { Ticket } from '../../shared/tickets/ticket.ts';

const processor = new BatchProcessor(EventType.DynamoDBStreams);

/** The ticket a record carries; only ticket items do (the event source's filter drops the others first). */
function ticketOf(record: DynamoDBRecord): Ticket | undefined {
  const image = record.dynamodb?.NewImage;
  if (image?.sk?.S !== 'TICKET') return undefined;
  return ticketFromItem(unmarshall(image as Record<string, AttributeValue>));
}

export const handler = middy(async (event: DynamoDBStreamEvent, context: Context) => {
  // One batched read skips the revisions already counted (a redelivered batch, or the seed's tickets).
  // A record that does not parse fails on its own below, not the whole batch here.
  const tickets = event.Records.flatMap((record) => {
    try {
      return ticketOf(record) ?? [];
    } catch {
      return [];
    }
  });
  const applied = await service.appliedRevisions(tickets.map((ticket) => ticket.ticketId));
  return processPartialResponse(
    event,
    async (record: DynamoDBRecord) => {
      const ticket = ticketOf(record);
      if (!ticket || (applied.get(ticket.ticketId) ?? 0) >= ticket.revision) return;
      await service.aggregate(ticket);
    },
    processor,
    { context },
  );
})
  .use(injectLambdaContext(logger))
  .use(publishMetrics(metrics))
  .use(tracing());
