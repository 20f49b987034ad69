/** Door: `GET /tickets/{id}`, `GET /tickets?state=` (pages, signed cursors), `GET /reports/sla` → TicketService (reads only). */
import { apiOptions } from '../../shared/http/api-options.ts';
import { cursorKey, decodeCursor, encodeCursor } from '../../shared/http/cursor.ts';
import { httpHandler, route } from '../../shared/http/http-handler.ts';
import { openListQuery, reportQuery, ticketIdParams } from '../../shared/http/request-schemas.ts';
import { resolveSecret } from '../../shared/http/signature.ts';
import { service } from '../../shared/runtime.ts';

export const handler = httpHandler(
  {
    'GET /tickets/{id}': route({
      params: ticketIdParams,
      handle: async ({ params }) => ({ status: 200, body: await service.view(params.id) }),
    }),
    'GET /tickets': route({
      query: openListQuery,
      handle: async ({ query }) => {
        const { state, limit, cursor, ...filter } = query;
        const key = cursorKey(await resolveSecret('webhook'));
        const scope = { state, ...filter };
        const after = cursor === undefined ? undefined : decodeCursor(key, scope, cursor);
        const page = await service.listOpen(state, filter, { limit, after });
        const nextCursor = page.next === null ? null : encodeCursor(key, scope, page.next);
        return { status: 200, body: { state, count: page.tickets.length, tickets: page.tickets, nextCursor } };
      },
    }),
    'GET /reports/sla': route({
      query: reportQuery,
      handle: async ({ query }) => ({
        status: 200,
        body: { from: query.from, to: query.to, rows: await service.report(query.from, query.to) },
      }),
    }),
  },
  apiOptions,
);
