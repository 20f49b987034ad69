/**
 * Builds the CDK app: settings from context, the stack, and the cdk-nag checks. `app.ts` runs it for
 * the CLI; the infrastructure tests call it with their own context.
 */
import { App, type AppProps, Tags } from 'aws-cdk-lib';
import { SERVICE_NAME } from '../shared/observability/catalog.ts';
import { readSettings } from './context.ts';
import { addSecurityChecks } from './security-checks.ts';
import { SlaStack } from './sla-stack.ts';

export interface CreateAppOptions extends AppProps {
  /**
   * Inline placeholder code instead of esbuild bundles, so a test synth takes seconds. An option of
   * this function rather than context, so that no `cdk deploy -c` can ship placeholder functions.
   */
  stubBundling?: boolean;
}

export function createApp({ stubBundling = false, ...props }: CreateAppOptions = {}): { app: App; stack: SlaStack } {
  const app = new App(props);
  const settings = readSettings(app.node);
  addSecurityChecks(app);
  const stack = new SlaStack(app, `SupportSlaMonitor-${settings.environmentName}`, {
    settings,
    stubBundling,
    description: `Support SLA monitor (${settings.environmentName}): webhooks, SLA timers, alerts and dashboards`,
    // Environment-agnostic unless pinned in context: the synth needs no credentials and deploys to the CLI's region.
    env: { account: settings.account, region: settings.region },
  });
  Tags.of(stack).add('service', SERVICE_NAME);
  Tags.of(stack).add('environment', settings.environmentName);
  return { app, stack };
}
