/** Door: a rate schedule → TicketService.sweep (DESIGN §5): finishes work that no timer handled. */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { logger, metrics } from '../../shared/observability/powertools.ts';
import { publishMetrics } from '../../shared/observability/publish-metrics.ts';
import { tracing } from '../../shared/observability/tracing.ts';
import { service } from '../../shared/runtime.ts';

export const handler = middy(async () => service.sweep())
  .use(injectLambdaContext(logger))
  .use(publishMetrics(metrics))
  .use(tracing());
