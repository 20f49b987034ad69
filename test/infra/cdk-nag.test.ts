/**
 * cdk-nag's AWS Solutions rules run inside the synth (DESIGN §7): the app has no unacknowledged
 * finding, every acknowledgment carries its reason, and a finding nobody acknowledged fails the synth.
 */
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { addSecurityChecks, StrictAwsSolutionsChecks } from '../../infra/security-checks.ts';
import { cdkContext, synthesize } from './synth.ts';

const { app } = synthesize();

function acknowledgments(root: IConstruct): { path: string; id: string; reason: string }[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );
}

/**
 * A stack outside the service with one finding: an SQS queue that accepts plain HTTP (AwsSolutions-SQS4,
 * error level) or a table without point-in-time recovery (AwsSolutions-DDB3, warning level) beside a
 * finding acknowledged in CDK's `Plugin::Rule` form, which is when CDK alone would let warnings pass.
 */
function throwawayApp(resource: 'queue' | 'table', acknowledged: boolean): App {
  const scratch = new App({ context: cdkContext });
  addSecurityChecks(scratch);
  const stack = new Stack(scratch, 'Throwaway');
  if (resource === 'queue') {
    const queue = new sqs.Queue(stack, 'PlainQueue', { encryption: sqs.QueueEncryption.SQS_MANAGED });
    Validations.of(queue).acknowledge({ id: 'AwsSolutions-SQS3', reason: 'throwaway queue of the cdk-nag test' });
    if (acknowledged) Validations.of(queue).acknowledge({ id: 'AwsSolutions-SQS4', reason: 'throwaway queue' });
  } else {
    const table = new dynamodb.Table(stack, 'TableWithoutPitr', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    });
    const queue = new sqs.Queue(stack, 'Queue', { encryption: sqs.QueueEncryption.SQS_MANAGED, enforceSSL: true });
    Validations.of(queue).acknowledge({ id: 'AwsSolutions::AwsSolutions-SQS3', reason: 'throwaway queue' });
    if (acknowledged) Validations.of(table).acknowledge({ id: 'AwsSolutions-DDB3', reason: 'throwaway table' });
  }
  return scratch;
}

describe('cdk-nag AWS Solutions checks', () => {
  it('find nothing unacknowledged in the service', () => {
    const report = new StrictAwsSolutionsChecks().validateScope(app);
    expect(report.violations.map((violation) => violation.ruleName)).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('acknowledge only the reviewed rules, each with a specific reason', () => {
    const acknowledged = acknowledgments(app);
    expect(new Set(acknowledged.map(({ id }) => id.replace(/\[.*$/, '')))).toEqual(
      new Set(['AwsSolutions-APIG4', 'AwsSolutions-IAM5', 'AwsSolutions-SMG4', 'AwsSolutions-SQS3']),
    );
    for (const { id, reason } of acknowledged) {
      expect(reason.length, id).toBeGreaterThan(60);
    }
    // A wildcard resource is acknowledged finding by finding, never the whole rule.
    expect(acknowledged.filter(({ id }) => id === 'AwsSolutions-IAM5')).toEqual([]);
    expect(new Set(acknowledged.filter(({ id }) => id.startsWith('AwsSolutions-IAM5')).map(({ id }) => id))).toEqual(
      // X-Ray's `Resource::*` is acknowledged only where tracing is on (`-c tracing=active`), not by default;
      // the one `Resource::*` here is the aggregator's dynamodb:ListStreams (checked on its role below).
      new Set([expect.stringMatching(/:schedule\/sla-monitor-dev\/\*\]$/), 'AwsSolutions-IAM5[Resource::*]']),
    );
    expect(acknowledged.filter(({ id }) => id === 'AwsSolutions-IAM5[Resource::*]').map(({ path }) => path)).toEqual([
      expect.stringMatching(/AggregatorRole$/),
    ]);
  });

  it('fail the synth on an unacknowledged error-level finding', () => {
    expect(() => throwawayApp('queue', false).synth()).toThrow(/AwsSolutions-SQS4/);
  });

  it('fail the synth on an unacknowledged warning-level finding too', () => {
    expect(() => throwawayApp('table', false).synth()).toThrow(/AwsSolutions-DDB3/);
  });

  it('let the same stacks synthesize once their findings are acknowledged', () => {
    expect(() => throwawayApp('queue', true).synth()).not.toThrow();
    expect(() => throwawayApp('table', true).synth()).not.toThrow();
  });
});
