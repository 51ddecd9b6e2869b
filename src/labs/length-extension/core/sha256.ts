/**
 * SHA-256 and SHA-224 (FIPS 180-4). §5.1.1 pads with 0x80, zeros and the bit length as a 64-bit
 * big-endian word; §5.3.3 and §5.3.2 give the initial values; §6.2.2 is the compression below:
 * sixteen big-endian block words expanded to sixty-four, then sixty-four rounds over a..h. SHA-256
 * outputs all of H0..H7 (the tag is the chaining state); SHA-224 (§6.3) drops H7, hiding 32 bits.
 */
import { hex32, type CompressionTrace, type RoundState } from './compression';

/** FIPS 180-4 §5.3.3. */
export const SHA256_IV = Int32Array.of(
  0x6a09e667,
  0xbb67ae85,
  0x3c6ef372,
  0xa54ff53a,
  0x510e527f,
  0x9b05688c,
  0x1f83d9ab,
  0x5be0cd19,
);

/** FIPS 180-4 §5.3.2. */
export const SHA224_IV = Int32Array.of(
  0xc1059ed8,
  0x367cd507,
  0x3070dd17,
  0xf70e5939,
  0xffc00b31,
  0x68581511,
  0x64f98fa7,
  0xbefa4fa4,
);

/** FIPS 180-4 §4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
// prettier-ignore
export const K = Int32Array.of(
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
);

const W = new Int32Array(64);

export function sha256Compress(state: Int32Array, data: Uint8Array, offset: number): void {
  for (let t = 0; t < 16; t++, offset += 4) {
    W[t] =
      (data[offset]! << 24) |
      (data[offset + 1]! << 16) |
      (data[offset + 2]! << 8) |
      data[offset + 3]!;
  }
  // §6.2.2 step 1: W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16]
  for (let t = 16; t < 64; t++) {
    const x = W[t - 15]!;
    const y = W[t - 2]!;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    W[t] = (s1 + W[t - 7]! + s0 + W[t - 16]!) | 0;
  }
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  let e = state[4]!;
  let f = state[5]!;
  let g = state[6]!;
  let h = state[7]!;
  for (let t = 0; t < 64; t++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[t]! + W[t]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0;
  state[5] = (state[5]! + f) | 0;
  state[6] = (state[6]! + g) | 0;
  state[7] = (state[7]! + h) | 0;
}

export const SHA256_REGISTERS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] as const;

const rotr = (x: number, n: number) => ((x >>> n) | (x << (32 - n))) >>> 0;
const add = (...xs: number[]) => xs.reduce((s, x) => (s + x) >>> 0, 0);

/**
 * The same compression, spelled out with the names of §4.1.2 (Ch, Maj, Σ0, Σ1, σ0, σ1), recording
 * a..h after each of the 64 rounds.
 */
export function sha256CompressTraced(
  state: Int32Array,
  data: Uint8Array,
  offset: number,
): CompressionTrace {
  const ch = (x: number, y: number, z: number) => ((x & y) ^ (~x & z)) >>> 0;
  const maj = (x: number, y: number, z: number) => ((x & y) ^ (x & z) ^ (y & z)) >>> 0;
  const bigSigma0 = (x: number) => (rotr(x, 2) ^ rotr(x, 13) ^ rotr(x, 22)) >>> 0;
  const bigSigma1 = (x: number) => (rotr(x, 6) ^ rotr(x, 11) ^ rotr(x, 25)) >>> 0;
  const sigma0 = (x: number) => (rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3)) >>> 0;
  const sigma1 = (x: number) => (rotr(x, 17) ^ rotr(x, 19) ^ (x >>> 10)) >>> 0;

  const before = Array.from(state, hex32);
  const w: number[] = [];
  for (let t = 0; t < 16; t++) {
    const o = offset + 4 * t;
    w.push(((data[o]! << 24) | (data[o + 1]! << 16) | (data[o + 2]! << 8) | data[o + 3]!) >>> 0);
  }
  for (let t = 16; t < 64; t++)
    w.push(add(sigma1(w[t - 2]!), w[t - 7]!, sigma0(w[t - 15]!), w[t - 16]!));
  let r = Array.from(state, (x) => x >>> 0);
  const rounds: RoundState[] = [];
  for (let t = 0; t < 64; t++) {
    const [a, b, c, d, e, f, g, h] = r as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const k = K[t]! >>> 0;
    const t1 = add(h, bigSigma1(e), ch(e, f, g), k, w[t]!);
    const t2 = add(bigSigma0(a), maj(a, b, c));
    r = [add(t1, t2), a, b, c, add(d, t1), e, f, g];
    rounds.push({ registers: r.map(hex32), word: hex32(w[t]!), constant: hex32(k) });
  }
  r.forEach((x, i) => (state[i] = (state[i]! + x) | 0));
  return { before, schedule: w.map(hex32), rounds, after: Array.from(state, hex32) };
}
