import type { AddressInfo, Server } from 'node:net';

/** Starts listening and resolves to the port (0 picks a free one), or rejects with the listen error. */
export async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}
