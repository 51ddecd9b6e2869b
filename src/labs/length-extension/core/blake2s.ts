/**
 * BLAKE2s (RFC 7693), just enough to TRY a length extension on it. It chains like Merkle–Damgård,
 * but its compression F (§3.2) takes a byte counter t and a finalisation flag f: the last block is
 * compressed with f set, every other block without. A digest is therefore the state after a FINAL
 * block, which the victim's hash of a longer message never computes. Here only so the lab can show
 * that for real; hashing in the app uses @noble/hashes.
 */
import { SHA256_IV } from './sha256';

/** §2.7: the message word schedule of each of the ten rounds. */
// prettier-ignore
const SIGMA = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
  [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
  [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
  [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
  [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
  [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
  [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
  [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
  [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
  [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
];

const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));

/** §3.2: compresses the 64-byte block at `offset`, `t` bytes in so far, final or not. */
export function blake2sCompress(
  h: Int32Array,
  block: Uint8Array,
  offset: number,
  t: number,
  final: boolean,
): void {
  const m = new Int32Array(16);
  for (let i = 0; i < 16; i++) {
    const o = offset + 4 * i;
    m[i] = block[o]! | (block[o + 1]! << 8) | (block[o + 2]! << 16) | (block[o + 3]! << 24);
  }
  const v = new Int32Array(16);
  v.set(h);
  v.set(SHA256_IV, 8);
  v[12] = v[12]! ^ t;
  v[13] = v[13]! ^ Math.floor(t / 2 ** 32);
  if (final) v[14] = ~v[14]!;
  const g = (a: number, b: number, c: number, d: number, x: number, y: number) => {
    v[a] = v[a]! + v[b]! + x;
    v[d] = rotr(v[d]! ^ v[a]!, 16);
    v[c] = v[c]! + v[d]!;
    v[b] = rotr(v[b]! ^ v[c]!, 12);
    v[a] = v[a]! + v[b]! + y;
    v[d] = rotr(v[d]! ^ v[a]!, 8);
    v[c] = v[c]! + v[d]!;
    v[b] = rotr(v[b]! ^ v[c]!, 7);
  };
  for (const s of SIGMA) {
    g(0, 4, 8, 12, m[s[0]!]!, m[s[1]!]!);
    g(1, 5, 9, 13, m[s[2]!]!, m[s[3]!]!);
    g(2, 6, 10, 14, m[s[4]!]!, m[s[5]!]!);
    g(3, 7, 11, 15, m[s[6]!]!, m[s[7]!]!);
    g(0, 5, 10, 15, m[s[8]!]!, m[s[9]!]!);
    g(1, 6, 11, 12, m[s[10]!]!, m[s[11]!]!);
    g(2, 7, 8, 13, m[s[12]!]!, m[s[13]!]!);
    g(3, 4, 9, 14, m[s[14]!]!, m[s[15]!]!);
  }
  for (let i = 0; i < 8; i++) h[i] = h[i]! ^ v[i]! ^ v[i + 8]!;
}

export function blake2sStateToBytes(h: Int32Array): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = h[i >> 2]! >>> (8 * (i & 3));
  return out;
}

export function blake2sBytesToState(bytes: Uint8Array): Int32Array {
  const h = new Int32Array(8);
  for (let i = 0; i < 8; i++)
    h[i] =
      bytes[4 * i]! |
      (bytes[4 * i + 1]! << 8) |
      (bytes[4 * i + 2]! << 16) |
      (bytes[4 * i + 3]! << 24);
  return h;
}

/**
 * Compresses `data` from state `h`, `processed` bytes already in, marking the last block final
 * (§3.3; an empty input is one zero block). With the initial state this is BLAKE2s-256.
 */
export function blake2sContinue(h: Int32Array, processed: number, data: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(data.length / 64));
  const padded = new Uint8Array(blocks * 64);
  padded.set(data);
  for (let i = 0; i < blocks; i++) {
    const last = i === blocks - 1;
    const counted = last ? processed + data.length : processed + 64 * (i + 1);
    blake2sCompress(h, padded, 64 * i, counted, last);
  }
  return blake2sStateToBytes(h);
}

/** BLAKE2s-256, unkeyed: §2.5 parameter block folded into h[0] (digest length 32, key length 0). */
export function blake2s256(data: Uint8Array): Uint8Array {
  const h = Int32Array.from(SHA256_IV);
  h[0] = h[0]! ^ 0x01010020;
  return blake2sContinue(h, 0, data);
}
