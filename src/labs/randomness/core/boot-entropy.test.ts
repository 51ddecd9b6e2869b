import { describe, expect, it } from 'vitest';
import {
  bootVictim,
  KNOWLEDGE,
  presetSize,
  parseBootSpace,
  restoreTwice,
  searchBootSpace,
  withMeasuredRate,
  RATE_SAMPLE,
  spaceSize,
  time256Seed,
  timePidKey,
  tokenForKey,
  type Knowledge,
} from './boot-entropy';
import { PythonRandom, seedWords } from './python-random';
import cpython from './vectors/boot-seed-cpython.json' with { type: 'json' };

describe('CPython’s fallback seeds, against real CPython', () => {
  it.each(cpython.time_pid.map((v, i) => [i, v] as const))(
    'time + pid (run %i): the key is [wall ns, pid, monotonic ns] in 32-bit words, and makes the real outputs',
    (_i, v) => {
      const wall = BigInt(v.wall_ns);
      const monotonic = BigInt(v.monotonic_ns);
      expect(timePidKey(wall, v.pid, monotonic)).toEqual(v.key);
      const random = PythonRandom.fromSeedWords(v.key);
      expect(Array.from({ length: 8 }, () => random.nextUint32())).toEqual(v.first_getrandbits32);
      expect(tokenForKey(v.key)).toBe(v.token_getrandbits128_hex);
      // The clocks CPython read lie between what the process read just before and after.
      const [w0, w1] = v.window.wall_ns.map(BigInt) as [bigint, bigint];
      const [m0, m1] = v.window.monotonic_ns.map(BigInt) as [bigint, bigint];
      expect(wall >= w0 && wall <= w1).toBe(true);
      expect(monotonic >= m0 && monotonic <= m1).toBe(true);
    },
  );

  it('time + pid: a search around the real clocks finds the real key; a window beside it finds nothing', () => {
    const v = cpython.time_pid[1]!;
    const wall = BigInt(v.wall_ns);
    const boot = wall - BigInt(v.monotonic_ns);
    const around = {
      model: 'time-pid' as const,
      pidFrom: v.pid - 1,
      pidTo: v.pid + 1,
      wallFromNs: wall - 150n,
      wallToNs: wall + 49n,
      bootFromNs: boot - 60n,
      bootToNs: boot + 39n,
    };
    const result = searchBootSpace(around, v.token_getrandbits128_hex);
    expect(result.found?.key).toEqual(v.key);
    expect(result.found?.wallNs).toBe(wall);
    expect(result.found?.monotonicNs).toBe(BigInt(v.monotonic_ns));
    expect(result.found?.pid).toBe(v.pid);
    const beside = { ...around, bootFromNs: boot + 1n, bootToNs: boot + 40n };
    const none = searchBootSpace(beside, v.token_getrandbits128_hex);
    expect(none.found).toBeNull();
    expect(none.tried).toBe(spaceSize(beside));
  });

  it.each(cpython.time_256.map((v) => [v.seed, v] as const))(
    'int(time.time() * 256) = %i: same seed, same token as CPython, found in a minute of seeds',
    (seed, v) => {
      expect(time256Seed(v.time)).toBe(seed);
      expect(tokenForKey(seedWords(seed))).toBe(v.token_getrandbits128_hex);
      const result = searchBootSpace(
        { model: 'time-256', fromSeed: seed - 10_000, toSeed: seed + 5_359 },
        v.token_getrandbits128_hex,
      );
      expect(result.found?.seed).toBe(seed);
      expect(result.tried).toBe(10_001);
    },
  );
});

