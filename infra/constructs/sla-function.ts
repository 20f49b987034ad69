/**
 * One Lambda of the function list (DESIGN §7) with the house defaults, and helpers that grant a
 * resource and set the environment variable naming it together, so a function never reads a
 * resource it may not touch nor holds a permission it does not use.
 */
import { fileURLToPath } from 'node:url';
import { Duration, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { FunctionSpec } from '../../functions/registry.ts';
import type { SecretName } from '../../shared/http/routes.ts';
import { METRICS_NAMESPACE, SERVICE_NAME, tableLayout } from '../../shared/observability/catalog.ts';
import { bundleDefine, bundleOptions, copyBundleFolders, nodeMajor, type TracingMode } from '../bundling.ts';
import { acknowledge, wildcardResourceFinding } from '../security-checks.ts';

/** The repository root: entries, the lock file and esbuild's working directory are resolved from it. */
const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/** `nodejs24.x`, built by name in case the installed aws-cdk-lib predates the enum member. */
export const nodeRuntime =
  (lambda.Runtime as unknown as Record<string, lambda.Runtime | undefined>)[`NODEJS_${nodeMajor}_X`] ??
  new lambda.Runtime(`nodejs${nodeMajor}.x`, lambda.RuntimeFamily.NODEJS, { supportsInlineCode: true });

export interface SlaFunctionProps {
  spec: FunctionSpec;
  logRetention: logs.RetentionDays;
  logLevel: string;
  /** X-Ray: built into the bundle and switched on, or neither. */
  tracing: TracingMode;
  /** Inline placeholder code instead of esbuild bundling: infrastructure tests only. */
  stubBundling?: boolean;
}

export interface TimerBinding {
  scheduleGroupName: string;
  timerTargetArn: string;
  schedulerRole: iam.IRole;
  deadLetterQueueArn: string;
  precisionSeconds: number;
  warningRatio: number;
}

export interface MailBinding {
  identityArn: string;
  configurationSetName: string;
  configurationSetArn: string;
  fromEmail: string;
  supportQueueEmail: string;
  dutyManagerEmail: string;
}

const secretEnvironment: Record<SecretName, string> = {
  webhook: 'SLA_WEBHOOK_SECRET_ARN',
  admin: 'SLA_ADMIN_SECRET_ARN',
};

/**
 * No reserved concurrency, by choice: Lambda keeps 10 executions unreserved and new accounts start
 * with 10 in all, so any reservation fails the deploy there; the API stage's throttling caps the load.
 */
export class SlaFunction extends nodejs.NodejsFunction {
  readonly spec: FunctionSpec;
  readonly executionRole: iam.Role;

  /** `<stack>-<function>`: deterministic, so the timer function's ARN is known before it exists. */
  static physicalName(scope: Construct, spec: Pick<FunctionSpec, 'name'>): string {
    return `${Stack.of(scope).stackName}-${spec.name}`;
  }

  constructor(scope: Construct, id: string, props: SlaFunctionProps) {
    const { spec } = props;
    const functionName = SlaFunction.physicalName(scope, spec);
    const logGroup = new logs.LogGroup(scope, `${id}LogGroup`, { retention: props.logRetention });
    // An explicit role without AWSLambdaBasicExecutionRole: it may write to its own log group only.
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${functionName}`,
    });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );

    super(scope, id, {
      functionName,
      description: spec.description,
      runtime: nodeRuntime,
      architecture: lambda.Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      tracing: props.tracing === 'active' ? lambda.Tracing.ACTIVE : lambda.Tracing.DISABLED,
      role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: {
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: props.logLevel,
        NODE_OPTIONS: '--enable-source-maps',
      },
      ...(props.stubBundling
        ? {
            code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 501 });'),
            handler: 'index.handler',
          }
        : {
            entry: `${projectRoot}${spec.entry}`,
            handler: 'handler',
            projectRoot,
            depsLockFilePath: `${projectRoot}package-lock.json`,
            bundling: {
              format: nodejs.OutputFormat.ESM,
              target: bundleOptions.target,
              minify: bundleOptions.minify,
              sourceMap: bundleOptions.sourcemap,
              sourcesContent: bundleOptions.sourcesContent,
              keepNames: bundleOptions.keepNames,
              mainFields: [...bundleOptions.mainFields],
              define: bundleDefine(props.tracing),
              banner: bundleOptions.banner,
              bundleAwsSDK: true,
              externalModules: [...bundleOptions.external],
              // aws-cdk-lib 2.276 drops the `charset` bundling prop, so it goes through as a raw argument.
              esbuildArgs: {
                '--tree-shaking': String(bundleOptions.treeShaking),
                '--charset': bundleOptions.charset,
                '--alias': Object.entries(bundleOptions.alias).map(([from, to]) => `${from}=${to}`),
              },
              logLevel: nodejs.LogLevel.WARNING,
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (_inputDir: string, outputDir: string) =>
                  copyBundleFolders(projectRoot, outputDir, spec.grants),
              },
            },
          }),
    });
    this.spec = spec;
    this.executionRole = role;
    if (props.tracing === 'active') {
      acknowledge(
        role,
        'AwsSolutions-IAM5[Resource::*]',
        'Active tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions',
      );
    }
  }

  /**
   * Grants the table at the registry's access mode and names it in SLA_TABLE_NAME. Written out rather
   * than `table.grantReadWriteData`: no `Scan` (DESIGN §4: a query, never a scan) and the indexes by name.
   */
  bindTable(table: dynamodb.ITable, { accessMode }: { accessMode: FunctionSpec['grants']['table'] }): this {
    const reads = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
    const writes = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: accessMode === 'readwrite' ? [...reads, ...writes] : reads,
        resources: [table.tableArn],
      }),
    );
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: Object.keys(tableLayout.indexes).map((index) => `${table.tableArn}/index/${index}`),
      }),
    );
    this.addEnvironment('SLA_TABLE_NAME', table.tableName);
    return this;
  }

  /** Lets the function create, read and delete SLA schedules in the group, passing only the scheduler role. */
  bindTimers(timers: TimerBinding): this {
    const schedules = Stack.of(this).formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${timers.scheduleGroupName}/*`,
    });
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule', 'scheduler:GetSchedule'],
        resources: [schedules],
      }),
    );
    acknowledge(
      this.executionRole,
      wildcardResourceFinding(this, schedules),
      'Schedule names are derived at run time from ticket id, timer kind and SLA version (DESIGN §5); the wildcard is confined to the SLA schedule group',
    );
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [timers.schedulerRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    );
    this.addEnvironment('SLA_SCHEDULE_GROUP', timers.scheduleGroupName);
    this.addEnvironment('SLA_TIMER_TARGET_ARN', timers.timerTargetArn);
    this.addEnvironment('SLA_SCHEDULER_ROLE_ARN', timers.schedulerRole.roleArn);
    this.addEnvironment('SLA_TIMER_DLQ_ARN', timers.deadLetterQueueArn);
    this.addEnvironment('SLA_SCHEDULER_PRECISION_SECONDS', String(timers.precisionSeconds));
    this.addEnvironment('SLA_WARNING_RATIO', String(timers.warningRatio));
    return this;
  }

  /** Allows `ses:SendEmail` from the one identity through the one configuration set, and names both. */
  bindMail(mail: MailBinding): this {
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [mail.identityArn, mail.configurationSetArn],
      }),
    );
    this.addEnvironment('SLA_FROM_EMAIL', mail.fromEmail);
    this.addEnvironment('SLA_SUPPORT_QUEUE_EMAIL', mail.supportQueueEmail);
    this.addEnvironment('SLA_DUTY_MANAGER_EMAIL', mail.dutyManagerEmail);
    this.addEnvironment('SLA_SES_CONFIGURATION_SET', mail.configurationSetName);
    return this;
  }

  /** Lets the function read one signing secret at cold start and names it by ARN. */
  bindSecret(name: SecretName, secret: secretsmanager.ISecret): this {
    secret.grantRead(this);
    this.addEnvironment(secretEnvironment[name], secret.secretArn);
    return this;
  }
}
