/**
 * SHA-1 (FIPS 180-4). §5.1.1 pads with 0x80, zeros and the bit length as a 64-bit big-endian
 * word; §5.3.1 gives H0..H4; §6.1.2 is the compression below: the sixteen big-endian block words
 * expanded to eighty, then eighty steps in four stages. The digest (§6.1.2 step 4) is H0..H4 in
 * full, so the tag is the chaining state.
 */
import { hex32, type CompressionTrace, type RoundState } from './compression';

/** FIPS 180-4 §5.3.1. */
export const SHA1_IV = Int32Array.of(0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0);

/** FIPS 180-4 §4.2.1, one constant per stage of twenty steps. */
const K = Int32Array.of(0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6);

const W = new Int32Array(80);

function schedule(data: Uint8Array, offset: number): void {
  for (let t = 0; t < 16; t++, offset += 4) {
    W[t] =
      (data[offset]! << 24) |
      (data[offset + 1]! << 16) |
      (data[offset + 2]! << 8) |
      data[offset + 3]!;
  }
  for (let t = 16; t < 80; t++) {
    const x = W[t - 3]! ^ W[t - 8]! ^ W[t - 14]! ^ W[t - 16]!;
    W[t] = (x << 1) | (x >>> 31);
  }
}

export function sha1Compress(state: Int32Array, data: Uint8Array, offset: number): void {
  schedule(data, offset);
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  let e = state[4]!;
  let t = 0;
  let temp: number;
  // §4.1.1: Ch for steps 0-19, Parity for 20-39, Maj for 40-59, Parity for 60-79.
  for (; t < 20; t++) {
    temp = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + 0x5a827999 + W[t]!) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = temp;
  }
  for (; t < 40; t++) {
    temp = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 + W[t]!) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = temp;
  }
  for (; t < 60; t++) {
    temp = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e + 0x8f1bbcdc + W[t]!) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = temp;
  }
  for (; t < 80; t++) {
    temp = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0xca62c1d6 + W[t]!) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = temp;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0;
}

export const SHA1_REGISTERS = ['a', 'b', 'c', 'd', 'e'] as const;

const rotl = (x: number, n: number) => ((x << n) | (x >>> (32 - n))) >>> 0;

/** The same compression, written plainly, recording the registers after each of the 80 steps. */
export function sha1CompressTraced(
  state: Int32Array,
  data: Uint8Array,
  offset: number,
): CompressionTrace {
  const before = Array.from(state, hex32);
  const w: number[] = [];
  for (let t = 0; t < 16; t++) {
    const o = offset + 4 * t;
    w.push(((data[o]! << 24) | (data[o + 1]! << 16) | (data[o + 2]! << 8) | data[o + 3]!) >>> 0);
  }
  for (let t = 16; t < 80; t++) w.push(rotl(w[t - 3]! ^ w[t - 8]! ^ w[t - 14]! ^ w[t - 16]!, 1));
  let [a, b, c, d, e] = Array.from(state, (x) => x >>> 0) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const rounds: RoundState[] = [];
  for (let t = 0; t < 80; t++) {
    const stage = Math.floor(t / 20);
    const f =
      stage === 0 ? (b & c) | (~b & d) : stage === 2 ? (b & c) | (b & d) | (c & d) : b ^ c ^ d;
    const k = K[stage]! >>> 0;
    const temp = (rotl(a, 5) + (f >>> 0) + e + k + w[t]!) >>> 0;
    [a, b, c, d, e] = [temp, a, rotl(b, 30), c, d];
    rounds.push({ registers: [a, b, c, d, e].map(hex32), word: hex32(w[t]!), constant: hex32(k) });
  }
  [a, b, c, d, e].forEach((x, i) => (state[i] = (state[i]! + x) | 0));
  return { before, schedule: w.map(hex32), rounds, after: Array.from(state, hex32) };
}
