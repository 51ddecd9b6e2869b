/**
 * Typed results for anything that parses user input: the caller shows `error.message` next to the
 * input it is about, and the CLI prints it to stderr. Exceptions are kept for programmer errors.
 */

export interface InputError {
  /** Stable machine-readable code, e.g. `hex/odd-length`. */
  code: string;
  /** One sentence a user can act on. */
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: InputError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: string, message: string): Result<T> {
  return { ok: false, error: { code, message } };
}

/** Unwraps a result that cannot fail unless there is a bug (fixtures, constants). */
export function expectOk<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** Small named assertion for programmer errors at module boundaries. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}
