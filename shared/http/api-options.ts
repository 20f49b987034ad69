import { logger, metrics, tracer } from '../observability/powertools.ts';
import { runtimeClock } from '../time/clock.ts';
import type { HttpHandlerOptions } from './http-handler.ts';

/** What every API function's door uses: Powertools and the runtime clock. */
export const apiOptions: HttpHandlerOptions = { clock: runtimeClock, logger, metrics, tracer };
