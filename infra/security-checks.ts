/**
 * cdk-nag's AWS Solutions rules as a synthesis validation plugin (DESIGN §7): any finding that is not
 * acknowledged, with its reason, next to the construct it concerns, fails `cdk synth`.
 */
import { type App, type PolicyValidationPluginReport, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/**
 * cdk-nag fails its report on any finding, but once one finding of the report is acknowledged in
 * CDK's `AwsSolutions::Rule` form, CDK re-decides from error-level findings alone and lets warnings
 * (AwsSolutions-DDB3, among others) through; raising every finding to an error closes that gap.
 */
export class StrictAwsSolutionsChecks extends AwsSolutionsChecks {
  override validateScope(scope: IConstruct): PolicyValidationPluginReport {
    const report = super.validateScope(scope);
    const violations = report.violations.map((violation) => ({ ...violation, severity: 'error' }));
    return { ...report, violations, success: violations.length === 0 };
  }
}

export function addSecurityChecks(app: App): void {
  Validations.of(app).addPlugins(new StrictAwsSolutionsChecks(app));
}

/** Acknowledges one cdk-nag finding on one construct; the reason is what a reviewer reads. */
export function acknowledge(construct: IConstruct, id: string, reason: string): void {
  Validations.of(construct).acknowledge({ id, reason });
}

/**
 * The finding id cdk-nag's IAM5 rule gives a wildcard resource: intrinsics flattened the way cdk-nag
 * does (`<Logical.Arn>`, `<AWS::AccountId>`), so the acknowledgment follows the region and names.
 */
export function wildcardResourceFinding(scope: IConstruct, resource: string): string {
  const flatten = (node: unknown): string => {
    if (node === undefined) return '';
    if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
    const intrinsic = node as Record<string, unknown>;
    if (Array.isArray(intrinsic['Fn::Join'])) {
      const [delimiter, parts] = intrinsic['Fn::Join'] as [string, unknown[]];
      return parts.map(flatten).join(delimiter);
    }
    if (Array.isArray(intrinsic['Fn::GetAtt'])) {
      const [logicalId, attribute] = intrinsic['Fn::GetAtt'] as [unknown, unknown];
      return `<${flatten(logicalId)}.${flatten(attribute)}>`;
    }
    if (intrinsic.Ref !== undefined) return `<${flatten(intrinsic.Ref)}>`;
    return JSON.stringify(node);
  };
  return `AwsSolutions-IAM5[Resource::${flatten(Stack.of(scope).resolve(resource))}]`;
}
