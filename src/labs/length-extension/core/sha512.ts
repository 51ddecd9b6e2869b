/**
 * SHA-512, SHA-384 and SHA-512/256 (FIPS 180-4). §5.1.2 pads with 0x80, zeros and the bit length
 * as a 128-bit big-endian word, in 128-byte blocks; §5.3.5, §5.3.4 and §5.3.6.2 give the initial
 * values; §6.4.2 is the compression below: eighty rounds over 64-bit words. JavaScript has no fast
 * 64-bit integers, so the fast path keeps each word as a hi/lo pair of 32-bit halves and carries by
 * hand. SHA-512 outputs all eight words (the tag is the chaining state); SHA-384 drops two and
 * SHA-512/256 drops four (§6.5, §6.7), hiding 128 and 256 bits of it.
 */
import { type CompressionTrace, type RoundState } from './compression';

/** Initial values as hi, lo pairs. FIPS 180-4 §5.3.5. */
export const SHA512_IV = Int32Array.of(
  0x6a09e667,
  0xf3bcc908,
  0xbb67ae85,
  0x84caa73b,
  0x3c6ef372,
  0xfe94f82b,
  0xa54ff53a,
  0x5f1d36f1,
  0x510e527f,
  0xade682d1,
  0x9b05688c,
  0x2b3e6c1f,
  0x1f83d9ab,
  0xfb41bd6b,
  0x5be0cd19,
  0x137e2179,
);

/** §5.3.4. */
export const SHA384_IV = Int32Array.of(
  0xcbbb9d5d,
  0xc1059ed8,
  0x629a292a,
  0x367cd507,
  0x9159015a,
  0x3070dd17,
  0x152fecd8,
  0xf70e5939,
  0x67332667,
  0xffc00b31,
  0x8eb44a87,
  0x68581511,
  0xdb0c2e0d,
  0x64f98fa7,
  0x47b5481d,
  0xbefa4fa4,
);

/** §5.3.6.2 (the output of the SHA-512/t IV generation function for t = 256). */
export const SHA512_256_IV = Int32Array.of(
  0x22312194,
  0xfc2bf72c,
  0x9f555fa3,
  0xc84c64c2,
  0x2393b86b,
  0x6f53b151,
  0x96387719,
  0x5940eabd,
  0x96283ee2,
  0xa88effe3,
  0xbe5e1e25,
  0x53863992,
  0x2b0199fc,
  0x2c85b8aa,
  0x0eb72ddc,
  0x81c52ca2,
);

/** §4.2.3: the first 64 bits of the fractional parts of the cube roots of the first 80 primes, split. */
// prettier-ignore
export const KH = Int32Array.of(
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  0xca273ece, 0xd186b8c7, 0xeada7dd6, 0xf57d4f7f, 0x06f067aa, 0x0a637dc5, 0x113f9804, 0x1b710b35,
  0x28db77f5, 0x32caab7b, 0x3c9ebe0a, 0x431d67c4, 0x4cc5d4be, 0x597f299c, 0x5fcb6fab, 0x6c44198c,
);
// prettier-ignore
export const KL = Int32Array.of(
  0xd728ae22, 0x23ef65cd, 0xec4d3b2f, 0x8189dbbc, 0xf348b538, 0xb605d019, 0xaf194f9b, 0xda6d8118,
  0xa3030242, 0x45706fbe, 0x4ee4b28c, 0xd5ffb4e2, 0xf27b896f, 0x3b1696b1, 0x25c71235, 0xcf692694,
  0x9ef14ad2, 0x384f25e3, 0x8b8cd5b5, 0x77ac9c65, 0x592b0275, 0x6ea6e483, 0xbd41fbd4, 0x831153b5,
  0xee66dfab, 0x2db43210, 0x98fb213f, 0xbeef0ee4, 0x3da88fc2, 0x930aa725, 0xe003826f, 0x0a0e6e70,
  0x46d22ffc, 0x5c26c926, 0x5ac42aed, 0x9d95b3df, 0x8baf63de, 0x3c77b2a8, 0x47edaee6, 0x1482353b,
  0x4cf10364, 0xbc423001, 0xd0f89791, 0x0654be30, 0xd6ef5218, 0x5565a910, 0x5771202a, 0x32bbd1b8,
  0xb8d2d0c8, 0x5141ab53, 0xdf8eeb99, 0xe19b48a8, 0xc5c95a63, 0xe3418acb, 0x7763e373, 0xd6b2b8a3,
  0x5defb2fc, 0x43172f60, 0xa1f0ab72, 0x1a6439ec, 0x23631e28, 0xde82bde9, 0xb2c67915, 0xe372532b,
  0xea26619c, 0x21c0c207, 0xcde0eb1e, 0xee6ed178, 0x72176fba, 0xa2c898a6, 0xbef90dae, 0x131c471b,
  0x23047d84, 0x40c72493, 0x15c9bebc, 0x9c100d4c, 0xcb3e42b6, 0xfc657e2a, 0x3ad6faec, 0x4a475817,
);

