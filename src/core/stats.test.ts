import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import vectors from './vectors/stats.json';
import {
  boxTest,
  erfc,
  histogram,
  igamc,
  linearFit,
  mannWhitney,
  mean,
  median,
  normalUpperTail,
  quantile,
  ranks,
  robustSigma,
  spearman,
  spearmanUpperP,
  Sprt,
  theilSenSlope,
  variance,
  weightedLinearFit,
} from './stats';

/** A small seeded generator for the property tests below (Park–Miller, then Box–Muller). */
function normals(seed: number) {
  let s = seed;
  const uniform = () => {
    s = (s * 48271) % 2147483647;
    return s / 2147483647;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

describe('against CPython, NumPy and SciPy (vectors/make_stats_vectors.py)', () => {
  it.each(vectors.samples.map((c, i) => [i, c] as const))('sample %i', (_, c) => {
    const sample = [...c.a, ...c.b];
    const index = sample.map((__, i) => i);
    const test = mannWhitney(c.a, c.b);
    expect(test.u).toBeCloseTo(c.u, 9);
    expect(Math.abs(test.pGreater - c.pGreater)).toBeLessThanOrEqual(1e-12);
    expect(median(sample)).toBeCloseTo(c.median, 12);
    expect(mean(sample)).toBeCloseTo(c.mean, 9);
    if (c.variance !== null) expect(variance(sample)).toBeCloseTo(c.variance, 8);
    for (const [q, value] of Object.entries(c.quantiles))
      expect(quantile(sample, Number(q))).toBeCloseTo(value, 9);
    if (c.slope !== null) expect(linearFit(index, sample).slope).toBeCloseTo(c.slope, 9);
    expect(ranks(sample)).toEqual(c.ranks);
    if (c.spearman !== null) expect(spearman(index, sample)).toBeCloseTo(c.spearman, 12);
    if (c.theilSen !== null) expect(theilSenSlope(index, sample)).toBeCloseTo(c.theilSen, 12);
  });

  it('weighted least squares through levels measured n times each', () => {
    for (const line of vectors.weightedLines) {
      const fit = weightedLinearFit(line.levels.map(({ x, n, sum }) => ({ x, w: n, wy: sum })));
      expect(fit.slope).toBeCloseTo(line.slope, 8);
      expect(fit.intercept).toBeCloseTo(line.intercept, 8);
    }
  });

  it('normal tail, erfc and the incomplete gamma function', () => {
    for (const { z, upper } of vectors.normalUpperTail)
      expect(Math.abs(normalUpperTail(z) - upper)).toBeLessThanOrEqual(1e-14 + 1e-12 * upper);
    for (const [x, expected] of vectors.erfc) expect(erfc(x!)).toBeCloseTo(expected!, 13);
    for (const [a, x, expected] of vectors.igamc)
      expect(Math.abs(igamc(a!, x!) - expected!)).toBeLessThan(1e-12 + 1e-10 * expected!);
  });
});

describe('known values', () => {
  it('quantiles, ranks, correlation', () => {
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5], 0.25)).toBe(2);
    expect(median([7])).toBe(7);
    expect(Number.isNaN(median([]))).toBe(true);
    expect(ranks([10, 20, 20, 30])).toEqual([1, 2.5, 2.5, 4]);
    expect(spearman([1, 2, 3, 4], [10, 20, 25, 100])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    expect(spearman([1, 2, 3], [5, 5, 5])).toBe(0);
    expect(spearmanUpperP(0.5, 2)).toBe(1);
    expect(linearFit([3, 3, 3], [1, 2, 3]).slope).toBe(0);
  });

  it('Theil–Sen recovers a line through outliers', () => {
    const xs = Array.from({ length: 20 }, (_, i) => i);
    const ys = xs.map((x) => 2 * x + 1);
    ys[3] = 500;
    ys[11] = -300;
    expect(theilSenSlope(xs, ys)).toBe(2);
  });

  it('histogram keeps every value', () => {
    const bins = histogram([0, 1, 2, 3, 9, 10, -5, 50], 5, 0, 10);
    expect(bins.reduce((n, b) => n + b.count, 0)).toBe(8);
    expect(bins[0]!.count).toBe(3);
    expect(bins[4]!.count).toBe(3);
  });
});

describe('properties', () => {
  it('ranks are a permutation of 1..n when values are distinct', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.double({ noNaN: true }), {
          minLength: 1,
          maxLength: 50,
          comparator: 'SameValueZero',
        }),
        (values) => {
          expect([...ranks(values)].sort((a, b) => a - b)).toEqual(values.map((_, i) => i + 1));
        },
      ),
    );
  });

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

  it('a weighted fit equals the plain fit of every sample repeated', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            x: fc.integer({ min: 0, max: 20 }),
            n: fc.integer({ min: 1, max: 5 }),
            y: fc.integer({ min: -50, max: 50 }),
          }),
          { minLength: 2, maxLength: 8 },
        ),
        (levels) => {
          fc.pre(new Set(levels.map((l) => l.x)).size > 1);
          const weighted = weightedLinearFit(levels.map(({ x, n, y }) => ({ x, w: n, wy: n * y })));
          const xs = levels.flatMap(({ x, n }) => Array<number>(n).fill(x));
          const ys = levels.flatMap(({ y, n }) => Array<number>(n).fill(y));
          const plain = linearFit(xs, ys);
          expect(weighted.slope).toBeCloseTo(plain.slope, 9);
          expect(weighted.intercept).toBeCloseTo(plain.intercept, 9);
        },
      ),
    );
  });

  it('box test separates shifted samples and not identical ones', () => {
    const normal = normals(3);
    const a = Array.from({ length: 2000 }, () => 100 + normal());
    const b = Array.from({ length: 2000 }, () => 110 + normal());
    expect(boxTest(b, a)).toBe('slower');
    expect(boxTest(a, b)).toBe('faster');
    expect(boxTest(a, a)).toBe('overlap');
  });

  it('robust sigma estimates a normal standard deviation and ignores outliers', () => {
    const normal = normals(5);
    const xs = Array.from({ length: 20000 }, (_, i) => (i % 50 === 0 ? 1e6 : 7 * normal()));
    expect(robustSigma(xs)).toBeGreaterThan(6.7);
    expect(robustSigma(xs)).toBeLessThan(7.3);
  });

  it('SPRT accepts H1 for shifted data and H0 for unshifted, and one outlier cannot decide', () => {
    const normal = normals(11);
    const run = (shift: number) => {
      const test = new Sprt(0, 1, 2, 1e-4, 0.01, -8, 9);
      let d: string = 'continue';
      while (d === 'continue') d = test.add(shift + 2 * normal());
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
