import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../core/bytes';
import {
  SPEED_ALGORITHMS,
  checkSpeedPlan,
  judgeSpeed,
  measureSpeed,
  speedBuffer,
  speedDigesters,
  summarizeRuns,
  timeRun,
  type Digesters,
  type SpeedAlgorithm,
  type SpeedEngine,
  type SpeedProgress,
  type SpeedRow,
} from './speed';
import type { WebCryptoDigest } from './hash-stream';

const webCrypto: WebCryptoDigest = (name, data) =>
  globalThis.crypto.subtle.digest(name, data as Uint8Array<ArrayBuffer>);

/** A clock that moves only when a fake digester says how long its work took. */
function fakeClock() {
  let t = 1000;
  return { now: () => t, spend: (ms: number) => (t += ms) };
}

describe('timeRun', () => {
  it('repeats calls until the minimum time has passed and divides the bytes by it', async () => {
    const clock = fakeClock();
    let calls = 0;
    const run = await timeRun(
      () => {
        calls++;
        clock.spend(4);
      },
      new Uint8Array(1000),
      clock.now,
      10,
    );
    // 4, 8, 12 ms: the third call crosses 10 ms.
    expect(calls).toBe(3);
    expect(run).toEqual({ bytes: 3000, ms: 12, mbPerSecond: 3000 / 12 / 1000 });
  });

  it('awaits a digester that answers with a promise before timing the next call', async () => {
    const clock = fakeClock();
    let settled = 0;
    const run = await timeRun(
      () =>
        Promise.resolve().then(() => {
          clock.spend(5);
          settled++;
        }),
      new Uint8Array(500),
      clock.now,
      15,
    );
    expect(settled).toBe(3);
    expect(run.ms).toBe(15);
    expect(run.bytes).toBe(1500);
  });

  it('times at least one call even when it takes longer than the minimum', async () => {
    const clock = fakeClock();
    const run = await timeRun(() => clock.spend(400), new Uint8Array(2_000_000), clock.now, 150);
    expect(run).toEqual({ bytes: 2_000_000, ms: 400, mbPerSecond: 5 });
  });
});

