import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  CreateScheduleGroupCommand,
  DeleteScheduleCommand,
  DeleteScheduleGroupCommand,
  GetScheduleCommand,
  GetScheduleGroupCommand,
  ListScheduleGroupsCommand,
  ListSchedulesCommand,
  SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type InvokeMeta,
  type SchedulerEmulator,
  type SchedulerEmulatorOptions,
  startSchedulerEmulator,
} from '#local/scheduler-emulator/index.ts';
import { manualClock } from '#shared/time/clock.ts';

const START = '2026-12-01T10:00:00Z';
const TARGET_ARN = 'arn:aws:lambda:eu-west-1:000000000000:function:sla-timer';
const ROLE_ARN = 'arn:aws:iam::000000000000:role/scheduler-invoke';
const DLQ_ARN = 'arn:aws:sqs:eu-west-1:000000000000:sla-timers-dlq';

interface Invocation {
  targetArn: string;
  input: string | undefined;
  meta: InvokeMeta;
  at: string;
}

interface Harness {
  emulator: SchedulerEmulator;
  client: SchedulerClient;
  clock: ReturnType<typeof manualClock>;
  invocations: Invocation[];
}

type HarnessOptions = Partial<Omit<SchedulerEmulatorOptions, 'invoke' | 'clock'>> & {
  clock?: ReturnType<typeof manualClock>;
  /** Runs inside every invocation; throwing makes the invocation fail. */
  behaviour?: (invocation: Invocation) => Promise<void> | void;
};

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(options: HarnessOptions = {}): Promise<Harness> {
  const { behaviour, clock = manualClock(START), ...rest } = options;
  const invocations: Invocation[] = [];
  const emulator = await startSchedulerEmulator({
    port: 0,
    pollIntervalMs: 0,
    ...rest,
    clock,
    invoke: async (targetArn, input, meta) => {
      const invocation = { targetArn, input, meta, at: clock().toISOString() };
      invocations.push(invocation);
      await behaviour?.(invocation);
    },
  });
  const client = new SchedulerClient({
    endpoint: emulator.url,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  cleanups.push(async () => {
    client.destroy();
    await emulator.close();
  });
  return { emulator, client, clock, invocations };
}

function timer(name: string, expression: string, extra: Partial<CreateScheduleCommandInput> = {}) {
  return {
    Name: name,
    ScheduleExpression: expression,
    FlexibleTimeWindow: { Mode: 'OFF' },
    Target: { Arn: TARGET_ARN, RoleArn: ROLE_ARN, Input: JSON.stringify({ timer: name }) },
    ...extra,
  } satisfies CreateScheduleCommandInput;
}

/** Requests the SDK's types would refuse, to prove the server itself validates them. */
const untyped = (input: Record<string, unknown>) => input as unknown as CreateScheduleCommandInput;

async function failure(promise: Promise<unknown>): Promise<Error & { $metadata: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { $metadata: { httpStatusCode?: number } };
  }
  throw new Error('expected the request to fail');
}

describe('scheduler emulator: schedule CRUD through the SDK', () => {
  it('creates, reads, fully replaces and deletes a schedule', async () => {
    const { client, clock } = await start();
    const created = await client.send(
      new CreateScheduleCommand({
        ...timer('t1-warning', 'at(2026-12-01T12:30:00)'),
        GroupName: 'default',
        Description: 'warning for ticket t1',
        ScheduleExpressionTimezone: 'Europe/Paris',
        StartDate: new Date('2026-12-01T10:00:00Z'),
        EndDate: new Date('2026-12-02T10:00:00Z'),
        State: 'DISABLED',
        ActionAfterCompletion: 'DELETE',
        FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 },
        Target: {
          Arn: TARGET_ARN,
          RoleArn: ROLE_ARN,
          Input: '{"ticketId":"t1"}',
          RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
          DeadLetterConfig: { Arn: DLQ_ARN },
        },
      }),
    );
    expect(created.ScheduleArn).toBe('arn:aws:scheduler:eu-west-1:000000000000:schedule/default/t1-warning');

    const got = await client.send(new GetScheduleCommand({ Name: 't1-warning', GroupName: 'default' }));
    expect(got).toMatchObject({
      Arn: created.ScheduleArn,
      Name: 't1-warning',
      GroupName: 'default',
      Description: 'warning for ticket t1',
      ScheduleExpression: 'at(2026-12-01T12:30:00)',
      ScheduleExpressionTimezone: 'Europe/Paris',
      StartDate: new Date('2026-12-01T10:00:00Z'),
      EndDate: new Date('2026-12-02T10:00:00Z'),
      State: 'DISABLED',
      ActionAfterCompletion: 'DELETE',
      FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 },
      Target: {
        Arn: TARGET_ARN,
        RoleArn: ROLE_ARN,
        Input: '{"ticketId":"t1"}',
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: DLQ_ARN },
      },
      CreationDate: new Date(START),
      LastModificationDate: new Date(START),
    });

    clock.advance(60_000);
    const updated = await client.send(new UpdateScheduleCommand(timer('t1-warning', 'at(2026-12-01T13:00:00)')));
    expect(updated.ScheduleArn).toBe(created.ScheduleArn);
    const replaced = await client.send(new GetScheduleCommand({ Name: 't1-warning' }));
    expect(replaced.ScheduleExpression).toBe('at(2026-12-01T13:00:00)');
    // A full replace: members left out of the update go back to their defaults.
    expect(replaced.Description).toBeUndefined();
    expect(replaced.StartDate).toBeUndefined();
    expect(replaced.State).toBe('ENABLED');
    expect(replaced.ScheduleExpressionTimezone).toBe('UTC');
    expect(replaced.ActionAfterCompletion).toBe('NONE');
    expect(replaced.Target).toEqual({ Arn: TARGET_ARN, RoleArn: ROLE_ARN, Input: '{"timer":"t1-warning"}' });
    expect(replaced.CreationDate).toEqual(new Date(START));
    expect(replaced.LastModificationDate).toEqual(new Date('2026-12-01T10:01:00Z'));

    await client.send(new DeleteScheduleCommand({ Name: 't1-warning' }));
    const gone = await failure(client.send(new GetScheduleCommand({ Name: 't1-warning' })));
    expect(gone.name).toBe('ResourceNotFoundException');
    expect(gone.$metadata.httpStatusCode).toBe(404);
  });

  it('lists with name prefix, group and state filters, and pages with NextToken', async () => {
    const { client } = await start();
    await client.send(new CreateScheduleGroupCommand({ Name: 'sla-timers' }));
    for (const name of ['t-05', 't-01', 't-04', 't-02', 't-03']) {
      await client.send(
        new CreateScheduleCommand({ ...timer(name, 'at(2026-12-02T10:00:00)'), GroupName: 'sla-timers' }),
      );
    }
    await client.send(new CreateScheduleCommand(timer('other-1', 'rate(5 minutes)', { State: 'DISABLED' })));
    await client.send(new CreateScheduleCommand(timer('t-99', 'cron(0 8 ? * MON-FRI *)')));

    const names: string[] = [];
    const pageSizes: number[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListSchedulesCommand({ GroupName: 'sla-timers', MaxResults: 2, NextToken: token }),
      );
      pageSizes.push(page.Schedules?.length ?? 0);
      names.push(...(page.Schedules ?? []).map((schedule) => schedule.Name ?? ''));
      token = page.NextToken;
    } while (token);
    expect(names).toEqual(['t-01', 't-02', 't-03', 't-04', 't-05']);
    expect(pageSizes).toEqual([2, 2, 1]);

    const prefixed = await client.send(new ListSchedulesCommand({ NamePrefix: 't-' }));
    expect(prefixed.Schedules?.map((schedule) => `${schedule.GroupName}/${schedule.Name}`)).toEqual([
      'default/t-99',
      'sla-timers/t-01',
      'sla-timers/t-02',
      'sla-timers/t-03',
      'sla-timers/t-04',
      'sla-timers/t-05',
    ]);
    expect(prefixed.NextToken).toBeUndefined();
    expect(prefixed.Schedules?.[1]).toMatchObject({
      Arn: 'arn:aws:scheduler:eu-west-1:000000000000:schedule/sla-timers/t-01',
      State: 'ENABLED',
      CreationDate: new Date(START),
      LastModificationDate: new Date(START),
      Target: { Arn: TARGET_ARN },
    });

    const disabled = await client.send(new ListSchedulesCommand({ State: 'DISABLED' }));
    expect(disabled.Schedules?.map((schedule) => schedule.Name)).toEqual(['other-1']);

    const badPage = await failure(client.send(new ListSchedulesCommand({ MaxResults: 0 })));
    expect(badPage.name).toBe('ValidationException');
    const badToken = await failure(client.send(new ListSchedulesCommand({ NextToken: 'not-a-token' })));
    expect(badToken.name).toBe('ValidationException');
  });

  it('has the default group from the start and manages schedule groups', async () => {
    const { client } = await start();
    const defaultGroup = await client.send(new GetScheduleGroupCommand({ Name: 'default' }));
    expect(defaultGroup).toMatchObject({
      Arn: 'arn:aws:scheduler:eu-west-1:000000000000:schedule-group/default',
      Name: 'default',
      State: 'ACTIVE',
    });

    const created = await client.send(new CreateScheduleGroupCommand({ Name: 'sla-timers' }));
    expect(created.ScheduleGroupArn).toBe('arn:aws:scheduler:eu-west-1:000000000000:schedule-group/sla-timers');
    const duplicate = await failure(client.send(new CreateScheduleGroupCommand({ Name: 'sla-timers' })));
    expect(duplicate.name).toBe('ConflictException');
    expect(duplicate.$metadata.httpStatusCode).toBe(409);

    const groups = await client.send(new ListScheduleGroupsCommand({}));
    expect(groups.ScheduleGroups?.map((group) => group.Name)).toEqual(['default', 'sla-timers']);

    await client.send(
      new CreateScheduleCommand({ ...timer('t1', 'at(2026-12-02T10:00:00)'), GroupName: 'sla-timers' }),
    );
    await client.send(new DeleteScheduleGroupCommand({ Name: 'sla-timers' }));
    const missingGroup = await failure(client.send(new GetScheduleGroupCommand({ Name: 'sla-timers' })));
    expect(missingGroup.name).toBe('ResourceNotFoundException');
    const orphan = await failure(client.send(new GetScheduleCommand({ Name: 't1', GroupName: 'sla-timers' })));
    expect(orphan.name).toBe('ResourceNotFoundException');

    const keepDefault = await failure(client.send(new DeleteScheduleGroupCommand({ Name: 'default' })));
    expect(keepDefault.name).toBe('ValidationException');
  });
});

