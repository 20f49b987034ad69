import type { DurationPhrases, TemplateSet } from '../catalog.ts';

/** Its own export, so that code which formats durations only (shared/mail/format.ts) carries no template. */
export const esDurations: DurationPhrases = {
  minutes: { one: '{n} minuto', other: '{n} minutos' },
  hours: { one: '{n} hora', other: '{n} horas' },
  businessMinutes: { one: '{n} minuto hábil', other: '{n} minutos hábiles' },
  businessHours: { one: '{n} hora hábil', other: '{n} horas hábiles' },
  hoursAndMinutes: '{hours} y {minutes}',
};

export const es: TemplateSet = {
  language: 'es',
  durations: esDurations,
  templates: {
    ticket_opened: {
      subject: '[{{ticketId}}] Hemos recibido su solicitud: {{subject}}',
      text: `Hola:

Gracias por ponerse en contacto con Soporte. Hemos registrado su solicitud con el número de ticket {{ticketId}}.

Asunto: {{subject}}
Gravedad: {{severity}}
Programa de soporte: {{program}}

Con su programa de soporte {{program}}, nuestro objetivo de primera respuesta para un ticket de gravedad {{severity}} es de {{objective}}. Un ingeniero se pondrá en contacto con usted a más tardar el {{deadline}}.

Para añadir información a este ticket, responda a este correo y mantenga el número de ticket en el asunto. Si el impacto en su negocio cambia, infórmenos para que podamos ajustar la gravedad.

Atentamente,
El equipo de Soporte`,
      html: `<p>Hola:</p>
<p>Gracias por ponerse en contacto con Soporte. Hemos registrado su solicitud con el número de ticket <strong>{{ticketId}}</strong>.</p>
<table role="presentation" cellpadding="4">
<tr><th align="left">Asunto</th><td>{{subject}}</td></tr>
<tr><th align="left">Gravedad</th><td>{{severity}}</td></tr>
<tr><th align="left">Programa de soporte</th><td>{{program}}</td></tr>
</table>
<p>Con su programa de soporte {{program}}, nuestro objetivo de primera respuesta para un ticket de gravedad {{severity}} es de <strong>{{objective}}</strong>. Un ingeniero se pondrá en contacto con usted a más tardar el <strong>{{deadline}}</strong>.</p>
<p>Para añadir información a este ticket, responda a este correo y mantenga el número de ticket en el asunto. Si el impacto en su negocio cambia, infórmenos para que podamos ajustar la gravedad.</p>
<p>Atentamente,<br>El equipo de Soporte</p>`,
    },
    ticket_opened_best_effort: {
      subject: '[{{ticketId}}] Hemos recibido su solicitud: {{subject}}',
      text: `Hola:

Gracias por ponerse en contacto con Soporte. Hemos registrado su solicitud con el número de ticket {{ticketId}}.

Asunto: {{subject}}
Gravedad: {{severity}}
Programa de soporte: {{program}}

Las solicitudes del programa {{program}} se atienden según disponibilidad («best effort»): nuestros ingenieros le responderán lo antes posible, sin un tiempo de respuesta garantizado. En este programa, el soporte se presta únicamente por correo electrónico y a través del portal web.

Para añadir información a este ticket, responda a este correo y mantenga el número de ticket en el asunto.

Atentamente,
El equipo de Soporte`,
      html: `<p>Hola:</p>
<p>Gracias por ponerse en contacto con Soporte. Hemos registrado su solicitud con el número de ticket <strong>{{ticketId}}</strong>.</p>
<table role="presentation" cellpadding="4">
<tr><th align="left">Asunto</th><td>{{subject}}</td></tr>
<tr><th align="left">Gravedad</th><td>{{severity}}</td></tr>
<tr><th align="left">Programa de soporte</th><td>{{program}}</td></tr>
</table>
<p>Las solicitudes del programa {{program}} se atienden <strong>según disponibilidad</strong> («best effort»): nuestros ingenieros le responderán lo antes posible, sin un tiempo de respuesta garantizado. En este programa, el soporte se presta únicamente por correo electrónico y a través del portal web.</p>
<p>Para añadir información a este ticket, responda a este correo y mantenga el número de ticket en el asunto.</p>
<p>Atentamente,<br>El equipo de Soporte</p>`,
    },
    warning: {
      subject: '[{{ticketId}}] Aviso de SLA: primera respuesta pendiente, tiempo restante {{timeLeft}}',
      text: `El objetivo de primera respuesta del ticket {{ticketId}} vence pronto y ningún ingeniero ha respondido todavía.

Ticket: {{ticketId}}
Asunto: {{subject}}
Cliente: {{accountName}} (ID de soporte {{supportId}})
Programa: {{program}}
Gravedad: {{severity}}
Respuesta requerida antes del: {{deadline}}
Tiempo restante: {{timeLeft}}

Asigne el ticket y envíe una primera respuesta al cliente antes de que venza el plazo.

SLA Monitor`,
      html: `<p>El objetivo de primera respuesta del ticket <strong>{{ticketId}}</strong> vence pronto y ningún ingeniero ha respondido todavía.</p>
<table role="presentation" cellpadding="4">
<tr><th align="left">Ticket</th><td>{{ticketId}}</td></tr>
<tr><th align="left">Asunto</th><td>{{subject}}</td></tr>
<tr><th align="left">Cliente</th><td>{{accountName}} (ID de soporte {{supportId}})</td></tr>
<tr><th align="left">Programa</th><td>{{program}}</td></tr>
<tr><th align="left">Gravedad</th><td>{{severity}}</td></tr>
<tr><th align="left">Respuesta requerida antes del</th><td>{{deadline}}</td></tr>
<tr><th align="left">Tiempo restante</th><td><strong>{{timeLeft}}</strong></td></tr>
</table>
<p>Asigne el ticket y envíe una primera respuesta al cliente antes de que venza el plazo.</p>
<p>SLA Monitor</p>`,
    },
    breach: {
      subject: '[{{ticketId}}] SLA incumplido: sin primera respuesta a {{accountName}}',
      text: `No se ha cumplido el objetivo de primera respuesta del ticket {{ticketId}}: ningún ingeniero respondió antes del plazo.

Ticket: {{ticketId}}
Asunto: {{subject}}
Cliente: {{accountName}} (ID de soporte {{supportId}})
Programa: {{program}}
Gravedad: {{severity}}
Respuesta requerida antes del: {{deadline}}
Incumplimiento registrado el: {{breachedAt}}

Responda al cliente de inmediato y revise la asignación del ticket. El ticket seguirá marcado como incumplido aunque se envíe la primera respuesta.

SLA Monitor`,
      html: `<p><strong>No se ha cumplido</strong> el objetivo de primera respuesta del ticket <strong>{{ticketId}}</strong>: ningún ingeniero respondió antes del plazo.</p>
<table role="presentation" cellpadding="4">
<tr><th align="left">Ticket</th><td>{{ticketId}}</td></tr>
<tr><th align="left">Asunto</th><td>{{subject}}</td></tr>
<tr><th align="left">Cliente</th><td>{{accountName}} (ID de soporte {{supportId}})</td></tr>
<tr><th align="left">Programa</th><td>{{program}}</td></tr>
<tr><th align="left">Gravedad</th><td>{{severity}}</td></tr>
<tr><th align="left">Respuesta requerida antes del</th><td>{{deadline}}</td></tr>
<tr><th align="left">Incumplimiento registrado el</th><td>{{breachedAt}}</td></tr>
</table>
<p>Responda al cliente de inmediato y revise la asignación del ticket. El ticket seguirá marcado como incumplido aunque se envíe la primera respuesta.</p>
<p>SLA Monitor</p>`,
    },
    escalation_manager: {
      subject: '[{{ticketId}}] Escalado: {{accountName}} solicita hablar con un responsable',
      text: `Un cliente ha solicitado hablar con un responsable sobre el ticket {{ticketId}}.

Ticket: {{ticketId}}
Asunto: {{subject}}
Cliente: {{accountName}} (ID de soporte {{supportId}})
Solicitado por: {{by}}

Mensaje del cliente:
{{message}}

Póngase en contacto con el cliente y hágase cargo del escalado.

SLA Monitor`,
      html: `<p>Un cliente ha solicitado hablar con un responsable sobre el ticket <strong>{{ticketId}}</strong>.</p>
<table role="presentation" cellpadding="4">
<tr><th align="left">Ticket</th><td>{{ticketId}}</td></tr>
<tr><th align="left">Asunto</th><td>{{subject}}</td></tr>
<tr><th align="left">Cliente</th><td>{{accountName}} (ID de soporte {{supportId}})</td></tr>
<tr><th align="left">Solicitado por</th><td>{{by}}</td></tr>
</table>
<p>Mensaje del cliente:</p>
<blockquote style="white-space: pre-wrap; border-left: 3px solid #ccc; margin: 0; padding-left: 12px;">{{message}}</blockquote>
<p>Póngase en contacto con el cliente y hágase cargo del escalado.</p>
<p>SLA Monitor</p>`,
    },
    escalation_ack: {
      subject: '[{{ticketId}}] Hemos recibido su solicitud de escalado',
      text: `Hola:

Hemos recibido su solicitud para hablar con un responsable sobre el ticket {{ticketId}} («{{subject}}»).

Hemos informado a un responsable de Soporte, que se pondrá en contacto con usted en breve. Mientras tanto, los ingenieros asignados a su ticket siguen trabajando en él.

Atentamente,
El equipo de Soporte`,
      html: `<p>Hola:</p>
<p>Hemos recibido su solicitud para hablar con un responsable sobre el ticket <strong>{{ticketId}}</strong> («{{subject}}»).</p>
<p>Hemos informado a un responsable de Soporte, que se pondrá en contacto con usted en breve. Mientras tanto, los ingenieros asignados a su ticket siguen trabajando en él.</p>
<p>Atentamente,<br>El equipo de Soporte</p>`,
    },
    pending_closure: {
      subject: '[{{ticketId}}] Su ticket se cerrará si no recibimos respuesta',
      text: `Hola:

Hemos intentado ponernos en contacto con usted tres veces, en fechas distintas, en relación con el ticket {{ticketId}} («{{subject}}»), sin obtener respuesta.

Si no tenemos noticias suyas, el ticket se cerrará el {{closesAt}}. Para mantenerlo abierto, basta con que responda a este correo antes de esa fecha.

Atentamente,
El equipo de Soporte`,
      html: `<p>Hola:</p>
<p>Hemos intentado ponernos en contacto con usted tres veces, en fechas distintas, en relación con el ticket <strong>{{ticketId}}</strong> («{{subject}}»), sin obtener respuesta.</p>
<p>Si no tenemos noticias suyas, el ticket se cerrará el <strong>{{closesAt}}</strong>. Para mantenerlo abierto, basta con que responda a este correo antes de esa fecha.</p>
<p>Atentamente,<br>El equipo de Soporte</p>`,
    },
    closed_no_response: {
      subject: '[{{ticketId}}] Su ticket se ha cerrado',
      text: `Hola:

Al no haber recibido respuesta tras varios intentos de contacto, hemos cerrado el ticket {{ticketId}} («{{subject}}»).

Si todavía necesita ayuda, puede abrir un nuevo ticket en cualquier momento. Indique {{ticketId}} como ticket relacionado para que nuestros ingenieros puedan retomar el caso donde lo dejamos.

Atentamente,
El equipo de Soporte`,
      html: `<p>Hola:</p>
<p>Al no haber recibido respuesta tras varios intentos de contacto, hemos cerrado el ticket <strong>{{ticketId}}</strong> («{{subject}}»).</p>
<p>Si todavía necesita ayuda, puede abrir un nuevo ticket en cualquier momento. Indique <strong>{{ticketId}}</strong> como ticket relacionado para que nuestros ingenieros puedan retomar el caso donde lo dejamos.</p>
<p>Atentamente,<br>El equipo de Soporte</p>`,
    },
  },
};
