import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  median,
  normalUpperTail,
  quantile,
  ranks,
  spearman,
  spearmanUpperP,
  theilSenSlope,
} from './stats';
import { analyseTiming, choosePositions, clockResolution } from './timing';

describe('statistics', () => {
  test('known values', () => {
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5], 0.25)).toBe(2);
    expect(median([7])).toBe(7);
    expect(Number.isNaN(median([]))).toBe(true);
    expect(ranks([10, 20, 20, 30])).toEqual([1, 2.5, 2.5, 4]);
    expect(spearman([1, 2, 3, 4], [10, 20, 25, 100])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    expect(spearman([1, 2, 3], [5, 5, 5])).toBe(0);
    // Standard normal table: P(Z ≥ 1.959964) = 0.025, P(Z ≥ 3.090232) = 0.001.
    expect(normalUpperTail(1.959964)).toBeCloseTo(0.025, 6);
    expect(normalUpperTail(3.090232)).toBeCloseTo(0.001, 6);
    expect(normalUpperTail(0)).toBeCloseTo(0.5, 7);
    expect(normalUpperTail(-1.959964)).toBeCloseTo(0.975, 6);
    expect(spearmanUpperP(0.5, 2)).toBe(1);
  });

  test('Theil–Sen recovers a line through outliers', () => {
    const xs = Array.from({ length: 20 }, (_, i) => i);
    const ys = xs.map((x) => 2 * x + 1);
    ys[3] = 500;
    ys[11] = -300;
    expect(theilSenSlope(xs, ys)).toBe(2);
  });

  test('ranks are a permutation of 1..n when values are distinct', () => {
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
});

describe('the timing verdict', () => {
  const positions = choosePositions(64);
  /** Samples around base + slope·k with seeded noise of the given spread. */
  function samples(slope: number, spread: number, seed = 1) {
    let s = seed;
    const noise = () => {
      s = (s * 48271) % 2147483647;
      return (s / 2147483647 - 0.5) * spread;
    };
    return positions.map((k) => Array.from({ length: 60 }, () => 2000 + slope * k + noise()));
  }

  test('a slope well above the noise is a leak', () => {
    const analysis = analyseTiming(positions, samples(8, 400));
    expect(analysis.leak).toBe(true);
    expect(analysis.slopeNsPerUnit).toBeGreaterThan(6);
    expect(analysis.pValue).toBeLessThan(1e-6);
    expect(analysis.reason).toMatch(/^Time grows with the correct prefix/);
  });

  test('flat timings are not a leak, whatever the noise seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 30 }), (seed) => {
        expect(analyseTiming(positions, samples(0, 400, seed)).leak).toBe(false);
      }),
      { numRuns: 30 },
    );
  });

  test('a significant but negligible trend is not called a leak', () => {
    const analysis = analyseTiming(positions, samples(0.05, 1));
    expect(analysis.pValue).toBeLessThan(1e-6);
    expect(analysis.leak).toBe(false);
    expect(analysis.reason).toMatch(/below what the measurement can attribute/);
  });

  test('too few samples are said to be too few', () => {
    expect(analyseTiming([0, 1], [[1], [2]]).reason).toMatch(/Too few samples/);
  });

  test('positions spread over the tag, both ends included', () => {
    expect(choosePositions(64)).toHaveLength(16);
    expect(choosePositions(64)[0]).toBe(0);
    expect(choosePositions(64).at(-1)).toBe(63);
    expect(choosePositions(5)).toEqual([0, 1, 2, 3, 4]);
    expect(choosePositions(0)).toEqual([]);
  });

  test('the clock step is the smallest increase seen', () => {
    let t = 0;
    expect(clockResolution(() => (t += 0.005))).toBeCloseTo(0.005, 9);
  });
});
