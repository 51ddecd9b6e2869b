import { describe, expect, it } from 'vitest';
import { webcrypto } from 'node:crypto';
import { measureTimerStep, positionsFor, runMeasurement } from './measure';

describe('measurement', () => {
  it('spreads positions over 0…length, ends included', () => {
    expect(positionsFor(1024, 5)).toEqual([0, 256, 512, 768, 1024]);
    expect(positionsFor(3, 10)).toEqual([0, 1, 2, 3]);
  });

  it('measures every method at every position and reports the timer step', async () => {
    const key = await webcrypto.subtle.importKey(
      'raw',
      new Uint8Array(32).fill(7),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
    const data = new TextEncoder().encode('message');
    const tag = new Uint8Array(await webcrypto.subtle.sign('HMAC', key, data));
    const progress: number[] = [];
    const result = await runMeasurement(
      {
        methods: ['string-equals', 'early-exit', 'xor-accumulate', 'webcrypto-hmac'],
        length: 64,
        positions: 5,
        samples: 5,
        repeats: 20,
        seed: 1,
      },
      {
        now: () => performance.now(),
        hmac: { tag, verify: (t) => webcrypto.subtle.verify('HMAC', key, t, data) },
      },
      (p) => progress.push(p.done),
    );
    expect(result.timerStepNs).toBeGreaterThan(0);
    expect(result.series.map((s) => s.method)).toEqual([
      'string-equals',
      'early-exit',
      'xor-accumulate',
      'webcrypto-hmac',
    ]);
    expect(result.series[0]!.points.map((p) => p.k)).toEqual([0, 16, 32, 48, 64]);
    expect(result.series[3]!.points.map((p) => p.k)).toEqual([0, 8, 16, 24, 32]);
    for (const s of result.series) {
      expect(s.points.every((p) => p.n === 5 && p.median > 0)).toBe(true);
      expect(s.histograms.map((h) => h.bins.reduce((n, b) => n + b.count, 0))).toEqual([5, 5]);
    }
    expect(progress.length).toBe(20);
    expect(measureTimerStep(() => performance.now(), 10)).toBeGreaterThan(0);
  });
});
