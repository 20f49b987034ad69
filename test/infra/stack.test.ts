/**
 * The synthesized stack, checked property by property against the one function list, the one route
 * table and the metric and table catalog it is built from (DESIGN §4–§7). One synth, bundling stubbed.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { type FunctionSpec, functions } from '../../functions/registry.ts';
import { readConfig } from '../../shared/config.ts';
import { routeKey, routes } from '../../shared/http/routes.ts';
import { METRICS_NAMESPACE, metrics, SERVICE_NAME, tableLayout } from '../../shared/observability/catalog.ts';
import { asArray, type Cfn, logicalIdOf, type Resources, type Statement, synthesize } from './synth.ts';

const { template } = synthesize();
const resources = template.toJSON().Resources as Resources;
const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
/** The properties of the one resource of a type the stack has exactly one of. */
function single(type: string): Cfn {
  const found = ofType(type);
  expect(found, type).toHaveLength(1);
  return found[0]![1].Properties;
}
const getAtt = (logicalId: string, attribute = 'Arn') => ({ 'Fn::GetAtt': [logicalId, attribute] });
const ref = (logicalId: string) => ({ Ref: logicalId });

const functionId = (name: string) =>
  logicalIdOf(template, 'AWS::Lambda::Function', { FunctionName: `SupportSlaMonitor-dev-${name}` });
const functionProps = (name: string) => resources[functionId(name)]!.Properties as Cfn;
const roleOf = (name: string) => (functionProps(name).Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];

