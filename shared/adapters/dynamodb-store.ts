/**
 * Secondary adapter: use cases → TicketStore → DynamoDB (one table, DESIGN §7).
 *
 *   ACCOUNT#<supportId> / ACCOUNT          the account
 *   PARTNER#<partnerId> / PARTNER          a support partner and its contacts (the partner addresses we mail)
 *   CONNECTION#<connectionId> / CONNECTION  a connection (DESIGN §9), its secrets included
 *   TICKET#<ticketId>   / TICKET           the ticket (revision-guarded), with its index keys
 *   TICKET#<ticketId>   / EVENT#<revision>#<n>  its history in the order it was applied, in the ticket's transaction
 *   EXTERNAL#<supportId>#<externalId> / EXTERNAL   the sender's id → our ticket id (duplicate intake)
 *   REPLAY#<hash of the signature> / REPLAY   a signed write's first answer, for 600 s (TTL; shared/http/replays.ts)
 *   TICKET#<ticketId>   / AGG              the contribution (and revision) the aggregator last applied for it
 *   AGG#<YYYY-MM-DD>    / <program>#<severity>   the report's row of that UTC day (DESIGN §11)
 *   SWEEPER             / STATE            the sweeper's resume cursor and the tickets it is backing off
 */

import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Connection } from '../connections/connection.ts';
import { tableLayout } from '../observability/catalog.ts';
import {
  type Cell,
  type DeliveryKey,
  type DueEntry,
  type OpenListState,
  type Page,
  RevisionConflict,
  type SweepState,
  type TicketStore,
} from '../ports.ts';
import {
  type AggregateRow,
  applyDelta,
  COUNTERS,
  type Contribution,
  type Counter,
  contribution,
  contributionDelta,
  decodeHistogram,
  emptyRow,
  packedRow,
  packHistogram,
  type RowDelta,
  rowKey,
  unpackHistogram,
} from '../tickets/aggregates.ts';
import { pendingTimers } from '../tickets/decisions.ts';
import type { Account, HistoryEvent, Partner, Ticket } from '../tickets/ticket.ts';

const { byState, byDue, byOpened } = tableLayout.indexes;
const { shards } = tableLayout;
const ticketKey = (ticketId: string) => ({ pk: `TICKET#${ticketId}`, sk: 'TICKET' });
const contributionKey = (ticketId: string) => ({ pk: `TICKET#${ticketId}`, sk: 'AGG' });
const aggregateKey = (row: { day: string; program: string; severity: number }) => ({
  pk: `AGG#${row.day}`,
  sk: `${row.program}#${row.severity}`,
});
const SWEEP_KEY = { pk: 'SWEEPER', sk: 'STATE' };
/** A histogram bucket's attribute on an aggregate row of the older layout (one attribute a bucket): `m_<minutes>`. */
const LEGACY_BUCKET_PREFIX = 'm_';

/** The shard of a ticket in an index of `count` shards: FNV-1a of its id, so it never moves. */
export function shardOf(ticketId: string, count: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < ticketId.length; i++) {
    hash ^= ticketId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % count;
}

const range = (count: number) => Array.from({ length: count }, (_, i) => i);
const statePartition = (state: string, cell: Cell, shard: number) =>
  `STATE#${state}#${cell.program}#${cell.severity}#${shard}`;

/** The index keys a ticket is found by: each index is sparse, so a ticket leaves it when it no longer applies. */
export function indexKeys(ticket: Ticket): Record<string, string> {
  const keys: Record<string, string> = {
    [byOpened.partitionKey]: `OPENED#${ticket.openedAt.slice(0, 7)}#${shardOf(ticket.ticketId, shards.byOpened)}`,
    [byOpened.sortKey]: `${ticket.openedAt}#${ticket.ticketId}`,
  };
  const open = ticket.status !== 'closed';
  if (open && (ticket.sla.state === 'running' || ticket.sla.state === 'breached') && ticket.sla.deadline) {
    keys[byState.partitionKey] = statePartition(ticket.sla.state, ticket, shardOf(ticket.ticketId, shards.byState));
    keys[byState.sortKey] = `${ticket.sla.deadline}#${ticket.ticketId}`;
  }
  // Due work: the earliest timer, or now for an unsent e-mail, so the sweeper finds both.
  const due = [
    ...pendingTimers(ticket, 1).map((timer) => timer.at),
    ...ticket.outbox.map((mail) => mail.claimUntil ?? mail.createdAt),
  ].sort()[0];
  if (due !== undefined) {
    keys[byDue.partitionKey] = `DUE#${shardOf(ticket.ticketId, shards.byDue)}`;
    keys[byDue.sortKey] = `${due}#${ticket.ticketId}`;
  }
  return keys;
}

