/** The restJson1 wire protocol: routes, request parsing and the service's error shape. */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { SchedulerError, validationError } from './errors.ts';
import type { SchedulerOperations } from './operations.ts';
import type { Registry } from './registry.ts';

const MAX_BODY_BYTES = 1024 * 1024;

interface Request {
  method: string;
  segments: string[];
  query: Record<string, string>;
  body: unknown;
}

type Handler = (request: Request) => unknown;

interface Route {
  method: string;
  /** Literal segments, with `{Name}` standing for one decoded path label. */
  path: string[];
  handle: Handler;
}

async function readBody(message: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of message) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw validationError('Request body is too large.');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw validationError('Request body is not valid JSON.');
  }
}

function decodeSegments(pathname: string): string[] {
  try {
    return pathname.split('/').slice(1).map(decodeURIComponent);
  } catch {
    throw validationError('Request path is not valid percent-encoding.');
  }
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
    ...headers,
  });
  response.end(text);
}

/** Errors carry their type both ways the SDKs look for it: the x-amzn-errortype header and `__type`. */
function sendError(response: ServerResponse, error: SchedulerError): void {
  send(
    response,
    error.status,
    { __type: error.type, Message: error.message, message: error.message },
    { 'x-amzn-errortype': error.type },
  );
}

function routes(operations: SchedulerOperations, registry: Registry): Route[] {
  const label = (request: Request, index: number) => request.segments[index] ?? '';
  return [
    { method: 'GET', path: ['_emulator', 'health'], handle: () => ({ ok: true }) },
    { method: 'GET', path: ['_emulator', 'dead-letters'], handle: () => registry.deadLetters() },
    {
      method: 'DELETE',
      path: ['_emulator', 'dead-letters'],
      handle: async () => {
        const cleared = registry.clearDeadLetters();
        await registry.persist();
        return { cleared };
      },
    },
    { method: 'GET', path: ['schedules'], handle: (request) => operations.listSchedules(request.query) },
    {
      method: 'POST',
      path: ['schedules', '{Name}'],
      handle: (request) => operations.createSchedule(label(request, 1), request.body),
    },
    {
      method: 'PUT',
      path: ['schedules', '{Name}'],
      handle: (request) => operations.updateSchedule(label(request, 1), request.body),
    },
    {
      method: 'GET',
      path: ['schedules', '{Name}'],
      handle: (request) => operations.getSchedule(label(request, 1), request.query.groupName),
    },
    {
      method: 'DELETE',
      path: ['schedules', '{Name}'],
      handle: (request) =>
        operations.deleteSchedule(label(request, 1), request.query.groupName, request.query.clientToken),
    },
    {
      method: 'GET',
      path: ['schedule-groups'],
      handle: (request) => operations.listScheduleGroups(request.query),
    },
    {
      method: 'POST',
      path: ['schedule-groups', '{Name}'],
      handle: (request) => operations.createScheduleGroup(label(request, 1), request.body),
    },
    {
      method: 'GET',
      path: ['schedule-groups', '{Name}'],
      handle: (request) => operations.getScheduleGroup(label(request, 1)),
    },
    {
      method: 'DELETE',
      path: ['schedule-groups', '{Name}'],
      handle: (request) => operations.deleteScheduleGroup(label(request, 1), request.query.clientToken),
    },
  ];
}

const matches = (route: Route, method: string, segments: string[]) =>
  route.method === method &&
  route.path.length === segments.length &&
  route.path.every((part, index) => part === '{Name}' || part === segments[index]);

/**
 * The path without its trailing slashes, by a backwards scan: `/\/+$/` retried its run from every slash and took
 * seconds on a path of 30 000 slashes (issue 10, finding 6: no super-linear regex on unauthenticated input).
 */
export function withoutTrailingSlashes(path: string): string {
  let end = path.length;
  while (end > 0 && path[end - 1] === '/') end--;
  return path.slice(0, end);
}

export function createSchedulerHttpServer(operations: SchedulerOperations, registry: Registry): Server {
  const table = routes(operations, registry);
  return createServer(async (message, response) => {
    try {
      // Appended to an origin rather than resolved against one: a target starting `//` would name a host.
      const target = message.url ?? '/';
      const url = target.startsWith('/') ? new URL(`http://localhost${target}`) : new URL(target, 'http://localhost');
      const method = message.method ?? 'GET';
      const segments = decodeSegments(withoutTrailingSlashes(url.pathname) || '/');
      const route = table.find((candidate) => matches(candidate, method, segments));
      if (!route) {
        sendError(
          response,
          new SchedulerError('UnknownOperationException', `No operation for ${method} ${url.pathname}.`),
        );
        message.resume();
        return;
      }
      // Only POST and PUT carry a body in this protocol; anything else sent is drained unread.
      const hasBody = method === 'POST' || method === 'PUT';
      if (!hasBody) message.resume();
      const body = hasBody ? await readBody(message) : {};
      const query = Object.fromEntries(url.searchParams);
      send(response, 200, await route.handle({ method, segments, query, body }));
    } catch (error) {
      if (error instanceof SchedulerError) sendError(response, error);
      else sendError(response, new SchedulerError('InternalServerException', (error as Error)?.message ?? 'error'));
    }
  });
}
