import { describe, expect, it } from 'vitest';
import { parseHex } from '../../../core/bytes';
import { expectOk } from '../../../core/result';
import { bitsFromString, byteEntropy, chiSquareBytes, monobitTest, runsTest } from './bit-tests';
import vectors from './vectors/stats.json' with { type: 'json' };

describe('statistical tests against known values', () => {
  it('reproduces the worked examples of NIST SP 800-22 (to the 6 digits printed)', () => {
    for (const example of vectors.nist) {
      const { bytes, nBits } = bitsFromString(example.bits);
      const result =
        example.test === 'monobit' ? monobitTest(bytes, nBits) : runsTest(bytes, nBits);
      expect(result.pValue, `§${example.section}`).toBeCloseTo(example.p, 6);
    }
  });

  it('chi-square, entropy, monobit and runs agree with SciPy on byte samples', () => {
    for (const sample of vectors.bytes) {
      const bytes = expectOk(parseHex(sample.hex));
      const chi = chiSquareBytes(bytes);
      expect(chi.statistic, sample.name).toBeCloseTo(sample.chi2, 8);
      expect(chi.pValue, sample.name).toBeCloseTo(sample.chi2_p, 10);
      expect(byteEntropy(bytes)).toBeCloseTo(sample.entropy, 10);
      expect(monobitTest(bytes).pValue).toBeCloseTo(sample.monobit_p, 10);
      expect(runsTest(bytes).pValue).toBeCloseTo(sample.runs_p, 10);
    }
  });

  it('passes good randomness and fails biased bits', () => {
    const good = expectOk(parseHex(vectors.bytes.find((b) => b.name === 'mt-65536')!.hex));
    expect([monobitTest(good), runsTest(good), chiSquareBytes(good)].map((r) => r.passed)).toEqual([
      true,
      true,
      true,
    ]);
    const biased = expectOk(parseHex(vectors.bytes.find((b) => b.name === 'biased-4096')!.hex));
    expect(
      [monobitTest(biased), runsTest(biased), chiSquareBytes(biased)].map((r) => r.passed),
    ).toEqual([false, false, false]);
    const alternating = bitsFromString('01'.repeat(500));
    expect(runsTest(alternating.bytes, alternating.nBits).passed).toBe(false);
    expect(monobitTest(alternating.bytes, alternating.nBits).passed).toBe(true);
  });
});
