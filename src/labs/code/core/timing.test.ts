import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { analyseTiming, choosePositions, clockResolution } from './timing';

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
