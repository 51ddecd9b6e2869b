/**
 * Cloning CPython's generator from its outputs. Every `getrandbits(32)` output is one tempered
 * state word, and tempering is invertible, so 624 consecutive outputs give 624 consecutive state
 * words: enough to run the twist forwards (predict everything that follows) and backwards
 * (recover what came before). It does not matter where in the 624-word cycle the outputs start.
 */
import { fail, ok, type Result } from '../../../core/result';
import {
  MT_M,
  MT_N,
  temper,
  undoLeftShiftXor,
  undoRightShiftXor,
  untemper,
  untwistPair,
} from './mt19937';
import { PythonRandom } from './python-random';

export interface UntemperSteps {
  output: number;
  /** After undoing `y ^= y >> 18`, `y ^= (y << 15) & c`, `y ^= (y << 7) & b`, `y ^= y >> 11`. */
  steps: [number, number, number, number];
}

/** The inverse of tempering, one stage at a time (for display). */
export function untemperSteps(output: number): UntemperSteps {
  const s1 = undoRightShiftXor(output >>> 0, 18);
  const s2 = undoLeftShiftXor(s1, 15, 0xefc60000);
  const s3 = undoLeftShiftXor(s2, 7, 0x9d2c5680);
  return { output: output >>> 0, steps: [s1, s2, s3, undoRightShiftXor(s3, 11)] };
}

export interface MtClone {
  /** A generator positioned right after the last observed output. */
  random: PythonRandom;
  /** The 624 state words recovered from the first 624 outputs. */
  stateWords: Uint32Array;
  /** Outputs beyond the first 624 that the clone predicted correctly before they were used. */
  verifiedExtra: number;
}

/**
 * Clones the generator from at least 624 consecutive `getrandbits(32)` outputs. Outputs beyond the
 * first 624 are checked against the clone's predictions: a mismatch means they are not consecutive
 * outputs of one generator.
 */
export function cloneFromOutputs(outputs: readonly number[]): Result<MtClone> {
  if (outputs.length < MT_N)
    return fail(
      'clone/too-few',
      `Cloning needs ${MT_N} consecutive outputs; there ${outputs.length === 1 ? 'is' : 'are'} ${outputs.length}.`,
    );
  const stateWords = new Uint32Array(MT_N);
  for (let i = 0; i < MT_N; i++) stateWords[i] = untemper(outputs[i]!);
  // The 624 words act as a full state that was just used up: the next twist continues the stream.
  const random = PythonRandom.fromState(stateWords, MT_N);
  for (let i = MT_N; i < outputs.length; i++) {
    const predicted = random.nextUint32();
    if (predicted !== outputs[i])
      return fail(
        'clone/inconsistent',
        `Value ${i + 1} is ${outputs[i]}, but the first ${MT_N} predict ${predicted}: these are not consecutive getrandbits(32) outputs of one generator.`,
      );
  }
  return ok({ random, stateWords, verifiedExtra: outputs.length - MT_N });
}

/**
 * Runs the twist backwards: the `count` outputs that came before `outputs` (which must hold at least
 * 624 consecutive outputs), oldest first. Each earlier state word takes its top bit from one twist
 * equation and its low 31 bits from the one before it (see untwistPair).
 */
export function recoverEarlierOutputs(outputs: readonly number[], count: number): number[] {
  if (outputs.length < MT_N) throw new Error(`recoverEarlierOutputs needs ${MT_N} outputs.`);
  // words[count + i] holds the i-th observed state word; earlier words fill in from the right.
  const words = new Uint32Array(count + MT_N);
  for (let i = 0; i < MT_N; i++) words[count + i] = untemper(outputs[i]!);
  for (let m = count; m > 0; m--) {
    // Recover words[m - 1] from the window words[m .. m + 623].
    const { topOfFirst } = untwistPair(words[m + MT_N - 1]!, words[m + MT_M - 1]!);
    const { lowOfNext } = untwistPair(words[m + MT_N - 2]!, words[m + MT_M - 2]!);
    words[m - 1] = (topOfFirst | lowOfNext) >>> 0;
  }
  return Array.from(words.subarray(0, count), temper);
}

/**
 * The key a `''.join(random.choice(alphabet) for i in range(length))` made from the outputs that
 * end right before `later`: walking backwards, every output below the rejection bound was a letter.
 * Rejected draws in front of the first letter are indistinguishable from earlier calls, and do not
 * change the key.
 */
export function keyEndingAt(
  earlierOutputs: readonly number[],
  alphabet: string,
  length: number,
): string | null {
  const symbols = Array.from(alphabet);
  const n = symbols.length;
  const k = 32 - Math.clz32(n);
  const letters: string[] = [];
  for (let i = earlierOutputs.length - 1; i >= 0 && letters.length < length; i--) {
    const r = earlierOutputs[i]! >>> (32 - k);
    if (r < n) letters.push(symbols[r]!);
  }
  return letters.length === length ? letters.reverse().join('') : null;
}

export interface ClonePrediction {
  /** The next `getrandbits(32)` values. */
  next: number[];
  /** The next `''.join(random.choice(alphabet) for i in range(length))`, if asked for. */
  key: string | null;
  /** The next `random()` values. */
  randoms: number[];
}

/** What the cloned generator says comes next; each prediction starts right after the observed outputs. */
export function predictAfter(
  clone: MtClone,
  options: { next: number; alphabet?: string; length?: number; randoms?: number },
): ClonePrediction {
  const forNext = clone.random.clone();
  const forKey = clone.random.clone();
  const forRandoms = clone.random.clone();
  return {
    next: Array.from({ length: options.next }, () => forNext.nextUint32()),
    key:
      options.alphabet !== undefined && options.length !== undefined
        ? forKey.choiceString(options.alphabet, options.length)
        : null,
    randoms: Array.from({ length: options.randoms ?? 0 }, () => forRandoms.random()),
  };
}
