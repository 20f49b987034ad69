/**
 * What operations watch (DESIGN §1, §10): a CloudWatch dashboard built from the one dashboard description
 * (shared/observability/dashboard.ts, which the local board lays out too) and the metric catalog the
 * functions emit with, so none of them can drift; its SLA board widgets are served by the board function; the alarms on breaches, dead letters and function
 * errors, and the encrypted SNS topic those alarms notify.
 */
import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, type MetricKey, metrics, SERVICE_NAME } from '../../shared/observability/catalog.ts';
import { type AwsWidget, dashboard, type MetricLine, type WidgetSpec } from '../../shared/observability/dashboard.ts';
import type { Api } from './api.ts';
import type { SlaFunction } from './sla-function.ts';

export interface DashboardProps {
  environmentName: string;
  functions: readonly SlaFunction[];
  api: Api;
  deadLetterQueues: readonly { label: string; queue: sqs.IQueue }[];
  /** Alarms other constructs own (the dead-letter queues'), which notify the same topic. */
  alarms: readonly cloudwatch.Alarm[];
  alarmEmail?: string;
}

const period = Duration.seconds(dashboard.periodSeconds);

/** Powertools adds the `service` dimension to every metric, besides the catalog's own dimensions. */
function dimensionsOf(key: MetricKey): string[] {
  return [...metrics[key].dimensions, 'service'];
}

/** One line per dimension combination the metric was emitted with (program, severity, ...). */
function search(key: MetricKey, statistic: string, label = ''): cloudwatch.MathExpression {
  const schema = [METRICS_NAMESPACE, ...dimensionsOf(key)].join(',');
  return new cloudwatch.MathExpression({
    expression: `SEARCH('{${schema}} MetricName="${metrics[key].name}"', '${statistic}', ${period.toSeconds()})`,
    label,
    period,
  });
}

/** The metric summed over all its dimension combinations, as one line. */
function total(key: MetricKey, label: string): cloudwatch.MathExpression {
  const schema = [METRICS_NAMESPACE, ...dimensionsOf(key)].join(',');
  return new cloudwatch.MathExpression({
    expression: `SUM(SEARCH('{${schema}} MetricName="${metrics[key].name}"', 'Sum', ${period.toSeconds()}))`,
    label,
    period,
  });
}

/** A metric emitted with no dimension of its own, only Powertools' `service`. */
function serviceMetric(key: MetricKey): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName: metrics[key].name,
    dimensionsMap: { service: SERVICE_NAME },
    statistic: cloudwatch.Stats.SUM,
    period,
  });
}

