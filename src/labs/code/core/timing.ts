/**
 * The timing measurement: how long the learner's `verify` takes on guesses whose first k units
 * (characters of a string tag, bytes of a Uint8Array) are right, for k across the tag. An
 * early-exit compare stops at the first wrong unit, so its time grows with k; a constant-time
 * compare looks at every unit whatever they hold.
 *
 * Each sample times a batch of calls (one call is far below the clock's resolution), positions are
 * visited in a fresh random order every round (so drift, garbage collection and JIT tiers spread
 * over all positions instead of tilting the line), and the verdict needs both a significant rank
 * correlation and a slope large enough to matter.
 */
import { LEARNER_LIMITS, type TagValue, type TimingCalibration } from './learner-protocol';
import { median, quantile, spearman, spearmanUpperP, theilSenSlope } from '../../../core/stats';
import { guessWithPrefix, type TagFormat } from './tag-format';

export interface TimingOptions {
  /** A clock in milliseconds (performance.now in the worker; a fake clock in the tests). */
  now: () => number;
  /** Time to spend sampling, after calibration. */
  budgetMs: number;
  /** Uniform [0, 1) numbers for the visiting order (not Math.random: the token attack reads that stream). */
  random: () => number;
  /** Positions measured, spread evenly over the tag (default 16). */
  maxPositions?: number;
  /** Shortest batch, in ms (default 0.5 ms, or 50 clock steps if the clock is coarse). */
  minBatchMs?: number;
  /** Stops after this many rounds even if budget is left (default 400). */
  maxRounds?: number;
  onProgress?: (progress: TimingProgress) => void;
}

export interface TimingProgress {
  rounds: number;
  elapsedMs: number;
  budgetMs: number;
  positions: number[];
  /** Medians so far, one per position (ns per call). */
  medians: number[];
  unit: 'character' | 'byte';
}

export interface PositionSummary {
  /** How many leading units of the guess are right. */
  position: number;
  median: number;
  q1: number;
  q3: number;
  samples: number;
}

export interface TimingAnalysis {
  /** Nanoseconds per extra correct unit, by Theil–Sen over the position medians. */
  slopeNsPerUnit: number;
  /** Spearman's rho between position and time over every sample. */
  rho: number;
  /** One-sided p-value of rho (time grows with the correct prefix). */
  pValue: number;
  /** How much slower the longest correct prefix is than none, from the slope (ns). */
  effectNs: number;
  /** effectNs over the median time of a call. */
  relativeEffect: number;
  leak: boolean;
  /** One sentence on why the verdict is what it is. */
  reason: string;
}

export interface TimingMeasurement {
  unit: 'character' | 'byte';
  tagLength: number;
  positions: number[];
  batchSize: number;
  /** The clock's smallest step, as measured (ms). */
  resolutionMs: number;
  rounds: number;
  elapsedMs: number;
  /** Every sample, ns per call, per position (same order as `positions`). */
  samples: number[][];
  summary: PositionSummary[];
  analysis: TimingAnalysis;
}

/** Spearman's p must be below this… */
export const LEAK_P_VALUE = 1e-6;
/** …and the whole-tag effect at least this fraction of a call (smaller is within noise of the clock). */
export const LEAK_MIN_RELATIVE = 0.01;

/** Calls verify on one guess (its answer and any throw are dropped: only its time counts). */
export type GuessCall = (guess: TagValue) => void;

/** Evenly spread positions 0 … length − 1 (at most `max`, always including both ends). */
export function choosePositions(length: number, max = 16): number[] {
  if (length <= 0) return [];
  if (length <= max) return Array.from({ length }, (_, i) => i);
  const out = new Set<number>();
  for (let i = 0; i < max; i++) out.add(Math.round((i * (length - 1)) / (max - 1)));
  return [...out];
}

/** The smallest positive step of the clock, from a short run of readings. */
export function clockResolution(now: () => number, readings = 2000): number {
  let smallest = Infinity;
  let last = now();
  for (let i = 0; i < readings; i++) {
    const t = now();
    if (t > last) {
      smallest = Math.min(smallest, t - last);
      last = t;
    }
  }
  return Number.isFinite(smallest) ? smallest : 1;
}

// ---- Where verify runs (the harness): warm up, calibrate, sample ----------------------------

/**
 * Warms verify up on every guess (the JIT compiles it and the compare on the hot path first) and
 * doubles the batch until one batch takes at least `minBatchMs` (default: 0.5 ms, or 50 clock
 * steps if the clock is coarse). Runs next to verify, on its clock.
 */
export function calibrateTiming(
  call: GuessCall,
  guesses: readonly TagValue[],
  now: () => number,
  minBatchMs: number | null,
): TimingCalibration {
  const resolutionMs = clockResolution(now);
  const minBatch = minBatchMs ?? Math.max(0.5, 50 * resolutionMs);
  for (let i = 0; i < 20; i++) for (let g = 0; g < guesses.length; g++) call(guesses[g]!);
  let batchSize = 1;
  for (;;) {
    const start = now();
    for (let i = 0; i < batchSize; i++) call(guesses[0]!);
    if (now() - start >= minBatch || batchSize >= LEARNER_LIMITS.batchSize) break;
    batchSize *= 2;
  }
  return { resolutionMs, batchSize };
}

/**
 * Times one batch of `batchSize` calls per visit (`visits` index into `guesses`) and returns the
 * nanoseconds per call of each, in visiting order. Runs next to verify, on its clock; the samples
 * go into a Float64Array, whose element writes no patched prototype can intercept.
 */
