/**
 * Order statistics shared by the labs that measure (timing, hash speed): quantiles by linear
 * interpolation and the median.
 */

export function sortedCopy(xs: ArrayLike<number>): Float64Array {
  return Float64Array.from(xs).sort();
}

/**
 * Quantile of sorted data by linear interpolation between order statistics (R's type 7, numpy's
 * default, Python's statistics.quantiles(method='inclusive')).
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
