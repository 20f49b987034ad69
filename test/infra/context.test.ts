/** Deployment settings from CDK context: documented defaults, CLI strings coerced, mistakes named. */
import type { Node } from 'constructs';
import { describe, expect, it } from 'vitest';
import { readSettings } from '../../infra/context.ts';

/** A construct node carrying only the given context, as `cdk -c key=value` would set it. */
function nodeWith(context: Record<string, unknown>): Node {
  return {
    tryGetContext: (key: string) => context[key],
  } as unknown as Node;
}

describe('deployment settings', () => {
  it('default to a dev stage sending from example.com, warning at 25%, logs kept 90 days', () => {
    expect(readSettings(nodeWith({}))).toEqual({
      environmentName: 'dev',
      sesIdentity: 'example.com',
      senderEmail: 'sla-monitor@example.com',
      supportQueueEmail: 'support-queue@example.com',
      dutyManagerEmail: 'duty-manager@example.com',
      warningRatio: 0.25,
      logRetentionDays: 90,
      logLevel: 'INFO',
      tracing: 'off',
      apiRateLimit: 50,
      apiBurstLimit: 100,
    });
  });

  it('accept the strings the CDK CLI passes for numbers', () => {
    const settings = readSettings(nodeWith({ warningRatio: '0.2', logRetentionDays: '365', apiRateLimit: '10' }));
    expect(settings).toMatchObject({ warningRatio: 0.2, logRetentionDays: 365, apiRateLimit: 10 });
  });

  it('accept a sender in a subdomain of the SES domain, or the SES address itself', () => {
    expect(() =>
      readSettings(nodeWith({ sesIdentity: 'acme.com', senderEmail: 'sla@support.acme.com' })),
    ).not.toThrow();
    expect(() => readSettings(nodeWith({ sesIdentity: 'Sla@Acme.com', senderEmail: 'sla@acme.com' }))).not.toThrow();
  });

  it('refuse a sender the SES identity does not cover, naming the key', () => {
    expect(() => readSettings(nodeWith({ sesIdentity: 'acme.com', senderEmail: 'sla@example.com' }))).toThrow(
      /not covered by the SES identity acme\.com[\s\S]*senderEmail/,
    );
  });

  it('refuse a stage name that cannot name resources, and a log retention CloudWatch does not offer', () => {
    expect(() => readSettings(nodeWith({ environmentName: 'Prod_EU' }))).toThrow(/environmentName/);
    expect(() => readSettings(nodeWith({ logRetentionDays: '100' }))).toThrow(/logRetentionDays/);
    expect(() => readSettings(nodeWith({ warningRatio: '1.5' }))).toThrow(/warningRatio/);
  });
});