export function sampleTiming(
  call: GuessCall,
  guesses: readonly TagValue[],
  visits: readonly number[],
  batchSize: number,
  now: () => number,
): Float64Array {
  const out = new Float64Array(visits.length);
  for (let v = 0; v < visits.length; v++) {
    const guess = guesses[visits[v]!]!;
    const start = now();
    for (let i = 0; i < batchSize; i++) call(guess);
    out[v] = ((now() - start) * 1e6) / batchSize;
  }
  return out;
}

// ---- Where the battery runs: which guesses, in what order, for how long ---------------------

/** verify's side of the measurement, wherever verify runs (the sandbox, this process). */
export interface TimingProbe {
  /** Warms up and calibrates on these guesses (calibrateTiming, next to verify). */
  start(guesses: TagValue[], minBatchMs: number | null): Promise<TimingCalibration>;
  /** Samples these visits (sampleTiming, next to verify). */
  sample(visits: number[], batchSize: number): Promise<Float64Array>;
}

/** Each request to the probe aims to take this long, so the round trips cost little. */
const CHUNK_MS = 50;

export async function measureTiming(
  tag: TagValue,
  format: TagFormat | null,
  probe: TimingProbe,
  options: TimingOptions,
): Promise<TimingMeasurement> {
  const { now, random } = options;
  const positions = choosePositions(tag.length, options.maxPositions ?? 16);
  const guesses = positions.map((k) => guessWithPrefix(tag, k, format));
  const { resolutionMs, batchSize } = await probe.start(guesses, options.minBatchMs ?? null);

  const samples: number[][] = positions.map(() => []);
  const order = positions.map((_, i) => i);
  const maxRounds = options.maxRounds ?? 400;
  const started = now();
  let rounds = 0;
  let lastReport = started;
  let chunk = 1;
  while (rounds < maxRounds && now() - started < options.budgetMs) {
    // A fresh random visiting order every round, so drift, garbage collection and JIT tiers
    // spread over all positions instead of tilting the line.
    const count = Math.min(chunk, maxRounds - rounds);
    const visits: number[] = [];
    for (let r = 0; r < count; r++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      visits.push(...order);
    }
    const chunkStart = now();
    const times = await probe.sample(visits, batchSize);
    visits.forEach((index, v) => samples[index]!.push(times[v]!));
    rounds += count;
    const t = now();
    const perRound = (t - chunkStart) / count;
    const left = options.budgetMs - (t - started);
    chunk = perRound > 0 ? Math.max(1, Math.floor(Math.min(CHUNK_MS, left) / perRound)) : chunk * 2;
    if (options.onProgress && (t - lastReport > 150 || rounds === count)) {
      lastReport = t;
      options.onProgress({
        rounds,
        elapsedMs: t - started,
        budgetMs: options.budgetMs,
        positions,
        medians: samples.map((s) => median(s)),
        unit: typeof tag === 'string' ? 'character' : 'byte',
      });
    }
  }
  const elapsedMs = now() - started;
  const summary = positions.map((position, i) => ({
    position,
    median: median(samples[i]!),
    q1: quantile(samples[i]!, 0.25),
    q3: quantile(samples[i]!, 0.75),
    samples: samples[i]!.length,
  }));
  return {
    unit: typeof tag === 'string' ? 'character' : 'byte',
    tagLength: tag.length,
    positions,
    batchSize,
    resolutionMs,
    rounds,
    elapsedMs,
    samples,
    summary,
    analysis: analyseTiming(positions, samples),
  };
}

/** The verdict from the samples alone (exported so it can be tested on made-up data). */
export function analyseTiming(
  positions: readonly number[],
  samples: readonly number[][],
): TimingAnalysis {
  const xs: number[] = [];
  const ys: number[] = [];
  positions.forEach((position, i) => {
    for (const value of samples[i] ?? []) {
      xs.push(position);
      ys.push(value);
    }
  });
  const medians = samples.map((s) => median(s));
  if (xs.length < 10 || positions.length < 2) {
    return {
      slopeNsPerUnit: 0,
      rho: 0,
      pValue: 1,
      effectNs: 0,
      relativeEffect: 0,
      leak: false,
      reason:
        'Too few samples to judge: verify is too slow for the time given, or the tag is one unit long.',
    };
  }
  const rho = spearman(xs, ys);
  const pValue = spearmanUpperP(rho, xs.length);
  const slopeNsPerUnit = theilSenSlope(positions, medians);
  const span = positions[positions.length - 1]! - positions[0]!;
  const effectNs = slopeNsPerUnit * span;
  const typical = median(ys);
  const relativeEffect = typical > 0 ? effectNs / typical : 0;
  const significant = pValue < LEAK_P_VALUE;
  const large = relativeEffect >= LEAK_MIN_RELATIVE;
  const leak = significant && large;
  const reason = leak
    ? `Time grows with the correct prefix: about ${formatNs(slopeNsPerUnit)} more per correct unit (${(relativeEffect * 100).toFixed(1)}% of a call over the whole tag), with p ≈ ${pValue.toExponential(1)}.`
    : significant
      ? `A trend this small (${(relativeEffect * 100).toFixed(2)}% of a call over the whole tag) is below what the measurement can attribute to the compare.`
      : `No trend with the correct prefix (Spearman's rho ${rho.toFixed(3)}, p ≈ ${pValue < 0.001 ? pValue.toExponential(1) : pValue.toFixed(3)}).`;
  return { slopeNsPerUnit, rho, pValue, effectNs, relativeEffect, leak, reason };
}

function formatNs(ns: number): string {
  return ns >= 1000 ? `${(ns / 1000).toFixed(2)} µs` : `${ns.toFixed(ns < 10 ? 2 : 1)} ns`;
}
