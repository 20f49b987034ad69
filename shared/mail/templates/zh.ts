import type { DurationPhrases, TemplateSet } from '../catalog.ts';

/** Its own export, so that code which formats durations only (shared/mail/format.ts) carries no template. */
export const zhDurations: DurationPhrases = {
  minutes: { other: '{n}分钟' },
  hours: { other: '{n}小时' },
  businessMinutes: { other: '{n}分钟（按工作时间计）' },
  businessHours: { other: '{n}个工作小时' },
  hoursAndMinutes: '{hours}{minutes}',
};

export const zh: TemplateSet = {
  language: 'zh',
  durations: zhDurations,
  templates: {
    ticket_opened: {
      subject: '[{{ticketId}}] 我们已收到您的请求：{{subject}}',
      text: `您好：

感谢您联系技术支持。您的请求已登记为工单 {{ticketId}}。

主题：{{subject}}
严重级别：{{severity}}
支持计划：{{program}}

根据您的 {{program}} 支持计划，对于严重级别为 {{severity}} 的工单，我们的首次响应目标为 {{objective}}。我们的工程师将最迟于 {{deadline}} 与您联系。

如需补充此工单的信息，请直接回复本邮件，并保留主题中的工单编号。如果问题对您业务的影响发生变化，请告知我们，以便我们调整严重级别。

此致
技术支持团队`,
      html: `<p>您好：</p>
<p>感谢您联系技术支持。您的请求已登记为工单 <strong>{{ticketId}}</strong>。</p>
<table role="presentation" cellpadding="4">
<tr><th align="left">主题</th><td>{{subject}}</td></tr>
<tr><th align="left">严重级别</th><td>{{severity}}</td></tr>
<tr><th align="left">支持计划</th><td>{{program}}</td></tr>
</table>
<p>根据您的 {{program}} 支持计划，对于严重级别为 {{severity}} 的工单，我们的首次响应目标为 <strong>{{objective}}</strong>。我们的工程师将最迟于 <strong>{{deadline}}</strong> 与您联系。</p>
<p>如需补充此工单的信息，请直接回复本邮件，并保留主题中的工单编号。如果问题对您业务的影响发生变化，请告知我们，以便我们调整严重级别。</p>
<p>此致<br>技术支持团队</p>`,
    },
    ticket_opened_best_effort: {
      subject: '[{{ticketId}}] 我们已收到您的请求：{{subject}}',
      text: `您好：

感谢您联系技术支持。您的请求已登记为工单 {{ticketId}}。

主题：{{subject}}
严重级别：{{severity}}
支持计划：{{program}}

{{program}} 计划下的请求将以“尽力而为”（best effort）的方式处理：我们的工程师会尽快回复您，但不承诺响应时间。该计划仅通过电子邮件和 Web 门户提供支持。

如需补充此工单的信息，请直接回复本邮件，并保留主题中的工单编号。

此致
技术支持团队`,
      html: `<p>您好：</p>
<p>感谢您联系技术支持。您的请求已登记为工单 <strong>{{ticketId}}</strong>。</p>
<table role="presentation" cellpadding="4">
<tr><th align="left">主题</th><td>{{subject}}</td></tr>
<tr><th align="left">严重级别</th><td>{{severity}}</td></tr>
<tr><th align="left">支持计划</th><td>{{program}}</td></tr>
</table>
<p>{{program}} 计划下的请求将以<strong>“尽力而为”</strong>（best effort）的方式处理：我们的工程师会尽快回复您，但不承诺响应时间。该计划仅通过电子邮件和 Web 门户提供支持。</p>
<p>如需补充此工单的信息，请直接回复本邮件，并保留主题中的工单编号。</p>
<p>此致<br>技术支持团队</p>`,
    },
    warning: {
      subject: '[{{ticketId}}] SLA 预警：距首次响应截止还剩 {{timeLeft}}',
      text: `工单 {{ticketId}} 的首次响应目标即将到期，目前仍没有工程师回复。

工单：{{ticketId}}
主题：{{subject}}
客户：{{accountName}}（支持 ID {{supportId}}）
计划：{{program}}
严重级别：{{severity}}
响应截止时间：{{deadline}}
剩余时间：{{timeLeft}}

请分配此工单，并在截止时间前向客户发送首次响应。

SLA Monitor`,
      html: `<p>工单 <strong>{{ticketId}}</strong> 的首次响应目标即将到期，目前仍没有工程师回复。</p>
<table role="presentation" cellpadding="4">
<tr><th align="left">工单</th><td>{{ticketId}}</td></tr>
<tr><th align="left">主题</th><td>{{subject}}</td></tr>
<tr><th align="left">客户</th><td>{{accountName}}（支持 ID {{supportId}}）</td></tr>
<tr><th align="left">计划</th><td>{{program}}</td></tr>
<tr><th align="left">严重级别</th><td>{{severity}}</td></tr>
<tr><th align="left">响应截止时间</th><td>{{deadline}}</td></tr>
<tr><th align="left">剩余时间</th><td><strong>{{timeLeft}}</strong></td></tr>
</table>
<p>请分配此工单，并在截止时间前向客户发送首次响应。</p>
<p>SLA Monitor</p>`,
    },
    breach: {
      subject: '[{{ticketId}}] SLA 违约：未向 {{accountName}} 发送首次响应',
      text: `工单 {{ticketId}} 未达成首次响应目标：截止时间前没有工程师回复。

工单：{{ticketId}}
主题：{{subject}}
客户：{{accountName}}（支持 ID {{supportId}}）
计划：{{program}}
严重级别：{{severity}}
响应截止时间：{{deadline}}
违约记录时间：{{breachedAt}}

请立即回复客户，并检查工单的分配情况。即使之后发送了首次响应，该工单仍会保持违约状态。

SLA Monitor`,
      html: `<p>工单 <strong>{{ticketId}}</strong> <strong>未达成</strong>首次响应目标：截止时间前没有工程师回复。</p>
<table role="presentation" cellpadding="4">
<tr><th align="left">工单</th><td>{{ticketId}}</td></tr>
<tr><th align="left">主题</th><td>{{subject}}</td></tr>
<tr><th align="left">客户</th><td>{{accountName}}（支持 ID {{supportId}}）</td></tr>
<tr><th align="left">计划</th><td>{{program}}</td></tr>
<tr><th align="left">严重级别</th><td>{{severity}}</td></tr>
<tr><th align="left">响应截止时间</th><td>{{deadline}}</td></tr>
<tr><th align="left">违约记录时间</th><td>{{breachedAt}}</td></tr>
</table>
<p>请立即回复客户，并检查工单的分配情况。即使之后发送了首次响应，该工单仍会保持违约状态。</p>
<p>SLA Monitor</p>`,
    },
    escalation_manager: {
      subject: '[{{ticketId}}] 升级：{{accountName}} 要求与经理沟通',
      text: `客户要求就工单 {{ticketId}} 与经理沟通。

工单：{{ticketId}}
主题：{{subject}}
客户：{{accountName}}（支持 ID {{supportId}}）
提出人：{{by}}

客户留言：
{{message}}

请联系客户，并负责跟进此次升级。

SLA Monitor`,
      html: `<p>客户要求就工单 <strong>{{ticketId}}</strong> 与经理沟通。</p>
<table role="presentation" cellpadding="4">
<tr><th align="left">工单</th><td>{{ticketId}}</td></tr>
<tr><th align="left">主题</th><td>{{subject}}</td></tr>
<tr><th align="left">客户</th><td>{{accountName}}（支持 ID {{supportId}}）</td></tr>
<tr><th align="left">提出人</th><td>{{by}}</td></tr>
</table>
<p>客户留言：</p>
<blockquote style="white-space: pre-wrap; border-left: 3px solid #ccc; margin: 0; padding-left: 12px;">{{message}}</blockquote>
<p>请联系客户，并负责跟进此次升级。</p>
<p>SLA Monitor</p>`,
    },
    escalation_ack: {
      subject: '[{{ticketId}}] 我们已收到您的升级请求',
      text: `您好：

我们已收到您就工单 {{ticketId}}（“{{subject}}”）提出的与经理沟通的请求。

支持经理已收到通知，将尽快与您联系。在此期间，负责您工单的工程师会继续处理您的问题。

此致
技术支持团队`,
      html: `<p>您好：</p>
<p>我们已收到您就工单 <strong>{{ticketId}}</strong>（“{{subject}}”）提出的与经理沟通的请求。</p>
<p>支持经理已收到通知，将尽快与您联系。在此期间，负责您工单的工程师会继续处理您的问题。</p>
<p>此致<br>技术支持团队</p>`,
    },
    pending_closure: {
      subject: '[{{ticketId}}] 如未收到您的回复，您的工单将被关闭',
      text: `您好：

关于工单 {{ticketId}}（“{{subject}}”），我们已在三个不同的日期尝试联系您，但均未收到回复。

如果仍未收到您的回复，该工单将于 {{closesAt}} 关闭。如需保留此工单，请在此之前直接回复本邮件。

此致
技术支持团队`,
      html: `<p>您好：</p>
<p>关于工单 <strong>{{ticketId}}</strong>（“{{subject}}”），我们已在三个不同的日期尝试联系您，但均未收到回复。</p>
<p>如果仍未收到您的回复，该工单将于 <strong>{{closesAt}}</strong> 关闭。如需保留此工单，请在此之前直接回复本邮件。</p>
<p>此致<br>技术支持团队</p>`,
    },
    closed_no_response: {
      subject: '[{{ticketId}}] 您的工单已关闭',
      text: `您好：

由于多次尝试联系您均未获得回复，工单 {{ticketId}}（“{{subject}}”）已关闭。

如果您仍需要帮助，可以随时提交新工单，并注明关联工单 {{ticketId}}，以便我们的工程师在此前的基础上继续处理。

此致
技术支持团队`,
      html: `<p>您好：</p>
<p>由于多次尝试联系您均未获得回复，工单 <strong>{{ticketId}}</strong>（“{{subject}}”）已关闭。</p>
<p>如果您仍需要帮助，可以随时提交新工单，并注明关联工单 <strong>{{ticketId}}</strong>，以便我们的工程师在此前的基础上继续处理。</p>
<p>此致<br>技术支持团队</p>`,
    },
  },
};
