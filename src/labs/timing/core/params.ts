/** The lab's inputs as typed by a user (panel and CLI), checked into values or a clear error. */
import { fail, ok, type Result } from '../../../core/result';
import { COMPARE_KINDS, type CompareKind } from './compares';

const UNITS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, μs: 1e3, ms: 1e6, s: 1e9 };

/** "100", "100 ns", "2.5 µs", "50ms" → nanoseconds. A bare number is nanoseconds. */
export function parseDuration(
  text: string,
  what: string,
  min: number,
  max: number,
): Result<number> {
  const match = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(ns|us|µs|μs|ms|s)?\s*$/i.exec(text);
  if (!match)
    return fail(
      'timing/duration',
      `${what}: give a number of nanoseconds, or a time such as 250 ns, 2.5 µs or 50 ms.`,
    );
  const ns = Number(match[1]) * UNITS[(match[2] ?? 'ns').toLowerCase()]!;
  if (ns < min || ns > max)
    return fail(
      'timing/duration-range',
      `${what}: choose from ${formatNs(min)} to ${formatNs(max)}.`,
    );
  return ok(ns);
}

export function parseWholeNumber(
  text: string,
  what: string,
  min: number,
  max: number,
): Result<number> {
  const cleaned = text.trim();
  if (!/^\d+$/.test(cleaned)) return fail('timing/whole-number', `${what} must be a whole number.`);
  const value = Number(cleaned);
  if (value < min || value > max)
    return fail('timing/range', `${what}: choose from ${min} to ${max}.`);
  return ok(value);
}

/** A seed for a repeatable run; blank (null) means fresh randomness every run. */
export function parseSeed(text: string): Result<number | null> {
  if (text.trim() === '') return ok(null);
  return parseWholeNumber(text, 'Seed', LIMITS.seed.min, LIMITS.seed.max);
}

export function parseCompare(text: string): Result<CompareKind> {
  return (COMPARE_KINDS as readonly string[]).includes(text)
    ? ok(text as CompareKind)
    : fail('timing/compare', `Unknown compare “${text}”: use early-exit or constant-time.`);
}

/** 1234 → "1.23 µs"; readable durations from nanoseconds. */
export function formatNs(ns: number): string {
  if (ns === 0) return '0 ns';
  const abs = Math.abs(ns);
  const fixed = (v: number) =>
    Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2);
  if (abs >= 1e9) return `${fixed(ns / 1e9)} s`;
  if (abs >= 1e6) return `${fixed(ns / 1e6)} ms`;
  if (abs >= 1e3) return `${fixed(ns / 1e3)} µs`;
  return `${fixed(ns)} ns`;
}

export const LIMITS = {
  tagBytes: { min: 1, max: 32 },
  perByteNs: { min: 0.1, max: 100e6 },
  jitterNs: { min: 0, max: 1e9 },
  seed: { min: 0, max: 2 ** 32 - 1 },
} as const;

/**
 * The server's settings as the lab's fields give them, each parsed with its own message: read by
 * the automatic attack and by the learner's own queries, which talk to a server set up the same way.
 */
export function parseServerSettings(fields: {
  perByte: string;
  jitter: string;
  tagBytes: string;
  seed: string;
}) {
  return {
    perByte: parseDuration(
      fields.perByte,
      'Cost per compared byte',
      LIMITS.perByteNs.min,
      LIMITS.perByteNs.max,
    ),
    jitter: parseDuration(
      fields.jitter,
      'Network jitter',
      LIMITS.jitterNs.min,
      LIMITS.jitterNs.max,
    ),
    tagBytes: parseWholeNumber(
      fields.tagBytes,
      'Tag length',
      LIMITS.tagBytes.min,
      LIMITS.tagBytes.max,
    ),
    seed: parseSeed(fields.seed),
  };
}
