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

/** An ephemeral port that was free a moment ago, for tests that need their own services. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
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
