import type { DurationPhrases, TemplateSet } from '../catalog.ts';

/** Its own export, so that code which formats durations only (shared/mail/format.ts) carries no template. */
export const ptDurations: DurationPhrases = {
  minutes: { one: '{n} minuto', other: '{n} minutos' },
  hours: { one: '{n} hora', other: '{n} horas' },
  businessMinutes: { one: '{n} minuto útil', other: '{n} minutos úteis' },
  businessHours: { one: '{n} hora útil', other: '{n} horas úteis' },
  hoursAndMinutes: '{hours} e {minutes}',
};

export const pt: TemplateSet = {
  language: 'pt',
  durations: ptDurations,
  templates: {
    ticket_opened: {
      subject: '[{{ticketId}}] Recebemos sua solicitação: {{subject}}',
      text: `Olá,

Obrigado por entrar em contato com o Suporte. Sua solicitação foi registrada como o chamado {{ticketId}}.

Assunto: {{subject}}
Severidade: {{severity}}
Programa de suporte: {{program}}

No seu programa de suporte {{program}}, nosso objetivo de primeira resposta para um chamado de severidade {{severity}} é de {{objective}}. Um engenheiro entrará em contato com você no máximo até {{deadline}}.

Para acrescentar informações a este chamado, responda a este e-mail mantendo o número do chamado no assunto. Se o impacto no seu negócio mudar, avise-nos para que possamos ajustar a severidade.

Atenciosamente,
Equipe de Suporte`,
      html: `<p>Olá,</p>
<p>Obrigado por entrar em contato com o Suporte. Sua solicitação foi registrada como o chamado <strong>{{ticketId}}</strong>.</p>
<table role="presentation" cellpadding="4">
<tr><th align="left">Assunto</th><td>{{subject}}</td></tr>
<tr><th align="left">Severidade</th><td>{{severity}}</td></tr>
<tr><th align="left">Programa de suporte</th><td>{{program}}</td></tr>
</table>
<p>No seu programa de suporte {{program}}, nosso objetivo de primeira resposta para um chamado de severidade {{severity}} é de <strong>{{objective}}</strong>. Um engenheiro entrará em contato com você no máximo até <strong>{{deadline}}</strong>.</p>
<p>Para acrescentar informações a este chamado, responda a este e-mail mantendo o número do chamado no assunto. Se o impacto no seu negócio mudar, avise-nos para que possamos ajustar a severidade.</p>
<p>Atenciosamente,<br>Equipe de Suporte</p>`,
    },
    ticket_opened_best_effort: {
      subject: '[{{ticketId}}] Recebemos sua solicitação: {{subject}}',
      text: `Olá,

Obrigado por entrar em contato com o Suporte. Sua solicitação foi registrada como o chamado {{ticketId}}.

Assunto: {{subject}}
Severidade: {{severity}}
Programa de suporte: {{program}}

As solicitações do programa {{program}} são atendidas em regime de melhor esforço (“best effort”): nossos engenheiros responderão o mais rápido possível, sem tempo de resposta garantido. Neste programa, o suporte é prestado somente por e-mail e pelo portal web.

Para acrescentar informações a este chamado, responda a este e-mail mantendo o número do chamado no assunto.

Atenciosamente,
Equipe de Suporte`,
      html: `<p>Olá,</p>
<p>Obrigado por entrar em contato com o Suporte. Sua solicitação foi registrada como o chamado <strong>{{ticketId}}</strong>.</p>
<table role="presentation" cellpadding="4">
<tr><th align="left">Assunto</th><td>{{subject}}</td></tr>
<tr><th align="left">Severidade</th><td>{{severity}}</td></tr>
<tr><th align="left">Programa de suporte</th><td>{{program}}</td></tr>
</table>
<p>As solicitações do programa {{program}} são atendidas em regime de <strong>melhor esforço</strong> (“best effort”): nossos engenheiros responderão o mais rápido possível, sem tempo de resposta garantido. Neste programa, o suporte é prestado somente por e-mail e pelo portal web.</p>
<p>Para acrescentar informações a este chamado, responda a este e-mail mantendo o número do chamado no assunto.</p>
<p>Atenciosamente,<br>Equipe de Suporte</p>`,
    },
    warning: {
      subject: '[{{ticketId}}] Alerta de SLA: primeira resposta pendente, tempo restante {{timeLeft}}',
      text: `O objetivo de primeira resposta do chamado {{ticketId}} vence em breve e nenhum engenheiro respondeu ainda.

Chamado: {{ticketId}}
Assunto: {{subject}}
Cliente: {{accountName}} (ID de suporte {{supportId}})
Programa: {{program}}
Severidade: {{severity}}
Resposta devida até: {{deadline}}
Tempo restante: {{timeLeft}}

Atribua o chamado e envie uma primeira resposta ao cliente antes do prazo.

SLA Monitor`,
      html: `<p>O objetivo de primeira resposta do chamado <strong>{{ticketId}}</strong> vence em breve e nenhum engenheiro respondeu ainda.</p>
<table role="presentation" cellpadding="4">
<tr><th align="left">Chamado</th><td>{{ticketId}}</td></tr>
<tr><th align="left">Assunto</th><td>{{subject}}</td></tr>
<tr><th align="left">Cliente</th><td>{{accountName}} (ID de suporte {{supportId}})</td></tr>
<tr><th align="left">Programa</th><td>{{program}}</td></tr>
<tr><th align="left">Severidade</th><td>{{severity}}</td></tr>
<tr><th align="left">Resposta devida até</th><td>{{deadline}}</td></tr>
<tr><th align="left">Tempo restante</th><td><strong>{{timeLeft}}</strong></td></tr>
</table>
<p>Atribua o chamado e envie uma primeira resposta ao cliente antes do prazo.</p>
<p>SLA Monitor</p>`,
    },
    breach: {
      subject: '[{{ticketId}}] SLA violado: sem primeira resposta para {{accountName}}',
      text: `O objetivo de primeira resposta do chamado {{ticketId}} não foi cumprido: nenhum engenheiro respondeu antes do prazo.

Chamado: {{ticketId}}
Assunto: {{subject}}
Cliente: {{accountName}} (ID de suporte {{supportId}})
Programa: {{program}}
Severidade: {{severity}}
Resposta devida até: {{deadline}}
Violação registrada em: {{breachedAt}}

Responda ao cliente imediatamente e revise a atribuição do chamado. O chamado continuará marcado como violado mesmo após a primeira resposta.

SLA Monitor`,
      html: `<p>O objetivo de primeira resposta do chamado <strong>{{ticketId}}</strong> <strong>não foi cumprido</strong>: nenhum engenheiro respondeu antes do prazo.</p>
<table role="presentation" cellpadding="4">
<tr><th align="left">Chamado</th><td>{{ticketId}}</td></tr>
<tr><th align="left">Assunto</th><td>{{subject}}</td></tr>
<tr><th align="left">Cliente</th><td>{{accountName}} (ID de suporte {{supportId}})</td></tr>
<tr><th align="left">Programa</th><td>{{program}}</td></tr>
<tr><th align="left">Severidade</th><td>{{severity}}</td></tr>
<tr><th align="left">Resposta devida até</th><td>{{deadline}}</td></tr>
<tr><th align="left">Violação registrada em</th><td>{{breachedAt}}</td></tr>
</table>
<p>Responda ao cliente imediatamente e revise a atribuição do chamado. O chamado continuará marcado como violado mesmo após a primeira resposta.</p>
<p>SLA Monitor</p>`,
    },
    escalation_manager: {
      subject: '[{{ticketId}}] Escalonamento: {{accountName}} pede para falar com um gerente',
      text: `Um cliente pediu para falar com um gerente sobre o chamado {{ticketId}}.

Chamado: {{ticketId}}
Assunto: {{subject}}
Cliente: {{accountName}} (ID de suporte {{supportId}})
Solicitado por: {{by}}

Mensagem do cliente:
{{message}}

Entre em contato com o cliente e assuma o escalonamento.

SLA Monitor`,
      html: `<p>Um cliente pediu para falar com um gerente sobre o chamado <strong>{{ticketId}}</strong>.</p>
<table role="presentation" cellpadding="4">
<tr><th align="left">Chamado</th><td>{{ticketId}}</td></tr>
<tr><th align="left">Assunto</th><td>{{subject}}</td></tr>
<tr><th align="left">Cliente</th><td>{{accountName}} (ID de suporte {{supportId}})</td></tr>
<tr><th align="left">Solicitado por</th><td>{{by}}</td></tr>
</table>
<p>Mensagem do cliente:</p>
<blockquote style="white-space: pre-wrap; border-left: 3px solid #ccc; margin: 0; padding-left: 12px;">{{message}}</blockquote>
<p>Entre em contato com o cliente e assuma o escalonamento.</p>
<p>SLA Monitor</p>`,
    },
    escalation_ack: {
      subject: '[{{ticketId}}] Recebemos sua solicitação de escalonamento',
      text: `Olá,

Recebemos sua solicitação para falar com um gerente sobre o chamado {{ticketId}} (“{{subject}}”).

Um gerente de Suporte foi notificado e entrará em contato com você em breve. Enquanto isso, os engenheiros responsáveis pelo seu chamado continuam trabalhando nele.

Atenciosamente,
Equipe de Suporte`,
      html: `<p>Olá,</p>
<p>Recebemos sua solicitação para falar com um gerente sobre o chamado <strong>{{ticketId}}</strong> (“{{subject}}”).</p>
<p>Um gerente de Suporte foi notificado e entrará em contato com você em breve. Enquanto isso, os engenheiros responsáveis pelo seu chamado continuam trabalhando nele.</p>
<p>Atenciosamente,<br>Equipe de Suporte</p>`,
    },
    pending_closure: {
      subject: '[{{ticketId}}] Seu chamado será encerrado se não recebermos resposta',
      text: `Olá,

Tentamos entrar em contato com você três vezes, em datas diferentes, sobre o chamado {{ticketId}} (“{{subject}}”), sem obter resposta.

Caso não tenhamos retorno, o chamado será encerrado. Data prevista de encerramento: {{closesAt}}. Para mantê-lo aberto, basta responder a este e-mail antes disso.

Atenciosamente,
Equipe de Suporte`,
      html: `<p>Olá,</p>
<p>Tentamos entrar em contato com você três vezes, em datas diferentes, sobre o chamado <strong>{{ticketId}}</strong> (“{{subject}}”), sem obter resposta.</p>
<p>Caso não tenhamos retorno, o chamado será encerrado. Data prevista de encerramento: <strong>{{closesAt}}</strong>. Para mantê-lo aberto, basta responder a este e-mail antes disso.</p>
<p>Atenciosamente,<br>Equipe de Suporte</p>`,
    },
    closed_no_response: {
      subject: '[{{ticketId}}] Seu chamado foi encerrado',
      text: `Olá,

Como não recebemos resposta após várias tentativas de contato, o chamado {{ticketId}} (“{{subject}}”) foi encerrado.

Se ainda precisar de ajuda, você pode abrir um novo chamado a qualquer momento, informando {{ticketId}} como chamado relacionado, para que nossos engenheiros possam retomar de onde paramos.

Atenciosamente,
Equipe de Suporte`,
      html: `<p>Olá,</p>
<p>Como não recebemos resposta após várias tentativas de contato, o chamado <strong>{{ticketId}}</strong> (“{{subject}}”) foi encerrado.</p>
<p>Se ainda precisar de ajuda, você pode abrir um novo chamado a qualquer momento, informando <strong>{{ticketId}}</strong> como chamado relacionado, para que nossos engenheiros possam retomar de onde paramos.</p>
<p>Atenciosamente,<br>Equipe de Suporte</p>`,
    },
  },
};
