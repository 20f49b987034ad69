import { spawn } from 'node:child_process';

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface GroupProcess {
  /** The leader's pid, which is also the process group id. */
  readonly pid: number;
  /** Settles when the leader exits. */
  readonly exited: Promise<ExitStatus>;
  /** The exit status once the leader has exited, else undefined. */
  exitStatus(): ExitStatus | undefined;
  /** The most recent stdout and stderr text, interleaved as received. */
  output(): string;
  /** SIGTERM to the whole group, SIGKILL after `graceMs`, then waits for the leader to exit. */
  stop(graceMs?: number): Promise<void>;
}

export interface SpawnGroupOptions {
  cwd?: string;
  /** How many characters of recent output to keep for error messages. */
  outputLimit?: number;
}

// Groups still running, killed if this process exits or is signalled before stopping them.
const liveGroups = new Set<number>();
let guardsInstalled = false;
const guardedSignals: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function killLiveGroups(): void {
  for (const pgid of liveGroups) signalGroup(pgid, 'SIGKILL');
}

/**
 * A signal's default action skips the 'exit' event, so when nobody else handles the signal the groups are
 * killed here and the signal is raised again; a program with its own handler keeps control of shutdown.
 */
function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  killLiveGroups();
  for (const guarded of guardedSignals) process.removeListener(guarded, onSignal);
  guardsInstalled = false;
  process.kill(process.pid, signal);
}

function installGuards(): void {
  if (guardsInstalled) return;
  guardsInstalled = true;
  process.removeListener('exit', killLiveGroups);
  process.on('exit', killLiveGroups);
  for (const signal of guardedSignals) process.on(signal, onSignal);
}

/** Sends `signal` to every process of group `pgid`; false when the group no longer exists. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/**
 * Spawns `command` as the leader of a new process group, so that a terminal's Ctrl-C does not reach it
 * directly and stopping it also stops anything it started; rejects with the spawn error (e.g. ENOENT).
 */
export async function spawnGroup(
  command: string,
  args: readonly string[],
  options: SpawnGroupOptions = {},
): Promise<GroupProcess> {
  const outputLimit = options.outputLimit ?? 16_384;
  const child = spawn(command, args, { cwd: options.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${command} started without a pid`);

  let recentOutput = '';
  const keep = (chunk: string): void => {
    recentOutput = (recentOutput + chunk).slice(-outputLimit);
  };
  child.stdout.setEncoding('utf8').on('data', keep);
  child.stderr.setEncoding('utf8').on('data', keep);

  let status: ExitStatus | undefined;
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once('exit', (code, signal) => {
      status = { code, signal };
      // Whatever the leader left behind in its group goes with it.
      signalGroup(pid, 'SIGKILL');
      liveGroups.delete(pid);
      resolve(status);
    });
  });
  liveGroups.add(pid);
  installGuards();

  let stopping: Promise<void> | undefined;
  const stop = (graceMs = 5_000): Promise<void> => {
    stopping ??= (async () => {
      if (status === undefined && signalGroup(pid, 'SIGTERM')) {
        let timer: NodeJS.Timeout | undefined;
        const graceOver = new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), graceMs);
        });
        const outcome = await Promise.race([exited, graceOver]);
        clearTimeout(timer);
        if (outcome === 'timeout') signalGroup(pid, 'SIGKILL');
      }
      await exited;
    })();
    return stopping;
  };

  return { pid, exited, exitStatus: () => status, output: () => recentOutput, stop };
}
