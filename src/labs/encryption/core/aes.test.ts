import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex, parseHex } from '../../../core/bytes';
import { expectOk } from '../../../core/result';
import {
  cbcDecrypt,
  cbcEncrypt,
  ctrCrypt,
  ecbDecrypt,
  ecbEncrypt,
  gcmDecrypt,
  gcmEncrypt,
} from './aes';
import vectors from './vectors/aes.json';

const subtle = globalThis.crypto.subtle;
const hex = (text: string) => expectOk(parseHex(text));

function nodeCipher(algorithm: string, key: Uint8Array, iv: Uint8Array | null, data: Uint8Array) {
  const cipher = createCipheriv(algorithm, key, iv);
  return new Uint8Array(Buffer.concat([cipher.update(data), cipher.final()]));
}

describe('NIST SP 800-38A vectors (AES-128)', () => {
  const v = vectors.sp800_38a;
  const key = hex(v.key);
  const plaintext = hex(v.plaintext);

  it('ECB (F.1.1) through @noble/ciphers, and node:crypto agrees', () => {
    expect(bytesToHex(ecbEncrypt(key, plaintext))).toBe(v.ecb.ciphertext);
    expect(ecbDecrypt(key, hex(v.ecb.ciphertext))).toEqual(plaintext);
    const node = createCipheriv('aes-128-ecb', key, null).setAutoPadding(false);
    expect(Buffer.concat([node.update(plaintext), node.final()]).toString('hex')).toBe(
      v.ecb.ciphertext,
    );
  });

  it('CBC (F.2.1) through Web Crypto; the PKCS#7 block it appends matches node:crypto', async () => {
    const iv = hex(v.cbc.iv);
    const ours = await cbcEncrypt(subtle, key, iv, plaintext);
    expect(ours).toHaveLength(80);
    expect(bytesToHex(ours.subarray(0, 64))).toBe(v.cbc.ciphertext);
    expect(bytesToHex(ours)).toBe(bytesToHex(nodeCipher('aes-128-cbc', key, iv, plaintext)));
    expect(await cbcDecrypt(subtle, key, iv, ours)).toEqual(plaintext);
  });

  it('CTR (F.5.1) through Web Crypto, and node:crypto agrees', async () => {
    const counter = hex(v.ctr.counter);
    expect(bytesToHex(await ctrCrypt(subtle, key, counter, plaintext))).toBe(v.ctr.ciphertext);
    expect(await ctrCrypt(subtle, key, counter, hex(v.ctr.ciphertext))).toEqual(plaintext);
    expect(bytesToHex(nodeCipher('aes-128-ctr', key, counter, plaintext))).toBe(v.ctr.ciphertext);
  });
});

describe('GCM specification vectors (AES-128)', () => {
  for (const c of vectors.gcm.cases) {
    it(`${c.name}: Web Crypto seals to ciphertext ‖ tag and opens it; node:crypto agrees`, async () => {
      const [key, iv, pt, aad] = [hex(c.key), hex(c.iv), hex(c.plaintext), hex(c.aad)];
      const sealed = await gcmEncrypt(subtle, key, iv, pt, aad);
      expect(bytesToHex(sealed)).toBe(c.ciphertext + c.tag);
      expect(await gcmDecrypt(subtle, key, iv, sealed, aad)).toEqual(pt);
      const node = createCipheriv('aes-128-gcm', key, iv);
      node.setAAD(aad);
      const body = Buffer.concat([node.update(pt), node.final()]);
      expect(body.toString('hex') + node.getAuthTag().toString('hex')).toBe(c.ciphertext + c.tag);
    });
  }

  it('refuses a tag that does not verify with the OperationError Web Crypto defines', async () => {
    const c = vectors.gcm.cases[2]!;
    const sealed = hex(c.ciphertext + c.tag);
    sealed[0]! ^= 1;
    await expect(gcmDecrypt(subtle, hex(c.key), hex(c.iv), sealed)).rejects.toMatchObject({
      name: 'OperationError',
    });
  });
});

describe('differential: random keys, nonces and messages against node:crypto', () => {
  const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });

  it('CTR, CBC, ECB and GCM give node:crypto’s bytes', async () => {
    await fc.assert(
      fc.asyncProperty(bytes(16, 16), bytes(16, 16), bytes(0, 100), async (key, iv, message) => {
        // CTR with the counter's low bytes near wrap-around too: node increments all 128 bits.
        const counter = Uint8Array.from(iv);
        counter.fill(0xff, 8);
        for (const c of [iv, counter])
          expect(bytesToHex(await ctrCrypt(subtle, key, c, message))).toBe(
            bytesToHex(nodeCipher('aes-128-ctr', key, c, message)),
          );
        expect(bytesToHex(await cbcEncrypt(subtle, key, iv, message))).toBe(
          bytesToHex(nodeCipher('aes-128-cbc', key, iv, message)),
        );
        const blocks = message.subarray(0, message.length - (message.length % 16));
        const ecb = createCipheriv('aes-128-ecb', key, null).setAutoPadding(false);
        expect(bytesToHex(ecbEncrypt(key, blocks))).toBe(
          Buffer.concat([ecb.update(blocks), ecb.final()]).toString('hex'),
        );
        const nonce = iv.subarray(0, 12);
        const node = createCipheriv('aes-128-gcm', key, nonce);
        const expected = Buffer.concat([node.update(message), node.final(), node.getAuthTag()]);
        expect(bytesToHex(await gcmEncrypt(subtle, key, nonce, message))).toBe(
          expected.toString('hex'),
        );
      }),
      { numRuns: 60 },
    );
  });

  it('node:crypto decrypts what Web Crypto sealed with GCM', async () => {
    const key = new Uint8Array(randomBytes(16));
    const nonce = new Uint8Array(randomBytes(12));
    const sealed = await gcmEncrypt(subtle, key, nonce, new TextEncoder().encode('amount=100'));
    const decipher = createDecipheriv('aes-128-gcm', key, nonce);
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    const plain = Buffer.concat([decipher.update(sealed.subarray(0, -16)), decipher.final()]);
    expect(plain.toString()).toBe('amount=100');
  });
});
