/** The refusals the policy itself makes (DESIGN §4); the HTTP layer maps each code to a status. */
export type DomainErrorCode =
  | 'severity_not_offered'
  | 'phone_requires_ticket'
  | 'contract_expired'
  | 'not_authorized_opener'
  | 'unknown_support_id'
  | 'unknown_partner'
  | 'unknown_program'
  | 'ticket_not_found'
  | 'ticket_closed'
  | 'invalid_request';

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: ReadonlyArray<{ field: string; message: string }>,
  ) {
    super(message);
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
