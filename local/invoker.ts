/**
 * The local Lambda runtime: runs the handlers of the function list in this process with the context,
 * timeout and JSON payload round trip that Lambda gives them, for the API server and the scheduler emulator.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Callback, Context } from 'aws-lambda';
import { type FunctionSpec, functions } from '../functions/registry.ts';
import type { FunctionName } from '../shared/function-names.ts';

export const LOCAL_REGION = 'eu-west-1';
export const LOCAL_ACCOUNT_ID = '000000000000';

/** What a function module exports as `handler`: middy's async handlers, or the older callback style. */
export type LambdaHandler = (event: unknown, context: Context, callback: Callback) => unknown;

export interface InvokeOptions {
  /** Overrides the function's configured timeout, e.g. to test a timeout quickly. */
  timeoutMs?: number;
}

export interface Invoker {
  /** Runs one invocation; rejects when the handler throws, fails or times out, as a Lambda function error. */
  invoke(functionName: string, event: unknown, options?: InvokeOptions): Promise<unknown>;
  /** The scheduler emulator's entry point: the target ARN names the function, the schedule's Input is the event. */
  invokeByArn(arn: string, payload: string | undefined): Promise<unknown>;
  /** Imports every handler now, so a broken module fails start-up rather than the first request. */
  preload(): Promise<void>;
}

export interface InvokerOptions {
  /** Where handlers come from; defaults to importing each function's entry from the function list. */
  resolve?: (name: FunctionName) => Promise<LambdaHandler>;
  /**
   * Told of every failed invocation, under the function's own name (as its CloudWatch log group would show
   * it). Defaults to one `console.error` line, unless `POWERTOOLS_LOG_LEVEL` silences errors.
   */
  onError?: (failure: { functionName: string; requestId: string; errorType: string; message: string }) => void;
}

const QUIET_LEVELS = new Set(['CRITICAL', 'SILENT']);

function defaultOnError(failure: { functionName: string; requestId: string; errorType: string; message: string }) {
  if (QUIET_LEVELS.has((process.env.POWERTOOLS_LOG_LEVEL ?? '').toUpperCase())) return;
  console.error(`[${failure.functionName}] ${failure.requestId} ${failure.errorType}: ${failure.message}`);
}

