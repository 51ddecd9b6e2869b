import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EngineMathRandom } from './engines';
import { detectAndPredict, type Detection } from './math-random';
import {
  isSeedState,
  murmur3,
  murmur3Inverse,
  nextWord,
  previousWord,
  stepsBackToSeedState,
} from './xorshift128';
import node20 from './vectors/math-random-node20.json' with { type: 'json' };
import chromium from './vectors/math-random-chromium.json' with { type: 'json' };
import chromiumSeeded from './vectors/math-random-chromium-seeded.json' with { type: 'json' };

function recovered(detection: Detection) {
  if (!detection.ok) throw new Error(detection.message);
  return detection.recovery;
}

const word = fc.bigInt({ min: 1n, max: 2n ** 64n - 1n });

describe('xorshift128+ building blocks', () => {
  it('steps backwards exactly', () => {
    fc.assert(
      fc.property(word, word, (x, y) => {
        expect(previousWord(y, nextWord(x, y))).toBe(x);
      }),
    );
  });

  it('inverts MurmurHash3 and recognises seed states', () => {
    fc.assert(
      fc.property(word, (seed) => {
        expect(murmur3Inverse(murmur3(seed))).toBe(seed);
        const a = murmur3(seed);
        const b = murmur3(~seed & (2n ** 64n - 1n));
        expect(isSeedState(a, b)).toBe(true);
        expect(isSeedState(a, b ^ 1n)).toBe(false);
        // The fast 32-bit walk finds it 100 steps back.
        let [x, y] = [a, b];
        for (let i = 0; i < 100; i++) [x, y] = [y, nextWord(x, y)];
        expect(stepsBackToSeedState(x, y, 200)).toBe(100);
        expect(stepsBackToSeedState(x, y, 99)).toBe(-1);
      }),
      { numRuns: 20 },
    );
  });

  it('the legacy V8 model equals real Node: node --random_seed=N gives the simulated values', () => {
    for (const seed of [42, 1, -5, 2147483647]) {
      const real = JSON.parse(
        execFileSync(process.execPath, [
          `--random_seed=${seed}`,
          '-e',
          'console.log(JSON.stringify(Array.from({ length: 150 }, Math.random)))',
        ]).toString(),
      ) as number[];
      expect(EngineMathRandom.v8FromSeed('v8-legacy', BigInt(seed)).take(150)).toEqual(real);
    }
  });
});

describe('Math.random recovery on real engine output', () => {
  it.each(node20.map((set) => [set.skipped_before, set] as const))(
    'Node 20 (V8 11.3), %i values skipped: legacy model, predicts all 60 next values',
    async (skipped, set) => {
      const recovery = recovered(await detectAndPredict(set.observed, set.next.length));
      expect(recovery.model).toBe('v8-legacy');
      expect(recovery.shift).toBe(12);
      expect(recovery.next).toEqual(set.next);
      expect(recovery.certain).toBe(set.next.length);
      // A fresh process: the walk back reaches V8's seed state and counts the values before.
      expect(recovery.drawnBefore).toBe(skipped);
      expect(recovery.cache?.position).toBe(63 - (skipped % 64));
    },
  );

  it.each(chromiumSeeded.map((set) => [set.random_seed, set] as const))(
    'Chromium 156 with --random-seed=%i: the sum of state0 and state1, in step order across refills',
    (seed, set) => {
      // The question the seed answers: which order does this V8 hand its cache out in?
      const inOrder = EngineMathRandom.v8FromSeed('v8-sum', BigInt(seed)).take(200);
      const backwards = EngineMathRandom.v8FromSeed('v8-sum-reversed', BigInt(seed)).take(200);
      const legacy = EngineMathRandom.v8FromSeed('v8-legacy', BigInt(seed), 11).take(200);
      expect(set.values).toEqual(inOrder);
      expect(set.values.filter((v, i) => v === backwards[i])).toEqual([]);
      expect(set.values.filter((v, i) => v === legacy[i])).toEqual([]);
    },
  );

  it.each(chromium.map((set) => [set.skipped_before, set] as const))(
    'Chromium 156 (V8 ≥ 14.4), fresh page, %i values skipped: the sum model in step order fits, backwards does not; predicts all 60 next values',
    async (skipped, set) => {
      const detection = await detectAndPredict(set.observed, set.next.length);
      const recovery = recovered(detection);
      expect(recovery.model).toBe('v8-sum');
      expect(recovery.order).toBe('step-order');
      expect(recovery.next).toEqual(set.next);
      expect(recovery.certain).toBe(set.next.length);
      // The walk back to V8's seed state counts exactly the values the page threw away.
      expect(recovery.drawnBefore).toBe(skipped);
      expect(detection.attempts.map((a) => [a.model, a.outcome])).toEqual([
        ['v8-legacy', 'no-fit'],
        ['v8-sum', 'fits'],
        ['v8-sum-reversed', 'no-fit'],
      ]);
    },
  );

  it('says plainly when no model fits', async () => {
    // Something else drew value 11: the run is broken in both orders.
    const observed = chromium[0]!.observed;
    const broken = [...observed.slice(0, 10), ...observed.slice(11)];
    const detection = await detectAndPredict(broken, 5);
    expect(detection.ok).toBe(false);
    if (!detection.ok) {
      expect(detection.message).toMatch(/No engine model fits these 19 values/);
      expect(detection.attempts.map((a) => a.outcome)).toEqual([
        'no-fit',
        'no-fit',
        'no-fit',
        'no-fit',
      ]);
    }
    const rounded = await detectAndPredict([0.5, 0.25, 0.1234], 5);
    expect(rounded.ok).toBe(false);
    if (!rounded.ok)
      expect(rounded.message).toMatch(/Value 3 \(0.1234\) is not a multiple of 2\^-53/);
    const few = await detectAndPredict([0.5, 0.25], 5);
    expect(few.ok).toBe(false);
    if (!few.ok) expect(few.message).toMatch(/give more consecutive values/);
  });
});

