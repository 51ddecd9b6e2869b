/**
 * Measuring compares for real: each method is timed on inputs that first differ at byte k, for k
 * across the whole length (k = length: the inputs are equal), many samples each. A sample times a
 * batch of `repeats` calls and divides, which is the amplification that lifts a difference of a
 * few nanoseconds above a coarse timer. Samples for different k are interleaved in random order,
 * so drift (JIT, frequency scaling) cannot pose as a slope.
 */
import { constantTimeEqual, earlyExitEqual } from './compares';
import { createPrng, shuffled } from './prng';
import {
  histogram,
  linearFit,
  mannWhitney,
  summarize,
  type HistogramBin,
  type Summary,
} from '../../../core/stats';

export type MeasureMethod = 'string-equals' | 'early-exit' | 'xor-accumulate' | 'webcrypto-hmac';

export const METHODS: readonly { id: MeasureMethod; label: string; code: string }[] = [
  { id: 'string-equals', label: 'String ===', code: 'sig === expected' },
  { id: 'early-exit', label: 'Early-exit loop', code: 'for (…) if (a[i] !== b[i]) return false' },
  {
    id: 'xor-accumulate',
    label: 'XOR-accumulate loop',
    code: 'diff |= a[i] ^ b[i]; return diff === 0',
  },
  {
    id: 'webcrypto-hmac',
    label: 'Web Crypto HMAC verify',
    code: 'crypto.subtle.verify("HMAC", key, tag, data)',
  },
];

export interface MeasureConfig {
  methods: MeasureMethod[];
  /** Input length in bytes (HMAC verify always compares a 32-byte SHA-256 tag). */
  length: number;
  /** How many values of k to measure (spread over 0…length). */
  positions: number;
  samples: number;
  repeats: number;
  seed: number;
}

export interface MeasureEnv {
  /** Milliseconds, as performance.now(). */
  now: () => number;
  /** Verifies a 32-byte tag over a fixed message with a fixed key (Web Crypto, in the worker). */
  hmac?: { tag: Uint8Array; verify: (tag: Uint8Array) => Promise<boolean> };
}

export interface MeasurePoint extends Summary {
  k: number;
}

/**
 * The decision rule, shown next to the verdicts: "leaks" when the samples with every byte equal are
 * slower than those with the first byte wrong at p < LEAK_P (one-sided Mann–Whitney rank test) and
 * the fitted slope is positive. Anything else is "no leak measured here", which is not a proof of
 * constant time: a larger slope can still be noise when its spread is larger still.
 */
export const LEAK_P = 1e-3;

export interface MeasureSeries {
  method: MeasureMethod;
  length: number;
  repeats: number;
  /** Nanoseconds per call, per k. */
  points: MeasurePoint[];
  /** Distribution of samples where the inputs differ first at byte 0 and where they are equal. */
  histograms: { k: number; bins: HistogramBin[] }[];
  slopeNsPerByte: number;
  /** Median at the last k minus median at k = 0, per call. */
  differenceNs: number;
  /** The same difference as one sample saw it (per call × repeats). */
  perSampleDifferenceNs: number;
  /** One-sided rank test: are samples at the last k slower than at k = 0? */
  pSlower: number;
  leaks: boolean;
  belowResolution: boolean;
}

export interface MeasureProgress {
  method: MeasureMethod;
  done: number;
  total: number;
}

export interface MeasureResult {
  timerStepNs: number;
  series: MeasureSeries[];
}

/** The smallest step performance.now() takes here (5 µs when cross-origin isolated in Chromium, 100 µs otherwise). */
export function measureTimerStep(now: () => number, tries = 200): number {
  let step = Infinity;
  for (let i = 0; i < tries; i++) {
    const t = now();
    let u = now();
    while (u === t) u = now();
    step = Math.min(step, u - t);
  }
  return step * 1e6;
}

export function positionsFor(length: number, count: number): number[] {
  const n = Math.max(2, Math.min(count, length + 1));
  const out = new Set<number>();
  for (let i = 0; i < n; i++) out.add(Math.round((i * length) / (n - 1)));
  return [...out].sort((a, b) => a - b);
}

function variant(base: Uint8Array, k: number): Uint8Array {
  const out = base.slice();
  if (k < out.length) out[k] = out[k]! ^ 0x5a;
  return out;
}