/** The error Lambda reports for a failed invocation, with its `errorType` as the Invoke API would. */
export class FunctionError extends Error {
  override readonly name = 'FunctionError';
  constructor(
    readonly functionName: string,
    readonly errorType: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Lambda's limit on a synchronous invocation's response (6 MB), in bytes of its JSON. */
export const MAX_RESPONSE_BYTES = 6_291_556;

export const functionArn = (name: string): string =>
  `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:function:${name}`;

const repoRoot = new URL('..', import.meta.url);

/** Imports `functions/<name>/handler.ts` and checks that it exports a function named `handler`. */
export async function importHandler(name: FunctionName): Promise<LambdaHandler> {
  const spec = findSpec(name);
  if (!spec) throw new Error(`no function ${name} in functions/registry.ts`);
  const module = (await import(new URL(spec.entry, repoRoot).href)) as { handler?: unknown };
  if (typeof module.handler !== 'function') throw new Error(`${spec.entry} does not export a handler function`);
  return module.handler as LambdaHandler;
}

function findSpec(name: string): FunctionSpec | undefined {
  return functions.find((spec) => spec.name === name);
}

/** The function name in `arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]`, or a bare name. */
export function functionNameFromArn(arn: string): string {
  const parts = arn.split(':');
  if (parts[0] !== 'arn') return arn;
  const index = parts.indexOf('function');
  return (index >= 0 ? parts[index + 1] : parts.at(-1)) ?? '';
}

// Lambda's log stream name: date, version, then a 32-hex-digit instance id.
function logStreamName(now: Date): string {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '/');
  return `${day}/[$LATEST]${randomBytes(16).toString('hex')}`;
}

// The event and the result cross a JSON wire in Lambda, so a Date or undefined behaves here as it will there.
function overTheWire(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? null : (JSON.parse(text) as unknown);
}

function asError(reason: unknown): Error {
  if (reason instanceof Error) return reason;
  return new Error(typeof reason === 'string' ? reason : JSON.stringify(reason));
}

export function createInvoker(options: InvokerOptions = {}): Invoker {
  const resolve = options.resolve ?? importHandler;
  const onError = options.onError ?? defaultOnError;
  const reportError = (functionName: string, requestId: string, error: unknown) => {
    const errorType =
      error instanceof FunctionError ? error.errorType : error instanceof Error ? error.name : typeof error;
    const message = error instanceof Error ? error.message : String(error);
    onError({ functionName, requestId, errorType, message });
  };
  const handlers = new Map<string, Promise<LambdaHandler>>();

  const handlerFor = (name: FunctionName): Promise<LambdaHandler> => {
    let handler = handlers.get(name);
    if (!handler) {
      handler = resolve(name);
      // A failed import is retried on the next invocation, as a Lambda init failure is.
      handler.catch(() => handlers.delete(name));
      handlers.set(name, handler);
    }
    return handler;
  };

  const invoke = async (functionName: string, event: unknown, invokeOptions: InvokeOptions = {}) => {
    const spec = findSpec(functionName);
    if (!spec) {
      throw new FunctionError(
        functionName,
        'ResourceNotFoundException',
        `Function not found: ${functionArn(functionName)}`,
      );
    }
    // The init phase (module import) is not part of the invocation's timeout, as in Lambda.
    const handler = await handlerFor(spec.name);
    const timeoutMs = invokeOptions.timeoutMs ?? spec.timeoutSeconds * 1000;
    const startedAt = Date.now();
    const requestId = randomUUID();

    let timer: NodeJS.Timeout | undefined;
    const outcome = new Promise<unknown>((resolveOutcome, rejectOutcome) => {
      let settled = false;
      const succeed = (result: unknown) => {
        if (settled) return;
        settled = true;
        resolveOutcome(result);
      };
      const fail = (reason: unknown) => {
        if (settled) return;
        settled = true;
        rejectOutcome(asError(reason));
      };
      const callback: Callback = (error, result) => (error != null ? fail(error) : succeed(result));
      const context: Context = {
        callbackWaitsForEmptyEventLoop: true,
        functionName: spec.name,
        functionVersion: '$LATEST',
        invokedFunctionArn: functionArn(spec.name),
        memoryLimitInMB: String(spec.memoryMb),
        awsRequestId: requestId,
        logGroupName: `/aws/lambda/${spec.name}`,
        logStreamName: logStreamName(new Date(startedAt)),
        getRemainingTimeInMillis: () => Math.max(0, startedAt + timeoutMs - Date.now()),
        done: (error?: Error, result?: unknown) => callback(error, result),
        fail: (error: Error | string) => fail(error),
        succeed: (result: unknown) => succeed(result),
      };
      timer = setTimeout(() => {
        const seconds = (timeoutMs / 1000).toFixed(2);
        fail(new FunctionError(spec.name, 'Sandbox.Timedout', `Task timed out after ${seconds} seconds`));
      }, timeoutMs);
      try {
        const returned = handler(overTheWire(event), context, callback);
        if (returned instanceof Promise) returned.then(succeed, fail);
        // A synchronous handler that takes no callback has finished when it returns.
        else if (handler.length < 3) succeed(returned);
      } catch (error) {
        fail(error);
      }
    });
    try {
      const result = await outcome;
      // Lambda refuses a response over 6 MB: the local stack must fail where AWS would, not hand it over.
      const text = JSON.stringify(result);
      const bytes = text === undefined ? 0 : Buffer.byteLength(text);
      if (bytes > MAX_RESPONSE_BYTES) {
        throw new FunctionError(
          spec.name,
          'Function.ResponseSizeTooLarge',
          `Response payload size (${bytes} bytes) exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
        );
      }
      return text === undefined ? null : (JSON.parse(text) as unknown);
    } catch (error) {
      reportError(spec.name, requestId, error);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    invoke,
    invokeByArn: async (arn, payload) => {
      const name = functionNameFromArn(arn);
      if (!findSpec(name)) {
        throw new FunctionError(name, 'ResourceNotFoundException', `Function not found: ${arn}`);
      }
      let event: unknown = {};
      if (payload !== undefined) {
        try {
          event = JSON.parse(payload) as unknown;
        } catch (error) {
          // Lambda refuses a payload that is not JSON, and the scheduler then retries and dead-letters it.
          throw new FunctionError(name, 'InvalidRequestContentException', 'Could not parse request body into json', {
            cause: error,
          });
        }
      }
      return invoke(name, event);
    },
    preload: async () => {
      await Promise.all(functions.map((spec) => handlerFor(spec.name)));
    },
  };
}
