/**
 * The report's aggregates off the request path (DESIGN §11): the table's stream → the aggregator, with
 * batching, bisection on error, partial-batch responses and an on-failure SQS destination, plus alarms on
 * that queue, on the stream's age (the aggregates falling behind) and on the sweeper's poisoned tickets.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, metrics, SERVICE_NAME } from '../../shared/observability/catalog.ts';
import { acknowledge } from '../security-checks.ts';
import type { SlaFunction } from './sla-function.ts';

export interface AggregatesProps {
  table: dynamodb.ITable;
  aggregator: SlaFunction;
}

export class Aggregates extends Construct {
  readonly deadLetterQueue: sqs.Queue;
  readonly mapping: lambda.EventSourceMapping;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: AggregatesProps) {
    super(scope, id);
    const streamArn = props.table.tableStreamArn;
    if (!streamArn) throw new Error('the table has no stream: the aggregates cannot be kept');
    this.deadLetterQueue = new sqs.Queue(this, 'StreamFailures', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      this.deadLetterQueue,
      'AwsSolutions-SQS3',
      "This queue is the stream mapping's on-failure destination (a dead-letter queue), which cdk-nag only recognises through an SQS redrive policy",
    );
    this.mapping = new lambda.EventSourceMapping(this, 'StreamMapping', {
      target: props.aggregator,
      eventSourceArn: streamArn,
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: 100,
      maxBatchingWindow: Duration.seconds(1),
      bisectBatchOnError: true,
      reportBatchItemFailures: true,
      retryAttempts: 5,
      maxRecordAge: Duration.hours(24),
      parallelizationFactor: 2,
      onFailure: new SqsDlq(this.deadLetterQueue),
      // Only ticket items carry a contribution; contributions, rows and history never invoke the function.
      filters: [
        lambda.FilterCriteria.filter({ dynamodb: { NewImage: { sk: { S: lambda.FilterRule.isEqual('TICKET') } } } }),
      ],
    });
    props.table.grantStreamRead(props.aggregator);
    acknowledge(
      props.aggregator.executionRole,
      'AwsSolutions-IAM5[Resource::*]',
      'Reading the table stream needs dynamodb:ListStreams, which supports no resource-level permissions',
    );
    this.deadLetterQueue.grantSendMessages(props.aggregator);

    const alarm = (alarmId: string, description: string, metric: cloudwatch.IMetric, threshold: number) =>
      this.alarms.push(
        new cloudwatch.Alarm(this, alarmId, {
          alarmDescription: description,
          metric,
          threshold,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    alarm(
      'StreamFailuresAlarm',
      'Stream records the aggregator gave up on: the report misses them until `npm run rebuild-aggregates` (or a redrive)',
      this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      0,
    );
    alarm(
      'StreamLagAlarm',
      'The aggregates are more than 5 minutes behind the tickets: the report is stale',
      props.aggregator.metric('IteratorAge', { period: Duration.minutes(1), statistic: cloudwatch.Stats.MAXIMUM }),
      300_000,
    );
    alarm(
      'SweeperPoisonedAlarm',
      'A ticket failed in several sweeps in a row and is backing off: read the sweeper logs for its id and error',
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName: metrics.sweeperPoisonedTickets.name,
        dimensionsMap: { service: SERVICE_NAME },
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      0,
    );
  }
}
