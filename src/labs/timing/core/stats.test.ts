import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import vectors from './vectors/stats.json';
import {
  boxTest,
  histogram,
  linearFit,
  mannWhitney,
  mean,
  median,
  normalUpperTail,
  quantile,
  robustSigma,
  Sprt,
  variance,
} from './stats';
import { createPrng } from './prng';

describe('statistics against CPython and SciPy (vectors/make_stats_vectors.py)', () => {
  it.each(vectors.mannWhitney.map((c, i) => [i, c] as const))('case %i', (_, c) => {
    const sample = [...c.a, ...c.b];
    const test = mannWhitney(c.a, c.b);
    expect(test.u).toBeCloseTo(c.u, 9);
    expect(test.pGreater).toBeCloseTo(c.pGreater, 6);
    expect(Math.abs(test.pGreater - c.pGreater)).toBeLessThanOrEqual(1e-6 + 2e-7 * c.pGreater);
    expect(median(sample)).toBeCloseTo(c.median, 12);
    expect(mean(sample)).toBeCloseTo(c.mean, 9);
    if (c.variance !== null) expect(variance(sample)).toBeCloseTo(c.variance, 8);
    for (const [q, value] of Object.entries(c.quantiles))
      expect(quantile(sample, Number(q))).toBeCloseTo(value, 9);
    if (c.slope !== null)
      expect(
        linearFit(
          sample.map((_, i) => i),
          sample,
        ).slope,
      ).toBeCloseTo(c.slope, 9);
  });

  it('normal tail matches scipy.stats.norm.sf', () => {
    for (const { z, upper } of vectors.normalUpperTail) {
      expect(Math.abs(normalUpperTail(z) - upper)).toBeLessThanOrEqual(
        2e-7 * Math.max(upper, 1e-3),
      );
    }
  });
});

describe('rank test and box test', () => {
  it('U counts the pairs a > b (ties one half), whatever the order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 20 }),
        fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 20 }),
        (a, b) => {
          let pairs = 0;
          for (const x of a) for (const y of b) pairs += x > y ? 1 : x === y ? 0.5 : 0;
          expect(mannWhitney(a, b).u).toBeCloseTo(pairs, 9);
          expect(mannWhitney(a, b).u + mannWhitney(b, a).u).toBeCloseTo(a.length * b.length, 9);
        },
      ),
    );
  });

  it('box test separates shifted samples and not identical ones', () => {
    const prng = createPrng(3);
    const a = Array.from({ length: 2000 }, () => 100 + prng.normal());
    const b = Array.from({ length: 2000 }, () => 110 + prng.normal());
    expect(boxTest(b, a)).toBe('slower');
    expect(boxTest(a, b)).toBe('faster');
    expect(boxTest(a, a)).toBe('overlap');
  });

  it('robust sigma estimates a normal standard deviation and ignores outliers', () => {
    const prng = createPrng(5);
    const xs = Array.from({ length: 20000 }, (_, i) => (i % 50 === 0 ? 1e6 : 7 * prng.normal()));
    expect(robustSigma(xs)).toBeGreaterThan(6.7);
    expect(robustSigma(xs)).toBeLessThan(7.3);
  });

  it('histogram keeps every value', () => {
    const bins = histogram([0, 1, 2, 3, 9, 10, -5, 50], 5, 0, 10);
    expect(bins.reduce((n, b) => n + b.count, 0)).toBe(8);
    expect(bins[0]!.count).toBe(3);
    expect(bins[4]!.count).toBe(3);
  });
});

describe('SPRT', () => {
  it('accepts H1 for shifted data and H0 for unshifted, and one outlier cannot decide', () => {
    const prng = createPrng(11);
    const run = (shift: number) => {
      const test = new Sprt(0, 1, 2, 1e-4, 0.01, -8, 9);
      let d: string = 'continue';
      while (d === 'continue') d = test.add(shift + 2 * prng.normal());
      return d;
    };
    const ones = Array.from({ length: 50 }, () => run(1)).filter((d) => d === 'H1').length;
    const zeros = Array.from({ length: 50 }, () => run(0)).filter((d) => d === 'H0').length;
    expect(ones).toBeGreaterThanOrEqual(45);
    expect(zeros).toBeGreaterThanOrEqual(48);
    const test = new Sprt(0, 1, 2, 1e-4, 0.01, -8, 9);
    expect(test.add(1e9)).toBe('continue');
  });
});
