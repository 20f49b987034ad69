/**
 * Powertools instances, created once per execution environment (module scope), and the use cases'
 * Telemetry on top of them. Metric names come from the catalog the dashboard also reads.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Telemetry } from '../tickets/telemetry.ts';
import { metrics as catalog, METRICS_NAMESPACE, SERVICE_NAME } from './catalog.ts';

export const logger = new Logger({ serviceName: SERVICE_NAME });
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
/** X-Ray, when it is on: see tracing.ts. */
export { tracer } from './tracing.ts';

export const telemetry: Telemetry = {
  count(key, value = 1, dimensions) {
    const metric = catalog[key];
    if (dimensions && Object.keys(dimensions).length > 0) {
      // Dimensions differ per data point, so each goes out as its own EMF record.
      const single = metrics.singleMetric();
      single.addDimensions(dimensions);
      single.addMetric(metric.name, MetricUnit[metric.unit], value);
    } else {
      metrics.addMetric(metric.name, MetricUnit[metric.unit], value);
    }
  },
  info: (message, attributes) => logger.info(message, attributes ?? {}),
  warn: (message, attributes) => logger.warn(message, attributes ?? {}),
  error: (message, attributes) => logger.error(message, attributes ?? {}),
};
