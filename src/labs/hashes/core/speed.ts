/**
 * SHA-512 against SHA-256, measured. The talk: SHA-512 is slow on 32-bit machines, and SHA-256 is
 * similarly secure. Three engines hash the same buffer: the length-extension lab's teaching engines
 * (plain 32-bit arithmetic, so each of SHA-512's 64-bit words is a pair of 32-bit halves, as on a
 * 32-bit CPU), @noble/hashes (also JavaScript, also 32-bit halves) and Web Crypto (the browser's
 * native code, 64-bit, with SHA instructions where the CPU has them). The clock and Web Crypto are
 * passed in, so the same loop runs in a worker, in the CLI and in tests with a fake clock. Only the
 * rates are measured; the sentences that read them are computed from them here.
 */
import { fail, ok, type Result } from '../../../core/result';
import { median } from '../../../core/stats';
import { digest as teachingDigest } from '../../length-extension/core';
import { getAlgorithm, hashBytes } from './algorithms';
import type { WebCryptoDigest } from './hash-stream';

export const SPEED_ALGORITHMS = ['md5', 'sha256', 'sha512'] as const;
export type SpeedAlgorithm = (typeof SPEED_ALGORITHMS)[number];

export const SPEED_ENGINES = ['teaching', 'noble', 'webcrypto'] as const;
export type SpeedEngine = (typeof SPEED_ENGINES)[number];

export const ENGINE_LABELS: Readonly<Record<SpeedEngine, string>> = {
  teaching: 'Teaching engine (32-bit)',
  noble: '@noble/hashes (JS)',
  webcrypto: 'Web Crypto (native)',
};

export const algorithmLabel = (id: SpeedAlgorithm): string => getAlgorithm(id).label;

export interface SpeedPlan {
  /** Timed runs per algorithm and engine, after one untimed warm-up run each. */
  runs: number;
  /** Each run hashes the buffer again and again until at least this many milliseconds have passed. */
  minRunMs: number;
  /** Bytes per hash call: large enough that a call's fixed cost (a promise, padding) is noise. */
  bufferBytes: number;
}

/**
 * 1 MiB per call: Web Crypto answers each digest through a promise from another thread, a fixed
 * cost that would flatter the slower hash on small buffers.
 */
export const DEFAULT_SPEED_PLAN: SpeedPlan = { runs: 5, minRunMs: 150, bufferBytes: 1024 * 1024 };

export const SPEED_LIMITS = {
  runs: [1, 25],
  minRunMs: [10, 5000],
  bufferBytes: [64, 16 * 1024 * 1024],
} as const satisfies Record<keyof SpeedPlan, readonly [number, number]>;

/** Checks a plan from outside (the CLI's options, a worker message). */
export function checkSpeedPlan(plan: Partial<SpeedPlan>): Result<SpeedPlan> {
  const out = { ...DEFAULT_SPEED_PLAN, ...plan };
  for (const key of Object.keys(SPEED_LIMITS) as (keyof SpeedPlan)[]) {
    const [min, max] = SPEED_LIMITS[key];
    const value = out[key];
    if (!Number.isInteger(value) || value < min || value > max)
      return fail(
        `speed/bad-${key}`,
        `${key} must be a whole number from ${min} to ${max} (got ${String(value)}).`,
      );
  }
  return ok(out);
}

/** Hashes `data` once; may return a promise (Web Crypto), which the loop awaits. */
export type Digester = (data: Uint8Array) => unknown;

export type Digesters = Readonly<Record<SpeedEngine, Partial<Record<SpeedAlgorithm, Digester>>>>;

export interface SpeedUnavailable {
  algorithm: SpeedAlgorithm;
  engine: SpeedEngine;
  reason: string;
}

/**
 * The engines as functions. Without Web Crypto (a page served over plain http from another
 * machine is not a secure context, and has no crypto.subtle) its rows are reported unavailable.
 */
export function speedDigesters(webCrypto: WebCryptoDigest | null): Digesters {
  const each = (make: (id: SpeedAlgorithm) => Digester) =>
    Object.fromEntries(SPEED_ALGORITHMS.map((id) => [id, make(id)])) as Record<
      SpeedAlgorithm,
      Digester
    >;
  return {
    teaching: each((id) => (data) => teachingDigest(id, data)),
    noble: each((id) => (data) => hashBytes(id, data)),
    webcrypto: webCrypto
      ? {
          sha256: (data) => webCrypto('SHA-256', data),
          sha512: (data) => webCrypto('SHA-512', data),
        }
      : {},
  };
}

function unavailableReason(engine: SpeedEngine, algorithm: SpeedAlgorithm): string {
  if (engine === 'webcrypto' && algorithm === 'md5') return 'Web Crypto has no MD5';
  if (engine === 'webcrypto')
    return 'Web Crypto is not available here (it needs a secure context: https or localhost)';
  return 'not available';
}

