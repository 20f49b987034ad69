/**
 * Door: `POST /webhooks/{connectionId}` (the connection's own scheme, DESIGN §9) → WebhookDeliveries, and
 * `GET /connections/{connectionId}/deliveries` (admin secret): what became of the latest deliveries.
 */
import { apiOptions } from '../../shared/http/api-options.ts';
import { HttpError } from '../../shared/http/errors.ts';
import { httpHandler, route } from '../../shared/http/http-handler.ts';
import { rawBody } from '../../shared/http/raw-body.ts';
import { connectionIdParams, deliveriesQuery } from '../../shared/http/request-schemas.ts';
import { webhooks } from '../../shared/runtime/webhooks.ts';

export const handler = httpHandler(
  {
    'POST /webhooks/{connectionId}': route({
      params: connectionIdParams,
      async handle({ params, event }) {
        // The exact bytes: every sender signs its raw body, never a re-serialised one.
        const answer = await webhooks.receive(params.connectionId, { headers: event.headers, body: rawBody(event) });
        if (answer.kind === 'refused') throw new HttpError(401, 'invalid_signature', answer.reason);
        return { status: 200, body: answer.body };
      },
    }),
    'GET /connections/{connectionId}/deliveries': route({
      params: connectionIdParams,
      query: deliveriesQuery,
      async handle({ params, query }) {
        const deliveries = await webhooks.list(params.connectionId, query.limit ?? 50);
        return { status: 200, body: { connectionId: params.connectionId, count: deliveries.length, deliveries } };
      },
    }),
  },
  apiOptions,
);
