/**
 * The Merkle–Damgård construction shared by MD5, SHA-1 and SHA-2: pad the input (0x80, zeros, the
 * bit length), cut it into blocks, and run each block through a compression function that updates
 * a chaining state; the digest is that state. When the digest is the WHOLE state (MD5, SHA-1,
 * SHA-256, SHA-512), anyone holding it can put it back and keep hashing: that is length extension.
 * Truncated variants (SHA-224, SHA-384, SHA-512/256) are here too, for the lab's "resists" part.
 */
import { assert } from '../../../core/result';
import type { CompressFunction, TracedCompressFunction, CompressionTrace } from './compression';
import { MD5_IV, MD5_REGISTERS, md5Compress, md5CompressTraced } from './md5';
import { SHA1_IV, SHA1_REGISTERS, sha1Compress, sha1CompressTraced } from './sha1';
import {
  SHA224_IV,
  SHA256_IV,
  SHA256_REGISTERS,
  sha256Compress,
  sha256CompressTraced,
} from './sha256';
import {
  SHA384_IV,
  SHA512_256_IV,
  SHA512_IV,
  SHA512_REGISTERS,
  sha512Compress,
  sha512CompressTraced,
} from './sha512';

/** The hashes whose digest is their whole chaining state: the ones length extension works on. */
export const EXTENDABLE_ALGORITHMS = ['md5', 'sha1', 'sha256', 'sha512'] as const;
export type ExtendableAlgorithm = (typeof EXTENDABLE_ALGORITHMS)[number];
export type MdAlgorithm = ExtendableAlgorithm | 'sha224' | 'sha384' | 'sha512-256';

export interface MdEngine {
  id: MdAlgorithm;
  label: string;
  /** Bytes per block: 64, or 128 for the SHA-512 family. */
  blockSize: 64 | 128;
  /** Bytes of the length field at the end of the padding: 8, or 16 for the SHA-512 family. */
  lengthFieldSize: 8 | 16;
  /** MD5 writes its words and its length little-endian; the SHA family big-endian. */
  littleEndian: boolean;
  /** Bytes of chaining state, and how many of them the digest shows. */
  stateSize: number;
  digestSize: number;
  /** Bits per state word (for display): 32, or 64 for the SHA-512 family. */
  wordBits: 32 | 64;
  iv: Int32Array;
  registers: readonly string[];
  /** The chaining-state words' names in the spec. */
  stateNames: readonly string[];
  compress: CompressFunction;
  compressTraced: TracedCompressFunction;
  /** Where the algorithm is specified, for the step-through view. */
  spec: string;
}

const H8 = ['H0', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'H7'];

const sha256Family = {
  blockSize: 64,
  lengthFieldSize: 8,
  littleEndian: false,
  stateSize: 32,
  wordBits: 32,
  registers: SHA256_REGISTERS,
  stateNames: H8,
  compress: sha256Compress,
  compressTraced: sha256CompressTraced,
  spec: 'FIPS 180-4 §6.2',
} as const;

const sha512Family = {
  blockSize: 128,
  lengthFieldSize: 16,
  littleEndian: false,
  stateSize: 64,
  wordBits: 64,
  registers: SHA512_REGISTERS,
  stateNames: H8,
  compress: sha512Compress,
  compressTraced: sha512CompressTraced,
  spec: 'FIPS 180-4 §6.4',
} as const;

