/**
 * Math.random as each engine implements it, from a known state: for the tests (the recovery must
 * predict these) and for the entropy comparison. The V8 models follow src/numbers/math-random.cc:
 * a context is seeded on first use with (murmur3(seed), murmur3(~seed)), and values are made 64 at
 * a time; the models served backwards hand them out from the end of the cache.
 */
import type { EngineModelId } from './math-random';
import { MASK64, murmur3, nextWord } from './xorshift128';

const CACHE_SIZE = 64;

export class EngineMathRandom {
  private s0: bigint;
  private s1: bigint;
  private cache: number[] = [];

  constructor(
    readonly model: EngineModelId,
    state: [bigint, bigint],
    private readonly shift: 11 | 12 = 12,
  ) {
    [this.s0, this.s1] = state;
  }

  /** A V8 context seeded like `node --random_seed=seed` (V8's 64-bit seed; the flag is an int). */
  static v8FromSeed(model: EngineModelId, seed: bigint, shift: 11 | 12 = 12): EngineMathRandom {
    const s = BigInt.asUintN(64, seed);
    return new EngineMathRandom(model, [murmur3(s), murmur3(~s & MASK64)], shift);
  }

  /** One XorShift128 step: (s0, s1) becomes (s1, next(s0, s1)). */
  private step(): void {
    [this.s0, this.s1] = [this.s1, nextWord(this.s0, this.s1)];
  }

  next(): number {
    switch (this.model) {
      case 'v8-legacy':
        return this.fromCache(() => Number(this.s0 >> BigInt(this.shift)) / 2 ** (64 - this.shift));
      case 'v8-sum-reversed':
        return this.fromCache(() => this.sumHigh());
      case 'v8-sum':
        this.step();
        return this.sumHigh();
      case 'firefox-safari':
        this.step();
        return Number((this.s0 + this.s1) & ((1n << 53n) - 1n)) / 2 ** 53;
    }
  }

  private sumHigh(): number {
    return Number(((this.s0 + this.s1) & MASK64) >> 11n) / 2 ** 53;
  }

  /** V8's cache: 64 values made in step order, handed out from the end. */
  private fromCache(value: () => number): number {
    if (this.cache.length === 0) {
      const fresh: number[] = [];
      for (let i = 0; i < CACHE_SIZE; i++) {
        this.step();
        fresh.push(value());
      }
      this.cache = fresh;
    }
    return this.cache.pop()!;
  }

  take(count: number): number[] {
    return Array.from({ length: count }, () => this.next());
  }
}