const INDEX_ATTRIBUTES = [byState, byDue, byOpened].flatMap((index) => [index.partitionKey, index.sortKey]);

/** A ticket from its stored item (a read, or a stream record's new image). */
export function ticketFromItem(item: Record<string, unknown>): Ticket {
  return toTicket(item);
}

function toTicket(item: Record<string, unknown>): Ticket {
  const { pk: _pk, sk: _sk, type: _type, ...rest } = item;
  for (const attribute of INDEX_ATTRIBUTES) delete rest[attribute];
  return rest as unknown as Ticket;
}

/** The ticket as stored: its attributes and its index keys. The seed writes the same shape. */
export function ticketItem(ticket: Ticket): Record<string, unknown> {
  return { pk: `TICKET#${ticket.ticketId}`, sk: 'TICKET', type: 'ticket', ...ticket, ...indexKeys(ticket) };
}

/** A history row keyed by the revision that wrote it: concurrent events read back in the order they won. */
export function eventItem(ticket: Ticket, event: HistoryEvent, index: number): Record<string, unknown> {
  const revision = String(ticket.revision).padStart(10, '0');
  return {
    pk: `TICKET#${ticket.ticketId}`,
    sk: `EVENT#${revision}#${String(index).padStart(3, '0')}`,
    type: 'event',
    event,
  };
}

/** The aggregator's memory of a ticket: what it last added to the rows, at which revision. */
export function contributionItem(ticketId: string, revision: number, value: Contribution): Record<string, unknown> {
  return { ...contributionKey(ticketId), type: 'contribution', revision, contribution: value };
}

/**
 * An aggregate row as stored: its counters, its whole histogram in one Binary attribute `hist` (packed, see
 * `packHistogram`: about 2 bytes a bucket) and a `version` that every write bumps, so writers read, modify
 * and write the row conditionally on the version they read. One attribute whatever the number of buckets
 * (the store and the SDK pay per attribute), and few bytes a bucket (read units pay per byte).
 */
export function aggregateItem(row: AggregateRow, version: number): Record<string, unknown> {
  return {
    ...aggregateKey(row),
    type: 'aggregate',
    day: row.day,
    program: row.program,
    severity: row.severity,
    ...row.counts,
    hist: packHistogram(row.buckets),
    version,
  };
}

/**
 * A row from its stored item, in any of its layouts: the packed Binary `hist`, the older text `histogram`
 * (`<bucket>:<count>` pairs), or the oldest `m_<minutes>` attributes (one per bucket). A row keeps one
 * layout (every write puts the whole row in the packed one), so adding them all is exact either way.
 */
export function toAggregateRow(item: Record<string, unknown>): AggregateRow {
  const counts = Object.fromEntries(COUNTERS.map((c) => [c, Number(item[c] ?? 0)])) as Record<Counter, number>;
  const key = { day: String(item.day), program: String(item.program), severity: Number(item.severity), counts };
  // The packed layout alone (every row written since): its histogram stays packed until its buckets are read.
  if (
    item.hist instanceof Uint8Array &&
    item.histogram === undefined &&
    !Object.keys(item).some((name) => name.startsWith(LEGACY_BUCKET_PREFIX))
  ) {
    return packedRow(key, item.hist);
  }
  const buckets = typeof item.histogram === 'string' ? decodeHistogram(item.histogram) : {};
  if (item.hist instanceof Uint8Array) {
    for (const [bucket, n] of Object.entries(unpackHistogram(item.hist))) buckets[bucket] = (buckets[bucket] ?? 0) + n;
  }
  for (const [name, value] of Object.entries(item)) {
    if (name.startsWith(LEGACY_BUCKET_PREFIX) && Number(value) !== 0) {
      const bucket = name.slice(LEGACY_BUCKET_PREFIX.length);
      buckets[bucket] = (buckets[bucket] ?? 0) + Number(value);
    }
  }
  return { day: String(item.day), program: String(item.program), severity: Number(item.severity), counts, buckets };
}