/** Every statement of the inline and attached policies of a role. */
function statementsOfRole(roleId: string): Statement[] {
  const role = resources[roleId]?.Properties ?? {};
  const inline = asArray(role.Policies as { PolicyDocument: { Statement: Statement[] } }[]).flatMap(
    (policy) => policy.PolicyDocument.Statement,
  );
  const attached = ofType('AWS::IAM::Policy')
    .filter(([, policy]) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([ref(roleId)]))
    .flatMap(([, policy]) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
  return [...inline, ...attached];
}

/** Statement resources as sorted JSON strings: the minimizePolicies flag orders them its own way. */
const sortedJson = (resource: unknown) =>
  asArray(resource)
    .map((item) => JSON.stringify(item))
    .sort();

const statementsWith = (roleId: string, prefix: string) =>
  statementsOfRole(roleId).filter((statement) => asArray(statement.Action).some((action) => action.startsWith(prefix)));

const secretId = (description: RegExp) => {
  const found = ofType('AWS::SecretsManager::Secret').filter(([, secret]) =>
    description.test(String(secret.Properties.Description)),
  );
  expect(found).toHaveLength(1);
  return found[0]?.[0] as string;
};
const secretIds = { webhook: secretId(/webhooks/), admin: secretId(/\/accounts/) };

const sweeperSchedule = single('AWS::Scheduler::Schedule');
const scheduleDlqId = (sweeperSchedule.Target.DeadLetterConfig.Arn as { 'Fn::GetAtt': [string, string] })[
  'Fn::GetAtt'
][0];
const schedulerRoleId = logicalIdOf(template, 'AWS::IAM::Role', {
  AssumeRolePolicyDocument: {
    Statement: [
      Match.objectLike({
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: {
          StringEquals: Match.objectLike({
            'aws:SourceArn': Match.objectLike({
              'Fn::GetAtt': Match.arrayWith([Match.stringLikeRegexp('ScheduleGroup')]),
            }),
          }),
        },
      }),
    ],
    Version: '2012-10-17',
  },
});
const topicId = ofType('AWS::SNS::Topic')[0]?.[0] as string;

function expectedEnvironment(spec: FunctionSpec): string[] {
  const keys = [
    'POWERTOOLS_SERVICE_NAME',
    'POWERTOOLS_METRICS_NAMESPACE',
    'POWERTOOLS_LOG_LEVEL',
    'NODE_OPTIONS',
    'SLA_TABLE_NAME',
  ];
  if (spec.grants.scheduler) {
    keys.push(
      'SLA_SCHEDULE_GROUP',
      'SLA_TIMER_TARGET_ARN',
      'SLA_SCHEDULER_ROLE_ARN',
      'SLA_TIMER_DLQ_ARN',
      'SLA_SCHEDULER_PRECISION_SECONDS',
      'SLA_WARNING_RATIO',
    );
  }
  if (spec.grants.mail) {
    keys.push('SLA_FROM_EMAIL', 'SLA_SUPPORT_QUEUE_EMAIL', 'SLA_DUTY_MANAGER_EMAIL', 'SLA_SES_CONFIGURATION_SET');
  }
  if (spec.grants.secrets.includes('webhook')) keys.push('SLA_WEBHOOK_SECRET_ARN');
  if (spec.grants.secrets.includes('admin')) keys.push('SLA_ADMIN_SECRET_ARN');
  return keys.sort();
}

describe('API', () => {
  const apiId = ofType('AWS::ApiGatewayV2::Api')[0]?.[0] as string;

  it('has exactly the routes of the route table', () => {
    const keys = ofType('AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties.RouteKey);
    expect(keys.sort()).toEqual(routes.map(routeKey).sort());
  });

  it.each(routes.map((route) => [routeKey(route), route.function]))('maps %s to the %s function', (key, name) => {
    const route = ofType('AWS::ApiGatewayV2::Route').find(([, candidate]) => candidate.Properties.RouteKey === key);
    const target = JSON.stringify(route![1].Properties.Target);
    const integrationId = /"Ref":"([^"]+)"/.exec(target)?.[1] as string;
    expect(resources[integrationId]?.Properties).toMatchObject({
      ApiId: ref(apiId),
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: getAtt(functionId(name)),
      PayloadFormatVersion: '2.0',
    });
  });

  it('lets API Gateway invoke each function for its own routes only', () => {
    for (const spec of functions.filter((candidate) => candidate.trigger === 'http')) {
      const permissions = ofType('AWS::Lambda::Permission').filter(
        ([, permission]) =>
          JSON.stringify(permission.Properties.FunctionName) === JSON.stringify(getAtt(functionId(spec.name))),
      );
      expect(permissions).toHaveLength(spec.routes.length);
      for (const [, permission] of permissions) {
        expect(permission.Properties).toMatchObject({
          Action: 'lambda:InvokeFunction',
          Principal: 'apigateway.amazonaws.com',
        });
      }
    }
  });

  it('throttles the default stage and writes JSON access logs to a retained-for-90-days log group', () => {
    const props = single('AWS::ApiGatewayV2::Stage');
    expect(props).toMatchObject({
      ApiId: ref(apiId),
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
    const logGroupId = props.AccessLogSettings.DestinationArn['Fn::GetAtt'][0] as string;
    expect(resources[logGroupId]).toMatchObject({ Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 90 } });
    const format = JSON.parse(props.AccessLogSettings.Format as string) as Record<string, string>;
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      routeKey: '$context.routeKey',
      status: '$context.status',
    });
  });

  it('keeps two generated signing secrets', () => {
    for (const id of Object.values(secretIds)) {
      expect(resources[id]?.Properties.GenerateSecretString).toMatchObject({
        PasswordLength: 64,
        ExcludePunctuation: true,
      });
    }
  });
});

