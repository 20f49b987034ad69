/** Door: `POST /tickets/{id}/severity` → TicketService.changeSeverity. */
import { apiOptions } from '../../shared/http/api-options.ts';
import { httpHandler, route } from '../../shared/http/http-handler.ts';
import { severityBody, ticketIdParams } from '../../shared/http/request-schemas.ts';
import { config, service } from '../../shared/runtime.ts';
import { ticketView } from '../../shared/tickets/service.ts';

export const handler = httpHandler(
  {
    'POST /tickets/{id}/severity': route({
      params: ticketIdParams,
      body: severityBody,
      async handle({ params, body, now, principal }) {
        const ticket = await service.changeSeverity(
          params.id,
          { ...body, at: body.at ?? now.toISOString() },
          principal,
        );
        return { status: 200, body: ticketView(ticket, config.SLA_SCHEDULER_PRECISION_SECONDS) };
      },
    }),
  },
  apiOptions,
);
