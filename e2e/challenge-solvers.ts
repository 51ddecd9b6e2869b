/**
 * The learner's side of every challenge, written here without the app's attack code: length
 * extension with its own padding (MD5 and SHA-512 resumed from a tag through @noble/hashes, whose
 * result the spec checks against node:crypto on a secret it knows), its own MT19937 clone with
 * CPython's seeding, choice and the twist run backwards, pickles written opcode by opcode, and the
 * published MD5 collision pair. Each solver reads the public part and returns field values.
 */
import { md5 } from '@noble/hashes/legacy.js';
import { sha512 } from '@noble/hashes/sha2.js';

// ---------------------------------------------------------------- length extension

/** The padding an MD hash adds after `length` bytes: 0x80, zeros, the bit length. */
export function mdPadding(
  length: number,
  block: number,
  lengthField: number,
  littleEndian: boolean,
): Buffer {
  let zeros = 0;
  while ((length + 1 + zeros + lengthField) % block !== 0) zeros++;
  const field = Buffer.alloc(lengthField);
  const bits = BigInt(length) * 8n;
  if (littleEndian) field.writeBigUInt64LE(bits, 0);
  else field.writeBigUInt64BE(bits, lengthField - 8);
  return Buffer.concat([Buffer.from([0x80]), Buffer.alloc(zeros), field]);
}

interface Resumable {
  set(...words: number[]): void;
  length: number;
  update(data: Uint8Array): Resumable;
  digest(): Uint8Array;
}

/** signed ‖ glue ‖ append, and its tag, from tag = H(secret ‖ signed) and the secret's length. */
export function extend(
  algorithm: 'md5' | 'sha512',
  tagHex: string,
  signed: Buffer,
  secretLength: number,
  append: Buffer,
): { message: Buffer; tag: string } {
  const md = algorithm === 'md5';
  const glue = mdPadding(secretLength + signed.length, md ? 64 : 128, md ? 8 : 16, md);
  const tag = Buffer.from(tagHex, 'hex');
  const words: number[] = [];
  for (let i = 0; i < tag.length; i += 4) words.push(md ? tag.readInt32LE(i) : tag.readInt32BE(i));
  const hash = (md ? md5 : sha512).create() as unknown as Resumable;
  hash.set(...words);
  // The state is that after secret ‖ signed ‖ glue: a whole number of blocks.
  hash.length = secretLength + signed.length + glue.length;
  hash.update(append);
  return {
    message: Buffer.concat([signed, glue, append]),
    tag: Buffer.from(hash.digest()).toString('hex'),
  };
}

/** Percent-encodes every byte but letters, digits, "=" and "&", as a query string carries it. */
export function percentEncode(bytes: Buffer): string {
  let out = '';
  for (const b of bytes) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9=&]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

// ---------------------------------------------------------------- MT19937 as CPython uses it

const N = 624;
const M = 397;
const A = 0x9908b0df;
const UPPER = 0x80000000;
const LOWER = 0x7fffffff;

export function temper(value: number): number {
  let y = value;
  y ^= y >>> 11;
  y ^= (y << 7) & 0x9d2c5680;
  y ^= (y << 15) & 0xefc60000;
  y ^= y >>> 18;
  return y >>> 0;
}

export function untemper(output: number): number {
  let y = output >>> 0;
  y ^= y >>> 18;
  y ^= (y << 15) & 0xefc60000;
  let x = y;
  for (let i = 0; i < 5; i++) x = y ^ ((x << 7) & 0x9d2c5680);
  y = x >>> 0;
  x = y;
  for (let i = 0; i < 3; i++) x = y ^ (x >>> 11);
  return x >>> 0;
}

/** x[k + 624] from the three words the twist reads. */
function twisted(x0: number, x1: number, xM: number): number {
  const y = (x0 & UPPER) | (x1 & LOWER);
  return (xM ^ (y >>> 1) ^ (y & 1 ? A : 0)) >>> 0;
}

/** A stream of untempered words that keeps twisting past the ones it was given. */
class Words {
  constructor(private readonly x: number[]) {}
  at(k: number): number {
    while (this.x.length <= k) {
      const j = this.x.length - N;
      this.x.push(twisted(this.x[j]!, this.x[j + 1]!, this.x[j + M]!));
    }
    return this.x[k]!;
  }
}

/** CPython's choice: k = len.bit_length(), draw getrandbits(k) until it is below len. */
function chooseKey(draw: () => number, alphabet: string, length: number): string {
  const symbols = Array.from(alphabet);
  const k = symbols.length.toString(2).length;
  let key = '';
  while (Array.from(key).length < length) {
    const r = draw() >>> (32 - k);
    if (r < symbols.length) key += symbols[r];
  }
  return key;
}

