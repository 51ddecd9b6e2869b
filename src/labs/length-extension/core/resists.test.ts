import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { blake2s } from '@noble/hashes/blake2.js';
import { bytesToHex, utf8ToBytes } from '../../../core/bytes';
import { blake2s256 } from './blake2s';
import { RESIST_IDS, tryExtendingEach } from './resists';

describe('hashes that resist length extension', () => {
  it('the same forgery works on the SHA-256 control and fails on SHA-224, SHA-384, SHA-512/256, SHA3-256 and BLAKE2s', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 80 }),
        fc.uint8Array({ maxLength: 150 }),
        fc.uint8Array({ minLength: 1, maxLength: 150 }),
        (secret, message, append) => {
          const rows = tryExtendingEach({ secret, message, append });
          expect(rows.map((r) => r.id)).toEqual([...RESIST_IDS]);
          expect(Object.fromEntries(rows.map((r) => [r.id, r.accepted]))).toEqual({
            sha256: true,
            sha224: false,
            sha384: false,
            'sha512-256': false,
            'sha3-256': false,
            blake2s: false,
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('reports how much of each state the tag hides', () => {
    const rows = tryExtendingEach({
      secret: utf8ToBytes('secret'),
      message: utf8ToBytes('user=alice'),
      append: utf8ToBytes('&role=admin'),
    });
    expect(Object.fromEntries(rows.map((r) => [r.id, r.hiddenBits]))).toEqual({
      sha256: 0,
      sha224: 32,
      sha384: 128,
      'sha512-256': 256,
      'sha3-256': 1344,
      blake2s: 0,
    });
    for (const row of rows) expect(row.reason.length).toBeGreaterThan(20);
  });

  it('the lab’s BLAKE2s compression is real BLAKE2s (agrees with @noble/hashes)', () => {
    for (let length = 0; length <= 300; length++) {
      const data = Uint8Array.from({ length }, (_, i) => (i * 37) & 0xff);
      expect(bytesToHex(blake2s256(data)), `${length} bytes`).toBe(bytesToHex(blake2s(data)));
    }
  });
});
