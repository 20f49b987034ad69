/**
 * Door: EventBridge Scheduler → TicketService.handleTimer (DESIGN §5). Invoked asynchronously with the
 * schedule's input; a throw makes Scheduler (and Lambda's async retries) try again.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import * as z from 'zod';
import { logger, metrics } from '../../shared/observability/powertools.ts';
import { publishMetrics } from '../../shared/observability/publish-metrics.ts';
import { tracing } from '../../shared/observability/tracing.ts';
import { service } from '../../shared/runtime.ts';

const timerInput = z.object({
  ticketId: z.string().min(1),
  kind: z.enum(['warning', 'breach', 'auto_close']),
  version: z.number().int().nonnegative(),
});

export const handler = middy(async (event: unknown) => {
  const parsed = timerInput.safeParse(event);
  if (!parsed.success) {
    // Retrying a malformed input cannot help: log it and let the schedule complete.
    logger.error('malformed timer input', { issues: parsed.error.issues });
    return { outcome: 'rejected' };
  }
  return { outcome: await service.handleTimer(parsed.data) };
})
  .use(injectLambdaContext(logger))
  .use(publishMetrics(metrics))
  .use(tracing());