/** A row as read for a conditional write: its value (empty if absent) and the condition its write needs. */
interface RowRead {
  row: AggregateRow;
  /** undefined: no item; null: an item of the older layout, without a version. */
  version: number | undefined | null;
}

/** The whole row's conditional put: it succeeds only if nobody wrote the row since it was read. */
function rowPut(tableName: string, read: RowRead, next: AggregateRow) {
  const condition =
    read.version === undefined
      ? { ConditionExpression: 'attribute_not_exists(pk)' }
      : read.version === null
        ? {
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#version)',
            ExpressionAttributeNames: { '#version': 'version' },
          }
        : {
            ConditionExpression: '#version = :read',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':read': read.version },
          };
  return { TableName: tableName, Item: aggregateItem(next, (read.version ?? 0) + 1), ...condition };
}

/** Reads rows (strongly consistent) for a conditional write, absent ones as empty. */
async function readRows(
  documents: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly { day: string; program: string; severity: number }[],
): Promise<Map<string, RowRead>> {
  const reads = new Map<string, RowRead>();
  let pending: Record<string, unknown>[] | undefined = keys.map(aggregateKey);
  while (pending && pending.length > 0) {
    const response: BatchGetCommandOutput = await documents.send(
      new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }),
    );
    for (const item of response.Responses?.[tableName] ?? []) {
      const row = toAggregateRow(item);
      reads.set(rowKey(row), { row, version: item.version === undefined ? null : Number(item.version) });
    }
    pending = response.UnprocessedKeys?.[tableName]?.Keys;
  }
  for (const key of keys) {
    if (!reads.has(rowKey(key))) reads.set(rowKey(key), { row: emptyRow(key), version: undefined });
  }
  return reads;
}

/** A row's value after the deltas. */
function withDeltas(row: AggregateRow, deltas: readonly RowDelta[]): AggregateRow {
  const rows = new Map([[rowKey(row), structuredClone(row)]]);
  for (const delta of deltas) if (rowKey(delta) === rowKey(row)) applyDelta(rows, delta);
  return rows.get(rowKey(row)) as AggregateRow;
}

/** Whether a conditional write lost to another writer (read again and decide again). */
const lostRace = (error: unknown) =>
  error instanceof ConditionalCheckFailedException ||
  (error instanceof TransactionCanceledException &&
    (error.CancellationReasons ?? []).some(
      (reason) => reason.Code === 'ConditionalCheckFailed' || reason.Code === 'TransactionConflict',
    ));

/** A short random pause before the next attempt, growing with it, so racing writers spread out. */
const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 5 * 2 ** attempt)));

const MAX_ROW_ATTEMPTS = 30;

/** Adds a delta to its row by read-modify-write (see updateAggregateRow). */
export function addToAggregateRow(documents: DynamoDBDocumentClient, tableName: string, delta: RowDelta) {
  return updateAggregateRow(documents, tableName, delta, (row) => withDeltas(row, [delta]));
}

/**
 * Read-modify-write of aggregate rows outside any ticket's transaction (the seed's and the rebuild's
 * writer): each row is read, changed by `change` and put back on condition that its version has not moved,
 * retried on a lost race, so concurrent writers (the aggregator, another seed) never lose an update.
 */
