/**
 * Builds the CDK app the way `cdk synth` does (cdk.json's feature flags, the cdk-nag checks), for the
 * infrastructure tests. Bundling is stubbed unless asked for: esbuild is checked once, in bundling.test.ts.
 */
import { readFileSync } from 'node:fs';
import type { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { createApp } from '../../infra/create-app.ts';
import type { SlaStack } from '../../infra/sla-stack.ts';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};

export const cdkContext = cdkJson.context;

export function synthesize(context: Record<string, unknown> = {}): { app: App; stack: SlaStack; template: Template } {
  const { app, stack } = createApp({ context: { ...cdkContext, ...context }, stubBundling: true });
  return { app, stack, template: Template.fromStack(stack) };
}

/** CloudFormation JSON, which the tests navigate freely and check with expect. */
// biome-ignore lint/suspicious/noExplicitAny: template JSON has no static shape worth declaring here
export type Cfn = any;

export type Resources = Record<string, { Type: string; Properties: Cfn; [key: string]: unknown }>;

export interface Statement {
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource?: unknown;
  Principal?: unknown;
  Condition?: unknown;
}

export const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** The logical id of the one resource of `type` whose properties include `properties`. */
export function logicalIdOf(template: Template, type: string, properties: Record<string, unknown>): string {
  const found = Object.keys(template.findResources(type, { Properties: properties }));
  if (found.length !== 1)
    throw new Error(`expected one ${type} matching ${JSON.stringify(properties)}, found ${found.length}`);
  return found[0] as string;
}