describe('scheduler emulator: errors the server returns', () => {
  const cases: [string, CreateScheduleCommandInput, string][] = [
    ['a name with a space', timer('bad name', 'at(2026-12-02T10:00:00)'), "at 'name'"],
    ['a name over 64 characters', timer('n'.repeat(65), 'at(2026-12-02T10:00:00)'), 'less than or equal to 64'],
    ['a bad group name', { ...timer('t1', 'at(2026-12-02T10:00:00)'), GroupName: 'sla/timers' }, "at 'groupName'"],
    ['an impossible at() date', timer('t1', 'at(2026-02-30T10:00:00)'), 'Invalid Schedule Expression'],
    ['an at() without seconds', timer('t1', 'at(2026-12-02T10:00)'), 'Invalid Schedule Expression'],
    ['a free-text expression', timer('t1', 'in 5 minutes'), 'Invalid Schedule Expression'],
    ['a zero rate', timer('t1', 'rate(0 minutes)'), 'Invalid Schedule Expression'],
    ['a cron() with both day fields', timer('t1', 'cron(0 8 * * MON *)'), 'Invalid Schedule Expression'],
    [
      'an unknown time zone',
      { ...timer('t1', 'at(2026-12-02T10:00:00)'), ScheduleExpressionTimezone: 'Mars/Olympus_Mons' },
      'Timezone',
    ],
    [
      'a missing flexible time window',
      untyped({ ...timer('t1', 'at(2026-12-02T10:00:00)'), FlexibleTimeWindow: undefined }),
      "Value null at 'flexibleTimeWindow' failed to satisfy constraint: Member must not be null",
    ],
    [
      'a flexible window without its size',
      { ...timer('t1', 'at(2026-12-02T10:00:00)'), FlexibleTimeWindow: { Mode: 'FLEXIBLE' } },
      'MaximumWindowInMinutes',
    ],
    [
      'a flexible window over a day',
      {
        ...timer('t1', 'at(2026-12-02T10:00:00)'),
        FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 1441 },
      },
      "at 'flexibleTimeWindow.maximumWindowInMinutes'",
    ],
    [
      'an unknown flexible window mode',
      untyped({ ...timer('t1', 'at(2026-12-02T10:00:00)'), FlexibleTimeWindow: { Mode: 'SOMETIMES' } }),
      'enum value set: [OFF, FLEXIBLE]',
    ],
    [
      'too many retry attempts',
      {
        ...timer('t1', 'at(2026-12-02T10:00:00)'),
        Target: { Arn: TARGET_ARN, RoleArn: ROLE_ARN, RetryPolicy: { MaximumRetryAttempts: 186 } },
      },
      "at 'target.retryPolicy.maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 185",
    ],
    [
      'an event age under a minute',
      {
        ...timer('t1', 'at(2026-12-02T10:00:00)'),
        Target: { Arn: TARGET_ARN, RoleArn: ROLE_ARN, RetryPolicy: { MaximumEventAgeInSeconds: 59 } },
      },
      "at 'target.retryPolicy.maximumEventAgeInSeconds'",
    ],
    [
      'a dead-letter ARN that is not SQS',
      {
        ...timer('t1', 'at(2026-12-02T10:00:00)'),
        Target: {
          Arn: TARGET_ARN,
          RoleArn: ROLE_ARN,
          DeadLetterConfig: { Arn: 'arn:aws:sns:eu-west-1:000000000000:alerts' },
        },
      },
      "at 'target.deadLetterConfig.arn'",
    ],
    [
      'an unknown ActionAfterCompletion',
      untyped({ ...timer('t1', 'at(2026-12-02T10:00:00)'), ActionAfterCompletion: 'ARCHIVE' }),
      "at 'actionAfterCompletion'",
    ],
    ['an unknown State', untyped({ ...timer('t1', 'at(2026-12-02T10:00:00)'), State: 'PAUSED' }), "at 'state'"],
    [
      'a target without a role',
      untyped({ ...timer('t1', 'at(2026-12-02T10:00:00)'), Target: { Arn: TARGET_ARN } }),
      "Value null at 'target.roleArn'",
    ],
    [
      'a target ARN that is not an ARN',
      { ...timer('t1', 'at(2026-12-02T10:00:00)'), Target: { Arn: 'sla-timer', RoleArn: ROLE_ARN } },
      "at 'target.arn'",
    ],
    [
      'a ClientToken over 64 characters',
      { ...timer('t1', 'at(2026-12-02T10:00:00)'), ClientToken: 'x'.repeat(65) },
      "at 'clientToken'",
    ],
    [
      'an EndDate before the StartDate',
      {
        ...timer('t1', 'rate(5 minutes)'),
        StartDate: new Date('2026-12-02T10:00:00Z'),
        EndDate: new Date('2026-12-01T11:00:00Z'),
      },
      'EndDate',
    ],
    [
      'a StartDate more than 5 minutes ago',
      { ...timer('t1', 'rate(5 minutes)'), StartDate: new Date('2026-12-01T09:54:00Z') },
      'StartDate',
    ],
  ];

  it.each(cases)('refuses %s with a ValidationException and stores nothing', async (_label, input, text) => {
    const { client, emulator } = await start();
    const error = await failure(client.send(new CreateScheduleCommand(input)));
    expect(error.name).toBe('ValidationException');
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.message).toContain(text);
    expect(emulator.schedules()).toEqual([]);
  });

  it('validates updates by the same rules and leaves the schedule unchanged', async () => {
    const { client } = await start();
    await client.send(new CreateScheduleCommand(timer('t1', 'at(2026-12-02T10:00:00)')));
    const error = await failure(client.send(new UpdateScheduleCommand(timer('t1', 'at(2026-12-02T25:00:00)'))));
    expect(error.name).toBe('ValidationException');
    const kept = await client.send(new GetScheduleCommand({ Name: 't1' }));
    expect(kept.ScheduleExpression).toBe('at(2026-12-02T10:00:00)');
  });

  it('answers a duplicate name in the same group with a ConflictException, not in another group', async () => {
    const { client } = await start();
    await client.send(new CreateScheduleGroupCommand({ Name: 'other' }));
    await client.send(new CreateScheduleCommand(timer('t1', 'at(2026-12-02T10:00:00)')));
    const duplicate = await failure(client.send(new CreateScheduleCommand(timer('t1', 'at(2026-12-03T10:00:00)'))));
    expect(duplicate.name).toBe('ConflictException');
    expect(duplicate.$metadata.httpStatusCode).toBe(409);
    await client.send(new CreateScheduleCommand({ ...timer('t1', 'at(2026-12-03T10:00:00)'), GroupName: 'other' }));
    const kept = await client.send(new GetScheduleCommand({ Name: 't1' }));
    expect(kept.ScheduleExpression).toBe('at(2026-12-02T10:00:00)');
  });

  it('answers missing schedules and groups with a ResourceNotFoundException', async () => {
    const { client } = await start();
    const requests: [string, Promise<unknown>][] = [
      ['get', client.send(new GetScheduleCommand({ Name: 'nope' }))],
      ['update', client.send(new UpdateScheduleCommand(timer('nope', 'at(2026-12-02T10:00:00)')))],
      ['delete', client.send(new DeleteScheduleCommand({ Name: 'nope' }))],
      [
        'create in a missing group',
        client.send(new CreateScheduleCommand({ ...timer('t1', 'at(2026-12-02T10:00:00)'), GroupName: 'missing' })),
      ],
      ['get a missing group', client.send(new GetScheduleGroupCommand({ Name: 'missing' }))],
    ];
    for (const [label, request] of requests) {
      const error = await failure(request);
      expect({ label, name: error.name, status: error.$metadata.httpStatusCode }).toEqual({
        label,
        name: 'ResourceNotFoundException',
        status: 404,
      });
    }
  });

  it('gives a raw HTTP client the same error shape, with the type in the header and in the body', async () => {
    const { client, emulator } = await start();
    const body = {
      ...timer('ok', 'at(2026-12-02T10:00:00)'),
      Target: { Arn: TARGET_ARN, RoleArn: ROLE_ARN },
    };
    const sdkError = await failure(client.send(new CreateScheduleCommand({ ...body, Name: 'bad name' })));

    const response = await fetch(`${emulator.url}/schedules/bad%20name`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toBe('ValidationException');
    const payload = (await response.json()) as Record<string, string>;
    expect(payload.__type).toBe('ValidationException');
    expect(payload.Message).toBe(sdkError.message);
    expect(payload.message).toBe(sdkError.message);

    const noTarget = await fetch(`${emulator.url}/schedules/ok`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        ScheduleExpression: 'at(2026-12-02T10:00:00)',
        FlexibleTimeWindow: { Mode: 'OFF' },
      }),
    });
    expect(noTarget.status).toBe(400);
    expect(((await noTarget.json()) as Record<string, string>).Message).toContain("Value null at 'target'");

    const notJson = await fetch(`${emulator.url}/schedules/ok`, {
      method: 'POST',
      body: '{"ScheduleExpression":',
    });
    expect(notJson.status).toBe(400);
    expect(notJson.headers.get('x-amzn-errortype')).toBe('ValidationException');

    const missing = await fetch(`${emulator.url}/schedules/nope?groupName=default`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
    expect(((await missing.json()) as Record<string, string>).__type).toBe('ResourceNotFoundException');

    const health = await fetch(`${emulator.url}/_emulator/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    expect(emulator.schedules()).toEqual([]);
  });
});

it('ignores trailing slashes by a linear scan: 15 000 of them are an unknown operation, a few are the same path', async () => {
  const { emulator } = await start();
  const slashes = await fetch(`${emulator.url}${'/'.repeat(15_000)}`);
  expect(slashes.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
  const trailing = await fetch(`${emulator.url}/schedules/nope///?groupName=default`);
  expect(trailing.status).toBe(404);
  expect(trailing.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
});

describe('scheduler emulator: ClientToken idempotency', () => {
  it('returns the first answer for a repeated token and request, and refuses the token for another request', async () => {
    const { client, emulator } = await start();
    const request = { ...timer('t1', 'at(2026-12-02T10:00:00)'), ClientToken: 'token-1' };
    const first = await client.send(new CreateScheduleCommand(request));
    const again = await client.send(new CreateScheduleCommand(request));
    expect(again.ScheduleArn).toBe(first.ScheduleArn);
    expect(emulator.schedules()).toHaveLength(1);

    const reused = await failure(
      client.send(new CreateScheduleCommand({ ...request, ScheduleExpression: 'at(2026-12-03T10:00:00)' })),
    );
    expect(reused.name).toBe('ConflictException');
    const otherToken = await failure(client.send(new CreateScheduleCommand({ ...request, ClientToken: 'token-2' })));
    expect(otherToken.name).toBe('ConflictException');
    const kept = await client.send(new GetScheduleCommand({ Name: 't1' }));
    expect(kept.ScheduleExpression).toBe('at(2026-12-02T10:00:00)');
  });
});

describe('scheduler emulator: firing on the injected clock', () => {
  it('fires nothing before its time, then each schedule when due, in order of due time', async () => {
    const { client, emulator, clock, invocations } = await start();
    await client.send(new CreateScheduleCommand(timer('third', 'at(2026-12-01T10:03:00)')));
    await client.send(new CreateScheduleCommand(timer('first', 'at(2026-12-01T10:01:00)')));
    await client.send(new CreateScheduleCommand(timer('second', 'at(2026-12-01T10:02:00)')));

    expect(await emulator.runDue()).toBe(0);
    clock.set('2026-12-01T10:00:59.999Z');
    expect(await emulator.runDue()).toBe(0);
    expect(invocations).toEqual([]);

    clock.set('2026-12-01T10:01:00Z');
    expect(await emulator.runDue()).toBe(1);
    expect(invocations).toEqual([
      {
        targetArn: TARGET_ARN,
        input: '{"timer":"first"}',
        meta: {
          scheduleArn: 'arn:aws:scheduler:eu-west-1:000000000000:schedule/default/first',
          name: 'first',
          group: 'default',
          attempt: 1,
        },
        at: '2026-12-01T10:01:00.000Z',
      },
    ]);

    clock.set('2026-12-01T11:00:00Z');
    expect(await emulator.runDue()).toBe(2);
    expect(invocations.map((invocation) => invocation.meta.name)).toEqual(['first', 'second', 'third']);
    expect(await emulator.runDue()).toBe(0);
  });

  it('fires a schedule whose time has already passed at once', async () => {
    const { client, emulator, invocations } = await start();
    await client.send(new CreateScheduleCommand(timer('late', 'at(2026-12-01T09:00:00)')));
    expect(await emulator.runDue()).toBe(1);
    expect(invocations.map((invocation) => invocation.meta.name)).toEqual(['late']);
  });

  it('reads the at() time in the schedule time zone, across daylight saving time', async () => {
    const { client, emulator, clock, invocations } = await start({
      clock: manualClock('2026-07-01T06:00:00Z'),
    });
    await client.send(
      new CreateScheduleCommand({
        ...timer('summer', 'at(2026-07-01T10:30:00)'),
        ScheduleExpressionTimezone: 'Europe/Paris',
      }),
    );
    await client.send(
      new CreateScheduleCommand({
        ...timer('winter', 'at(2026-12-01T10:30:00)'),
        ScheduleExpressionTimezone: 'Europe/Paris',
      }),
    );
    clock.set('2026-07-01T08:29:59Z');
    expect(await emulator.runDue()).toBe(0);
    clock.set('2026-07-01T08:30:00Z');
    expect(await emulator.runDue()).toBe(1);
    clock.set('2026-12-01T09:29:59Z');
    expect(await emulator.runDue()).toBe(0);
    clock.set('2026-12-01T09:30:00Z');
    expect(await emulator.runDue()).toBe(1);
    expect(invocations.map((invocation) => [invocation.meta.name, invocation.at])).toEqual([
      ['summer', '2026-07-01T08:30:00.000Z'],
      ['winter', '2026-12-01T09:30:00.000Z'],
    ]);
  });

  it('fires at the start of the precision period, as the real service may', async () => {
    const { client, emulator, clock } = await start({ precisionMs: 60_000 });
    await client.send(new CreateScheduleCommand(timer('t1', 'at(2026-12-01T10:05:30)')));
    clock.set('2026-12-01T10:04:59Z');
    expect(await emulator.runDue()).toBe(0);
    clock.set('2026-12-01T10:05:00Z');
    expect(await emulator.runDue()).toBe(1);
  });

  it('fires rate() schedules every period from creation, and only once for missed periods', async () => {
    const { client, emulator, clock, invocations } = await start();
    await client.send(new CreateScheduleCommand(timer('sweeper', 'rate(5 minutes)')));
    clock.set('2026-12-01T10:04:59Z');
    expect(await emulator.runDue()).toBe(0);
    clock.set('2026-12-01T10:05:00Z');
    expect(await emulator.runDue()).toBe(1);
    clock.set('2026-12-01T10:09:59Z');
    expect(await emulator.runDue()).toBe(0);
    clock.set('2026-12-01T10:10:00Z');
    expect(await emulator.runDue()).toBe(1);
    clock.set('2026-12-01T10:31:00Z');
    expect(await emulator.runDue()).toBe(1);
    expect(await emulator.runDue()).toBe(0);
    clock.set('2026-12-01T10:35:00Z');
    expect(await emulator.runDue()).toBe(1);
    expect(invocations).toHaveLength(4);
    expect(await client.send(new GetScheduleCommand({ Name: 'sweeper' }))).toMatchObject({
      State: 'ENABLED',
    });
  });

  it('does not fire a DISABLED schedule until it is enabled again', async () => {
    const { client, emulator, clock } = await start();
    await client.send(new CreateScheduleCommand(timer('t1', 'at(2026-12-01T10:01:00)', { State: 'DISABLED' })));
    clock.set('2026-12-01T10:02:00Z');
    expect(await emulator.runDue()).toBe(0);
    await client.send(new UpdateScheduleCommand(timer('t1', 'at(2026-12-01T10:01:00)', { State: 'ENABLED' })));
    expect(await emulator.runDue()).toBe(1);
  });

  it('polls the injected clock on its own when given a poll interval', async () => {
    const { client, clock, invocations } = await start({ pollIntervalMs: 10 });
    await client.send(new CreateScheduleCommand(timer('t1', 'at(2026-12-01T10:01:00)')));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(invocations).toEqual([]);
    clock.set('2026-12-01T10:01:00Z');
    await vi.waitFor(() => expect(invocations.map((invocation) => invocation.meta.name)).toEqual(['t1']));
  });

  it('leaves a schedule its own target re-armed during the firing to fire at its new time', async () => {
    let client: SchedulerClient | undefined;
    const rearm = timer('t1', 'at(2026-12-01T10:10:00)', { ActionAfterCompletion: 'DELETE' });
    const harness = await start({
      behaviour: async (invocation) => {
        if (invocation.at < '2026-12-01T10:10') await client?.send(new UpdateScheduleCommand(rearm));
      },
    });
    client = harness.client;
    const { emulator, clock, invocations } = harness;
    await client.send(
      new CreateScheduleCommand(timer('t1', 'at(2026-12-01T10:01:00)', { ActionAfterCompletion: 'DELETE' })),
    );
    clock.set('2026-12-01T10:01:00Z');
    expect(await emulator.runDue()).toBe(1);
    expect(await client.send(new GetScheduleCommand({ Name: 't1' }))).toMatchObject({
      ScheduleExpression: 'at(2026-12-01T10:10:00)',
    });
    clock.set('2026-12-01T10:10:00Z');
    expect(await emulator.runDue()).toBe(1);
    expect(invocations.map((invocation) => invocation.at)).toEqual([
      '2026-12-01T10:01:00.000Z',
      '2026-12-01T10:10:00.000Z',
    ]);
    expect(emulator.schedules()).toEqual([]);
  });

  it('never fires the same schedule twice at once: a firing in flight is skipped by the next run', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { client, emulator, invocations } = await start({ behaviour: () => gate });
    await client.send(new CreateScheduleCommand(timer('slow', 'at(2026-12-01T09:59:00)')));
    const first = emulator.runDue();
    await vi.waitFor(() => expect(invocations).toHaveLength(1));
    expect(await emulator.runDue()).toBe(0);
    release();
    expect(await first).toBe(1);
    expect(await emulator.runDue()).toBe(0);
    expect(invocations).toHaveLength(1);
  });
});

