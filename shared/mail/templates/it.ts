import type { DurationPhrases, TemplateSet } from '../catalog.ts';

/** Its own export, so that code which formats durations only (shared/mail/format.ts) carries no template. */
export const itDurations: DurationPhrases = {
  minutes: { one: '{n} minuto', other: '{n} minuti' },
  hours: { one: '{n} ora', other: '{n} ore' },
  businessMinutes: { one: '{n} minuto lavorativo', other: '{n} minuti lavorativi' },
  businessHours: { one: '{n} ora lavorativa', other: '{n} ore lavorative' },
  hoursAndMinutes: '{hours} e {minutes}',
};

export const it: TemplateSet = {
  language: 'it',
  durations: itDurations,
  templates: {
    ticket_opened: {
      subject: '[{{ticketId}}] Abbiamo ricevuto la sua richiesta: {{subject}}',
      text: `Gentile cliente,

grazie per aver contattato il Supporto. La sua richiesta è stata registrata con il numero di ticket {{ticketId}}.

Oggetto: {{subject}}
Gravità: {{severity}}
Programma di supporto: {{program}}

Con il suo programma di supporto {{program}}, il nostro obiettivo di prima risposta per un ticket di gravità {{severity}} è di {{objective}}. Un tecnico la ricontatterà entro {{deadline}}.

Per aggiungere informazioni a questo ticket, risponda a questa e-mail mantenendo il numero del ticket nell’oggetto. Se l’impatto sulla sua attività cambia, ce lo comunichi, così potremo adeguare la gravità.

Cordiali saluti,
Il team di Supporto`,
      html: `<p>Gentile cliente,</p>
<p>grazie per aver contattato il Supporto. La sua richiesta è stata registrata con il numero di ticket <strong>{{ticketId}}</strong>.</p>
<table role="presentation" cellpadding="4">
<tr><th align="left">Oggetto</th><td>{{subject}}</td></tr>
<tr><th align="left">Gravità</th><td>{{severity}}</td></tr>
<tr><th align="left">Programma di supporto</th><td>{{program}}</td></tr>
</table>
<p>Con il suo programma di supporto {{program}}, il nostro obiettivo di prima risposta per un ticket di gravità {{severity}} è di <strong>{{objective}}</strong>. Un tecnico la ricontatterà entro <strong>{{deadline}}</strong>.</p>
<p>Per aggiungere informazioni a questo ticket, risponda a questa e-mail mantenendo il numero del ticket nell’oggetto. Se l’impatto sulla sua attività cambia, ce lo comunichi, così potremo adeguare la gravità.</p>
<p>Cordiali saluti,<br>Il team di Supporto</p>`,
    },
    ticket_opened_best_effort: {
      subject: '[{{ticketId}}] Abbiamo ricevuto la sua richiesta: {{subject}}',
      text: `Gentile cliente,

grazie per aver contattato il Supporto. La sua richiesta è stata registrata con il numero di ticket {{ticketId}}.

Oggetto: {{subject}}
Gravità: {{severity}}
Programma di supporto: {{program}}

Le richieste del programma {{program}} sono gestite secondo disponibilità («best effort»): i nostri tecnici le risponderanno il prima possibile, senza un tempo di risposta garantito. Con questo programma, il supporto è fornito esclusivamente via e-mail e tramite il portale web.

Per aggiungere informazioni a questo ticket, risponda a questa e-mail mantenendo il numero del ticket nell’oggetto.

Cordiali saluti,
Il team di Supporto`,
      html: `<p>Gentile cliente,</p>
<p>grazie per aver contattato il Supporto. La sua richiesta è stata registrata con il numero di ticket <strong>{{ticketId}}</strong>.</p>
<table role="presentation" cellpadding="4">
<tr><th align="left">Oggetto</th><td>{{subject}}</td></tr>
<tr><th align="left">Gravità</th><td>{{severity}}</td></tr>
<tr><th align="left">Programma di supporto</th><td>{{program}}</td></tr>
</table>
<p>Le richieste del programma {{program}} sono gestite <strong>secondo disponibilità</strong> («best effort»): i nostri tecnici le risponderanno il prima possibile, senza un tempo di risposta garantito. Con questo programma, il supporto è fornito esclusivamente via e-mail e tramite il portale web.</p>
<p>Per aggiungere informazioni a questo ticket, risponda a questa e-mail mantenendo il numero del ticket nell’oggetto.</p>
<p>Cordiali saluti,<br>Il team di Supporto</p>`,
    },
    warning: {
      subject: '[{{ticketId}}] Avviso SLA: prima risposta in sospeso, tempo rimanente {{timeLeft}}',
      text: `L’obiettivo di prima risposta del ticket {{ticketId}} sta per scadere e nessun tecnico ha ancora risposto.

Ticket: {{ticketId}}
Oggetto: {{subject}}
Cliente: {{accountName}} (ID di supporto {{supportId}})
Programma: {{program}}
Gravità: {{severity}}
Risposta dovuta entro: {{deadline}}
Tempo rimanente: {{timeLeft}}

Assegnare il ticket e inviare una prima risposta al cliente prima della scadenza.

SLA Monitor`,
      html: `<p>L’obiettivo di prima risposta del ticket <strong>{{ticketId}}</strong> sta per scadere e nessun tecnico ha ancora risposto.</p>
<table role="presentation" cellpadding="4">
<tr><th align="left">Ticket</th><td>{{ticketId}}</td></tr>
<tr><th align="left">Oggetto</th><td>{{subject}}</td></tr>
<tr><th align="left">Cliente</th><td>{{accountName}} (ID di supporto {{supportId}})</td></tr>
<tr><th align="left">Programma</th><td>{{program}}</td></tr>
<tr><th align="left">Gravità</th><td>{{severity}}</td></tr>
<tr><th align="left">Risposta dovuta entro</th><td>{{deadline}}</td></tr>
<tr><th align="left">Tempo rimanente</th><td><strong>{{timeLeft}}</strong></td></tr>
</table>
<p>Assegnare il ticket e inviare una prima risposta al cliente prima della scadenza.</p>
<p>SLA Monitor</p>`,
    },
    breach: {
      subject: '[{{ticketId}}] SLA violato: nessuna prima risposta a {{accountName}}',
      text: `L’obiettivo di prima risposta del ticket {{ticketId}} non è stato rispettato: nessun tecnico ha risposto entro la scadenza.

Ticket: {{ticketId}}
Oggetto: {{subject}}
Cliente: {{accountName}} (ID di supporto {{supportId}})
Programma: {{program}}
Gravità: {{severity}}
Risposta dovuta entro: {{deadline}}
Violazione registrata: {{breachedAt}}

Rispondere subito al cliente e verificare l’assegnazione del ticket. Il ticket resta segnalato come violato anche dopo la prima risposta.

SLA Monitor`,
      html: `<p>L’obiettivo di prima risposta del ticket <strong>{{ticketId}}</strong> <strong>non è stato rispettato</strong>: nessun tecnico ha risposto entro la scadenza.</p>
<table role="presentation" cellpadding="4">
<tr><th align="left">Ticket</th><td>{{ticketId}}</td></tr>
<tr><th align="left">Oggetto</th><td>{{subject}}</td></tr>
<tr><th align="left">Cliente</th><td>{{accountName}} (ID di supporto {{supportId}})</td></tr>
<tr><th align="left">Programma</th><td>{{program}}</td></tr>
<tr><th align="left">Gravità</th><td>{{severity}}</td></tr>
<tr><th align="left">Risposta dovuta entro</th><td>{{deadline}}</td></tr>
<tr><th align="left">Violazione registrata</th><td>{{breachedAt}}</td></tr>
</table>
<p>Rispondere subito al cliente e verificare l’assegnazione del ticket. Il ticket resta segnalato come violato anche dopo la prima risposta.</p>
<p>SLA Monitor</p>`,
    },
    escalation_manager: {
      subject: '[{{ticketId}}] Escalation: {{accountName}} chiede di parlare con un responsabile',
      text: `Un cliente ha chiesto di parlare con un responsabile in merito al ticket {{ticketId}}.

Ticket: {{ticketId}}
Oggetto: {{subject}}
Cliente: {{accountName}} (ID di supporto {{supportId}})
Richiesta di: {{by}}

Messaggio del cliente:
{{message}}

Contattare il cliente e prendere in carico l’escalation.

SLA Monitor`,
      html: `<p>Un cliente ha chiesto di parlare con un responsabile in merito al ticket <strong>{{ticketId}}</strong>.</p>
<table role="presentation" cellpadding="4">
<tr><th align="left">Ticket</th><td>{{ticketId}}</td></tr>
<tr><th align="left">Oggetto</th><td>{{subject}}</td></tr>
<tr><th align="left">Cliente</th><td>{{accountName}} (ID di supporto {{supportId}})</td></tr>
<tr><th align="left">Richiesta di</th><td>{{by}}</td></tr>
</table>
<p>Messaggio del cliente:</p>
<blockquote style="white-space: pre-wrap; border-left: 3px solid #ccc; margin: 0; padding-left: 12px;">{{message}}</blockquote>
<p>Contattare il cliente e prendere in carico l’escalation.</p>
<p>SLA Monitor</p>`,
    },
    escalation_ack: {
      subject: '[{{ticketId}}] Abbiamo ricevuto la sua richiesta di escalation',
      text: `Gentile cliente,

abbiamo ricevuto la sua richiesta di parlare con un responsabile in merito al ticket {{ticketId}} («{{subject}}»).

Un responsabile del Supporto è stato informato e la contatterà a breve. Nel frattempo, i tecnici assegnati al suo ticket continuano a lavorarci.

Cordiali saluti,
Il team di Supporto`,
      html: `<p>Gentile cliente,</p>
<p>abbiamo ricevuto la sua richiesta di parlare con un responsabile in merito al ticket <strong>{{ticketId}}</strong> («{{subject}}»).</p>
<p>Un responsabile del Supporto è stato informato e la contatterà a breve. Nel frattempo, i tecnici assegnati al suo ticket continuano a lavorarci.</p>
<p>Cordiali saluti,<br>Il team di Supporto</p>`,
    },
    pending_closure: {
      subject: '[{{ticketId}}] Il suo ticket verrà chiuso in assenza di risposta',
      text: `Gentile cliente,

abbiamo provato a contattarla tre volte, in date diverse, in merito al ticket {{ticketId}} («{{subject}}»), senza ricevere risposta.

In assenza di sue notizie, il ticket verrà chiuso {{closesAt}}. Per mantenerlo aperto, è sufficiente rispondere a questa e-mail prima di tale data.

Cordiali saluti,
Il team di Supporto`,
      html: `<p>Gentile cliente,</p>
<p>abbiamo provato a contattarla tre volte, in date diverse, in merito al ticket <strong>{{ticketId}}</strong> («{{subject}}»), senza ricevere risposta.</p>
<p>In assenza di sue notizie, il ticket verrà chiuso <strong>{{closesAt}}</strong>. Per mantenerlo aperto, è sufficiente rispondere a questa e-mail prima di tale data.</p>
<p>Cordiali saluti,<br>Il team di Supporto</p>`,
    },
    closed_no_response: {
      subject: '[{{ticketId}}] Il suo ticket è stato chiuso',
      text: `Gentile cliente,

non avendo ricevuto risposta dopo diversi tentativi di contatto, abbiamo chiuso il ticket {{ticketId}} («{{subject}}»).

Se ha ancora bisogno di assistenza, può aprire un nuovo ticket in qualsiasi momento, indicando {{ticketId}} come ticket correlato, così i nostri tecnici potranno riprendere da dove ci siamo fermati.

Cordiali saluti,
Il team di Supporto`,
      html: `<p>Gentile cliente,</p>
<p>non avendo ricevuto risposta dopo diversi tentativi di contatto, abbiamo chiuso il ticket <strong>{{ticketId}}</strong> («{{subject}}»).</p>
<p>Se ha ancora bisogno di assistenza, può aprire un nuovo ticket in qualsiasi momento, indicando <strong>{{ticketId}}</strong> come ticket correlato, così i nostri tecnici potranno riprendere da dove ci siamo fermati.</p>
<p>Cordiali saluti,<br>Il team di Supporto</p>`,
    },
  },
};
