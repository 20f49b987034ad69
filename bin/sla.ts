/**
 * The `sla` CLI (DESIGN §8): `sla deadline --program P --severity N --opened ISO --tz ZONE
 * [--holiday YYYY-MM-DD]... [--holidays CC]` prints one JSON object; `sla deadlines` answers
 * JSON lines on stdin, one output line per input line, in order.
 */
import { once } from 'node:events';
import { fstatSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { deadlineLines } from '../shared/cli/fast-deadlines.ts';
import { loadPolicy } from '../shared/policy/load-policy.ts';
import type { Policy } from '../shared/policy/schema.ts';
import { answerDeadlineQuery } from '../shared/sla/deadline-query.ts';

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

/**
 * One answer line per non-blank input line, in order, written a chunk at a time as input arrives
 * (shared/cli/fast-deadlines.ts cuts and answers the lines). A file on stdin is read synchronously in large
 * chunks: each asynchronous read is a round trip through libuv's thread pool, and on a loaded machine every
 * round trip waits for the scheduler, which cost more wall time than the answers themselves.
 */
async function deadlines(policy: Policy): Promise<void> {
  const lines = deadlineLines(policy);
  const decoder = new StringDecoder('utf8');
  if (fstatSync(0).isFile()) {
    const buffer = Buffer.allocUnsafe(1 << 22);
    for (let read = readSync(0, buffer); read > 0; read = readSync(0, buffer)) {
      lines.write(decoder.write(buffer.subarray(0, read)));
      // A pipe on stdout may take its time: wait for it rather than hold the whole output in memory.
      if (lines.out.length > 0 && !process.stdout.write(lines.out.take())) await once(process.stdout, 'drain');
    }
  } else {
    for await (const chunk of process.stdin) {
      lines.write(decoder.write(chunk as Buffer));
      if (lines.out.length > 0 && !process.stdout.write(lines.out.take())) await once(process.stdout, 'drain');
    }
  }
  lines.end(decoder.end());
  if (lines.out.length > 0) process.stdout.write(lines.out.take());
}

// zod compiles a schema to a function on its first object parse (new Function): worth it for a service's
// thousands of parses, not for a process that reads one policy and a few odd lines (about 50 ms of a run).
z.config({ jitless: true });

// A reader that stops early (`sla deadlines < cases | head`) closes the pipe: the answers nobody reads need no
// writing, so the CLI ends quietly, as Unix filters do, instead of dying on an uncaught EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

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
