/**
 * The last gate before a handler (DESIGN §4): the body is parsed as a JSON object, then body, path parameters and
 * query string are checked against the route's zod schemas. Every failure is a 400 `invalid_request` naming its
 * fields, never a 500: bad input is the client's to fix.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type * as z from 'zod';
// The core error class by name: `z.core` as a value would keep every zod locale in the bundle.
import { $ZodError } from 'zod/v4/core';
import { type FieldError, HttpError } from './errors.ts';
import { rawBody } from './raw-body.ts';

export interface RequestSchemas {
  body?: z.ZodType | undefined;
  params?: z.ZodType | undefined;
  query?: z.ZodType | undefined;
}

/** The schemas' outputs; a part without a schema is `undefined`, so a handler cannot read unchecked input. */
export interface ValidInput {
  body: unknown;
  params: unknown;
  query: unknown;
}

type Location = 'body' | 'params' | 'query';

const invalid = (message: string, details?: FieldError[]) => new HttpError(400, 'invalid_request', message, details);

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The body as text, refusing bytes that are not UTF-8 rather than storing U+FFFD in their place. */
export function bodyText(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw invalid('the body is not valid UTF-8', [{ field: 'body', message: 'must be UTF-8 text' }]);
  }
}

/**
 * The first string in a parsed body that is not well-formed Unicode (a lone surrogate written as a JSON
 * escape), as a field path. Walks with an explicit stack: bodies can nest thousands of levels deep.
 */
export function malformedTextField(value: unknown): string | undefined {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length > 0) {
    const [current, path] = stack.pop() as [unknown, string];
    if (typeof current === 'string') {
      if (!current.isWellFormed()) return path || 'body';
    } else if (typeof current === 'object' && current !== null) {
      for (const [key, child] of Object.entries(current)) {
        if (!key.isWellFormed()) return path || 'body';
        stack.push([child, path ? `${path}.${key}` : key]);
      }
    }
  }
  return undefined;
}

/** Parses the body as JSON and insists on an object: every request body of DESIGN §4 is one. */
export function parseJsonObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = text.trim() === '' ? 'the body is empty' : (error as Error).message;
    throw invalid(`malformed JSON: ${reason}`, [{ field: 'body', message: 'must be a JSON object' }]);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    throw invalid(`the body must be a JSON object, not ${got}`, [{ field: 'body', message: 'must be a JSON object' }]);
  }
  const malformed = malformedTextField(value);
  if (malformed !== undefined) {
    throw invalid('the body holds text that is not well-formed Unicode', [
      { field: malformed, message: 'contains a lone surrogate' },
    ]);
  }
  return value as Record<string, unknown>;
}

/** One detail per failing field, its path joined with dots (`openedBy.email`); each unknown key is its own field. */
export function fieldErrors(error: $ZodError, location: Location): FieldError[] {
  const fieldOf = (path: readonly PropertyKey[]) => (path.length === 0 ? location : path.map(String).join('.'));
  return error.issues.flatMap((issue): FieldError[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ field: fieldOf([...issue.path, key]), message: 'unknown field' }))
      : [{ field: fieldOf(issue.path), message: issue.message }],
  );
}

async function check(
  schema: z.ZodType,
  value: unknown,
  location: Location,
): Promise<{ data: unknown; errors: FieldError[] }> {
  try {
    const result = await schema.safeParseAsync(value);
    return result.success
      ? { data: result.data, errors: [] }
      : { data: undefined, errors: fieldErrors(result.error, location) };
  } catch (error) {
    // A refinement or transform that throws a zod error is still about the input, so it stays a 400.
    if (error instanceof $ZodError) return { data: undefined, errors: fieldErrors(error, location) };
    throw error;
  }
}

/** Parses and validates all three parts, reporting every failing field of every part in one 400. */
export async function validateRequest(event: APIGatewayProxyEventV2, schemas: RequestSchemas): Promise<ValidInput> {
  const input: ValidInput = { body: undefined, params: undefined, query: undefined };
  const errors: FieldError[] = [];
  if (schemas.params) {
    const result = await check(schemas.params, event.pathParameters ?? {}, 'params');
    input.params = result.data;
    errors.push(...result.errors);
  }
  if (schemas.query) {
    const result = await check(schemas.query, event.queryStringParameters ?? {}, 'query');
    input.query = result.data;
    errors.push(...result.errors);
  }
  if (schemas.body) {
    const result = await check(schemas.body, parseJsonObject(bodyText(rawBody(event))), 'body');
    input.body = result.data;
    errors.push(...result.errors);
  }
  if (errors.length > 0) throw invalid('the request is invalid', errors);
  return input;
}

/**
 * Third gate, after the signature so an unsigned body is never parsed. Middy passes only the event to the
 * handler, so the checked input is handed over through `accept` rather than by rewriting `event.body`.
 */
export function requestValidation(
  schemasFor: (event: APIGatewayProxyEventV2) => RequestSchemas,
  accept: (event: APIGatewayProxyEventV2, input: ValidInput) => void,
): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  return {
    before: async (request) => {
      accept(request.event, await validateRequest(request.event, schemasFor(request.event)));
    },
  };
}
