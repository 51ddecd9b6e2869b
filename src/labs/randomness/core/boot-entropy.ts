/**
 * Little entropy at boot: what CPython's `random.Random()` falls back on when the operating system
 * gives it no randomness, how big that space really is, and a search through it.
 *
 * - Current CPython (Modules/_randommodule.c, random_seed_time_pid: python3 here is 3.11; 3.12
 *   reads the same clocks, and 3.13 only renamed the calls to PyTime_Time/PyTime_Monotonic):
 *   init_by_array over the five words
 *     [wall ns & 0xffffffff, wall ns >> 32, getpid(), monotonic ns & 0xffffffff, monotonic ns >> 32].
 *   Both clocks are read in nanoseconds, so the space is not a few thousand seconds: it is the wall
 *   clock window times the window for wall - monotonic (the boot instant) times the pids, each in
 *   ns. vectors/make_boot_seed_vectors.py makes real CPython take this path and checks the layout.
 * - CPython 2.7 and 3.2–3.5 (Lib/random.py) fell back, when os.urandom raised NotImplementedError,
 *   on `a = int(time.time() * 256)`: 256 seeds a second, a small space when the time is roughly known.
 *
 * Candidates are told apart by the first output of the generator each key makes (the low 32 bits
 * of the token `'%032x' % random.getrandbits(128)`), then confirmed on the whole token.
 */
import { fail, ok, type Result } from '../../../core/result';
import { MT_M, MT_N, initGenrand, temper, twistWord } from './mt19937';
import { PythonRandom, seedWords } from './python-random';

export type FallbackModel = 'time-256' | 'time-pid';

/** The key random_seed_time_pid passes to init_by_array. */
export function timePidKey(wallNs: bigint, pid: number, monotonicNs: bigint): number[] {
  const low = (x: bigint) => Number(x & 0xffffffffn);
  const high = (x: bigint) => Number((x >> 32n) & 0xffffffffn);
  return [low(wallNs), high(wallNs), pid >>> 0, low(monotonicNs), high(monotonicNs)];
}

/** `int(time.time() * 256)`, the old fallback seed (int() truncates towards zero). */
export function time256Seed(unixSeconds: number): number {
  return Math.trunc(unixSeconds * 256);
}

/** What the victim hands out: `'%032x' % random.getrandbits(128)` from a freshly seeded generator. */
export function tokenForKey(key: readonly number[]): string {
  return PythonRandom.fromSeedWords(key).getrandbits(128).toString(16).padStart(32, '0');
}

const GENRAND = new Int32Array(initGenrand(19650218).buffer);

/**
 * The first getrandbits(32) output after init_by_array(key): the whole seeding (its cost is the
 * search's cost), then only the one twisted word the first output needs (words 0, 1 and 397).
 */
function firstOutput(key: Int32Array, length: number, mt: Int32Array): number {
  mt.set(GENRAND);
  let i = 1;
  let j = 0;
  let prev = mt[0]!;
  for (let k = Math.max(MT_N, length); k > 0; k--) {
    prev = ((mt[i]! ^ Math.imul(prev ^ (prev >>> 30), 1664525)) + key[j]! + j) | 0;
    mt[i] = prev;
    i++;
    j++;
    if (i >= MT_N) {
      mt[0] = prev;
      i = 1;
    }
    if (j >= length) j = 0;
  }
  for (let k = MT_N - 1; k > 0; k--) {
    prev = ((mt[i]! ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) - i) | 0;
    mt[i] = prev;
    i++;
    if (i >= MT_N) {
      mt[0] = prev;
      i = 1;
    }
  }
  return temper(twistWord(0x80000000, mt[1]!, mt[MT_M]!));
}

/** The space an attacker searches. Times are in nanoseconds, as the CPython 3 key has them. */
export type BootSpace =
  | { model: 'time-256'; fromSeed: number; toSeed: number }
  | {
      model: 'time-pid';
      pidFrom: number;
      pidTo: number;
      wallFromNs: bigint;
      wallToNs: bigint;
      /** wall - monotonic at seeding: the boot instant on the wall clock (plus the read gap). */
      bootFromNs: bigint;
      bootToNs: bigint;
    };

