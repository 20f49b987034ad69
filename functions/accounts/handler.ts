/**
 * Door: the admin API (admin secret) → TicketService: `PUT|GET /accounts/{supportId}`,
 * `PUT|GET /partners/{partnerId}`, `PUT|GET /connections/{connectionId}`.
 */
import { apiOptions } from '../../shared/http/api-options.ts';
import { httpHandler, route } from '../../shared/http/http-handler.ts';
import {
  accountBody,
  connectionBody,
  connectionIdParams,
  partnerBody,
  partnerIdParams,
  supportIdParams,
} from '../../shared/http/request-schemas.ts';
import { service } from '../../shared/runtime/store-only.ts';

export const handler = httpHandler(
  {
    'PUT /accounts/{supportId}': route({
      params: supportIdParams,
      body: accountBody,
      async handle({ params, body }) {
        const account = await service.putAccount({
          supportId: params.supportId,
          name: body.name,
          program: body.program,
          contractExpiresAt: body.contractExpiresAt ?? null,
          timezone: body.timezone,
          region: body.region,
          language: body.language,
          holidays: body.holidays,
          caseAdministrators: body.caseAdministrators,
          supportPartners: body.supportPartners,
          supportAccountManager: body.supportAccountManager ?? null,
        });
        return { status: 200, body: account };
      },
    }),
    'GET /accounts/{supportId}': route({
      params: supportIdParams,
      async handle({ params }) {
        return { status: 200, body: await service.getAccount(params.supportId) };
      },
    }),
    'PUT /partners/{partnerId}': route({
      params: partnerIdParams,
      body: partnerBody,
      async handle({ params, body }) {
        const partner = await service.putPartner({
          partnerId: params.partnerId,
          name: body.name,
          contacts: body.contacts,
        });
        return { status: 200, body: partner };
      },
    }),
    'GET /partners/{partnerId}': route({
      params: partnerIdParams,
      async handle({ params }) {
        return { status: 200, body: await service.getPartner(params.partnerId) };
      },
    }),
    'PUT /connections/{connectionId}': route({
      params: connectionIdParams,
      body: connectionBody,
      async handle({ params, body }) {
        const view = await service.putConnection({
          connectionId: params.connectionId,
          source: body.source,
          secrets: body.secrets,
          organizations: body.organizations,
          defaultSupportId: body.defaultSupportId,
          severities: body.severities,
          agents: body.agents,
          // Only a native connection is scoped; a ticket system's webhooks change its own tickets.
          accounts: body.source === 'native' ? (body.accounts ?? null) : null,
          access: body.source === 'native' ? (body.access ?? 'write') : 'write',
        });
        return { status: 200, body: view };
      },
    }),
    'GET /connections/{connectionId}': route({
      params: connectionIdParams,
      async handle({ params }) {
        return { status: 200, body: await service.getConnection(params.connectionId) };
      },
    }),
  },
  apiOptions,
);
