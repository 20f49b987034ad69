/**
 * Runs the naive minute-stepping reference on a share of the sampled cases, so the benchmark can spread
 * its tens of seconds over both cores. Usage: `node --import tsx bench/rules-reference-worker.ts <input.json>`;
 * prints the answers (epoch ms, input order) as a JSON array on stdout.
 */
import { readFileSync } from 'node:fs';
import { type NaiveWindow, naiveAdd } from '../test/support/naive-clock.ts';

export interface ReferenceCase {
  openedMs: number;
  minutes: number;
  window: NaiveWindow;
  zone: string;
  /** Local `YYYY-MM-DD` dates on which the desk is closed. */
  holidays: string[];
}

export function runReference(cases: readonly ReferenceCase[]): number[] {
  return cases.map((item) => naiveAdd(item.openedMs, item.minutes, item.window, item.zone, new Set(item.holidays)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const cases = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as ReferenceCase[];
  process.stdout.write(JSON.stringify(runReference(cases)));
}
