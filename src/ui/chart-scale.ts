/**
 * The arithmetic of the app's charts (Chart.tsx), apart from React: domains, "nice" ticks on
 * linear and log axes, and how many category labels fit. Plain functions, unit-tested.
 */

export type Domain = readonly [number, number];

/**
 * Ticks at 1, 2 or 5 × a power of ten, about `count` of them across the domain (the rule d3 and
 * most plotting libraries use: the step whose size is closest to span / count).
 */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const error = raw / power;
  const factor = error >= 7.07 ? 10 : error >= 3.16 ? 5 : error >= 1.41 ? 2 : 1;
  return factor * power;
}

/** The domain widened to the nearest ticks outside it (an axis that starts and ends on a tick). */
export function niceDomain([low, high]: Domain, count = 5): Domain {
  if (low === high) {
    const pad = low === 0 ? 1 : Math.abs(low) * 0.1;
    return niceDomain([low - pad, high + pad], count);
  }
  const step = niceStep(high - low, count);
  return [Math.floor(low / step) * step, Math.ceil(high / step) * step];
}

/** Ticks on a linear axis: every multiple of the nice step inside the domain. */
export function linearTicks([low, high]: Domain, count = 5): number[] {
  const step = niceStep(high - low, count);
  const ticks: number[] = [];
  const first = Math.ceil(low / step - 1e-9);
  const last = Math.floor(high / step + 1e-9);
  for (let i = first; i <= last; i++) ticks.push(cleanFloat(i * step));
  return ticks;
}

/** A log domain from the power of ten below the smallest value to the one above the largest. */
export function logDomain([low, high]: Domain): Domain {
  const from = 10 ** Math.floor(Math.log10(Math.max(low, Number.MIN_VALUE)));
  let to = 10 ** Math.ceil(Math.log10(Math.max(high, Number.MIN_VALUE)));
  if (to <= from) to = from * 10;
  return [from, to];
}

/**
 * Ticks on a log axis: the powers of ten inside the domain, with 2× and 5× between them when
 * the domain spans two decades or less (one decade would otherwise have two ticks).
 */
export function logTicks([low, high]: Domain): number[] {
  const first = Math.ceil(Math.log10(low) - 1e-9);
  const last = Math.floor(Math.log10(high) + 1e-9);
  const factors = last - first <= 2 ? [1, 2, 5] : [1];
  const ticks: number[] = [];
  for (let p = first - 1; p <= last; p++)
    for (const f of factors) {
      const value = cleanFloat(f * 10 ** p);
      if (value >= low * (1 - 1e-9) && value <= high * (1 + 1e-9)) ticks.push(value);
    }
  // Thin the powers when there are many decades (every other one, then every third…).
  if (ticks.length > 8) {
    const every = Math.ceil(ticks.length / 8);
    return ticks.filter((_, i) => i % every === 0);
  }
  return ticks;
}

/** The smallest and largest finite value, or null for none. */
export function extent(values: Iterable<number>): Domain | null {
  let low = Infinity;
  let high = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < low) low = v;
    if (v > high) high = v;
  }
  return low === Infinity ? null : [low, high];
}

/** Maps `domain` onto `[from, to]` pixels, linearly or by logarithm; values outside are clamped to it. */
export function scaleOf(kind: 'linear' | 'log', [low, high]: Domain, [from, to]: Domain) {
  if (kind === 'log') {
    const a = Math.log10(low);
    const b = Math.log10(high);
    return (v: number) =>
      from + ((Math.log10(clamp(v, low, high)) - a) / (b - a || 1)) * (to - from);
  }
  return (v: number) => from + ((clamp(v, low, high) - low) / (high - low || 1)) * (to - from);
}

/** Every `n`th category label is shown, so that labels of this many characters do not overlap. */
export function labelEvery(labelChars: number, bandPixels: number, charPixels = 7): number {
  const needed = labelChars * charPixels + 8;
  return Math.max(1, Math.ceil(needed / Math.max(1, bandPixels)));
}

function clamp(v: number, low: number, high: number): number {
  return v < low ? low : v > high ? high : v;
}

/** 0.30000000000000004 → 0.3: ticks are shown as typed, not as floating point left them. */
function cleanFloat(v: number): number {
  return Number.parseFloat(v.toPrecision(12));
}
