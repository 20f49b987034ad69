import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetScheduleCommand, GetScheduleGroupCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { afterEach, describe, expect, it } from 'vitest';
import { listen } from '../../local/listen.ts';
import { assertPortFree, freePort } from '../../local/services/ports.ts';
import { signatureHeaders } from '../../local/sign.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const READY_WITHIN_MS = 30_000;

interface Launched {
  child: ChildProcess;
  output(): string;
  /** Resolves with the milliseconds from spawn to the `ready` line; rejects if the process ends first. */
  ready: Promise<number>;
  /** Resolves when stdout closes, i.e. when npx, tsx and the stack's own process have all exited. */
  closed: Promise<void>;
  exited: Promise<number | null>;
}

const launched: Launched[] = [];

afterEach(async () => {
  // A failed test must not leave a stack running for the next one.
  for (const run of launched.splice(0)) {
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGTERM');
    await Promise.race([run.closed, sleep(15_000)]);
  }
});

/** `npx tsx local/start.ts --in-memory`, as a developer would run it, with its own environment. */
function launch(env: Record<string, string>): Launched {
  const startedAt = Date.now();
  const child = spawn('npx', ['tsx', 'local/start.ts', '--in-memory'], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const ready = new Promise<number>((resolve, reject) => {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
      if (/^ready$/m.test(text)) resolve(Date.now() - startedAt);
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before ready:\n${text}`)));
  });
  ready.catch(() => {});
  const closed = new Promise<void>((resolve) => child.stdout?.once('close', resolve));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const run = { child, output: () => text, ready, closed, exited };
  launched.push(run);
  return run;
}

function dynamoDbLocalPids(port: number): number[] {
  return execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes('DynamoDBLocal.jar') && line.includes(`-port ${port} `))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

async function holdPort(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  return { server, port: await listen(server, 0, '127.0.0.1') };
}

async function freePorts(): Promise<{ api: number; dynamodb: number; ses: number; scheduler: number; board: number }> {
  return {
    api: await freePort(),
    dynamodb: await freePort(),
    ses: await freePort(),
    scheduler: await freePort(),
    board: await freePort(),
  };
}

describe('npm start', () => {
  it('prints every URL, the secrets and ready within 30 s, answers on each, and stops on SIGTERM leaving no JVM', async () => {
    const ports = await freePorts();
    const secrets = { webhook: 'e2e-webhook-secret', admin: 'e2e-admin-secret' };
    const run = launch({
      SLA_API_PORT: String(ports.api),
      SLA_DYNAMODB_PORT: String(ports.dynamodb),
      SLA_SES_PORT: String(ports.ses),
      SLA_SCHEDULER_PORT: String(ports.scheduler),
      SLA_BOARD_PORT: String(ports.board),
      SLA_WEBHOOK_SECRET: secrets.webhook,
      SLA_ADMIN_SECRET: secrets.admin,
    });
    const readyMs = await Promise.race([
      run.ready,
      sleep(READY_WITHIN_MS).then(() => {
        throw new Error(`no ready line within ${READY_WITHIN_MS} ms:\n${run.output()}`);
      }),
    ]);
    console.info(`npm start: ready after ${readyMs} ms`);
    expect(readyMs).toBeLessThan(READY_WITHIN_MS);

    const urls = {
      api: `http://127.0.0.1:${ports.api}`,
      dynamodb: `http://127.0.0.1:${ports.dynamodb}`,
      ses: `http://127.0.0.1:${ports.ses}`,
      scheduler: `http://127.0.0.1:${ports.scheduler}`,
      board: `http://127.0.0.1:${ports.board}`,
    };
    for (const url of Object.values(urls)) expect(run.output()).toContain(url);
    expect(run.output()).toMatch(new RegExp(`^\\s*Board\\s+${urls.board}`, 'm'));
    expect(run.output()).toContain(`${urls.ses}/`);
    expect(run.output()).toContain(secrets.webhook);
    expect(run.output()).toContain(secrets.admin);

    const index = await fetch(`${urls.api}/`);
    expect(index.status).toBe(200);
    expect(((await index.json()) as { routes: unknown[] }).routes.length).toBeGreaterThan(0);

    const mailPage = await fetch(`${urls.ses}/`);
    expect(mailPage.status).toBe(200);

    const boardPage = await fetch(`${urls.board}/`);
    expect(boardPage.status).toBe(200);
    expect(await boardPage.text()).toContain('At risk');

    const dynamodb = new DynamoDBClient({ endpoint: urls.dynamodb, region: 'eu-west-1', credentials });
    const scheduler = new SchedulerClient({ endpoint: urls.scheduler, region: 'eu-west-1', credentials });
    try {
      const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: 'sla-monitor' }));
      expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort()).toEqual([
        'byDue',
        'byOpened',
        'byState',
      ]);
      const ttl = await dynamodb.send(new DescribeTimeToLiveCommand({ TableName: 'sla-monitor' }));
      expect(ttl.TimeToLiveDescription?.AttributeName).toBe('expiresAt');
      await expect(scheduler.send(new GetScheduleGroupCommand({ Name: 'sla-monitor' }))).resolves.toMatchObject({
        Name: 'sla-monitor',
      });
      await expect(
        scheduler.send(new GetScheduleCommand({ Name: 'sla-sweeper', GroupName: 'default' })),
      ).resolves.toMatchObject({ ScheduleExpression: 'rate(1 minute)' });
    } finally {
      dynamodb.destroy();
      scheduler.destroy();
    }

    const unknownTicket = await fetch(`${urls.api}/tickets/does-not-exist`, {
      headers: {
        'Content-Type': 'application/json',
        ...signatureHeaders(secrets.webhook, 'GET', '/tickets/does-not-exist'),
      },
    });
    expect(unknownTicket.status).toBe(404);
    expect(unknownTicket.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await unknownTicket.json()) as { error: string }).error).toBe('ticket_not_found');

    expect(dynamoDbLocalPids(ports.dynamodb)).toHaveLength(1);
    run.child.kill('SIGTERM');
    await Promise.race([
      run.closed,
      sleep(15_000).then(() => {
        throw new Error(`still running 15 s after SIGTERM:\n${run.output()}`);
      }),
    ]);
    expect(dynamoDbLocalPids(ports.dynamodb)).toEqual([]);
    for (const port of Object.values(ports)) await assertPortFree(port, '127.0.0.1', 'port');
  }, 60_000);

  it('exits non-zero with a one-line message naming the variable of a port in use', async () => {
    const held = await holdPort();
    try {
      const ports = await freePorts();
      const run = launch({
        SLA_API_PORT: String(ports.api),
        SLA_DYNAMODB_PORT: String(ports.dynamodb),
        SLA_SES_PORT: String(held.port),
        SLA_SCHEDULER_PORT: String(ports.scheduler),
        SLA_BOARD_PORT: String(ports.board),
      });
      const code = await run.exited;
      await run.closed;
      expect(code).not.toBe(0);
      expect(run.output()).toMatch(new RegExp(`port ${held.port} is already in use: set SLA_SES_PORT to a free port`));
      expect(run.output()).not.toMatch(/^ready$/m);
      expect(dynamoDbLocalPids(ports.dynamodb)).toEqual([]);
    } finally {
      await new Promise((resolve) => held.server.close(resolve));
    }
  }, 30_000);
});
