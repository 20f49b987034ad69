/**
 * Outbound e-mail (DESIGN §6): the SES v2 identity the service sends from and the configuration set
 * every message goes through, with the sending permission scoped to exactly those two.
 */
import { Stack } from 'aws-cdk-lib';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import type { MailBinding } from './sla-function.ts';

export interface NotificationsProps {
  /** A domain (DKIM records to publish) or a single address (a verification link is mailed). */
  sesIdentity: string;
  senderEmail: string;
  supportQueueEmail: string;
  dutyManagerEmail: string;
}

export class Notifications extends Construct {
  readonly identity: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;
  readonly configurationSetArn: string;
  readonly binding: MailBinding;

  constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      // SLA alerts carry ticket details: never send them over an unencrypted hop.
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    const isAddress = props.sesIdentity.includes('@');
    this.identity = new ses.EmailIdentity(this, 'Identity', {
      identity: isAddress ? ses.Identity.email(props.sesIdentity) : ses.Identity.domain(props.sesIdentity),
      configurationSet: this.configurationSet,
      dkimSigning: true,
      dkimIdentity: ses.DkimIdentity.easyDkim(ses.EasyDkimSigningKeyLength.RSA_2048_BIT),
    });
    this.configurationSetArn = Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
    });
    this.binding = {
      identityArn: this.identity.emailIdentityArn,
      configurationSetName: this.configurationSet.configurationSetName,
      configurationSetArn: this.configurationSetArn,
      fromEmail: props.senderEmail,
      supportQueueEmail: props.supportQueueEmail,
      dutyManagerEmail: props.dutyManagerEmail,
    };
  }
}
