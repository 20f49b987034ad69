/**
 * The local event source mapping (DESIGN §11): reads DynamoDB Local's stream of the table and invokes the
 * stream-triggered function with Lambda's event shape, as AWS would: batches of up to `batchSize` records
 * per shard in order, only ticket items (the mapping's filter), a partial-batch response retried from the
 * first failed record, and a record that still fails after `maxAttempts` goes to a dead-letter list
 * (the SQS on-failure destination in AWS) rather than blocking its shard.
 */

import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';

export interface StreamPollerOptions {
  endpoint: string;
  region: string;
  tableName: string;
  /** Invokes the function with `{ Records }`; resolves to its response (`batchItemFailures`), rejects on a function error. */
  invoke(event: { Records: unknown[] }): Promise<unknown>;
  /** Real-time interval between polls; 0 polls only on `drain()`. */
  pollMs: number;
  batchSize?: number;
  maxAttempts?: number;
  onDeadLetter?(record: unknown, error: string): void;
}

export interface StreamPoller {
  /** Resolves once every record written so far has been handed to the function (or dead-lettered). */
  drain(): Promise<void>;
  /** Records that failed `maxAttempts` times. */
  deadLetters(): { record: unknown; error: string }[];
  stop(): Promise<void>;
}

/** The mapping's filter (as in CDK): only ticket items carry a contribution. */
const isTicket = (record: StreamRecord) => record.dynamodb?.NewImage?.sk?.S === 'TICKET';

type Image = Record<string, unknown>;

/**
 * DynamoDB Local's stream (as the Streams client reads it) gives an empty map as `{}` rather than `{ M: {} }`,
 * which no unmarshaller accepts; Lambda's records carry `{ M: {} }`, so the image is repaired to that.
 */
function repairImage(image: Image): Image {
  const repair = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    const attribute = value as Record<string, unknown>;
    if (Object.keys(attribute).length === 0) return { M: {} };
    if (attribute.M && typeof attribute.M === 'object') return { M: repairImage(attribute.M as Image) };
    if (Array.isArray(attribute.L)) return { L: attribute.L.map(repair) };
    return attribute;
  };
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, repair(value)]));
}

export async function startStreamPoller(options: StreamPollerOptions): Promise<StreamPoller> {
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const dynamodb = new DynamoDBClient({ endpoint: options.endpoint, region: options.region, credentials });
  const streams = new DynamoDBStreamsClient({ endpoint: options.endpoint, region: options.region, credentials });
  const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: options.tableName }));
  dynamodb.destroy();
  const streamArn = Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`table ${options.tableName} has no stream: the aggregator cannot be fed`);
  const batchSize = options.batchSize ?? 100;
  const maxAttempts = options.maxAttempts ?? 3;
  const iterators = new Map<string, string | null>();
  const dead: { record: unknown; error: string }[] = [];

  // As Lambda delivers them: the record's times as epoch seconds, with its source and region.
  const lambdaRecord = (record: StreamRecord) => ({
    ...record,
    eventSourceARN: streamArn,
    awsRegion: options.region,
    dynamodb: {
      ...record.dynamodb,
      ...(record.dynamodb?.NewImage ? { NewImage: repairImage(record.dynamodb.NewImage) } : {}),
      ApproximateCreationDateTime:
        record.dynamodb?.ApproximateCreationDateTime instanceof Date
          ? Math.floor(record.dynamodb.ApproximateCreationDateTime.getTime() / 1000)
          : record.dynamodb?.ApproximateCreationDateTime,
    },
  });

  const deliver = async (batch: StreamRecord[]) => {
    let pending = batch;
    for (let attempt = 1; pending.length > 0; attempt++) {
      let failedFrom: number;
      let error = '';
      try {
        const response = (await options.invoke({ Records: pending.map(lambdaRecord) })) as {
          batchItemFailures?: { itemIdentifier: string }[];
        } | null;
        const failed = new Set(response?.batchItemFailures?.map((failure) => failure.itemIdentifier) ?? []);
        if (failed.size === 0) return;
        // Lambda resumes a stream from the lowest failed sequence number: the records after it come again.
        failedFrom = pending.findIndex((record) => failed.has(record.dynamodb?.SequenceNumber ?? ''));
        if (failedFrom < 0) return;
        error = 'reported in batchItemFailures';
      } catch (invokeError) {
        failedFrom = 0;
        error = String(invokeError);
      }
      pending = pending.slice(failedFrom);
      if (attempt >= maxAttempts) {
        // Bisect-free simplification: the first failing record goes to the DLQ, the rest are tried again.
        const [poisoned, ...rest] = pending;
        dead.push({ record: poisoned, error });
        options.onDeadLetter?.(poisoned, error);
        pending = rest;
        attempt = 0;
      }
    }
  };

  const refreshShards = async () => {
    let exclusiveStartShardId: string | undefined;
    do {
      const { StreamDescription } = await streams.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: exclusiveStartShardId }),
      );
      for (const shard of StreamDescription?.Shards ?? []) {
        if (!shard.ShardId || iterators.has(shard.ShardId)) continue;
        const { ShardIterator } = await streams.send(
          new GetShardIteratorCommand({
            StreamArn: streamArn,
            ShardId: shard.ShardId,
            ShardIteratorType: 'TRIM_HORIZON',
          }),
        );
        iterators.set(shard.ShardId, ShardIterator ?? null);
      }
      exclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
  };

  /** One pass over every shard; resolves to the number of records read. */
  const poll = async (): Promise<number> => {
    await refreshShards();
    let read = 0;
    for (const [shardId, iterator] of iterators) {
      let current = iterator;
      while (current) {
        const { Records, NextShardIterator } = await streams.send(
          new GetRecordsCommand({ ShardIterator: current, Limit: 1000 }),
        );
        const records = Records ?? [];
        read += records.length;
        const tickets = records.filter(isTicket);
        for (let i = 0; i < tickets.length; i += batchSize) await deliver(tickets.slice(i, i + batchSize));
        current = NextShardIterator ?? null;
        iterators.set(shardId, current);
        if (records.length === 0) break;
      }
    }
    return read;
  };

  // One pass at a time: a drain and the timer never read a shard twice over.
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = chain.then(work, work);
    chain = run.catch(() => {});
    return run;
  };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    if (stopped || options.pollMs <= 0) return;
    timer = setTimeout(() => {
      serial(poll)
        .catch((error: unknown) => console.error('aggregator stream poller:', error))
        .finally(schedule);
    }, options.pollMs);
  };
  schedule();

  return {
    drain: () =>
      serial(async () => {
        while ((await poll()) > 0) {}
      }),
    deadLetters: () => [...dead],
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await chain;
      streams.destroy();
    },
  };
}
