/**
 * xorshift128+ as the JavaScript engines run it (V8 src/base/utils/random-number-generator.h,
 * SpiderMonkey mfbt/XorShift128PlusRNG.h, JavaScriptCore WeakRandom.h: all with shifts 23, 17, 26).
 *
 * The two state words of successive steps overlap: after a step the new state0 is the old state1.
 * So the whole run is one sequence of 64-bit words w[0], w[1], w[2], … with the state after step j
 * being (w[j], w[j+1]) and w[j+2] = next(w[j], w[j+1]). The models below say which function of
 * those words an engine turns into a double.
 */

export const MASK64 = (1n << 64n) - 1n;

/** One XorShift128 step, written on the word sequence: w[j+2] from w[j] and w[j+1]. */
export function nextWord(x: bigint, y: bigint): bigint {
  let s1 = x;
  s1 ^= (s1 << 23n) & MASK64;
  s1 ^= s1 >> 17n;
  s1 ^= y;
  s1 ^= y >> 26n;
  return s1;
}

/** The step backwards: w[j] from w[j+1] and w[j+2]. */
export function previousWord(y: bigint, z: bigint): bigint {
  // z = t ^ y ^ (y >> 26) with t = u ^ (u >> 17), u = x ^ (x << 23): undo each xorshift.
  const t = z ^ y ^ (y >> 26n);
  const u = t ^ (t >> 17n) ^ (t >> 34n) ^ (t >> 51n);
  return (u ^ (u << 23n) ^ (u << 46n)) & MASK64;
}

/** Words w[from] … w[to] (inclusive; `from` may be negative) given w[0] and w[1]. */
export function wordsAround(w0: bigint, w1: bigint, from: number, to: number): Map<number, bigint> {
  const words = new Map<number, bigint>([
    [0, w0],
    [1, w1],
  ]);
  for (let j = 2; j <= to; j++) words.set(j, nextWord(words.get(j - 2)!, words.get(j - 1)!));
  for (let j = -1; j >= from; j--) words.set(j, previousWord(words.get(j + 1)!, words.get(j + 2)!));
  return words;
}

/** MurmurHash3's 64-bit finaliser, which V8 uses to turn its 64-bit seed into the first state. */
export function murmur3(h: bigint): bigint {
  h ^= h >> 33n;
  h = (h * 0xff51afd7ed558ccdn) & MASK64;
  h ^= h >> 33n;
  h = (h * 0xc4ceb9fe1a85ec53n) & MASK64;
  h ^= h >> 33n;
  return h;
}

function inverseMod64(c: bigint): bigint {
  let inverse = c; // Newton's iteration doubles the correct low bits each round.
  for (let i = 0; i < 6; i++) inverse = (inverse * (2n - c * inverse)) & MASK64;
  return inverse;
}

const M1_INV = inverseMod64(0xff51afd7ed558ccdn);
const M2_INV = inverseMod64(0xc4ceb9fe1a85ec53n);

export function murmur3Inverse(h: bigint): bigint {
  h ^= h >> 33n;
  h = (h * M2_INV) & MASK64;
  h ^= h >> 33n;
  h = (h * M1_INV) & MASK64;
  h ^= h >> 33n;
  return h;
}

/**
 * Is (a, b) a state V8 makes from a seed? V8's MathRandom::RefillCache seeds a context with
 * state0 = murmur3(seed), state1 = murmur3(~seed) the first time it needs numbers.
 */
export function isSeedState(a: bigint, b: bigint): boolean {
  return murmur3(~murmur3Inverse(a) & MASK64) === b;
}

// The walk back to the seed state takes up to a million steps, so it runs on 32-bit halves.

/** Low 64 bits of a * b, for 64-bit values given as [hi, lo] 32-bit halves. */
function mul64(ah: number, al: number, bh: number, bl: number, out: Uint32Array): void {
  const a0 = al & 0xffff;
  const a1 = al >>> 16;
  const b0 = bl & 0xffff;
  const b1 = bl >>> 16;
  const p00 = a0 * b0;
  const mid = a1 * b0 + a0 * b1; // < 2^33: exact in a double
  const low = p00 + (mid % 65536) * 65536;
  const lo = low >>> 0;
  const carry = Math.floor(low / 4294967296) + Math.floor(mid / 65536);
  const hi = a1 * b1 + carry + Math.imul(ah, bl) + Math.imul(al, bh);
  out[0] = hi >>> 0;
  out[1] = lo;
}

function split(value: bigint): [number, number] {
  return [Number(value >> 32n), Number(value & 0xffffffffn)];
}

const [M1H, M1L] = split(0xff51afd7ed558ccdn);
const [M2H, M2L] = split(0xc4ceb9fe1a85ec53n);
const [M1IH, M1IL] = split(M1_INV);
const [M2IH, M2IL] = split(M2_INV);

/** h ^= h >> 33 on halves. */
function xorShift33(h: Uint32Array): void {
  h[1] = (h[1]! ^ (h[0]! >>> 1)) >>> 0;
}

function murmurHalves(h: Uint32Array, m1h: number, m1l: number, m2h: number, m2l: number): void {
  xorShift33(h);
  mul64(h[0]!, h[1]!, m1h, m1l, h);
  xorShift33(h);
  mul64(h[0]!, h[1]!, m2h, m2l, h);
  xorShift33(h);
}

/**
 * Walks back from the state (w[j], w[j+1]) at most `maxSteps` steps and returns how many steps
 * back the seed state lies (0 = this state), or -1 if it is not within reach.
 */
export function stepsBackToSeedState(a: bigint, b: bigint, maxSteps: number): number {
  let [xh, xl] = split(a);
  let [yh, yl] = split(b);
  const h = new Uint32Array(2);
  for (let steps = 0; steps <= maxSteps; steps++) {
    // Is (x, y) = (murmur3(s), murmur3(~s)) for s = murmur3^-1(x)?
    h[0] = xh;
    h[1] = xl;
    murmurHalves(h, M2IH, M2IL, M1IH, M1IL);
    h[0] = ~h[0]! >>> 0;
    h[1] = ~h[1]! >>> 0;
    murmurHalves(h, M1H, M1L, M2H, M2L);
    if (h[0] === yh && h[1] === yl) return steps;
    // One step back: (x, y) = (w[j], w[j+1]) becomes (w[j-1], w[j]); see previousWord.
    let th = (yh ^ xh ^ (xh >>> 26)) >>> 0;
    let tl = (yl ^ xl ^ ((xl >>> 26) | (xh << 6))) >>> 0;
    // u = t ^ (t >> 17) ^ (t >> 34) ^ (t >> 51)
    const uh = (th ^ (th >>> 17)) >>> 0;
    const ul = (tl ^ ((tl >>> 17) | (th << 15)) ^ (th >>> 2) ^ (th >>> 19)) >>> 0;
    // w = u ^ (u << 23) ^ (u << 46)
    th = (uh ^ ((uh << 23) | (ul >>> 9)) ^ (ul << 14)) >>> 0;
    tl = (ul ^ (ul << 23)) >>> 0;
    yh = xh;
    yl = xl;
    xh = th;
    xl = tl;
  }
  return -1;
}
