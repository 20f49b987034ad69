/**
 * A counting proxy in front of a local AWS service: calls are counted where they arrive, by operation,
 * so "calls per ticket" is what the services saw, not what the code meant to send.
 */
import { createServer, type IncomingMessage, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CountingProxy {
  url: string;
  counts(): Record<string, number>;
  total(): number;
  reset(): void;
  close(): Promise<void>;
}

/** DynamoDB names its operation in `X-Amz-Target`; the REST services by method and path. */
export function operationOf(req: IncomingMessage): string {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return target.split('.').pop() ?? target;
  const path = (req.url ?? '').split('?')[0] ?? '';
  if (path.startsWith('/schedules/')) {
    return (
      { POST: 'CreateSchedule', PUT: 'UpdateSchedule', GET: 'GetSchedule', DELETE: 'DeleteSchedule' }[
        req.method ?? ''
      ] ??
      req.method ??
      ''
    );
  }
  if (path === '/v2/email/outbound-emails') return 'SendEmail';
  return `${req.method} ${path}`;
}

export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const to = new URL(target);
  let counts: Record<string, number> = {};
  const server = createServer((req, res) => {
    const operation = operationOf(req);
    counts[operation] = (counts[operation] ?? 0) + 1;
    const upstream = request(
      { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => ({ ...counts }),
    total: () => Object.values(counts).reduce((sum, n) => sum + n, 0),
    reset: () => {
      counts = {};
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
