/** The local stack's ports and secrets (DESIGN §8): the variables that choose them, and their defaults. */
export type ServiceName = 'api' | 'dynamodb' | 'ses' | 'scheduler' | 'board';
export type LocalStackPorts = Record<ServiceName, number>;

export interface LocalStackSecrets {
  webhook: string;
  admin: string;
}

/** The environment variables of DESIGN §8 that choose each port, and their defaults. */
export const PORT_VARIABLES: Record<ServiceName, string> = {
  api: 'SLA_API_PORT',
  dynamodb: 'SLA_DYNAMODB_PORT',
  ses: 'SLA_SES_PORT',
  scheduler: 'SLA_SCHEDULER_PORT',
  /** The local SLA board (DESIGN §10). */
  board: 'SLA_BOARD_PORT',
};
export const DEFAULT_PORTS: LocalStackPorts = { api: 3000, dynamodb: 8000, ses: 8005, scheduler: 8006, board: 8007 };
export const DEFAULT_SECRETS: LocalStackSecrets = { webhook: 'local-webhook-secret', admin: 'local-admin-secret' };

export const serviceNames: readonly ServiceName[] = ['api', 'dynamodb', 'ses', 'scheduler', 'board'];

/** Reads the ports and secrets of DESIGN §8 from the environment; a bad port names its variable. */
export function stackSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): {
  ports: LocalStackPorts;
  secrets: LocalStackSecrets;
} {
  const ports = { ...DEFAULT_PORTS };
  for (const service of serviceNames) {
    const variable = PORT_VARIABLES[service];
    const text = env[variable]?.trim();
    if (text === undefined || text === '') continue;
    const port = Number(text);
    if (!/^\d+$/.test(text) || port > 65_535) throw new Error(`${variable}=${text} is not a port number (0-65535)`);
    ports[service] = port;
  }
  return {
    ports,
    secrets: {
      webhook: env.SLA_WEBHOOK_SECRET || DEFAULT_SECRETS.webhook,
      admin: env.SLA_ADMIN_SECRET || DEFAULT_SECRETS.admin,
    },
  };
}
