import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bytesToHex, parseHex, utf8ToBytes } from '../../../core/bytes';
import {
  HASH_ALGORITHMS,
  HASH_ALGORITHM_IDS,
  getAlgorithm,
  hashBytes,
  parseAlgorithm,
  type HashAlgorithmId,
} from './algorithms';
import { chunksOf, crossCheck, hashAll, hashChunks } from './hash-stream';
import { matchExpected, parseExpectedDigest } from './expected';
import { COLLISION_PAIRS, reportCollision } from './collisions';

const NODE_NAMES: Record<HashAlgorithmId, string> = {
  md5: 'md5',
  sha1: 'sha1',
  sha256: 'sha256',
  sha512: 'sha512',
  'sha3-256': 'sha3-256',
  blake2b: 'blake2b512',
};

const nodeHex = (id: HashAlgorithmId, bytes: Uint8Array) =>
  createHash(NODE_NAMES[id]).update(bytes).digest('hex');

describe('hash algorithms', () => {
  it('agree with node:crypto on random inputs', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        for (const id of HASH_ALGORITHM_IDS)
          expect(bytesToHex(hashBytes(id, bytes))).toBe(nodeHex(id, bytes));
      }),
      { numRuns: 200 },
    );
  });

  it('give the FIPS 180 value for "abc"', () => {
    expect(bytesToHex(hashBytes('sha256', utf8ToBytes('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('hash in chunks exactly as in one piece, for any chunk size', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 3000 }),
        fc.integer({ min: 1, max: 700 }),
        async (bytes, size) => {
          let t = 0;
          const progress: number[] = [];
          const result = await hashChunks(chunksOf(bytes, size), {
            algorithms: HASH_ALGORITHM_IDS,
            totalBytes: bytes.length,
            now: () => (t += 5),
            progressEveryMs: 0,
            onProgress: (p) => progress.push(p.bytesDone),
          });
          expect(result.rows.map((r) => r.hex)).toEqual(
            HASH_ALGORITHM_IDS.map((id) => nodeHex(id, bytes)),
          );
          expect(result.bytes).toBe(bytes.length);
          expect(progress.at(-1)).toBe(bytes.length);
          expect([...progress].sort((a, b) => a - b)).toEqual(progress);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('cross-check marks agreement with Web Crypto, and null where it has no such hash', async () => {
    const bytes = utf8ToBytes('integrity');
    const rows = hashAll(bytes, HASH_ALGORITHM_IDS);
    const checked = await crossCheck(bytes, rows, (name, data) =>
      crypto.subtle.digest(name, Uint8Array.from(data)),
    );
    const byId = Object.fromEntries(checked.map((r) => [r.algorithm, r.webCryptoAgrees]));
    expect(byId).toEqual({
      md5: null,
      sha1: true,
      sha256: true,
      sha512: true,
      'sha3-256': null,
      blake2b: null,
    });
    const wrong = await crossCheck(bytes, rows, async () => new ArrayBuffer(32));
    expect(wrong.find((r) => r.algorithm === 'sha256')?.webCryptoAgrees).toBe(false);
  });

  it('parse algorithm names people type, and reject others clearly', () => {
    expect(parseAlgorithm('SHA-256')).toEqual({ ok: true, value: 'sha256' });
    expect(parseAlgorithm('sha3-256')).toEqual({ ok: true, value: 'sha3-256' });
    const bad = parseAlgorithm('sha257');
    expect(!bad.ok && bad.error.message).toMatch(/Unknown hash "sha257"/);
  });
});

describe('expected hash', () => {
  const bytes = utf8ToBytes('abc');
  const digests = Object.fromEntries(HASH_ALGORITHM_IDS.map((id) => [id, hashBytes(id, bytes)]));

  it('matches sha256sum output and SRI strings', () => {
    const line = `${nodeHex('sha256', bytes)}  abc.txt`;
    const parsed = parseExpectedDigest(line);
    expect(parsed.ok && matchExpected(parsed.value, digests).matches).toEqual(['sha256']);
    const sri = `sha256-${createHash('sha256').update(bytes).digest('base64')}`;
    const p2 = parseExpectedDigest(sri);
    expect(p2.ok && matchExpected(p2.value, digests).matches).toEqual(['sha256']);
  });

  it('reports no match for a changed byte, and candidates by length', () => {
    const hex = nodeHex('md5', bytes).replace(/^./, (c) => (c === '0' ? '1' : '0'));
    const parsed = parseExpectedDigest(hex);
    const m = parsed.ok ? matchExpected(parsed.value, digests) : null;
    expect(m).toEqual({ matches: [], sameLength: ['md5'] });
  });

  it('rejects empty, short and non-hex input', () => {
    expect(parseExpectedDigest(' ').ok).toBe(false);
    const short = parseExpectedDigest('abcd');
    expect(!short.ok && short.error.code).toBe('expected/too-short');
    expect(parseExpectedDigest('xyz').ok).toBe(false);
  });
});

describe('algorithm notes', () => {
  // SHAttered (CRYPTO 2017) was identical-prefix; the first chosen-prefix SHA-1 collision is Leurent
  // and Peyrin's “SHA-1 is a Shambles” (USENIX Security 2020). MD5's seconds are identical-prefix.
  it('name each collision attack with its kind', () => {
    const kinds = (id: HashAlgorithmId) =>
      Object.fromEntries((getAlgorithm(id).collisionAttacks ?? []).map((a) => [a.name, a.kind]));
    expect(kinds('sha1')).toEqual({
      SHAttered: 'identical-prefix',
      'SHA-1 is a Shambles': 'chosen-prefix',
    });
    expect(kinds('md5')).toEqual({
      'Wang, Feng, Lai and Yu': 'identical-prefix',
      'Stevens, Lenstra and de Weger': 'chosen-prefix',
    });
  });

  it('say the kind beside each attack or cost they mention', () => {
    const sha1 = getAlgorithm('sha1').status;
    expect(sha1).toMatch(/identical-prefix collisions since SHAttered/);
    expect(sha1).toMatch(/chosen-prefix ones since “SHA-1 is a Shambles”/);
    const md5 = getAlgorithm('md5').status;
    expect(md5).toMatch(/identical-prefix collisions take seconds/);
    expect(md5).not.toMatch(/chosen-prefix[^;.]*seconds/);
    // Only the broken hashes carry attacks, and every broken one does.
    for (const algorithm of HASH_ALGORITHMS)
      expect((algorithm.collisionAttacks?.length ?? 0) > 0).toBe(algorithm.broken);
  });
});

describe('collisions', () => {
  it('each published pair collides under its broken hash, with any suffix, and differs under SHA-256', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (suffix) => {
        for (const pair of COLLISION_PAIRS) {
          const report = reportCollision(pair.id, suffix);
          expect(report.differences.length).toBeGreaterThan(0);
          const [broken, sha256] = report.digests;
          expect(broken!.equal).toBe(true);
          expect(bytesToHex(broken!.a)).toBe(nodeHex(pair.brokenHash, report.a));
          expect(bytesToHex(broken!.b)).toBe(nodeHex(pair.brokenHash, report.b));
          expect(sha256!.equal).toBe(false);
          expect(bytesToHex(sha256!.a)).toBe(nodeHex('sha256', report.a));
        }
      }),
      { numRuns: 30 },
    );
  });

  it('uses the published MD5 value', () => {
    const report = reportCollision('md5', new Uint8Array());
    expect(bytesToHex(report.digests[0]!.a)).toBe('79054025255fb1a26e4bc422aef54eb4');
    expect(report.differences).toEqual([19, 45, 59, 83, 109, 123]);
    expect(parseHex('00').ok).toBe(true);
  });
});
