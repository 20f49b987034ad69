/** Door: `GET /tickets/{id}`, `GET /tickets?state=` (pages, signed cursors), `GET /reports/sla` → TicketService (reads only). */
import { apiOptions } from '../../shared/http/api-options.ts';
import { cursorKey, decodeCursor, encodeCursor } from '../../shared/http/cursor.ts';
import { HttpError } from '../../shared/http/errors.ts';
import { httpHandler, route } from '../../shared/http/http-handler.ts';
import { openListQuery, reportQuery, ticketIdParams } from '../../shared/http/request-schemas.ts';
import { resolveSecret } from '../../shared/http/signature.ts';
import { service } from '../../shared/runtime/store-only.ts';

export const handler = httpHandler(
  {
    'GET /tickets/{id}': route({
      params: ticketIdParams,
      handle: async ({ params, principal }) => ({ status: 200, body: await service.view(params.id, principal) }),
    }),
    'GET /tickets': route({
      query: openListQuery,
      handle: async ({ query, principal }) => {
        const { state, limit, cursor, ...filter } = query;
        const key = cursorKey(await resolveSecret('webhook'));
        const scope = { state, ...filter };
        const after = cursor === undefined ? undefined : decodeCursor(key, scope, cursor);
        const page = await service.listOpen(state, filter, { limit, after }, principal);
        const nextCursor = page.next === null ? null : encodeCursor(key, scope, page.next);
        return { status: 200, body: { state, count: page.tickets.length, tickets: page.tickets, nextCursor } };
      },
    }),
    'GET /reports/sla': route({
      query: reportQuery,
      handle: async ({ query, principal }) => {
        // The daily aggregates sum every account (DESIGN §11), so they cannot be cut to a scoped connection's.
        if (principal.accounts !== null) {
          throw new HttpError(
            403,
            'not_authorized',
            'the SLA report spans every account: use a connection not scoped to accounts',
          );
        }
        return {
          status: 200,
          body: { from: query.from, to: query.to, rows: await service.report(query.from, query.to) },
        };
      },
    }),
  },
  apiOptions,
);
