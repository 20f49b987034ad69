import { logger, metrics, tracer } from '../observability/powertools.ts';
import { replayRecords, store } from '../runtime/core.ts';
import { runtimeClock } from '../time/clock.ts';
import type { HttpHandlerOptions } from './http-handler.ts';

/**
 * What every API function's door uses: Powertools, the runtime clock, the connection registry for
 * `X-Sla-Connection`, and the table's record of signed writes already applied.
 */
export const apiOptions: HttpHandlerOptions = {
  clock: runtimeClock,
  logger,
  metrics,
  tracer,
  connections: (connectionId) => store.getConnection(connectionId),
  replays: replayRecords,
};