describe.each(functions.map((spec) => [spec.name, spec] as const))('function %s', (name, spec) => {
  const props = functionProps(name);
  const roleId = roleOf(name);

  it('runs nodejs24.x on arm64 without X-Ray by default, the registry memory and timeout', () => {
    expect(props).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: spec.memoryMb,
      Timeout: spec.timeoutSeconds,
    });
    expect(props.TracingConfig).toBeUndefined();
    expect(props.ReservedConcurrentExecutions).toBeUndefined();
  });

  it('logs as JSON to its own log group kept 90 days, and may write to that group only', () => {
    const logGroupId = props.LoggingConfig.LogGroup.Ref as string;
    expect(props.LoggingConfig.LogFormat).toBe('JSON');
    expect(resources[logGroupId]).toMatchObject({ Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 90 } });
    expect(statementsWith(roleId, 'logs:')).toEqual([
      { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: getAtt(logGroupId) },
    ]);
    expect(resources[roleId]?.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('has the environment its grants call for, and nothing else', () => {
    const environment = props.Environment.Variables as Record<string, unknown>;
    expect(Object.keys(environment).sort()).toEqual(expectedEnvironment(spec));
    expect(environment).toMatchObject({
      POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      POWERTOOLS_LOG_LEVEL: 'INFO',
      NODE_OPTIONS: '--enable-source-maps',
      SLA_TABLE_NAME: ref(logicalIdOf(template, 'AWS::DynamoDB::Table', {})),
    });
    // Tokens resolve at deploy time; everything else must satisfy the functions' own configuration schema.
    const resolved = Object.fromEntries(
      Object.entries(environment).map(([key, value]) => [
        key,
        typeof value === 'string' ? value : 'resolved-at-deploy',
      ]),
    );
    expect(() => readConfig(resolved)).not.toThrow();
  });

  it('reads and writes the table as the registry says, by query and never by scan', () => {
    const tableId = logicalIdOf(template, 'AWS::DynamoDB::Table', {});
    const statements = statementsWith(roleId, 'dynamodb:');
    const actions = statements.flatMap((statement) => asArray(statement.Action));
    expect(actions).not.toContain('dynamodb:Scan');
    expect(actions.includes('dynamodb:PutItem')).toBe(spec.grants.table === 'readwrite');
    const indexStatement = statements.find((statement) => statement.Action === 'dynamodb:Query');
    expect(sortedJson(indexStatement?.Resource)).toEqual(
      sortedJson(
        Object.keys(tableLayout.indexes).map((index) => ({ 'Fn::Join': ['', [getAtt(tableId), `/index/${index}`]] })),
      ),
    );
    // The stream's own actions (the aggregator's event source) are checked with the mapping, in aggregates.test.ts.
    const streamActions = (statement: Statement) =>
      asArray(statement.Action).some((action) =>
        [
          'dynamodb:ListStreams',
          'dynamodb:DescribeStream',
          'dynamodb:GetRecords',
          'dynamodb:GetShardIterator',
        ].includes(action),
      );
    expect(statements.some(streamActions)).toBe(spec.trigger === 'stream');
    expect(statements.find((statement) => statement !== indexStatement && !streamActions(statement))?.Resource).toEqual(
      getAtt(tableId),
    );
  });

  it('reads exactly the signing secrets its routes use', () => {
    const read = statementsWith(roleId, 'secretsmanager:').map((statement) => statement.Resource);
    expect(read).toEqual(spec.grants.secrets.map((secret) => ref(secretIds[secret])));
  });

  it('manages schedules only in the SLA group, and passes only the scheduler role', () => {
    const schedules = statementsWith(roleId, 'scheduler:');
    const passRole = statementsWith(roleId, 'iam:PassRole');
    if (!spec.grants.scheduler) {
      expect([...schedules, ...passRole]).toEqual([]);
      return;
    }
    expect(schedules).toHaveLength(1);
    expect(schedules[0]?.Action).toEqual([
      'scheduler:CreateSchedule',
      'scheduler:DeleteSchedule',
      'scheduler:GetSchedule',
    ]);
    expect(JSON.stringify(schedules[0]?.Resource)).toMatch(/:schedule\/sla-monitor-dev\/\*"\]\]\}$/);
    expect(passRole).toEqual([
      {
        Action: 'iam:PassRole',
        Effect: 'Allow',
        Resource: getAtt(schedulerRoleId),
        Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      },
    ]);
    const environment = props.Environment.Variables as Record<string, unknown>;
    expect(environment.SLA_SCHEDULER_ROLE_ARN).toEqual(getAtt(schedulerRoleId));
    expect(environment.SLA_TIMER_DLQ_ARN).toEqual(getAtt(scheduleDlqId));
    expect(environment.SLA_SCHEDULER_PRECISION_SECONDS).toBe('60');
    expect(JSON.stringify(environment.SLA_TIMER_TARGET_ARN)).toContain(':function:SupportSlaMonitor-dev-sla-timer"');
  });

  it('sends e-mail only if the registry says so, from the one identity through the one configuration set', () => {
    const send = statementsWith(roleId, 'ses:');
    if (!spec.grants.mail) {
      expect(send).toEqual([]);
      return;
    }
    const identityId = logicalIdOf(template, 'AWS::SES::EmailIdentity', {});
    const configurationSetId = logicalIdOf(template, 'AWS::SES::ConfigurationSet', {});
    expect(send).toHaveLength(1);
    expect(send[0]?.Action).toBe('ses:SendEmail');
    const scoped = sortedJson(send[0]?.Resource);
    expect(scoped).toHaveLength(2);
    expect(scoped.some((arn) => arn.endsWith(`:identity/",{"Ref":"${identityId}"}]]}`))).toBe(true);
    expect(scoped.some((arn) => arn.endsWith(`:configuration-set/",{"Ref":"${configurationSetId}"}]]}`))).toBe(true);
    expect(scoped.join()).not.toContain('*');
  });
});

describe('timers', () => {
  const timerId = functionId('sla-timer');

  it('lets Scheduler, from this account and the SLA group, invoke the timer function and nothing else', () => {
    const role = resources[schedulerRoleId]!.Properties as Cfn;
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: {
          StringEquals: {
            'aws:SourceAccount': ref('AWS::AccountId'),
            'aws:SourceArn': getAtt(
              logicalIdOf(template, 'AWS::Scheduler::ScheduleGroup', { Name: 'sla-monitor-dev' }),
            ),
          },
        },
      },
    ]);
    expect(role.ManagedPolicyArns).toBeUndefined();
    // Scheduler delivers dead letters with the schedule's execution role, hence the one SendMessage on the DLQ.
    expect(statementsOfRole(schedulerRoleId)).toEqual([
      { Action: 'sqs:SendMessage', Effect: 'Allow', Resource: getAtt(scheduleDlqId) },
      { Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: getAtt(timerId) },
    ]);
  });

  it('sends the timer function failed asynchronous invocations to their own queue', () => {
    const config = single('AWS::Lambda::EventInvokeConfig');
    const failureQueue = config.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0];
    expect(config).toMatchObject({ FunctionName: ref(timerId), MaximumRetryAttempts: 2 });
    expect(resources[failureQueue]?.Type).toBe('AWS::SQS::Queue');
    expect(failureQueue).not.toBe(scheduleDlqId);
  });

  it('runs the sweeper every 5 minutes in the default group, with retries and the dead-letter queue', () => {
    expect(sweeperSchedule).toMatchObject({
      ScheduleExpression: 'rate(5 minutes)',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Target: {
        Arn: getAtt(functionId('sweeper')),
        RetryPolicy: { MaximumRetryAttempts: 2 },
        DeadLetterConfig: { Arn: getAtt(scheduleDlqId) },
      },
    });
    expect(sweeperSchedule.GroupName).toBeUndefined();
    const sweeperRole = sweeperSchedule.Target.RoleArn['Fn::GetAtt'][0] as string;
    expect(statementsOfRole(sweeperRole)).toEqual([
      { Action: 'sqs:SendMessage', Effect: 'Allow', Resource: getAtt(scheduleDlqId) },
      { Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: getAtt(functionId('sweeper')) },
    ]);
  });

  it.each(ofType('AWS::SQS::Queue').map(([id]) => [id]))(
    'encrypts dead-letter queue %s, refuses plain HTTP and alarms when a message lands',
    (queueId) => {
      expect(resources[queueId]?.Properties).toMatchObject({
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 1_209_600,
      });
      const policy = ofType('AWS::SQS::QueuePolicy').find(([, candidate]) =>
        JSON.stringify(candidate.Properties.Queues).includes(queueId),
      );
      expect((policy![1].Properties.PolicyDocument as { Statement: Statement[] }).Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 'sqs:*',
          Principal: { AWS: '*' },
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: getAtt(queueId, 'QueueName') }],
        Statistic: 'Maximum',
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        AlarmActions: [ref(topicId)],
      });
    },
  );
});