describe('Math.random recovery on simulated engines (any state, any start)', () => {
  it('V8 before 14.4: any seed, 4 to 9 values, any number drawn before, across refills', async () => {
    await fc.assert(
      fc.asyncProperty(
        word,
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 4, max: 9 }),
        fc.constantFrom(11, 12),
        async (seed, skip, length, shift) => {
          const engine = EngineMathRandom.v8FromSeed('v8-legacy', seed, shift as 11 | 12);
          engine.take(skip);
          const observed = engine.take(length);
          const next = engine.take(140);
          const recovery = recovered(await detectAndPredict(observed, 140));
          expect(recovery.model).toBe('v8-legacy');
          // What is called certain is right; all of it is, when the shift is pinned down.
          expect(recovery.next.slice(0, recovery.certain)).toEqual(next.slice(0, recovery.certain));
          if (recovery.shift === shift) expect(recovery.next).toEqual(next);
          // Otherwise the values happened to fit both shifts, and the lab says so.
          else expect(recovery.method).toMatch(/also fit state0 >> 11/);
          expect(recovery.drawnBefore).toBe(skip);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('V8 before 14.4 with the seed out of reach: the refill must be seen, or predictions are limited', async () => {
    // A state far from any seed: values drawn across a refill pin the cache position.
    const engine = new EngineMathRandom('v8-legacy', [0x0123456789abcdefn, 0xfedcba9876543210n]);
    engine.take(50);
    const observed = engine.take(30);
    const next = engine.take(100);
    const seen = recovered(await detectAndPredict(observed, 100));
    expect(seen.cache?.found).toBe('refill-seen');
    expect(seen.next).toEqual(next);
    // Without a refill in view, only the values up to the earliest possible refill are certain.
    const fresh = new EngineMathRandom('v8-legacy', [0x0123456789abcdefn, 0xfedcba9876543210n]);
    fresh.take(3);
    const inside = fresh.take(10);
    const after = fresh.take(60);
    const unsure = recovered(await detectAndPredict(inside, 60));
    expect(unsure.cache?.found).toBe('unknown');
    expect(unsure.certain).toBe(0);
    expect(unsure.next.slice(0, 51)).toEqual(after.slice(0, 51));
  });

  it('V8 14.4 and later, in step order: any state, by SAT', async () => {
    await fc.assert(
      fc.asyncProperty(word, word, async (s0, s1) => {
        const engine = new EngineMathRandom('v8-sum', [s0, s1]);
        const observed = engine.take(7);
        const recovery = recovered(await detectAndPredict(observed, 30));
        expect(recovery.model).toBe('v8-sum');
        expect(recovery.next).toEqual(engine.take(30));
      }),
      { numRuns: 6 },
    );
  });

  it('V8 14.4 and later, caches served backwards: any seed, any number drawn before, across refills', async () => {
    await fc.assert(
      fc.asyncProperty(
        word,
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 9, max: 20 }),
        async (seed, skip, length) => {
          const engine = EngineMathRandom.v8FromSeed('v8-sum-reversed', seed);
          engine.take(skip);
          const observed = engine.take(length);
          const next = engine.take(140);
          const detection = await detectAndPredict(observed, 140);
          const recovery = recovered(detection);
          expect(recovery.model).toBe('v8-sum-reversed');
          expect(recovery.order).toBe('caches-backwards');
          expect(recovery.next).toEqual(next);
          expect(recovery.certain).toBe(140);
          expect(recovery.drawnBefore).toBe(skip);
          expect(recovery.cache?.position).toBe(63 - (skip % 64));
          expect(detection.attempts.map((a) => [a.model, a.outcome])).toEqual([
            ['v8-legacy', 'no-fit'],
            ['v8-sum', 'no-fit'],
            ['v8-sum-reversed', 'fits'],
          ]);
        },
      ),
      { numRuns: 8 },
    );
  });

  it('V8 14.4 and later, caches served backwards, seed out of reach: a refill in view places the caches', async () => {
    const engine = new EngineMathRandom('v8-sum-reversed', [
      0x0123456789abcdefn,
      0xfedcba9876543210n,
    ]);
    engine.take(61);
    const observed = engine.take(12);
    const next = engine.take(100);
    const recovery = recovered(await detectAndPredict(observed, 100));
    expect(recovery.cache).toEqual({ position: 2, found: 'refill-seen' });
    expect(recovery.drawnBefore).toBeNull();
    expect(recovery.next).toEqual(next);
  });

  it('Firefox and Safari: by the lowest bit from 128 values, or by SAT from a few', async () => {
    await fc.assert(
      fc.asyncProperty(word, word, async (s0, s1) => {
        const engine = new EngineMathRandom('firefox-safari', [s0, s1]);
        const observed = engine.take(140);
        const next = engine.take(20);
        const linear = await detectAndPredict(observed, 20);
        const recovery = recovered(linear);
        expect(recovery.model).toBe('firefox-safari');
        expect(recovery.method).toMatch(/lowest bit of 140 values/);
        expect(recovery.next).toEqual(next);
        expect(linear.attempts.map((a) => a.model)).toEqual(['v8-legacy', 'firefox-safari']);
        const few = recovered(await detectAndPredict(observed.slice(0, 8), 3));
        expect(few.model).toBe('firefox-safari');
        expect(few.next).toEqual(observed.slice(8, 11));
      }),
      { numRuns: 4 },
    );
  });
});
