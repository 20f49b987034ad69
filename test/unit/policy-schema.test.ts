/**
 * The policy document's rules (DESIGN §2: "a typed, validated document") and its loading errors, and the
 * service configuration read at cold start: each refusal names the field or variable at fault.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '#shared/config.ts';
import { defaultPolicy } from '#shared/policy/default-policy.ts';
import { InvalidPolicyError, loadPolicy, parsePolicy } from '#shared/policy/load-policy.ts';
import { policyInForce } from '#shared/policy/policy-in-force.ts';
import { minutesOfDay, type PolicyInput } from '#shared/policy/schema.ts';

type Mutable = Record<string, unknown> & { programs: Record<string, Record<string, unknown>> };
const withChange = (change: (document: Mutable) => void): unknown => {
  const document = structuredClone(defaultPolicy) as unknown as Mutable;
  change(document);
  return document;
};
const basicCoverage = (coverage: object) =>
  withChange((d) => {
    d.programs.basic!.coverage = {
      clock: 'business',
      days: [1, 2, 3, 4, 5],
      open: '08:00',
      close: '20:00',
      ...coverage,
    };
  });

/** The failure message of a refused document, or a test failure when it is accepted. */
function refusal(document: unknown, source?: string): string {
  try {
    parsePolicy(document, source);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidPolicyError);
    expect((error as Error).name).toBe('InvalidPolicyError');
    return (error as Error).message;
  }
  throw new Error('expected the policy to be refused');
}

const tempFile = (content: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'policy-')), 'policy.json');
  writeFileSync(file, content);
  return file;
};

describe('the seed policy', () => {
  it('is valid, and fills the defaults: no account manager, phone support', () => {
    const policy = parsePolicy(defaultPolicy);
    expect(policy.programs.basic).toMatchObject({ supportAccountManager: false, phone: true });
    expect(policy.programs.premier).toMatchObject({ supportAccountManager: true, phone: true });
    expect(policy.programs.free).toMatchObject({ phone: false });
  });

  it('is the policy in force when SLA_POLICY_FILE is not set', () => {
    expect(loadPolicy(undefined)).toEqual(parsePolicy(defaultPolicy));
    expect(loadPolicy('')).toEqual(parsePolicy(defaultPolicy));
    expect(policyInForce).toEqual(parsePolicy(defaultPolicy));
  });
});

describe('a business window', () => {
  it('refuses a window across midnight (23:00–04:00): close must come after open on the same day', () => {
    const message = refusal(basicCoverage({ open: '23:00', close: '04:00' }));
    expect(message).toContain('close must be after open');
    expect(message).toContain('programs.basic.coverage.close');
    expect(refusal(basicCoverage({ open: '08:00', close: '08:00' }))).toContain('close must be after open');
  });

  it('takes 00:00 to 24:00, and 23:59 as a closing', () => {
    expect(() => parsePolicy(basicCoverage({ open: '00:00', close: '24:00' }))).not.toThrow();
    expect(() => parsePolicy(basicCoverage({ open: '23:00', close: '23:59' }))).not.toThrow();
  });

  it.each(['24:01', '25:00', '7:00', '07:60', '0700', '07:00:00', ' 07:00'])('refuses the local time %j', (time) => {
    expect(refusal(basicCoverage({ open: time }))).toContain('a local time as HH:mm (00:00 to 24:00)');
  });

  it.each([
    ['no day', []],
    ['day 0', [0, 1]],
    ['day 8', [1, 8]],
    ['a fractional day', [1.5]],
  ])('refuses %s', (_what, days) => {
    expect(refusal(basicCoverage({ days }))).toContain('programs.basic.coverage.days');
  });

  it('takes any ISO weekdays 1–7', () => {
    expect(() => parsePolicy(basicCoverage({ days: [1, 7] }))).not.toThrow();
  });

  it('refuses fields of another kind of clock', () => {
    expect(refusal(withChange((d) => (d.programs.premier!.coverage = { clock: 'wall', open: '08:00' })))).toContain(
      'programs.premier.coverage',
    );
    expect(refusal(withChange((d) => (d.programs.premier!.coverage = { clock: 'sundial' })))).toContain(
      'programs.premier.coverage.clock',
    );
  });

  it('reads local times as minutes of the day', () => {
    expect(minutesOfDay('00:00')).toBe(0);
    expect(minutesOfDay('07:05')).toBe(425);
    expect(minutesOfDay('24:00')).toBe(1440);
  });
});