export async function updateAggregateRow(
  documents: DynamoDBDocumentClient,
  tableName: string,
  key: { day: string; program: string; severity: number },
  change: (row: AggregateRow) => AggregateRow,
): Promise<void> {
  for (let attempt = 1; attempt <= MAX_ROW_ATTEMPTS; attempt++) {
    const read = (await readRows(documents, tableName, [key])).get(rowKey(key)) as RowRead;
    try {
      await documents.send(new PutCommand(rowPut(tableName, read, change(read.row))));
      return;
    } catch (error) {
      if (!lostRace(error)) throw error;
      await backoff(attempt);
    }
  }
  throw new Error(`aggregate row ${rowKey(key)} changing too fast to update`);
}

/** One partition's side of a k-way merge: what is buffered, and where its query goes on. */
interface MergeSource {
  input: Omit<QueryCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey'>;
  buffer: Record<string, unknown>[];
  next: Record<string, unknown> | undefined;
  done: boolean;
}

export interface StoreOptions {
  /**
   * The program × severity cells a ticket can be running in (targets of the policy): the open-ticket
   * index is keyed by them, so an unfiltered list merges these cells' shards.
   */
  cells: readonly Cell[];
}

export class DynamoDbStore implements TicketStore {
  private readonly documents: DynamoDBDocumentClient;
  /** Aggregate rows being written from this process: the records of one batch queue here, not race. */
  private readonly rowLocks = new Map<string, Promise<void>>();

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
    private readonly options: StoreOptions,
  ) {
    this.documents = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    });
  }

  async getAccount(supportId: string): Promise<Account | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: `ACCOUNT#${supportId}`, sk: 'ACCOUNT' },
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    const { pk: _pk, sk: _sk, type: _type, ...account } = Item;
    return account as Account;
  }

  async putAccount(account: Account): Promise<void> {
    await this.documents.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: `ACCOUNT#${account.supportId}`, sk: 'ACCOUNT', type: 'account', ...account },
      }),
    );
  }

  async getPartner(partnerId: string): Promise<Partner | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: `PARTNER#${partnerId}`, sk: 'PARTNER' },
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    const { pk: _pk, sk: _sk, type: _type, ...partner } = Item;
    return partner as Partner;
  }

  async putPartner(partner: Partner): Promise<void> {
    await this.documents.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: `PARTNER#${partner.partnerId}`, sk: 'PARTNER', type: 'partner', ...partner },
      }),
    );
  }

  async getConnection(connectionId: string): Promise<Connection | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: `CONNECTION#${connectionId}`, sk: 'CONNECTION' },
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    const { pk: _pk, sk: _sk, type: _type, ...connection } = Item;
    return connection as Connection;
  }

  async putConnection(connection: Connection): Promise<void> {
    await this.documents.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: `CONNECTION#${connection.connectionId}`, sk: 'CONNECTION', type: 'connection', ...connection },
      }),
    );
  }

  async getTicket(ticketId: string): Promise<Ticket | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: ticketKey(ticketId), ConsistentRead: true }),
    );
    return Item ? toTicket(Item) : undefined;
  }

  async findTicketIdByExternalId(supportId: string, externalId: string): Promise<string | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: `EXTERNAL#${supportId}#${externalId}`, sk: 'EXTERNAL' },
        ConsistentRead: true,
      }),
    );
    return typeof Item?.ticketId === 'string' ? Item.ticketId : undefined;
  }

  async getHistory(ticketId: string): Promise<HistoryEvent[]> {
    const events: HistoryEvent[] = [];
    for await (const page of paginateQuery(
      { client: this.documents },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :event)',
        ExpressionAttributeValues: { ':pk': `TICKET#${ticketId}`, ':event': 'EVENT#' },
        ConsistentRead: true,
      },
    )) {
      for (const item of page.Items ?? []) events.push(item.event as HistoryEvent);
    }
    return events;
  }

  private ticketPut(ticket: Ticket) {
    return ticketItem(ticket);
  }

  private eventPuts(ticket: Ticket, events: HistoryEvent[]) {
    return events.map((event, index) => ({
      Put: { TableName: this.tableName, Item: eventItem(ticket, event, index) },
    }));
  }

  async createTicket(ticket: Ticket, events: HistoryEvent[], delivery?: DeliveryKey) {
    const external = delivery
      ? { pk: `EXTERNAL#${ticket.supportId}#${delivery.externalId}`, sk: 'EXTERNAL' }
      : undefined;
    try {
      await this.documents.send(
        new TransactWriteCommand({
          TransactItems: [
            ...(external
              ? [
                  {
                    Put: {
                      TableName: this.tableName,
                      Item: { ...external, type: 'delivery', ticketId: ticket.ticketId },
                      ConditionExpression: 'attribute_not_exists(pk)',
                    },
                  },
                ]
              : []),
            {
              Put: {
                TableName: this.tableName,
                Item: this.ticketPut(ticket),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...this.eventPuts(ticket, events),
          ],
        }),
      );
      return { created: true as const };
    } catch (error) {
      if (
        external &&
        error instanceof TransactionCanceledException &&
        error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
      ) {
        const { Item } = await this.documents.send(
          new GetCommand({
            TableName: this.tableName,
            Key: { pk: external.pk, sk: external.sk },
            ConsistentRead: true,
          }),
        );
        if (Item) return { created: false as const, ticketId: Item.ticketId as string };
      }
      throw error;
    }
  }

  async saveTicket(ticket: Ticket, expectedRevision: number, events: HistoryEvent[]): Promise<void> {
    const condition = {
      ConditionExpression: '#revision = :expected',
      ExpressionAttributeNames: { '#revision': 'revision' },
      ExpressionAttributeValues: { ':expected': expectedRevision },
    };
    try {
      if (events.length === 0) {
        await this.documents.send(
          new PutCommand({ TableName: this.tableName, Item: this.ticketPut(ticket), ...condition }),
        );
      } else {
        await this.documents.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: this.tableName, Item: this.ticketPut(ticket), ...condition } },
              ...this.eventPuts(ticket, events),
            ],
          }),
        );
      }
    } catch (error) {
      if (
        error instanceof ConditionalCheckFailedException ||
        (error instanceof TransactionCanceledException &&
          error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed')
      ) {
        throw new RevisionConflict(`ticket ${ticket.ticketId} changed since revision ${expectedRevision}`);
      }
      throw error;
    }
  }

  private async queryAll(input: Omit<QueryCommandInput, 'TableName'>, limit = Number.POSITIVE_INFINITY) {
    const items: Record<string, unknown>[] = [];
    for await (const page of paginateQuery({ client: this.documents }, { TableName: this.tableName, ...input })) {
      items.push(...(page.Items ?? []));
      if (items.length >= limit) break;
    }
    return items.slice(0, limit);
  }

  /**
   * A k-way merge of index partitions in sort-key order: each partition is read lazily in small pages, and
   * only the partition whose head is smallest is read on, so a page of `limit` costs about `limit` items
   * plus one small page per partition, however large the partitions are.
   */
  private async merge(inputs: MergeSource['input'][], sortKey: string, limit: number, chunk: number) {
    const sources: MergeSource[] = inputs.map((input) => ({ input, buffer: [], next: undefined, done: false }));
    const sortKeyOf = (source: MergeSource) => String(source.buffer[0]?.[sortKey] ?? '');
    const fill = (source: MergeSource) =>
      this.documents
        .send(
          new QueryCommand({
            TableName: this.tableName,
            ...source.input,
            Limit: chunk,
            ...(source.next ? { ExclusiveStartKey: source.next } : {}),
          }),
        )
        .then((page) => {
          source.buffer.push(...(page.Items ?? []));
          source.next = page.LastEvaluatedKey;
          source.done = page.LastEvaluatedKey === undefined;
        });
    const items: Record<string, unknown>[] = [];
    // One item past the page tells whether there is a next page, so the last page says so.
    while (items.length <= limit) {
      const empty = sources.filter((source) => source.buffer.length === 0 && !source.done);
      if (empty.length > 0) {
        await Promise.all(empty.map(fill));
        continue;
      }
      let best: MergeSource | undefined;
      for (const source of sources) {
        if (source.buffer.length > 0 && (!best || sortKeyOf(source) < sortKeyOf(best))) best = source;
      }
      if (!best) break;
      items.push(best.buffer.shift() as Record<string, unknown>);
    }
    return { items: items.slice(0, limit), more: items.length > limit };
  }

  private cellsFor(filter: { program?: string; severity?: number }): Cell[] {
    return this.options.cells.filter(
      (cell) =>
        (filter.program === undefined || cell.program === filter.program) &&
        (filter.severity === undefined || cell.severity === filter.severity),
    );
  }

  /**
   * Open tickets by state, soonest deadline first (DESIGN §4), a page at a time: `after` is the sort key
   * (`<deadline>#<ticketId>`) of the last ticket of the previous page. A running clock past its deadline
   * is listed as breached even before its timer fires, so the lists never disagree with the clock.
   * Filters choose the cells' partitions to read, so a filtered page never reads other cells' tickets.
   */
  async listOpen(
    state: OpenListState,
    now: string,
    filter: { program?: string; severity?: number },
    page: { limit: number; after?: string | undefined },
  ): Promise<Page<Ticket>> {
    const after = page.after;
    const sk = byState.sortKey;
    const partitions = (partitionState: string) =>
      this.cellsFor(filter).flatMap((cell) =>
        range(shards.byState).map((shard) => statePartition(partitionState, cell, shard)),
      );
    const query = (partition: string, condition: string, values: Record<string, unknown>) => ({
      IndexName: 'byState',
      KeyConditionExpression: `${byState.partitionKey} = :p${condition}`,
      ExpressionAttributeValues: { ':p': partition, ...values },
    });
    let inputs: MergeSource['input'][];
    if (state === 'breached') {
      inputs = [
        ...partitions('breached').map((p) =>
          query(p, after ? ` AND ${sk} > :after` : '', after ? { ':after': after } : {}),
        ),
        // `<deadline>#<id>` never equals `now`, so the inclusive BETWEEN ends strictly before now.
        // (DynamoDB refuses a BETWEEN whose bounds are reversed: past `now` there is nothing to read.)
        ...(after && after >= now ? [] : partitions('running')).map((p) =>
          query(p, after ? ` AND ${sk} BETWEEN :after AND :now` : ` AND ${sk} < :now`, {
            ':now': now,
            ...(after ? { ':after': `${after}\u0000` } : {}),
          }),
        ),
      ];
    } else {
      const from = after && after >= now ? `${after}\u0000` : now;
      inputs = partitions('running').map((p) => ({
        ...query(p, ` AND ${sk} >= :from`, { ':from': from, ...(state === 'at_risk' ? { ':now': now } : {}) }),
        ...(state === 'at_risk'
          ? {
              FilterExpression: '#sla.#warnAt <= :now',
              ExpressionAttributeNames: { '#sla': 'sla', '#warnAt': 'warnAt' },
            }
          : {}),
      }));
    }
    const chunk = Math.min(page.limit + 1, Math.max(10, Math.ceil((page.limit + 1) / Math.max(1, inputs.length)) * 2));
    const { items, more } = await this.merge(inputs, sk, page.limit, chunk);
    const last = items.at(-1);
    return { items: items.map(toTicket), next: more && last ? String(last[sk]) : null };
  }

  /** Tickets with work due at or before `now`, in due order across the shards, after `after` (a due key). */
  async listDue(now: string, limit: number, resumeAfter?: string): Promise<DueEntry[]> {
    const sk = byDue.sortKey;
    // A position past `now` (the clock moved back) resumes from the start: BETWEEN must not be reversed.
    const after = resumeAfter !== undefined && resumeAfter < `${now}#\uffff` ? resumeAfter : undefined;
    const inputs = range(shards.byDue).map((shard) => ({
      IndexName: 'byDue',
      KeyConditionExpression: `${byDue.partitionKey} = :due AND ${sk} ${after ? 'BETWEEN :after AND :now' : '<= :now'}`,
      ExpressionAttributeValues: {
        ':due': `DUE#${shard}`,
        ':now': `${now}#\uffff`,
        ...(after ? { ':after': `${after}\u0000` } : {}),
      },
      ProjectionExpression: `ticketId, ${sk}`,
    }));
    const { items } = await this.merge(inputs, sk, limit, Math.min(limit, 100));
    return items.map((item) => ({ ticketId: item.ticketId as string, key: item[sk] as string }));
  }

  async listOpenedBetween(from: string, to: string): Promise<Ticket[]> {
    const tickets: Ticket[] = [];
    const queries = monthsBetween(from, to).flatMap((month) =>
      range(shards.byOpened).map((shard) =>
        this.queryAll({
          IndexName: 'byOpened',
          KeyConditionExpression: `${byOpened.partitionKey} = :month AND ${byOpened.sortKey} BETWEEN :from AND :to`,
          ExpressionAttributeValues: { ':month': `OPENED#${month}#${shard}`, ':from': from, ':to': `${to}` },
        }),
      ),
    );
    for (const items of await Promise.all(queries)) {
      tickets.push(...items.map(toTicket).filter((ticket) => ticket.openedAt >= from && ticket.openedAt < to));
    }
    return tickets.sort((a, b) => a.openedAt.localeCompare(b.openedAt) || a.ticketId.localeCompare(b.ticketId));
  }

  /** The report's rows of these UTC days: one query per day, whatever the number of tickets. */
  async readAggregates(days: readonly string[], consumed?: { units: number }): Promise<AggregateRow[]> {
    const pages = await Promise.all(
      days.map(async (day) => {
        const items: Record<string, unknown>[] = [];
        for await (const page of paginateQuery(
          { client: this.documents },
          {
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': `AGG#${day}` },
            ...(consumed ? { ReturnConsumedCapacity: 'TOTAL' as const } : {}),
          },
        )) {
          if (consumed) consumed.units += page.ConsumedCapacity?.CapacityUnits ?? 0;
          items.push(...(page.Items ?? []));
        }
        return items;
      }),
    );
    return pages.flat().map(toAggregateRow);
  }

  /**
   * Running tickets opened in [from, to) whose deadline has passed by `now` (their breach not written yet):
   * normally none, so these queries find nothing; the report counts them as breached.
   */
  async overdueRunning(now: string, from: string, to: string, consumed?: { units: number }): Promise<Cell[]> {
    const queries = this.options.cells.flatMap((cell) =>
      range(shards.byState).map(async (shard) => {
        const found: Cell[] = [];
        for await (const page of paginateQuery(
          { client: this.documents },
          {
            TableName: this.tableName,
            IndexName: 'byState',
            KeyConditionExpression: `${byState.partitionKey} = :p AND ${byState.sortKey} < :now`,
            FilterExpression: 'openedAt >= :from AND openedAt < :to',
            ProjectionExpression: 'program, severity',
            ExpressionAttributeValues: {
              ':p': statePartition('running', cell, shard),
              ':now': now,
              ':from': from,
              ':to': to,
            },
            ...(consumed ? { ReturnConsumedCapacity: 'TOTAL' as const } : {}),
          },
        )) {
          if (consumed) consumed.units += page.ConsumedCapacity?.CapacityUnits ?? 0;
          for (const item of page.Items ?? [])
            found.push({ program: String(item.program), severity: Number(item.severity) });
        }
        return found;
      }),
    );
    return (await Promise.all(queries)).flat();
  }

  /**
   * Folds a ticket's revision into the aggregates, once: a revision at or below the one already applied
   * (a redelivered or out-of-order record) changes nothing; a newer one replaces the previous contribution
   * by the new one in its rows, in one transaction that also records the new revision. Each row is put
   * whole (its histogram is one attribute) on condition that its version is the one read, and the
   * contribution on condition that its revision is: a concurrent writer of either makes the transaction
   * fail, and the ticket is read and decided again.
   */
  async applyToAggregates(ticket: Ticket): Promise<'applied' | 'stale'> {
    for (let attempt = 1; attempt <= MAX_ROW_ATTEMPTS; attempt++) {
      const { Item } = await this.documents.send(
        new GetCommand({ TableName: this.tableName, Key: contributionKey(ticket.ticketId), ConsistentRead: true }),
      );
      const appliedRevision = Item ? Number(Item.revision) : 0;
      if (appliedRevision >= ticket.revision) return 'stale';
      const before = Item ? (Item.contribution as Contribution) : null;
      const after = contribution(ticket);
      const deltas = contributionDelta(before, after);
      try {
        await this.withRowsLocked(deltas.map(rowKey), async () => {
          const rows = await readRows(this.documents, this.tableName, deltas);
          await this.documents.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Put: {
                    TableName: this.tableName,
                    Item: contributionItem(ticket.ticketId, ticket.revision, after),
                    ConditionExpression: Item ? '#revision = :applied' : 'attribute_not_exists(pk)',
                    ...(Item
                      ? {
                          ExpressionAttributeNames: { '#revision': 'revision' },
                          ExpressionAttributeValues: { ':applied': appliedRevision },
                        }
                      : {}),
                  },
                },
                ...[...rows.values()].map((read) => ({
                  Put: rowPut(this.tableName, read, withDeltas(read.row, deltas)),
                })),
              ],
            }),
          );
        });
        return 'applied';
      } catch (error) {
        // Another delivery of this ticket, or another writer of one of its rows, won the race.
        if (!lostRace(error)) throw error;
        await backoff(attempt);
      }
    }
    throw new Error(`ticket ${ticket.ticketId}: aggregates changing too fast to update`);
  }

  /**
   * Runs `work` once no other call of this store holds any of these rows: writers in one process queue
   * instead of failing each other's conditions (those still guard against other processes). Locks are
   * taken all at once, so two callers never wait on each other.
   */
  private async withRowsLocked<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
    const unique = [...new Set(keys)];
    const previous = unique.map((key) => this.rowLocks.get(key));
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    for (const key of unique) this.rowLocks.set(key, held);
    await Promise.all(previous);
    try {
      return await work();
    } finally {
      release();
      for (const key of unique) if (this.rowLocks.get(key) === held) this.rowLocks.delete(key);
    }
  }

  /** The revision applied to the aggregates per ticket (100 per read), so a batch skips what is already counted. */
  async appliedRevisions(ticketIds: readonly string[]): Promise<Map<string, number>> {
    const applied = new Map<string, number>();
    const unique = [...new Set(ticketIds)];
    for (let i = 0; i < unique.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = unique.slice(i, i + 100).map(contributionKey);
      while (keys && keys.length > 0) {
        const response: BatchGetCommandOutput = await this.documents.send(
          new BatchGetCommand({
            RequestItems: {
              [this.tableName]: { Keys: keys, ProjectionExpression: 'pk, revision', ConsistentRead: true },
            },
          }),
        );
        for (const item of response.Responses?.[this.tableName] ?? []) {
          applied.set(String(item.pk).slice('TICKET#'.length), Number(item.revision));
        }
        keys = response.UnprocessedKeys?.[this.tableName]?.Keys;
      }
    }
    return applied;
  }

  async getSweepState(): Promise<SweepState> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: SWEEP_KEY, ConsistentRead: true }),
    );
    return {
      after: (Item?.after as string | undefined) ?? null,
      failing: (Item?.failing as SweepState['failing']) ?? {},
    };
  }

  async putSweepState(state: SweepState): Promise<void> {
    await this.documents.send(
      new PutCommand({ TableName: this.tableName, Item: { ...SWEEP_KEY, type: 'sweeper', ...state } }),
    );
  }

  /** Adds deltas to aggregate rows outside any ticket's transaction (read-modify-write, see updateAggregateRow). */
  async addToAggregates(deltas: readonly RowDelta[]): Promise<void> {
    for (const delta of deltas) {
      await this.withRowsLocked([rowKey(delta)], () => addToAggregateRow(this.documents, this.tableName, delta));
    }
  }
}

/** The `YYYY-MM` buckets that [from, to) touches. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  const cursor = new Date(`${from.slice(0, 7)}-01T00:00:00Z`);
  while (cursor.toISOString() < to) {
    months.push(cursor.toISOString().slice(0, 7));
    cursor.setUTCMonth(cursor.getUTCMonth() + 1);
  }
  return months;
}
