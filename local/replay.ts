/**
 * Replays a saved webhook payload against the running local stack (DESIGN §9), signed the way its source
 * signs, so a user can see what the service makes of a delivery before pointing the real system here:
 *
 *   npm run -s replay -- --connection zd-acme --source zendesk --secret "$SECRET" payload.json
 *
 * Prints the service's answer (status and JSON) and exits 0 on a 2xx, 1 otherwise.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isConnectorSource } from '../shared/connectors/index.ts';
import { deliver } from './deliver.ts';
import { stackSettingsFromEnv } from './settings.ts';

const USAGE = `usage: npm run -s replay -- --connection ID --source zendesk|jira|github|freshdesk [--secret S]
       [--event issues|issue_comment] [--delivery-id ID] [--url http://127.0.0.1:3000] FILE

Sends FILE's bytes unchanged to POST /webhooks/ID, signed with the connection's secret (--secret, or the
SLA_REPLAY_SECRET variable): Zendesk's timestamped signature, Jira's X-Hub-Signature, GitHub's
X-Hub-Signature-256 (with X-GitHub-Event from --event, default issues), Freshdesk's bearer token.
The same --delivery-id twice shows the duplicate answer.`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: {
      connection: { type: 'string' },
      source: { type: 'string' },
      secret: { type: 'string' },
      event: { type: 'string' },
      'delivery-id': { type: 'string' },
      url: { type: 'string' },
      help: { type: 'boolean' },
    },
    allowPositionals: true,
  });
  const secret = values.secret ?? process.env.SLA_REPLAY_SECRET;
  const [file, ...rest] = positionals;
  if (values.help || !values.connection || !values.source || !secret || !file || rest.length > 0) {
    console.error(USAGE);
    return 2;
  }
  if (!isConnectorSource(values.source)) {
    console.error(`--source must be zendesk, jira, github or freshdesk, not ${values.source}\n\n${USAGE}`);
    return 2;
  }
  const url = values.url ?? `http://127.0.0.1:${stackSettingsFromEnv().ports.api}`;
  const answer = await deliver(url, values.connection, values.source, secret, readFileSync(file), {
    ...(values.event ? { githubEvent: values.event } : {}),
    ...(values['delivery-id'] ? { deliveryId: values['delivery-id'] } : {}),
  });
  console.log(JSON.stringify({ status: answer.status, body: answer.json ?? answer.text }, null, 2));
  return answer.status >= 200 && answer.status < 300 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`replay: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
