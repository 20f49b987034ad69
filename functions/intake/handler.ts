/** Door: `POST /tickets` → TicketService.open: 201 for a new ticket, 200 for a redelivery. */
import { apiOptions } from '../../shared/http/api-options.ts';
import { httpHandler, route } from '../../shared/http/http-handler.ts';
import { openTicketBody } from '../../shared/http/request-schemas.ts';
import { config, service } from '../../shared/runtime.ts';
import { ticketView } from '../../shared/tickets/service.ts';

export const handler = httpHandler(
  {
    'POST /tickets': route({
      body: openTicketBody,
      async handle({ body, now, principal }) {
        // An exact replay of this signed request never gets here: the door answers it with the first answer.
        const { ticket, created } = await service.open(
          { ...body, openedAt: body.openedAt ?? now.toISOString() },
          principal,
        );
        return { status: created ? 201 : 200, body: ticketView(ticket, config.SLA_SCHEDULER_PRECISION_SECONDS) };
      },
    }),
  },
  apiOptions,
);
