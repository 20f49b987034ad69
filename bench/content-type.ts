/**
 * Issue 10 finding 6: the local API server read Content-Type with a regex whose overlapping `\s*` / `[^;]*` runs
 * backtracked quadratically on whitespace-like input, before any signature check. This prints the cost per call
 * of that regex and of the linear scan that replaced it (`isTextContentType`), on 15 000 × U+00A0 and larger.
 *
 *   npx tsx bench/content-type.ts
 */
import { performance } from 'node:perf_hooks';
import { isTextContentType } from '../local/api-server.ts';

// The regex as it was in local/api-server.ts before the fix, kept here only to measure it.
const OLD_TEXT_CONTENT_TYPE = /^\s*(text\/[^;]*|application\/(json|xml|javascript)|[^;]*\+(json|xml))\s*(;|$)/i;

function msPerCall(check: (value: string) => boolean, value: string): number {
  const runs = 20;
  check(value);
  const start = performance.now();
  for (let run = 0; run < runs; run++) check(value);
  return (performance.now() - start) / runs;
}

for (const length of [15_000, 30_000, 60_000]) {
  const header = '\u00a0'.repeat(length);
  const before = msPerCall((value) => OLD_TEXT_CONTENT_TYPE.test(value), header);
  const after = msPerCall(isTextContentType, header);
  console.log(
    `${length} × U+00A0: regex ${before.toFixed(1)} ms a call, linear scan ${(after * 1000).toFixed(1)} µs a call`,
  );
}
