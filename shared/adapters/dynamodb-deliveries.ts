/**
 * Secondary adapter: webhooks use case → DeliveryLog → DynamoDB (the one table, DESIGN §7, §9).
 *
 *   WEBHOOK#<connectionId>#<deliveryId> / CLAIM       at most once per delivery id: claimed, then settled
 *   DELIVERIES#<connectionId> / <receivedAt>#<n>       every delivery as received, newest first on read
 *
 * Both expire (TTL) after 8 days: GitHub redelivers up to 3 days later and Jira retries for 30 minutes, so a
 * week covers every retry a sender makes, and the log answers "why did my ticket not appear?" for as long.
 */
import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { tableLayout } from '../observability/catalog.ts';
import type { DeliveryLog, DeliveryRecord } from '../ports.ts';

export const DELIVERY_RETENTION_SECONDS = 8 * 86_400;

const claimKey = (connectionId: string, deliveryId: string) => ({
  pk: `WEBHOOK#${connectionId}#${deliveryId}`,
  sk: 'CLAIM',
});

export class DynamoDbDeliveryLog implements DeliveryLog {
  private readonly documents: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  private expiresAt(): number {
    return Math.floor(this.clock().getTime() / 1000) + DELIVERY_RETENTION_SECONDS;
  }

  async claim(connectionId: string, deliveryId: string, leaseUntil: string, now: string) {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...claimKey(connectionId, deliveryId),
            type: 'webhook-claim',
            state: 'claimed',
            leaseUntil,
            [tableLayout.ttlAttribute]: this.expiresAt(),
          },
          // A claim whose holder crashed (its lease ran out) may be taken over; a settled one never.
          ConditionExpression: 'attribute_not_exists(pk) OR (#state = :claimed AND leaseUntil < :now)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':claimed': 'claimed', ':now': now },
        }),
      );
      return { claimed: true as const };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const { Item } = await this.documents.send(
        new GetCommand({ TableName: this.tableName, Key: claimKey(connectionId, deliveryId), ConsistentRead: true }),
      );
      return Item?.state === 'settled'
        ? { claimed: false as const, first: Item.record as DeliveryRecord }
        : { claimed: false as const };
    }
  }

  async settle(record: DeliveryRecord): Promise<void> {
    await this.documents.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: {
                ...claimKey(record.connectionId, record.deliveryId),
                type: 'webhook-claim',
                state: 'settled',
                record,
                [tableLayout.ttlAttribute]: this.expiresAt(),
              },
            },
          },
          { Put: { TableName: this.tableName, Item: this.logItem(record) } },
        ],
      }),
    );
  }

  async release(connectionId: string, deliveryId: string): Promise<void> {
    await this.documents.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: claimKey(connectionId, deliveryId),
        ConditionExpression: '#state = :claimed',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':claimed': 'claimed' },
      }),
    );
  }

  async record(record: DeliveryRecord): Promise<void> {
    await this.documents.send(new PutCommand({ TableName: this.tableName, Item: this.logItem(record) }));
  }

  async list(connectionId: string, limit: number): Promise<DeliveryRecord[]> {
    const { Items } = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `DELIVERIES#${connectionId}` },
        ScanIndexForward: false,
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    return (Items ?? []).map((item) => item.record as DeliveryRecord);
  }

  private logItem(record: DeliveryRecord) {
    return {
      pk: `DELIVERIES#${record.connectionId}`,
      // The receipt instant sorts the log; the random tail keeps two deliveries of one millisecond apart.
      sk: `${record.receivedAt}#${randomUUID()}`,
      type: 'webhook-delivery',
      record,
      [tableLayout.ttlAttribute]: this.expiresAt(),
    };
  }
}