export interface RunSample {
  /** Bytes hashed during the run. */
  bytes: number;
  ms: number;
  /** Megabytes (10^6 bytes) per second. */
  mbPerSecond: number;
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as { then?: unknown } | null)?.then === 'function';

/**
 * One timed run: call `digester` on `data` until at least `minRunMs` have passed on `now`, and
 * divide the bytes by the time. Timing many calls together keeps the clock's resolution (browsers
 * coarsen performance.now() to 0.1 ms or more) small against the run.
 */
export async function timeRun(
  digester: Digester,
  data: Uint8Array,
  now: () => number,
  minRunMs: number,
): Promise<RunSample> {
  const start = now();
  let calls = 0;
  let ms: number;
  do {
    const pending = digester(data);
    if (isThenable(pending)) await pending;
    calls++;
    ms = now() - start;
  } while (ms < minRunMs);
  const bytes = calls * data.length;
  return { bytes, ms, mbPerSecond: bytes / ms / 1000 };
}

export interface SpeedRow {
  algorithm: SpeedAlgorithm;
  engine: SpeedEngine;
  /** MB/s of each timed run, in the order they ran. */
  samples: number[];
  median: number;
  min: number;
  max: number;
}

export interface SpeedProgress {
  /** Runs finished, warm-up runs included. */
  done: number;
  total: number;
  /** The run that just finished. */
  algorithm: SpeedAlgorithm;
  engine: SpeedEngine;
  warmUp: boolean;
}

export interface SpeedResult {
  plan: SpeedPlan;
  rows: SpeedRow[];
  unavailable: SpeedUnavailable[];
  verdict: SpeedVerdict;
}

export interface MeasureOptions {
  now: () => number;
  onProgress?: (progress: SpeedProgress) => void;
}

/** The same bytes every time; their values do not change the work a Merkle–Damgård hash does. */
export function speedBuffer(length: number): Uint8Array {
  const data = new Uint8Array(length);
  for (let i = 0; i < length; i++) data[i] = (i * 167 + 13) & 0xff;
  return data;
}

/**
 * Measures every algorithm with every engine that has it. Runs are interleaved (run 1 of every
 * pair, then run 2 of every pair, …) so that a slow moment of a busy machine falls on all of them
 * alike instead of on one pair's runs; the first round warms up the JIT and is not counted.
 */
export async function measureSpeed(
  plan: SpeedPlan,
  digesters: Digesters,
  options: MeasureOptions,
): Promise<SpeedResult> {
  const pairs: { algorithm: SpeedAlgorithm; engine: SpeedEngine; digester: Digester }[] = [];
  const unavailable: SpeedUnavailable[] = [];
  for (const algorithm of SPEED_ALGORITHMS) {
    for (const engine of SPEED_ENGINES) {
      const digester = digesters[engine][algorithm];
      if (digester) pairs.push({ algorithm, engine, digester });
      else unavailable.push({ algorithm, engine, reason: unavailableReason(engine, algorithm) });
    }
  }
  const data = speedBuffer(plan.bufferBytes);
  const samples = pairs.map(() => [] as number[]);
  const total = pairs.length * (plan.runs + 1);
  let done = 0;
  for (let round = 0; round <= plan.runs; round++) {
    const warmUp = round === 0;
    for (const [i, pair] of pairs.entries()) {
      const run = await timeRun(pair.digester, data, options.now, plan.minRunMs);
      if (!warmUp) samples[i]!.push(run.mbPerSecond);
      done++;
      options.onProgress?.({
        done,
        total,
        algorithm: pair.algorithm,
        engine: pair.engine,
        warmUp,
      });
    }
  }
  const rows = pairs.map(({ algorithm, engine }, i) =>
    summarizeRuns(algorithm, engine, samples[i]!),
  );
  return { plan, rows, unavailable, verdict: judgeSpeed(rows) };
}

export function summarizeRuns(
  algorithm: SpeedAlgorithm,
  engine: SpeedEngine,
  samples: number[],
): SpeedRow {
  return {
    algorithm,
    engine,
    samples,
    median: median(samples),
    min: Math.min(...samples),
    max: Math.max(...samples),
  };
}

// ---------------------------------------------------------------- reading the numbers

/** `overlap`: the gap is within the run-to-run spread; `too-few-runs`: the spread is unknown. */
export type Faster = 'sha256' | 'sha512' | 'overlap' | 'too-few-runs';

/** Fewer runs than this give no spread to judge a gap against. */
export const MIN_RUNS_TO_DECIDE = 3;

export interface Sha2Comparison {
  engine: SpeedEngine;
  sha256: SpeedRow;
  sha512: SpeedRow;
  /** SHA-512's median ÷ SHA-256's median. */
  ratio: number;
  /** Which one is faster, when their runs do not overlap. */
  faster: Faster;
}

