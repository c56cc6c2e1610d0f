import { z } from 'zod';

/**
 * The three error classes that cross the UI/backend boundary (DESIGN.md, "One contract").
 * They travel as `{name, code, message, details}` and are rebuilt on the other side, so a
 * renderer can tell "fix your input" from "the environment failed" from "this is a bug".
 */
export const errorNames = ['UserError', 'OperationalError', 'UnexpectedError'] as const;
export type ErrorName = (typeof errorNames)[number];

export const errorShapeSchema = z.object({
  name: z.enum(errorNames),
  code: z.string(),
  message: z.string(),
  details: z.unknown().optional(),
});
export type ErrorShape = z.infer<typeof errorShapeSchema>;

export abstract class AppError extends Error {
  abstract override readonly name: ErrorName;
  readonly code: string;
  readonly details: unknown;
  constructor(code: string, message: string, details?: unknown) {
    super(message);
    this.code = code;
    this.details = details;
  }
  toShape(): ErrorShape {
    return this.details === undefined
      ? { name: this.name, code: this.code, message: this.message }
      : { name: this.name, code: this.code, message: this.message, details: this.details };
  }
}

/** Bad input: a wrong argument, an invalid pipeline, a missing file the user named. */
export class UserError extends AppError {
  readonly name = 'UserError';
}
/** The environment failed: disk, permissions, a missing interpreter, compute, network. */
export class OperationalError extends AppError {
  readonly name = 'OperationalError';
}
/** A bug in Nodebook. */
export class UnexpectedError extends AppError {
  readonly name = 'UnexpectedError';
}

export function toErrorShape(err: unknown): ErrorShape {
  if (err instanceof AppError) return err.toShape();
  const message = err instanceof Error ? err.message : String(err);
  return { name: 'UnexpectedError', code: 'unexpected', message };
}

export function fromErrorShape(shape: ErrorShape): AppError {
  switch (shape.name) {
    case 'UserError':
      return new UserError(shape.code, shape.message, shape.details);
    case 'OperationalError':
      return new OperationalError(shape.code, shape.message, shape.details);
    case 'UnexpectedError':
      return new UnexpectedError(shape.code, shape.message, shape.details);
  }
}

/** Formats zod issues as `field.path: message` lines, so an error names the field. */
export function describeZodIssues(issues: readonly z.core.$ZodIssue[], prefix = ''): string[] {
  return issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter((p) => p !== '').join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}
