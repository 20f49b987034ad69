import type { Language } from '../mail/languages.ts';
import type { TemplateId } from '../mail/render.ts';
import type { Severity } from '../policy/schema.ts';
import type { ContactAttempt } from '../sla/contact-attempts.ts';
import type { AccountCalendar, Sla } from '../sla/types.ts';

export type TicketStatus = 'awaiting_response' | 'responded' | 'pending_closure' | 'closed';
export type TimerKind = 'warning' | 'breach' | 'auto_close';

/** A customer account (DESIGN §4, `PUT /accounts/{supportId}`). */
export interface Account {
  supportId: string;
  name: string;
  program: string;
  contractExpiresAt: string | null;
  timezone: string;
  region: 'us' | 'canada' | 'emea' | 'apac' | 'latam';
  language: Language;
  holidays: { calendar?: string | undefined; dates?: string[] | undefined };
  caseAdministrators: string[];
  supportPartners: string[];
  supportAccountManager: string | null;
  updatedAt: string;
}

/** A support partner (DESIGN §4.1, `PUT /partners/{partnerId}`): its contacts are the partner addresses we mail. */
export interface Partner {
  partnerId: string;
  name: string;
  contacts: string[];
  updatedAt: string;
}

/** An e-mail decided with a state change and sent after it: the outbox makes a lost send retryable. */
export interface OutboxMail {
  id: string;
  template: TemplateId;
  language: Language;
  to: string[];
  vars: Record<string, string>;
  createdAt: string;
  /** While set in the future, one sender owns this mail; a crashed sender's claim expires. */
  claimUntil?: string | undefined;
  /** Set on the ticket when this mail is sent (e.g. `breachNotifiedAt`). */
  marks?: 'breachNotifiedAt' | undefined;
}

export interface Timer {
  kind: TimerKind;
  at: string;
  version: number;
  /** The EventBridge Scheduler schedule's name, derived from ticket, kind and version (DESIGN §5). */
  name: string;
}

export interface Ticket {
  ticketId: string;
  supportId: string;
  externalId: string | null;
  relatedTicketId: string | null;
  program: string;
  severity: Severity;
  status: TicketStatus;
  openedAt: string;
  openedBy: { email: string; partnerId?: string | undefined };
  /**
   * Where the customer's e-mail goes (DESIGN §4.1): the opener's address when it is known (a case administrator,
   * or a registered contact of the partner), else null and the customer's mail is withheld. Absent on tickets
   * written before the rule: see `customerAddress` in decisions.ts.
   */
  customerEmail?: string | null | undefined;
  channel: 'web' | 'email';
  product: string;
  productVersion: string | null;
  subject: string;
  description: string | null;
  sla: Sla;
  /** The account's zone and holidays when the ticket opened: the ticket's clock never changes under it. */
  calendar: AccountCalendar;
  account: { name: string; language: Language; supportAccountManager: string | null };
  contactAttempts: ContactAttempt[];
  lastCustomerReplyAt: string | null;
  autoCloseAt: string | null;
  closedAt: string | null;
  closedBy: string | null;
  resolution: string | null;
  /** The SLA version whose warning has gone out: at most one warning per version (DESIGN §3). */
  warnedVersion: number | null;
  breachNotifiedAt: string | null;
  /** The last escalation, so a redelivered one within minutes does not page the duty manager again. */
  lastEscalation?: { by: string; message: string; at: string } | undefined;
  /** When escalation mail last went out: at most one mailing per 10 minutes (DESIGN §4.1), later ones are history. */
  escalationMailedAt?: string | undefined;
  outbox: OutboxMail[];
  /** Bumped by every write: the optimistic lock that makes each state change one conditional write. */
  revision: number;
  updatedAt: string;
}

export interface HistoryEvent {
  at: string;
  type:
    | 'opened'
    | 'severity_changed'
    | 'responded'
    | 'contact_attempt'
    | 'customer_reply'
    | 'escalated'
    | 'pending_closure'
    | 'closure_cancelled'
    | 'closed'
    | 'warning_sent'
    | 'breached'
    | 'mail_sent'
    | 'mail_withheld';
  by?: string | undefined;
  details?: Record<string, unknown> | undefined;
}
