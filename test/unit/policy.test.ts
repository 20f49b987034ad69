import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '#shared/policy/default-policy.ts';
import { InvalidPolicyError, loadPolicy, parsePolicy } from '#shared/policy/load-policy.ts';
import { type Severity, severities } from '#shared/policy/schema.ts';
import { DomainError } from '#shared/sla/errors.ts';
import { assertSeverityOffered, clockKind, isSeverityOffered, responseObjective } from '#shared/sla/objective.ts';
import { seedTable } from '../support/seed-table.ts';

const policy = loadPolicy(undefined);

describe("the seed's response-objective table", () => {
  const cells = seedTable();

  it('has 20 cells: five programs by four severities', () => {
    expect(cells).toHaveLength(20);
  });

  it.each(cells)('$program severity $severity: $text', ({ program, severity, objective, businessHours }) => {
    expect(responseObjective(policy, program, severity as Severity)).toEqual(objective);
    if (objective.kind === 'target') expect(clockKind(policy, program)).toBe(businessHours ? 'business' : 'wall');
  });
});

describe('refusals', () => {
  it.each([
    ['evaluation', 1],
    ['free', 1],
  ] as const)('refuses severity %s %i as severity_not_offered', (program, severity) => {
    expect(isSeverityOffered(policy, program, severity)).toBe(false);
    expect(() => assertSeverityOffered(policy, program, severity)).toThrow(
      expect.objectContaining({ code: 'severity_not_offered' }),
    );
  });

  it('offers every other cell', () => {
    const offered = Object.keys(policy.programs).flatMap((program) =>
      severities.filter((severity) => isSeverityOffered(policy, program, severity)).map((s) => `${program}/${s}`),
    );
    expect(offered).toHaveLength(18);
  });

  it('names an unknown program', () => {
    expect(() => responseObjective(policy, 'platinum', 1)).toThrow(DomainError);
    expect(() => responseObjective(policy, 'toString', 1)).toThrow(/not in the policy/);
  });
});

describe('the policy document', () => {
  it('takes a JSON file named by SLA_POLICY_FILE in place of the seed', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'policy-')), 'policy.json');
    const custom = structuredClone(defaultPolicy);
    custom.name = 'Custom';
    custom.programs.gold = {
      label: 'Gold',
      coverage: { clock: 'business', days: [1, 2, 3, 4, 5, 6], open: '07:00', close: '19:00' },
      requiresContract: true,
      objectives: { 1: 60, 2: 'best_effort', 3: 'best_effort', 4: 'not_offered' },
    };
    writeFileSync(file, JSON.stringify(custom));
    const loaded = loadPolicy(file);
    expect(loaded.name).toBe('Custom');
    expect(responseObjective(loaded, 'gold', 1)).toEqual({ kind: 'target', minutes: 60 });
    expect(isSeverityOffered(loaded, 'gold', 4)).toBe(false);
  });

  it('refuses an invalid document and names the failing field', () => {
    const broken = structuredClone(defaultPolicy) as unknown as { programs: { basic: { coverage: object } } };
    broken.programs.basic.coverage = { clock: 'business', days: [1], open: '20:00', close: '08:00' };
    expect(() => parsePolicy(broken)).toThrow(InvalidPolicyError);
    expect(() => parsePolicy(broken)).toThrow(/programs\.basic\.coverage\.close/);
    expect(() => parsePolicy({ ...defaultPolicy, warningRatio: 1.5 })).toThrow(/warningRatio/);
  });

  it('says when SLA_POLICY_FILE cannot be read or is not JSON', () => {
    expect(() => loadPolicy('/nonexistent/policy.json')).toThrow(/cannot be read/);
    const file = join(mkdtempSync(join(tmpdir(), 'policy-')), 'policy.json');
    writeFileSync(file, '{ nope');
    expect(() => loadPolicy(file)).toThrow(/is not JSON/);
  });
});
