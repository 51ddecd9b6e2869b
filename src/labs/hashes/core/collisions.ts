/**
 * Published collision pairs: two different inputs with equal MD5 (Wang et al. 2004) or equal SHA-1
 * (SHAttered 2017). Appending the same suffix to both keeps them equal, because both inputs leave the
 * hash in the same chaining state and the suffix is then processed identically; the same fact is
 * what makes length extension work.
 */
import { concatBytes, parseHex } from '../../../core/bytes';
import { expectOk } from '../../../core/result';
import vectors from './vectors/collisions.json';
import { hashBytes, type HashAlgorithmId } from './algorithms';

export type CollisionId = 'md5' | 'sha1';

export interface CollisionPair {
  id: CollisionId;
  /** The hash the pair collides under. */
  brokenHash: HashAlgorithmId;
  title: string;
  source: string;
  a: Uint8Array;
  b: Uint8Array;
}

export const COLLISION_PAIRS: readonly CollisionPair[] = [
  {
    id: 'md5',
    brokenHash: 'md5',
    title: 'MD5: the 2004 pair (128 bytes)',
    source: vectors.md5.source,
    a: expectOk(parseHex(vectors.md5.a_hex)),
    b: expectOk(parseHex(vectors.md5.b_hex)),
  },
  {
    id: 'sha1',
    brokenHash: 'sha1',
    title: 'SHA-1: SHAttered (first 320 bytes of the two PDFs)',
    source: vectors.sha1.source,
    a: expectOk(parseHex(vectors.sha1.a_hex)),
    b: expectOk(parseHex(vectors.sha1.b_hex)),
  },
];

export interface CollisionReport {
  pair: CollisionId;
  a: Uint8Array;
  b: Uint8Array;
  /** Byte offsets where a and b differ. */
  differences: number[];
  digests: { algorithm: HashAlgorithmId; a: Uint8Array; b: Uint8Array; equal: boolean }[];
}

export function getCollisionPair(id: CollisionId): CollisionPair {
  return COLLISION_PAIRS.find((p) => p.id === id)!;
}

/** Appends `suffix` to both inputs and hashes them under the broken hash and under SHA-256. */
export function reportCollision(id: CollisionId, suffix: Uint8Array): CollisionReport {
  const pair = getCollisionPair(id);
  const a = concatBytes(pair.a, suffix);
  const b = concatBytes(pair.b, suffix);
  const differences: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differences.push(i);
  const algorithms: HashAlgorithmId[] = [pair.brokenHash, 'sha256'];
  const digests = algorithms.map((algorithm) => {
    const da = hashBytes(algorithm, a);
    const db = hashBytes(algorithm, b);
    return { algorithm, a: da, b: db, equal: da.every((x, i) => x === db[i]) };
  });
  return { pair: id, a, b, differences, digests };
}
