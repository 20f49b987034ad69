import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitUntilReadyOptions {
  /** What is being waited for, used in the error message. */
  what: string;
  timeoutMs: number;
  intervalMs?: number;
  /** Returns why waiting is pointless (e.g. the process exited), or undefined to keep polling. */
  gaveUp?: () => string | undefined;
  /** Extra text for the error message, e.g. the process's recent output. */
  details?: () => string;
}

/** Calls `probe` until it resolves, or throws once the timeout passes or `gaveUp` says so. */
export async function waitUntilReady(
  probe: (signal: AbortSignal) => Promise<unknown>,
  options: WaitUntilReadyOptions,
): Promise<void> {
  const { what, timeoutMs, intervalMs = 100 } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    const remaining = deadline - Date.now();
    // A single probe must not outlive the overall deadline, nor hang on a half-open socket.
    const signal = AbortSignal.timeout(Math.max(1, Math.min(remaining, 2_000)));
    try {
      await probe(signal);
      return;
    } catch (error) {
      lastError = error;
    }
    const reason = options.gaveUp?.();
    if (reason !== undefined) throw failure(`${what} ${reason}`, options, lastError);
    if (Date.now() + intervalMs >= deadline) {
      throw failure(`${what} did not answer within ${timeoutMs} ms`, options, lastError);
    }
    await sleep(intervalMs);
  }
}

function failure(message: string, options: WaitUntilReadyOptions, lastError: unknown): Error {
  const lastMessage = lastError instanceof Error ? lastError.message : String(lastError);
  const details = options.details?.().trim();
  const text = `${message} (last probe error: ${lastMessage})${details ? `\n${details}` : ''}`;
  return new Error(text, { cause: lastError });
}
