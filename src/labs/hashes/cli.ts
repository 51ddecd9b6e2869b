/** `hash`: the hashes lab from the command line. */
import { bytesToHex, parseHex, utf8ToBytes } from '../../core/bytes';
import { fail, ok } from '../../core/result';
import { stringOption, type CliCommand } from '../../cli/command';
import { openFileChunks } from '../../cli/read-file';
import { hashBytes, parseAlgorithm } from './core/algorithms';
import { hashChunks } from './core/hash-stream';

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
