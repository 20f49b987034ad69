import type { MetricKey } from '../observability/catalog.ts';

/** What the use cases report: counts by the catalog's metric names, and structured log lines. */
export interface Telemetry {
  count(metric: MetricKey, value?: number, dimensions?: Record<string, string>): void;
  info(message: string, attributes?: Record<string, unknown>): void;
  warn(message: string, attributes?: Record<string, unknown>): void;
  error(message: string, attributes?: Record<string, unknown>): void;
}
