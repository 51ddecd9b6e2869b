import { describe, expect, it } from 'vitest';
import {
  extent,
  labelEvery,
  linearTicks,
  logDomain,
  logTicks,
  niceDomain,
  niceStep,
  scaleOf,
} from './chart-scale';

describe('chart axes', () => {
  it('steps by 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(10, 5)).toBe(2);
    expect(niceStep(1, 5)).toBe(0.2);
    expect(niceStep(730, 5)).toBe(200);
    expect(niceStep(600, 5)).toBe(100);
    expect(niceStep(0.0037, 4)).toBe(0.001);
    expect(niceStep(0, 5)).toBe(1);
  });

  it('widens a domain to the ticks outside it', () => {
    expect(niceDomain([3.2, 97])).toEqual([0, 100]);
    expect(niceDomain([412, 1390])).toEqual([400, 1400]);
    // One value: a little room around it, not an empty axis.
    const [low, high] = niceDomain([5, 5]);
    expect(low).toBeLessThan(5);
    expect(high).toBeGreaterThan(5);
  });

  it('puts linear ticks on round values, without floating-point tails', () => {
    expect(linearTicks([0, 1], 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(linearTicks([0.1, 0.7], 3)).toEqual([0.2, 0.4, 0.6]);
    expect(linearTicks([-50, 50], 4)).toEqual([-40, -20, 0, 20, 40]);
  });

  it('spans whole decades on a log axis, with 2 and 5 between few of them', () => {
    expect(logDomain([3.5, 420])).toEqual([1, 1000]);
    expect(logDomain([10, 10])).toEqual([10, 100]);
    expect(logTicks([1, 100])).toEqual([1, 2, 5, 10, 20, 50, 100]);
    expect(logTicks([1, 1000])).toEqual([1, 10, 100, 1000]);
    expect(logTicks([1, 1e6])).toEqual([1, 10, 100, 1000, 10000, 100000, 1e6]);
    expect(logTicks([1, 1e12]).length).toBeLessThanOrEqual(8);
  });

  it('maps values to pixels, clamped to the plot', () => {
    const y = scaleOf('linear', [0, 100], [200, 0]);
    expect(y(0)).toBe(200);
    expect(y(50)).toBe(100);
    expect(y(150)).toBe(0);
    const x = scaleOf('log', [1, 1000], [0, 300]);
    expect(x(10)).toBeCloseTo(100);
    expect(x(100)).toBeCloseTo(200);
  });

  it('skips non-finite values and says when there are none', () => {
    expect(extent([3, Number.NaN, -2, Infinity, 7])).toEqual([-2, 7]);
    expect(extent([])).toBeNull();
  });

  it('shows every category label that fits, and every other one when they would touch', () => {
    expect(labelEvery(6, 80)).toBe(1);
    expect(labelEvery(8, 40)).toBe(2);
  });
});
