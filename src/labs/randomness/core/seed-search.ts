/**
 * Finding the seed of a key made right after `random.seed(t)`: try every t in a window, and for each
 * ask whether `''.join(random.choice(alphabet) for i in range(length))` would give the key.
 *
 * The fast path (0 <= |t| < 2^32, every Unix time until 2106): CPython calls init_by_array with the
 * single key word t. Its first pass starts from init_genrand(19650218), which does not depend on t,
 * so that is computed once. After seeding, only the first few twisted words are needed (word i of
 * the new state needs old words i, i+1 and i+397), and a candidate is dropped at its first wrong
 * letter, so almost every seed costs one seeding and one or two outputs.
 */
import { fail, ok, type Result } from '../../../core/result';
import { MT_M, MT_N, initGenrand, temper, twistWord } from './mt19937';
import { PythonRandom } from './python-random';
import { formatNumber } from '../../../core/number-format';

export interface SeedSearchQuery {
  /** First and last seed to try (inclusive). */
  from: number;
  to: number;
  alphabet: string;
  key: string;
}

export interface SeedSearchProgress {
  done: number;
  total: number;
  elapsedMs: number;
  /** Seeds per second so far. */
  rate: number;
}

export interface SeedSearchResult {
  seed: number | null;
  tried: number;
  total: number;
  elapsedMs: number;
  rate: number;
}

/** The most seeds one search may cover (every 32-bit seed; a day of seconds is 86,400). */
export const MAX_SEED_WINDOW = 2 ** 32;

function parseInteger(text: string, name: string): Result<number> {
  const cleaned = text.trim().replace(/_/g, '');
  if (!/^[+-]?\d+$/.test(cleaned))
    return fail(
      'seed-search/not-integer',
      `${name} must be a whole number (a Unix time in seconds).`,
    );
  const value = Number(cleaned);
  if (!Number.isSafeInteger(value))
    return fail('seed-search/too-big', `${name} is too large; stay within ±2^53.`);
  return ok(value);
}

/** Checks a search typed by a user (panel or CLI). */
export function parseSeedSearch(input: {
  from: string;
  to: string;
  alphabet: string;
  key: string;
  length?: string;
}): Result<SeedSearchQuery> {
  const from = parseInteger(input.from, 'The first seed');
  if (!from.ok) return from;
  const to = parseInteger(input.to, 'The last seed');
  if (!to.ok) return to;
  if (to.value < from.value)
    return fail('seed-search/empty', 'The last seed must not be before the first.');
  if (to.value - from.value + 1 > MAX_SEED_WINDOW)
    return fail(
      'seed-search/too-wide',
      `That window has ${formatNumber(to.value - from.value + 1)} seeds; search at most 2^32 at once.`,
    );
  const symbols = Array.from(input.alphabet);
  if (symbols.length === 0) return fail('seed-search/no-alphabet', 'The alphabet is empty.');
  const key = Array.from(input.key);
  if (key.length === 0) return fail('seed-search/no-key', 'Give the key to look for.');
  if (input.length !== undefined) {
    const length = parseInteger(input.length, 'The length');
    if (!length.ok) return length;
    if (length.value !== key.length)
      return fail(
        'seed-search/length',
        `The key has ${key.length} characters, not ${length.value}.`,
      );
  }
  const missing = key.findIndex((ch) => !symbols.includes(ch));
  if (missing >= 0)
    return fail(
      'seed-search/not-in-alphabet',
      `Character ${missing + 1} of the key (“${key[missing]}”) is not in the alphabet, so random.choice could not have made it.`,
    );
  return ok({ from: from.value, to: to.value, alphabet: input.alphabet, key: input.key });
}

/** The key `random.seed(seed)` followed by `length` choice calls gives (the slow, obvious way). */
export function keyForSeed(seed: number | bigint, alphabet: string, length: number): string {
  return new PythonRandom(seed).choiceString(alphabet, length);
}

const GENRAND = new Int32Array(initGenrand(19650218).buffer);
const LANES = 4;

/**
 * A reusable matcher for one alphabet and key. Exact for every seed; seeds with |t| < 2^32 take the
 * fast path, wider ones the full generator.
 */
export class SeedMatcher {
  /** One state, for a single seed. */
  private readonly one = new Int32Array(MT_N);
  /** Four states interleaved (word i of lane l at i * 4 + l), for four consecutive seeds. */
  private readonly four = new Int32Array(MT_N * LANES);
  private readonly alphabetCodes: Int32Array;
  private readonly keyCodes: Int32Array;
  private readonly n: number;
  private readonly shift: number;

