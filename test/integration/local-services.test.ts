import { execFile, execFileSync, spawn } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '#local/listen.ts';
import { type DynamoDbLocal, startDynamoDbLocal } from '#local/services/dynamodb-local.ts';
import { parseJavaMajor } from '#local/services/java.ts';
import { assertPortFree, freePort } from '#local/services/ports.ts';
import { type SesLocal, startSesLocal } from '#local/services/ses-local.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

function dynamo(endpoint: string, region = 'eu-west-1', keys = credentials): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region, credentials: keys });
}

async function createTicketsTable(client: DynamoDBClient): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: 'tickets',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
}

async function holdPort(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  return { server, port: await listen(server, 0, '127.0.0.1') };
}

/** True when `pid` is gone or a zombie nobody reaped yet, which holds no port and runs no code. */
function processIsGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
  const state = execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).trim();
  return state.startsWith('Z');
}

function dynamoDbLocalProcessesOnPort(port: number): string[] {
  const lines = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' }).split('\n');
  return lines.filter((line) => line.includes('DynamoDBLocal.jar') && line.includes(`-port ${port} `));
}

async function waitForGone(pid: number, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (processIsGone(pid)) return true;
    await sleep(50);
  }
  return processIsGone(pid);
}

/** A stand-in `java` that passes the version check, then runs `body` instead of DynamoDB Local. */
async function fakeJava(dir: string, body: string): Promise<string> {
  const path = join(dir, `java-${Math.random().toString(36).slice(2)}`);
  const script = `#!/bin/sh
if [ "$1" = "-version" ]; then echo 'openjdk version "17.0.9" 2023-10-17' >&2; exit 0; fi
${body}
`;
  await writeFile(path, script);
  await chmod(path, 0o755);
  return path;
}

describe('ports', () => {
  it('freePort returns a port that can be bound, below the ephemeral range that client sockets take ports from', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThanOrEqual(20_000);
    expect(port).toBeLessThan(32_000);
    await expect(assertPortFree(port, '127.0.0.1', 'SLA_TEST_PORT')).resolves.toBeUndefined();
  });

  it('assertPortFree names the variable to change when the port is held', async () => {
    const { server, port } = await holdPort();
    try {
      await expect(assertPortFree(port, '127.0.0.1', 'SLA_DYNAMODB_PORT')).rejects.toThrow(
        `port ${port} is already in use: set SLA_DYNAMODB_PORT to a free port`,
      );
    } finally {
      server.close();
    }
  });
});

describe('java', () => {
  it('reads the major version of old and new version strings', () => {
    expect(parseJavaMajor('openjdk version "17.0.15" 2025-04-15')).toBe(17);
    expect(parseJavaMajor('java version "1.8.0_392"')).toBe(8);
    expect(parseJavaMajor('openjdk version "21" 2023-09-19')).toBe(21);
  });
});

