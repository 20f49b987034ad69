/** Door: `GET /tickets/{id}`, `GET /tickets?state=`, `GET /reports/sla` → TicketService (reads only). */
import { apiOptions } from '../../shared/http/api-options.ts';
import { httpHandler, route } from '../../shared/http/http-handler.ts';
import { openListQuery, reportQuery, ticketIdParams } from '../../shared/http/request-schemas.ts';
import { service } from '../../shared/runtime/store-only.ts';

export const handler = httpHandler(
  {
    'GET /tickets/{id}': route({
      params: ticketIdParams,
      handle: async ({ params }) => ({ status: 200, body: await service.view(params.id) }),
    }),
    'GET /tickets': route({
      query: openListQuery,
      handle: async ({ query }) => {
        const { state, ...filter } = query;
        const tickets = await service.listOpen(state, filter);
        return { status: 200, body: { state, count: tickets.length, tickets } };
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
