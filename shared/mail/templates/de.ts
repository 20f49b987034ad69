import type { DurationPhrases, TemplateSet } from '../catalog.ts';

/** Its own export, so that code which formats durations only (shared/mail/format.ts) carries no template. */
export const deDurations: DurationPhrases = {
  minutes: { one: '{n} Minute', other: '{n} Minuten' },
  hours: { one: '{n} Stunde', other: '{n} Stunden' },
  businessMinutes: { one: '{n} Geschäftsminute', other: '{n} Geschäftsminuten' },
  businessHours: { one: '{n} Geschäftsstunde', other: '{n} Geschäftsstunden' },
  hoursAndMinutes: '{hours} und {minutes}',
};

export const de: TemplateSet = {
  language: 'de',
  durations: deDurations,
  templates: {
    ticket_opened: {
      subject: '[{{ticketId}}] Wir haben Ihre Anfrage erhalten: {{subject}}',
      text: `Guten Tag,

vielen Dank, dass Sie sich an den Support gewandt haben. Ihre Anfrage wurde als Ticket {{ticketId}} erfasst.

Betreff: {{subject}}
Schweregrad: {{severity}}
Supportprogramm: {{program}}

Im Rahmen Ihres Supportprogramms {{program}} beträgt unsere Zielzeit für die Erstreaktion bei einem Ticket mit Schweregrad {{severity}} {{objective}}. Ein Techniker meldet sich spätestens bis {{deadline}} bei Ihnen.

Wenn Sie weitere Informationen zu diesem Ticket haben, antworten Sie bitte auf diese E-Mail und behalten Sie die Ticketnummer im Betreff bei. Sollten sich die geschäftlichen Auswirkungen ändern, teilen Sie uns dies bitte mit, damit wir den Schweregrad anpassen können.

Mit freundlichen Grüßen
Ihr Support-Team`,
      html: `<p>Guten Tag,</p>
<p>vielen Dank, dass Sie sich an den Support gewandt haben. Ihre Anfrage wurde als Ticket <strong>{{ticketId}}</strong> erfasst.</p>
<table role="presentation" cellpadding="4">
<tr><th align="left">Betreff</th><td>{{subject}}</td></tr>
<tr><th align="left">Schweregrad</th><td>{{severity}}</td></tr>
<tr><th align="left">Supportprogramm</th><td>{{program}}</td></tr>
</table>
<p>Im Rahmen Ihres Supportprogramms {{program}} beträgt unsere Zielzeit für die Erstreaktion bei einem Ticket mit Schweregrad {{severity}} <strong>{{objective}}</strong>. Ein Techniker meldet sich spätestens bis <strong>{{deadline}}</strong> bei Ihnen.</p>
<p>Wenn Sie weitere Informationen zu diesem Ticket haben, antworten Sie bitte auf diese E-Mail und behalten Sie die Ticketnummer im Betreff bei. Sollten sich die geschäftlichen Auswirkungen ändern, teilen Sie uns dies bitte mit, damit wir den Schweregrad anpassen können.</p>
<p>Mit freundlichen Grüßen<br>Ihr Support-Team</p>`,
    },
    ticket_opened_best_effort: {
      subject: '[{{ticketId}}] Wir haben Ihre Anfrage erhalten: {{subject}}',
      text: `Guten Tag,

vielen Dank, dass Sie sich an den Support gewandt haben. Ihre Anfrage wurde als Ticket {{ticketId}} erfasst.

Betreff: {{subject}}
Schweregrad: {{severity}}
Supportprogramm: {{program}}

Anfragen im Programm {{program}} werden nach bestem Bemühen („Best Effort“) bearbeitet: Unsere Techniker antworten so bald wie möglich, jedoch ohne garantierte Reaktionszeit. In diesem Programm erfolgt der Support ausschließlich per E-Mail und über das Webportal.

Wenn Sie weitere Informationen zu diesem Ticket haben, antworten Sie bitte auf diese E-Mail und behalten Sie die Ticketnummer im Betreff bei.

Mit freundlichen Grüßen
Ihr Support-Team`,
      html: `<p>Guten Tag,</p>
<p>vielen Dank, dass Sie sich an den Support gewandt haben. Ihre Anfrage wurde als Ticket <strong>{{ticketId}}</strong> erfasst.</p>
<table role="presentation" cellpadding="4">
<tr><th align="left">Betreff</th><td>{{subject}}</td></tr>
<tr><th align="left">Schweregrad</th><td>{{severity}}</td></tr>
<tr><th align="left">Supportprogramm</th><td>{{program}}</td></tr>
</table>
<p>Anfragen im Programm {{program}} werden <strong>nach bestem Bemühen</strong> („Best Effort“) bearbeitet: Unsere Techniker antworten so bald wie möglich, jedoch ohne garantierte Reaktionszeit. In diesem Programm erfolgt der Support ausschließlich per E-Mail und über das Webportal.</p>
<p>Wenn Sie weitere Informationen zu diesem Ticket haben, antworten Sie bitte auf diese E-Mail und behalten Sie die Ticketnummer im Betreff bei.</p>
<p>Mit freundlichen Grüßen<br>Ihr Support-Team</p>`,
    },
    warning: {
      subject: '[{{ticketId}}] SLA-Warnung: noch {{timeLeft}} bis zur Erstreaktion',
      text: `Die Zielzeit für die Erstreaktion auf Ticket {{ticketId}} läuft bald ab, und bisher hat kein Techniker geantwortet.

Ticket: {{ticketId}}
Betreff: {{subject}}
Kunde: {{accountName}} (Support-ID {{supportId}})
Programm: {{program}}
Schweregrad: {{severity}}
Antwort fällig bis: {{deadline}}
Verbleibende Zeit: {{timeLeft}}

Bitte weisen Sie das Ticket zu und senden Sie dem Kunden vor Ablauf der Frist eine erste Antwort.

SLA Monitor`,
      html: `<p>Die Zielzeit für die Erstreaktion auf Ticket <strong>{{ticketId}}</strong> läuft bald ab, und bisher hat kein Techniker geantwortet.</p>
<table role="presentation" cellpadding="4">
<tr><th align="left">Ticket</th><td>{{ticketId}}</td></tr>
<tr><th align="left">Betreff</th><td>{{subject}}</td></tr>
<tr><th align="left">Kunde</th><td>{{accountName}} (Support-ID {{supportId}})</td></tr>
<tr><th align="left">Programm</th><td>{{program}}</td></tr>
<tr><th align="left">Schweregrad</th><td>{{severity}}</td></tr>
<tr><th align="left">Antwort fällig bis</th><td>{{deadline}}</td></tr>
<tr><th align="left">Verbleibende Zeit</th><td><strong>{{timeLeft}}</strong></td></tr>
</table>
<p>Bitte weisen Sie das Ticket zu und senden Sie dem Kunden vor Ablauf der Frist eine erste Antwort.</p>
<p>SLA Monitor</p>`,
    },
    breach: {
      subject: '[{{ticketId}}] SLA verletzt: keine Erstreaktion an {{accountName}}',
      text: `Die Zielzeit für die Erstreaktion auf Ticket {{ticketId}} wurde überschritten: Vor Ablauf der Frist hat kein Techniker geantwortet.

Ticket: {{ticketId}}
Betreff: {{subject}}
Kunde: {{accountName}} (Support-ID {{supportId}})
Programm: {{program}}
Schweregrad: {{severity}}
Antwort war fällig bis: {{deadline}}
Verletzung festgestellt: {{breachedAt}}

Bitte antworten Sie dem Kunden umgehend und überprüfen Sie die Zuweisung des Tickets. Das Ticket bleibt auch nach der ersten Antwort als SLA-Verletzung markiert.

SLA Monitor`,
      html: `<p>Die Zielzeit für die Erstreaktion auf Ticket <strong>{{ticketId}}</strong> wurde <strong>überschritten</strong>: Vor Ablauf der Frist hat kein Techniker geantwortet.</p>
<table role="presentation" cellpadding="4">
<tr><th align="left">Ticket</th><td>{{ticketId}}</td></tr>
<tr><th align="left">Betreff</th><td>{{subject}}</td></tr>
<tr><th align="left">Kunde</th><td>{{accountName}} (Support-ID {{supportId}})</td></tr>
<tr><th align="left">Programm</th><td>{{program}}</td></tr>
<tr><th align="left">Schweregrad</th><td>{{severity}}</td></tr>
<tr><th align="left">Antwort war fällig bis</th><td>{{deadline}}</td></tr>
<tr><th align="left">Verletzung festgestellt</th><td>{{breachedAt}}</td></tr>
</table>
<p>Bitte antworten Sie dem Kunden umgehend und überprüfen Sie die Zuweisung des Tickets. Das Ticket bleibt auch nach der ersten Antwort als SLA-Verletzung markiert.</p>
<p>SLA Monitor</p>`,
    },
    escalation_manager: {
      subject: '[{{ticketId}}] Eskalation: {{accountName}} möchte mit einer Führungskraft sprechen',
      text: `Ein Kunde möchte wegen Ticket {{ticketId}} mit einer Führungskraft sprechen.

Ticket: {{ticketId}}
Betreff: {{subject}}
Kunde: {{accountName}} (Support-ID {{supportId}})
Angefordert von: {{by}}

Nachricht des Kunden:
{{message}}

Bitte nehmen Sie Kontakt mit dem Kunden auf und übernehmen Sie die Eskalation.

SLA Monitor`,
      html: `<p>Ein Kunde möchte wegen Ticket <strong>{{ticketId}}</strong> mit einer Führungskraft sprechen.</p>
<table role="presentation" cellpadding="4">
<tr><th align="left">Ticket</th><td>{{ticketId}}</td></tr>
<tr><th align="left">Betreff</th><td>{{subject}}</td></tr>
<tr><th align="left">Kunde</th><td>{{accountName}} (Support-ID {{supportId}})</td></tr>
<tr><th align="left">Angefordert von</th><td>{{by}}</td></tr>
</table>
<p>Nachricht des Kunden:</p>
<blockquote style="white-space: pre-wrap; border-left: 3px solid #ccc; margin: 0; padding-left: 12px;">{{message}}</blockquote>
<p>Bitte nehmen Sie Kontakt mit dem Kunden auf und übernehmen Sie die Eskalation.</p>
<p>SLA Monitor</p>`,
    },
    escalation_ack: {
      subject: '[{{ticketId}}] Wir haben Ihre Eskalationsanfrage erhalten',
      text: `Guten Tag,

wir haben Ihre Bitte erhalten, wegen Ticket {{ticketId}} („{{subject}}“) mit einer Führungskraft zu sprechen.

Eine Führungskraft des Supports wurde informiert und wird sich in Kürze bei Ihnen melden. Die für Ihr Ticket zuständigen Techniker arbeiten in der Zwischenzeit weiter daran.

Mit freundlichen Grüßen
Ihr Support-Team`,
      html: `<p>Guten Tag,</p>
<p>wir haben Ihre Bitte erhalten, wegen Ticket <strong>{{ticketId}}</strong> („{{subject}}“) mit einer Führungskraft zu sprechen.</p>
<p>Eine Führungskraft des Supports wurde informiert und wird sich in Kürze bei Ihnen melden. Die für Ihr Ticket zuständigen Techniker arbeiten in der Zwischenzeit weiter daran.</p>
<p>Mit freundlichen Grüßen<br>Ihr Support-Team</p>`,
    },
    pending_closure: {
      subject: '[{{ticketId}}] Ihr Ticket wird ohne Rückmeldung geschlossen',
      text: `Guten Tag,

wir haben an drei verschiedenen Tagen versucht, Sie wegen Ticket {{ticketId}} („{{subject}}“) zu erreichen, jedoch keine Antwort erhalten.

Sofern wir nichts von Ihnen hören, wird das Ticket am {{closesAt}} geschlossen. Damit es geöffnet bleibt, antworten Sie einfach vorher auf diese E-Mail.

Mit freundlichen Grüßen
Ihr Support-Team`,
      html: `<p>Guten Tag,</p>
<p>wir haben an drei verschiedenen Tagen versucht, Sie wegen Ticket <strong>{{ticketId}}</strong> („{{subject}}“) zu erreichen, jedoch keine Antwort erhalten.</p>
<p>Sofern wir nichts von Ihnen hören, wird das Ticket am <strong>{{closesAt}}</strong> geschlossen. Damit es geöffnet bleibt, antworten Sie einfach vorher auf diese E-Mail.</p>
<p>Mit freundlichen Grüßen<br>Ihr Support-Team</p>`,
    },
    closed_no_response: {
      subject: '[{{ticketId}}] Ihr Ticket wurde geschlossen',
      text: `Guten Tag,

da wir nach mehreren Kontaktversuchen keine Antwort von Ihnen erhalten haben, wurde das Ticket {{ticketId}} („{{subject}}“) geschlossen.

Falls Sie weiterhin Unterstützung benötigen, können Sie jederzeit ein neues Ticket eröffnen. Geben Sie dabei bitte {{ticketId}} als zugehöriges Ticket an, damit unsere Techniker nahtlos anknüpfen können.

Mit freundlichen Grüßen
Ihr Support-Team`,
      html: `<p>Guten Tag,</p>
<p>da wir nach mehreren Kontaktversuchen keine Antwort von Ihnen erhalten haben, wurde das Ticket <strong>{{ticketId}}</strong> („{{subject}}“) geschlossen.</p>
<p>Falls Sie weiterhin Unterstützung benötigen, können Sie jederzeit ein neues Ticket eröffnen. Geben Sie dabei bitte <strong>{{ticketId}}</strong> als zugehöriges Ticket an, damit unsere Techniker nahtlos anknüpfen können.</p>
<p>Mit freundlichen Grüßen<br>Ihr Support-Team</p>`,
    },
  },
};