export const ENGINES: Readonly<Record<MdAlgorithm, MdEngine>> = {
  md5: {
    id: 'md5',
    label: 'MD5',
    blockSize: 64,
    lengthFieldSize: 8,
    littleEndian: true,
    stateSize: 16,
    digestSize: 16,
    wordBits: 32,
    iv: MD5_IV,
    registers: MD5_REGISTERS,
    stateNames: MD5_REGISTERS,
    compress: md5Compress,
    compressTraced: md5CompressTraced,
    spec: 'RFC 1321 §3.4',
  },
  sha1: {
    id: 'sha1',
    label: 'SHA-1',
    blockSize: 64,
    lengthFieldSize: 8,
    littleEndian: false,
    stateSize: 20,
    digestSize: 20,
    wordBits: 32,
    iv: SHA1_IV,
    registers: SHA1_REGISTERS,
    stateNames: ['H0', 'H1', 'H2', 'H3', 'H4'],
    compress: sha1Compress,
    compressTraced: sha1CompressTraced,
    spec: 'FIPS 180-4 §6.1',
  },
  sha256: { id: 'sha256', label: 'SHA-256', digestSize: 32, iv: SHA256_IV, ...sha256Family },
  sha512: { id: 'sha512', label: 'SHA-512', digestSize: 64, iv: SHA512_IV, ...sha512Family },
  sha224: { id: 'sha224', label: 'SHA-224', digestSize: 28, iv: SHA224_IV, ...sha256Family },
  sha384: { id: 'sha384', label: 'SHA-384', digestSize: 48, iv: SHA384_IV, ...sha512Family },
  'sha512-256': {
    id: 'sha512-256',
    label: 'SHA-512/256',
    digestSize: 32,
    iv: SHA512_256_IV,
    ...sha512Family,
  },
};

// ---------------------------------------------------------------- padding

/** The padding's parts for a message of `length` bytes: 0x80, then `zeros` zero bytes, then the length field. */
export function paddingSize(engine: MdEngine, length: number): number {
  const { blockSize, lengthFieldSize } = engine;
  // RFC 1321 §3.1, FIPS 180-4 §5.1: 0x80, then zeros until the length field ends a block.
  const used = (length + 1 + lengthFieldSize) % blockSize;
  return 1 + (used === 0 ? 0 : blockSize - used) + lengthFieldSize;
}

/** Writes the padding for a `length`-byte message into `out` at `offset`; `out` must be zeroed there. */
function writePadding(engine: MdEngine, length: number, out: Uint8Array, offset: number): void {
  const size = paddingSize(engine, length);
  out[offset] = 0x80;
  // The bit length, as two 32-bit halves (exact for any length below 2^53 bytes).
  const bits = length * 8;
  const hi = Math.floor(bits / 2 ** 32);
  const lo = bits >>> 0;
  const end = offset + size;
  if (engine.littleEndian) {
    // RFC 1321 §3.2: low-order word first, each word little-endian.
    const at = end - engine.lengthFieldSize;
    for (let i = 0; i < 4; i++) out[at + i] = (lo >>> (8 * i)) & 0xff;
    for (let i = 0; i < 4; i++) out[at + 4 + i] = (hi >>> (8 * i)) & 0xff;
  } else {
    // FIPS 180-4 §5.1.1 and §5.1.2: big-endian, in the last bytes of the 64- or 128-bit field.
    for (let i = 0; i < 4; i++) out[end - 1 - i] = (lo >>> (8 * i)) & 0xff;
    for (let i = 0; i < 4; i++) out[end - 5 - i] = (hi >>> (8 * i)) & 0xff;
  }
}

/** The padding a `length`-byte message gets: the "glue" an extension must carry. */
export function padding(engine: MdEngine, length: number): Uint8Array {
  const out = new Uint8Array(paddingSize(engine, length));
  writePadding(engine, length, out, 0);
  return out;
}

// ---------------------------------------------------------------- state and digest

/** The digest is the chaining state written out word by word (then cut short, for truncated variants). */
export function stateToDigest(engine: MdEngine, state: Int32Array): Uint8Array {
  const out = new Uint8Array(engine.stateSize);
  for (let i = 0; i < out.length / 4; i++) {
    const w = state[i]!;
    if (engine.littleEndian) {
      out[4 * i] = w;
      out[4 * i + 1] = w >>> 8;
      out[4 * i + 2] = w >>> 16;
      out[4 * i + 3] = w >>> 24;
    } else {
      out[4 * i] = w >>> 24;
      out[4 * i + 1] = w >>> 16;
      out[4 * i + 2] = w >>> 8;
      out[4 * i + 3] = w;
    }
  }
  return out.subarray(0, engine.digestSize);
}

