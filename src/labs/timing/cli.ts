/** `timing-attack`: the timing lab's attack from the command line (simulated clock, seeded). */
import { ok } from '../../core/result';
import { stringOption, type CliCommand, type OptionValues } from '../../cli/command';
import { LIMITS, parseCompare, parseDuration, parseWholeNumber } from './core/params';
import { playAttack, seededSetup } from './core/scenario';

function option(values: OptionValues, name: string, fallback: string): string {
  return stringOption(values, name) ?? fallback;
}

export const timingAttackCommand: CliCommand = {
  name: 'timing-attack',
  summary:
    'Recover an HMAC tag byte by byte from response times (simulated clock; deterministic for a seed).',
  usage:
    '[--tag-bytes N] [--per-byte-ns X] [--jitter-ns Y] [--compare early-exit|constant-time] [--seed S] [--max-queries Q] [--json]',
  options: {
    'tag-bytes': { type: 'string' },
    'per-byte-ns': { type: 'string' },
    'jitter-ns': { type: 'string' },
    compare: { type: 'string' },
    seed: { type: 'string' },
    'max-queries': { type: 'string' },
  },
  async run(values) {
    const whole = (name: string, fallback: string, { min, max }: { min: number; max: number }) =>
      parseWholeNumber(option(values, name, fallback), `--${name}`, min, max);
    const duration = (name: string, fallback: string, { min, max }: { min: number; max: number }) =>
      parseDuration(option(values, name, fallback), `--${name}`, min, max);
    const tagBytes = whole('tag-bytes', '8', LIMITS.tagBytes);
    if (!tagBytes.ok) return tagBytes;
    const perByte = duration('per-byte-ns', '100', LIMITS.perByteNs);
    if (!perByte.ok) return perByte;
    const jitter = duration('jitter-ns', '400', LIMITS.jitterNs);
    if (!jitter.ok) return jitter;
    const compare = parseCompare(option(values, 'compare', 'early-exit'));
    if (!compare.ok) return compare;
    const seed = whole('seed', '1', LIMITS.seed);
    if (!seed.ok) return seed;
    const maxQueries = whole('max-queries', '50000000', { min: 1, max: 1e9 });
    if (!maxQueries.ok) return maxQueries;
    const report = playAttack(
      {
        tagBytes: tagBytes.value,
        perByteNs: perByte.value,
        jitterNs: jitter.value,
        compare: compare.value,
      },
      { ...seededSetup(seed.value), maxQueries: maxQueries.value },
    );
    return ok({
      recovered: report.recovered,
      recoveredHex: report.recoveredHex,
      secretHex: report.secretHex,
      queries: report.queries,
      backtracks: report.backtracks,
      simulatedSeconds: report.elapsedSeconds,
      estimate: report.model,
      summary: report.summary,
    });
  },
  format(value) {
    const v = value as {
      recovered: boolean;
      recoveredHex: string;
      secretHex: string;
      queries: number;
      summary: string;
    };
    return [
      v.recovered
        ? `recovered ${v.recoveredHex}`
        : `not recovered (${v.recoveredHex || 'nothing'})`,
      `secret    ${v.secretHex}`,
      `queries   ${v.queries}`,
      v.summary,
    ].join('\n');
  },
};