describe('measureSpeed', () => {
  it('interleaves the runs, skips the warm-up, and reports each pair’s median and range', async () => {
    const clock = fakeClock();
    const order: string[] = [];
    // ms per MB, per pair; run r of every pair is slowed by a factor that changes with r, as a busy
    // machine would, so median, min and max are each a different run.
    const msPerMB: Partial<Record<`${SpeedEngine}/${SpeedAlgorithm}`, number>> = {
      'teaching/md5': 10,
      'teaching/sha256': 20,
      'teaching/sha512': 50,
      'noble/md5': 10,
      'noble/sha256': 25,
      'noble/sha512': 40,
      'webcrypto/sha256': 1,
      'webcrypto/sha512': 2,
    };
    const slowdown = [1, 1, 2, 1.25, 1]; // warm-up, then runs 1–4
    let round = 0;
    let inRound = 0;
    const digesters = {} as Record<SpeedEngine, Partial<Record<SpeedAlgorithm, () => void>>>;
    for (const [key, cost] of Object.entries(msPerMB)) {
      const [engine, algorithm] = key.split('/') as [SpeedEngine, SpeedAlgorithm];
      (digesters[engine] ??= {})[algorithm] = () => {
        order.push(key);
        clock.spend(cost * slowdown[round]!); // 1 MB buffer and 1 ms minimum: one call per run
        if (++inRound === 8) {
          inRound = 0;
          round++;
        }
      };
    }
    const progress: SpeedProgress[] = [];
    const result = await measureSpeed(
      { runs: 4, minRunMs: 1, bufferBytes: 1_000_000 },
      digesters as Digesters,
      { now: clock.now, onProgress: (p) => progress.push(p) },
    );

    const oneRound = [
      'teaching/md5',
      'noble/md5',
      'teaching/sha256',
      'noble/sha256',
      'webcrypto/sha256',
      'teaching/sha512',
      'noble/sha512',
      'webcrypto/sha512',
    ];
    expect(order.slice(0, 8)).toEqual(oneRound);
    expect(order.slice(32, 40)).toEqual(oneRound);
    expect(order).toHaveLength(8 * 5);
    expect(progress.map((p) => p.done)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(progress.every((p) => p.total === 40)).toBe(true);
    expect(progress.filter((p) => p.warmUp)).toHaveLength(8);

    const row = result.rows.find((r) => r.engine === 'teaching' && r.algorithm === 'sha512')!;
    // 1 MB in 50 ms is 20 MB/s; runs slowed ×1, ×2, ×1.25, ×1 (the warm-up's ×1 is not counted).
    expect(row.samples).toEqual([20, 10, 16, 20]);
    expect(row.median).toBe(18);
    expect(row.min).toBe(10);
    expect(row.max).toBe(20);
    expect(result.unavailable).toEqual([
      { algorithm: 'md5', engine: 'webcrypto', reason: 'Web Crypto has no MD5' },
    ]);
    expect(result.verdict.claimHolds).toBe(true);
  });

  it('without Web Crypto, its rows are unavailable with the reason and the rest still run', async () => {
    const result = await measureSpeed(
      { runs: 1, minRunMs: 1, bufferBytes: 256 },
      speedDigesters(null),
      { now: () => performance.now() },
    );
    expect(result.rows.map((r) => `${r.engine}/${r.algorithm}`)).toEqual([
      'teaching/md5',
      'noble/md5',
      'teaching/sha256',
      'noble/sha256',
      'teaching/sha512',
      'noble/sha512',
    ]);
    expect(result.unavailable.map((u) => u.reason)).toEqual([
      'Web Crypto has no MD5',
      'Web Crypto is not available here (it needs a secure context: https or localhost)',
      'Web Crypto is not available here (it needs a secure context: https or localhost)',
    ]);
    expect(result.verdict.native).toBeNull();
    expect(result.verdict.sentences[1]).toBe(
      'Native SHA-256 and SHA-512 (Web Crypto) were not measured here.',
    );
  });
});

describe('the engines measured are the real hashes', () => {
  it('each digester computes its algorithm (checked against node:crypto)', async () => {
    const data = speedBuffer(3000);
    const digesters = speedDigesters(webCrypto);
    for (const algorithm of SPEED_ALGORITHMS) {
      const expected = createHash(algorithm).update(data).digest('hex');
      for (const engine of ['teaching', 'noble', 'webcrypto'] as const) {
        const digester = digesters[engine][algorithm];
        if (!digester) {
          expect([engine, algorithm]).toEqual(['webcrypto', 'md5']);
          continue;
        }
        const out = await digester(data);
        expect(bytesToHex(new Uint8Array(out as ArrayBuffer | Uint8Array))).toBe(expected);
      }
    }
  });
});

const row = (engine: SpeedEngine, algorithm: SpeedAlgorithm, samples: number[]): SpeedRow =>
  summarizeRuns(algorithm, engine, samples);

describe('judgeSpeed: the sentences follow the numbers', () => {
  const teaching = (sha256: number[], sha512: number[]) => [
    row('teaching', 'sha256', sha256),
    row('teaching', 'sha512', sha512),
  ];
  const native = (sha256: number[], sha512: number[]) => [
    row('webcrypto', 'sha256', sha256),
    row('webcrypto', 'sha512', sha512),
  ];

  it('32-bit: SHA-256 clearly faster, the claim holds', () => {
    const verdict = judgeSpeed(teaching([20, 21, 22], [7, 8, 9]));
    expect(verdict.claimHolds).toBe(true);
    expect(verdict.thirtyTwoBit?.faster).toBe('sha256');
    expect(verdict.sentences[0]).toBe(
      'With 32-bit arithmetic (the teaching engines, where each 64-bit word of SHA-512 is a pair of 32-bit halves), SHA-512 hashed 8.00 MB/s and SHA-256 21.0 MB/s: SHA-256 is 2.6× as fast as SHA-512. The talk’s claim holds on this machine.',
    );
  });

  it('32-bit: SHA-512 clearly faster, the claim does not show', () => {
    const verdict = judgeSpeed(teaching([10, 11, 12], [30, 33, 36]));
    expect(verdict.claimHolds).toBe(false);
    expect(verdict.sentences[0]).toContain('SHA-512 is 3.0× as fast as SHA-256');
    expect(verdict.sentences[0]).toContain('The talk’s claim does not show on this machine.');
  });

  it('32-bit: overlapping runs decide nothing, whatever the medians', () => {
    const verdict = judgeSpeed(teaching([10, 14, 20], [12, 13, 19]));
    expect(verdict.claimHolds).toBeNull();
    expect(verdict.thirtyTwoBit?.faster).toBe('overlap');
    expect(verdict.sentences[0]).toContain('their runs overlap, so neither is clearly faster');
    expect(verdict.sentences[0]).toContain('cannot decide the talk’s claim');
  });

  it('native: SHA-512 faster is read as 64-bit words at work', () => {
    const verdict = judgeSpeed([
      ...teaching([20], [8]),
      ...native([300, 310, 290], [500, 520, 510]),
    ]);
    expect(verdict.native?.faster).toBe('sha512');
    expect(verdict.sentences[1]).toBe(
      'Natively (Web Crypto), SHA-512 hashed 510 MB/s and SHA-256 300 MB/s: SHA-512 is 1.7× as fast as SHA-256 — on 64-bit CPUs SHA-512 is often the faster per byte: 80 rounds per 128-byte block against SHA-256’s 64 per 64-byte block.',
    );
  });

  it('native: SHA-256 two or more times faster is read as SHA extensions', () => {
    const verdict = judgeSpeed([
      ...teaching([20], [8]),
      ...native([1500, 1600, 1550], [500, 510, 505]),
    ]);
    expect(verdict.sentences[1]).toContain('SHA-256 is 3.1× as fast as SHA-512');
    expect(verdict.sentences[1]).toContain('this CPU likely has SHA extensions');
  });

  it('native: SHA-256 a little faster does not claim SHA extensions', () => {
    const verdict = judgeSpeed([
      ...teaching([20], [8]),
      ...native([600, 620, 610], [450, 460, 455]),
    ]);
    expect(verdict.sentences[1]).toContain('SHA-256 is 1.3× as fast as SHA-512');
    expect(verdict.sentences[1]).not.toContain('likely has');
    expect(verdict.sentences[1]).toContain('make SHA-256 much faster than this');
  });

  it('decides nothing from fewer than three runs, however far apart', () => {
    const verdict = judgeSpeed(teaching([100, 101], [10, 11]));
    expect(verdict.thirtyTwoBit?.faster).toBe('too-few-runs');
    expect(verdict.claimHolds).toBeNull();
    expect(verdict.sentences[0]).toContain('with fewer than 3 runs each the spread is unknown');
  });

  it('says so when the 32-bit pair was not measured', () => {
    const verdict = judgeSpeed(native([1], [2]));
    expect(verdict.claimHolds).toBeNull();
    expect(verdict.sentences[0]).toBe(
      'SHA-256 and SHA-512 were not both measured with 32-bit arithmetic.',
    );
  });
});

describe('checkSpeedPlan', () => {
  it('fills defaults and refuses what is out of range, naming the option', () => {
    expect(checkSpeedPlan({ runs: 3 })).toEqual({
      ok: true,
      value: { runs: 3, minRunMs: 150, bufferBytes: 1024 * 1024 },
    });
    const zero = checkSpeedPlan({ runs: 0 });
    expect(!zero.ok && zero.error.code).toBe('speed/bad-runs');
    const fraction = checkSpeedPlan({ minRunMs: 2.5 });
    expect(!fraction.ok && fraction.error.message).toMatch(/minRunMs must be a whole number/);
  });
});
