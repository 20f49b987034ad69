/** The Lambda functions of the service (DESIGN §7), one folder each under `functions/`. */
export const functionNames = [
  'accounts',
  'intake',
  'severity-change',
  'ticket-activity',
  'queries',
  'sla-timer',
  'sweeper',
  'webhooks',
  'aggregator',
  'board',
] as const;
export type FunctionName = (typeof functionNames)[number];