export function spaceSize(space: BootSpace): number {
  if (space.model === 'time-256') return space.toSeed - space.fromSeed + 1;
  return (
    (space.pidTo - space.pidFrom + 1) *
    Number(space.wallToNs - space.wallFromNs + 1n) *
    Number(space.bootToNs - space.bootFromNs + 1n)
  );
}

export interface BootSearchProgress {
  done: number;
  total: number;
  elapsedMs: number;
  rate: number;
}

export interface BootFind {
  key: number[];
  /** time-256: the seed; time-pid: the clocks and pid the key holds. */
  seed?: number;
  pid?: number;
  wallNs?: bigint;
  monotonicNs?: bigint;
  token: string;
}

export interface BootSearchResult {
  found: BootFind | null;
  tried: number;
  total: number;
  elapsedMs: number;
  rate: number;
}

/** The most candidates one search may cover; beyond it the lab estimates instead of searching. */
export const MAX_BOOT_SEARCH = 2 ** 32;

/**
 * Tries every key in the space until one makes `token`. Reports progress every `chunk` candidates.
 */
export function searchBootSpace(
  space: BootSpace,
  token: string,
  options: {
    now?: () => number;
    onProgress?: (progress: BootSearchProgress) => void;
    chunk?: number;
  } = {},
): BootSearchResult {
  const now = options.now ?? (() => 0);
  const chunk = options.chunk ?? 32768;
  const total = spaceSize(space);
  const target = Number.parseInt(token.slice(-8), 16) >>> 0;
  const start = now();
  const mt = new Int32Array(MT_N);
  const key = new Int32Array(5);
  let tried = 0;
  let nextReport = chunk;
  const summary = (found: BootFind | null): BootSearchResult => {
    const elapsedMs = now() - start;
    return { found, tried, total, elapsedMs, rate: elapsedMs > 0 ? (tried / elapsedMs) * 1000 : 0 };
  };
  const report = () => {
    if (tried < nextReport) return;
    nextReport = tried + chunk;
    if (!options.onProgress || tried >= total) return;
    const elapsedMs = now() - start;
    options.onProgress({
      done: tried,
      total,
      elapsedMs,
      rate: elapsedMs > 0 ? (tried / elapsedMs) * 1000 : 0,
    });
  };
  /** Confirms a first-output match on the whole token (a 1 in 2^32 coincidence is possible). */
  const confirm = (words: number[]) => tokenForKey(words) === token;

  if (space.model === 'time-256') {
    for (let seed = space.fromSeed; seed <= space.toSeed; seed++) {
      // The 32-bit words of the seed (below 2^53), least significant first, as seedWords gives.
      const high = Math.floor(seed / 4294967296);
      key[0] = seed - high * 4294967296;
      key[1] = high;
      tried++;
      if (firstOutput(key, high > 0 ? 2 : 1, mt) === target) {
        const words = seedWords(seed);
        if (confirm(words)) return summary({ key: words, seed, token });
      }
      report();
    }
    return summary(null);
  }

  const TWO_32 = 4294967296;
  for (let pid = space.pidFrom; pid <= space.pidTo; pid++) {
    key[2] = pid;
    for (let wall = space.wallFromNs; wall <= space.wallToNs; wall++) {
      key[0] = Number(wall & 0xffffffffn);
      key[1] = Number(wall >> 32n);
      // monotonic = wall - boot, for boot from bootFrom up: counted down in 32-bit halves.
      const top = wall - space.bootFromNs;
      let low = Number(top & 0xffffffffn);
      let high = Number(top >> 32n);
      const count = Number(space.bootToNs - space.bootFromNs) + 1;
      for (let b = 0; b < count; b++) {
        key[3] = low;
        key[4] = high;
        tried++;
        if (firstOutput(key, 5, mt) === target) {
          const words = [key[0]! >>> 0, key[1]! >>> 0, pid, low, high];
          if (confirm(words))
            return summary({
              key: words,
              pid,
              wallNs: wall,
              monotonicNs: BigInt(high) * 4294967296n + BigInt(low),
              token,
            });
        }
        if (--low < 0) {
          low += TWO_32;
          high--;
        }
        report();
      }
    }
  }
  return summary(null);
}