export function nextKeyAfter(outputs: number[], alphabet: string, length: number): string {
  const words = new Words(outputs.slice(0, N).map(untemper));
  for (let k = N; k < outputs.length; k++)
    if (temper(words.at(k)) !== outputs[k]) throw new Error(`the clone missed output ${k}`);
  let k = outputs.length;
  return chooseKey(() => temper(words.at(k++)), alphabet, length);
}

/** The key made right before the first output: the twist run backwards, then choice read backwards. */
export function keyBefore(outputs: number[], alphabet: string, length: number): string {
  const E = 300;
  const x = new Map<number, number>();
  outputs.forEach((o, i) => x.set(E + i, untemper(o)));
  // x[j+624] ^ x[j+397] = (y >>> 1) ^ (odd ? A : 0), y = top bit of x[j] | low 31 bits of x[j+1].
  const yOf = (j: number) => {
    let t = (x.get(j + N)! ^ x.get(j + M)!) >>> 0;
    const odd = (t & UPPER) !== 0;
    if (odd) t = (t ^ A) >>> 0;
    return ((t << 1) | (odd ? 1 : 0)) >>> 0;
  };
  for (let j = E - 1; j >= 1; j--) x.set(j, ((yOf(j) & UPPER) | (yOf(j - 1) & LOWER)) >>> 0);
  const symbols = Array.from(alphabet);
  const k = symbols.length.toString(2).length;
  const found: string[] = [];
  for (let j = E - 1; j >= 1 && found.length < length; j--) {
    const r = temper(x.get(j)!) >>> (32 - k);
    if (r < symbols.length) found.push(symbols[r]!);
  }
  return found.reverse().join('');
}

/** CPython's random.seed(n) for 0 <= n < 2^32: init_by_array([n]), into `mt`. */
function seedWords(seed: number, mt: Uint32Array): void {
  mt[0] = 19650218;
  for (let i = 1; i < N; i++) mt[i] = Math.imul(1812433253, mt[i - 1]! ^ (mt[i - 1]! >>> 30)) + i;
  let i = 1;
  for (let k = N; k > 0; k--) {
    mt[i] = (mt[i]! ^ Math.imul(mt[i - 1]! ^ (mt[i - 1]! >>> 30), 1664525)) + seed;
    if (++i >= N) {
      mt[0] = mt[N - 1]!;
      i = 1;
    }
  }
  for (let k = N - 1; k > 0; k--) {
    mt[i] = (mt[i]! ^ Math.imul(mt[i - 1]! ^ (mt[i - 1]! >>> 30), 1566083941)) - i;
    if (++i >= N) {
      mt[0] = mt[N - 1]!;
      i = 1;
    }
  }
  mt[0] = 0x80000000;
}

/** Keys one after another from random.seed(seed). */
export function keysFromSeed(
  seed: number,
  alphabet: string,
  length: number,
  count: number,
): string[] {
  const mt = new Uint32Array(N);
  seedWords(seed, mt);
  const words = new Words(Array.from(mt));
  let k = N;
  const draw = () => temper(words.at(k++));
  return Array.from({ length: count }, () => chooseKey(draw, alphabet, length));
}

/** Tries every second of the window; each seed's first outputs are twisted only as far as needed. */
export function findSeed(
  window: { from: number; to: number },
  alphabet: string,
  yourKey: string,
): number {
  const symbols = Array.from(alphabet);
  const wanted = Array.from(yourKey).map((c) => symbols.indexOf(c));
  const bits = 32 - symbols.length.toString(2).length;
  const mt = new Uint32Array(N);
  for (let t = window.from; t <= window.to; t++) {
    seedWords(t, mt);
    let matched = 0;
    for (let k = 0; k < N - M && matched < wanted.length; k++) {
      const r = temper(twisted(mt[k]!, mt[k + 1]!, mt[k + M]!)) >>> bits;
      if (r >= symbols.length) continue;
      if (r !== wanted[matched]) break;
      matched++;
    }
    if (matched === wanted.length) return t;
  }
  throw new Error('no seed in the window makes this key');
}

// ---------------------------------------------------------------- pickles

/** Protocol 0: GLOBAL module name, MARK, UNICODE argument, TUPLE, REDUCE, STOP. */
export function reducePickle(module: string, name: string, argument: string): Buffer {
  return Buffer.from(`c${module}\n${name}\n(V${argument}\ntR.`, 'latin1');
}