describe('storage', () => {
  it('is one on-demand table with PITR, deletion protection, TTL, retained on stack deletion', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        DeletionProtectionEnabled: true,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        TimeToLiveSpecification: { AttributeName: tableLayout.ttlAttribute, Enabled: true },
        SSESpecification: { SSEEnabled: true },
        KeySchema: [
          { AttributeName: tableLayout.partitionKey, KeyType: 'HASH' },
          { AttributeName: tableLayout.sortKey, KeyType: 'RANGE' },
        ],
      },
    });
  });

  it("has the catalog's three indexes, keys by name, projecting all attributes", () => {
    const indexes = single('AWS::DynamoDB::Table').GlobalSecondaryIndexes as { IndexName: string }[];
    expect([...indexes].sort((a, b) => a.IndexName.localeCompare(b.IndexName))).toEqual(
      Object.entries(tableLayout.indexes)
        .map(([name, keys]) => ({
          IndexName: name,
          KeySchema: [
            { AttributeName: keys.partitionKey, KeyType: 'HASH' },
            { AttributeName: keys.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        }))
        .sort((a, b) => a.IndexName.localeCompare(b.IndexName)),
    );
  });
});

describe('notifications', () => {
  it('verifies the configured SES identity and sends it through a TLS-only configuration set', () => {
    const configurationSetId = logicalIdOf(template, 'AWS::SES::ConfigurationSet', {});
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'example.com',
      ConfigurationSetAttributes: { ConfigurationSetName: ref(configurationSetId) },
      DkimAttributes: { SigningEnabled: true },
    });
    template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
      ReputationOptions: { ReputationMetricsEnabled: true },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
  });
});

