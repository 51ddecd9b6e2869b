/**
 * The learner's module: up to three exported functions, called the way an application would call
 * them (by the harness, next to the module). Their answers are taken as an application would take
 * them: a tag is whatever `sign` returns, and `verify` accepts when its result is truthy
 * (`if (verify(…))`). The battery reaches the module only as a RemoteLearner (remote-learner.ts).
 */
import { describeMisbehaviour, type TagValue, type TokenValue } from './learner-protocol';
import type { RemoteLearner } from './remote-learner';

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

/** sign's tag for one message; a LearnerError says what sign did instead of returning one. */
export async function signTag(
  learner: RemoteLearner,
  secret: string,
  message: string,
  purpose: string,
): Promise<TagValue> {
  const [answer] = await learner.sign(secret, [{ message, purpose }]);
  if (answer && 'tag' in answer) return answer.tag;
  throw new LearnerError(
    describeMisbehaviour(
      'sign',
      answer!.problem,
      'return the tag as a string (hex, say) or a Uint8Array.',
    ),
  );
}

export interface VerifyOutcome {
  accepted: boolean;
  /** Set when verify threw (counted as a rejection, as an application that catches it would). */
  threw?: string;
  /** Set when verify returned something other than true or false. */
  odd?: string;
}

/**
 * verify's answers, taken as an application takes them: truthy accepts, a throw rejects. A
 * Promise is a LearnerError (an `if` would take any Promise as true).
 */
export async function askVerify(
  learner: RemoteLearner,
  secret: string,
  calls: readonly { message: string; tag: TagValue; purpose: string }[],
): Promise<VerifyOutcome[]> {
  const answers = await learner.verify(secret, calls);
  return answers.map(({ accepted, problem }) => {
    if (!problem) return { accepted };
    switch (problem.kind) {
      case 'promise':
        throw new LearnerError(describeMisbehaviour('verify', problem));
      case 'threw':
        return { accepted: false, threw: describeMisbehaviour('verify', problem) };
      default:
        return {
          accepted,
          odd: `${describeMisbehaviour('verify', problem)}, not true or false`,
        };
    }
  });
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
export function tokenText(value: TokenValue): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array)
    return Array.from(value, (b) => b.toString(16).padStart(2, '0')).join('');
  return String(value);
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
    Object.defineProperty(module, name, { value, enumerable: true });
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
