/**
 * The whole service in one stack (DESIGN §1), composed of one construct per concern and driven by the
 * one function list: each function's grants in `functions/registry.ts` decide what it is bound to,
 * and its trigger decides whether the API, the timers or the sweeper schedule invokes it.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { functions } from '../functions/registry.ts';
import { Aggregates } from './constructs/aggregates.ts';
import { Api } from './constructs/api.ts';
import { Dashboard } from './constructs/dashboard.ts';
import { Notifications } from './constructs/notifications.ts';
import { SlaFunction } from './constructs/sla-function.ts';
import { Storage } from './constructs/storage.ts';
import { Timers } from './constructs/timers.ts';
import type { Settings } from './context.ts';

export interface SlaStackProps extends StackProps {
  settings: Settings;
  /** Tests only: inline placeholder code instead of esbuild bundles. */
  stubBundling?: boolean;
}

/** `intake` → `Intake`, `sla-timer` → `SlaTimer`: construct ids, hence logical ids, stay readable. */
const pascal = (name: string): string =>
  name.replace(/(^|-)([a-z])/g, (_m, _dash, letter: string) => letter.toUpperCase());

export class SlaStack extends Stack {
  readonly functions: readonly SlaFunction[];
  readonly api: Api;
  readonly storage: Storage;
  readonly timers: Timers;
  readonly notifications: Notifications;
  readonly monitoring: Dashboard;
  readonly aggregates: Aggregates;

  constructor(scope: Construct, id: string, props: SlaStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const logRetention = settings.logRetentionDays as logs.RetentionDays;

    const timerSpec = functions.find((spec) => spec.trigger === 'timer');
    if (!timerSpec) throw new Error('the function list has no timer function');

    this.storage = new Storage(this, 'Storage');
    this.notifications = new Notifications(this, 'Notifications', settings);
    this.timers = new Timers(this, 'Timers', {
      environmentName: settings.environmentName,
      timerFunctionName: SlaFunction.physicalName(this, timerSpec),
      warningRatio: settings.warningRatio,
    });
    this.api = new Api(this, 'Api', {
      environmentName: settings.environmentName,
      rateLimit: settings.apiRateLimit,
      burstLimit: settings.apiBurstLimit,
      logRetention,
    });

    this.functions = functions.map((spec) => {
      const fn = new SlaFunction(this, pascal(spec.name), {
        spec,
        logRetention,
        logLevel: settings.logLevel,
        tracing: settings.tracing,
        stubBundling: props.stubBundling,
      });
      fn.bindTable(this.storage.table, { accessMode: spec.grants.table });
      if (spec.grants.scheduler) fn.bindTimers(this.timers.binding);
      if (spec.grants.mail) fn.bindMail(this.notifications.binding);
      for (const secret of spec.grants.secrets) fn.bindSecret(secret, this.api.secrets[secret]);
      if (spec.trigger === 'http') this.api.addFunctionRoutes(fn);
      else if (spec.trigger === 'timer') this.timers.useAsTimerTarget(fn);
      else if (spec.trigger === 'rate') this.timers.scheduleSweeper(fn);
      // A widget function has no trigger of its own: the console invokes it with the viewer's credentials.
      return fn;
    });
    const aggregator = this.functions.find((fn) => fn.spec.trigger === 'stream');
    if (!aggregator) throw new Error('the function list has no stream function');
    this.aggregates = new Aggregates(this, 'Aggregates', { table: this.storage.table, aggregator });

    this.monitoring = new Dashboard(this, 'Monitoring', {
      environmentName: settings.environmentName,
      functions: this.functions,
      api: this.api,
      deadLetterQueues: [
        { label: 'schedule dead letters', queue: this.timers.deadLetterQueue },
        { label: 'timer function failures', queue: this.timers.timerFailureQueue },
        { label: 'aggregator stream failures', queue: this.aggregates.deadLetterQueue },
      ],
      alarms: [...this.timers.alarms, ...this.aggregates.alarms],
      alarmEmail: settings.alarmEmail,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the webhook API' });
    new CfnOutput(this, 'DashboardName', { value: this.monitoring.dashboard.dashboardName });
    new CfnOutput(this, 'DashboardUrl', { value: this.monitoring.dashboardUrl });
    new CfnOutput(this, 'TableName', { value: this.storage.table.tableName });
    new CfnOutput(this, 'WebhookSecretArn', {
      value: this.api.secrets.webhook.secretArn,
      description: 'HMAC key ticket systems sign webhooks with',
    });
    new CfnOutput(this, 'AdminSecretArn', {
      value: this.api.secrets.admin.secretArn,
      description: 'HMAC key for the admin routes (/accounts, /connections)',
    });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.alarmTopic.topicArn });
    new CfnOutput(this, 'SesIdentity', { value: this.notifications.identity.emailIdentityName });
  }
}