export class Dashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;
  readonly alarmTopic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: DashboardProps) {
    super(scope, id);
    this.alarmTopic = this.topic(props.alarmEmail);
    const alarmAction = new actions.SnsAction(this.alarmTopic);

    const breachSchema = [`"${METRICS_NAMESPACE}"`, ...dimensionsOf('slaBreached')].join(', ');
    this.alarms.push(
      new cloudwatch.Alarm(this, 'SlaBreachedAlarm', {
        alarmDescription: 'A ticket missed its response objective (DESIGN §3): the duty manager has been e-mailed',
        // A Metrics Insights query sums every program, including programs a custom policy adds.
        metric: new cloudwatch.MathExpression({
          expression: `SELECT SUM(${metrics.slaBreached.name}) FROM SCHEMA(${breachSchema})`,
          label: 'SLA breaches',
          period,
        }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
    for (const fn of props.functions) {
      this.alarms.push(
        new cloudwatch.Alarm(this, `${fn.node.id}ErrorsAlarm`, {
          alarmDescription: `${fn.spec.name} failed (${fn.spec.description}): see its log group`,
          metric: fn.metricErrors({ period, statistic: cloudwatch.Stats.SUM }),
          threshold: 0,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    }
    this.alarms.push(
      new cloudwatch.Alarm(this, 'ApiServerErrorsAlarm', {
        alarmDescription: 'The API answered 5xx: bad input never does (DESIGN §4), so this is a fault',
        metric: props.api.httpApi.metricServerError({ period, statistic: cloudwatch.Stats.SUM }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
    for (const alarm of [...this.alarms, ...props.alarms]) alarm.addAlarmAction(alarmAction);

    const boardFunction = props.functions.find((fn) => fn.spec.trigger === 'widget');
    if (!boardFunction) throw new Error('the function list has no widget function for the SLA board');
    const allAlarms = [...this.alarms, ...props.alarms];
    const fnMetrics = (metric: (fn: SlaFunction) => cloudwatch.IMetric) => props.functions.map(metric);
    const awsMetrics: Record<AwsWidget['source'], () => { left: cloudwatch.IMetric[]; right?: cloudwatch.IMetric[] }> =
      {
        deadLetters: () => ({
          left: props.deadLetterQueues.map(({ label, queue }) =>
            queue.metricApproximateNumberOfMessagesVisible({ label, period, statistic: cloudwatch.Stats.MAXIMUM }),
          ),
        }),
        functionErrors: () => ({
          left: fnMetrics((fn) => fn.metricErrors({ label: fn.spec.name, period, statistic: cloudwatch.Stats.SUM })),
        }),
        functionDuration: () => ({
          left: fnMetrics((fn) => fn.metricDuration({ label: fn.spec.name, period, statistic: 'p90' })),
        }),
        apiStatus: () => ({
          left: [
            props.api.httpApi.metricClientError({ label: '4xx', period, statistic: cloudwatch.Stats.SUM }),
            props.api.httpApi.metricServerError({ label: '5xx', period, statistic: cloudwatch.Stats.SUM }),
          ],
          right: [props.api.httpApi.metricCount({ label: 'requests', period, statistic: cloudwatch.Stats.SUM })],
        }),
        alarms: () => ({ left: [] }),
      };
    const line = ({ metric, statistic, series, label }: MetricLine): cloudwatch.IMetric =>
      series === 'each'
        ? search(metric, statistic, label)
        : series === 'total'
          ? total(metric, label ?? metrics[metric].name)
          : serviceMetric(metric);
    // Built from the one description of the dashboard that the local board also lays out (DESIGN §10).
    const widget = (spec: WidgetSpec): cloudwatch.IWidget => {
      const size = { title: spec.title, width: spec.width, height: spec.height };
      if (spec.type === 'board') {
        return new cloudwatch.CustomWidget({
          ...size,
          functionArn: boardFunction.functionArn,
          params: spec.params,
          updateOnRefresh: true,
          updateOnResize: true,
          updateOnTimeRangeChange: true,
        });
      }
      if (spec.type === 'metric') {
        return new cloudwatch.GraphWidget({ ...size, left: spec.lines.map(line), stacked: spec.stacked ?? false });
      }
      if (spec.source === 'alarms') return new cloudwatch.AlarmStatusWidget({ ...size, alarms: allAlarms });
      return new cloudwatch.GraphWidget({ ...size, ...awsMetrics[spec.source]() });
    };
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `${dashboard.name}-${props.environmentName}`,
      defaultInterval: Duration.hours(dashboard.defaultRangeHours),
      widgets: dashboard.rows.map((row) => row.map(widget)),
    });
  }

  get dashboardUrl(): string {
    const region = Stack.of(this).region;
    return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards/dashboard/${this.dashboard.dashboardName}`;
  }

  /** CloudWatch can publish to an encrypted topic only with a customer-managed key that lets it. */
  private topic(alarmEmail: string | undefined): sns.Topic {
    const key = new kms.Key(this, 'AlarmTopicKey', {
      description: 'Encrypts the SLA monitor alarm topic',
      enableKeyRotation: true,
      // The key protects transient notifications only: nothing is lost when it is scheduled for deletion.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
      }),
    );
    const topic = new sns.Topic(this, 'AlarmTopic', {
      displayName: 'Support SLA monitor alarms',
      masterKey: key,
      enforceSSL: true,
    });
    // The topic policy CDK writes for enforceSSL replaces SNS's default one, so CloudWatch is allowed back in.
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
          ArnLike: {
            'aws:SourceArn': Stack.of(this).formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    if (alarmEmail) topic.addSubscription(new subscriptions.EmailSubscription(alarmEmail));
    return topic;
  }
}
