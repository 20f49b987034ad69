/** The mail port on SES v2 and the templates it renders, for the functions granted `mail` in functions/registry.ts. */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SesMailer } from '../adapters/ses-mailer.ts';
import { renderEmail } from '../mail/render.ts';
import { traced } from '../observability/tracing.ts';
import { config } from './core.ts';

export const mail = {
  mailer: new SesMailer(
    traced(
      new SESv2Client({
        region: config.AWS_REGION,
        ...(config.SLA_SES_ENDPOINT ? { endpoint: config.SLA_SES_ENDPOINT } : {}),
      }),
    ),
    config.SLA_FROM_EMAIL,
    config.SLA_SES_CONFIGURATION_SET,
  ),
  render: renderEmail,
};