export interface SpeedVerdict {
  thirtyTwoBit: Sha2Comparison | null;
  native: Sha2Comparison | null;
  /**
   * The talk's claim (SHA-512 is the slow one on 32-bit machines) against the 32-bit engine's
   * runs: true if SHA-256 was clearly faster, false if SHA-512 was, null if it cannot tell.
   */
  claimHolds: boolean | null;
  /** What the numbers say, in sentences computed from them. */
  sentences: string[];
}

/**
 * Natively, SHA-256 this many times as fast as SHA-512 or more is more than 64-bit software
 * gives it (there SHA-512 is usually the faster per byte), the mark of SHA instructions.
 */
export const MUCH_FASTER = 2;

export function compareSha2(rows: readonly SpeedRow[], engine: SpeedEngine): Sha2Comparison | null {
  const sha256 = rows.find((r) => r.engine === engine && r.algorithm === 'sha256');
  const sha512 = rows.find((r) => r.engine === engine && r.algorithm === 'sha512');
  if (!sha256 || !sha512 || sha256.samples.length === 0 || sha512.samples.length === 0) return null;
  const faster: Faster =
    Math.min(sha256.samples.length, sha512.samples.length) < MIN_RUNS_TO_DECIDE
      ? 'too-few-runs'
      : sha256.min > sha512.max
        ? 'sha256'
        : sha512.min > sha256.max
          ? 'sha512'
          : 'overlap';
  return { engine, sha256, sha512, ratio: sha512.median / sha256.median, faster };
}

/** Three significant figures, never in exponent form. */
export function formatMBps(rate: number): string {
  if (rate >= 100) return rate.toFixed(0);
  if (rate >= 10) return rate.toFixed(1);
  return rate.toFixed(2);
}

export function formatRatio(ratio: number): string {
  return ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(1);
}

function whichIsFaster(c: Sha2Comparison): string {
  if (c.faster === 'overlap') return 'their runs overlap, so neither is clearly faster';
  if (c.faster === 'too-few-runs')
    return `with fewer than ${MIN_RUNS_TO_DECIDE} runs each the spread is unknown, so neither is clearly faster`;
  const [fast, slow] = c.faster === 'sha256' ? ['SHA-256', 'SHA-512'] : ['SHA-512', 'SHA-256'];
  const times = c.faster === 'sha256' ? 1 / c.ratio : c.ratio;
  return `${fast} is ${formatRatio(times)}× as fast as ${slow}`;
}

const rates = (c: Sha2Comparison) =>
  `SHA-512 hashed ${formatMBps(c.sha512.median)} MB/s and SHA-256 ${formatMBps(c.sha256.median)} MB/s`;

function nativeReading(c: Sha2Comparison): string {
  if (c.faster === 'sha512')
    return 'on 64-bit CPUs SHA-512 is often the faster per byte: 80 rounds per 128-byte block against SHA-256’s 64 per 64-byte block';
  if (c.faster === 'sha256' && 1 / c.ratio >= MUCH_FASTER)
    return 'far more than software alone gives it, so this CPU likely has SHA extensions (SHA-NI on x86, the ARMv8 SHA2 instructions), which run SHA-256 in hardware';
  if (c.faster === 'sha256')
    return 'CPUs with SHA extensions (SHA-NI, ARMv8 SHA2) make SHA-256 much faster than this, and without them SHA-512 is often the faster per byte on 64-bit CPUs';
  return 'on 64-bit CPUs SHA-512 is often the faster per byte, and CPUs with SHA extensions (SHA-NI, ARMv8 SHA2) make SHA-256 much faster';
}

/** Reads the rows: the talk's claim on 32-bit arithmetic, and what native code does here. */
export function judgeSpeed(rows: readonly SpeedRow[]): SpeedVerdict {
  const thirtyTwoBit = compareSha2(rows, 'teaching');
  const native = compareSha2(rows, 'webcrypto');
  const claimHolds =
    thirtyTwoBit?.faster === 'sha256' ? true : thirtyTwoBit?.faster === 'sha512' ? false : null;
  const sentences: string[] = [];
  if (thirtyTwoBit) {
    const claim =
      claimHolds === true
        ? 'The talk’s claim holds on this machine.'
        : claimHolds === false
          ? 'The talk’s claim does not show on this machine.'
          : 'This measurement cannot decide the talk’s claim; run it again.';
    sentences.push(
      `With 32-bit arithmetic (the teaching engines, where each 64-bit word of SHA-512 is a pair of 32-bit halves), ${rates(thirtyTwoBit)}: ${whichIsFaster(thirtyTwoBit)}. ${claim}`,
    );
  } else {
    sentences.push('SHA-256 and SHA-512 were not both measured with 32-bit arithmetic.');
  }
  if (native) {
    sentences.push(
      `Natively (Web Crypto), ${rates(native)}: ${whichIsFaster(native)} — ${nativeReading(native)}.`,
    );
  } else {
    sentences.push('Native SHA-256 and SHA-512 (Web Crypto) were not measured here.');
  }
  return { thirtyTwoBit, native, claimHolds, sentences };
}
