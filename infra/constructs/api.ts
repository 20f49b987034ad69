/**
 * The webhook API (DESIGN §4): an HTTP API with every route of the one route table, each mapped to
 * the function the table names, throttled and access-logged; and the two signing secrets its
 * callers share (the ticket systems' webhook secret and the admin secret).
 */
import { Duration } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { SecretName } from '../../shared/http/routes.ts';
import { acknowledge } from '../security-checks.ts';
import type { SlaFunction } from './sla-function.ts';

export interface ApiProps {
  environmentName: string;
  rateLimit: number;
  burstLimit: number;
  logRetention: logs.RetentionDays;
}

/** One JSON line per request, with what is needed to trace a webhook to its Lambda invocation. */
const accessLogFields = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  sourceIp: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  integrationError: '$context.integrationErrorMessage',
  errorMessage: '$context.error.message',
};

export class Api extends Construct {
  readonly httpApi: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly accessLogs: logs.LogGroup;
  readonly secrets: Record<SecretName, secretsmanager.Secret>;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.secrets = {
      webhook: this.signingSecret('WebhookSecret', 'Signs ticket-system webhooks (HMAC-SHA256, DESIGN §4)'),
      admin: this.signingSecret('AdminSecret', 'Signs /accounts administration requests (HMAC-SHA256, DESIGN §4)'),
    };
    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      apiName: `support-sla-monitor-${props.environmentName}`,
      description: 'Support SLA monitor: ticket webhooks, queries and reports',
      createDefaultStage: false,
    });
    acknowledge(
      this.httpApi,
      'AwsSolutions-APIG4',
      'Every route is authenticated in its function by an HMAC-SHA256 signature over timestamp and raw body (DESIGN §4): an API Gateway authorizer cannot see the body, and ticket systems cannot sign with SigV4',
    );
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: props.logRetention });
    this.stage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit, burstLimit: props.burstLimit },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(accessLogFields)),
      },
    });
  }

  get url(): string {
    return this.stage.url;
  }

  /** Maps each of the function's routes (from the route table, via the registry) to it, payload 2.0. */
  addFunctionRoutes(fn: SlaFunction): void {
    const integration = new HttpLambdaIntegration(`${fn.node.id}Integration`, fn, {
      payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
      timeout: Duration.seconds(Math.min(fn.spec.timeoutSeconds, 29)),
    });
    for (const route of fn.spec.routes) {
      this.httpApi.addRoutes({
        path: route.path,
        methods: [apigwv2.HttpMethod[route.method]],
        integration,
      });
    }
  }

  private signingSecret(id: string, description: string): secretsmanager.Secret {
    const secret = new secretsmanager.Secret(this, id, {
      description,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    acknowledge(
      secret,
      'AwsSolutions-SMG4',
      'A shared HMAC key that the senders hold too: an automatic rotation would break every sender until it is reconfigured, so it is rotated by hand with the senders (infra/DEPLOY.md)',
    );
    return secret;
  }
}
