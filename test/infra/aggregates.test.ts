/**
 * The aggregates' infrastructure (DESIGN §11): the table's stream, the aggregator's event source mapping
 * (batching, bisection, partial-batch responses, an SQS on-failure destination, a filter on ticket items)
 * and the alarms on that queue, on the stream's lag and on the sweeper's poisoned tickets. One synth.
 */
import { describe, expect, it } from 'vitest';
import { metrics } from '../../shared/observability/catalog.ts';
import { type Cfn, logicalIdOf, type Resources, synthesize } from './synth.ts';

const { template } = synthesize();
const resources = template.toJSON().Resources as Resources;
const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
const aggregatorId = logicalIdOf(template, 'AWS::Lambda::Function', {
  FunctionName: 'SupportSlaMonitor-dev-aggregator',
});

describe('the aggregates off the request path', () => {
  it('streams the table with new images', () => {
    const tables = ofType('AWS::DynamoDB::Table');
    expect(tables).toHaveLength(1);
    expect(tables[0]?.[1].Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_IMAGE' });
  });

  it('feeds the aggregator in batches, bisecting on error, with partial-batch responses and a DLQ', () => {
    const mappings = ofType('AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(1);
    const mapping = mappings[0]?.[1].Properties as Cfn;
    expect(mapping).toMatchObject({
      FunctionName: { Ref: aggregatorId },
      BatchSize: 100,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 5,
      StartingPosition: 'TRIM_HORIZON',
    });
    const destination = (mapping.DestinationConfig as { OnFailure: { Destination: { 'Fn::GetAtt': [string] } } })
      .OnFailure.Destination['Fn::GetAtt'][0];
    expect(resources[destination]?.Type).toBe('AWS::SQS::Queue');
    expect(JSON.parse((mapping.FilterCriteria as { Filters: { Pattern: string }[] }).Filters[0]!.Pattern)).toEqual({
      dynamodb: { NewImage: { sk: { S: ['TICKET'] } } },
    });
  });

  it('alarms on stream failures, on the aggregates falling behind and on poisoned sweeps', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties as Cfn);
    expect(alarms.some((alarm) => alarm.MetricName === 'IteratorAge')).toBe(true);
    expect(alarms.some((alarm) => alarm.MetricName === metrics.sweeperPoisonedTickets.name)).toBe(true);
    const mapping = ofType('AWS::Lambda::EventSourceMapping')[0]?.[1].Properties as Cfn;
    const dlq = (mapping.DestinationConfig as { OnFailure: { Destination: { 'Fn::GetAtt': [string] } } }).OnFailure
      .Destination['Fn::GetAtt'][0];
    expect(
      alarms.some(
        (alarm) =>
          alarm.MetricName === 'ApproximateNumberOfMessagesVisible' && JSON.stringify(alarm.Dimensions).includes(dlq),
      ),
    ).toBe(true);
  });
});
