import type { DurationPhrases, TemplateSet } from '../catalog.ts';

/** Its own export, so that code which formats durations only (shared/mail/format.ts) carries no template. */
export const frDurations: DurationPhrases = {
  minutes: { one: '{n} minute', other: '{n} minutes' },
  hours: { one: '{n} heure', other: '{n} heures' },
  businessMinutes: { one: '{n} minute ouvrée', other: '{n} minutes ouvrées' },
  businessHours: { one: '{n} heure ouvrée', other: '{n} heures ouvrées' },
  hoursAndMinutes: '{hours} et {minutes}',
};

export const fr: TemplateSet = {
  language: 'fr',
  durations: frDurations,
  templates: {
    ticket_opened: {
      subject: '[{{ticketId}}] Nous avons bien reçu votre demande : {{subject}}',
      text: `Bonjour,

Merci d’avoir contacté le Support. Votre demande a été enregistrée sous le numéro de ticket {{ticketId}}.

Objet : {{subject}}
Sévérité : {{severity}}
Programme de support : {{program}}

Dans le cadre de votre programme de support {{program}}, notre objectif de première réponse pour un ticket de sévérité {{severity}} est de {{objective}}. Un ingénieur reviendra vers vous au plus tard le {{deadline}}.

Pour compléter ce ticket, répondez à cet e-mail en conservant le numéro du ticket dans l’objet. Si l’impact sur votre activité évolue, signalez-le-nous afin que nous ajustions la sévérité.

Cordialement,
L’équipe Support`,
      html: `<p>Bonjour,</p>
<p>Merci d’avoir contacté le Support. Votre demande a été enregistrée sous le numéro de ticket <strong>{{ticketId}}</strong>.</p>
<table role="presentation" cellpadding="4">
<tr><th align="left">Objet</th><td>{{subject}}</td></tr>
<tr><th align="left">Sévérité</th><td>{{severity}}</td></tr>
<tr><th align="left">Programme de support</th><td>{{program}}</td></tr>
</table>
<p>Dans le cadre de votre programme de support {{program}}, notre objectif de première réponse pour un ticket de sévérité {{severity}} est de <strong>{{objective}}</strong>. Un ingénieur reviendra vers vous au plus tard le <strong>{{deadline}}</strong>.</p>
<p>Pour compléter ce ticket, répondez à cet e-mail en conservant le numéro du ticket dans l’objet. Si l’impact sur votre activité évolue, signalez-le-nous afin que nous ajustions la sévérité.</p>
<p>Cordialement,<br>L’équipe Support</p>`,
    },
    ticket_opened_best_effort: {
      subject: '[{{ticketId}}] Nous avons bien reçu votre demande : {{subject}}',
      text: `Bonjour,

Merci d’avoir contacté le Support. Votre demande a été enregistrée sous le numéro de ticket {{ticketId}}.

Objet : {{subject}}
Sévérité : {{severity}}
Programme de support : {{program}}

Les demandes relevant du programme {{program}} sont traitées au mieux (« best effort ») : nos ingénieurs vous répondront dès que possible, sans délai de réponse garanti. Dans le cadre de ce programme, le support est assuré uniquement par e-mail et via le portail web.

Pour compléter ce ticket, répondez à cet e-mail en conservant le numéro du ticket dans l’objet.

Cordialement,
L’équipe Support`,
      html: `<p>Bonjour,</p>
<p>Merci d’avoir contacté le Support. Votre demande a été enregistrée sous le numéro de ticket <strong>{{ticketId}}</strong>.</p>
<table role="presentation" cellpadding="4">
<tr><th align="left">Objet</th><td>{{subject}}</td></tr>
<tr><th align="left">Sévérité</th><td>{{severity}}</td></tr>
<tr><th align="left">Programme de support</th><td>{{program}}</td></tr>
</table>
<p>Les demandes relevant du programme {{program}} sont traitées <strong>au mieux</strong> (« best effort ») : nos ingénieurs vous répondront dès que possible, sans délai de réponse garanti. Dans le cadre de ce programme, le support est assuré uniquement par e-mail et via le portail web.</p>
<p>Pour compléter ce ticket, répondez à cet e-mail en conservant le numéro du ticket dans l’objet.</p>
<p>Cordialement,<br>L’équipe Support</p>`,
    },
    warning: {
      subject: '[{{ticketId}}] Alerte SLA : plus que {{timeLeft}} pour la première réponse',
      text: `L’objectif de première réponse du ticket {{ticketId}} arrive bientôt à échéance et aucun ingénieur n’a encore répondu.

Ticket : {{ticketId}}
Objet : {{subject}}
Client : {{accountName}} (ID de support {{supportId}})
Programme : {{program}}
Sévérité : {{severity}}
Réponse attendue avant le : {{deadline}}
Temps restant : {{timeLeft}}

Merci d’affecter le ticket et d’envoyer une première réponse au client avant l’échéance.

SLA Monitor`,
      html: `<p>L’objectif de première réponse du ticket <strong>{{ticketId}}</strong> arrive bientôt à échéance et aucun ingénieur n’a encore répondu.</p>
<table role="presentation" cellpadding="4">
<tr><th align="left">Ticket</th><td>{{ticketId}}</td></tr>
<tr><th align="left">Objet</th><td>{{subject}}</td></tr>
<tr><th align="left">Client</th><td>{{accountName}} (ID de support {{supportId}})</td></tr>
<tr><th align="left">Programme</th><td>{{program}}</td></tr>
<tr><th align="left">Sévérité</th><td>{{severity}}</td></tr>
<tr><th align="left">Réponse attendue avant le</th><td>{{deadline}}</td></tr>
<tr><th align="left">Temps restant</th><td><strong>{{timeLeft}}</strong></td></tr>
</table>
<p>Merci d’affecter le ticket et d’envoyer une première réponse au client avant l’échéance.</p>
<p>SLA Monitor</p>`,
    },
    breach: {
      subject: '[{{ticketId}}] SLA dépassé : pas de première réponse à {{accountName}}',
      text: `L’objectif de première réponse du ticket {{ticketId}} n’a pas été tenu : aucun ingénieur n’a répondu avant l’échéance.

Ticket : {{ticketId}}
Objet : {{subject}}
Client : {{accountName}} (ID de support {{supportId}})
Programme : {{program}}
Sévérité : {{severity}}
Réponse attendue avant le : {{deadline}}
Dépassement constaté le : {{breachedAt}}

Merci de répondre au client sans attendre et de revoir l’affectation du ticket. Le ticket reste marqué comme hors délai même après la première réponse.

SLA Monitor`,
      html: `<p>L’objectif de première réponse du ticket <strong>{{ticketId}}</strong> <strong>n’a pas été tenu</strong> : aucun ingénieur n’a répondu avant l’échéance.</p>
<table role="presentation" cellpadding="4">
<tr><th align="left">Ticket</th><td>{{ticketId}}</td></tr>
<tr><th align="left">Objet</th><td>{{subject}}</td></tr>
<tr><th align="left">Client</th><td>{{accountName}} (ID de support {{supportId}})</td></tr>
<tr><th align="left">Programme</th><td>{{program}}</td></tr>
<tr><th align="left">Sévérité</th><td>{{severity}}</td></tr>
<tr><th align="left">Réponse attendue avant le</th><td>{{deadline}}</td></tr>
<tr><th align="left">Dépassement constaté le</th><td>{{breachedAt}}</td></tr>
</table>
<p>Merci de répondre au client sans attendre et de revoir l’affectation du ticket. Le ticket reste marqué comme hors délai même après la première réponse.</p>
<p>SLA Monitor</p>`,
    },
    escalation_manager: {
      subject: '[{{ticketId}}] Escalade : {{accountName}} demande à parler à un responsable',
      text: `Un client demande à parler à un responsable au sujet du ticket {{ticketId}}.

Ticket : {{ticketId}}
Objet : {{subject}}
Client : {{accountName}} (ID de support {{supportId}})
Demande faite par : {{by}}

Message du client :
{{message}}

Merci de contacter le client et de prendre en charge cette escalade.

SLA Monitor`,
      html: `<p>Un client demande à parler à un responsable au sujet du ticket <strong>{{ticketId}}</strong>.</p>
<table role="presentation" cellpadding="4">
<tr><th align="left">Ticket</th><td>{{ticketId}}</td></tr>
<tr><th align="left">Objet</th><td>{{subject}}</td></tr>
<tr><th align="left">Client</th><td>{{accountName}} (ID de support {{supportId}})</td></tr>
<tr><th align="left">Demande faite par</th><td>{{by}}</td></tr>
</table>
<p>Message du client :</p>
<blockquote style="white-space: pre-wrap; border-left: 3px solid #ccc; margin: 0; padding-left: 12px;">{{message}}</blockquote>
<p>Merci de contacter le client et de prendre en charge cette escalade.</p>
<p>SLA Monitor</p>`,
    },
    escalation_ack: {
      subject: '[{{ticketId}}] Nous avons bien reçu votre demande d’escalade',
      text: `Bonjour,

Nous avons bien reçu votre demande d’échanger avec un responsable au sujet du ticket {{ticketId}} (« {{subject}} »).

Un responsable du Support en a été informé et vous contactera très prochainement. D’ici là, les ingénieurs en charge de votre ticket poursuivent leur travail.

Cordialement,
L’équipe Support`,
      html: `<p>Bonjour,</p>
<p>Nous avons bien reçu votre demande d’échanger avec un responsable au sujet du ticket <strong>{{ticketId}}</strong> (« {{subject}} »).</p>
<p>Un responsable du Support en a été informé et vous contactera très prochainement. D’ici là, les ingénieurs en charge de votre ticket poursuivent leur travail.</p>
<p>Cordialement,<br>L’équipe Support</p>`,
    },
    pending_closure: {
      subject: '[{{ticketId}}] Votre ticket sera clôturé sans réponse de votre part',
      text: `Bonjour,

Nous avons tenté de vous joindre à trois reprises, à des dates différentes, au sujet du ticket {{ticketId}} (« {{subject}} »), sans obtenir de réponse.

Sans nouvelles de votre part, le ticket sera clôturé le {{closesAt}}. Pour le garder ouvert, il vous suffit de répondre à cet e-mail d’ici là.

Cordialement,
L’équipe Support`,
      html: `<p>Bonjour,</p>
<p>Nous avons tenté de vous joindre à trois reprises, à des dates différentes, au sujet du ticket <strong>{{ticketId}}</strong> (« {{subject}} »), sans obtenir de réponse.</p>
<p>Sans nouvelles de votre part, le ticket sera clôturé le <strong>{{closesAt}}</strong>. Pour le garder ouvert, il vous suffit de répondre à cet e-mail d’ici là.</p>
<p>Cordialement,<br>L’équipe Support</p>`,
    },
    closed_no_response: {
      subject: '[{{ticketId}}] Votre ticket a été clôturé',
      text: `Bonjour,

Faute de réponse de votre part après plusieurs tentatives de contact, le ticket {{ticketId}} (« {{subject}} ») a été clôturé.

Si vous avez encore besoin d’aide, vous pouvez ouvrir un nouveau ticket à tout moment en indiquant le ticket {{ticketId}} comme ticket lié, afin que nos ingénieurs reprennent là où nous nous sommes arrêtés.

Cordialement,
L’équipe Support`,
      html: `<p>Bonjour,</p>
<p>Faute de réponse de votre part après plusieurs tentatives de contact, le ticket <strong>{{ticketId}}</strong> (« {{subject}} ») a été clôturé.</p>
<p>Si vous avez encore besoin d’aide, vous pouvez ouvrir un nouveau ticket à tout moment en indiquant le ticket <strong>{{ticketId}}</strong> comme ticket lié, afin que nos ingénieurs reprennent là où nous nous sommes arrêtés.</p>
<p>Cordialement,<br>L’équipe Support</p>`,
    },
  },
};
