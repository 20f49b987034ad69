/**
 * The whole service on one machine (DESIGN §8): DynamoDB Local, the SES v2 server, the scheduler emulator
 * and the API server, with the handlers configured by environment exactly as in AWS, only the endpoints differ.
 */
import { join, resolve } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  type GlobalSecondaryIndexDescription,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CreateScheduleCommand,
  CreateScheduleGroupCommand,
  GetScheduleCommand,
  GetScheduleGroupCommand,
  SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { readConfig } from '../shared/config.ts';
import { METRICS_NAMESPACE, SERVICE_NAME, tableLayout } from '../shared/observability/catalog.ts';
import { type Clock, systemClock, useClock } from '../shared/time/clock.ts';
import { type ApiServer, startApiServer } from './api-server.ts';
import { type BoardServer, startBoardServer } from './board-server.ts';
import { createInvoker, functionArn, type Invoker, type InvokerOptions, LOCAL_REGION } from './invoker.ts';
import { captureEmf, LocalMetrics } from './metrics.ts';
import { type SchedulerEmulator, startSchedulerEmulator } from './scheduler-emulator/index.ts';
import { type DynamoDbLocal, startDynamoDbLocal } from './services/dynamodb-local.ts';
import { assertPortFree, freePort } from './services/ports.ts';
import { type SentMail, type SesLocal, startSesLocal } from './services/ses-local.ts';
import {
  DEFAULT_PORTS,
  DEFAULT_SECRETS,
  type LocalStackPorts,
  type LocalStackSecrets,
  PORT_VARIABLES,
  type ServiceName,
  serviceNames,
} from './settings.ts';
import { startStreamPoller } from './stream-poller.ts';

/** The rate schedule that runs the sweeper (DESIGN §5); outside the timers' group so listing timers never shows it. */
export const SWEEPER_SCHEDULE = { name: 'sla-sweeper', group: 'default', expression: 'rate(1 minute)' } as const;

const HOST = '127.0.0.1';

export interface LocalStackOptions {
  /** Keep nothing on disk; otherwise DynamoDB data and the schedules persist under `dataDir`. */
  inMemory: boolean;
  dataDir?: string;
  /** 0 picks a free port, for tests. */
  ports?: Partial<LocalStackPorts>;
  secrets?: Partial<LocalStackSecrets>;
  /** The clock of the handlers and of the scheduler emulator together, so a test can move time. */
  clock?: Clock;
  /** How often, in real time, the emulator looks for due schedules; 0 leaves firing to `emulator.runDue()`. */
  schedulerPollMs?: number;
  /** How often, in real time, the table's stream is read for the aggregator; 0 leaves it to `drainStreams()`. */
  streamPollMs?: number;
  /** More environment for the handlers, applied last (e.g. `POWERTOOLS_LOG_LEVEL`). */
  env?: Record<string, string>;
  /** Where handlers come from; defaults to the function list's modules. */
  resolveHandler?: InvokerOptions['resolve'];
}

export interface LocalStack {
  urls: { api: string; dynamodb: string; ses: string; sesWeb: string; scheduler: string; board: string };
  ports: LocalStackPorts;
  secrets: LocalStackSecrets;
  /** The environment the handlers run with, also useful for a child process that should reach this stack. */
  env: Record<string, string>;
  clock: Clock;
  tableName: string;
  scheduleGroup: string;
  invoker: Invoker;
  emulator: SchedulerEmulator;
  /**
   * Resolves once the aggregator has seen every write made so far (DESIGN §11): the report lags the
   * tickets by one stream poll, so a test that reads `GET /reports/sla` right after a write awaits this.
   */
  drainStreams(): Promise<void>;
  /** Stream records the aggregator failed on `maxAttempts` times (the DLQ of the event source mapping). */
  streamDeadLetters(): { record: unknown; error: string }[];
  /** What the functions emitted as Embedded Metric Format, which the local board draws. */
  metrics: LocalMetrics;
  sentMail(): Promise<SentMail[]>;
  clearMail(): Promise<void>;
  /** Stops every service; safe to call more than once. */
  stop(): Promise<void>;
}

const endpoint = (port: number) => `http://${HOST}:${port}`;
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

// process.env is one per process, and the handlers read it once when first imported.
let running = false;
let handlersLoadedFor: string | undefined;

