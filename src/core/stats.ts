/**
 * The statistics every lab decides with, written once (after CyberChef's src/core/lib): order
 * statistics and quantiles, ranks, correlation, least-squares lines (plain, weighted and
 * Theil–Sen), erfc and the incomplete gamma function, and the tests built on them (Mann–Whitney U,
 * Crosby's box test, Wald's sequential probability ratio test). Checked against CPython, NumPy and
 * SciPy (vectors/make_stats_vectors.py).
 */

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

export function sortedCopy(xs: ArrayLike<number>): Float64Array {
  return Float64Array.from(xs).sort();
}

/**
 * Quantile (0 ≤ q ≤ 1) of sorted data by linear interpolation between order statistics (R's type
 * 7, numpy.quantile's default, Python's statistics.quantiles(method='inclusive')).
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export function quantile(xs: ArrayLike<number>, q: number): number {
  return quantileSorted(sortedCopy(xs), q);
}

export function median(xs: ArrayLike<number>): number {
  return quantile(xs, 0.5);
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

/**
 * Ranks from 1, ties sharing the average of their ranks (scipy.stats.rankdata), and the tie term
 * Σ(t³ − t) over groups of t equal values that rank tests correct their variance with.
 */
function rankWithTies(values: ArrayLike<number>): { ranks: number[]; tieTerm: number } {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => values[x]! - values[y]!);
  const ranks = new Array<number>(n);
  let tieTerm = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]!] === values[order[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    const t = j - i + 1;
    tieTerm += t ** 3 - t;
    for (let k = i; k <= j; k++) ranks[order[k]!] = rank;
    i = j + 1;
  }
  return { ranks, tieTerm };
}

/** Ranks from 1, ties sharing the average of their ranks. */
export function ranks(values: ArrayLike<number>): number[] {
  return rankWithTies(values).ranks;
}

/** Pearson's correlation of two equally long series (0 when either is constant). */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (n < 2 || y.length !== n) return 0;
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
}

/** Spearman's rho: Pearson's correlation of the ranks. */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  return pearson(ranks(x), ranks(y));
}

/**
 * One-sided p-value for "y grows with x": under no association, rho·√(n−1) is close to a
 * standard normal for the sample sizes it is used with (hundreds of points).
 */
export function spearmanUpperP(rho: number, n: number): number {
  if (n < 3) return 1;
  return normalUpperTail(rho * Math.sqrt(n - 1));
}

export interface LineFit {
  intercept: number;
  slope: number;
}

/**
 * A point for a weighted fit: its x, its weight w and its weighted y, w·y. A level measured n
 * times is the point (x, n, sum of the n samples): its mean weighted by how often it was measured.
 */
export interface WeightedPoint {
  x: number;
  w: number;
  wy: number;
}

/** Weighted least squares line y = intercept + slope·x (slope 0 when every x is the same). */
export function weightedLinearFit(points: Iterable<WeightedPoint>): LineFit {
  let sw = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (const { x, w, wy } of points) {
    sw += w;
    sx += w * x;
    sy += wy;
    sxx += w * x * x;
    sxy += x * wy;
  }
  const denominator = sw * sxx - sx * sx;
  const slope = denominator === 0 ? 0 : (sw * sxy - sx * sy) / denominator;
  return { intercept: (sy - slope * sx) / sw, slope };
}

/** Least-squares line through (x, y). */
export function linearFit(xs: ArrayLike<number>, ys: ArrayLike<number>): LineFit {
  return weightedLinearFit(Array.from(xs, (x, i) => ({ x, w: 1, wy: ys[i]! })));
}

/** The Theil–Sen estimator: the median of the slopes between every pair of points with distinct x. */
export function theilSenSlope(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const slopes: number[] = [];
  for (let i = 0; i < x.length; i++)
    for (let j = i + 1; j < x.length; j++)
      if (x[j] !== x[i]) slopes.push((y[j]! - y[i]!) / (x[j]! - x[i]!));
  return slopes.length === 0 ? 0 : median(slopes);
}

/** erfc, to about 1e-15: the Taylor series of erf below 2, Lentz's continued fraction above. */
export function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  if (x < 2) {
    // erf(x) = 2/√π Σ (-1)^n x^(2n+1) / (n! (2n+1))
    let term = x;
    let sum = x;
    for (let n = 1; n < 200; n++) {
      term *= (-x * x) / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc(x) = e^(-x²)/√π · 1/(x + 1/2/(x + 1/(x + 3/2/(x + …))))
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 300; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? 1e-300 : 1 / d;
    c = x + a / c;
    if (c === 0) c = 1e-300;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

/** P(Z ≥ z) for a standard normal Z. */
export function normalUpperTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9). */
export function logGamma(x: number): number {
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0]!;
  const t = z + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The regularized upper incomplete gamma function Q(a, x) (NIST SP 800-22's igamc). */
export function igamc(a: number, x: number): number {
  if (x <= 0) return 1;
  if (x < a + 1) {
    // Series for P(a, x), then Q = 1 - P.
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 10000; n++) {
      term *= x / (a + n);
      sum += term;
      if (term < sum * 1e-16) break;
    }
    return 1 - sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
  }
  // Continued fraction for Q (Lentz).
  let b = x + 1 - a;
  let c = 1e300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

export interface RankTest {
  /** Mann–Whitney U of the first sample: pairs (a, b) with a > b, ties counting one half. */
  u: number;
  /** Normal approximation with tie correction (no continuity correction). */
  z: number;
  /** One-sided p-value for "the first sample tends to be larger". */
  pGreater: number;
}

/** Mann–Whitney U test of `a` against `b`, by ranking the pooled samples. */
export function mannWhitney(a: ArrayLike<number>, b: ArrayLike<number>): RankTest {
  const n1 = a.length;
  const n2 = b.length;
  const n = n1 + n2;
  const pooled = new Float64Array(n);
  for (let i = 0; i < n1; i++) pooled[i] = a[i]!;
  for (let i = 0; i < n2; i++) pooled[n1 + i] = b[i]!;
  const { ranks: pooledRanks, tieTerm } = rankWithTies(pooled);
  let rankSumA = 0;
  for (let i = 0; i < n1; i++) rankSumA += pooledRanks[i]!;
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
