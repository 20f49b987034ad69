/**
 * A realistic picture for the board, through the HTTP API: a few accounts on every program and a few
 * dozen tickets over the last days, some answered in time, some late, some still running or overdue.
 * (The scale issue's `seedTickets` from local/seed.ts fills the store directly with many more.)
 */

import { localSecretOf } from '../shared/http/routes.ts';
import { random } from './random.ts';
import { signatureHeaders, unixSeconds } from './sign.ts';
import type { LocalStack } from './stack.ts';

type Target = Pick<LocalStack, 'urls' | 'secrets' | 'clock'>;
interface TicketJson {
  ticketId: string;
  sla: { deadline: string | null };
}

const accounts = [
  {
    supportId: 'ACME-BANK',
    name: 'Acme Bank',
    program: 'premier',
    timezone: 'Europe/Paris',
    region: 'emea',
    language: 'fr',
    holidays: { calendar: 'FR' },
  },
  {
    supportId: 'GLOBEX',
    name: 'Globex Corporation',
    program: 'production',
    timezone: 'America/New_York',
    region: 'us',
    language: 'en',
    holidays: {},
  },
  {
    supportId: 'INITECH',
    name: 'Initech GmbH',
    program: 'basic',
    timezone: 'Europe/Berlin',
    region: 'emea',
    language: 'de',
    holidays: { calendar: 'DE' },
  },
  {
    supportId: 'UMBRELLA',
    name: 'Umbrella KK',
    program: 'evaluation',
    timezone: 'Asia/Tokyo',
    region: 'apac',
    language: 'ja',
    holidays: {},
  },
  {
    supportId: 'STARK-IND',
    name: 'Stark Industries',
    program: 'production',
    timezone: 'America/Los_Angeles',
    region: 'us',
    language: 'en',
    holidays: {},
  },
  {
    supportId: 'HOOLI',
    name: 'Hooli Community',
    program: 'free',
    timezone: 'UTC',
    region: 'us',
    language: 'en',
    holidays: {},
  },
] as const;

const subjects = [
  'Cluster node fails to rejoin after upgrade',
  'Backup job times out on the nightly run',
  'Login page returns 502 behind the load balancer',
  'Replication lag above 10 minutes',
  'How to rotate the API keys without downtime?',
  'Documentation: wrong flag in the install guide',
  'Monitoring agent crashes on start',
  'Export to CSV truncates long fields',
  'Licence server unreachable from the DR site',
  'Slow queries after enabling audit logging',
  'Certificate renewal fails with "unknown issuer"',
  'Dashboard widgets show no data since Monday',
];

/** One signed API call, as a ticket system sends it (local/sign.ts); a non-2xx answer throws. */
export async function signedCall(
  target: Target,
  method: string,
  path: string,
  body: unknown,
): Promise<{ status: number; json: TicketJson }> {
  const raw = JSON.stringify(body);
  const secret = localSecretOf(target.secrets, method, path);
  const response = await fetch(`${target.urls.api}${path}`, {
    method,
    headers: {
      'Content-Type': 'application/json',
      ...signatureHeaders(secret, method, path, raw, unixSeconds(target.clock())),
    },
    body: raw,
  });
  const json = (await response.json()) as TicketJson;
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return { status: response.status, json };
}

export interface FillOptions {
  tickets: number;
  seed?: number;
  /** How many days back the tickets are spread (default 3). */
  days?: number;
  /**
   * Moves the stack's clock (handlers and scheduler emulator together) to an instant: each ticket is then
   * opened and answered at its own time, so answers in time are met and timers fire as they would have.
   * Without it everything happens now, and a ticket opened days ago is already breached when it arrives.
   */
  travelTo?: (at: Date) => void;
}

interface Planned {
  at: number;
  run: () => Promise<void>;
}

export async function fillBoard(target: Target, options: FillOptions): Promise<{ tickets: number; accounts: number }> {
  const next = random(options.seed ?? 12);
  const now = target.clock().getTime();
  const travel = (at: number) => options.travelTo?.(new Date(at));
  const days = options.days ?? 3;
  travel(now - (days + 1) * 24 * 3_600_000);
  for (const { supportId, ...account } of accounts) {
    await signedCall(target, 'PUT', `/accounts/${supportId}`, {
      ...account,
      ...(account.program === 'free' ? {} : { contractExpiresAt: '2030-12-31' }),
      caseAdministrators: [`admin@${supportId.toLowerCase()}.example`],
      supportPartners: [],
      ...(account.program === 'premier' ? { supportAccountManager: 'sam@vendor.example' } : {}),
    });
  }
  const queue: Planned[] = [];
  const plan = (at: number, run: () => Promise<void>) => {
    queue.push({ at, run });
    queue.sort((a, b) => a.at - b.at);
  };
  for (let index = 0; index < options.tickets; index++) {
    const account = accounts[index % accounts.length] as (typeof accounts)[number];
    // Severity 1 is not offered on evaluation and free.
    const lowest = account.program === 'evaluation' || account.program === 'free' ? 2 : 1;
    const severity = lowest + Math.floor(next() * (5 - lowest));
    // Most tickets opened over the last three days; the last few lately, so some clocks are still running.
    const recent = index >= options.tickets - 10;
    const ageMinutes = recent ? 5 + next() * 40 : 120 + next() * days * 24 * 60;
    const openedAt = now - ageMinutes * 60_000;
    const answer = next();
    const share = next();
    plan(openedAt, async () => {
      const { json: ticket } = await signedCall(target, 'POST', '/tickets', {
        supportId: account.supportId,
        openedBy: { email: `admin@${account.supportId.toLowerCase()}.example` },
        severity,
        product: 'Data Platform',
        subject: subjects[index % subjects.length],
        channel: answer < 0.7 ? 'web' : 'email',
        openedAt: new Date(openedAt).toISOString(),
        externalId: `board-fill-${options.seed ?? 12}-${index}`,
      });
      const deadline = ticket.sla.deadline ? Date.parse(ticket.sla.deadline) : undefined;
      if (deadline === undefined || recent || answer < 0.12) return;
      // Most answered before the deadline, some late; what would be answered in the future stays open.
      const span = deadline - openedAt;
      const respondAt = answer < 0.8 ? openedAt + span * (0.1 + 0.85 * share) : deadline + span * (0.1 + share);
      if (respondAt >= now) return;
      plan(respondAt, async () => {
        await signedCall(target, 'POST', `/tickets/${ticket.ticketId}/responses`, {
          by: 'engineer@vendor.example',
          at: new Date(respondAt).toISOString(),
        });
      });
    });
  }
  for (let step = queue.shift(); step; step = queue.shift()) {
    travel(step.at);
    await step.run();
  }
  travel(now);
  return { tickets: options.tickets, accounts: accounts.length };
}