async function resolvePorts(requested: Partial<LocalStackPorts>): Promise<LocalStackPorts> {
  const ports = { ...DEFAULT_PORTS, ...requested };
  // Every taken port is reported before anything starts, naming the variable to change.
  for (const service of serviceNames) {
    if (ports[service] !== 0) await assertPortFree(ports[service], HOST, PORT_VARIABLES[service]);
  }
  // DynamoDB Local and the SES server need a concrete port, so "any" is chosen here for all of them.
  for (const service of serviceNames) {
    if (ports[service] === 0) ports[service] = await freePort(HOST);
  }
  return ports;
}

function handlerEnvironment(ports: LocalStackPorts, secrets: LocalStackSecrets, extra: Record<string, string>) {
  const defaults = readConfig({});
  // Observability settings the developer already chose are kept; everything that locates a service is forced.
  const unlessSet = (name: string, value: string) => ({ [name]: process.env[name] ?? value });
  return {
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    SLA_TABLE_NAME: defaults.SLA_TABLE_NAME,
    SLA_SCHEDULE_GROUP: defaults.SLA_SCHEDULE_GROUP,
    SLA_TIMER_TARGET_ARN: functionArn('sla-timer'),
    SLA_SCHEDULER_ROLE_ARN: defaults.SLA_SCHEDULER_ROLE_ARN,
    SLA_TIMER_DLQ_ARN: defaults.SLA_TIMER_DLQ_ARN,
    SLA_SCHEDULER_PRECISION_SECONDS: '1',
    SLA_WEBHOOK_SECRET: secrets.webhook,
    SLA_ADMIN_SECRET: secrets.admin,
    SLA_DYNAMODB_ENDPOINT: endpoint(ports.dynamodb),
    SLA_SES_ENDPOINT: endpoint(ports.ses),
    SLA_SCHEDULER_ENDPOINT: endpoint(ports.scheduler),
    ...unlessSet('POWERTOOLS_SERVICE_NAME', SERVICE_NAME),
    ...unlessSet('POWERTOOLS_METRICS_NAMESPACE', METRICS_NAMESPACE),
    // Metrics are on: their EMF lines are captured for the local board instead of being printed.
    ...unlessSet('POWERTOOLS_METRICS_DISABLED', 'false'),
    ...unlessSet('POWERTOOLS_TRACE_ENABLED', 'false'),
    ...extra,
  };
}

/** A port taken between the up-front check and the listen still gets the message naming its variable. */
async function namingPort<T>(starting: Promise<T>, port: number, service: ServiceName): Promise<T> {
  try {
    return await starting;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    throw new Error(`port ${port} is already in use: set ${PORT_VARIABLES[service]} to a free port`, { cause: error });
  }
}

const isNotFound = (error: unknown) => (error as { name?: string } | undefined)?.name === 'ResourceNotFoundException';
const isConflict = (error: unknown) => {
  const name = (error as { name?: string } | undefined)?.name;
  return name === 'ConflictException' || name === 'ResourceInUseException';
};

/** Creates the table of `tableLayout` when absent, adds any index it lacks, and turns on TTL. */
async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const indexes = Object.entries(tableLayout.indexes).map(([indexName, keys]) => ({
    IndexName: indexName,
    KeySchema: [
      { AttributeName: keys.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: keys.sortKey, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: 'ALL' as const },
  }));
  const attributes = [
    tableLayout.partitionKey,
    tableLayout.sortKey,
    ...Object.values(tableLayout.indexes).flatMap((keys) => [keys.partitionKey, keys.sortKey]),
  ].map((name) => ({ AttributeName: name, AttributeType: 'S' as const }));

  let existing: GlobalSecondaryIndexDescription[] | undefined;
  let streaming = false;
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    existing = Table?.GlobalSecondaryIndexes ?? [];
    streaming = Table?.StreamSpecification?.StreamEnabled === true;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  if (existing === undefined) {
    try {
      await client.send(
        new CreateTableCommand({
          TableName: tableName,
          AttributeDefinitions: attributes,
          KeySchema: [
            { AttributeName: tableLayout.partitionKey, KeyType: 'HASH' },
            { AttributeName: tableLayout.sortKey, KeyType: 'RANGE' },
          ],
          GlobalSecondaryIndexes: indexes,
          BillingMode: 'PAY_PER_REQUEST',
          StreamSpecification: { StreamEnabled: true, StreamViewType: tableLayout.streamView },
        }),
      );
    } catch (error) {
      if (!isConflict(error)) throw error;
    }
  } else {
    // A table kept under .local/ from an older layout gets the new indexes; DynamoDB adds one per update.
    for (const index of indexes.filter((wanted) => !existing.some((have) => have.IndexName === wanted.IndexName))) {
      await client.send(
        new UpdateTableCommand({
          TableName: tableName,
          AttributeDefinitions: attributes.filter((attribute) =>
            index.KeySchema.some((key) => key.AttributeName === attribute.AttributeName),
          ),
          GlobalSecondaryIndexUpdates: [{ Create: index }],
        }),
      );
    }
    // A table kept from before the aggregates gets its stream (DESIGN §11).
    if (!streaming) {
      await client.send(
        new UpdateTableCommand({
          TableName: tableName,
          StreamSpecification: { StreamEnabled: true, StreamViewType: tableLayout.streamView },
        }),
      );
    }
  }
  const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  const status = ttl.TimeToLiveDescription?.TimeToLiveStatus;
  if (status !== 'ENABLED' && status !== 'ENABLING') {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: tableLayout.ttlAttribute, Enabled: true },
      }),
    );
  }
}

