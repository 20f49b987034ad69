/**
 * The names the functions emit and the dashboard reads (DESIGN §1): one definition, so the
 * CloudWatch dashboard and the code cannot drift. No AWS imports: CDK and tests read it too.
 */
export const SERVICE_NAME = 'support-sla-monitor';
export const METRICS_NAMESPACE = 'SupportSlaMonitor';

/** Every custom metric, with the dimensions it is emitted with (besides Powertools' `service`). */
export const metrics = {
  ticketsOpened: { name: 'TicketsOpened', unit: 'Count', dimensions: ['Program', 'Severity'] },
  firstResponseMinutes: { name: 'FirstResponseMinutes', unit: 'Count', dimensions: ['Program'] },
  slaMet: { name: 'SlaMet', unit: 'Count', dimensions: ['Program'] },
  slaBreached: { name: 'SlaBreached', unit: 'Count', dimensions: ['Program'] },
  warningsSent: { name: 'WarningsSent', unit: 'Count', dimensions: [] },
  breachAlertsSent: { name: 'BreachAlertsSent', unit: 'Count', dimensions: [] },
  timerNoOps: { name: 'TimerNoOps', unit: 'Count', dimensions: [] },
  sweeperFoundWork: { name: 'SweeperFoundWork', unit: 'Count', dimensions: [] },
  mailSendFailures: { name: 'MailSendFailures', unit: 'Count', dimensions: [] },
  /** A ticket the sweeper failed on; it backs off instead of taking a slot in every run. */
  sweeperTicketFailures: { name: 'SweeperTicketFailures', unit: 'Count', dimensions: [] },
  /** Tickets that failed in several sweeps in a row: the alarm's signal that one is poisoned. */
  sweeperPoisonedTickets: { name: 'SweeperPoisonedTickets', unit: 'Count', dimensions: [] },
  /** Stream records the aggregator folded into the report's rows. */
  aggregatedRecords: { name: 'AggregatedRecords', unit: 'Count', dimensions: [] },
} as const;

export type MetricKey = keyof typeof metrics;

/**
 * DynamoDB layout (DESIGN §7, §11): one table, three sparse indexes, one TTL attribute. No index partition
 * is a constant every ticket writes: each key ends in a shard derived from the ticket id (`#<n>`), and the
 * reader merges the shards in sort-key order. The open-ticket index also carries program and severity in its
 * key, so a filtered list reads only its own cells.
 */
export const tableLayout = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
  indexes: {
    /** Open tickets by SLA state, soonest deadline first: `GET /tickets?state=`. */
    byState: { partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    /** Tickets with work due (warning, breach, automatic close, unsent e-mail): the sweeper. */
    byDue: { partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    /** Tickets by month opened, then instant: `GET /reports/sla`. */
    byOpened: { partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
  },
  /** Shards per index partition: `STATE#<state>#<program>#<severity>#<n>`, `DUE#<n>`, `OPENED#<YYYY-MM>#<n>`. */
  shards: { byState: 2, byDue: 8, byOpened: 8 },
  /** The table's stream (NEW_IMAGE) feeds the aggregator; only ticket items (sk = TICKET) matter to it. */
  streamView: 'NEW_IMAGE',
} as const;
