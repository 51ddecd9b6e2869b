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
    const tagBytes = parseWholeNumber(
      option(values, 'tag-bytes', '8'),
      '--tag-bytes',
      LIMITS.tagBytes.min,
      LIMITS.tagBytes.max,
    );
    if (!tagBytes.ok) return tagBytes;
    const perByte = parseDuration(
      option(values, 'per-byte-ns', '100'),
      '--per-byte-ns',
      LIMITS.perByteNs.min,
      LIMITS.perByteNs.max,
    );
    if (!perByte.ok) return perByte;
    const jitter = parseDuration(
      option(values, 'jitter-ns', '400'),
      '--jitter-ns',
      LIMITS.jitterNs.min,
      LIMITS.jitterNs.max,
    );
    if (!jitter.ok) return jitter;
    const compare = parseCompare(option(values, 'compare', 'early-exit'));
    if (!compare.ok) return compare;
    const seed = parseWholeNumber(
      option(values, 'seed', '1'),
      '--seed',
      LIMITS.seed.min,
      LIMITS.seed.max,
    );
    if (!seed.ok) return seed;
    const maxQueries = parseWholeNumber(
      option(values, 'max-queries', '50000000'),
      '--max-queries',
      1,
      1e9,
    );
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