const WH = new Int32Array(80);
const WL = new Int32Array(80);

/** 2^32: a sum of unsigned low halves divided by this, truncated, is the carry into the high half. */
const CARRY = 4294967296;

export function sha512Compress(state: Int32Array, data: Uint8Array, offset: number): void {
  for (let t = 0; t < 16; t++, offset += 8) {
    WH[t] =
      (data[offset]! << 24) |
      (data[offset + 1]! << 16) |
      (data[offset + 2]! << 8) |
      data[offset + 3]!;
    WL[t] =
      (data[offset + 4]! << 24) |
      (data[offset + 5]! << 16) |
      (data[offset + 6]! << 8) |
      data[offset + 7]!;
  }
  // §6.4.2 step 1: W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16]
  for (let t = 16; t < 80; t++) {
    let xh = WH[t - 15]!;
    let xl = WL[t - 15]!;
    // σ0 = ROTR 1 ^ ROTR 8 ^ SHR 7
    const s0h = ((xh >>> 1) | (xl << 31)) ^ ((xh >>> 8) | (xl << 24)) ^ (xh >>> 7);
    const s0l = ((xl >>> 1) | (xh << 31)) ^ ((xl >>> 8) | (xh << 24)) ^ ((xl >>> 7) | (xh << 25));
    xh = WH[t - 2]!;
    xl = WL[t - 2]!;
    // σ1 = ROTR 19 ^ ROTR 61 ^ SHR 6
    const s1h = ((xh >>> 19) | (xl << 13)) ^ ((xl >>> 29) | (xh << 3)) ^ (xh >>> 6);
    const s1l = ((xl >>> 19) | (xh << 13)) ^ ((xh >>> 29) | (xl << 3)) ^ ((xl >>> 6) | (xh << 26));
    const lo = (s1l >>> 0) + (WL[t - 7]! >>> 0) + (s0l >>> 0) + (WL[t - 16]! >>> 0);
    WH[t] = (s1h + WH[t - 7]! + s0h + WH[t - 16]! + ((lo / CARRY) | 0)) | 0;
    WL[t] = lo | 0;
  }
  let ah = state[0]!;
  let al = state[1]!;
  let bh = state[2]!;
  let bl = state[3]!;
  let ch = state[4]!;
  let cl = state[5]!;
  let dh = state[6]!;
  let dl = state[7]!;
  let eh = state[8]!;
  let el = state[9]!;
  let fh = state[10]!;
  let fl = state[11]!;
  let gh = state[12]!;
  let gl = state[13]!;
  let hh = state[14]!;
  let hl = state[15]!;
  for (let t = 0; t < 80; t++) {
    // Σ1(e) = ROTR 14 ^ ROTR 18 ^ ROTR 41
    const s1h = ((eh >>> 14) | (el << 18)) ^ ((eh >>> 18) | (el << 14)) ^ ((el >>> 9) | (eh << 23));
    const s1l = ((el >>> 14) | (eh << 18)) ^ ((el >>> 18) | (eh << 14)) ^ ((eh >>> 9) | (el << 23));
    const chooseH = (eh & fh) ^ (~eh & gh);
    const chooseL = (el & fl) ^ (~el & gl);
    // T1 = h + Σ1(e) + Ch(e, f, g) + K[t] + W[t]
    const t1lo = (hl >>> 0) + (s1l >>> 0) + (chooseL >>> 0) + (KL[t]! >>> 0) + (WL[t]! >>> 0);
    const t1h = (hh + s1h + chooseH + KH[t]! + WH[t]! + ((t1lo / CARRY) | 0)) | 0;
    const t1l = t1lo | 0;
    // Σ0(a) = ROTR 28 ^ ROTR 34 ^ ROTR 39
    const s0h = ((ah >>> 28) | (al << 4)) ^ ((al >>> 2) | (ah << 30)) ^ ((al >>> 7) | (ah << 25));
    const s0l = ((al >>> 28) | (ah << 4)) ^ ((ah >>> 2) | (al << 30)) ^ ((ah >>> 7) | (al << 25));
    const majH = (ah & bh) ^ (ah & ch) ^ (bh & ch);
    const majL = (al & bl) ^ (al & cl) ^ (bl & cl);
    // T2 = Σ0(a) + Maj(a, b, c)
    const t2lo = (s0l >>> 0) + (majL >>> 0);
    const t2h = (s0h + majH + ((t2lo / CARRY) | 0)) | 0;
    const t2l = t2lo | 0;
    hh = gh;
    hl = gl;
    gh = fh;
    gl = fl;
    fh = eh;
    fl = el;
    const elo = (dl >>> 0) + (t1l >>> 0);
    eh = (dh + t1h + ((elo / CARRY) | 0)) | 0;
    el = elo | 0;
    dh = ch;
    dl = cl;
    ch = bh;
    cl = bl;
    bh = ah;
    bl = al;
    const alo = (t1l >>> 0) + (t2l >>> 0);
    ah = (t1h + t2h + ((alo / CARRY) | 0)) | 0;
    al = alo | 0;
  }
  addPair(state, 0, ah, al);
  addPair(state, 2, bh, bl);
  addPair(state, 4, ch, cl);
  addPair(state, 6, dh, dl);
  addPair(state, 8, eh, el);
  addPair(state, 10, fh, fl);
  addPair(state, 12, gh, gl);
  addPair(state, 14, hh, hl);
}

