/**
 * Ties the local stack's lifetime to the `npm start` or `npx` process that launched it: npm passes SIGTERM only
 * to the `sh -c` it runs the script in, and sh dies without passing it on, which would leave the stack running.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

const MAX_DEPTH = 6;

function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

/** The parent pid from /proc/<pid>/stat, read after the command name, which may itself contain spaces. */
function parentOf(pid: number): number | undefined {
  const stat = readProc(pid, 'stat');
  const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
  const parent = Number(fields?.[1]);
  return Number.isInteger(parent) && parent > 0 ? parent : undefined;
}

// npm renames its process to "npm start ..." or "npm exec ..."; an older one shows as node running npm-cli.js.
function isNpm(pid: number): boolean {
  const args = (readProc(pid, 'cmdline') ?? '').split('\0');
  const first = basename((args[0] ?? '').split(' ')[0] ?? '');
  return first === 'npm' || first === 'npx' || args.some((arg) => /(^|\/)np[mx]-cli\.js$/.test(arg));
}

/** The pid of the npm process among this process's ancestors, when npm launched it and /proc exists. */
export function npmLauncherPid(): number | undefined {
  if (process.env.npm_command === undefined && process.env.npm_lifecycle_event === undefined) return undefined;
  let pid: number | undefined = process.ppid;
  for (let depth = 0; depth < MAX_DEPTH && pid !== undefined && pid > 1; depth += 1) {
    if (isNpm(pid)) return pid;
    pid = parentOf(pid);
  }
  return undefined;
}

/** False once `pid` has exited, including as a zombie its own parent has not reaped yet. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  const stat = readProc(pid, 'stat');
  return stat === undefined || stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
}

/** Calls `onGone` once, soon after the npm process that launched this one exits; a no-op when there is none. */
export function whenLauncherExits(onGone: () => void, intervalMs = 500): void {
  const pid = npmLauncherPid();
  if (pid === undefined) return;
  const timer = setInterval(() => {
    if (isAlive(pid)) return;
    clearInterval(timer);
    onGone();
  }, intervalMs);
  // The watch alone must not keep the process running.
  timer.unref();
}
