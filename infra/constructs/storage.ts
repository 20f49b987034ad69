/**
 * The stateful store (DESIGN §7): one DynamoDB table laid out as `tableLayout` says, kept apart from
 * the stateless functions and API so that replacing those can never touch the data.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { tableLayout } from '../../shared/observability/catalog.ts';

const stringKey = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });

export class Storage extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: stringKey(tableLayout.partitionKey),
      sortKey: stringKey(tableLayout.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      // Tickets and their SLA history are the service's record: a stack deletion must leave them behind.
      removalPolicy: RemovalPolicy.RETAIN,
      timeToLiveAttribute: tableLayout.ttlAttribute,
      // The AWS-managed key is auditable in CloudTrail and needs no kms:* grants on the functions' roles.
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      // The aggregator folds each ticket's new image into the report's daily rows (DESIGN §11).
      stream: dynamodb.StreamViewType.NEW_IMAGE,
    });
    for (const [indexName, keys] of Object.entries(tableLayout.indexes)) {
      this.table.addGlobalSecondaryIndex({
        indexName,
        partitionKey: stringKey(keys.partitionKey),
        sortKey: stringKey(keys.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
  }
}
