import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EngineMathRandom } from './engines';
import { GENERATOR_IDS, measureGenerator, tokenFromBytes, type EntropySources } from './entropy';
import { PythonRandom } from './python-random';

/** Deterministic stand-ins for the worker's Math.random, Web Crypto and clock. */
function fakeSources(seed: number): EntropySources {
  const bytes = new PythonRandom(seed);
  const engine = new EngineMathRandom('v8-sum', [BigInt(seed) + 1n, 0x9e3779b97f4a7c15n]);
  const randomBytes = (n: number) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = bytes.getrandbits32(8);
    return out;
  };
  return {
    mathRandom: () => engine.next(),
    randomBytes,
    randomUUID: () => {
      const b = randomBytes(16);
      b[6] = (b[6]! & 0x0f) | 0x40;
      b[8] = (b[8]! & 0x3f) | 0x80;
      const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    },
    nowSeconds: 1_700_000_000,
  };
}

const options = {
  alphabet: 'abcdefghijklmnopqrstuvwxyz0123456789',
  length: 32,
  sampleBytes: 32768,
};

describe('token generators side by side', () => {
  it('every generator passes monobit, runs and chi-square; the keyspace is what differs', () => {
    const sources = fakeSources(7);
    const reports = GENERATOR_IDS.map((id) => measureGenerator(id, sources, options));
    for (const r of reports) {
      expect(r.tests.monobit.passed, r.id).toBe(true);
      expect(r.tests.runs.passed, r.id).toBe(true);
      expect(r.tests.chiSquare.passed, r.id).toBe(true);
      expect(r.entropyPerByte, r.id).toBeGreaterThan(7.99);
      expect(r.bitmap.length).toBe(2048);
      expect(r.tokens).toHaveLength(3);
    }
    const byId = Object.fromEntries(reports.map((r) => [r.id, r]));
    expect(byId['math-random']!.attackerBits).toBe(0);
    expect(byId['python-mt']!.attackerBits).toBe(0);
    expect(byId['time-seeded']!.attackerBits).toBeCloseTo(Math.log2(86400), 10);
    expect(byId['crypto-values']!.attackerBits).toBeCloseTo(32 * Math.log2(36), 10);
    expect(byId['crypto-uuid']!.attackerBits).toBe(122);
  });

  it('a time-seeded server repeats itself within a second; the others never do', () => {
    const sources = fakeSources(3);
    const timed = measureGenerator('time-seeded', sources, options);
    expect(timed.burst).toEqual({ made: 1000, distinct: 10 });
    // Its tokens are exactly what random.seed(t) gives for consecutive seconds.
    expect(timed.tokens[0]).toBe(
      new PythonRandom(1_700_000_000).choiceString(options.alphabet, 32),
    );
    for (const id of ['math-random', 'python-mt', 'crypto-values', 'crypto-uuid'] as const) {
      expect(measureGenerator(id, sources, options).burst.distinct, id).toBe(1000);
    }
  });

  it('byte tokens use every symbol with equal chance (no modulo bias) and have the right length', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 0, max: 40 }),
        (n, length) => {
          const alphabet = Array.from({ length: n }, (_, i) =>
            String.fromCodePoint(0x100 + i),
          ).join('');
          const token = tokenFromBytes(alphabet, length, fakeSources(n).randomBytes);
          expect(Array.from(token)).toHaveLength(length);
          for (const ch of token) expect(alphabet).toContain(ch);
        },
      ),
    );
    // 37 symbols: bytes 222..255 are rejected, so each symbol stays within noise of 1/37.
    const counts = new Map<string, number>();
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789_';
    const token = tokenFromBytes(alphabet, 37000, fakeSources(11).randomBytes);
    for (const ch of token) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    for (const count of counts.values()) expect(Math.abs(count - 1000)).toBeLessThan(150);
  });
});
