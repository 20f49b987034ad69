/**
 * Whole-process speed of `sla deadlines` on 100 000 random cases: writes the cases as JSON lines,
 * runs the CLI as a user would, and reports cases per second. Run: `npx tsx bench/cli-deadlines.ts [count]`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCli } from '../bin/build-cli.ts';
import { makeCases } from './cases.ts';

export async function measureCliDeadlines(
  count = 100_000,
): Promise<{ cases: number; seconds: number; perSec: number; errors: number }> {
  const cli = await buildCli(join(tmpdir(), 'sla-bench.mjs'));
  const file = join(mkdtempSync(join(tmpdir(), 'sla-bench-')), 'cases.jsonl');
  writeFileSync(
    file,
    `${makeCases(count)
      .map((c) => JSON.stringify(c))
      .join('\n')}\n`,
  );
  const started = process.hrtime.bigint();
  const result = spawnSync('sh', ['-c', `node ${cli} deadlines < ${file}`], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`sla deadlines failed: ${result.stderr}`);
  const lines = result.stdout.trim().split('\n');
  if (lines.length !== count) throw new Error(`expected ${count} answers, got ${lines.length}`);
  const errors = lines.filter((line) => line.startsWith('{"error"')).length;
  return { cases: count, seconds, perSec: Math.round(count / seconds), errors };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await measureCliDeadlines(Number(process.argv[2] ?? 100_000));
  console.log(
    `sla deadlines: ${result.cases} cases in ${result.seconds.toFixed(2)} s = ${result.perSec} cases/s (whole process), ${result.errors} errors`,
  );
}