const toLatin1 = (bytes: Uint8Array) => {
  let s = '';
  for (let i = 0; i < bytes.length; i += 4096)
    s += String.fromCharCode(...bytes.subarray(i, i + 4096));
  return s;
};

let sink = 0;

export async function runMeasurement(
  config: MeasureConfig,
  env: MeasureEnv,
  onProgress?: (progress: MeasureProgress) => void,
): Promise<MeasureResult> {
  const prng = createPrng(config.seed);
  const timerStepNs = measureTimerStep(env.now);
  const series: MeasureSeries[] = [];
  for (const method of config.methods) {
    const length = method === 'webcrypto-hmac' ? 32 : config.length;
    const ks = positionsFor(length, config.positions);
    const base = method === 'webcrypto-hmac' && env.hmac ? env.hmac.tag : prng.bytes(length);
    // Two equal copies of every input, used alternately, so an optimising compiler cannot hoist
    // a repeated compare of the same two values out of the timing loop.
    const inputs = ks.map((k) => variant(base, k));
    const twins = inputs.map((input) => [input, input.slice()] as const);
    const strings = ks.map((_, i) => [toLatin1(inputs[i]!), toLatin1(inputs[i]!)] as const);
    const expectedString = toLatin1(base);
    const repeats =
      method === 'webcrypto-hmac' ? Math.max(1, Math.ceil(config.repeats / 10)) : config.repeats;
    const callBatch = async (i: number): Promise<number> => {
      const input = inputs[i]!;
      if (method === 'webcrypto-hmac') {
        if (!env.hmac) throw new Error('Web Crypto HMAC is not available here.');
        const t0 = env.now();
        for (let r = 0; r < repeats; r++) if (await env.hmac.verify(input)) sink++;
        return env.now() - t0;
      }
      const t0 = env.now();
      if (method === 'string-equals') {
        const s = strings[i]!;
        for (let r = 0; r < repeats; r++) if (s[r & 1] === expectedString) sink++;
      } else if (method === 'early-exit') {
        const pair = twins[i]!;
        for (let r = 0; r < repeats; r++) if (earlyExitEqual(base, pair[r & 1]!)) sink++;
      } else {
        const pair = twins[i]!;
        for (let r = 0; r < repeats; r++) if (constantTimeEqual(base, pair[r & 1]!)) sink++;
      }
      return env.now() - t0;
    };
    // Warm up (JIT, Web Crypto key import) before anything is recorded.
    for (let w = 0; w < 3; w++) for (let i = 0; i < ks.length; i++) await callBatch(i);
    const samples = ks.map(() => [] as number[]);
    const total = config.samples * ks.length;
    let done = 0;
    for (let s = 0; s < config.samples; s++) {
      for (const i of shuffled(
        ks.map((_, j) => j),
        prng,
      )) {
        samples[i]!.push(((await callBatch(i)) * 1e6) / repeats);
        done++;
      }
      onProgress?.({ method, done, total });
    }
    const points = ks.map((k, i) => ({ k, ...summarize(samples[i]!) }));
    const first = samples[0]!;
    const last = samples[samples.length - 1]!;
    const all = samples.flat();
    const lo = Math.min(...all);
    const hi = Math.max(...points.map((p) => p.p90));
    const test = mannWhitney(last, first);
    const fit = linearFit(
      points.map((p) => p.k),
      points.map((p) => p.median),
    );
    const differenceNs = points[points.length - 1]!.median - points[0]!.median;
    series.push({
      method,
      length,
      repeats,
      points,
      histograms: [
        { k: ks[0]!, bins: histogram(first, 24, lo, hi) },
        { k: ks[ks.length - 1]!, bins: histogram(last, 24, lo, hi) },
      ],
      slopeNsPerByte: fit.slope,
      differenceNs,
      perSampleDifferenceNs: differenceNs * repeats,
      pSlower: test.pGreater,
      leaks: test.pGreater < LEAK_P && fit.slope > 0,
      belowResolution: Math.abs(differenceNs * repeats) < timerStepNs,
    });
  }
  if (sink < 0) throw new Error('unreachable');
  return { timerStepNs, series };
}
