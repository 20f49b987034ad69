/**
 * The `sla` CLI (DESIGN §8): `sla deadline --program P --severity N --opened ISO --tz ZONE
 * [--holiday YYYY-MM-DD]... [--holidays CC]` prints one JSON object; `sla deadlines` answers
 * JSON lines on stdin, one output line per input line, in order.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadPolicy } from '../shared/policy/load-policy.ts';
import type { Policy } from '../shared/policy/schema.ts';
import { answerDeadlineQuery, deadlineAnswerer } from '../shared/sla/deadline-query.ts';

const usage = `usage:
  sla deadline --program P --severity N --opened ISO --tz ZONE [--holiday YYYY-MM-DD]... [--holidays CC]
  sla deadlines < queries.jsonl`;

function fail(message: string): never {
  process.stderr.write(`sla: ${message}\n`);
  process.exit(2);
}

function deadline(policy: Policy, args: string[]): void {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      options: {
        program: { type: 'string' },
        severity: { type: 'string' },
        opened: { type: 'string' },
        tz: { type: 'string' },
        holiday: { type: 'string', multiple: true },
        holidays: { type: 'string' },
      },
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  for (const required of ['program', 'severity', 'opened', 'tz']) {
    if (values[required] === undefined) fail(`--${required} is required\n${usage}`);
  }
  const answer = answerDeadlineQuery(policy, values);
  if ('error' in answer && answer.error === 'invalid_argument') fail(`--${answer.message}`);
  process.stdout.write(`${JSON.stringify(answer)}\n`);
  if ('error' in answer) process.exitCode = 2;
}

async function deadlines(policy: Policy): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  const answerQuery = deadlineAnswerer(policy);
  let out: string[] = [];
  for await (const line of lines) {
    if (line.trim() === '') continue;
    let answer: unknown;
    try {
      answer = answerQuery(JSON.parse(line));
    } catch (error) {
      answer = { error: 'invalid_json', message: (error as Error).message };
    }
    out.push(JSON.stringify(answer));
    // Written in batches: one write per line would dominate the cost of a large run.
    if (out.length >= 1024) {
      process.stdout.write(`${out.join('\n')}\n`);
      out = [];
    }
  }
  if (out.length > 0) process.stdout.write(`${out.join('\n')}\n`);
}

const [command, ...rest] = process.argv.slice(2);
let policy: Policy;
try {
  policy = loadPolicy();
} catch (error) {
  fail((error as Error).message);
}
if (command === 'deadline') deadline(policy, rest);
else if (command === 'deadlines') await deadlines(policy);
else fail(`unknown command ${command === undefined ? '(none)' : `"${command}"`}\n${usage}`);