describe('scheduler emulator: retries and dead letters', () => {
  it('retries with exponential back-off, then dead-letters, readable and resettable over HTTP', async () => {
    const { client, emulator, clock, invocations } = await start({
      retryBaseDelayMs: 1000,
      behaviour: (invocation) => {
        throw new Error(`target down (attempt ${invocation.meta.attempt})`);
      },
    });
    await client.send(
      new CreateScheduleCommand({
        ...timer('t1-breach', 'at(2026-12-01T10:01:00)'),
        Target: {
          Arn: TARGET_ARN,
          RoleArn: ROLE_ARN,
          Input: '{"ticketId":"t1"}',
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
          DeadLetterConfig: { Arn: DLQ_ARN },
        },
      }),
    );
    clock.set('2026-12-01T10:01:00Z');
    expect(await emulator.runDue()).toBe(1);
    expect(await emulator.runDue()).toBe(0);
    clock.advance(999);
    expect(await emulator.runDue()).toBe(0);
    clock.advance(1);
    expect(await emulator.runDue()).toBe(1);
    clock.advance(1999);
    expect(await emulator.runDue()).toBe(0);
    expect(emulator.deadLetters()).toEqual([]);
    clock.advance(1);
    expect(await emulator.runDue()).toBe(1);
    clock.advance(86_400_000);
    expect(await emulator.runDue()).toBe(0);

    expect(invocations.map((invocation) => [invocation.meta.attempt, invocation.at])).toEqual([
      [1, '2026-12-01T10:01:00.000Z'],
      [2, '2026-12-01T10:01:01.000Z'],
      [3, '2026-12-01T10:01:03.000Z'],
    ]);
    const expected = {
      scheduleArn: 'arn:aws:scheduler:eu-west-1:000000000000:schedule/default/t1-breach',
      name: 't1-breach',
      group: 'default',
      targetArn: TARGET_ARN,
      input: '{"ticketId":"t1"}',
      attempts: 3,
      lastError: 'target down (attempt 3)',
      deadLetterArn: DLQ_ARN,
      scheduledAt: '2026-12-01T10:01:00.000Z',
      deadLetteredAt: '2026-12-01T10:01:03.000Z',
    };
    expect(emulator.deadLetters()).toEqual([expected]);

    const listed = await fetch(`${emulator.url}/_emulator/dead-letters`);
    expect(listed.status).toBe(200);
    expect(await listed.json()).toEqual([expected]);
    const reset = await fetch(`${emulator.url}/_emulator/dead-letters`, { method: 'DELETE' });
    expect(reset.status).toBe(200);
    expect(await (await fetch(`${emulator.url}/_emulator/dead-letters`)).json()).toEqual([]);
    expect(emulator.deadLetters()).toEqual([]);
  });

  it('stops retrying once the next attempt would exceed the maximum event age', async () => {
    const { client, emulator, clock, invocations } = await start({
      retryBaseDelayMs: 1000,
      behaviour: () => {
        throw new Error('still down');
      },
    });
    await client.send(
      new CreateScheduleCommand({
        ...timer('t1', 'at(2026-12-01T10:00:00)'),
        Target: { Arn: TARGET_ARN, RoleArn: ROLE_ARN, RetryPolicy: { MaximumEventAgeInSeconds: 60 } },
      }),
    );
    for (let second = 0; second <= 120; second += 1) {
      clock.set(new Date(Date.parse(START) + second * 1000));
      await emulator.runDue();
    }
    // Retries at +1, +3, +7, +15 and +31 s; the next, at +63 s, would be past the 60 s age.
    expect(invocations.map((invocation) => (Date.parse(invocation.at) - Date.parse(START)) / 1000)).toEqual([
      0, 1, 3, 7, 15, 31,
    ]);
    expect(emulator.deadLetters()).toMatchObject([{ name: 't1', attempts: 6, deadLetterArn: null }]);
  });

  it('stops after a successful retry without dead-lettering', async () => {
    const { client, emulator, clock, invocations } = await start({
      behaviour: (invocation) => {
        if (invocation.meta.attempt === 1) throw new Error('cold start');
      },
    });
    await client.send(
      new CreateScheduleCommand(timer('t1', 'at(2026-12-01T10:00:00)', { ActionAfterCompletion: 'DELETE' })),
    );
    expect(await emulator.runDue()).toBe(1);
    expect(emulator.schedules()).toHaveLength(1);
    clock.advance(1000);
    expect(await emulator.runDue()).toBe(1);
    clock.advance(3_600_000);
    expect(await emulator.runDue()).toBe(0);
    expect(invocations.map((invocation) => invocation.meta.attempt)).toEqual([1, 2]);
    expect(emulator.deadLetters()).toEqual([]);
    expect(emulator.schedules()).toEqual([]);
  });
});

