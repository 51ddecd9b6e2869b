/**
 * The small API a learner's module may use: hashes, HMAC, HKDF, random bytes, Python's `random`,
 * and byte helpers. The sandbox (learner.sandbox.ts) puts these on the global object before it loads the
 * learner's code; the tests import them directly. Its declaration for the editor is learner-dts.ts.
 *
 * Strings are byte strings, one character per byte (code points 0–255), like Python 2's `str` in
 * the talk: `md5(secret + message)` then hashes exactly those bytes, and a forged message with its
 * glue padding (0x80, zeros, a length) travels as a string too. Digests are lowercase hex.
 */
import { hkdf as nobleHkdf } from '@noble/hashes/hkdf.js';
import { hmac as nobleHmac } from '@noble/hashes/hmac.js';
import { md5 as nobleMd5, sha1 as nobleSha1 } from '@noble/hashes/legacy.js';
import { sha256 as nobleSha256, sha512 as nobleSha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, parseHex, utf8ToBytes, bytesToUtf8 } from '../../../core/bytes';
import { PythonRandom } from '../../randomness/core';

export type Bytes = string | Uint8Array;
export const HASH_NAMES = ['md5', 'sha1', 'sha256', 'sha512'] as const;
export type HashName = (typeof HASH_NAMES)[number];

const HASHES = { md5: nobleMd5, sha1: nobleSha1, sha256: nobleSha256, sha512: nobleSha512 };

/** A byte string or bytes as bytes; a character above U+00FF is a mistake worth a clear message. */
export function toBytes(data: Bytes, where = 'bytes'): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (typeof data !== 'string')
    throw new TypeError(`${where}: expected a string or a Uint8Array, got ${describe(data)}.`);
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const code = data.charCodeAt(i);
    if (code > 0xff)
      throw new TypeError(
        `${where}: character ${i} (U+${code.toString(16).toUpperCase().padStart(4, '0')}) is not a byte. Strings here are byte strings, one character per byte; convert text with utf8(text) first.`,
      );
    out[i] = code;
  }
  return out;
}

/** Bytes as a byte string (one character per byte). */
export function byteString(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return out;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}

function digestHex(name: HashName, data: Bytes): string {
  return bytesToHex(HASHES[name](toBytes(data, name)));
}

export const md5 = (data: Bytes): string => digestHex('md5', data);
export const sha1 = (data: Bytes): string => digestHex('sha1', data);
export const sha256 = (data: Bytes): string => digestHex('sha256', data);
export const sha512 = (data: Bytes): string => digestHex('sha512', data);

function checkHashName(name: unknown, where: string): HashName {
  if (typeof name === 'string' && (HASH_NAMES as readonly string[]).includes(name))
    return name as HashName;
  throw new TypeError(`${where}: the hash must be one of ${HASH_NAMES.join(', ')}.`);
}

/** HMAC, as Python's `hmac.new(key, message, 'sha256').hexdigest()`. */
export function hmac(hash: HashName, key: Bytes, message: Bytes): string {
  const name = checkHashName(hash, 'hmac');
  return bytesToHex(nobleHmac(HASHES[name], toBytes(key, 'hmac key'), toBytes(message, 'hmac')));
}

/** HKDF (RFC 5869): a key for one purpose (`info`) from a master secret, as a byte string. */
export function hkdf(hash: HashName, secret: Bytes, info: Bytes, length = 32): string {
  const name = checkHashName(hash, 'hkdf');
  if (!Number.isInteger(length) || length < 1 || length > 255 * HASHES[name].outputLen)
    throw new RangeError(`hkdf: length must be 1 to ${255 * HASHES[name].outputLen} bytes.`);
  return byteString(
    nobleHkdf(
      HASHES[name],
      toBytes(secret, 'hkdf secret'),
      undefined,
      toBytes(info, 'hkdf info'),
      length,
    ),
  );
}