/**
 * Reads a full chaining state back from bytes: the attacker's first step. For truncated variants
 * pass the whole state (the digest plus a guess for the hidden part).
 */
export function digestToState(engine: MdEngine, bytes: Uint8Array): Int32Array {
  assert(bytes.length === engine.stateSize, `${engine.label} state is ${engine.stateSize} bytes.`);
  const state = new Int32Array(engine.stateSize / 4);
  for (let i = 0; i < state.length; i++) {
    const o = 4 * i;
    state[i] = engine.littleEndian
      ? bytes[o]! | (bytes[o + 1]! << 8) | (bytes[o + 2]! << 16) | (bytes[o + 3]! << 24)
      : (bytes[o]! << 24) | (bytes[o + 1]! << 16) | (bytes[o + 2]! << 8) | bytes[o + 3]!;
  }
  return state;
}

// ---------------------------------------------------------------- hashing

/**
 * Hashes `data` starting from `state`, as if `processed` bytes (a whole number of blocks) had
 * already gone in. With the initial state and 0 this is the ordinary hash; with a digest read back
 * as a state, it continues a hash someone else started. `state` is updated in place.
 */
export function continueHash(
  engine: MdEngine,
  state: Int32Array,
  processed: number,
  data: Uint8Array,
): Uint8Array {
  const { blockSize, compress } = engine;
  assert(processed % blockSize === 0, 'A hash can only be resumed at a block boundary.');
  const whole = data.length - (data.length % blockSize);
  for (let offset = 0; offset < whole; offset += blockSize) compress(state, data, offset);
  const total = processed + data.length;
  const tail = new Uint8Array(data.length - whole + paddingSize(engine, total));
  tail.set(data.subarray(whole));
  writePadding(engine, total, tail, data.length - whole);
  for (let offset = 0; offset < tail.length; offset += blockSize) compress(state, tail, offset);
  return stateToDigest(engine, state);
}

export function hash(engine: MdEngine, data: Uint8Array): Uint8Array {
  return continueHash(engine, Int32Array.from(engine.iv), 0, data);
}

/** Hashes on from a published digest: what `digest` would have become had `data` followed the first `processed` bytes. */
export function resumeFromDigest(
  engine: MdEngine,
  digest: Uint8Array,
  processed: number,
  data: Uint8Array,
): Uint8Array {
  return continueHash(engine, digestToState(engine, digest), processed, data);
}

export interface TracedBlock {
  /** Block number in the whole hashed stream (the first block of the secret is 0). */
  index: number;
  bytes: Uint8Array;
  trace: CompressionTrace;
}

/** Like `continueHash`, block by block, recording every compression's rounds. */
export function continueHashTraced(
  engine: MdEngine,
  state: Int32Array,
  processed: number,
  data: Uint8Array,
): { blocks: TracedBlock[]; digest: Uint8Array } {
  assert(processed % engine.blockSize === 0, 'A hash can only be resumed at a block boundary.');
  const total = processed + data.length;
  const stream = new Uint8Array(data.length + paddingSize(engine, total));
  stream.set(data);
  writePadding(engine, total, stream, data.length);
  const blocks: TracedBlock[] = [];
  for (let offset = 0; offset < stream.length; offset += engine.blockSize) {
    blocks.push({
      index: (processed + offset) / engine.blockSize,
      bytes: stream.slice(offset, offset + engine.blockSize),
      trace: engine.compressTraced(state, stream, offset),
    });
  }
  return { blocks, digest: stateToDigest(engine, state) };
}

/** The plain hash by name: `digest('sha256', bytes)`. */
export function digest(algorithm: MdAlgorithm, data: Uint8Array): Uint8Array {
  return hash(ENGINES[algorithm], data);
}
