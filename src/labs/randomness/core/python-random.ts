/**
 * CPython 3.11's `random.Random`, output for output: seeding from an int (Modules/_randommodule.c
 * random_seed), `random()`, `getrandbits(k)`, and the pure-Python methods of Lib/random.py that
 * build on them (`_randbelow_with_getrandbits`, `randrange`, `randint`, `choice`, `shuffle`).
 */
import { MT_N, MersenneTwister } from './mt19937';

const TWO_26 = 67108864;
const TWO_53_INV = 1 / 9007199254740992;

/** The 32-bit words of |seed|, least significant first: what CPython passes to init_by_array. */
export function seedWords(seed: bigint | number): number[] {
  let n = BigInt(seed);
  if (n < 0n) n = -n;
  const words: number[] = [];
  while (n > 0n) {
    words.push(Number(n & 0xffffffffn));
    n >>= 32n;
  }
  return words.length > 0 ? words : [0];
}

/** int.bit_length() for a non-negative bigint. */
export function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/** Python's floor division (rounds towards minus infinity, unlike bigint `/`). */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

export class PythonRandom {
  private mt: MersenneTwister;

  constructor(seed: bigint | number = 0) {
    this.mt = MersenneTwister.fromSeedWords(seedWords(seed));
  }

  /** A generator in a given MT state (624 words and the position in them), e.g. a clone. */
  static fromState(state: Uint32Array, index = MT_N): PythonRandom {
    const random = new PythonRandom(0);
    random.mt = new MersenneTwister(state, index);
    return random;
  }

  /** A generator seeded like `random.seed()` with no argument: init_by_array over OS entropy words. */
  static fromSeedWords(words: ArrayLike<number>): PythonRandom {
    const random = new PythonRandom(0);
    random.mt = MersenneTwister.fromSeedWords(words);
    return random;
  }

  /** An independent copy in the same state. */
  clone(): PythonRandom {
    const copy = new PythonRandom(0);
    copy.mt = this.mt.clone();
    return copy;
  }

  seed(seed: bigint | number): void {
    this.mt = MersenneTwister.fromSeedWords(seedWords(seed));
  }

  /** The raw 32-bit output (what `getrandbits(32)` returns). */
  nextUint32(): number {
    return this.mt.nextUint32();
  }

  /** random(): 53 bits from two outputs, a = first >> 5 (27 bits), b = second >> 6 (26 bits). */
  random(): number {
    const a = this.mt.nextUint32() >>> 5;
    const b = this.mt.nextUint32() >>> 6;
    return (a * TWO_26 + b) * TWO_53_INV;
  }

  /** getrandbits(k) for 0 <= k <= 32, as a number. */
  getrandbits32(k: number): number {
    if (k === 0) return 0;
    return this.mt.nextUint32() >>> (32 - k);
  }

  /**
   * getrandbits(k) for any k >= 0: 32-bit words from least to most significant (little-endian
   * builds, i.e. every machine Python runs on today); the last word keeps only its top bits.
   */
  getrandbits(k: number): bigint {
    if (!Number.isInteger(k) || k < 0) throw new RangeError('number of bits must be non-negative');
    if (k <= 32) return BigInt(this.getrandbits32(k));
    let result = 0n;
    let shift = 0n;
    for (let left = k; left > 0; left -= 32, shift += 32n) {
      let word = this.mt.nextUint32();
      if (left < 32) word >>>= 32 - left;
      result |= BigInt(word) << shift;
    }
    return result;
  }

  /** _randbelow_with_getrandbits(n) for a positive safe integer n: rejection sampling on k bits. */
  randbelow(n: number): number {
    if (!Number.isSafeInteger(n) || n <= 0) throw new RangeError('randbelow needs n > 0');
    if (n <= 0xffffffff) {
      const k = 32 - Math.clz32(n);
      let r = this.getrandbits32(k);
      while (r >= n) r = this.getrandbits32(k);
      return r;
    }
    return Number(this.randbelowBig(BigInt(n)));
  }

  randbelowBig(n: bigint): bigint {
    if (n <= 0n) throw new RangeError('randbelow needs n > 0');
    const k = bitLength(n);
    let r = this.getrandbits(k);
    while (r >= n) r = this.getrandbits(k);
    return r;
  }

  /** randrange(stop) / randrange(start, stop[, step]) as in Lib/random.py (3.11). */
  randrange(start: bigint, stop?: bigint, step = 1n): bigint {
    if (stop === undefined) {
      if (step !== 1n) throw new TypeError('Missing a non-None stop argument');
      if (start > 0n) return this.randbelowBig(start);
      throw new RangeError('empty range for randrange()');
    }
    const width = stop - start;
    if (step === 1n) {
      if (width > 0n) return start + this.randbelowBig(width);
      throw new RangeError(`empty range for randrange() (${start}, ${stop}, ${width})`);
    }
    let n: bigint;
    if (step > 0n) n = floorDiv(width + step - 1n, step);
    else if (step < 0n) n = floorDiv(width + step + 1n, step);
    else throw new RangeError('zero step for randrange()');
    if (n <= 0n) throw new RangeError(`empty range for randrange() (${start}, ${stop}, ${step})`);
    return start + step * this.randbelowBig(n);
  }

  randint(a: bigint, b: bigint): bigint {
    return this.randrange(a, b + 1n);
  }

  /** choice(seq): one element, by `seq[_randbelow(len(seq))]`. */
  choice<T>(seq: readonly T[]): T {
    if (seq.length === 0) throw new RangeError('Cannot choose from an empty sequence');
    return seq[this.randbelow(seq.length)]!;
  }

  /** `''.join(random.choice(alphabet) for i in range(length))`, the talk's secret key. */
  choiceString(alphabet: string, length: number): string {
    const symbols = Array.from(alphabet);
    let out = '';
    for (let i = 0; i < length; i++) out += this.choice(symbols);
    return out;
  }

  /** shuffle(x) in place (Lib/random.py 3.11: Fisher-Yates from the end, j = _randbelow(i + 1)). */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.randbelow(i + 1);
      const tmp = items[i]!;
      items[i] = items[j]!;
      items[j] = tmp;
    }
    return items;
  }
}
