/**
 * Standard statistical tests for random bits, as in NIST SP 800-22 rev 1a: the frequency (monobit)
 * test §2.1, the runs test §2.3, and a chi-square test on byte values. A p-value below 0.01 fails.
 * Bits are taken from bytes most significant bit first.
 */

export const SIGNIFICANCE = 0.01;

export function bitAt(bytes: Uint8Array, i: number): number {
  return (bytes[i >>> 3]! >>> (7 - (i & 7))) & 1;
}

function popcount8(byte: number): number {
  let v = byte - ((byte >>> 1) & 0x55);
  v = (v & 0x33) + ((v >>> 2) & 0x33);
  return (v + (v >>> 4)) & 0x0f;
}

/** erfc, to about 1e-15 (W. J. Cody's rational approximations would do too; this is a series/CF pair). */
export function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  if (x < 2) {
    // erf by its Taylor series: erf(x) = 2/√π Σ (-1)^n x^(2n+1) / (n! (2n+1))
    let term = x;
    let sum = x;
    for (let n = 1; n < 200; n++) {
      term *= (-x * x) / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * sum;
  }
  // Continued fraction (Lentz): erfc(x) = e^(-x²)/√π · 1/(x + 1/2/(x + 1/(x + 3/2/(x + …))))
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 300; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? 1e-300 : 1 / d;
    c = x + a / c;
    if (c === 0) c = 1e-300;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9). */
export function logGamma(x: number): number {
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0]!;
  const t = z + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The regularized upper incomplete gamma function Q(a, x) (NIST's igamc). */
export function igamc(a: number, x: number): number {
  if (x <= 0) return 1;
  if (x < a + 1) {
    // Series for P(a, x), then Q = 1 - P.
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 10000; n++) {
      term *= x / (a + n);
      sum += term;
      if (term < sum * 1e-16) break;
    }
    return 1 - sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
  }
  // Continued fraction for Q (Lentz).
  let b = x + 1 - a;
  let c = 1e300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

export interface TestResult {
  pValue: number;
  passed: boolean;
  /** The statistic, for display. */
  statistic: number;
}

/** SP 800-22 §2.1: are there about as many ones as zeros? */
export function monobitTest(bytes: Uint8Array, nBits = bytes.length * 8): TestResult {
  let ones = 0;
  const wholeBytes = nBits >>> 3;
  for (let i = 0; i < wholeBytes; i++) ones += popcount8(bytes[i]!);
  for (let i = wholeBytes * 8; i < nBits; i++) ones += bitAt(bytes, i);
  const s = 2 * ones - nBits;
  const sObs = Math.abs(s) / Math.sqrt(nBits);
  const pValue = erfc(sObs / Math.SQRT2);
  return { pValue, passed: pValue >= SIGNIFICANCE, statistic: s };
}

/** SP 800-22 §2.3: do runs of identical bits have the lengths chance gives? */
export function runsTest(bytes: Uint8Array, nBits = bytes.length * 8): TestResult {
  let ones = 0;
  for (let i = 0; i < nBits; i++) ones += bitAt(bytes, i);
  const pi = ones / nBits;
  // Prerequisite: the frequency test must not have failed badly (tau = 2 / √n).
  if (Math.abs(pi - 0.5) >= 2 / Math.sqrt(nBits)) return { pValue: 0, passed: false, statistic: 0 };
  let runs = 1;
  for (let i = 1; i < nBits; i++) if (bitAt(bytes, i) !== bitAt(bytes, i - 1)) runs++;
  const q = 2 * nBits * pi * (1 - pi);
  const pValue = erfc(Math.abs(runs - q) / (2 * Math.sqrt(2 * nBits) * pi * (1 - pi)));
  return { pValue, passed: pValue >= SIGNIFICANCE, statistic: runs };
}

/** Pearson's chi-square on the 256 byte values against a uniform distribution (255 degrees of freedom). */
export function chiSquareBytes(bytes: Uint8Array): TestResult {
  const counts = new Float64Array(256);
  for (const b of bytes) counts[b]!++;
  const expected = bytes.length / 256;
  let chi2 = 0;
  for (const c of counts) chi2 += ((c - expected) * (c - expected)) / expected;
  const pValue = igamc(255 / 2, chi2 / 2);
  return { pValue, passed: pValue >= SIGNIFICANCE, statistic: chi2 };
}

/** Shannon entropy of the byte values, in bits per byte (8 is the most). */
export function byteEntropy(bytes: Uint8Array): number {
  const counts = new Float64Array(256);
  for (const b of bytes) counts[b]!++;
  let h = 0;
  for (const c of counts) {
    if (c === 0) continue;
    const p = c / bytes.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** Bits as a string of 0 and 1 into bytes (for tests and vectors). */
export function bitsFromString(bits: string): { bytes: Uint8Array; nBits: number } {
  const bytes = new Uint8Array(Math.ceil(bits.length / 8));
  for (let i = 0; i < bits.length; i++) if (bits[i] === '1') bytes[i >>> 3]! |= 0x80 >>> (i & 7);
  return { bytes, nBits: bits.length };
}
