import { describe, expect, it } from 'vitest';
import { median, quantile } from './stats';

// The timing lab's stats.test.ts checks these against CPython's statistics module on its vectors.
describe('order statistics', () => {
  it('interpolate between order statistics, as numpy and Python (inclusive) do', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5], 0.25)).toBe(2);
    expect(quantile([10, 20], 0.9)).toBeCloseTo(19, 12);
    expect(median([])).toBeNaN();
  });
});
