/** Accounts and tickets for tests that go through the HTTP API of a local stack. */
import { expect } from 'vitest';
import type { LocalStack } from '../../local/stack.ts';
import { type SignedResponse, signedFetch } from './local-stack.ts';

export interface TicketJson {
  ticketId: string;
  status: string;
  severity: number;
  program: string;
  sla: {
    clock: string;
    targetMinutes: number | null;
    deadline: string | null;
    warnAt: string | null;
    state: string;
    respondedAt: string | null;
    breachedAt: string | null;
    elapsedMinutes: number | null;
    version: number;
  };
  timers: { kind: string; at: string; version: number; name: string }[];
  autoCloseAt: string | null;
  breachNotifiedAt: string | null;
  history?: { type: string; at: string; by?: string; details?: Record<string, unknown> }[];
}

export const ADMIN = 'admin@customer.example';

export function accountBody(program: string, overrides: Record<string, unknown> = {}) {
  return {
    name: 'Customer Inc.',
    program,
    ...(program === 'free' ? {} : { contractExpiresAt: '2027-12-31' }),
    timezone: 'Europe/Paris',
    region: 'emea',
    language: 'fr',
    holidays: { calendar: 'FR' },
    caseAdministrators: [ADMIN],
    supportPartners: ['partner-1'],
    ...(program === 'premier' ? { supportAccountManager: 'sam@vendor.example' } : {}),
    ...overrides,
  };
}

export async function putAccount(stack: LocalStack, supportId: string, program: string, overrides = {}) {
  const response = await signedFetch(stack, 'PUT', `/accounts/${supportId}`, accountBody(program, overrides));
  expect(response.status, response.text).toBe(200);
  return response;
}

let sequence = 0;

/** A new ticket's body; each differs, since identical signed bodies in one second are one delivery. */
export function ticketBody(supportId: string, overrides: Record<string, unknown> = {}) {
  sequence += 1;
  return {
    supportId,
    openedBy: { email: ADMIN },
    severity: 2,
    product: 'Backup & Replication',
    subject: `Backups fail with error ${sequence}`,
    channel: 'web',
    ...overrides,
  };
}

export async function openTicket(
  stack: LocalStack,
  supportId: string,
  overrides: Record<string, unknown> = {},
): Promise<TicketJson> {
  const response = await signedFetch<TicketJson>(stack, 'POST', '/tickets', ticketBody(supportId, overrides));
  expect(response.status, response.text).toBe(201);
  return response.json;
}

export async function getTicket(stack: LocalStack, ticketId: string): Promise<TicketJson> {
  const response: SignedResponse<TicketJson> = await signedFetch(stack, 'GET', `/tickets/${ticketId}`);
  expect(response.status, response.text).toBe(200);
  return response.json;
}

/** Mail the local SES server holds whose subject names the ticket and contains `about`. */
export async function mailAbout(stack: LocalStack, ticketId: string, about: string) {
  return (await stack.sentMail()).filter((mail) => mail.subject.includes(ticketId) && mail.subject.includes(about));
}
