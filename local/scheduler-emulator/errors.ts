/** The service's modelled errors, carried from the operations to the wire. */

export type SchedulerErrorType =
  | 'ValidationException'
  | 'ConflictException'
  | 'ResourceNotFoundException'
  | 'InternalServerException'
  | 'UnknownOperationException';

const statusByType: Record<SchedulerErrorType, number> = {
  ValidationException: 400,
  ConflictException: 409,
  ResourceNotFoundException: 404,
  InternalServerException: 500,
  UnknownOperationException: 404,
};

export class SchedulerError extends Error {
  readonly type: SchedulerErrorType;
  readonly status: number;

  constructor(type: SchedulerErrorType, message: string) {
    super(message);
    this.name = type;
    this.type = type;
    this.status = statusByType[type];
  }
}

export const validationError = (message: string) => new SchedulerError('ValidationException', message);
export const conflictError = (message: string) => new SchedulerError('ConflictException', message);
export const notFoundError = (message: string) => new SchedulerError('ResourceNotFoundException', message);