describe('scheduler emulator: after completion', () => {
  it('deletes a completed one-time schedule with ActionAfterCompletion DELETE', async () => {
    const { client, emulator } = await start();
    await client.send(
      new CreateScheduleCommand(timer('t1', 'at(2026-12-01T09:59:00)', { ActionAfterCompletion: 'DELETE' })),
    );
    expect(await emulator.runDue()).toBe(1);
    const gone = await failure(client.send(new GetScheduleCommand({ Name: 't1' })));
    expect(gone.name).toBe('ResourceNotFoundException');
  });

  it('keeps a completed one-time schedule with ActionAfterCompletion NONE, ENABLED, without firing it again', async () => {
    const { client, emulator, clock } = await start();
    await client.send(new CreateScheduleCommand(timer('t1', 'at(2026-12-01T09:59:00)')));
    expect(await emulator.runDue()).toBe(1);
    clock.advance(86_400_000);
    expect(await emulator.runDue()).toBe(0);
    const kept = await client.send(new GetScheduleCommand({ Name: 't1' }));
    expect(kept).toMatchObject({ State: 'ENABLED', ActionAfterCompletion: 'NONE' });
  });

  it('deletes a dead-lettered one-time schedule with ActionAfterCompletion DELETE', async () => {
    const { client, emulator } = await start({
      behaviour: () => {
        throw new Error('refused');
      },
    });
    await client.send(
      new CreateScheduleCommand({
        ...timer('t1', 'at(2026-12-01T09:59:00)', { ActionAfterCompletion: 'DELETE' }),
        Target: { Arn: TARGET_ARN, RoleArn: ROLE_ARN, RetryPolicy: { MaximumRetryAttempts: 0 } },
      }),
    );
    expect(await emulator.runDue()).toBe(1);
    expect(emulator.deadLetters()).toMatchObject([{ name: 't1', attempts: 1, lastError: 'refused' }]);
    expect(emulator.schedules()).toEqual([]);
  });
});

