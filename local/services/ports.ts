import { createServer } from 'node:net';

/** Throws, naming the environment variable to change, when `port` on `host` cannot be bound. */
export async function assertPortFree(port: number, host: string, variableName: string): Promise<void> {
  const server = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port, host, exclusive: true }, resolve);
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EADDRINUSE' ? 'is already in use' : `cannot be used (${code ?? String(error)})`;
    throw new Error(`port ${port} ${reason}: set ${variableName} to a free port`, { cause: error });
  } finally {
    await closeServer(server);
  }
}

// The kernel hands out ports of its ephemeral range (32768–60999 on Linux) to outgoing connections too, so a
// port probed free there can be taken by any client socket before the service binds it. Ports below that
// range are only ever taken by a listener that asks for them.
const PROBE_RANGE = { from: 20_000, to: 32_000 } as const;
const PROBE_ATTEMPTS = 50;

/** Whether `port` on `host` could be bound a moment ago. */
async function canBind(port: number, host: string): Promise<boolean> {
  const server = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port, host, exclusive: true }, resolve);
    });
    return true;
  } catch {
    return false;
  } finally {
    await closeServer(server);
  }
}

/**
 * A port that was free a moment ago, for tests and stacks that need their own services: a random one below
 * the kernel's ephemeral range, so that no outgoing connection takes it before it is bound; the kernel's
 * choice if none of a few random ones is free.
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < PROBE_ATTEMPTS; attempt += 1) {
    const port = PROBE_RANGE.from + Math.floor(Math.random() * (PROBE_RANGE.to - PROBE_RANGE.from));
    if (await canBind(port, host)) return port;
  }
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: 0, host }, resolve);
  });
  const address = server.address();
  await closeServer(server);
  if (address === null || typeof address === 'string') {
    throw new Error('could not read the port of a probe server');
  }
  return address.port;
}

function closeServer(server: ReturnType<typeof createServer>): Promise<void> {
  // A server that never started listening has nothing to close.
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => server.close(() => resolve()));
}
