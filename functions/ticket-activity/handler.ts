/** Door: responses, contact attempts, customer replies, escalations and closes → TicketService. */
import { apiOptions } from '../../shared/http/api-options.ts';
import { httpHandler, route } from '../../shared/http/http-handler.ts';
import {
  closeBody,
  contactAttemptBody,
  customerReplyBody,
  escalationBody,
  responseBody,
  ticketIdParams,
} from '../../shared/http/request-schemas.ts';
import { config, service } from '../../shared/runtime.ts';
import { ticketView } from '../../shared/tickets/service.ts';
import type { Ticket } from '../../shared/tickets/ticket.ts';

const ok = (ticket: Ticket) => ({ status: 200, body: ticketView(ticket, config.SLA_SCHEDULER_PRECISION_SECONDS) });

export const handler = httpHandler(
  {
    'POST /tickets/{id}/responses': route({
      params: ticketIdParams,
      body: responseBody,
      handle: async ({ params, body, now, principal }) =>
        ok(await service.respond(params.id, { by: body.by, at: body.at ?? now.toISOString() }, principal)),
    }),
    'POST /tickets/{id}/contact-attempts': route({
      params: ticketIdParams,
      body: contactAttemptBody,
      handle: async ({ params, body, now, principal }) =>
        ok(await service.contactAttempt(params.id, { ...body, at: body.at ?? now.toISOString() }, principal)),
    }),
    'POST /tickets/{id}/customer-replies': route({
      params: ticketIdParams,
      body: customerReplyBody,
      handle: async ({ params, body, now, principal }) =>
        ok(await service.customerReply(params.id, { at: body.at ?? now.toISOString() }, principal)),
    }),
    'POST /tickets/{id}/escalations': route({
      params: ticketIdParams,
      body: escalationBody,
      handle: async ({ params, body, principal }) => ok(await service.escalate(params.id, body, principal)),
    }),
    'POST /tickets/{id}/close': route({
      params: ticketIdParams,
      body: closeBody,
      handle: async ({ params, body, now, principal }) =>
        ok(await service.close(params.id, { ...body, at: body.at ?? now.toISOString() }, principal)),
    }),
  },
  apiOptions,
);
