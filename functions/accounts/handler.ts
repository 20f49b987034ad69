/** Door: `PUT|GET /accounts/{supportId}` and `PUT|GET /partners/{partnerId}` (admin secret) → TicketService. */
import { apiOptions } from '../../shared/http/api-options.ts';
import { httpHandler, route } from '../../shared/http/http-handler.ts';
import { accountBody, partnerBody, partnerIdParams, supportIdParams } from '../../shared/http/request-schemas.ts';
import { service } from '../../shared/runtime.ts';

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
  },
  apiOptions,
);