describe('the rest of the document', () => {
  it.each([
    ['a zero target', (d: Mutable) => (d.programs.basic!.objectives = { 1: 0, 2: 1, 3: 1, 4: 1 }), 'objectives.1'],
    [
      'a fractional target',
      (d: Mutable) => (d.programs.basic!.objectives = { 1: 1.5, 2: 1, 3: 1, 4: 1 }),
      'objectives.1',
    ],
    ['a missing severity', (d: Mutable) => (d.programs.basic!.objectives = { 1: 1, 2: 1, 3: 1 }), 'objectives.4'],
    [
      'an unknown objective',
      (d: Mutable) => (d.programs.basic!.objectives = { 1: 'soon', 2: 1, 3: 1, 4: 1 }),
      'objectives.1',
    ],
    [
      'a fifth severity',
      (d: Mutable) => (d.programs.basic!.objectives = { 1: 1, 2: 1, 3: 1, 4: 1, 5: 1 }),
      'objectives',
    ],
    ['an empty label', (d: Mutable) => (d.programs.basic!.label = ''), 'programs.basic.label'],
    ['an unknown program field', (d: Mutable) => (d.programs.basic!.colour = 'blue'), 'colour'],
    ['no programs', (d: Mutable) => (d.programs = {}), 'at least one program'],
    ['an upper-case program name', (d: Mutable) => (d.programs.Gold = d.programs.basic!), 'programs.Gold'],
    ['a program name with a dash', (d: Mutable) => (d.programs['gold-1'] = d.programs.basic!), 'programs["gold-1"]'],
    ['an empty name', (d: Mutable) => (d.name = ''), 'name'],
    ['a warning ratio of 0', (d: Mutable) => (d.warningRatio = 0), 'warningRatio'],
    ['a warning ratio of 1', (d: Mutable) => (d.warningRatio = 1), 'warningRatio'],
    ['no contact attempts', (d: Mutable) => (d.contactAttemptsBeforeClosure = 0), 'contactAttemptsBeforeClosure'],
    ['half a contact attempt', (d: Mutable) => (d.contactAttemptsBeforeClosure = 2.5), 'contactAttemptsBeforeClosure'],
    ['a negative grace', (d: Mutable) => (d.autoCloseGraceMinutes = -1), 'autoCloseGraceMinutes'],
    [
      'a region without a language',
      (d: Mutable) => ((d.regionLanguages as { us: string[] }).us = []),
      'regionLanguages.us',
    ],
    [
      'a region missing',
      (d: Mutable) => delete (d.regionLanguages as { latam?: string[] }).latam,
      'regionLanguages.latam',
    ],
    ['an unknown top-level field', (d: Mutable) => (d.currency = 'EUR'), 'currency'],
  ])('refuses %s, naming it', (_what, change, field) => {
    expect(refusal(withChange(change))).toContain(field);
  });

  it('takes the bounds themselves: one contact attempt, no grace, a program name with digits and _', () => {
    const document = withChange((d) => {
      d.contactAttemptsBeforeClosure = 1;
      d.autoCloseGraceMinutes = 0;
      d.warningRatio = 0.99;
      d.programs.gold_2 = d.programs.basic!;
    }) as PolicyInput;
    expect(parsePolicy(document)).toMatchObject({ contactAttemptsBeforeClosure: 1, autoCloseGraceMinutes: 0 });
  });

  it('says where the refused document came from, and lists every failing field', () => {
    const message = refusal(
      withChange((d) => {
        d.warningRatio = 2;
        d.name = '';
      }),
    );
    expect(message.startsWith('policy is not a valid policy:\n')).toBe(true);
    expect(message).toContain('warningRatio');
    expect(message).toContain('name');
    expect(refusal({}, 'my policy').startsWith('my policy is not a valid policy:\n')).toBe(true);
  });
});

describe('SLA_POLICY_FILE', () => {
  it('names the file it cannot read, and why', () => {
    expect(() => loadPolicy('/nonexistent/policy.json')).toThrow(InvalidPolicyError);
    expect(() => loadPolicy('/nonexistent/policy.json')).toThrow(
      /^SLA_POLICY_FILE \/nonexistent\/policy\.json cannot be read: ENOENT/,
    );
  });

  it('names the file that is not JSON, with the parser’s reason', () => {
    const file = tempFile('{ nope');
    expect(() => loadPolicy(file)).toThrow(InvalidPolicyError);
    expect(() => loadPolicy(file)).toThrow(new RegExp(`^SLA_POLICY_FILE ${file} is not JSON: .+`));
  });

  it('names the file whose policy is invalid', () => {
    const file = tempFile(JSON.stringify({ ...defaultPolicy, warningRatio: 5 }));
    expect(() => loadPolicy(file)).toThrow(new RegExp(`^SLA_POLICY_FILE ${file} is not a valid policy:\\n`));
  });

  it('is read from the environment by default', () => {
    const file = tempFile(JSON.stringify({ ...defaultPolicy, name: 'From the environment' }));
    const before = process.env.SLA_POLICY_FILE;
    process.env.SLA_POLICY_FILE = file;
    try {
      expect(loadPolicy().name).toBe('From the environment');
    } finally {
      if (before === undefined) delete process.env.SLA_POLICY_FILE;
      else process.env.SLA_POLICY_FILE = before;
    }
  });
});

