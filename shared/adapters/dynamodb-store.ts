/**
 * Secondary adapter: use cases → TicketStore → DynamoDB (one table, DESIGN §7).
 *
 *   ACCOUNT#<supportId> / ACCOUNT          the account
 *   PARTNER#<partnerId> / PARTNER          a support partner and its contacts (the partner addresses we mail)
 *   TICKET#<ticketId>   / TICKET           the ticket (revision-guarded), with its index keys
 *   TICKET#<ticketId>   / EVENT#<revision>#<n>  its history in the order it was applied, in the ticket's transaction
 *   EXTERNAL#<supportId>#<externalId> / EXTERNAL   the sender's id → our ticket id (duplicate intake)
 *   DELIVERY#<signature> / DELIVERY    an intake without external id → its ticket, until `expiresAt` (TTL)
 */

import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  type QueryCommandInput,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { tableLayout } from '../observability/catalog.ts';
import { type DeliveryKey, type OpenListState, RevisionConflict, type TicketStore } from '../ports.ts';
import { pendingTimers } from '../tickets/decisions.ts';
import type { Account, HistoryEvent, Partner, Ticket } from '../tickets/ticket.ts';

const { byState, byDue, byOpened } = tableLayout.indexes;
const ticketKey = (ticketId: string) => ({ pk: `TICKET#${ticketId}`, sk: 'TICKET' });

/** The index keys a ticket is found by: each index is sparse, so a ticket leaves it when it no longer applies. */
export function indexKeys(ticket: Ticket): Record<string, string> {
  const keys: Record<string, string> = {
    [byOpened.partitionKey]: `OPENED#${ticket.openedAt.slice(0, 7)}`,
    [byOpened.sortKey]: `${ticket.openedAt}#${ticket.ticketId}`,
  };
  const open = ticket.status !== 'closed';
  if (open && (ticket.sla.state === 'running' || ticket.sla.state === 'breached') && ticket.sla.deadline) {
    keys[byState.partitionKey] = `STATE#${ticket.sla.state}`;
    keys[byState.sortKey] = `${ticket.sla.deadline}#${ticket.ticketId}`;
  }
  // Due work: the earliest timer, or now for an unsent e-mail, so the sweeper finds both.
  const due = [
    ...pendingTimers(ticket, 1).map((timer) => timer.at),
    ...ticket.outbox.map((mail) => mail.claimUntil ?? mail.createdAt),
  ].sort()[0];
  if (due !== undefined) {
    keys[byDue.partitionKey] = 'DUE';
    keys[byDue.sortKey] = `${due}#${ticket.ticketId}`;
  }
  return keys;
}

const INDEX_ATTRIBUTES = [byState, byDue, byOpened].flatMap((index) => [index.partitionKey, index.sortKey]);

function toTicket(item: Record<string, unknown>): Ticket {
  const { pk: _pk, sk: _sk, type: _type, ...rest } = item;
  for (const attribute of INDEX_ATTRIBUTES) delete rest[attribute];
  return rest as unknown as Ticket;
}

export class DynamoDbStore implements TicketStore {
  private readonly documents: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
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

  async getTicket(ticketId: string): Promise<Ticket | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: ticketKey(ticketId), ConsistentRead: true }),
    );
    return Item ? toTicket(Item) : undefined;
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
    return { pk: `TICKET#${ticket.ticketId}`, sk: 'TICKET', type: 'ticket', ...ticket, ...indexKeys(ticket) };
  }

  /** History rows keyed by the revision that wrote them: concurrent events read back in the order they won. */
  private eventPuts(ticket: Ticket, events: HistoryEvent[]) {
    const revision = String(ticket.revision).padStart(10, '0');
    return events.map((event, index) => ({
      Put: {
        TableName: this.tableName,
        Item: {
          pk: `TICKET#${ticket.ticketId}`,
          sk: `EVENT#${revision}#${String(index).padStart(3, '0')}`,
          type: 'event',
          event,
        },
      },
    }));
  }

  async createTicket(ticket: Ticket, events: HistoryEvent[], delivery?: DeliveryKey) {
    const external = !delivery
      ? undefined
      : 'externalId' in delivery
        ? { pk: `EXTERNAL#${ticket.supportId}#${delivery.externalId}`, sk: 'EXTERNAL' }
        : { pk: `DELIVERY#${delivery.signature}`, sk: 'DELIVERY', [tableLayout.ttlAttribute]: delivery.expiresAt };
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
   * Open tickets by state, soonest deadline first (DESIGN §4). A running clock past its deadline is
   * listed as breached even before its timer fires, so the lists never disagree with the clock.
   */
  async listOpen(state: OpenListState, now: string, filter: { program?: string; severity?: number }) {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const filters: string[] = [];
    if (state === 'at_risk') {
      filters.push('#sla.#warnAt <= :now');
      Object.assign(names, { '#sla': 'sla', '#warnAt': 'warnAt' });
    }
    if (filter.program !== undefined) {
      filters.push('#program = :program');
      names['#program'] = 'program';
      values[':program'] = filter.program;
    }
    if (filter.severity !== undefined) {
      filters.push('#severity = :severity');
      names['#severity'] = 'severity';
      values[':severity'] = filter.severity;
    }
    const query = (partition: string, range: '>=' | '<' | undefined) => {
      const rangeValues = range ? { ':now': now } : {};
      const needsNow = range !== undefined || state === 'at_risk';
      return this.queryAll({
        IndexName: 'byState',
        KeyConditionExpression: `${byState.partitionKey} = :state${range ? ` AND ${byState.sortKey} ${range} :now` : ''}`,
        ...(filters.length > 0 ? { FilterExpression: filters.join(' AND '), ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: {
          ':state': partition,
          ...values,
          ...rangeValues,
          ...(needsNow ? { ':now': now } : {}),
        },
      });
    };
    const items =
      state === 'breached'
        ? [...(await query('STATE#breached', undefined)), ...(await query('STATE#running', '<'))]
        : await query('STATE#running', '>=');
    return items
      .map(toTicket)
      .sort(
        (a, b) => (a.sla.deadline ?? '').localeCompare(b.sla.deadline ?? '') || a.ticketId.localeCompare(b.ticketId),
      );
  }

  async listDue(now: string, limit: number): Promise<string[]> {
    const items = await this.queryAll(
      {
        IndexName: 'byDue',
        KeyConditionExpression: `${byDue.partitionKey} = :due AND ${byDue.sortKey} <= :now`,
        ExpressionAttributeValues: { ':due': 'DUE', ':now': `${now}#\uffff` },
        ProjectionExpression: 'ticketId',
      },
      limit,
    );
    return items.map((item) => item.ticketId as string);
  }

  async listOpenedBetween(from: string, to: string): Promise<Ticket[]> {
    const tickets: Ticket[] = [];
    for (const month of monthsBetween(from, to)) {
      const items = await this.queryAll({
        IndexName: 'byOpened',
        KeyConditionExpression: `${byOpened.partitionKey} = :month AND ${byOpened.sortKey} BETWEEN :from AND :to`,
        ExpressionAttributeValues: { ':month': `OPENED#${month}`, ':from': from, ':to': `${to}` },
      });
      tickets.push(...items.map(toTicket).filter((ticket) => ticket.openedAt >= from && ticket.openedAt < to));
    }
    return tickets;
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