/** Fewer candidates than this make too short a search to time: the rate is then sampled apart. */
export const RATE_SAMPLE = 10_000;

/**
 * `result` with a rate the lab can trust. A search that found its key early (the key's place in
 * the space is random) tried too few candidates to time, so the same loop is timed over
 * RATE_SAMPLE candidates of this model, against a token nothing confirms. Without this, whether
 * the table got its times depended on where the victim's key happened to lie.
 */
export function withMeasuredRate(
  result: BootSearchResult,
  space: BootSpace,
  now: () => number,
): BootSearchResult {
  if (result.tried >= RATE_SAMPLE) return result;
  const sample: BootSpace =
    space.model === 'time-256'
      ? { model: 'time-256', fromSeed: space.fromSeed, toSeed: space.fromSeed + RATE_SAMPLE - 1 }
      : {
          ...space,
          pidTo: space.pidFrom,
          wallToNs: space.wallFromNs,
          bootToNs: space.bootFromNs + BigInt(RATE_SAMPLE - 1),
        };
  // '' is no token: its first-output target can match, but the whole-token check never does.
  return { ...result, rate: searchBootSpace(sample, '', { now }).rate };
}

// ---------------------------------------------------------------------------------------------
// The victim and what the attacker knows.

export type Knowledge = 'minutes' | 'same-machine' | 'narrowed' | 'remote';

export interface KnowledgePreset {
  id: Knowledge;
  model: FallbackModel;
  label: string;
  /** What the attacker knows, in a sentence. */
  story: string;
  /** Window widths: pids, wall clock (ns), boot instant (ns); or seeds for time-256. */
  pids: number;
  wallNs: number;
  bootNs: number;
}

/** Nanoseconds in a second. */
const S = 1e9;

export const KNOWLEDGE: Record<Knowledge, KnowledgePreset> = {
  minutes: {
    id: 'minutes',
    model: 'time-256',
    label: 'CPython 2.7–3.5: boot known to within 10 minutes',
    story:
      'The service seeded with int(time.time() * 256) a few seconds after a boot the attacker can date to within 10 minutes (a log line, an uptime, a first packet): 256 seeds per second.',
    pids: 1,
    wallNs: 600 * S,
    bootNs: 1,
  },
  narrowed: {
    id: 'narrowed',
    model: 'time-pid',
    label: 'CPython today: pid within 1, wall clock within 500 ns, boot instant within 200 ns',
    story:
      'A narrowed-down case, so that the search finishes here: the attacker knows the pid to within 1, the moment of seeding to half a microsecond and the boot instant to 200 ns. Real attackers rarely know that much.',
    pids: 3,
    wallNs: 500,
    bootNs: 200,
  },
  'same-machine': {
    id: 'same-machine',
    model: 'time-pid',
    label: 'CPython today: an observer in the same process, just before and after',
    story:
      'Someone who read both clocks just before and after random.Random() in the same process, and knows its pid: in python3 here that pins the wall clock to about 35 µs and the boot instant to about 3 µs (boot-seed-cpython.json).',
    pids: 1,
    wallNs: 35_000,
    bootNs: 3_000,
  },
  remote: {
    id: 'remote',
    model: 'time-pid',
    label: 'CPython today: seeding known to the second, boot to 10 minutes, pid below 32,768',
    story:
      'A remote attacker who can date the boot to within 10 minutes and the moment of seeding to the second: every nanosecond of both clocks is a candidate.',
    pids: 32_768,
    wallNs: S,
    bootNs: 600 * S,
  },
};

export function presetSize(preset: KnowledgePreset): number {
  return preset.model === 'time-256'
    ? (preset.wallNs / S) * 256
    : preset.pids * preset.wallNs * preset.bootNs;
}

export interface SpaceRow {
  id: Knowledge;
  label: string;
  candidates: number;
  /** log2 of the candidates: the bits of entropy the attacker must guess. */
  bits: number;
  /** How long trying them all takes at `rate` candidates a second (null without a rate). */
  seconds: number | null;
}