describe('scheduler emulator: durability', () => {
  it('keeps groups, schedules and dead letters across a restart with a data file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scheduler-emulator-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const dataFile = join(dir, 'nested', 'scheduler.json');

    const first = await start({
      dataFile,
      behaviour: (invocation) => {
        if (invocation.meta.name === 'doomed') throw new Error('gone');
      },
    });
    await first.client.send(new CreateScheduleGroupCommand({ Name: 'sla-timers' }));
    const created = await first.client.send(
      new CreateScheduleCommand({
        ...timer('t1-deadline', 'at(2026-12-01T11:00:00)', { ActionAfterCompletion: 'DELETE' }),
        GroupName: 'sla-timers',
      }),
    );
    await first.client.send(
      new CreateScheduleCommand({
        ...timer('doomed', 'at(2026-12-01T09:00:00)'),
        Target: { Arn: TARGET_ARN, RoleArn: ROLE_ARN, RetryPolicy: { MaximumRetryAttempts: 0 } },
      }),
    );
    expect(await first.emulator.runDue()).toBe(1);
    await first.emulator.close();

    const stored = JSON.parse(await readFile(dataFile, 'utf8')) as { schedules: { name: string }[] };
    expect(stored.schedules.map((schedule) => schedule.name).sort()).toEqual(['doomed', 't1-deadline']);
    expect((await readdir(join(dir, 'nested'))).filter((file) => file.endsWith('.tmp'))).toEqual([]);

    const clock = manualClock('2026-12-01T10:30:00Z');
    const second = await start({ dataFile, clock });
    const got = await second.client.send(new GetScheduleCommand({ Name: 't1-deadline', GroupName: 'sla-timers' }));
    expect(got).toMatchObject({ Arn: created.ScheduleArn, CreationDate: new Date(START) });
    expect(await second.client.send(new GetScheduleGroupCommand({ Name: 'sla-timers' }))).toMatchObject({
      Name: 'sla-timers',
    });
    expect(second.emulator.deadLetters()).toMatchObject([{ name: 'doomed', lastError: 'gone' }]);
    expect(await second.emulator.runDue()).toBe(0);
    clock.set('2026-12-01T11:00:00Z');
    expect(await second.emulator.runDue()).toBe(1);
    expect(second.invocations.map((invocation) => invocation.meta.name)).toEqual(['t1-deadline']);
    await second.emulator.close();

    const third = await start({ dataFile, clock });
    const deleted = await failure(
      third.client.send(new GetScheduleCommand({ Name: 't1-deadline', GroupName: 'sla-timers' })),
    );
    expect(deleted.name).toBe('ResourceNotFoundException');
    expect(third.emulator.schedules().map((schedule) => schedule.name)).toEqual(['doomed']);
  });
});
