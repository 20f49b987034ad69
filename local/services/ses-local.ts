import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import * as z from 'zod';
import { assertPortFree } from './ports.ts';
import { waitUntilReady } from './wait-until-ready.ts';

// Mirrors the package's `Email` record as `GET /store` serialises it.
const sentMailSchema = z.object({
  messageId: z.string(),
  from: z.string(),
  replyTo: z.array(z.string()),
  destination: z.object({ to: z.array(z.string()), cc: z.array(z.string()), bcc: z.array(z.string()) }),
  subject: z.string(),
  body: z.object({ html: z.string().optional(), text: z.string().optional() }),
  attachments: z.array(
    z.object({
      content: z.string(),
      contentType: z.string(),
      filename: z.string().optional(),
      size: z.number(),
    }),
  ),
  headers: z.array(z.object({ name: z.string(), value: z.string() })).optional(),
  /** Epoch seconds when the mail was accepted. */
  at: z.number(),
});

// Loaded with require because ESM interop for this CommonJS package differs between Node and Vite.
const sesV2Local = createRequire(import.meta.url)('aws-ses-v2-local') as typeof import('aws-ses-v2-local');

const storeSchema = z.object({ emails: z.array(sentMailSchema) });

export type SentMail = z.infer<typeof sentMailSchema>;

export interface SesLocalOptions {
  port: number;
  host?: string;
  /** Named in the error when the port is taken. */
  portVariable?: string;
  readyTimeoutMs?: number;
}

export interface SesLocal {
  /** The SES v2 API endpoint; its root page lists the sent mail. */
  endpoint: string;
  stop(): Promise<void>;
  sentMail(): Promise<SentMail[]>;
  /** Empties the store, including templates. */
  clear(): Promise<void>;
}

/**
 * Starts the aws-ses-v2-local server inside this process; its store is module-wide, so two servers
 * started in one process share their mail.
 */
export async function startSesLocal(options: SesLocalOptions): Promise<SesLocal> {
  const host = options.host ?? '127.0.0.1';
  await assertPortFree(options.port, host, options.portVariable ?? 'SLA_SES_PORT');
  // The package resolves even when listen fails, handing the error to a callback it ignores.
  const server = await sesV2Local.default({ host, port: options.port });
  if (!server.listening) {
    throw new Error(`the SES server could not listen on ${host}:${options.port}`);
  }
  const endpoint = `http://${host.includes(':') ? `[${host}]` : host}:${options.port}`;
  try {
    await waitUntilReady(
      async (signal) => {
        const response = await fetch(`${endpoint}/store`, { signal });
        if (!response.ok) throw new Error(`GET /store answered ${response.status}`);
      },
      { what: `the SES server on port ${options.port}`, timeoutMs: options.readyTimeoutMs ?? 5_000 },
    );
  } catch (error) {
    await closeServer(server);
    throw error;
  }

  let stopping: Promise<void> | undefined;
  return {
    endpoint,
    stop: () => {
      stopping ??= closeServer(server);
      return stopping;
    },
    sentMail: async () => {
      const response = await fetch(`${endpoint}/store`);
      if (!response.ok) throw new Error(`GET ${endpoint}/store answered ${response.status}`);
      return storeSchema.parse(await response.json()).emails;
    },
    clear: async () => {
      const response = await fetch(`${endpoint}/clear-store`, { method: 'POST' });
      if (!response.ok) throw new Error(`POST ${endpoint}/clear-store answered ${response.status}`);
    },
  };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Keep-alive sockets from SDK clients would otherwise hold close() open.
    server.closeAllConnections();
  });
}
