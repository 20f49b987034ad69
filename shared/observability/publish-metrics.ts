import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';

/**
 * Flushes the invocation's metrics as EMF, like Powertools' `logMetrics`, but stays quiet when there are
 * none: most timer firings and sweeps emit nothing, and a warning per invocation would bury real ones.
 */
export function publishMetrics(metrics: Metrics): MiddlewareObj {
  const publish = async () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  return { after: publish, onError: publish };
}