describe('the configuration', () => {
  it('has a default for everything the local stack needs', () => {
    expect(readConfig({})).toEqual({
      SLA_TABLE_NAME: 'sla-monitor',
      SLA_SCHEDULE_GROUP: 'sla-monitor',
      SLA_TIMER_TARGET_ARN: 'arn:aws:lambda:eu-west-1:000000000000:function:sla-timer',
      SLA_SCHEDULER_ROLE_ARN: 'arn:aws:iam::000000000000:role/sla-scheduler',
      SLA_TIMER_DLQ_ARN: 'arn:aws:sqs:eu-west-1:000000000000:sla-timer-dlq',
      SLA_SCHEDULER_PRECISION_SECONDS: 60,
      SLA_FROM_EMAIL: 'sla-monitor@example.com',
      SLA_SUPPORT_QUEUE_EMAIL: 'support-queue@example.com',
      SLA_DUTY_MANAGER_EMAIL: 'duty-manager@example.com',
      AWS_REGION: 'eu-west-1',
    });
  });

  it('reads numbers from their text and keeps the rest as given', () => {
    const config = readConfig({
      SLA_SCHEDULER_PRECISION_SECONDS: '1',
      SLA_WARNING_RATIO: '0.5',
      SLA_ZENDESK_TOLERANCE_SECONDS: '86400',
      SLA_DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000',
      SLA_WEBHOOK_SECRET: 's',
      AWS_REGION: 'us-east-1',
    });
    expect(config).toMatchObject({
      SLA_SCHEDULER_PRECISION_SECONDS: 1,
      SLA_WARNING_RATIO: 0.5,
      SLA_ZENDESK_TOLERANCE_SECONDS: 86_400,
      SLA_DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000',
      SLA_WEBHOOK_SECRET: 's',
      AWS_REGION: 'us-east-1',
    });
    expect(readConfig({ SLA_SCHEDULER_PRECISION_SECONDS: '60' }).SLA_SCHEDULER_PRECISION_SECONDS).toBe(60);
    expect(readConfig({ SLA_ZENDESK_TOLERANCE_SECONDS: '1' }).SLA_ZENDESK_TOLERANCE_SECONDS).toBe(1);
  });

  it.each([
    ['SLA_SCHEDULER_PRECISION_SECONDS', '0'],
    ['SLA_SCHEDULER_PRECISION_SECONDS', '61'],
    ['SLA_SCHEDULER_PRECISION_SECONDS', '1.5'],
    ['SLA_SCHEDULER_PRECISION_SECONDS', 'soon'],
    ['SLA_WARNING_RATIO', '0'],
    ['SLA_WARNING_RATIO', '1'],
    ['SLA_ZENDESK_TOLERANCE_SECONDS', '0'],
    ['SLA_ZENDESK_TOLERANCE_SECONDS', '86401'],
    ['SLA_FROM_EMAIL', 'not-an-address'],
    ['SLA_SUPPORT_QUEUE_EMAIL', 'queue@'],
    ['SLA_DUTY_MANAGER_EMAIL', '@example.com'],
    ['SLA_DYNAMODB_ENDPOINT', 'localhost 8000'],
    ['SLA_SCHEDULER_ENDPOINT', 'nope'],
    ['SLA_SES_ENDPOINT', '::'],
    ['SLA_TABLE_NAME', ''],
    ['SLA_SCHEDULE_GROUP', ''],
    ['SLA_TIMER_TARGET_ARN', ''],
    ['SLA_SCHEDULER_ROLE_ARN', ''],
    ['SLA_TIMER_DLQ_ARN', ''],
  ])('refuses %s=%j, naming the variable', (name, value) => {
    let caught: unknown;
    try {
      readConfig({ [name]: value });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as Error).name).toBe('ConfigError');
    expect((caught as Error).message.startsWith('invalid configuration:\n')).toBe(true);
    expect((caught as Error).message).toContain(name);
  });
});
