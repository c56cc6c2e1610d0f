import { AppError } from '../../shared/errors';

export interface ShownError {
  kind: 'UserError' | 'OperationalError' | 'UnexpectedError';
  message: string;
}

/** What a store keeps of a failed call: enough for the UI to say what to fix. */
export function shownError(err: unknown): ShownError {
  if (err instanceof AppError) return { kind: err.name, message: err.message };
  return { kind: 'UnexpectedError', message: err instanceof Error ? err.message : String(err) };
}
