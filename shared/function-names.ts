/** The Lambda functions of the service (DESIGN §7), one folder each under `functions/`; the route table (`http/routes.ts`) names them. */
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
