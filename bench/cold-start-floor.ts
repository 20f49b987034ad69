/**
 * The cold-start floor (issue 13): the least a function of this service could be, one DynamoDB `GetItem` with
 * the SDK bundled, built with the same esbuild options as every function (infra/measure-bundles.ts).
 */
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({ region: process.env.AWS_REGION });

export const handler = async (event: { ticketId?: string }) =>
  client.send(
    new GetItemCommand({
      TableName: process.env.SLA_TABLE_NAME ?? 'tickets',
      Key: { pk: { S: event.ticketId ?? '' } },
    }),
  );