/** `n` bytes from the operating system's generator (crypto.getRandomValues), like secrets.token_bytes. */
export function randomBytes(n: number): Uint8Array {
  if (!Number.isInteger(n) || n < 0 || n > 1 << 20)
    throw new RangeError('randomBytes: n must be a whole number from 0 to 1048576.');
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 65536) crypto.getRandomValues(out.subarray(i, i + 65536));
  return out;
}

/** Constant-time equality, like hmac.compare_digest and crypto.timingSafeEqual. */
export function timingSafeEqual(a: Bytes, b: Bytes): boolean {
  const x = toBytes(a, 'timingSafeEqual');
  const y = toBytes(b, 'timingSafeEqual');
  if (x.length !== y.length) return false;
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i]! ^ y[i]!;
  return diff === 0;
}

export const toHex = (data: Bytes): string => bytesToHex(toBytes(data, 'toHex'));

export function fromHex(hex: string): Uint8Array {
  const parsed = parseHex(String(hex));
  if (!parsed.ok) throw new TypeError(`fromHex: ${parsed.error.message}`);
  return parsed.value;
}

/** Text → its UTF-8 bytes as a byte string. */
export const utf8 = (text: string): string => byteString(utf8ToBytes(String(text)));
/** A byte string of UTF-8 → text. */
export const fromUtf8 = (data: Bytes): string => bytesToUtf8(toBytes(data, 'fromUtf8'));
/** A byte string → Uint8Array. */
export const bytes = (data: Bytes): Uint8Array => toBytes(data, 'bytes');

/**
 * Python's `random` module (MT19937, as CPython implements it). Seeded from the operating system's
 * generator, as CPython does at start-up. The attack battery may swap its generator (see
 * `withGenerator`) to turn predicted outputs into the tokens they would make.
 */
export class PythonRandomModule {
  // Private fields: the learner's code holds this object, but cannot reach its generator or its
  // call count except through the methods (which the harness took before the code loaded).
  #generator: PythonRandom;
  #calls = 0;

  constructor(generator?: PythonRandom) {
    this.#generator =
      generator ?? PythonRandom.fromSeedWords(crypto.getRandomValues(new Uint32Array(4)));
  }

  /** Calls made so far (the battery reports how many each token takes). */
  get calls(): number {
    return this.#calls;
  }

  seed(value: number | bigint): void {
    this.#calls++;
    if (typeof value === 'number' && !Number.isInteger(value))
      throw new TypeError('random.seed: give a whole number.');
    this.#generator.seed(BigInt(value));
  }

  random(): number {
    this.#calls++;
    return this.#generator.random();
  }

  /** An integer of k random bits (0 ≤ k ≤ 53, so it stays exact as a number). */
  getrandbits(k: number): number {
    this.#calls++;
    if (!Number.isInteger(k) || k < 0 || k > 53)
      throw new RangeError('random.getrandbits: k must be a whole number from 0 to 53 here.');
    return Number(this.#generator.getrandbits(k));
  }

  randint(a: number, b: number): number {
    this.#calls++;
    if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || b < a)
      throw new RangeError('random.randint: a and b must be whole numbers with a ≤ b.');
    return Number(this.#generator.randint(BigInt(a), BigInt(b)));
  }

  choice<T>(seq: string | readonly T[]): T | string {
    this.#calls++;
    const items: readonly (T | string)[] = typeof seq === 'string' ? Array.from(seq) : seq;
    return this.#generator.choice(items);
  }

  /** Runs `run` with `generator` in place of the real one, then puts the real one back. */
  withGenerator<T>(generator: PythonRandom, run: () => T): T {
    const real = this.#generator;
    this.#generator = generator;
    try {
      return run();
    } finally {
      this.#generator = real;
    }
  }
}

/** The names the learner's code sees, as the sandbox installs them. */
export function learnerGlobals(random = new PythonRandomModule()) {
  return {
    md5,
    sha1,
    sha256,
    sha512,
    hmac,
    hkdf,
    randomBytes,
    timingSafeEqual,
    toHex,
    fromHex,
    utf8,
    fromUtf8,
    bytes,
    byteString,
    random,
  };
}

export type LearnerGlobals = ReturnType<typeof learnerGlobals>;
