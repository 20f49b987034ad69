/** Starts the local EventBridge Scheduler emulator: HTTP API, durable state and the firing loop. */
import type { Clock } from '#shared/time/clock.ts';
import { listen } from '../listen.ts';
import { Dispatcher } from './dispatcher.ts';
import { createSchedulerHttpServer } from './http-server.ts';
import { SchedulerOperations } from './operations.ts';
import { Registry } from './registry.ts';
import { jsonFileStore, memoryStore } from './store.ts';
import type { DeadLetter, Invoke, StoredSchedule } from './types.ts';

export type { DeadLetter, Invoke, InvokeMeta, StoredSchedule } from './types.ts';

export interface SchedulerEmulatorOptions {
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  clock: Clock;
  /** A JSON file holding the state across restarts; absent keeps everything in memory. */
  dataFile?: string;
  invoke: Invoke;
  /** How often, in real time, the injected clock is polled for due schedules; 0 disables the timer. */
  pollIntervalMs?: number;
  /** The first retry's delay on the injected clock; each further retry doubles it. */
  retryBaseDelayMs?: number;
  /** An at() time fires at its start of this period, as AWS fires anywhere within the minute named. */
  precisionMs?: number;
}

export interface SchedulerEmulator {
  url: string;
  port: number;
  /** Fires everything due at clock(), overdue ones included, and resolves to the number of invocations. */
  runDue(): Promise<number>;
  deadLetters(): DeadLetter[];
  schedules(): StoredSchedule[];
  close(): Promise<void>;
}

export async function startSchedulerEmulator(options: SchedulerEmulatorOptions): Promise<SchedulerEmulator> {
  const host = options.host ?? '127.0.0.1';
  const precisionMs = options.precisionMs ?? 1000;
  const store = options.dataFile ? jsonFileStore(options.dataFile) : memoryStore();
  const registry = await Registry.open(store, options.clock());
  const operations = new SchedulerOperations({ registry, clock: options.clock, precisionMs });
  const dispatcher = new Dispatcher({
    registry,
    clock: options.clock,
    invoke: options.invoke,
    retryBaseDelayMs: options.retryBaseDelayMs ?? 1000,
    precisionMs,
  });

  const server = createSchedulerHttpServer(operations, registry);
  const port = await listen(server, options.port, host);

  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const timer =
    pollIntervalMs > 0
      ? setInterval(() => {
          dispatcher.runDue().catch((error: unknown) => {
            console.error('scheduler emulator: firing failed', error);
          });
        }, pollIntervalMs)
      : undefined;
  timer?.unref();

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    runDue: () => dispatcher.runDue(),
    deadLetters: () => structuredClone(registry.deadLetters()),
    schedules: () => structuredClone(registry.scheduleList()),
    close() {
      closing ??= (async () => {
        clearInterval(timer);
        // Firings finish first: their targets may still call this API, and their outcome must be stored.
        await dispatcher.idle();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await registry.flush();
      })();
      return closing;
    },
  };
}
