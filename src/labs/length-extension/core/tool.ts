/**
 * Tool mode, what hash_extender and HashPump do: given a signature, the data it signs, what to
 * append and the secret's length (or a range of lengths), print the new signature and the new data.
 * Parsers for each input return a Result, so the panel shows each error beside its field and the
 * CLI prints it.
 */
import { formatBytes, parseHex, type ByteEncoding } from '../../../core/bytes';
import { fail, ok, type Result } from '../../../core/result';
import { checkRange, checkSecretLength, guessAlgorithmFromTagLength, type Forgery } from './forge';
import { ENGINES, EXTENDABLE_ALGORITHMS, type ExtendableAlgorithm } from './merkle-damgard';

export const ALGORITHM_CHOICES = ['auto', ...EXTENDABLE_ALGORITHMS] as const;
export type AlgorithmChoice = (typeof ALGORITHM_CHOICES)[number];

export const OUTPUT_ENCODINGS = [
  'hex',
  'url',
  'base64',
  'c',
] as const satisfies readonly ByteEncoding[];
export type OutputEncoding = (typeof OUTPUT_ENCODINGS)[number];

export function parseSignature(text: string): Result<Uint8Array> {
  if (text.trim() === '')
    return fail('forge/no-signature', 'Paste the signature (the tag), in hex.');
  return parseHex(text);
}

/** The algorithm named, or guessed from the tag's length; a named one must match the length. */
export function resolveAlgorithm(
  choice: AlgorithmChoice | string,
  tag: Uint8Array,
): Result<ExtendableAlgorithm> {
  if (choice === 'auto') return guessAlgorithmFromTagLength(tag.length);
  const name = choice.toLowerCase().replace(/[-_\s]/g, '');
  const algorithm = EXTENDABLE_ALGORITHMS.find((id) => id === name);
  if (!algorithm)
    return fail(
      'forge/algorithm',
      `Unknown algorithm "${choice}". Choose one of: ${EXTENDABLE_ALGORITHMS.join(', ')}.`,
    );
  const engine = ENGINES[algorithm];
  if (tag.length !== engine.digestSize)
    return fail(
      'forge/tag-length',
      `A ${engine.label} signature is ${engine.digestSize} bytes (${engine.digestSize * 2} hex digits), but this one is ${tag.length} bytes.`,
    );
  return ok(algorithm);
}

/** A length typed into a field or given on the command line. */
export function parseLength(text: string, name = 'The secret length'): Result<number> {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed))
    return fail('forge/secret-length', `${name} must be a whole number of bytes, like 16.`);
  return checkSecretLength(Number(trimmed), name);
}

export function parseRange(minText: string, maxText: string): Result<{ min: number; max: number }> {
  const min = parseLength(minText, 'The shortest secret length');
  if (!min.ok) return min;
  const max = parseLength(maxText, 'The longest secret length');
  if (!max.ok) return max;
  return checkRange(min.value, max.value);
}

export interface ToolRow {
  secretLength: number;
  newSignature: string;
  newData: string;
}

/** Each forgery as hash_extender prints it: the new signature in hex, the new data in `encoding`. */
export function formatForgeries(
  forgeries: readonly Forgery[],
  encoding: OutputEncoding,
): ToolRow[] {
  return forgeries.map((f) => ({
    secretLength: f.secretLength,
    newSignature: formatBytes(f.forgedTag, 'hex'),
    newData: formatBytes(f.forgedMessage, encoding),
  }));
}
