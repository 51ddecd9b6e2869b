import { createHash, createHmac, hkdfSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { PythonRandom } from '../../randomness/core';
import {
  byteString,
  fromHex,
  hkdf,
  hmac,
  md5,
  PythonRandomModule,
  randomBytes,
  sha1,
  sha256,
  sha512,
  timingSafeEqual,
  toBytes,
  toHex,
  utf8,
  fromUtf8,
  type HashName,
} from './learner-api';
import vectors from './vectors/api.json';

const bytesOf = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));
const byteStrings = fc.uint8Array({ maxLength: 300 }).map(byteString);

describe('hashes over byte strings', () => {
  test('agree with node:crypto for any byte string and the same bytes as a Uint8Array', () => {
    const ours = { md5, sha1, sha256, sha512 };
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (data) => {
        for (const [name, fn] of Object.entries(ours)) {
          const expected = createHash(name).update(data).digest('hex');
          expect(fn(byteString(data))).toBe(expected);
          expect(fn(data)).toBe(expected);
        }
      }),
    );
  });

  test('md5(secret + message) is the hash of the two byte strings joined', () => {
    expect(md5('secret' + 'data')).toBe(createHash('md5').update('secretdata').digest('hex'));
  });

  test('a character that is not a byte is refused with a message that says what to do', () => {
    expect(() => sha256('naïve ✓')).toThrow(/character 6 \(U\+2713\) is not a byte.*utf8\(text\)/);
    expect(sha256(utf8('naïve ✓'))).toBe(createHash('sha256').update('naïve ✓').digest('hex'));
    expect(() => toBytes(42 as unknown as string, 'md5')).toThrow(
      /expected a string or a Uint8Array, got number/,
    );
  });
});

describe('hmac and hkdf', () => {
  test('match CPython’s hmac vectors', () => {
    for (const v of vectors.hmac)
      expect(hmac(v.hash as HashName, byteString(bytesOf(v.keyHex)), bytesOf(v.messageHex))).toBe(
        v.hex,
      );
  });

  test('match node:crypto for any key and message', () => {
    fc.assert(
      fc.property(
        byteStrings,
        byteStrings,
        fc.constantFrom<HashName>('md5', 'sha1', 'sha256', 'sha512'),
        (key, message, hash) => {
          const expected = createHmac(hash, Buffer.from(key, 'latin1'))
            .update(Buffer.from(message, 'latin1'))
            .digest('hex');
          expect(hmac(hash, key, message)).toBe(expected);
        },
      ),
    );
  });

  test('hkdf matches the RFC 5869 vectors made with CPython and node:crypto’s hkdfSync', () => {
    for (const v of vectors.hkdf) {
      const secret = byteString(bytesOf(v.secretHex));
      const info = byteString(bytesOf(v.infoHex));
      const ours = toHex(hkdf(v.hash as HashName, secret, info, v.length));
      expect(ours).toBe(v.hex);
      const node = Buffer.from(
        hkdfSync(v.hash, bytesOf(v.secretHex), new Uint8Array(0), bytesOf(v.infoHex), v.length),
      );
      expect(ours).toBe(node.toString('hex'));
    }
  });

  test('an unknown hash name or an impossible length is a clear error', () => {
    expect(() => hmac('sha3' as HashName, 'k', 'm')).toThrow(/md5, sha1, sha256, sha512/);
    expect(() => hkdf('sha256', 's', 'i', 0)).toThrow(/length must be 1 to 8160/);
  });
});

describe('bytes helpers', () => {
  test('hex, utf8 and byte strings round-trip', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 100 }),
        fc.string({ unit: 'grapheme' }),
        (data, text) => {
          expect(fromHex(toHex(data))).toEqual(data);
          expect(toBytes(byteString(data))).toEqual(data);
          expect(fromUtf8(utf8(text))).toBe(text);
          expect(toBytes(utf8(text))).toEqual(new TextEncoder().encode(text));
        },
      ),
    );
    expect(() => fromHex('abc')).toThrow(/fromHex:/);
  });

  test('timingSafeEqual is plain equality, with the length checked', () => {
    fc.assert(
      fc.property(byteStrings, byteStrings, (a, b) => {
        expect(timingSafeEqual(a, b)).toBe(a === b);
        expect(timingSafeEqual(a, a)).toBe(true);
      }),
    );
    expect(timingSafeEqual('abc', 'ab')).toBe(false);
  });

  test('randomBytes gives the asked-for length and refuses nonsense', () => {
    expect(randomBytes(70000)).toHaveLength(70000);
    expect(new Set(Array.from({ length: 20 }, () => toHex(randomBytes(16)))).size).toBe(20);
    expect(() => randomBytes(-1)).toThrow(RangeError);
  });
});

describe('Python’s random', () => {
  test('matches CPython after seed(n)', () => {
    for (const v of vectors.random) {
      const random = new PythonRandomModule(new PythonRandom(0));
      random.seed(BigInt(v.seed));
      expect(Array.from({ length: 5 }, () => random.getrandbits(32))).toEqual(v.getrandbits32);
      expect(random.getrandbits(53)).toBe(v.getrandbits53);
      expect(random.random()).toBe(v.random);
      expect(Array.from({ length: 5 }, () => random.randint(1, 6))).toEqual(v.randint1to6);
      expect(
        Array.from({ length: 12 }, () =>
          random.choice('abcdefghijklmnopqrstuvwxyz0123456789'),
        ).join(''),
      ).toBe(v.choice);
    }
  });

  test('withGenerator swaps the generator for one call and counts calls', () => {
    const random = new PythonRandomModule(new PythonRandom(42));
    const other = new PythonRandom(42);
    const inside = random.withGenerator(new PythonRandom(7), () => random.getrandbits(32));
    expect(inside).toBe(new PythonRandom(7).getrandbits32(32));
    expect(random.getrandbits(32)).toBe(other.getrandbits32(32));
    expect(random.calls).toBe(2);
    expect(() => random.getrandbits(54)).toThrow(RangeError);
  });
});
