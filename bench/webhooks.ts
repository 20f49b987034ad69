/**
 * Webhook delivery latency on the local stack (issue 9): the time from sending a signed delivery to its 200,
 * for documented Zendesk and GitHub payloads that open, answer and close tickets. Senders give up after 10 s;
 * the target is 1 s at p99. Real clock, real handlers, real protocols. Run alone with
 * `npx tsx bench/webhooks.ts [--tickets 60] [--concurrency 4]`.
 */
import { readFileSync } from 'node:fs';
import { deliver } from '../local/deliver.ts';
import { signatureHeaders } from '../local/sign.ts';
import { type LocalStack, startLocalStack } from '../local/stack.ts';
import type { ConnectorSource } from '../shared/connectors/types.ts';

export interface WebhookBenchResult {
  deliveries: number;
  errors: number;
  concurrency: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  byEvent: Record<string, { deliveries: number; p50Ms: number; p99Ms: number }>;
}

const SECRET = 'bench-webhook-secret-0001';

// A documented payload, edited in place: its shape is the fixture's, not a type of ours.
// biome-ignore lint/suspicious/noExplicitAny: see above
type Payload = Record<string, any>;

const fixture = (source: ConnectorSource, name: string): Payload =>
  JSON.parse(readFileSync(new URL(`../test/fixtures/connectors/${source}/${name}.json`, import.meta.url), 'utf8'));

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}
const round = (ms: number) => Math.round(ms * 10) / 10;

async function admin(stack: LocalStack, method: string, path: string, body: unknown) {
  const raw = JSON.stringify(body);
  const response = await fetch(`${stack.urls.api}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...signatureHeaders(stack.secrets.admin, method, path, raw) },
    body: raw,
  });
  if (response.status !== 200) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
}

/** One ticket's deliveries, dated now: opened, a public agent reply, closed. */
function lifecycle(source: 'github' | 'zendesk', n: number): { event: string; body: string; githubEvent?: string }[] {
  const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (source === 'github') {
    const stamp = (payload: Payload) => {
      payload.issue.number = 100_000 + n;
      payload.issue.created_at = now();
      payload.issue.updated_at = now();
      if (payload.issue.closed_at) payload.issue.closed_at = now();
      if (payload.comment) payload.comment.created_at = now();
      return JSON.stringify(payload);
    };
    return [
      { event: 'github issues.opened', githubEvent: 'issues', body: stamp(fixture('github', 'issues.opened')) },
      {
        event: 'github issue_comment.created',
        githubEvent: 'issue_comment',
        body: stamp(fixture('github', 'issue_comment.created-member')),
      },
      { event: 'github issues.closed', githubEvent: 'issues', body: stamp(fixture('github', 'issues.closed')) },
    ];
  }
  const stamp = (payload: Payload, kind: string) => {
    payload.id = `bench-${kind}-${n}`;
    payload.detail.id = String(900_000 + n);
    payload.detail.created_at = now();
    payload.time = new Date().toISOString();
    return JSON.stringify(payload);
  };
  return [
    { event: 'zendesk ticket.created', body: stamp(fixture('zendesk', 'ticket-created'), 'created') },
    { event: 'zendesk ticket.comment_added', body: stamp(fixture('zendesk', 'ticket-comment-added-agent'), 'comment') },
    {
      event: 'zendesk ticket.status_changed',
      body: stamp(fixture('zendesk', 'ticket-status-changed-solved'), 'solved'),
    },
  ];
}

export async function runWebhookBenchmark(
  options: { tickets?: number; concurrency?: number; log?: (line: string) => void } = {},
): Promise<WebhookBenchResult> {
  const tickets = options.tickets ?? 60;
  const concurrency = options.concurrency ?? 4;
  const stack = await startLocalStack({
    inMemory: true,
    ports: { api: 0, dynamodb: 0, ses: 0, scheduler: 0 },
    schedulerPollMs: 250,
    env: { POWERTOOLS_LOG_LEVEL: 'ERROR' },
  });
  try {
    await admin(stack, 'PUT', '/accounts/BENCH-HOOKS', {
      name: 'Bench Hooks Ltd',
      program: 'production',
      contractExpiresAt: '2030-12-31',
      timezone: 'Europe/Paris',
      region: 'emea',
      language: 'en',
      caseAdministrators: ['admin@bench.example'],
    });
    for (const source of ['github', 'zendesk'] as const) {
      await admin(stack, 'PUT', `/connections/bench-${source}`, {
        source,
        secrets: [SECRET],
        defaultSupportId: 'BENCH-HOOKS',
      });
    }
    const samples: { event: string; ms: number }[] = [];
    let errors = 0;
    let next = 0;
    // Closed loop: each client plays one ticket's deliveries in order, then takes the next ticket.
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < tickets) {
          const n = next++;
          const source = n % 2 === 0 ? 'github' : 'zendesk';
          for (const delivery of lifecycle(source, n)) {
            const t0 = performance.now();
            const answer = await deliver(stack.urls.api, `bench-${source}`, source, SECRET, delivery.body, {
              ...(delivery.githubEvent ? { githubEvent: delivery.githubEvent } : {}),
            });
            samples.push({ event: delivery.event, ms: performance.now() - t0 });
            if (answer.status !== 200 || answer.json?.outcome !== 'applied') {
              errors += 1;
              options.log?.(`  ${delivery.event}: ${answer.status} ${answer.text}`);
            }
          }
        }
      }),
    );
    const all = samples.map((sample) => sample.ms).sort((a, b) => a - b);
    const byEvent: WebhookBenchResult['byEvent'] = {};
    for (const event of new Set(samples.map((sample) => sample.event))) {
      const times = samples.filter((sample) => sample.event === event).map((sample) => sample.ms);
      times.sort((a, b) => a - b);
      byEvent[event] = {
        deliveries: times.length,
        p50Ms: round(quantile(times, 0.5)),
        p99Ms: round(quantile(times, 0.99)),
      };
    }
    return {
      deliveries: all.length,
      errors,
      concurrency,
      p50Ms: round(quantile(all, 0.5)),
      p99Ms: round(quantile(all, 0.99)),
      maxMs: round(all.at(-1) ?? 0),
      byEvent,
    };
  } finally {
    await stack.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const flag = (name: string, fallback: number) => {
    const at = process.argv.indexOf(name);
    return at > 0 ? Number(process.argv[at + 1]) : fallback;
  };
  const result = await runWebhookBenchmark({
    tickets: flag('--tickets', 60),
    concurrency: flag('--concurrency', 4),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  console.log(JSON.stringify(result, null, 2));
  process.exit(0);
}
