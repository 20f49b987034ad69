/**
 * Service figures on the local stack (issue 6): calls per ticket counted where they arrive, the delay from
 * a deadline to its breach row, and POST /tickets throughput at several concurrencies. Real clock, real
 * handlers, real protocols. Run alone with `npx tsx bench/service.ts [--seconds 30]`.
 */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DeleteScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { freePort } from '../local/services/ports.ts';
import { signatureHeaders } from '../local/sign.ts';
import { type LocalStack, SWEEPER_SCHEDULE, startLocalStack } from '../local/stack.ts';
import { localSecretOf } from '../shared/http/routes.ts';
import { defaultPolicy } from '../shared/policy/default-policy.ts';
import { type CountingProxy, startCountingProxy } from './counting-proxy.ts';

export interface Calls {
  dynamodb: number;
  scheduler: number;
  ses: number;
  detail: Record<string, Record<string, number>>;
}

export interface ServiceResult {
  callsPerTicket: { openRespond: Calls; openBreach: Calls };
  sweepIdleCalls: Calls;
  breachLatencyMs: { samples: number; p50: number; max: number };
  throughput: Record<string, { perSec: number; p50Ms: number; p99Ms: number; requests: number; errors: number }>;
}

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

async function call(stack: LocalStack, method: string, path: string, body?: unknown) {
  const raw = body === undefined ? '' : JSON.stringify(body);
  const secret = localSecretOf(stack.secrets, method, path);
  const response = await fetch(`${stack.urls.api}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...signatureHeaders(secret, method, path, raw) },
    ...(raw ? { body: raw } : {}),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

const account = (program: string) => ({
  name: 'Bench Ltd',
  program,
  contractExpiresAt: '2030-12-31',
  timezone: 'Europe/Paris',
  region: 'emea',
  language: 'en',
  caseAdministrators: ['admin@bench.example'],
});
let sequence = 0;
// Each ticket differs: two identical signed bodies in the same second are one delivery to the service.
const ticket = (supportId: string) => ({
  supportId,
  openedBy: { email: 'admin@bench.example' },
  severity: 2,
  product: 'Bench',
  subject: `Benchmark ticket ${++sequence}`,
  channel: 'web',
});

export async function runServiceBenchmark(
  options: { seconds?: number; concurrency?: number[] } = {},
): Promise<ServiceResult> {
  const seconds = options.seconds ?? 30;
  const ports = { dynamodb: await freePort(), ses: await freePort(), scheduler: await freePort() };
  const proxies: Record<'dynamodb' | 'scheduler' | 'ses', CountingProxy> = {
    dynamodb: await startCountingProxy(`http://127.0.0.1:${ports.dynamodb}`),
    scheduler: await startCountingProxy(`http://127.0.0.1:${ports.scheduler}`),
    ses: await startCountingProxy(`http://127.0.0.1:${ports.ses}`),
  };
  // A program with a one-minute wall-clock target, so a breach can be watched in real time.
  const policyFile = join(mkdtempSync(join(tmpdir(), 'sla-bench-')), 'policy.json');
  const policy = structuredClone(defaultPolicy);
  policy.programs.fastlane = {
    label: 'Fast lane (benchmark)',
    coverage: { clock: 'wall' },
    requiresContract: true,
    objectives: { 1: 1, 2: 1, 3: 1, 4: 1 },
  };
  writeFileSync(policyFile, JSON.stringify(policy));
  const stack = await startLocalStack({
    inMemory: true,
    ports: { api: 0, board: 0, ...ports },
    schedulerPollMs: 100,
    env: {
      SLA_DYNAMODB_ENDPOINT: proxies.dynamodb.url,
      SLA_SCHEDULER_ENDPOINT: proxies.scheduler.url,
      SLA_SES_ENDPOINT: proxies.ses.url,
      SLA_POLICY_FILE: policyFile,
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    },
  });
  const direct = new DynamoDBClient({ endpoint: stack.urls.dynamodb, region: 'eu-west-1', credentials });
  try {
    // The sweeper runs per minute, not per ticket: it is measured on its own, then kept out of the counts.
    const scheduler = new SchedulerClient({ endpoint: stack.urls.scheduler, region: 'eu-west-1', credentials });
    await scheduler.send(new DeleteScheduleCommand({ Name: SWEEPER_SCHEDULE.name, GroupName: SWEEPER_SCHEDULE.group }));
    scheduler.destroy();
    await call(stack, 'PUT', '/accounts/BENCH-PROD', account('production'));
    await call(stack, 'PUT', '/accounts/BENCH-FAST', account('fastlane'));

    const snapshot = (): Calls => ({
      dynamodb: proxies.dynamodb.total(),
      scheduler: proxies.scheduler.total(),
      ses: proxies.ses.total(),
      detail: { dynamodb: proxies.dynamodb.counts(), scheduler: proxies.scheduler.counts(), ses: proxies.ses.counts() },
    });
    const reset = () => {
      for (const proxy of Object.values(proxies)) proxy.reset();
    };
    const perTicket = (calls: Calls, n: number): Calls => ({
      dynamodb: calls.dynamodb / n,
      scheduler: calls.scheduler / n,
      ses: calls.ses / n,
      detail: Object.fromEntries(
        Object.entries(calls.detail).map(([service, ops]) => [
          service,
          Object.fromEntries(Object.entries(ops).map(([op, count]) => [op, count / n])),
        ]),
      ),
    });

    reset();
    await stack.invoker.invoke('sweeper', {});
    const sweepIdleCalls = snapshot();

    const samples = 5;
    reset();
    for (let i = 0; i < samples; i++) {
      const opened = await call(stack, 'POST', '/tickets', ticket('BENCH-PROD'));
      await call(stack, 'POST', `/tickets/${opened.json.ticketId}/responses`, { by: 'eng@vendor.example' });
    }
    const openRespond = perTicket(snapshot(), samples);

    reset();
    const fast = [];
    for (let i = 0; i < samples; i++) fast.push((await call(stack, 'POST', '/tickets', ticket('BENCH-FAST'))).json);
    const latencies: number[] = [];
    const waiting = new Set(fast.map((t) => t.ticketId as string));
    const giveUp = Date.now() + 120_000;
    while (waiting.size > 0 && Date.now() < giveUp) {
      for (const t of fast) {
        if (!waiting.has(t.ticketId)) continue;
        const { Item } = await direct.send(
          new GetItemCommand({
            TableName: stack.tableName,
            Key: { pk: { S: `TICKET#${t.ticketId}` }, sk: { S: 'TICKET' } },
            ConsistentRead: true,
          }),
        );
        if (Item?.sla?.M?.state?.S === 'breached' && Item.breachNotifiedAt?.S) {
          latencies.push(Date.now() - Date.parse(t.sla.deadline));
          waiting.delete(t.ticketId);
        }
      }
      await sleep(50);
    }
    if (waiting.size > 0) throw new Error(`${waiting.size} benchmark tickets never breached`);
    await sleep(500);
    const openBreach = perTicket(snapshot(), samples);
    latencies.sort((a, b) => a - b);

    const throughput: ServiceResult['throughput'] = {};
    for (const concurrency of options.concurrency ?? [1, 8, 32]) {
      await stack.clearMail();
      throughput[concurrency] = await load(stack, concurrency, seconds);
    }
    return {
      callsPerTicket: { openRespond, openBreach },
      sweepIdleCalls,
      breachLatencyMs: { samples, p50: quantile(latencies, 0.5), max: latencies.at(-1) ?? 0 },
      throughput,
    };
  } finally {
    direct.destroy();
    await stack.stop();
    for (const proxy of Object.values(proxies)) await proxy.close();
  }
}

/** A bounded closed-loop load: `concurrency` clients each opening tickets back to back for `seconds`. */
async function load(stack: LocalStack, concurrency: number, seconds: number) {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const stopAt = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < stopAt) {
        const t0 = performance.now();
        const response = await call(stack, 'POST', '/tickets', ticket('BENCH-PROD'));
        latencies.push(performance.now() - t0);
        if (response.status !== 201) errors += 1;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    perSec: Math.round((latencies.length / elapsed) * 10) / 10,
    p50Ms: Math.round(quantile(latencies, 0.5) * 10) / 10,
    p99Ms: Math.round(quantile(latencies, 0.99) * 10) / 10,
    requests: latencies.length,
    errors,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const flag = process.argv.indexOf('--seconds');
  const result = await runServiceBenchmark({ seconds: flag > 0 ? Number(process.argv[flag + 1]) : 30 });
  console.log(JSON.stringify(result, null, 2));
  process.exit(0);
}
