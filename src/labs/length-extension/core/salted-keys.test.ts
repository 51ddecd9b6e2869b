import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '../../../core/bytes';
import { FEATURES, KEY_DERIVATIONS, deriveKey, replayAcrossFeatures } from './salted-keys';

const subtle = globalThis.crypto.subtle;

describe('keys per use', () => {
  it('derive keys as Django’s salted_hmac and RFC 5869 HKDF do (checked against node:crypto and @noble/hashes)', async () => {
    const secret = utf8ToBytes('django-insecure-secret-key');
    const django = await deriveKey('django', secret, 'reset', subtle);
    expect(bytesToHex(django)).toBe(
      createHash('sha256').update(FEATURES.reset.salt).update(secret).digest('hex'),
    );
    const hk = await deriveKey('hkdf', secret, 'session', subtle);
    expect(bytesToHex(hk)).toBe(
      bytesToHex(hkdf(sha256, secret, undefined, utf8ToBytes(FEATURES.session.info), 32)),
    );
    expect(await deriveKey('none', secret, 'reset', subtle)).toEqual(secret);
  });

  it('without a per-use key a reset link is a valid session cookie; with one it is rejected', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 64 }), async (secret) => {
        for (const derivation of KEY_DERIVATIONS) {
          const report = await replayAcrossFeatures({ derivation, secret, subtle });
          expect(report.resetAccepts, derivation).toBe(true);
          expect(report.sessionAccepts, derivation).toBe(derivation === 'none');
          const resetKey = await deriveKey(derivation, secret, 'reset', subtle);
          expect(report.tagHex).toBe(
            createHmac('sha256', resetKey).update(report.value).digest('hex'),
          );
        }
      }),
      { numRuns: 20 },
    );
  });

  it('spells out each feature’s key', async () => {
    const report = await replayAcrossFeatures({
      derivation: 'hkdf',
      secret: utf8ToBytes('k'),
      subtle,
      user: 'bob',
    });
    expect(report.value).toBe('user=bob&expires=1893456000');
    expect(report.formulas.reset).toContain(FEATURES.reset.info);
    expect(report.formulas.session).toContain(FEATURES.session.info);
  });
});
