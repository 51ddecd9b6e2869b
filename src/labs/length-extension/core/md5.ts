/**
 * MD5 (RFC 1321). §3.1–3.2 pad the message with 0x80, zeros and the bit length as a 64-bit
 * little-endian word; §3.3 starts from A..D; §3.4 is the compression below: four rounds of 16
 * steps over the block's sixteen little-endian words. The output (§3.5) is A..D, little-endian:
 * the whole chaining state, which is why MD5(secret ‖ m) can be extended.
 */
import { hex32, type CompressionTrace, type RoundState } from './compression';

/** RFC 1321 §3.3. */
export const MD5_IV = Int32Array.of(0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476);

/** RFC 1321 §3.4: T[i] = floor(2^32 · |sin(i + 1)|), written out as the RFC lists them. */
// prettier-ignore
export const T = Int32Array.of(
  0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
  0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
  0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
  0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
  0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
  0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
  0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
  0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
);

/** Rotation amounts per step, and which message word each step reads. */
// prettier-ignore
const SHIFT = Uint8Array.of(
  7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
  5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
  4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
  6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
);
const INDEX = new Uint8Array(64);
for (let i = 0; i < 64; i++)
  INDEX[i] = i < 16 ? i : i < 32 ? (5 * i + 1) % 16 : i < 48 ? (3 * i + 5) % 16 : (7 * i) % 16;

const X = new Int32Array(16);

function loadWords(data: Uint8Array, offset: number): void {
  for (let i = 0; i < 16; i++, offset += 4) {
    X[i] =
      data[offset]! |
      (data[offset + 1]! << 8) |
      (data[offset + 2]! << 16) |
      (data[offset + 3]! << 24);
  }
}

export function md5Compress(state: Int32Array, data: Uint8Array, offset: number): void {
  loadWords(data, offset);
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  let f: number;
  let s: number;
  // Round 1: F(b, c, d) = (b & c) | (~b & d)
  for (let i = 0; i < 16; i++) {
    f = (a + ((b & c) | (~b & d)) + T[i]! + X[i]!) | 0;
    s = SHIFT[i]!;
    a = d;
    d = c;
    c = b;
    b = (b + ((f << s) | (f >>> (32 - s)))) | 0;
  }
  // Round 2: G(b, c, d) = (b & d) | (c & ~d)
  for (let i = 16; i < 32; i++) {
    f = (a + ((b & d) | (c & ~d)) + T[i]! + X[INDEX[i]!]!) | 0;
    s = SHIFT[i]!;
    a = d;
    d = c;
    c = b;
    b = (b + ((f << s) | (f >>> (32 - s)))) | 0;
  }
  // Round 3: H(b, c, d) = b ^ c ^ d
  for (let i = 32; i < 48; i++) {
    f = (a + (b ^ c ^ d) + T[i]! + X[INDEX[i]!]!) | 0;
    s = SHIFT[i]!;
    a = d;
    d = c;
    c = b;
    b = (b + ((f << s) | (f >>> (32 - s)))) | 0;
  }
  // Round 4: I(b, c, d) = c ^ (b | ~d)
  for (let i = 48; i < 64; i++) {
    f = (a + (c ^ (b | ~d)) + T[i]! + X[INDEX[i]!]!) | 0;
    s = SHIFT[i]!;
    a = d;
    d = c;
    c = b;
    b = (b + ((f << s) | (f >>> (32 - s)))) | 0;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
}

export const MD5_REGISTERS = ['A', 'B', 'C', 'D'] as const;

/**
 * The same compression, written for reading and recording: after each of the 64 steps, the
 * registers in their RFC 1321 names (the step rotates which one is written, so this shows them
 * as a, b, c, d of the step that follows).
 */
export function md5CompressTraced(
  state: Int32Array,
  data: Uint8Array,
  offset: number,
): CompressionTrace {
  const before = Array.from(state, hex32);
  const words: number[] = [];
  for (let i = 0; i < 16; i++) {
    const o = offset + 4 * i;
    words.push(
      (data[o]! | (data[o + 1]! << 8) | (data[o + 2]! << 16) | (data[o + 3]! << 24)) >>> 0,
    );
  }
  let [a, b, c, d] = [state[0]! >>> 0, state[1]! >>> 0, state[2]! >>> 0, state[3]! >>> 0];
  const rounds: RoundState[] = [];
  for (let i = 0; i < 64; i++) {
    const mix =
      i < 16 ? (b & c) | (~b & d) : i < 32 ? (b & d) | (c & ~d) : i < 48 ? b ^ c ^ d : c ^ (b | ~d);
    const word = words[INDEX[i]!]!;
    const sum = (a + mix + T[i]! + word) | 0;
    const s = SHIFT[i]!;
    [a, b, c, d] = [d, (b + ((sum << s) | (sum >>> (32 - s)))) >>> 0, b, c];
    rounds.push({ registers: [a, b, c, d].map(hex32), word: hex32(word), constant: hex32(T[i]!) });
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
  return { before, schedule: words.map(hex32), rounds, after: Array.from(state, hex32) };
}
