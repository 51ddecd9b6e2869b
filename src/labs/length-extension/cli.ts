/**
 * `forge`: the length-extension lab from the command line, as hash_extender and HashPump do it.
 * Imports only the lab's forgery core (the teaching engines and byte helpers), so it starts fast.
 */
import { parseHex, utf8ToBytes } from '../../core/bytes';
import { fail, ok, type Result } from '../../core/result';
import { stringOption, type CliCommand, type OptionValues } from '../../cli/command';
import { describeForgery, forgeExtension, forgeRange } from './core/forge';
import { parseLength, parseRange, parseSignature, resolveAlgorithm } from './core/tool';

/** `--name T` as UTF-8 text or `--name-hex H` as hex; exactly one of them. */
function bytesOption(values: OptionValues, name: string): Result<Uint8Array> {
  const text = stringOption(values, name);
  const hex = stringOption(values, `${name}-hex`);
  if ((text === undefined) === (hex === undefined))
    return fail('usage/one-input', `Give exactly one of --${name} or --${name}-hex.`);
  if (text !== undefined) return ok(utf8ToBytes(text));
  const parsed = parseHex(hex!);
  return parsed.ok ? parsed : fail(parsed.error.code, `--${name}-hex: ${parsed.error.message}`);
}

type Forged = ReturnType<typeof describeForgery>;

export const forgeCommand: CliCommand = {
  name: 'forge',
  summary:
    'Length extension: from H(secret ‖ data), sign data ‖ padding ‖ append without the secret (md5, sha1, sha256, sha512).',
  usage:
    '[--algorithm md5|sha1|sha256|sha512] --signature <hex> (--data T | --data-hex H) (--append T | --append-hex H) (--secret-length N | --secret-min A --secret-max B) [--json]\n\nWithout --algorithm, it is guessed from the signature length (16, 20, 32 or 64 bytes).',
  options: {
    algorithm: { type: 'string', short: 'a' },
    signature: { type: 'string', short: 's' },
    data: { type: 'string' },
    'data-hex': { type: 'string' },
    append: { type: 'string' },
    'append-hex': { type: 'string' },
    'secret-length': { type: 'string', short: 'l' },
    'secret-min': { type: 'string' },
    'secret-max': { type: 'string' },
  },
  async run(values) {
    const signatureText = stringOption(values, 'signature');
    if (signatureText === undefined)
      return fail('usage/missing-signature', 'Give --signature (the tag you have, in hex).');
    const signature = parseSignature(signatureText);
    if (!signature.ok) return fail(signature.error.code, `--signature: ${signature.error.message}`);
    const algorithm = resolveAlgorithm(
      stringOption(values, 'algorithm') ?? 'auto',
      signature.value,
    );
    if (!algorithm.ok) return algorithm;
    const data = bytesOption(values, 'data');
    if (!data.ok) return data;
    const append = bytesOption(values, 'append');
    if (!append.ok) return append;
    const request = {
      algorithm: algorithm.value,
      tag: signature.value,
      message: data.value,
      append: append.value,
    };

    const single = stringOption(values, 'secret-length');
    const min = stringOption(values, 'secret-min');
    const max = stringOption(values, 'secret-max');
    if (single !== undefined && min === undefined && max === undefined) {
      const length = parseLength(single);
      if (!length.ok) return length;
      const forgery = forgeExtension({ ...request, secretLength: length.value });
      return forgery.ok ? ok(describeForgery(forgery.value)) : forgery;
    }
    if (single === undefined && min !== undefined && max !== undefined) {
      const range = parseRange(min, max);
      if (!range.ok) return range;
      const forgeries = forgeRange({
        ...request,
        minSecretLength: range.value.min,
        maxSecretLength: range.value.max,
      });
      return forgeries.ok ? ok(forgeries.value.map(describeForgery)) : forgeries;
    }
    return fail(
      'usage/secret-length',
      'Give --secret-length N, or --secret-min A and --secret-max B (not both).',
    );
  },
  format: (value) => {
    const rows = (Array.isArray(value) ? value : [value]) as Forged[];
    return rows
      .map(
        (r) =>
          `Secret length: ${r.secretLength} (${r.algorithm})\nNew signature: ${r.newSignature}\nNew data (hex): ${r.newDataHex}`,
      )
      .join('\n\n');
  },
};