describe('DynamoDB Local', () => {
  let workDir: string;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'sla-ddb-'));
  });

  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  describe('in memory', () => {
    let ddb: DynamoDbLocal;
    let port: number;

    beforeAll(async () => {
      port = await freePort();
      const started = performance.now();
      ddb = await startDynamoDbLocal({ port, inMemory: true });
      console.info(`DynamoDB Local (in memory) ready in ${Math.round(performance.now() - started)} ms`);
    });

    afterAll(async () => {
      await ddb.stop();
    });

    it('serves a real create/put/get round trip on the requested port', async () => {
      expect(ddb.endpoint).toBe(`http://127.0.0.1:${port}`);
      const client = dynamo(ddb.endpoint);
      await createTicketsTable(client);
      await client.send(new PutItemCommand({ TableName: 'tickets', Item: { pk: { S: 'T-1' }, severity: { N: '2' } } }));
      const { Item } = await client.send(new GetItemCommand({ TableName: 'tickets', Key: { pk: { S: 'T-1' } } }));
      expect(Item).toEqual({ pk: { S: 'T-1' }, severity: { N: '2' } });
      client.destroy();
    });

    it('shares tables across regions and access keys', async () => {
      const other = dynamo(ddb.endpoint, 'us-east-1', { accessKeyId: 'other', secretAccessKey: 'other' });
      const { TableNames } = await other.send(new ListTablesCommand({}));
      expect(TableNames).toContain('tickets');
      other.destroy();
    });

    it('refuses a second start on the same port, naming the variable', async () => {
      await expect(startDynamoDbLocal({ port, inMemory: true })).rejects.toThrow(
        `port ${port} is already in use: set SLA_DYNAMODB_PORT to a free port`,
      );
    });
  });

  it('stop() leaves no Java process behind and frees the port', async () => {
    const port = await freePort();
    const ddb = await startDynamoDbLocal({ port, inMemory: true });
    expect(dynamoDbLocalProcessesOnPort(port)).toHaveLength(1);
    expect(processIsGone(ddb.pid)).toBe(false);
    const started = performance.now();
    await ddb.stop();
    console.info(`DynamoDB Local stopped in ${Math.round(performance.now() - started)} ms`);
    expect(() => process.kill(ddb.pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
    expect(dynamoDbLocalProcessesOnPort(port)).toEqual([]);
    await expect(assertPortFree(port, '127.0.0.1', 'SLA_DYNAMODB_PORT')).resolves.toBeUndefined();
    await expect(ddb.stop()).resolves.toBeUndefined();
  });

  it('keeps data in dataDir across stop and start', async () => {
    const dataDir = join(workDir, 'nested', 'data');
    const first = await startDynamoDbLocal({ port: await freePort(), inMemory: false, dataDir });
    const writer = dynamo(first.endpoint);
    await createTicketsTable(writer);
    await writer.send(new PutItemCommand({ TableName: 'tickets', Item: { pk: { S: 'kept' } } }));
    writer.destroy();
    await first.stop();
    expect(await readdir(dataDir)).toContain('shared-local-instance.db');

    const started = performance.now();
    const second = await startDynamoDbLocal({ port: await freePort(), inMemory: false, dataDir });
    console.info(`DynamoDB Local (dataDir) ready in ${Math.round(performance.now() - started)} ms`);
    try {
      const reader = dynamo(second.endpoint, 'ap-southeast-2');
      const { Item } = await reader.send(new GetItemCommand({ TableName: 'tickets', Key: { pk: { S: 'kept' } } }));
      expect(Item).toEqual({ pk: { S: 'kept' } });
      reader.destroy();
    } finally {
      await second.stop();
    }
  });

  it('requires a dataDir unless in memory', async () => {
    await expect(startDynamoDbLocal({ port: await freePort(), inMemory: false })).rejects.toThrow(/dataDir/);
  });

  it('says how to install Java when it is missing', async () => {
    await expect(
      startDynamoDbLocal({ port: await freePort(), inMemory: true, java: join(workDir, 'no-such-java') }),
    ).rejects.toThrow(
      'Java 17+ is needed for DynamoDB Local: install it (Debian: apt-get install default-jre-headless)',
    );
  });

  it('refuses Java older than 17', async () => {
    const java = join(workDir, 'java8');
    await writeFile(java, `#!/bin/sh\necho 'java version "1.8.0_392"' >&2\n`);
    await chmod(java, 0o755);
    await expect(startDynamoDbLocal({ port: await freePort(), inMemory: true, java })).rejects.toThrow(
      'Java 17+ is needed for DynamoDB Local (found Java 8)',
    );
  });

  it('reports the output of a process that exits before answering', async () => {
    const java = await fakeJava(workDir, 'echo "boom: sqlite4java could not load" >&2\nexit 3');
    await expect(startDynamoDbLocal({ port: await freePort(), inMemory: true, java })).rejects.toThrow(
      /exited \(code 3, signal null\) before answering[\s\S]*boom: sqlite4java could not load/,
    );
  });

  it('times out with the output and kills the whole process group', async () => {
    const pidFile = join(workDir, 'grandchild.pid');
    const java = await fakeJava(workDir, `echo "stuck starting" >&2\nsleep 300 &\necho $! > ${pidFile}\nwait`);
    await expect(
      startDynamoDbLocal({ port: await freePort(), inMemory: true, java, readyTimeoutMs: 1_500 }),
    ).rejects.toThrow(/did not answer within 1500 ms[\s\S]*stuck starting/);
    const grandchild = Number(await readFile(pidFile, 'utf8'));
    expect(grandchild).toBeGreaterThan(0);
    expect(await waitForGone(grandchild)).toBe(true);
  });

  it('kills DynamoDB Local when the parent process exits without stopping it', async () => {
    const script = join(workDir, 'parent.mts');
    const modulePath = join(repoRoot, 'local/services/dynamodb-local.ts');
    const portsPath = join(repoRoot, 'local/services/ports.ts');
    await writeFile(
      script,
      `import { startDynamoDbLocal } from ${JSON.stringify(modulePath)};
import { freePort } from ${JSON.stringify(portsPath)};
const ddb = await startDynamoDbLocal({ port: await freePort(), inMemory: true });
console.log(String(ddb.pid));
process.exit(0);
`,
    );
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['--import', 'tsx', script], { cwd: repoRoot, timeout: 40_000 }, (error, out) =>
        error ? reject(error) : resolve(out),
      );
    });
    const javaPid = Number(stdout.trim().split('\n').at(-1));
    expect(javaPid).toBeGreaterThan(0);
    expect(await waitForGone(javaPid)).toBe(true);
  });
});

