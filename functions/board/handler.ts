/**
 * Door: a CloudWatch custom widget invocation (DESIGN §10) → the board's views, over TicketService's reads.
 * It answers HTML (or the widget's description when the console asks for it); the console calls it back
 * through `cwdb-action` links, with the function's own ARN as their endpoint.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { renderWidget } from '../../shared/board/widget.ts';
import { logger } from '../../shared/observability/powertools.ts';
import { tracing } from '../../shared/observability/tracing.ts';
import { policy, service } from '../../shared/runtime/store-only.ts';
import { runtimeClock } from '../../shared/time/clock.ts';

export const handler = middy(async (event: unknown, context: Context) =>
  renderWidget(event, { source: service, policy, clock: runtimeClock }, context.invokedFunctionArn),
)
  .use(injectLambdaContext(logger))
  .use(tracing());
