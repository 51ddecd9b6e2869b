/**
 * "Compare with an expected hash": the user pastes the digest they were given; we say which of the
 * computed digests it matches, comparing in constant time as a verifier should.
 */
import { parseBase64, parseHex } from '../../../core/bytes';
import type { DigestRow } from './hash-stream';
import { constantTimeEqual } from '../../../core/compare';
import { fail, ok, type Result } from '../../../core/result';
import { getAlgorithm, type HashAlgorithmId } from './algorithms';

/**
 * Takes what people paste: bare hex, `sha256sum` output (`<hex>  file`), or an SRI string
 * (`sha256-<base64>`).
 */
export function parseExpectedDigest(input: string): Result<Uint8Array> {
  const text = input.trim();
  if (text === '') return fail('expected/empty', 'Paste the hash you expect, in hex.');
  const sri = /^(sha256|sha384|sha512)-([A-Za-z0-9+/=]+)$/.exec(text);
  if (sri) return parseBase64(sri[2]!);
  const first = text.split(/\s+/)[0]!;
  const parsed = parseHex(first);
  if (!parsed.ok) return parsed;
  if (parsed.value.length < 16) {
    return fail(
      'expected/too-short',
      `That is ${parsed.value.length} bytes; the shortest digest here (MD5) is 16 bytes, 32 hex digits.`,
    );
  }
  return ok(parsed.value);
}

export interface ExpectedMatch {
  /** Algorithms whose digest equals the expected value. */
  matches: HashAlgorithmId[];
  /** Algorithms whose digest has the expected value's length (the candidates). */
  sameLength: HashAlgorithmId[];
}

export function matchExpected(
  expected: Uint8Array,
  digests: Partial<Record<HashAlgorithmId, Uint8Array>>,
): ExpectedMatch {
  const matches: HashAlgorithmId[] = [];
  const sameLength: HashAlgorithmId[] = [];
  for (const [id, digest] of Object.entries(digests) as [HashAlgorithmId, Uint8Array][]) {
    if (getAlgorithm(id).digestBytes !== expected.length) continue;
    sameLength.push(id);
    if (constantTimeEqual(digest, expected)) matches.push(id);
  }
  return { matches, sameLength };
}

/** The same, against the rows a hashing run returned. */
export function checkExpected(expected: Uint8Array, rows: readonly DigestRow[]): ExpectedMatch {
  const digests: Partial<Record<HashAlgorithmId, Uint8Array>> = {};
  for (const row of rows) {
    const bytes = parseHex(row.hex);
    if (bytes.ok) digests[row.algorithm] = bytes.value;
  }
  return matchExpected(expected, digests);
}
