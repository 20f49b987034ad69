/**
 * Prints a signed curl command for the local API (DESIGN §4.1, signature v2), so a request can be tried by hand:
 * `npx tsx local/curl-sign.ts POST /tickets '{"supportId":"S-1",...}' | sh`.
 */
import { readFileSync } from 'node:fs';
import { routeAuthOf } from '../shared/http/routes.ts';
import { stackSettingsFromEnv } from './settings.ts';
import { signatureHeaders } from './sign.ts';

const USAGE = `usage: npx tsx local/curl-sign.ts [--admin|--webhook] METHOD PATH [BODY | @FILE | -]

Prints a curl command signed with the local secret of the route (admin for /accounts, else webhook);
the body is taken literally, from a file (@FILE) or from standard input (-). The API port and the
secrets come from SLA_API_PORT, SLA_WEBHOOK_SECRET and SLA_ADMIN_SECRET, as for npm start.`;

const shellQuote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

function readBody(argument: string | undefined): string {
  if (argument === undefined) return '';
  if (argument === '-') return readFileSync(0, 'utf8');
  if (argument.startsWith('@')) return readFileSync(argument.slice(1), 'utf8');
  return argument;
}

function main(): void {
  const args = process.argv.slice(2);
  const forced = args.find((arg) => arg === '--admin' || arg === '--webhook');
  const [method, path, bodyArgument, ...rest] = args.filter((arg) => arg !== forced);
  if (args.includes('--help') || !method || !path?.startsWith('/') || rest.length > 0) {
    console.error(USAGE);
    process.exit(2);
  }
  const { ports, secrets } = stackSettingsFromEnv();
  // The route table says which secret a path uses, so the helper cannot disagree with the service.
  const routeSecret = routeAuthOf(method, path);
  const secretName =
    forced === '--admin'
      ? 'admin'
      : forced === '--webhook' || routeSecret === 'connection' || routeSecret === undefined
        ? 'webhook'
        : routeSecret;
  const body = readBody(bodyArgument);
  const headers = {
    'Content-Type': 'application/json',
    ...signatureHeaders(secrets[secretName], method.toUpperCase(), path, body),
  };
  const parts = [
    'curl -sS',
    `-X ${method.toUpperCase()}`,
    shellQuote(`http://127.0.0.1:${ports.api}${path}`),
    ...Object.entries(headers).map(([name, value]) => `-H ${shellQuote(`${name}: ${value}`)}`),
    ...(body === '' ? [] : [`--data-binary ${shellQuote(body)}`]),
  ];
  console.log(parts.join(' '));
}

main();
