/**
 * The one function list (DESIGN §7): CDK builds one Lambda per entry, and the local stack runs the
 * same handlers. Grants are declared here so least privilege is visible next to each function.
 */

import { type FunctionName, functionNames } from '../shared/function-names.ts';
import { type Route, routes } from '../shared/http/routes.ts';

export interface FunctionSpec {
  name: FunctionName;
  /** Path of the handler module from the repository root; it exports `handler`. */
  entry: string;
  description: string;
  /**
   * How the function is invoked: API routes, EventBridge Scheduler one-time timers, a rate schedule, the
   * table's stream, or the CloudWatch console drawing a custom widget of the dashboard (DESIGN §10).
   */
  trigger: 'http' | 'timer' | 'rate' | 'stream' | 'widget';
  routes: readonly Route[];
  grants: {
    table: 'read' | 'readwrite';
    /** Creates and deletes the SLA timers' schedules. */
    scheduler: boolean;
    /** Sends e-mail through SES. */
    mail: boolean;
    secrets: readonly ('webhook' | 'admin')[];
  };
  timeoutSeconds: number;
  memoryMb: number;
}

const describe: Record<
  FunctionName,
  Omit<FunctionSpec, 'name' | 'entry' | 'routes' | 'timeoutSeconds' | 'memoryMb'>
> = {
  accounts: {
    description: 'Admin API: registers and reads customer accounts, support partners and connections',
    trigger: 'http',
    grants: { table: 'readwrite', scheduler: false, mail: false, secrets: ['admin'] },
  },
  intake: {
    description: 'Opens tickets: computes the response deadline and sets the SLA timers',
    trigger: 'http',
    grants: { table: 'readwrite', scheduler: true, mail: true, secrets: ['webhook'] },
  },
  'severity-change': {
    description: 'Changes a ticket severity and moves its deadline and timers',
    trigger: 'http',
    grants: { table: 'readwrite', scheduler: true, mail: true, secrets: ['webhook'] },
  },
  'ticket-activity': {
    description: 'Responses, contact attempts, customer replies, escalations and closes',
    trigger: 'http',
    grants: { table: 'readwrite', scheduler: true, mail: true, secrets: ['webhook'] },
  },
  queries: {
    description: 'Reads tickets, open tickets by state and the SLA report',
    trigger: 'http',
    grants: { table: 'read', scheduler: false, mail: false, secrets: ['webhook'] },
  },
  'sla-timer': {
    description: 'Target of the SLA schedules: warning, breach and automatic close',
    trigger: 'timer',
    grants: { table: 'readwrite', scheduler: true, mail: true, secrets: [] },
  },
  sweeper: {
    description: 'Catches warnings, breaches and closes whose timer was lost or late',
    trigger: 'rate',
    grants: { table: 'readwrite', scheduler: true, mail: true, secrets: [] },
  },
  // Deliveries authenticate with their connection's secrets (in the table); the admin secret reads their log.
  webhooks: {
    description: 'Applies Zendesk, Jira, GitHub and Freshdesk webhooks; lists a connection deliveries',
    trigger: 'http',
    grants: { table: 'readwrite', scheduler: true, mail: true, secrets: ['admin'] },
  },
  aggregator: {
    description: "Folds the table's stream into the SLA report's daily aggregates",
    trigger: 'stream',
    grants: { table: 'readwrite', scheduler: false, mail: false, secrets: [] },
  },
  board: {
    description: 'Draws the SLA board: custom widgets of the CloudWatch dashboard (at risk, breached, compliance)',
    trigger: 'widget',
    grants: { table: 'read', scheduler: false, mail: false, secrets: [] },
  },
};

export const functions: readonly FunctionSpec[] = functionNames.map((name) => ({
  name,
  entry: `functions/${name}/handler.ts`,
  routes: routes.filter((route) => route.function === name),
  timeoutSeconds: name === 'sweeper' ? 120 : name === 'queries' ? 29 : name === 'aggregator' ? 60 : 15,
  memoryMb: 512,
  ...describe[name],
}));
