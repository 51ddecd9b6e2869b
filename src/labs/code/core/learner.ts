/**
 * The learner's module as the battery sees it: up to three exported functions, called the way an
 * application would call them. Their answers are taken as an application would take them: a tag
 * is whatever `sign` returns, and `verify` accepts when its result is truthy (`if (verify(…))`).
 */

export interface LearnerModule {
  sign?: (secret: string, message: string, purpose?: string) => unknown;
  verify?: (secret: string, message: string, tag: unknown, purpose?: string) => unknown;
  makeToken?: () => unknown;
}

export const LEARNER_EXPORTS = ['sign', 'verify', 'makeToken'] as const;

/** Something the learner's code did that it should not have (thrown, wrong type, a Promise). */
export class LearnerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LearnerError';
  }
}

function isThenable(value: unknown): boolean {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** Calls a learner function; a throw or a Promise becomes a LearnerError naming the function. */
export function callLearner(
  name: string,
  fn: (...args: never[]) => unknown,
  args: unknown[],
): unknown {
  let result: unknown;
  try {
    result = (fn as (...a: unknown[]) => unknown)(...args);
  } catch (error) {
    throw new LearnerError(`${name} threw ${errorText(error)}`);
  }
  if (isThenable(result))
    throw new LearnerError(
      `${name} returned a Promise. Write it synchronously: md5, sha256, hmac and the other helpers here are synchronous.`,
    );
  return result;
}

/** What `sign` returned, if it is a tag (a string or a Uint8Array). */
export function signTag(
  learner: LearnerModule,
  secret: string,
  message: string,
  purpose: string,
): string | Uint8Array {
  const tag = callLearner('sign', learner.sign!, [secret, message, purpose]);
  if (typeof tag === 'string' || tag instanceof Uint8Array) return tag;
  throw new LearnerError(
    `sign returned ${describeValue(tag)}; return the tag as a string (hex, say) or a Uint8Array.`,
  );
}

export interface VerifyAnswer {
  accepted: boolean;
  /** Set when verify threw (counted as a rejection, as an application that catches it would). */
  threw?: string;
  /** Set when verify returned something other than true or false. */
  odd?: string;
}

export function askVerify(
  learner: LearnerModule,
  secret: string,
  message: string,
  tag: unknown,
  purpose: string,
): VerifyAnswer {
  let result: unknown;
  try {
    result = callLearner('verify', learner.verify!, [secret, message, tag, purpose]);
  } catch (error) {
    if (error instanceof LearnerError && !error.message.includes('Promise'))
      return { accepted: false, threw: error.message };
    throw error;
  }
  if (typeof result === 'boolean') return { accepted: result };
  return {
    accepted: Boolean(result),
    odd: `verify returned ${describeValue(result)}, not true or false`,
  };
}

export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return `${typeof value} ${String(value)}`;
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Uint8Array) return `a Uint8Array of ${value.length} bytes`;
  return typeof value === 'function' ? 'a function' : 'an object';
}

/** A token as text: strings as they are, bytes as hex, numbers and bigints in decimal. */
export function tokenText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array)
    return Array.from(value, (b) => b.toString(16).padStart(2, '0')).join('');
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  throw new LearnerError(
    `makeToken returned ${describeValue(value)}; return the token as a string, a number or a Uint8Array.`,
  );
}

/**
 * The three functions out of the module's exports. A module that exports none of them, or exports
 * one of those names as something other than a function, gets a message saying what to write.
 */
export function pickExports(
  exports: Record<string, unknown>,
): { ok: true; value: LearnerModule } | { ok: false; error: { code: string; message: string } } {
  const module: LearnerModule = {};
  for (const name of LEARNER_EXPORTS) {
    const value = exports[name];
    if (value === undefined) continue;
    if (typeof value !== 'function')
      return {
        ok: false,
        error: {
          code: 'module/not-a-function',
          message: `The module exports ${name} as ${describeValue(value)}; export a function: export function ${name}(…) { … }.`,
        },
      };
    (module as Record<string, unknown>)[name] = value;
  }
  if (!module.sign && !module.verify && !module.makeToken)
    return {
      ok: false,
      error: {
        code: 'module/no-exports',
        message:
          'The module exports none of sign, verify and makeToken. Write, for example, export function sign(secret: string, message: string) { … }.',
      },
    };
  return { ok: true, value: module };
}
