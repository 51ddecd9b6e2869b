/** `hash` and `hash-speed`: the hashes lab from the command line. */
import { bytesToHex, parseHex, utf8ToBytes } from '../../core/bytes';
import { fail, ok, type Result } from '../../core/result';
import { stringOption, type CliCommand, type OptionValues } from '../../cli/command';
import { openFileChunks } from '../../cli/read-file';
import { hashBytes, parseAlgorithm } from './core/algorithms';
import { hashChunks, type WebCryptoDigest } from './core/hash-stream';
import {
  DEFAULT_SPEED_PLAN,
  ENGINE_LABELS,
  SPEED_LIMITS,
  algorithmLabel,
  checkSpeedPlan,
  formatMBps,
  measureSpeed,
  speedDigesters,
  type SpeedResult,
} from './core/speed';

export const hashCommand: CliCommand = {
  name: 'hash',
  summary: 'Hash text, hex or a file with md5, sha1, sha256, sha512, sha3-256 or blake2b.',
  usage: '--algorithm <name> (--text T | --hex H | --file F) [--json]',
  options: {
    algorithm: { type: 'string', short: 'a' },
    text: { type: 'string' },
    hex: { type: 'string' },
    file: { type: 'string' },
  },
  async run(values) {
    const name = stringOption(values, 'algorithm');
    if (!name)
      return fail(
        'usage/missing-algorithm',
        'Give --algorithm (md5, sha1, sha256, sha512, sha3-256 or blake2b).',
      );
    const algorithm = parseAlgorithm(name);
    if (!algorithm.ok) return algorithm;
    const sources = ['text', 'hex', 'file'].filter(
      (key) => stringOption(values, key) !== undefined,
    );
    if (sources.length !== 1)
      return fail('usage/one-input', 'Give exactly one of --text, --hex or --file.');
    const file = stringOption(values, 'file');
    if (file !== undefined) {
      const opened = openFileChunks(file);
      if (!opened.ok) return opened;
      const result = await hashChunks(opened.value.chunks, {
        algorithms: [algorithm.value],
        totalBytes: opened.value.size,
        now: () => performance.now(),
      });
      return ok({ algorithm: algorithm.value, digest: result.rows[0]!.hex });
    }
    const hex = stringOption(values, 'hex');
    const bytes =
      hex !== undefined ? parseHex(hex) : ok(utf8ToBytes(stringOption(values, 'text')!));
    if (!bytes.ok) return bytes;
    return ok({
      algorithm: algorithm.value,
      digest: bytesToHex(hashBytes(algorithm.value, bytes.value)),
    });
  },
  format: (value) => {
    const v = value as { algorithm: string; digest: string };
    return `${v.digest}  (${v.algorithm})`;
  },
};

function integerOption(values: OptionValues, name: string): Result<number | undefined> {
  const text = stringOption(values, name);
  if (text === undefined) return ok(undefined);
  if (!/^\d+$/.test(text)) return fail(`usage/bad-${name}`, `--${name} takes a whole number.`);
  return ok(Number(text));
}

export const hashSpeedCommand: CliCommand = {
  name: 'hash-speed',
  summary:
    'Measure MD5, SHA-256 and SHA-512 in MB/s: the 32-bit teaching engines, @noble/hashes and Web Crypto (Node: OpenSSL).',
  usage: `[--runs N (${SPEED_LIMITS.runs.join('-')}, default ${DEFAULT_SPEED_PLAN.runs})] [--ms M per run (default ${DEFAULT_SPEED_PLAN.minRunMs})] [--json]`,
  options: {
    runs: { type: 'string' },
    ms: { type: 'string' },
  },
  async run(values) {
    const runs = integerOption(values, 'runs');
    if (!runs.ok) return runs;
    const ms = integerOption(values, 'ms');
    if (!ms.ok) return ms;
    const plan = checkSpeedPlan({
      ...(runs.value !== undefined && { runs: runs.value }),
      ...(ms.value !== undefined && { minRunMs: ms.value }),
    });
    if (!plan.ok) return plan;
    const subtle = globalThis.crypto?.subtle;
    const webCrypto: WebCryptoDigest | null = subtle
      ? (name, data) => subtle.digest(name, data as Uint8Array<ArrayBuffer>)
      : null;
    return ok(
      await measureSpeed(plan.value, speedDigesters(webCrypto), { now: () => performance.now() }),
    );
  },
  format: (value) => {
    const result = value as SpeedResult;
    const lines = result.rows.map(
      (row) =>
        `${algorithmLabel(row.algorithm).padEnd(8)} ${ENGINE_LABELS[row.engine].padEnd(26)} ${formatMBps(row.median).padStart(7)} MB/s  (runs ${formatMBps(row.min)}–${formatMBps(row.max)})`,
    );
    for (const u of result.unavailable)
      lines.push(
        `${algorithmLabel(u.algorithm).padEnd(8)} ${ENGINE_LABELS[u.engine].padEnd(26)} ${u.reason}`,
      );
    return [...lines, '', ...result.verdict.sentences].join('\n');
  },
};