describe('the boot scenario', () => {
  const sources = (seed: number) => {
    const r = new PythonRandom(seed);
    return { nowMs: 1_796_000_000_000, randomBelow: (n: number) => r.randbelow(n) };
  };

  it.each(['minutes', 'narrowed', 'same-machine', 'remote'] as Knowledge[])(
    '%s: the attacker’s space has the preset’s size and holds the victim’s key',
    (knowledge) => {
      for (let seed = 1; seed <= 20; seed++) {
        const victim = bootVictim(knowledge, sources(seed));
        const { space } = victim;
        expect(spaceSize(space)).toBe(presetSize(KNOWLEDGE[knowledge]));
        expect(tokenForKey(victim.key)).toBe(victim.token);
        if (space.model === 'time-256') {
          expect(victim.seed! >= space.fromSeed && victim.seed! <= space.toSeed).toBe(true);
        } else {
          const boot = victim.wallNs! - victim.monotonicNs!;
          expect(victim.key).toEqual(timePidKey(victim.wallNs!, victim.pid!, victim.monotonicNs!));
          expect(victim.pid! >= space.pidFrom && victim.pid! <= space.pidTo).toBe(true);
          expect(victim.wallNs! >= space.wallFromNs && victim.wallNs! <= space.wallToNs).toBe(true);
          expect(boot >= space.bootFromNs && boot <= space.bootToNs).toBe(true);
        }
      }
    },
  );

  it('ten minutes of boot, 256 seeds a second: the search finds the victim and reports progress', () => {
    const victim = bootVictim('minutes', sources(7));
    const progress: number[] = [];
    const result = searchBootSpace(victim.space, victim.token, {
      onProgress: (p) => progress.push(p.done),
      chunk: 512,
    });
    expect(result.found?.key).toEqual(victim.key);
    expect(result.found?.seed).toBe(victim.seed);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((done, i) => done > (progress[i - 1] ?? 0))).toBe(true);
  });

  it('a key found too early to time still gives a rate: a sample of RATE_SAMPLE candidates is timed', () => {
    const victim = bootVictim('minutes', sources(7));
    const space = victim.space.model === 'time-256' ? victim.space : null;
    expect(space).not.toBeNull();
    // The victim's seed first in the space: found on the first try, in one tick of the clock.
    const early = { ...space!, fromSeed: victim.seed! };
    let tick = 0;
    const now = () => tick++;
    const found = searchBootSpace(early, victim.token, { now });
    expect(found.tried).toBe(1);
    const measured = withMeasuredRate(found, early, now);
    expect(measured.found).toEqual(found.found);
    expect(measured.tried).toBe(1);
    // The sample ran RATE_SAMPLE candidates in one tick (1 ms): RATE_SAMPLE × 1000 a second.
    expect(measured.rate).toBe(RATE_SAMPLE * 1000);
    // The time-pid model is sampled in its own loop.
    const pid = bootVictim('narrowed', sources(3));
    const sampled = withMeasuredRate({ ...found, tried: 0 }, pid.space, now);
    expect(sampled.rate).toBe(RATE_SAMPLE * 1000);
    // A search long enough to time keeps its own rate.
    const long = { ...found, tried: RATE_SAMPLE, rate: 42 };
    expect(withMeasuredRate(long, early, now).rate).toBe(42);
  });

  it('two VMs restored from one snapshot make the same keys, until each reseeds from the OS', () => {
    const words = (seed: number) => {
      const r = new PythonRandom(seed);
      return Array.from({ length: 624 }, () => r.nextUint32());
    };
    const cloned = restoreTwice(words(1), 3, null);
    expect(cloned.vmA).toEqual(cloned.vmB);
    expect(cloned.same).toEqual([true, true, true]);
    const reseeded = restoreTwice(words(1), 3, [words(2), words(3)]);
    expect(reseeded.same).toEqual([false, false, false]);
    // The key made before the snapshot is not repeated: restored VMs continue after it.
    const original = PythonRandom.fromSeedWords(words(1));
    original.getrandbits(128);
    expect(original.getrandbits(128).toString(16).padStart(32, '0')).toBe(cloned.vmA[0]);
  });
});

describe('spaces typed by a user', () => {
  it('explains what is wrong', () => {
    const bad = (input: Parameters<typeof parseBootSpace>[0]) => {
      const result = parseBootSpace(input);
      return result.ok ? null : result.error.message;
    };
    expect(bad({ model: 'time-256', fromSeed: '5', toSeed: 'x' })).toMatch(/whole number/);
    expect(bad({ model: 'time-256', fromSeed: '5', toSeed: '1' })).toMatch(/not be before/);
    expect(bad({ model: 'time-256', fromSeed: '0', toSeed: String(2 ** 33) })).toMatch(/2\^32/);
    expect(bad({ model: 'nope' })).toMatch(/time-256 or time-pid/);
    const pid = {
      model: 'time-pid',
      pidFrom: '10',
      pidTo: '10',
      wallFrom: '1000',
      wallTo: '1999',
      bootFrom: '0',
      bootTo: '99',
    };
    expect(bad(pid)).toBeNull();
    expect(bad({ ...pid, bootTo: '1500' })).toMatch(/boot instant must come before/);
    expect(bad({ ...pid, pidTo: '9' })).toMatch(/not be before/);
    expect(bad({ ...pid, wallTo: '99999999999' })).toMatch(/2\^32/);
  });
});
