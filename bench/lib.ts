/**
 * The benchmark toolkit: repeated measurements summarised as median and spread, figures with
 * optional budgets, and a description of the machine. Benchmarks report; they never fail a test.
 */
import { cpus, totalmem, platform, release } from 'node:os';

export interface Stats {
  median: number;
  p25: number;
  p75: number;
  min: number;
  max: number;
  runs: number;
}

export interface Budget {
  /** The figure must be at most (`max`) or at least (`min`) this value. */
  max?: number;
  min?: number;
  text: string;
}

export interface Figure {
  suite: string;
  name: string;
  unit: string;
  stats: Stats;
  /** Higher is better (throughput) or lower is better (time, bytes, queries). */
  better: 'higher' | 'lower';
  budget?: Budget & { met: boolean; by: string };
  note?: string;
}

export interface SuiteContext {
  /** Scale for repetitions: 1 normally, lower with --quick. */
  scale: number;
  log: (message: string) => void;
}

export interface Suite {
  name: string;
  run(ctx: SuiteContext): Promise<Figure[]>;
}

export function summarise(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => {
    const pos = (sorted.length - 1) * q;
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
  };
  return {
    median: at(0.5),
    p25: at(0.25),
    p75: at(0.75),
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    runs: sorted.length,
  };
}

/** Runs `fn` `runs` times after `warmup` untimed runs; returns milliseconds per run. */
export async function timeRuns(
  fn: () => unknown | Promise<unknown>,
  runs: number,
  warmup = 2,
): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    out.push(performance.now() - start);
  }
  return out;
}

export function figure(
  suite: string,
  name: string,
  unit: string,
  samples: number[],
  better: 'higher' | 'lower',
  budget?: Budget,
  note?: string,
): Figure {
  const stats = summarise(samples);
  let checked: Figure['budget'];
  if (budget) {
    const value = stats.median;
    const met =
      (budget.max === undefined || value <= budget.max) &&
      (budget.min === undefined || value >= budget.min);
    const limit = budget.max ?? budget.min!;
    const by = met
      ? ''
      : `${((Math.abs(value - limit) / limit) * 100).toFixed(0)}% ${budget.max !== undefined ? 'over' : 'under'}`;
    checked = { ...budget, met, by };
  }
  return { suite, name, unit, stats, better, budget: checked, note };
}

export function machine() {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
  };
}

export function formatNumber(value: number): string {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1000) return value.toFixed(0);
  if (abs >= 100) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}
