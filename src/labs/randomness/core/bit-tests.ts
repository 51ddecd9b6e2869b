/**
 * Standard statistical tests for random bits, as in NIST SP 800-22 rev 1a: the frequency (monobit)
 * test §2.1, the runs test §2.3, and a chi-square test on byte values. A p-value below 0.01 fails.
 * Bits are taken from bytes most significant bit first.
 */
import { erfc, igamc } from '../../../core/stats';

export const SIGNIFICANCE = 0.01;

export function bitAt(bytes: Uint8Array, i: number): number {
  return (bytes[i >>> 3]! >>> (7 - (i & 7))) & 1;
}

function popcount8(byte: number): number {
  let v = byte - ((byte >>> 1) & 0x55);
  v = (v & 0x33) + ((v >>> 2) & 0x33);
  return (v + (v >>> 4)) & 0x0f;
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
