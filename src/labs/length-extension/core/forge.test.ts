import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bytesToHex, concatBytes, parseHex, utf8ToBytes } from '../../../core/bytes';
import { expectOk } from '../../../core/result';
import {
  MAX_RANGE_TRIES,
  describeForgery,
  forgeExtension,
  forgeRange,
  guessAlgorithmFromTagLength,
  layoutForgery,
} from './forge';
import { ENGINES, EXTENDABLE_ALGORITHMS, type ExtendableAlgorithm } from './merkle-damgard';
import sharedVectors from './vectors/length-extension.json';
import published from './vectors/published.json';

const hex = (text: string) => expectOk(parseHex(text));
const nodeDigest = (algorithm: ExtendableAlgorithm, ...parts: Uint8Array[]) => {
  const h = createHash(algorithm);
  for (const part of parts) h.update(part);
  return new Uint8Array(h.digest());
};

describe('forgeExtension', () => {
  it('reproduces the hash_extender README example (md5, secret "secret", data "data")', () => {
    const v = published.find((p) => p.name === 'hash_extender README')!;
    const forgery = expectOk(
      forgeExtension({
        algorithm: 'md5',
        tag: hex(v.signature_hex),
        message: utf8ToBytes('data'),
        append: utf8ToBytes('append'),
        secretLength: 6,
      }),
    );
    expect(bytesToHex(forgery.forgedTag)).toBe('6ee582a1669ce442f3719c47430dadee');
    expect(bytesToHex(forgery.forgedMessage)).toBe(v.new_data_hex);
    expect(bytesToHex(nodeDigest('md5', utf8ToBytes('secret'), forgery.forgedMessage))).toBe(
      '6ee582a1669ce442f3719c47430dadee',
    );
  });

  it('reproduces the HashPump README example (sha1, 14-byte key, waffle=eggo)', () => {
    const v = published.find((p) => p.name === 'HashPump README')!;
    const message = hex(v.data_hex);
    expect(new TextDecoder().decode(message)).toMatch(/waffle=eggo$/);
    const forgery = expectOk(
      forgeExtension({
        algorithm: expectOk(guessAlgorithmFromTagLength(20)),
        tag: hex(v.signature_hex),
        message,
        append: hex(v.append_hex),
        secretLength: 14,
      }),
    );
    expect(bytesToHex(forgery.forgedTag)).toBe('0e41270260895979317fff3898ab85668953aaa2');
    expect(bytesToHex(forgery.forgedMessage)).toBe(v.new_data_hex);
  });

  it(`matches every CPython vector (${sharedVectors.length} cases, all four hashes)`, () => {
    expect(new Set(sharedVectors.map((v) => v.algorithm))).toEqual(new Set(EXTENDABLE_ALGORITHMS));
    for (const v of sharedVectors) {
      const algorithm = v.algorithm as ExtendableAlgorithm;
      const forgery = expectOk(
        forgeExtension({
          algorithm,
          tag: hex(v.tag_hex),
          message: hex(v.message_hex),
          append: hex(v.append_hex),
          secretLength: v.secret_length,
        }),
      );
      const label = `${algorithm}, secret ${v.secret_length}, message ${v.message_hex.length / 2}`;
      expect(bytesToHex(forgery.forgedMessage), label).toBe(v.forged_message_hex);
      expect(bytesToHex(forgery.forgedTag), label).toBe(v.forged_tag_hex);
      // And the vector itself holds: the tag is H(secret ‖ message), the forged tag H(secret ‖ forged).
      expect(bytesToHex(nodeDigest(algorithm, hex(v.secret_hex), hex(v.message_hex)))).toBe(
        v.tag_hex,
      );
    }
  });

  it('for any secret, message and extension, the forged tag is node:crypto’s H(secret ‖ forged message)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...EXTENDABLE_ALGORITHMS),
        fc.uint8Array({ maxLength: 200 }),
        fc.uint8Array({ maxLength: 300 }),
        fc.uint8Array({ maxLength: 300 }),
        (algorithm, secret, message, append) => {
          const tag = nodeDigest(algorithm, secret, message);
          const forgery = expectOk(
            forgeExtension({ algorithm, tag, message, append, secretLength: secret.length }),
          );
          expect(bytesToHex(forgery.forgedTag)).toBe(
            bytesToHex(nodeDigest(algorithm, secret, forgery.forgedMessage)),
          );
          // The forged message starts with the original and ends with the attacker's data.
          expect(forgery.forgedMessage.subarray(0, message.length)).toEqual(message);
          expect(
            forgery.forgedMessage.subarray(forgery.forgedMessage.length - append.length),
          ).toEqual(append);
          expect(forgery.processedLength % ENGINES[algorithm].blockSize).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('with a wrong secret length, the forged tag is not the real one', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...EXTENDABLE_ALGORITHMS),
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        fc.uint8Array({ maxLength: 100 }),
        fc.integer({ min: 1, max: 20 }),
        (algorithm, secret, message, off) => {
          const tag = nodeDigest(algorithm, secret, message);
          const append = utf8ToBytes('&role=admin');
          const forgery = expectOk(
            forgeExtension({ algorithm, tag, message, append, secretLength: secret.length + off }),
          );
          expect(bytesToHex(forgery.forgedTag)).not.toBe(
            bytesToHex(nodeDigest(algorithm, secret, forgery.forgedMessage)),
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it('rejects a tag of the wrong length and bad secret lengths with clear messages', () => {
    const base = {
      algorithm: 'sha256' as const,
      message: new Uint8Array(),
      append: new Uint8Array(),
    };
    const short = forgeExtension({ ...base, tag: new Uint8Array(20), secretLength: 3 });
    expect(!short.ok && short.error.message).toBe(
      'A SHA-256 tag is 32 bytes (64 hex digits), but this one is 20 bytes.',
    );
    const negative = forgeExtension({ ...base, tag: new Uint8Array(32), secretLength: -1 });
    expect(!negative.ok && negative.error.code).toBe('forge/secret-length');
    const fraction = forgeExtension({ ...base, tag: new Uint8Array(32), secretLength: 1.5 });
    expect(fraction.ok).toBe(false);
  });
});

describe('guessAlgorithmFromTagLength', () => {
  it('names the hash by tag length, and explains other lengths', () => {
    expect([16, 20, 32, 64].map((n) => expectOk(guessAlgorithmFromTagLength(n)))).toEqual([
      'md5',
      'sha1',
      'sha256',
      'sha512',
    ]);
    const odd = guessAlgorithmFromTagLength(24);
    expect(!odd.ok && odd.error.message).toMatch(
      /A 24-byte tag \(48 hex digits\) fits none of MD5/,
    );
    const truncated = guessAlgorithmFromTagLength(48);
    expect(!truncated.ok && truncated.error.message).toMatch(/SHA-384, a truncated hash/);
  });
});

describe('forgeRange', () => {
  it('forges once per length, each right for its own length only', () => {
    const secret = utf8ToBytes('0123456789');
    const message = utf8ToBytes('user=alice&role=user');
    const tag = nodeDigest('sha1', secret, message);
    const forgeries = expectOk(
      forgeRange({
        algorithm: 'sha1',
        tag,
        message,
        append: utf8ToBytes('&role=admin'),
        minSecretLength: 0,
        maxSecretLength: 128,
      }),
    );
    expect(forgeries.map((f) => f.secretLength)).toEqual(Array.from({ length: 129 }, (_, i) => i));
    const right = forgeries.filter(
      (f) => bytesToHex(nodeDigest('sha1', secret, f.forgedMessage)) === bytesToHex(f.forgedTag),
    );
    expect(right.map((f) => f.secretLength)).toEqual([10]);
  });

  it('rejects empty and oversized ranges', () => {
    const base = {
      algorithm: 'md5' as const,
      tag: new Uint8Array(16),
      message: new Uint8Array(),
      append: new Uint8Array(),
    };
    const empty = forgeRange({ ...base, minSecretLength: 9, maxSecretLength: 3 });
    expect(!empty.ok && empty.error.message).toMatch(/range 9–3 is empty/);
    const huge = forgeRange({ ...base, minSecretLength: 0, maxSecretLength: MAX_RANGE_TRIES });
    expect(!huge.ok && huge.error.message).toMatch(/at most 4096/);
  });
});

describe('layoutForgery', () => {
  it('colours secret, message, glue padding, its length field, appended data and final padding', () => {
    const forgery = expectOk(
      forgeExtension({
        algorithm: 'md5',
        tag: new Uint8Array(16),
        message: utf8ToBytes('data'),
        append: utf8ToBytes('append'),
        secretLength: 6,
      }),
    );
    const layout = layoutForgery(forgery);
    expect(layout.spans.map((s) => [s.kind, s.start, s.end])).toEqual([
      ['secret', 0, 6],
      ['message', 6, 10],
      ['padding', 10, 56],
      ['length', 56, 64],
      ['append', 64, 70],
      ['neutral', 70, 120],
      ['length', 120, 128],
    ]);
    expect(layout.bytes.slice(0, 6)).toEqual([null, null, null, null, null, null]);
    expect(layout.bytes[10]).toBe(0x80);
    // The glue's length field says 80 bits (secret + message), little-endian for MD5.
    expect(layout.bytes.slice(56, 64)).toEqual([80, 0, 0, 0, 0, 0, 0, 0]);
    expect(layout.bytes.length % layout.blockSize).toBe(0);
    expect(layout.resumeAt).toBe(64);
  });

  it('describes a forgery the way the CLI prints it', () => {
    const forgery = expectOk(
      forgeExtension({
        algorithm: 'sha256',
        tag: nodeDigest('sha256', utf8ToBytes('k'), utf8ToBytes('m')),
        message: utf8ToBytes('m'),
        append: utf8ToBytes('x'),
        secretLength: 1,
      }),
    );
    const d = describeForgery(forgery);
    expect(Object.keys(d)).toEqual(['algorithm', 'secretLength', 'newSignature', 'newDataHex']);
    expect(d.newSignature).toBe(
      bytesToHex(nodeDigest('sha256', concatBytes(utf8ToBytes('k'), forgery.forgedMessage))),
    );
  });
});

describe('layout and reading, for any input', () => {
  it('spans cover every byte the victim hashes, in order, with nothing overlapping', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...EXTENDABLE_ALGORITHMS),
        fc.nat({ max: 300 }),
        fc.uint8Array({ maxLength: 300 }),
        fc.uint8Array({ maxLength: 300 }),
        (algorithm, secretLength, message, append) => {
          const engine = ENGINES[algorithm];
          const forgery = expectOk(
            forgeExtension({
              algorithm,
              tag: new Uint8Array(engine.digestSize),
              message,
              append,
              secretLength,
            }),
          );
          const layout = layoutForgery(forgery);
          let at = 0;
          for (const span of layout.spans) {
            expect(span.start).toBe(at);
            expect(span.end).toBeGreaterThan(span.start);
            at = span.end;
          }
          expect(at).toBe(layout.bytes.length);
          expect(layout.bytes.length % engine.blockSize).toBe(0);
          expect(layout.bytes.filter((b) => b === null)).toHaveLength(secretLength);
        },
      ),
      { numRuns: 200 },
    );
  });
});
