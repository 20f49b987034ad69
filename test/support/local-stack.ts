/**
 * The local stack for tests: one per test file, in memory, on ephemeral ports, with helpers to sign
 * requests (DESIGN §4) and to read the whole table for before/after comparisons.
 */
import { type AttributeValue, DynamoDBClient, paginateScan } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { LOCAL_REGION } from '../../local/invoker.ts';
import { signatureHeaders, unixSeconds } from '../../local/sign.ts';
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../../local/stack.ts';
import { localSecretOf } from '../../shared/http/routes.ts';
import { tableLayout } from '../../shared/observability/catalog.ts';
import type { Clock } from '../../shared/time/clock.ts';

export interface UseLocalStackOptions {
  /** The scheduler emulator's clock, e.g. `manualClock('2026-03-02T09:00:00Z')`. */
  clock?: Clock;
  /** Real-time polling of the emulator; defaults to 0 with a given clock (the test calls `fire()`), else 250 ms. */
  schedulerPollMs?: number;
  secrets?: LocalStackOptions['secrets'];
  env?: Record<string, string>;
}

export interface LocalStackHandle {
  /** The running stack; throws outside the tests of the file that started it. */
  readonly stack: LocalStack;
  /** Fires every schedule due at the stack's clock and resolves to the number of invocations. */
  fire(): Promise<number>;
}

/** Starts the stack before the file's tests and stops it after them. */
export function useLocalStack(options: UseLocalStackOptions = {}): LocalStackHandle {
  let current: LocalStack | undefined;
  beforeAll(async () => {
    current = await startLocalStack({
      inMemory: true,
      ports: { api: 0, dynamodb: 0, ses: 0, scheduler: 0, board: 0 },
      ...(options.clock ? { clock: options.clock } : {}),
      schedulerPollMs: options.schedulerPollMs ?? (options.clock ? 0 : 250),
      ...(options.secrets ? { secrets: options.secrets } : {}),
      // Handler logs (expected errors in fault tests included) would drown the report; set POWERTOOLS_LOG_LEVEL to see them.
      env: { POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'CRITICAL', ...options.env },
    });
  });
  afterAll(async () => {
    if (!current) return;
    clients.get(current)?.destroy();
    clients.delete(current);
    await current.stop();
  });
  const handle: LocalStackHandle = {
    get stack() {
      if (!current) throw new Error('the local stack is not running: use it inside the tests of this file');
      return current;
    },
    fire: () => handle.stack.emulator.runDue(),
  };
  return handle;
}

export interface SignOptions {
  /** Defaults to the route's secret in the route table: admin for the admin API, else webhook. */
  secret?: string;
  /** Signs as this registered native connection (`X-Sla-Connection`); give its `secret` too. */
  connection?: string;
  /** Unix seconds; defaults to the stack's clock, which the handlers check the timestamp against. */
  timestamp?: number;
  headers?: Record<string, string>;
}

export interface SignedResponse<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: T;
}

/** Sends a request signed as a ticket system would; an object body is sent as JSON. */
export async function signedFetch<T = unknown>(
  stack: Pick<LocalStack, 'urls' | 'secrets' | 'clock'>,
  method: string,
  path: string,
  body?: unknown,
  options: SignOptions = {},
): Promise<SignedResponse<T>> {
  const raw =
    body === undefined ? '' : typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
  const secret = options.secret ?? localSecretOf(stack.secrets, method, path);
  const timestamp = options.timestamp ?? unixSeconds(stack.clock());
  // Signs the path and query as fetch will send them (WHATWG URL percent-encodes `'` in a query, drops dot segments).
  const url = new URL(`${stack.urls.api}${path}`);
  const response = await fetch(url, {
    method,
    headers: {
      'Content-Type': 'application/json',
      ...signatureHeaders(secret, method, `${url.pathname}${url.search}`, raw, timestamp, options.connection),
      ...options.headers,
    },
    ...(raw === '' ? {} : { body: raw }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json: json as T };
}

const clients = new Map<LocalStack, DynamoDBClient>();

/** A DynamoDB client for the stack's table, destroyed with the stack. */
export function dynamoDbClient(stack: LocalStack): DynamoDBClient {
  let client = clients.get(stack);
  if (!client) {
    client = new DynamoDBClient({
      endpoint: stack.urls.dynamodb,
      region: LOCAL_REGION,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    clients.set(stack, client);
  }
  return client;
}

export type TableItem = Record<string, AttributeValue>;

const keyOf = (item: TableItem) =>
  JSON.stringify([item[tableLayout.partitionKey]?.S ?? '', item[tableLayout.sortKey]?.S ?? '']);

/** Every item of the table, raw attribute values with sorted names, ordered by key: stable for toEqual. */
export async function scanTable(stack: LocalStack): Promise<TableItem[]> {
  // The aggregator writes after the stream delivers a ticket's write: let it finish, so a before/after
  // comparison sees only what the request under test wrote.
  await stack.drainStreams();
  const items: TableItem[] = [];
  for await (const page of paginateScan(
    { client: dynamoDbClient(stack) },
    { TableName: stack.tableName, ConsistentRead: true },
  )) {
    for (const item of page.Items ?? []) {
      items.push(Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b))));
    }
  }
  return items.sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
}
