/** Where domain code gets "now" from (DESIGN §3): injected, never `Date.now()` directly. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** A clock that stands still at `at` until moved: for tests and for replaying events. */
export function manualClock(at: Date | string): Clock & { set(to: Date | string): void; advance(ms: number): void } {
  let now = new Date(at).getTime();
  const clock = () => new Date(now);
  clock.set = (to: Date | string) => {
    now = new Date(to).getTime();
  };
  clock.advance = (ms: number) => {
    now += ms;
  };
  return clock;
}

let current: Clock = systemClock;

/**
 * The clock the deployed handlers read. Only the local stack and its tests replace it (`useClock`),
 * so a test can drive the handlers' "now" together with the scheduler emulator's.
 */
export const runtimeClock: Clock = () => current();

export function useClock(clock: Clock): void {
  current = clock;
}
