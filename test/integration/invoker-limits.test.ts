/**
 * Local parity (DESIGN §11): the local invoker enforces what Lambda enforces, so the local stack cannot
 * hide what would break in AWS: the 6 MB response limit, each function's timeout from functions/registry.ts,
 * and failures reported under the function's own name.
 */
import { describe, expect, it } from 'vitest';
import { functions } from '../../functions/registry.ts';
import { createInvoker, FunctionError, type LambdaHandler, MAX_RESPONSE_BYTES } from '../../local/invoker.ts';

function invokerWith(handlers: Partial<Record<string, LambdaHandler>>) {
  const failures: { functionName: string; errorType: string; message: string }[] = [];
  const invoker = createInvoker({
    resolve: async (name) => (event, context, callback) => {
      const handler = handlers[name];
      if (!handler) throw new Error(`no fake for ${name}`);
      return handler(event, context, callback);
    },
    onError: (failure) => failures.push(failure),
  });
  return { invoker, failures };
}

describe('the local invoker enforces Lambda limits', () => {
  it('refuses a response over 6 MB, as Lambda does, and accepts one just under it', async () => {
    const { invoker, failures } = invokerWith({
      queries: async (event) => ({ body: 'x'.repeat((event as { size: number }).size) }),
    });
    // `{"body":"…"}` adds 11 bytes of JSON around the string.
    await expect(invoker.invoke('queries', { size: MAX_RESPONSE_BYTES - 11 })).resolves.toMatchObject({});
    const refused = invoker.invoke('queries', { size: MAX_RESPONSE_BYTES - 10 });
    await expect(refused).rejects.toBeInstanceOf(FunctionError);
    await expect(refused).rejects.toMatchObject({
      errorType: 'Function.ResponseSizeTooLarge',
      functionName: 'queries',
    });
    expect(failures).toEqual([
      expect.objectContaining({ functionName: 'queries', errorType: 'Function.ResponseSizeTooLarge' }),
    ]);
  });

  it("gives each function the timeout of its registry entry and reports a timeout under that function's name", async () => {
    const remaining: Record<string, number> = {};
    const { invoker } = invokerWith({
      aggregator: async (_event, context) => {
        remaining.aggregator = context.getRemainingTimeInMillis();
      },
      queries: async (_event, context) => {
        remaining.queries = context.getRemainingTimeInMillis();
      },
    });
    await invoker.invoke('aggregator', {});
    await invoker.invoke('queries', {});
    const timeoutOf = (name: string) => (functions.find((spec) => spec.name === name)?.timeoutSeconds ?? 0) * 1000;
    expect(remaining.aggregator).toBeLessThanOrEqual(timeoutOf('aggregator'));
    expect(remaining.aggregator).toBeGreaterThan(timeoutOf('aggregator') - 1000);
    expect(remaining.queries).toBeLessThanOrEqual(timeoutOf('queries'));
    expect(remaining.queries).toBeGreaterThan(timeoutOf('queries') - 1000);
  });

  it('reports a failed invocation under the name of the function that failed', async () => {
    const { invoker, failures } = invokerWith({
      sweeper: async () => {
        throw new TypeError('poisoned ticket');
      },
      intake: () => new Promise(() => {}),
    });
    await expect(invoker.invoke('sweeper', {})).rejects.toThrow('poisoned ticket');
    await expect(invoker.invoke('intake', {}, { timeoutMs: 20 })).rejects.toThrow('Task timed out');
    expect(failures).toEqual([
      expect.objectContaining({ functionName: 'sweeper', errorType: 'TypeError', message: 'poisoned ticket' }),
      expect.objectContaining({ functionName: 'intake', errorType: 'Sandbox.Timedout' }),
    ]);
  });
});
