/**
 * `npm run sla`: runs the bundle the package's `bin` ships (dist/sla.mjs), rebuilding it first only when a
 * source it was built from is newer than it (the list the build wrote beside it). Plain JavaScript, so a
 * fresh bundle starts without the TypeScript loader.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
const bundle = new URL('dist/sla.mjs', root);

function stale() {
  try {
    const built = statSync(bundle).mtimeMs;
    const inputs = JSON.parse(readFileSync(new URL('dist/sla.mjs.inputs.json', root), 'utf8'));
    return inputs.some((input) => statSync(new URL(input, root)).mtimeMs > built);
  } catch {
    return true; // never built, or a source is gone: build
  }
}

if (stale()) {
  execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('bin/build-cli.ts', root))], {
    cwd: fileURLToPath(root),
    stdio: 'inherit',
  });
}
await import(bundle.href);