/** Creates the timers' schedule group and the sweeper's rate schedule when absent. */
async function ensureSchedules(client: SchedulerClient, group: string, roleArn: string): Promise<void> {
  try {
    await client.send(new GetScheduleGroupCommand({ Name: group }));
  } catch (error) {
    if (!isNotFound(error)) throw error;
    try {
      await client.send(new CreateScheduleGroupCommand({ Name: group }));
    } catch (createError) {
      if (!isConflict(createError)) throw createError;
    }
  }
  try {
    await client.send(new GetScheduleCommand({ Name: SWEEPER_SCHEDULE.name, GroupName: SWEEPER_SCHEDULE.group }));
  } catch (error) {
    if (!isNotFound(error)) throw error;
    try {
      await client.send(
        new CreateScheduleCommand({
          Name: SWEEPER_SCHEDULE.name,
          GroupName: SWEEPER_SCHEDULE.group,
          Description: 'Catches SLA warnings, breaches and closes whose timer was lost or late',
          ScheduleExpression: SWEEPER_SCHEDULE.expression,
          FlexibleTimeWindow: { Mode: 'OFF' },
          State: 'ENABLED',
          // A failed sweep is not retried: the next one a minute later does the same work.
          Target: {
            Arn: functionArn('sweeper'),
            RoleArn: roleArn,
            Input: '{}',
            RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 },
          },
        }),
      );
    } catch (createError) {
      if (!isConflict(createError)) throw createError;
    }
  }
}