function addPair(state: Int32Array, i: number, hi: number, lo: number): void {
  const sum = (state[i + 1]! >>> 0) + (lo >>> 0);
  state[i] = (state[i]! + hi + ((sum / CARRY) | 0)) | 0;
  state[i + 1] = sum | 0;
}

export const SHA512_REGISTERS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] as const;

const MASK = (1n << 64n) - 1n;
const K64 = Array.from(KH, (hi, i) => (BigInt(hi >>> 0) << 32n) | BigInt(KL[i]! >>> 0));
const rotr = (x: bigint, n: bigint) => ((x >> n) | (x << (64n - n))) & MASK;
const add = (...xs: bigint[]) => xs.reduce((s, x) => (s + x) & MASK, 0n);
const hexBig = (x: bigint) => x.toString(16).padStart(16, '0');

/**
 * The same compression with real 64-bit integers (BigInt): slow, but it reads like §6.4.2 and
 * shares no code with the hi/lo path above, so each checks the other. Records a..h per round.
 */
export function sha512CompressTraced(
  state: Int32Array,
  data: Uint8Array,
  offset: number,
): CompressionTrace {
  const ch = (x: bigint, y: bigint, z: bigint) => (x & y) ^ (~x & MASK & z);
  const maj = (x: bigint, y: bigint, z: bigint) => (x & y) ^ (x & z) ^ (y & z);
  const bigSigma0 = (x: bigint) => rotr(x, 28n) ^ rotr(x, 34n) ^ rotr(x, 39n);
  const bigSigma1 = (x: bigint) => rotr(x, 14n) ^ rotr(x, 18n) ^ rotr(x, 41n);
  const sigma0 = (x: bigint) => rotr(x, 1n) ^ rotr(x, 8n) ^ (x >> 7n);
  const sigma1 = (x: bigint) => rotr(x, 19n) ^ rotr(x, 61n) ^ (x >> 6n);

  const words: bigint[] = [];
  for (let i = 0; i < 8; i++)
    words.push((BigInt(state[2 * i]! >>> 0) << 32n) | BigInt(state[2 * i + 1]! >>> 0));
  const w: bigint[] = [];
  for (let t = 0; t < 16; t++) {
    let x = 0n;
    for (let j = 0; j < 8; j++) x = (x << 8n) | BigInt(data[offset + 8 * t + j]!);
    w.push(x);
  }
  for (let t = 16; t < 80; t++)
    w.push(add(sigma1(w[t - 2]!), w[t - 7]!, sigma0(w[t - 15]!), w[t - 16]!));
  let r = [...words];
  const rounds: RoundState[] = [];
  for (let t = 0; t < 80; t++) {
    const [a, b, c, d, e, f, g, h] = r as [
      bigint,
      bigint,
      bigint,
      bigint,
      bigint,
      bigint,
      bigint,
      bigint,
    ];
    const t1 = add(h, bigSigma1(e), ch(e, f, g), K64[t]!, w[t]!);
    const t2 = add(bigSigma0(a), maj(a, b, c));
    r = [add(t1, t2), a, b, c, add(d, t1), e, f, g];
    rounds.push({ registers: r.map(hexBig), word: hexBig(w[t]!), constant: hexBig(K64[t]!) });
  }
  const after = words.map((x, i) => add(x, r[i]!));
  after.forEach((x, i) => {
    state[2 * i] = Number(x >> 32n) | 0;
    state[2 * i + 1] = Number(x & 0xffffffffn) | 0;
  });
  return {
    before: words.map(hexBig),
    schedule: w.map(hexBig),
    rounds,
    after: after.map(hexBig),
  };
}
