/**
 * A connection (DESIGN §9, §4.1): one sender and the secrets it signs with. `native` is our own JSON API,
 * scoped to `accounts` with `read` or `write` access; the other sources are ticket systems posting their
 * own webhooks to `/webhooks/<connectionId>`. Pure: no AWS here.
 */
import { createHash } from 'node:crypto';
import type { Severity } from '../policy/schema.ts';

export const connectionSources = ['native', 'zendesk', 'jira', 'github', 'freshdesk'] as const;
export type ConnectionSource = (typeof connectionSources)[number];

export type ConnectionAccess = 'read' | 'write';

export interface Connection {
  connectionId: string;
  source: ConnectionSource;
  /** 1–2 secrets (two during a rotation). Write-only: never logged, never returned, only fingerprinted. */
  secrets: string[];
  /** The source's organisation → our support ID. */
  organizations: Record<string, string>;
  defaultSupportId: string | null;
  /** Priority name or label → severity, overriding the source's default map (compared case-insensitively). */
  severities: Record<string, Severity>;
  /** Source user ids or logins that count as support staff where the source cannot say. */
  agents: string[];
  /** `native` only: the support IDs its secrets reach; `null` is every account. */
  accounts: string[] | null;
  /** `native` only: whether its secrets may change tickets or only read them. Other sources write. */
  access: ConnectionAccess;
  createdAt: string;
  updatedAt: string;
}

/** A connection as the admin API shows it: secrets replaced by their fingerprints, with its webhook path. */
export type ConnectionView = Omit<Connection, 'secrets'> & { secretFingerprints: string[]; webhookPath?: string };

/** SHA-256 hex of a secret: enough to tell which secret is configured, nothing to sign with. */
export const secretFingerprint = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

export function connectionView(connection: Connection): ConnectionView {
  const { secrets, ...rest } = connection;
  return {
    ...rest,
    secretFingerprints: secrets.map(secretFingerprint),
    ...(connection.source === 'native' ? {} : { webhookPath: `/webhooks/${connection.connectionId}` }),
  };
}

/** Whether a native connection reaches an account (DESIGN §4.1: `accounts`, default all). */
export const reachesAccount = (connection: Pick<Connection, 'accounts'>, supportId: string): boolean =>
  connection.accounts === null || connection.accounts.includes(supportId);

/** The id under which the built-in native connections (the environment's secrets) act and are recorded. */
export const DEFAULT_CONNECTION_ID = 'default';
