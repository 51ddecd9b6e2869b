/**
 * The statistics the timing lab decides with: order statistics, a rank test (Mann–Whitney U with
 * the normal approximation and tie correction), Crosby's box test, Wald's sequential probability
 * ratio test, histograms and a least-squares slope. Checked against values computed by CPython.
 */

import { median, quantileSorted, sortedCopy } from '../../../core/stats';

// Order statistics live in the shared statistics module; re-exported for this lab's callers.
export { median, quantile, quantileSorted, sortedCopy } from '../../../core/stats';

export function mean(xs: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[i]!;
  return xs.length ? sum / xs.length : NaN;
}

/** Sample variance (n − 1), as Python's statistics.variance. */
export function variance(xs: ArrayLike<number>): number {
  const m = mean(xs);
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += (xs[i]! - m) ** 2;
  return xs.length > 1 ? sum / (xs.length - 1) : NaN;
}

/** Median absolute deviation, scaled (×1.4826) to estimate a normal standard deviation. */
export function robustSigma(xs: ArrayLike<number>): number {
  const m = median(xs);
  const deviations = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) deviations[i] = Math.abs(xs[i]! - m);
  return 1.4826 * median(deviations);
}

export interface Summary {
  n: number;
  min: number;
  p10: number;
  q1: number;
  median: number;
  q3: number;
  p90: number;
  max: number;
}

export function summarize(xs: ArrayLike<number>): Summary {
  const s = sortedCopy(xs);
  return {
    n: s.length,
    min: s.length ? s[0]! : NaN,
    p10: quantileSorted(s, 0.1),
    q1: quantileSorted(s, 0.25),
    median: quantileSorted(s, 0.5),
    q3: quantileSorted(s, 0.75),
    p90: quantileSorted(s, 0.9),
    max: s.length ? s[s.length - 1]! : NaN,
  };
}

/** Complementary error function (Numerical Recipes' erfcc: fractional error below 1.2e-7). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** P(Z > z) for a standard normal Z. */
export function normalUpperTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

export interface RankTest {
  /** Mann–Whitney U of the first sample: pairs (a, b) with a > b, ties counting one half. */
  u: number;
  /** Normal approximation with tie correction (no continuity correction). */
  z: number;
  /** One-sided p-value for "the first sample tends to be larger". */
  pGreater: number;
}

/** Mann–Whitney U test of `a` against `b`, by ranking the pooled samples (ties get mean ranks). */
export function mannWhitney(a: ArrayLike<number>, b: ArrayLike<number>): RankTest {
  const n1 = a.length;
  const n2 = b.length;
  const n = n1 + n2;
  const values = new Float64Array(n);
  for (let i = 0; i < n1; i++) values[i] = a[i]!;
  for (let i = 0; i < n2; i++) values[n1 + i] = b[i]!;
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => values[x]! - values[y]!);
  let rankSumA = 0;
  let tieTerm = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]!] === values[order[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    const t = j - i + 1;
    tieTerm += t ** 3 - t;
    for (let k = i; k <= j; k++) if (order[k]! < n1) rankSumA += rank;
    i = j + 1;
  }
  const u = rankSumA - (n1 * (n1 + 1)) / 2;
  const varU = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  const z = varU > 0 ? (u - (n1 * n2) / 2) / Math.sqrt(varU) : 0;
  return { u, z, pGreater: normalUpperTail(z) };
}

/**
 * Crosby, Wallach and Riedi's box test: each sample's "box" is its [lo, hi] quantile interval;
 * `a` is judged slower than `b` when a's box lies entirely above b's, faster when entirely below,
 * and undecided when the boxes overlap.
 */
export function boxTest(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  lo = 0.05,
  hi = 0.1,
): 'slower' | 'faster' | 'overlap' {
  const sa = sortedCopy(a);
  const sb = sortedCopy(b);
  const [aLo, aHi] = [quantileSorted(sa, lo), quantileSorted(sa, hi)];
  const [bLo, bHi] = [quantileSorted(sb, lo), quantileSorted(sb, hi)];
  if (aLo > bHi) return 'slower';
  if (aHi < bLo) return 'faster';
  return 'overlap';
}

/**
 * Wald's sequential probability ratio test between two normal means, H0: μ0 and H1: μ0 + δ, with
 * known σ. Each observation is clipped to [lo, hi] first, so one outlier (a network hiccup) cannot
 * decide the test on its own; μ0 and δ are then means of clipped observations. Error rates:
 * α = P(accept H1 | H0), β = P(accept H0 | H1).
 */
export class Sprt {
  readonly upper: number;
  readonly lower: number;
  llr = 0;
  n = 0;
  constructor(
    readonly mu0: number,
    readonly delta: number,
    readonly sigma: number,
    alpha: number,
    beta: number,
    readonly lo = -Infinity,
    readonly hi = Infinity,
  ) {
    this.upper = Math.log((1 - beta) / alpha);
    this.lower = Math.log(beta / (1 - alpha));
  }
  /** Adds one observation; returns the decision so far. */
  add(x: number): 'H1' | 'H0' | 'continue' {
    const { mu0, delta, sigma } = this;
    const clipped = Math.min(this.hi, Math.max(this.lo, x));
    this.llr += (delta / (sigma * sigma)) * (clipped - mu0 - delta / 2);
    this.n++;
    return this.llr >= this.upper ? 'H1' : this.llr <= this.lower ? 'H0' : 'continue';
  }
}

export interface HistogramBin {
  from: number;
  to: number;
  count: number;
}

/** Equal-width bins over [min, max] (values outside are clamped into the end bins). */
export function histogram(xs: ArrayLike<number>, bins: number, min: number, max: number) {
  const out: HistogramBin[] = [];
  const width = max > min ? (max - min) / bins : 1;
  for (let i = 0; i < bins; i++)
    out.push({ from: min + i * width, to: min + (i + 1) * width, count: 0 });
  for (let i = 0; i < xs.length; i++) {
    const index = Math.min(bins - 1, Math.max(0, Math.floor((xs[i]! - min) / width)));
    out[index]!.count++;
  }
  return out;
}

/** Least-squares line through (x, y). */
export function linearFit(xs: ArrayLike<number>, ys: ArrayLike<number>) {
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  return { slope, intercept: my - slope * mx };
}
