import { describe, expect, it } from 'vitest';
import { manualClock } from '#shared/time/clock.ts';

describe('manualClock', () => {
  it('stands still until advanced', () => {
    const clock = manualClock('2026-12-01T10:00:00Z');
    expect(clock().toISOString()).toBe('2026-12-01T10:00:00.000Z');
    clock.advance(60_000);
    expect(clock().toISOString()).toBe('2026-12-01T10:01:00.000Z');
  });
});
