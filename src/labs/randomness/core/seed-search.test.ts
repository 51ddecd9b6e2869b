import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { expectOk } from '../../../core/result';
import { SeedMatcher, keyForSeed, parseSeedSearch, searchSeeds } from './seed-search';
import shared from './vectors/cpython-random.json' with { type: 'json' };
import more from './vectors/cpython-more.json' with { type: 'json' };

describe('time-seed search', () => {
  it('finds the seed of the shared CPython vector in its one-hour window', () => {
    const v = shared.time_seed[0]!;
    const result = searchSeeds({
      from: v.window_start,
      to: v.window_start + v.window_seconds - 1,
      alphabet: v.alphabet,
      key: v.key_32,
    });
    expect(result.seed).toBe(v.seed);
    expect(result.tried).toBe(v.seed - v.window_start + 1);
  });

  it('finds CPython keys for seeds 0, 2^32 - 1, above 2^32, negative, and a 200-letter key', () => {
    for (const v of more.time_seed) {
      const from = v.seed - 9;
      const result = searchSeeds({ from, to: v.seed + 9, alphabet: v.alphabet, key: v.key });
      // random.seed(-t) is random.seed(t): the first of the two in the window is found.
      const expected =
        v.seed !== 0 && -Math.abs(v.seed) >= from ? -Math.abs(v.seed) : Math.abs(v.seed);
      expect(result.seed, `seed ${v.seed}`).toBe(expected);
      expect(keyForSeed(v.seed, v.alphabet, v.length)).toBe(v.key);
    }
  });

  it('the four-lane and one-at-a-time paths agree with the plain generator on every lane', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff - 3 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 1, max: 12 }),
        (t, lane, length) => {
          const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
          const key = keyForSeed(t + lane, alphabet, length);
          const matcher = new SeedMatcher(alphabet, key);
          expect(matcher.matchesFour(t) & (1 << lane)).not.toBe(0);
          expect(matcher.matches(t + lane)).toBe(true);
          expect(matcher.matches(-(t + lane))).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('finds any key made in a window (property), and reports null when none matches', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 33 }),
        fc.integer({ min: 0, max: 3000 }),
        (seed, offset) => {
          const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)';
          const key = keyForSeed(seed, alphabet, 16);
          const from = Math.max(0, seed - offset);
          expect(searchSeeds({ from, to: seed + 5, alphabet, key }).seed).toBe(seed);
          expect(searchSeeds({ from: seed + 1, to: seed + 300, alphabet, key }).seed).toBe(null);
        },
      ),
      { numRuns: 12 },
    );
  });

  it('reports progress with the count done, and stops at the first match', () => {
    const alphabet = '0123456789abcdef';
    const key = keyForSeed(70_000, alphabet, 20);
    const seen: number[] = [];
    let clock = 0;
    const result = searchSeeds(
      { from: 0, to: 100_000, alphabet, key },
      { chunk: 10_000, onProgress: (p) => seen.push(p.done), now: () => (clock += 5) },
    );
    expect(result.seed).toBe(70_000);
    expect(result.tried).toBe(70_001);
    expect(seen).toEqual([10_000, 20_000, 30_000, 40_000, 50_000, 60_000, 70_000]);
    expect(result.rate).toBeGreaterThan(0);
  });
});

describe('parseSeedSearch', () => {
  const good = { from: '1700000000', to: '1700086399', alphabet: 'abc', key: 'cab' };

  it('accepts a well-formed query', () => {
    expect(expectOk(parseSeedSearch(good))).toEqual({
      from: 1700000000,
      to: 1700086399,
      alphabet: 'abc',
      key: 'cab',
    });
  });

  it('explains each kind of bad input', () => {
    const cases: [Partial<typeof good> & { length?: string }, RegExp][] = [
      [{ from: 'yesterday' }, /first seed must be a whole number/],
      [{ to: '1' }, /must not be before the first/],
      [{ key: 'cax' }, /Character 3 of the key \(“x”\) is not in the alphabet/],
      [{ key: '' }, /Give the key/],
      [{ alphabet: '' }, /alphabet is empty/],
      [{ length: '4' }, /The key has 3 characters, not 4/],
      [{ from: '0', to: String(2 ** 33) }, /at most 2\^32/],
    ];
    for (const [change, message] of cases) {
      const result = parseSeedSearch({ ...good, ...change });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.message).toMatch(message);
    }
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), fc.string(), (from, to, alphabet, key) => {
        expect(typeof parseSeedSearch({ from, to, alphabet, key }).ok).toBe('boolean');
      }),
    );
  });
});
