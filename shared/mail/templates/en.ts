import type { DurationPhrases, TemplateSet } from '../catalog.ts';

/** Its own export, so that code which formats durations only (shared/mail/format.ts) carries no template. */
export const enDurations: DurationPhrases = {
  minutes: { one: '{n} minute', other: '{n} minutes' },
  hours: { one: '{n} hour', other: '{n} hours' },
  businessMinutes: { one: '{n} business minute', other: '{n} business minutes' },
  businessHours: { one: '{n} business hour', other: '{n} business hours' },
  hoursAndMinutes: '{hours} {minutes}',
};

export const en: TemplateSet = {
  language: 'en',
  durations: enDurations,
  templates: {
    ticket_opened: {
      subject: '[{{ticketId}}] We have received your request: {{subject}}',
      text: `Hello,

Thank you for contacting Support. Your request has been logged as ticket {{ticketId}}.

Subject: {{subject}}
Severity: {{severity}}
Support program: {{program}}

Under your {{program}} support program, our initial-response objective for a severity {{severity}} ticket is {{objective}}. An engineer will get back to you by {{deadline}} at the latest.

To add information to this ticket, reply to this e-mail and keep the ticket number in the subject line. If the business impact changes, let us know so that we can adjust the severity.

Kind regards,
The Support team`,
      html: `<p>Hello,</p>
<p>Thank you for contacting Support. Your request has been logged as ticket <strong>{{ticketId}}</strong>.</p>
<table role="presentation" cellpadding="4">
<tr><th align="left">Subject</th><td>{{subject}}</td></tr>
<tr><th align="left">Severity</th><td>{{severity}}</td></tr>
<tr><th align="left">Support program</th><td>{{program}}</td></tr>
</table>
<p>Under your {{program}} support program, our initial-response objective for a severity {{severity}} ticket is <strong>{{objective}}</strong>. An engineer will get back to you by <strong>{{deadline}}</strong> at the latest.</p>
<p>To add information to this ticket, reply to this e-mail and keep the ticket number in the subject line. If the business impact changes, let us know so that we can adjust the severity.</p>
<p>Kind regards,<br>The Support team</p>`,
    },
    ticket_opened_best_effort: {
      subject: '[{{ticketId}}] We have received your request: {{subject}}',
      text: `Hello,

Thank you for contacting Support. Your request has been logged as ticket {{ticketId}}.

Subject: {{subject}}
Severity: {{severity}}
Support program: {{program}}

Requests under the {{program}} program are handled on a best-effort basis: our engineers will answer as soon as they can, without a guaranteed response time. Support under this program is provided by e-mail and through the web portal only.

To add information to this ticket, reply to this e-mail and keep the ticket number in the subject line.

Kind regards,
The Support team`,
      html: `<p>Hello,</p>
<p>Thank you for contacting Support. Your request has been logged as ticket <strong>{{ticketId}}</strong>.</p>
<table role="presentation" cellpadding="4">
<tr><th align="left">Subject</th><td>{{subject}}</td></tr>
<tr><th align="left">Severity</th><td>{{severity}}</td></tr>
<tr><th align="left">Support program</th><td>{{program}}</td></tr>
</table>
<p>Requests under the {{program}} program are handled on a <strong>best-effort</strong> basis: our engineers will answer as soon as they can, without a guaranteed response time. Support under this program is provided by e-mail and through the web portal only.</p>
<p>To add information to this ticket, reply to this e-mail and keep the ticket number in the subject line.</p>
<p>Kind regards,<br>The Support team</p>`,
    },
    warning: {
      subject: '[{{ticketId}}] SLA warning: {{timeLeft}} left for the first response',
      text: `The initial-response objective of ticket {{ticketId}} expires soon and no engineer has responded yet.

Ticket: {{ticketId}}
Subject: {{subject}}
Customer: {{accountName}} (support ID {{supportId}})
Program: {{program}}
Severity: {{severity}}
Response due: {{deadline}}
Time left: {{timeLeft}}

Please assign the ticket and send the customer a first response before the deadline.

SLA Monitor`,
      html: `<p>The initial-response objective of ticket <strong>{{ticketId}}</strong> expires soon and no engineer has responded yet.</p>
<table role="presentation" cellpadding="4">
<tr><th align="left">Ticket</th><td>{{ticketId}}</td></tr>
<tr><th align="left">Subject</th><td>{{subject}}</td></tr>
<tr><th align="left">Customer</th><td>{{accountName}} (support ID {{supportId}})</td></tr>
<tr><th align="left">Program</th><td>{{program}}</td></tr>
<tr><th align="left">Severity</th><td>{{severity}}</td></tr>
<tr><th align="left">Response due</th><td>{{deadline}}</td></tr>
<tr><th align="left">Time left</th><td><strong>{{timeLeft}}</strong></td></tr>
</table>
<p>Please assign the ticket and send the customer a first response before the deadline.</p>
<p>SLA Monitor</p>`,
    },
    breach: {
      subject: '[{{ticketId}}] SLA breached: no first response to {{accountName}}',
      text: `The initial-response objective of ticket {{ticketId}} has been missed: no engineer responded before the deadline.

Ticket: {{ticketId}}
Subject: {{subject}}
Customer: {{accountName}} (support ID {{supportId}})
Program: {{program}}
Severity: {{severity}}
Response was due: {{deadline}}
Breach recorded: {{breachedAt}}

Please respond to the customer now and review the ticket's assignment. The ticket remains marked as breached after the first response.

SLA Monitor`,
      html: `<p>The initial-response objective of ticket <strong>{{ticketId}}</strong> has been <strong>missed</strong>: no engineer responded before the deadline.</p>
<table role="presentation" cellpadding="4">
<tr><th align="left">Ticket</th><td>{{ticketId}}</td></tr>
<tr><th align="left">Subject</th><td>{{subject}}</td></tr>
<tr><th align="left">Customer</th><td>{{accountName}} (support ID {{supportId}})</td></tr>
<tr><th align="left">Program</th><td>{{program}}</td></tr>
<tr><th align="left">Severity</th><td>{{severity}}</td></tr>
<tr><th align="left">Response was due</th><td>{{deadline}}</td></tr>
<tr><th align="left">Breach recorded</th><td>{{breachedAt}}</td></tr>
</table>
<p>Please respond to the customer now and review the ticket's assignment. The ticket remains marked as breached after the first response.</p>
<p>SLA Monitor</p>`,
    },
    escalation_manager: {
      subject: '[{{ticketId}}] Escalation: {{accountName}} asks to speak to a manager',
      text: `A customer has asked to speak to a manager about ticket {{ticketId}}.

Ticket: {{ticketId}}
Subject: {{subject}}
Customer: {{accountName}} (support ID {{supportId}})
Requested by: {{by}}

Message from the customer:
{{message}}

Please contact the customer and take ownership of the escalation.

SLA Monitor`,
      html: `<p>A customer has asked to speak to a manager about ticket <strong>{{ticketId}}</strong>.</p>
<table role="presentation" cellpadding="4">
<tr><th align="left">Ticket</th><td>{{ticketId}}</td></tr>
<tr><th align="left">Subject</th><td>{{subject}}</td></tr>
<tr><th align="left">Customer</th><td>{{accountName}} (support ID {{supportId}})</td></tr>
<tr><th align="left">Requested by</th><td>{{by}}</td></tr>
</table>
<p>Message from the customer:</p>
<blockquote style="white-space: pre-wrap; border-left: 3px solid #ccc; margin: 0; padding-left: 12px;">{{message}}</blockquote>
<p>Please contact the customer and take ownership of the escalation.</p>
<p>SLA Monitor</p>`,
    },
    escalation_ack: {
      subject: '[{{ticketId}}] We have received your escalation request',
      text: `Hello,

We have received your request to speak to a manager about ticket {{ticketId}} ("{{subject}}").

A support manager has been notified and will contact you shortly. In the meantime, the engineers assigned to your ticket continue to work on it.

Kind regards,
The Support team`,
      html: `<p>Hello,</p>
<p>We have received your request to speak to a manager about ticket <strong>{{ticketId}}</strong> (“{{subject}}”).</p>
<p>A support manager has been notified and will contact you shortly. In the meantime, the engineers assigned to your ticket continue to work on it.</p>
<p>Kind regards,<br>The Support team</p>`,
    },
    pending_closure: {
      subject: '[{{ticketId}}] Your ticket will be closed unless you reply',
      text: `Hello,

We have tried to reach you three times, on different dates, about ticket {{ticketId}} ("{{subject}}"), without a reply.

Unless we hear from you, the ticket will be closed on {{closesAt}}. To keep it open, simply reply to this e-mail before then.

Kind regards,
The Support team`,
      html: `<p>Hello,</p>
<p>We have tried to reach you three times, on different dates, about ticket <strong>{{ticketId}}</strong> (“{{subject}}”), without a reply.</p>
<p>Unless we hear from you, the ticket will be closed on <strong>{{closesAt}}</strong>. To keep it open, simply reply to this e-mail before then.</p>
<p>Kind regards,<br>The Support team</p>`,
    },
    closed_no_response: {
      subject: '[{{ticketId}}] Your ticket has been closed',
      text: `Hello,

As we received no reply after several attempts to reach you, ticket {{ticketId}} ("{{subject}}") has been closed.

If you still need help, you can open a new ticket at any time: mention {{ticketId}} as the related ticket so that our engineers can pick up where we left off.

Kind regards,
The Support team`,
      html: `<p>Hello,</p>
<p>As we received no reply after several attempts to reach you, ticket <strong>{{ticketId}}</strong> (“{{subject}}”) has been closed.</p>
<p>If you still need help, you can open a new ticket at any time: mention <strong>{{ticketId}}</strong> as the related ticket so that our engineers can pick up where we left off.</p>
<p>Kind regards,<br>The Support team</p>`,
    },
  },
};
