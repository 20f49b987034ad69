import type { Account } from '#shared/tickets/ticket.ts';

/**
 * An account as the store holds it, for unit tests that build domain objects without the API: a production
 * account in Paris, in English, with no holidays, valid until 2030; each test states what it changes.
 */
export function accountOf(overrides: Partial<Account> = {}): Account {
  return {
    supportId: 'ACME',
    name: 'Acme',
    program: 'production',
    contractExpiresAt: '2030-12-31',
    timezone: 'Europe/Paris',
    region: 'emea',
    language: 'en',
    holidays: {},
    caseAdministrators: ['admin@acme.example'],
    supportPartners: [],
    supportAccountManager: null,
    updatedAt: '2026-12-01T09:00:00.000Z',
    ...overrides,
  };
}
