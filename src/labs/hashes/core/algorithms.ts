/**
 * The hash functions the hashes lab offers, all from @noble/hashes, each with the Web Crypto name
 * used to cross-check it where Web Crypto has one (it has no MD5, SHA-3 or BLAKE2).
 */
import { md5, sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { sha3_256 } from '@noble/hashes/sha3.js';
import { blake2b } from '@noble/hashes/blake2.js';
import { fail, ok, type Result } from '../../../core/result';

export const HASH_ALGORITHM_IDS = [
  'md5',
  'sha1',
  'sha256',
  'sha512',
  'sha3-256',
  'blake2b',
] as const;
export type HashAlgorithmId = (typeof HASH_ALGORITHM_IDS)[number];

/**
 * Identical-prefix: both colliding inputs start with the same bytes (any prefix, chosen once) and
 * differ only in attacker-computed blocks after it. Chosen-prefix: two DIFFERENT prefixes, each
 * chosen by the attacker, are followed by blocks that make the whole inputs collide — the kind that
 * forges certificates and PGP keys, and much more work.
 */
export type CollisionKind = 'identical-prefix' | 'chosen-prefix';

export interface CollisionAttack {
  kind: CollisionKind;
  /** The attack's name or authors, as the status line names it. */
  name: string;
  year: number;
  /** What it costs, with where the figure comes from. */
  cost: string;
  source: string;
}

export interface HashAlgorithm {
  id: HashAlgorithmId;
  label: string;
  digestBytes: number;
  webCrypto: 'SHA-1' | 'SHA-256' | 'SHA-512' | null;
  /** Where the function stands today, in one line. */
  status: string;
  broken: boolean;
  /** The first practical collision attack of each kind, for the broken ones. */
  collisionAttacks?: readonly CollisionAttack[];
}

export const HASH_ALGORITHMS: readonly HashAlgorithm[] = [
  {
    id: 'md5',
    label: 'MD5',
    digestBytes: 16,
    webCrypto: null,
    status:
      'Broken: identical-prefix collisions take seconds on a laptop; chosen-prefix ones about 30,000 times more work. Never use it for security.',
    broken: true,
    collisionAttacks: [
      {
        kind: 'identical-prefix',
        name: 'Wang, Feng, Lai and Yu',
        year: 2004,
        cost: 'Seconds on one PC today (about 2^24 compression calls).',
        source:
          'Stevens, “Single-block collision attack on MD5” (2012), §1, on the attacks that followed Wang et al.',
      },
      {
        kind: 'chosen-prefix',
        name: 'Stevens, Lenstra and de Weger',
        year: 2007,
        cost: 'About 2^39 compression calls (HashClash’s cpc.sh runs it).',
        source:
          'Stevens, Lenstra, de Weger, “Chosen-prefix collisions for MD5 and applications”, IJACT 2012.',
      },
    ],
  },
  {
    id: 'sha1',
    label: 'SHA-1',
    digestBytes: 20,
    webCrypto: 'SHA-1',
    status:
      'Broken: identical-prefix collisions since SHAttered (2017), chosen-prefix ones since “SHA-1 is a Shambles” (2020).',
    broken: true,
    collisionAttacks: [
      {
        kind: 'identical-prefix',
        name: 'SHAttered',
        year: 2017,
        cost: 'About 2^63.1 SHA-1 computations: some 6,500 CPU-years and 110 GPU-years.',
        source:
          'Stevens, Bursztein, Karpman, Albertini, Markov, “The first collision for full SHA-1”, CRYPTO 2017.',
      },
      {
        kind: 'chosen-prefix',
        name: 'SHA-1 is a Shambles',
        year: 2020,
        cost: 'About 2^63.4 SHA-1 computations: two months on 900 rented gaming GPUs, about US$45,000 by the authors’ estimate.',
        source:
          'Leurent and Peyrin, “SHA-1 is a Shambles: first chosen-prefix collision on SHA-1 and application to the PGP web of trust”, USENIX Security 2020.',
      },
    ],
  },
  {
    id: 'sha256',
    label: 'SHA-256',
    digestBytes: 32,
    webCrypto: 'SHA-256',
    status:
      'Sound for integrity; as a MAC, hash(secret + message) still falls to length extension.',
    broken: false,
  },
  {
    id: 'sha512',
    label: 'SHA-512',
    digestBytes: 64,
    webCrypto: 'SHA-512',
    status: 'Sound; same length-extension caveat as SHA-256.',
    broken: false,
  },
  {
    id: 'sha3-256',
    label: 'SHA3-256',
    digestBytes: 32,
    webCrypto: null,
    status: 'Sound; a sponge, so no length extension.',
    broken: false,
  },
  {
    id: 'blake2b',
    label: 'BLAKE2b-512',
    digestBytes: 64,
    webCrypto: null,
    status: 'Sound and fast; finalisation flag stops length extension.',
    broken: false,
  },
];

export interface IncrementalHasher {
  update(chunk: Uint8Array): void;
  digest(): Uint8Array;
}

const FACTORIES: Record<HashAlgorithmId, () => IncrementalHasher> = {
  md5: () => md5.create(),
  sha1: () => sha1.create(),
  sha256: () => sha256.create(),
  sha512: () => sha512.create(),
  'sha3-256': () => sha3_256.create(),
  blake2b: () => blake2b.create(),
};

export function getAlgorithm(id: HashAlgorithmId): HashAlgorithm {
  return HASH_ALGORITHMS.find((a) => a.id === id)!;
}

export function createHasher(id: HashAlgorithmId): IncrementalHasher {
  return FACTORIES[id]();
}

export function hashBytes(id: HashAlgorithmId, bytes: Uint8Array): Uint8Array {
  const hasher = createHasher(id);
  hasher.update(bytes);
  return hasher.digest();
}

/** Feeds every chunk to several hashers at once, so a file is read only once. */
export function createMultiHasher(ids: readonly HashAlgorithmId[]) {
  const hashers = ids.map((id) => [id, createHasher(id)] as const);
  return {
    update(chunk: Uint8Array) {
      for (const [, hasher] of hashers) hasher.update(chunk);
    },
    digest(): Record<HashAlgorithmId, Uint8Array> {
      const out = {} as Record<HashAlgorithmId, Uint8Array>;
      for (const [id, hasher] of hashers) out[id] = hasher.digest();
      return out;
    },
  };
}

const ALIASES: Record<string, HashAlgorithmId> = {
  md5: 'md5',
  sha1: 'sha1',
  sha256: 'sha256',
  sha512: 'sha512',
  sha3256: 'sha3-256',
  sha3: 'sha3-256',
  blake2b: 'blake2b',
  blake2b512: 'blake2b',
};

/** Accepts the usual spellings: `sha256`, `SHA-256`, `sha3-256`, `blake2b`. */
export function parseAlgorithm(name: string): Result<HashAlgorithmId> {
  const id = ALIASES[name.toLowerCase().replace(/[-_\s]/g, '')];
  if (id) return ok(id);
  return fail(
    'hash/unknown-algorithm',
    `Unknown hash "${name}". Choose one of: ${HASH_ALGORITHM_IDS.join(', ')}.`,
  );
}

/** A comma-separated list from the address (`algs=md5,sha256`); unknown names are dropped, order kept canonical. */
export function parseAlgorithmList(text: string): HashAlgorithmId[] {
  const wanted = new Set(text.split(',').map((name) => name.trim()));
  return HASH_ALGORITHM_IDS.filter((id) => wanted.has(id));
}
