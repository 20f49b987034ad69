/** ClientToken idempotency: a repeated token with the same request gets the first answer again. */
import { conflictError } from './errors.ts';

interface Entry {
  fingerprint: string;
  answer: Promise<unknown>;
}

/** JSON with sorted keys, so two equal requests compare equal whatever their member order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export class IdempotencyCache {
  private readonly entries = new Map<string, Entry>();

  /**
   * Runs `work` once per operation and token; the in-flight answer is shared too, so a retry racing the
   * original is not mistaken for a duplicate. Failures are forgotten, so a corrected retry can succeed.
   */
  run<T>(operation: string, token: string | undefined, request: unknown, work: () => Promise<T>): Promise<T> {
    if (token === undefined) return work();
    const key = `${operation}\u0000${token}`;
    const fingerprint = canonicalJson(request);
    const known = this.entries.get(key);
    if (known) {
      if (known.fingerprint !== fingerprint) {
        return Promise.reject(conflictError(`ClientToken ${token} was already used with a different request.`));
      }
      return known.answer as Promise<T>;
    }
    const answer = work();
    this.entries.set(key, { fingerprint, answer });
    answer.catch(() => {
      if (this.entries.get(key)?.answer === answer) this.entries.delete(key);
    });
    return answer;
  }
}