  constructor(alphabet: string, key: string) {
    const symbols = Array.from(alphabet);
    this.alphabetCodes = Int32Array.from(symbols, (s) => s.codePointAt(0)!);
    this.keyCodes = Int32Array.from(Array.from(key), (s) => s.codePointAt(0)!);
    this.n = symbols.length;
    this.shift = Math.clz32(this.n);
  }

  matches(seed: number): boolean {
    const t = Math.abs(seed);
    if (t > 0xffffffff) return this.followsFrom(new PythonRandom(BigInt(seed)), 0);
    this.seedOne(t);
    return this.keyFollows(this.one, 1, 0);
  }

  /**
   * Which of the seeds t, t+1, t+2, t+3 match, as a 4-bit mask (needs 0 <= t and t + 3 < 2^32).
   * Seeding is one long chain of dependent multiplications; four independent chains side by side
   * let the processor overlap them (about twice the speed of one at a time).
   */
  matchesFour(t: number): number {
    this.seedFour(t);
    let mask = 0;
    for (let lane = 0; lane < LANES; lane++) {
      if (this.keyFollows(this.four, LANES, lane)) mask |= 1 << lane;
    }
    return mask;
  }

  /**
   * init_by_array(mt, [t], 1) (CPython's seeding for one key word), with init_genrand(19650218)
   * precomputed. Words stay int32 (`| 0`) so the JIT never boxes them as doubles.
   */
  private seedOne(t: number): void {
    const mt = this.one;
    const g = GENRAND;
    const key = t | 0;
    // First pass: the key word is added at every step (the key has one word, so j stays 0).
    let prev = g[0]!;
    for (let i = 1; i < MT_N; i++) {
      prev = ((g[i]! ^ Math.imul(prev ^ (prev >>> 30), 1664525)) + key) | 0;
      mt[i] = prev;
    }
    // The pass has max(624, 1) = 624 steps: the last wraps to i = 1 after mt[0] = mt[623].
    prev = ((mt[1]! ^ Math.imul(prev ^ (prev >>> 30), 1664525)) + key) | 0;
    mt[1] = prev;
    // Second pass: 623 steps from i = 2, wrapping once more to i = 1.
    for (let i = 2; i < MT_N; i++) {
      prev = ((mt[i]! ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) - i) | 0;
      mt[i] = prev;
    }
    mt[1] = ((mt[1]! ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) - 1) | 0;
    mt[0] = 0x80000000 | 0;
  }

  /** seedOne for t .. t+3 at once, step for step. */
  private seedFour(t: number): void {
    const mt = this.four;
    const g = GENRAND;
    const k0 = t | 0;
    const k1 = (t + 1) | 0;
    const k2 = (t + 2) | 0;
    const k3 = (t + 3) | 0;
    let p0 = g[0]!;
    let p1 = p0;
    let p2 = p0;
    let p3 = p0;
    for (let i = 1; i < MT_N; i++) {
      const gi = g[i]!;
      const b = i * LANES;
      p0 = ((gi ^ Math.imul(p0 ^ (p0 >>> 30), 1664525)) + k0) | 0;
      p1 = ((gi ^ Math.imul(p1 ^ (p1 >>> 30), 1664525)) + k1) | 0;
      p2 = ((gi ^ Math.imul(p2 ^ (p2 >>> 30), 1664525)) + k2) | 0;
      p3 = ((gi ^ Math.imul(p3 ^ (p3 >>> 30), 1664525)) + k3) | 0;
      mt[b] = p0;
      mt[b + 1] = p1;
      mt[b + 2] = p2;
      mt[b + 3] = p3;
    }
    p0 = ((mt[4]! ^ Math.imul(p0 ^ (p0 >>> 30), 1664525)) + k0) | 0;
    p1 = ((mt[5]! ^ Math.imul(p1 ^ (p1 >>> 30), 1664525)) + k1) | 0;
    p2 = ((mt[6]! ^ Math.imul(p2 ^ (p2 >>> 30), 1664525)) + k2) | 0;
    p3 = ((mt[7]! ^ Math.imul(p3 ^ (p3 >>> 30), 1664525)) + k3) | 0;
    mt[4] = p0;
    mt[5] = p1;
    mt[6] = p2;
    mt[7] = p3;
    for (let i = 2; i < MT_N; i++) {
      const b = i * LANES;
      p0 = ((mt[b]! ^ Math.imul(p0 ^ (p0 >>> 30), 1566083941)) - i) | 0;
      p1 = ((mt[b + 1]! ^ Math.imul(p1 ^ (p1 >>> 30), 1566083941)) - i) | 0;
      p2 = ((mt[b + 2]! ^ Math.imul(p2 ^ (p2 >>> 30), 1566083941)) - i) | 0;
      p3 = ((mt[b + 3]! ^ Math.imul(p3 ^ (p3 >>> 30), 1566083941)) - i) | 0;
      mt[b] = p0;
      mt[b + 1] = p1;
      mt[b + 2] = p2;
      mt[b + 3] = p3;
    }
    mt[4] = ((mt[4]! ^ Math.imul(p0 ^ (p0 >>> 30), 1566083941)) - 1) | 0;
    mt[5] = ((mt[5]! ^ Math.imul(p1 ^ (p1 >>> 30), 1566083941)) - 1) | 0;
    mt[6] = ((mt[6]! ^ Math.imul(p2 ^ (p2 >>> 30), 1566083941)) - 1) | 0;
    mt[7] = ((mt[7]! ^ Math.imul(p3 ^ (p3 >>> 30), 1566083941)) - 1) | 0;
    mt[0] = mt[1] = mt[2] = mt[3] = 0x80000000 | 0;
  }

