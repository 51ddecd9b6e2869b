/**
 * The compares the lab measures and attacks. Each is the ordinary algorithm, instrumented only to
 * report how many byte pairs it looked at, which is what a simulated server turns into time.
 */
export { constantTimeEqual, earlyExitEqual } from '../../../core/compare';

export type CompareKind = 'early-exit' | 'constant-time';
export const COMPARE_KINDS: readonly CompareKind[] = ['early-exit', 'constant-time'];

export interface CompareOutcome {
  equal: boolean;
  /** Byte pairs the loop examined before it returned. */
  steps: number;
}

/** `sig == sig2`: stops at the first difference. */
export function earlyExitSteps(a: Uint8Array, b: Uint8Array): CompareOutcome {
  if (a.length !== b.length) return { equal: false, steps: 0 };
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return { equal: false, steps: i + 1 };
  return { equal: true, steps: a.length };
}

/** The talk's fix: check the length, then OR together the XOR of every pair. */
export function constantTimeSteps(a: Uint8Array, b: Uint8Array): CompareOutcome {
  if (a.length !== b.length) return { equal: false, steps: 0 };
  let diff = 0;
  let steps = 0;
  for (let i = 0; i < a.length; i++) {
    diff |= a[i]! ^ b[i]!;
    steps++;
  }
  return { equal: diff === 0, steps };
}

export const COMPARES: Record<CompareKind, (a: Uint8Array, b: Uint8Array) => CompareOutcome> = {
  'early-exit': earlyExitSteps,
  'constant-time': constantTimeSteps,
};
