/**
 * The SLA board in the synthesized stack (DESIGN §10): the dashboard is the one description in
 * shared/observability/dashboard.ts, its custom widgets call the board function, and that function may
 * only read the table. One synth, bundling stubbed.
 */
import { describe, expect, it } from 'vitest';
import { functions } from '../../functions/registry.ts';
import { boardWidgets, dashboard, layout } from '../../shared/observability/dashboard.ts';
import { asArray, logicalIdOf, type Resources, type Statement, synthesize } from './synth.ts';

const { template } = synthesize();
const resources = template.toJSON().Resources as Resources;
const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
const boardId = logicalIdOf(template, 'AWS::Lambda::Function', { FunctionName: 'SupportSlaMonitor-dev-board' });
const boardRoleId = (resources[boardId]!.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];

interface WidgetJson {
  type: string;
  x: number;
  y: number;
  width: number;
  height: number;
  properties: {
    title?: string;
    endpoint?: string;
    params?: unknown;
    updateOn?: Record<string, boolean>;
    metrics?: unknown[];
  };
}

const [dashboardResource] = ofType('AWS::CloudWatch::Dashboard');
/** The body is an Fn::Join of JSON text and references; references become `@@LogicalId@@` markers. */
const body = JSON.parse(
  (dashboardResource![1].Properties.DashboardBody as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1]
    .map((part) => {
      if (typeof part === 'string') return part;
      const reference = part as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
      return `@@${reference.Ref ?? reference['Fn::GetAtt']?.[0]}@@`;
    })
    .join(''),
) as { widgets: WidgetJson[] };

function statementsOfRole(roleId: string): Statement[] {
  return ofType('AWS::IAM::Policy')
    .filter(([, policy]) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap(([, policy]) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

describe('the CloudWatch dashboard, built from the one dashboard description', () => {
  it('has every widget of the description, at the position and size the local board uses', () => {
    const placed = layout(dashboard);
    expect(body.widgets).toHaveLength(placed.length);
    body.widgets.forEach((widget, index) => {
      const spec = placed[index]!;
      expect({
        x: widget.x,
        y: widget.y,
        width: widget.width,
        height: widget.height,
        title: widget.properties.title,
      }).toEqual({
        x: spec.x,
        y: spec.y,
        width: spec.width,
        height: spec.height,
        title: spec.title,
      });
    });
  });

  it('draws the board views as custom widgets that call the board function with their params', () => {
    const custom = body.widgets.filter((widget) => widget.type === 'custom');
    expect(custom.map((widget) => widget.properties.params)).toEqual(boardWidgets().map((widget) => widget.params));
    expect(custom.map((widget) => (widget.properties.params as { view: string }).view)).toEqual([
      'at_risk',
      'breached',
      'compliance',
    ]);
    for (const widget of custom) {
      expect(widget.properties.endpoint).toBe(`@@${boardId}@@`);
      expect(widget.properties.updateOn).toEqual({ refresh: true, resize: true, timeRange: true });
    }
  });
});

describe('the board function', () => {
  const spec = functions.find((candidate) => candidate.name === 'board');

  it('is in the function list as a widget function that reads the table and nothing else', () => {
    expect(spec).toMatchObject({
      trigger: 'widget',
      routes: [],
      grants: { table: 'read', scheduler: false, mail: false, secrets: [] },
    });
  });

  it('may only read the table and its indexes: no write, no scan, no scheduler, no mail, no secret', () => {
    const actions = statementsOfRole(boardRoleId).flatMap((statement) => asArray(statement.Action));
    const dynamodb = actions.filter((action) => action.startsWith('dynamodb:'));
    expect(new Set(dynamodb)).toEqual(
      new Set(['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem']),
    );
    expect(
      actions.filter((action) => /^(scheduler|ses|secretsmanager|iam|sqs|sns):/.test(action) || action === '*'),
    ).toEqual([]);
  });

  it('has no API route, schedule or invoke permission: the console calls it with the viewer’s credentials', () => {
    const grantsToBoard = ofType('AWS::Lambda::Permission').filter(([, permission]) =>
      JSON.stringify(permission.Properties.FunctionName).includes(boardId),
    );
    expect(grantsToBoard).toEqual([]);
    const schedules = ofType('AWS::Scheduler::Schedule').filter(([, schedule]) =>
      JSON.stringify(schedule.Properties.Target).includes(boardId),
    );
    expect(schedules).toEqual([]);
  });
});