  /**
   * Does the key follow from the seeded state in `mt` (word i at i * stride + lane)? Twists only the
   * words it reads and stops at the first letter that differs from the key.
   */
  private keyFollows(mt: Int32Array, stride: number, lane: number): boolean {
    const { alphabetCodes, keyCodes, n, shift } = this;
    let position = 0;
    for (let j = 0; j < MT_N - MT_M; j++) {
      const word = twistWord(
        mt[j * stride + lane]!,
        mt[(j + 1) * stride + lane]!,
        mt[(j + MT_M) * stride + lane]!,
      );
      const r = temper(word) >>> shift;
      if (r >= n) continue;
      if (alphabetCodes[r] !== keyCodes[position]) return false;
      if (++position === keyCodes.length) return true;
    }
    // A key long enough to read past word 226 (hundreds of letters): finish with the full twist.
    const state = new Uint32Array(MT_N);
    for (let i = 0; i < MT_N; i++) state[i] = mt[i * stride + lane]!;
    const random = PythonRandom.fromState(state, MT_N);
    for (let j = 0; j < MT_N - MT_M; j++) random.nextUint32();
    return this.followsFrom(random, position);
  }

  private followsFrom(random: PythonRandom, position: number): boolean {
    const { alphabetCodes, keyCodes, n, shift } = this;
    while (position < keyCodes.length) {
      const r = random.nextUint32() >>> shift;
      if (r >= n) continue;
      if (alphabetCodes[r] !== keyCodes[position]) return false;
      position++;
    }
    return true;
  }
}

/**
 * Tries every seed from `from` to `to` (inclusive) and returns the first whose key matches.
 * Reports progress every `chunk` seeds.
 */
export function searchSeeds(
  query: SeedSearchQuery,
  options: {
    now?: () => number;
    onProgress?: (progress: SeedSearchProgress) => void;
    chunk?: number;
  } = {},
): SeedSearchResult {
  const now = options.now ?? (() => 0);
  const chunk = options.chunk ?? 32768;
  const matcher = new SeedMatcher(query.alphabet, query.key);
  const total = query.to - query.from + 1;
  const start = now();
  const summary = (seed: number | null, tried: number): SeedSearchResult => {
    const elapsedMs = now() - start;
    return { seed, tried, total, elapsedMs, rate: elapsedMs > 0 ? (tried / elapsedMs) * 1000 : 0 };
  };
  for (let base = query.from; base <= query.to; base += chunk) {
    const end = Math.min(query.to, base + chunk - 1);
    let t = base;
    // Blocks of four consecutive non-negative 32-bit seeds take the four-lane path.
    for (; t + 3 <= end && t >= 0 && t + 3 <= 0xffffffff; t += 4) {
      const mask = matcher.matchesFour(t);
      if (mask !== 0) {
        const seed = t + (31 - Math.clz32(mask & -mask));
        return summary(seed, seed - query.from + 1);
      }
    }
    for (; t <= end; t++) {
      if (matcher.matches(t)) return summary(t, t - query.from + 1);
    }
    const done = end - query.from + 1;
    if (options.onProgress && done < total) {
      const elapsedMs = now() - start;
      options.onProgress({
        done,
        total,
        elapsedMs,
        rate: elapsedMs > 0 ? (done / elapsedMs) * 1000 : 0,
      });
    }
  }
  return summary(null, total);
}