/** Runs `stops` in order, then throws the first failure, so one broken service does not keep the others running. */
async function stopAll(stops: (() => Promise<void>)[]): Promise<void> {
  const failures: unknown[] = [];
  for (const stop of stops) {
    try {
      await stop();
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) throw failures[0];
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  if (running) throw new Error('a local stack is already running in this process: the handlers share one environment');
  running = true;
  const stops: (() => Promise<void>)[] = [];
  try {
    const stack = await start(options, stops);
    return stack;
  } catch (error) {
    await stopAll(stops.reverse()).catch(() => {});
    running = false;
    throw error;
  }
}

async function start(options: LocalStackOptions, stops: (() => Promise<void>)[]): Promise<LocalStack> {
  const ports = await resolvePorts(options.ports ?? {});
  const secrets = { ...DEFAULT_SECRETS, ...options.secrets };
  const clock = options.clock ?? systemClock;
  const dataDir = resolve(options.dataDir ?? '.local');

  // Set before anything can fire a handler: a persisted schedule may be due the moment the emulator starts.
  const env = handlerEnvironment(ports, secrets, options.env ?? {});
  const envKey = JSON.stringify(env);
  if (!options.resolveHandler && handlersLoadedFor !== undefined && handlersLoadedFor !== envKey) {
    throw new Error(
      'the handlers were already imported in this process for another local stack and keep its settings; ' +
        'start one stack per process (vitest runs each test file in its own module graph)',
    );
  }
  Object.assign(process.env, env);
  // The handlers' "now" and the emulator's must be one clock, or a timer would fire at the wrong moment.
  useClock(clock);
  stops.push(async () => useClock(systemClock));
  const metrics = new LocalMetrics(clock);
  const releaseOutput = captureEmf(metrics);
  stops.push(async () => releaseOutput());

  const invoker = createInvoker(options.resolveHandler ? { resolve: options.resolveHandler } : {});
  if (!options.resolveHandler) handlersLoadedFor = envKey;
  // Importing the handlers takes as long as the JVM takes to start, so the two overlap.
  const preloaded = invoker.preload();
  preloaded.catch(() => {});
  const started = await Promise.allSettled([
    startDynamoDbLocal({
      port: ports.dynamodb,
      host: HOST,
      inMemory: options.inMemory,
      dataDir: join(dataDir, 'dynamodb'),
      portVariable: PORT_VARIABLES.dynamodb,
    }),
    startSesLocal({ port: ports.ses, host: HOST, portVariable: PORT_VARIABLES.ses }),
    namingPort(
      startSchedulerEmulator({
        host: HOST,
        port: ports.scheduler,
        clock,
        ...(options.inMemory ? {} : { dataFile: join(dataDir, 'scheduler.json') }),
        invoke: async (targetArn, input) => {
          await invoker.invokeByArn(targetArn, input);
        },
        pollIntervalMs: options.schedulerPollMs ?? 250,
        precisionMs: 1000,
      }),
      ports.scheduler,
      'scheduler',
    ),
  ]);
  const [dynamoResult, sesResult, emulatorResult] = started;
  if (dynamoResult.status === 'fulfilled') stops.push(() => dynamoResult.value.stop());
  if (sesResult.status === 'fulfilled') stops.push(() => sesResult.value.stop());
  if (emulatorResult.status === 'fulfilled') stops.push(() => emulatorResult.value.close());
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  const dynamodb = (dynamoResult as PromiseFulfilledResult<DynamoDbLocal>).value;
  const ses = (sesResult as PromiseFulfilledResult<SesLocal>).value;
  const emulator = (emulatorResult as PromiseFulfilledResult<SchedulerEmulator>).value;

  const dynamoClient = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: LOCAL_REGION, credentials });
  const schedulerClient = new SchedulerClient({ endpoint: emulator.url, region: LOCAL_REGION, credentials });
  try {
    await Promise.all([
      ensureTable(dynamoClient, env.SLA_TABLE_NAME),
      ensureSchedules(schedulerClient, env.SLA_SCHEDULE_GROUP, env.SLA_SCHEDULER_ROLE_ARN),
      preloaded,
    ]);
  } finally {
    dynamoClient.destroy();
    schedulerClient.destroy();
  }

  const poller = await startStreamPoller({
    endpoint: dynamodb.endpoint,
    region: LOCAL_REGION,
    tableName: env.SLA_TABLE_NAME,
    pollMs: options.streamPollMs ?? 250,
    invoke: (event) => invoker.invoke('aggregator', event),
    onDeadLetter: (_record, error) =>
      console.error(`aggregator: a stream record went to the dead-letter list: ${error}`),
  });
  stops.push(() => poller.stop());

  const api: ApiServer = await namingPort(startApiServer({ port: ports.api, host: HOST, invoker }), ports.api, 'api');
  stops.push(() => api.close());
  const board: BoardServer = await namingPort(
    startBoardServer({ port: ports.board, host: HOST, invoker, metrics, clock }),
    ports.board,
    'board',
  );
  stops.push(() => board.close());

  let stopping: Promise<void> | undefined;
  return {
    urls: {
      api: api.url,
      dynamodb: dynamodb.endpoint,
      ses: ses.endpoint,
      sesWeb: `${ses.endpoint}/`,
      scheduler: emulator.url,
      board: board.url,
    },
    ports,
    secrets,
    env,
    clock,
    tableName: env.SLA_TABLE_NAME,
    scheduleGroup: env.SLA_SCHEDULE_GROUP,
    invoker,
    emulator,
    drainStreams: () => poller.drain(),
    streamDeadLetters: () => poller.deadLetters(),
    metrics,
    sentMail: () => ses.sentMail(),
    clearMail: () => ses.clear(),
    stop() {
      // The API goes first so no new work starts, the emulator next so firings in progress finish.
      stopping ??= stopAll([...stops].reverse()).finally(() => {
        running = false;
      });
      return stopping;
    },
  };
}