describe('process group guard', () => {
  let workDir: string;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'sla-group-'));
  });

  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  /** Runs a script that starts `sleep 300` as a group, signals it once it printed the pid, and reports. */
  async function signalParent(signal: NodeJS.Signals, ownHandler: boolean) {
    const script = join(workDir, `parent-${signal}-${ownHandler}.mts`);
    const groupPath = join(repoRoot, 'local/services/process-group.ts');
    const handler = ownHandler
      ? `process.on(${JSON.stringify(signal)}, async () => { await group.stop(); console.log('graceful', group.exitStatus()?.signal); process.exit(0); });`
      : '';
    await writeFile(
      script,
      `import { spawnGroup } from ${JSON.stringify(groupPath)};
const group = await spawnGroup('sleep', ['300']);
${handler}
console.log(String(group.pid));
setInterval(() => {}, 1_000);
`,
    );
    const parent = spawn(process.execPath, ['--import', 'tsx', script], { cwd: repoRoot });
    let stdout = '';
    parent.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      parent.once('exit', (code, exitSignal) => resolve({ code, signal: exitSignal })),
    );
    const deadline = Date.now() + 20_000;
    while (!/^\d+$/m.test(stdout) && Date.now() < deadline) await sleep(50);
    const childPid = Number(/^(\d+)$/m.exec(stdout)?.[1]);
    expect(childPid).toBeGreaterThan(0);
    expect(processIsGone(childPid)).toBe(false);
    parent.kill(signal);
    const status = await exited;
    return { status, childPid, stdout };
  }

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'kills the groups on %s when nobody handles it, and the parent still dies of the signal',
    async (signal) => {
      const { status, childPid } = await signalParent(signal, false);
      expect(status).toEqual({ code: null, signal });
      expect(await waitForGone(childPid)).toBe(true);
    },
  );

  it('leaves shutdown to a program that handles the signal itself', async () => {
    const { status, childPid, stdout } = await signalParent('SIGTERM', true);
    // SIGTERM rather than SIGKILL shows the guard left the stopping to the program's own handler.
    expect(stdout).toContain('graceful SIGTERM');
    expect(status).toEqual({ code: 0, signal: null });
    expect(await waitForGone(childPid)).toBe(true);
  });
});

describe('SES v2 local server', () => {
  let ses: SesLocal;
  let port: number;
  let client: SESv2Client;

  beforeAll(async () => {
    port = await freePort();
    const started = performance.now();
    ses = await startSesLocal({ port });
    console.info(`SES server ready in ${Math.round(performance.now() - started)} ms`);
    client = new SESv2Client({ endpoint: ses.endpoint, region: 'eu-west-1', credentials });
  });

  afterAll(async () => {
    client.destroy();
    await ses.stop();
  });

  it('records a real SendEmail call in sentMail() and clear() empties it', async () => {
    await ses.clear();
    await client.send(
      new SendEmailCommand({
        FromEmailAddress: 'sla@example.com',
        Destination: { ToAddresses: ['oncall@example.com'], CcAddresses: ['lead@example.com'] },
        Content: {
          Simple: {
            Subject: { Data: 'SLA breach: T-42' },
            Body: { Text: { Data: 'Ticket T-42 breached its response target.' } },
          },
        },
      }),
    );
    const mail = await ses.sentMail();
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({
      from: 'sla@example.com',
      destination: { to: ['oncall@example.com'], cc: ['lead@example.com'], bcc: [] },
      subject: 'SLA breach: T-42',
      body: { text: 'Ticket T-42 breached its response target.' },
    });
    expect(mail[0]?.messageId).toEqual(expect.any(String));
    expect(mail[0]?.at).toBeGreaterThan(Date.now() / 1000 - 60);

    await ses.clear();
    expect(await ses.sentMail()).toEqual([]);
  });

  it('serves the mail-listing web page at the endpoint', async () => {
    const response = await fetch(ses.endpoint);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('refuses a taken port, naming the variable', async () => {
    await expect(startSesLocal({ port })).rejects.toThrow(
      `port ${port} is already in use: set SLA_SES_PORT to a free port`,
    );
  });

  it('stop() frees the port and is safe to call twice', async () => {
    const other = await startSesLocal({ port: await freePort() });
    const otherPort = Number(new URL(other.endpoint).port);
    // A kept-alive SDK connection must not hold stop() open.
    const otherClient = new SESv2Client({ endpoint: other.endpoint, region: 'eu-west-1', credentials });
    await otherClient.send(
      new SendEmailCommand({
        FromEmailAddress: 'a@example.com',
        Destination: { ToAddresses: ['b@example.com'] },
        Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } },
      }),
    );
    await other.stop();
    await other.stop();
    otherClient.destroy();
    await expect(fetch(`${other.endpoint}/store`)).rejects.toThrow();
    await expect(assertPortFree(otherPort, '127.0.0.1', 'SLA_SES_PORT')).resolves.toBeUndefined();
  });
});
