/**
 * The hashes challenge: two different files with the same MD5, both ending with a text the
 * instance chooses. No collision search is needed: a published pair leaves MD5 in the same chaining
 * state after each of its inputs, and from there a common suffix is hashed identically.
 */
import { constantTimeEqual } from '../../../core/compare';
import { bytesToHex, concatBytes, parseHex, utf8ToBytes } from '../../../core/bytes';
import { defineChallenge, hexField, onlyFields, type Challenge } from '../../../core/challenge';
import { expectOk, ok } from '../../../core/result';
import { hashBytes } from './algorithms';
import { getCollisionPair } from './collisions';

const MAX_FILE_BYTES = 16 * 1024;
const PAYEES = ['Mallory', 'Trudy', 'Eve', 'Oscar'];

export interface SuffixPublic {
  algorithm: 'md5';
  /** Both files must end with these UTF-8 bytes. */
  suffix: string;
}

export interface PairAnswer {
  aHex: string;
  bHex: string;
}

function endsWith(bytes: Uint8Array, suffix: Uint8Array): boolean {
  return bytes.length >= suffix.length && constantTimeEqual(bytes.subarray(-suffix.length), suffix);
}

export const md5CollisionSuffix = defineChallenge<SuffixPublic, Record<string, never>, PairAnswer>({
  id: 'hashes/md5-collision-suffix',
  lab: 'hashes',
  level: 1,
  title: 'Two files, one MD5, your ending',
  brief:
    'A document store identifies files by their MD5 and keeps one copy per digest. Approvals are recorded against the digest: approve one file, and any file with the same MD5 counts as approved.',
  goal: 'Hand in two different files with the same MD5 that both end with the text below.',
  hints: [
    'Finding an MD5 collision from scratch takes seconds with the right tool, but you do not need one: published collision pairs exist, and the hashes lab shows one.',
    'MD5 reads its input block by block and carries only a 16-byte chaining state between blocks. After the two 128-byte inputs of a colliding pair, that state is the same.',
    'So append the same bytes to both halves of the pair: the hash of what follows starts from the same state and stays equal.',
  ],
  answerShape: '{ "aHex": "<hex>", "bHex": "<hex>" }',
  fields: [
    { name: 'aHex', label: 'File a', kind: 'bytes', as: 'hex' },
    { name: 'bHex', label: 'File b', kind: 'bytes', as: 'hex' },
  ],
  make: (rng) => ({
    public: {
      algorithm: 'md5',
      suffix: `\nPay ${rng.pick(PAYEES)} ${rng.between(1000, 99999)} EUR. Ref ${rng.hex(4)}\n`,
    },
    secret: {},
  }),
  parseAnswer(answer) {
    const fields = onlyFields(answer, ['aHex', 'bHex']);
    if (!fields.ok) return fields;
    const a = hexField(answer, 'aHex', MAX_FILE_BYTES);
    if (!a.ok) return a;
    const b = hexField(answer, 'bHex', MAX_FILE_BYTES);
    if (!b.ok) return b;
    return ok({ aHex: bytesToHex(a.value), bHex: bytesToHex(b.value) });
  },
  check(pub, _secret, answer) {
    const a = expectOk(parseHex(answer.aHex));
    const b = expectOk(parseHex(answer.bHex));
    const suffix = utf8ToBytes(pub.suffix);
    if (constantTimeEqual(a, b))
      return {
        solved: false,
        reason: 'The two files are the same bytes: a collision needs two different inputs.',
      };
    for (const [name, file] of [
      ['a', a],
      ['b', b],
    ] as const)
      if (!endsWith(file, suffix))
        return {
          solved: false,
          reason: `File ${name} does not end with the required text (its last ${suffix.length} bytes differ from it).`,
        };
    const da = hashBytes('md5', a);
    const db = hashBytes('md5', b);
    if (!constantTimeEqual(da, db))
      return {
        solved: false,
        reason: `MD5(a) = ${bytesToHex(da)} and MD5(b) = ${bytesToHex(db)}: different. What comes before the common ending must already leave MD5 in the same state.`,
      };
    return {
      solved: true,
      reason: `Both files hash to MD5 ${bytesToHex(da)} and end with the text, while their SHA-256s differ: approve one and the store has approved the other.`,
    };
  },
  solve(pub) {
    const pair = getCollisionPair('md5');
    const suffix = utf8ToBytes(pub.suffix);
    return {
      aHex: bytesToHex(concatBytes(pair.a, suffix)),
      bHex: bytesToHex(concatBytes(pair.b, suffix)),
    };
  },
});

export const HASHES_CHALLENGES: readonly Challenge[] = [md5CollisionSuffix];