describe('IAM', () => {
  const identityPolicies = [
    ...ofType('AWS::IAM::Policy').map(([id, policy]) => [id, policy.Properties.PolicyDocument] as const),
    ...ofType('AWS::IAM::ManagedPolicy').map(([id, policy]) => [id, policy.Properties.PolicyDocument] as const),
    ...ofType('AWS::IAM::Role').flatMap(([id, role]) =>
      asArray(role.Properties.Policies as { PolicyDocument: unknown }[]).map(
        (policy) => [id, policy.PolicyDocument] as const,
      ),
    ),
  ];
  const resourcePolicies = [
    ...ofType('AWS::SQS::QueuePolicy').map(([id, policy]) => [id, policy.Properties.PolicyDocument] as const),
    ...ofType('AWS::SNS::TopicPolicy').map(([id, policy]) => [id, policy.Properties.PolicyDocument] as const),
  ];

  it('allows no wildcard action, neither `*` nor `service:*`, in any identity or queue/topic policy', () => {
    expect(identityPolicies.length).toBeGreaterThanOrEqual(functions.length + 2);
    const wildcards = [...identityPolicies, ...resourcePolicies].flatMap(([id, document]) =>
      (document as { Statement: Statement[] }).Statement.filter((statement) => statement.Effect === 'Allow')
        .flatMap((statement) => asArray(statement.Action))
        .filter((action) => action.includes('*'))
        .map((action) => `${id}: ${action}`),
    );
    expect(wildcards).toEqual([]);
  });

  it("gives the alarm key's wildcard only to the account root, as every key policy must", () => {
    const key = single('AWS::KMS::Key');
    expect(key.EnableKeyRotation).toBe(true);
    const statements = (key.KeyPolicy as { Statement: Statement[] }).Statement;
    for (const statement of statements.filter((candidate) => asArray(candidate.Action).some((a) => a.includes('*')))) {
      expect(JSON.stringify(statement.Principal)).toContain(':root');
    }
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Principal: { Service: 'cloudwatch.amazonaws.com' },
      }),
    );
  });
});