/** The presets side by side, with the time each takes at a measured rate. */
export function spaceTable(rate: number | null): SpaceRow[] {
  return Object.values(KNOWLEDGE).map((preset) => {
    const candidates = presetSize(preset);
    return {
      id: preset.id,
      label: preset.label,
      candidates,
      bits: Math.log2(candidates),
      seconds: rate && rate > 0 ? candidates / rate : null,
    };
  });
}

export interface BootVictim {
  model: FallbackModel;
  knowledge: Knowledge;
  /** What the attacker sees. */
  token: string;
  /** The truth, revealed after the search to compare. */
  key: number[];
  seed?: number;
  pid?: number;
  wallNs?: bigint;
  monotonicNs?: bigint;
  space: BootSpace;
}

export interface VictimSources {
  nowMs: number;
  /** A uniform integer in [0, n), n < 2^32. */
  randomBelow: (n: number) => number;
}

/** Boots a simulated VM: a service seeds with the fallback; the attacker's windows hold the truth. */
export function bootVictim(knowledge: Knowledge, sources: VictimSources): BootVictim {
  const preset = KNOWLEDGE[knowledge];
  // Windows wider than 2^32 ns are drawn in two parts (milliseconds, then nanoseconds).
  const randomBelow = (n: number) =>
    n <= 2 ** 32
      ? sources.randomBelow(n)
      : sources.randomBelow(Math.floor(n / 1e6)) * 1e6 + sources.randomBelow(1e6);
  // Booted some minutes ago; the service seeded 3 to 9 seconds into the boot.
  const bootNs = BigInt(sources.nowMs - 60_000 - randomBelow(540_000)) * 1_000_000n;
  const uptimeNs = BigInt(3 * S + randomBelow(6 * S));
  if (preset.model === 'time-256') {
    const seconds = Number(bootNs + uptimeNs) / S;
    const seed = time256Seed(seconds);
    const key = seedWords(seed);
    const first = seed - randomBelow(Math.round((preset.wallNs / S) * 256));
    return {
      model: 'time-256',
      knowledge,
      token: tokenForKey(key),
      key,
      seed,
      space: {
        model: 'time-256',
        fromSeed: first,
        toSeed: first + Math.round((preset.wallNs / S) * 256) - 1,
      },
    };
  }
  // CPython reads the wall clock, then getpid(), then the monotonic clock: tens to hundreds of ns.
  const gapNs = BigInt(40 + randomBelow(300));
  const monotonicNs = uptimeNs + gapNs;
  const wallNs = bootNs + uptimeNs;
  const pidFrom = 300 + randomBelow(400);
  const pid = pidFrom + randomBelow(preset.pids);
  const key = timePidKey(wallNs, pid, monotonicNs);
  const wallFromNs = wallNs - BigInt(randomBelow(preset.wallNs));
  const boot = wallNs - monotonicNs;
  const bootFromNs = boot - BigInt(randomBelow(preset.bootNs));
  return {
    model: 'time-pid',
    knowledge,
    token: tokenForKey(key),
    key,
    pid,
    wallNs,
    monotonicNs,
    space: {
      model: 'time-pid',
      pidFrom,
      pidTo: pidFrom + preset.pids - 1,
      wallFromNs,
      wallToNs: wallFromNs + BigInt(preset.wallNs - 1),
      bootFromNs,
      bootToNs: bootFromNs + BigInt(preset.bootNs - 1),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Two VMs restored from one snapshot.

export interface SnapshotRun {
  /** Session keys each restored VM made, in order. */
  vmA: string[];
  vmB: string[];
  same: boolean[];
}

/**
 * A VM seeded its generator from the OS at boot (624 words), then was snapshotted; two copies are
 * restored and each makes `keys` session tokens. With `reseedAfterRestore`, each copy first
 * reseeds from the OS again (the words given), as a generator must after a restore or a fork.
 */
export function restoreTwice(
  bootWords: ArrayLike<number>,
  keys: number,
  reseedAfterRestore: [ArrayLike<number>, ArrayLike<number>] | null,
): SnapshotRun {
  const snapshot = PythonRandom.fromSeedWords(bootWords);
  snapshot.getrandbits(128); // a token made before the snapshot
  const a = reseedAfterRestore
    ? PythonRandom.fromSeedWords(reseedAfterRestore[0])
    : snapshot.clone();
  const b = reseedAfterRestore
    ? PythonRandom.fromSeedWords(reseedAfterRestore[1])
    : snapshot.clone();
  const token = (r: PythonRandom) => r.getrandbits(128).toString(16).padStart(32, '0');
  const vmA = Array.from({ length: keys }, () => token(a));
  const vmB = Array.from({ length: keys }, () => token(b));
  return { vmA, vmB, same: vmA.map((k, i) => k === vmB[i]) };
}

// ---------------------------------------------------------------------------------------------
// User input (CLI).

function parseBig(text: string | undefined, name: string): Result<bigint> {
  const cleaned = (text ?? '').trim().replace(/_/g, '');
  if (!/^\d+$/.test(cleaned)) return fail('boot/not-integer', `${name} must be a whole number.`);
  return ok(BigInt(cleaned));
}

export function parseToken(text: string): Result<string> {
  const cleaned = text.trim().toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(cleaned))
    return fail(
      'boot/token',
      "The token must be 32 hex digits, as printed by '%032x' % random.getrandbits(128).",
    );
  return ok(cleaned);
}

/** A search space typed by a user; windows are inclusive. */
export function parseBootSpace(input: {
  model: string;
  fromSeed?: string;
  toSeed?: string;
  pidFrom?: string;
  pidTo?: string;
  wallFrom?: string;
  wallTo?: string;
  bootFrom?: string;
  bootTo?: string;
}): Result<BootSpace> {
  let space: BootSpace;
  if (input.model === 'time-256') {
    const from = parseBig(input.fromSeed, 'The first seed');
    if (!from.ok) return from;
    const to = parseBig(input.toSeed, 'The last seed');
    if (!to.ok) return to;
    if (to.value > BigInt(Number.MAX_SAFE_INTEGER))
      return fail('boot/too-big', 'Seeds beyond 2^53 are not times * 256.');
    space = { model: 'time-256', fromSeed: Number(from.value), toSeed: Number(to.value) };
    if (space.toSeed < space.fromSeed)
      return fail('boot/empty', 'The last seed must not be before the first.');
  } else if (input.model === 'time-pid') {
    const fields = [
      ['pidFrom', 'The first pid'],
      ['pidTo', 'The last pid'],
      ['wallFrom', 'The first wall-clock time (ns)'],
      ['wallTo', 'The last wall-clock time (ns)'],
      ['bootFrom', 'The first boot instant (ns)'],
      ['bootTo', 'The last boot instant (ns)'],
    ] as const;
    const values: bigint[] = [];
    for (const [field, name] of fields) {
      const value = parseBig(input[field], name);
      if (!value.ok) return value;
      values.push(value.value);
    }
    const [pidFrom, pidTo, wallFrom, wallTo, bootFrom, bootTo] = values as [
      bigint,
      bigint,
      bigint,
      bigint,
      bigint,
      bigint,
    ];
    if (pidTo > 0xffffffffn) return fail('boot/pid', 'A pid is a 32-bit number.');
    if (wallTo >= 1n << 64n) return fail('boot/too-big', 'The clocks are 64-bit nanoseconds.');
    if (pidTo < pidFrom || wallTo < wallFrom || bootTo < bootFrom)
      return fail('boot/empty', 'Each window’s last value must not be before its first.');
    if (bootTo > wallFrom)
      return fail('boot/order', 'The boot instant must come before the wall-clock time.');
    space = {
      model: 'time-pid',
      pidFrom: Number(pidFrom),
      pidTo: Number(pidTo),
      wallFromNs: wallFrom,
      wallToNs: wallTo,
      bootFromNs: bootFrom,
      bootToNs: bootTo,
    };
  } else {
    return fail('boot/model', 'The model is time-256 or time-pid.');
  }
  const size = spaceSize(space);
  if (!(size <= MAX_BOOT_SEARCH))
    return fail(
      'boot/too-wide',
      `That space has ${size.toExponential(2)} candidates; search at most 2^32 at once.`,
    );
  return ok(space);
}
