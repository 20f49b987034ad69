/**
 * Each function composes itself from the parts it needs (shared/runtime.ts): every handler of the function
 * list loads with tracing off, and a function composed without a port says so when a use case reaches it.
 */
import { describe, expect, it } from 'vitest';
import { functions } from '#functions/registry.ts';
import { composeService } from '#shared/runtime/core.ts';

describe('per-function composition', () => {
  it.each(functions.map((spec) => [spec.name, spec.entry] as const))('loads the %s handler', async (_name, entry) => {
    const module = (await import(`../../${entry}`)) as { handler: unknown };
    expect(typeof module.handler).toBe('function');
  });

  it('names the missing port when a use case reaches a port the function was not composed with', async () => {
    const service = composeService({});
    const deps = (service as unknown as { deps: { timers: { ensure(): Promise<void> }; render(): unknown } }).deps;
    await expect(deps.timers.ensure()).rejects.toThrow(/no timers: compose it with shared\/runtime\/timers\.ts/);
    expect(() => deps.render()).toThrow(/no mail templates: compose it with shared\/runtime\/mail\.ts/);
  });
});
