/**
 * `npm start [-- --in-memory]`: runs the whole service on this machine (DESIGN §8), prints where everything
 * is, then `ready`, and stops every service on Ctrl-C or SIGTERM.
 */
import { whenLauncherExits } from './launcher.ts';
import { stackSettingsFromEnv } from './settings.ts';
import { type LocalStack, startLocalStack } from './stack.ts';

const USAGE = `usage: npm start [-- --in-memory]

  --in-memory   keep nothing on disk (default: data persists under .local/)

Ports and secrets come from SLA_API_PORT, SLA_DYNAMODB_PORT, SLA_SES_PORT, SLA_SCHEDULER_PORT,
SLA_BOARD_PORT, SLA_WEBHOOK_SECRET and SLA_ADMIN_SECRET.`;

function banner(stack: LocalStack, inMemory: boolean): string {
  const { urls, secrets } = stack;
  const row = (label: string, value: string, note = '') => `  ${label.padEnd(11)}${value}${note && `  ${note}`}`;
  return [
    `Support SLA Monitor, local stack (${inMemory ? 'in memory' : 'data under .local/'})`,
    row('API', urls.api, `(GET ${urls.api}/ lists the routes)`),
    row('DynamoDB', urls.dynamodb, `(table ${stack.tableName})`),
    row('SES v2', urls.ses),
    row('Sent mail', urls.sesWeb, '(open in a browser: every e-mail sent)'),
    row('Scheduler', urls.scheduler, `(dead letters: ${urls.scheduler}/_emulator/dead-letters)`),
    row('Board', urls.board, '(open in a browser: the SLA dashboard, refreshing itself)'),
    'Secrets',
    row('webhook', secrets.webhook, '(SLA_WEBHOOK_SECRET: tickets, reports)'),
    row('admin', secrets.admin, '(SLA_ADMIN_SECRET: /accounts)'),
    `Sign a request: npx tsx local/curl-sign.ts GET /tickets/T-1 | sh   (POST/PUT: add the JSON body as an argument)`,
  ].join('\n');
}

const oneLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return;
  }
  const unknown = args.filter((arg) => arg !== '--in-memory');
  if (unknown.length > 0) throw new Error(`unknown argument ${unknown[0]}\n${USAGE}`);
  const inMemory = args.includes('--in-memory');

  const { ports, secrets } = stackSettingsFromEnv();
  let stack: LocalStack | undefined;
  let stopping = false;
  const shutdown = async (reason: string) => {
    // A second Ctrl-C while stopping exits at once; the process-group guard still kills the JVM on exit.
    if (stopping) process.exit(130);
    stopping = true;
    console.log(`\n${reason}: stopping`);
    try {
      await stack?.stop();
      process.exit(0);
    } catch (error) {
      console.error(`error while stopping: ${oneLine(error)}`);
      process.exit(1);
    }
  };
  // Installed before start-up; a signal during start-up exits, and the process-group guard kills the JVM on exit.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(signal));
  whenLauncherExits(() => void shutdown('npm exited'));

  stack = await startLocalStack({ inMemory, ports, secrets });
  console.log(banner(stack, inMemory));
  console.log('ready');
}

main().catch((error: unknown) => {
  console.error(`npm start: ${oneLine(error)}`);
  process.exit(1);
});