describe('dashboard and alarms', () => {
  const dashboard = single('AWS::CloudWatch::Dashboard');
  /** The body is an Fn::Join of JSON text and references; references become `@@LogicalId@@` markers. */
  const body = JSON.parse(
    (dashboard.DashboardBody as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1]
      .map((part) => {
        if (typeof part === 'string') return part;
        const reference = part as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
        return `@@${reference.Ref ?? reference['Fn::GetAtt']?.[0]}@@`;
      })
      .join(''),
  ) as { widgets: { properties: { metrics?: unknown[][]; title?: string } }[] };
  const lines = body.widgets.flatMap((widget) => widget.properties.metrics ?? []);
  const expressions = lines.flatMap((line) =>
    line.flatMap((item) => (typeof item === 'object' && item && 'expression' in item ? [String(item.expression)] : [])),
  );

  it("graphs exactly the catalog's metrics, by name, in the service's namespace", () => {
    const plain = lines.filter((line) => line[0] === METRICS_NAMESPACE).map((line) => String(line[1]));
    const searched = expressions.flatMap((expression) => {
      expect(expression).toContain(`{${METRICS_NAMESPACE},`);
      return [...expression.matchAll(/MetricName="(\w+)"/g)].map((match) => match[1] as string);
    });
    expect(new Set([...plain, ...searched])).toEqual(new Set(Object.values(metrics).map((metric) => metric.name)));
  });

  it('searches tickets opened by program and severity, and response minutes at p50 and p90', () => {
    expect(expressions).toContainEqual(
      `SEARCH('{${METRICS_NAMESPACE},Program,Severity,service} MetricName="${metrics.ticketsOpened.name}"', 'Sum', 300)`,
    );
    for (const percentile of ['p50', 'p90']) {
      expect(expressions).toContainEqual(
        `SEARCH('{${METRICS_NAMESPACE},Program,service} MetricName="${metrics.firstResponseMinutes.name}"', '${percentile}', 300)`,
      );
    }
  });

  it('graphs errors and duration of every function, dead-letter depth and API 4xx/5xx', () => {
    for (const spec of functions) {
      for (const metricName of ['Errors', 'Duration']) {
        expect(lines).toContainEqual(
          expect.arrayContaining(['AWS/Lambda', metricName, 'FunctionName', `@@${functionId(spec.name)}@@`]),
        );
      }
    }
    const queueLines = lines.filter(
      (line) => line[0] === 'AWS/SQS' && line[1] === 'ApproximateNumberOfMessagesVisible',
    );
    // The schedules' dead letters, the timer function's failures and the aggregator stream's failures.
    expect(queueLines).toHaveLength(3);
    for (const metricName of ['4xx', '5xx']) {
      expect(lines).toContainEqual(expect.arrayContaining(['AWS/ApiGateway', metricName, 'ApiId']));
    }
  });

  it('alarms on any SLA breach in any program, through a Metrics Insights query', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: [
        Match.objectLike({
          Expression: `SELECT SUM(${metrics.slaBreached.name}) FROM SCHEMA("${METRICS_NAMESPACE}", Program, service)`,
          Period: 300,
        }),
      ],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      AlarmActions: [ref(topicId)],
    });
  });

  it.each(functions.map((spec) => [spec.name]))('alarms on errors of %s', (name) => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: ref(functionId(name)) }],
      Statistic: 'Sum',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      AlarmActions: [ref(topicId)],
    });
  });

  it('notifies every alarm to one KMS-encrypted, TLS-only topic CloudWatch may publish to', () => {
    for (const [, alarm] of ofType('AWS::CloudWatch::Alarm')) {
      expect(alarm.Properties.AlarmActions).toEqual([ref(topicId)]);
    }
    const keyId = ofType('AWS::KMS::Key')[0]?.[0] as string;
    expect(resources[topicId]?.Properties.KmsMasterKeyId).toEqual(getAtt(keyId));
    const statements = (single('AWS::SNS::TopicPolicy').PolicyDocument as { Statement: Statement[] }).Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Action: 'sns:Publish',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
      }),
    );
  });
});

describe('outputs', () => {
  it('publishes the API URL, dashboard, table and secret ARNs', () => {
    expect(Object.keys(template.findOutputs('*'))).toEqual(
      expect.arrayContaining([
        'ApiUrl',
        'DashboardName',
        'DashboardUrl',
        'TableName',
        'WebhookSecretArn',
        'AdminSecretArn',
      ]),
    );
    template.hasOutput('WebhookSecretArn', { Value: ref(secretIds.webhook) });
    template.hasOutput('AdminSecretArn', { Value: ref(secretIds.admin) });
  });
});

describe('tracing=active', () => {
  const traced = synthesize({ tracing: 'active' }).template.toJSON().Resources as Resources;

  it('turns on active X-Ray tracing for every function', () => {
    const modes = Object.values(traced)
      .filter((resource) => resource.Type === 'AWS::Lambda::Function' && resource.Properties.FunctionName)
      .map((resource) => resource.Properties.TracingConfig?.Mode);
    expect(modes).toHaveLength(functions.length);
    expect(new Set(modes)).toEqual(new Set(['Active']));
  });
});
