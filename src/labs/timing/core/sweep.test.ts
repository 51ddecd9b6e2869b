import { describe, expect, it } from 'vitest';
import { runSweep } from './sweep';

describe('queries against noise', () => {
  it('needs more queries as the noise rises, each point a real run', () => {
    const points = runSweep({
      tagBytes: 3,
      perByteNs: 100,
      jitters: [0, 100, 400],
      seed: 2,
      maxQueries: 5_000_000,
    });
    expect(points.map((p) => p.recovered)).toEqual([true, true, true]);
    expect(points[1]!.queries).toBeGreaterThan(points[0]!.queries);
    expect(points[2]!.queries).toBeGreaterThan(points[1]!.queries);
    expect(points[2]!.ratio).toBe(4);
  });
});
