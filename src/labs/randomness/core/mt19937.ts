/**
 * MT19937, the Mersenne Twister behind CPython's `random` (Matsumoto & Nishimura 1998, as in
 * CPython's Modules/_randommodule.c). The state is 624 words; every output is a "tempered" state
 * word, and every 624 outputs the whole state is "twisted" into the next 624 words.
 *
 * Also here: the inverse of tempering (untemper) and of the twist, which the clone attack uses.
 */

export const MT_N = 624;
export const MT_M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

/** mt19937ar.c init_genrand: a linear congruential fill of the 624 words from one 32-bit seed. */
export function initGenrand(seed: number): Uint32Array {
  const mt = new Uint32Array(MT_N);
  mt[0] = seed >>> 0;
  for (let i = 1; i < MT_N; i++) {
    const prev = mt[i - 1]!;
    mt[i] = Math.imul(1812433253, prev ^ (prev >>> 30)) + i;
  }
  return mt;
}

/**
 * mt19937ar.c init_by_array: mixes a key of any number of 32-bit words into the state. CPython's
 * `random.seed(n)` calls it with the 32-bit words of |n|, least significant first.
 */
export function initByArray(key: ArrayLike<number>): Uint32Array {
  const mt = initGenrand(19650218);
  const length = Math.max(key.length, 1);
  let i = 1;
  let j = 0;
  for (let k = Math.max(MT_N, length); k > 0; k--) {
    const prev = mt[i - 1]!;
    mt[i] = (mt[i]! ^ Math.imul(prev ^ (prev >>> 30), 1664525)) + (key[j] ?? 0) + j;
    i++;
    j++;
    if (i >= MT_N) {
      mt[0] = mt[MT_N - 1]!;
      i = 1;
    }
    if (j >= length) j = 0;
  }
  for (let k = MT_N - 1; k > 0; k--) {
    const prev = mt[i - 1]!;
    mt[i] = (mt[i]! ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) - i;
    i++;
    if (i >= MT_N) {
      mt[0] = mt[MT_N - 1]!;
      i = 1;
    }
  }
  mt[0] = 0x80000000; // MSB is 1, assuring a non-zero initial state
  return mt;
}

/** One twist step: the new word from the old words i, i+1 and i+397. */
export function twistWord(wi: number, wi1: number, wm: number): number {
  const y = (wi & UPPER_MASK) | (wi1 & LOWER_MASK);
  return (wm ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0)) >>> 0;
}

/** Replaces all 624 words with the next 624, in place (the order matters: later words use new ones). */
export function twist(mt: Uint32Array): void {
  for (let i = 0; i < MT_N; i++) {
    mt[i] = twistWord(mt[i]!, mt[(i + 1) % MT_N]!, mt[(i + MT_M) % MT_N]!);
  }
}

export function temper(word: number): number {
  let y = word >>> 0;
  y ^= y >>> 11;
  y ^= (y << 7) & 0x9d2c5680;
  y ^= (y << 15) & 0xefc60000;
  y ^= y >>> 18;
  return y >>> 0;
}

/** Undoes `y ^= y >>> shift` (each pass recovers `shift` more of the top bits). */
export function undoRightShiftXor(y: number, shift: number): number {
  let x = y >>> 0;
  for (let known = shift; known < 32; known += shift) x = (y ^ (x >>> shift)) >>> 0;
  return x;
}

/** Undoes `y ^= (y << shift) & mask` (each pass recovers `shift` more of the low bits). */
export function undoLeftShiftXor(y: number, shift: number, mask: number): number {
  let x = y >>> 0;
  for (let known = shift; known < 32; known += shift) x = (y ^ ((x << shift) & mask)) >>> 0;
  return x;
}

/** The inverse of `temper`: from an output back to the state word it came from. */
export function untemper(output: number): number {
  let y = undoRightShiftXor(output >>> 0, 18);
  y = undoLeftShiftXor(y, 15, 0xefc60000);
  y = undoLeftShiftXor(y, 7, 0x9d2c5680);
  return undoRightShiftXor(y, 11);
}

/**
 * What the twist reveals when run backwards. Writing the (untempered) output stream as x[0], x[1], …
 * the twist says x[n+624] = x[n+397] ^ A((x[n] & UPPER) | (x[n+1] & LOWER)), where A is a shift
 * right with a conditional xor of MATRIX_A. A can be inverted: the top bit of A(y) tells whether
 * MATRIX_A was applied, i.e. whether y was odd. So from x[n+624] and x[n+397] we learn the top bit
 * of x[n] and the low 31 bits of x[n+1].
 */
export function untwistPair(
  later: number,
  middle: number,
): { topOfFirst: number; lowOfNext: number } {
  let t = (later ^ middle) >>> 0;
  const odd = t & UPPER_MASK ? 1 : 0;
  if (odd) t = (t ^ MATRIX_A) >>> 0;
  const y = ((t << 1) | odd) >>> 0;
  return { topOfFirst: y & UPPER_MASK, lowOfNext: y & LOWER_MASK };
}

/** An MT19937 generator: 624 words of state and a position in them, like CPython's RandomObject. */
export class MersenneTwister {
  readonly state: Uint32Array;
  index: number;

  constructor(state: Uint32Array, index = MT_N) {
    if (state.length !== MT_N) throw new Error(`MT19937 state must have ${MT_N} words.`);
    this.state = Uint32Array.from(state);
    this.index = index;
  }

  static fromSeedWords(key: ArrayLike<number>): MersenneTwister {
    return new MersenneTwister(initByArray(key));
  }

  /** genrand_uint32: the next 32-bit output. */
  nextUint32(): number {
    if (this.index >= MT_N) {
      twist(this.state);
      this.index = 0;
    }
    return temper(this.state[this.index++]!);
  }

  clone(): MersenneTwister {
    return new MersenneTwister(this.state, this.index);
  }
}
