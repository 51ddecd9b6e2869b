import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bytesToHex, utf8ToBytes } from '../../../core/bytes';
import { expectOk } from '../../../core/result';
import { attackSecretLengths, type AttackProgress } from './attack';
import { forgeExtension } from './forge';
import { PRESETS, getPreset, readMessage } from './presets';
import {
  SIGNING_SCHEMES,
  VictimServer,
  createSigner,
  drawSecret,
  parseVictimSecretLength,
} from './victim';

const subtle = globalThis.crypto.subtle;
const random = (bytes: Uint8Array<ArrayBuffer>) => globalThis.crypto.getRandomValues(bytes);

describe('signers', () => {
  it('sign as node:crypto does: H(secret ‖ message), and HMAC for the fix', async () => {
    const secret = utf8ToBytes('s3cret');
    const message = utf8ToBytes('user=alice');
    for (const scheme of SIGNING_SCHEMES) {
      const signer = await createSigner(scheme, secret, subtle);
      const tag = await signer.sign(message);
      const expected =
        scheme === 'hmac-sha256'
          ? createHmac('sha256', secret).update(message).digest('hex')
          : createHash(scheme).update(secret).update(message).digest('hex');
      expect(bytesToHex(tag), scheme).toBe(expected);
      expect(await signer.verify(message, tag)).toBe(true);
      const flipped = Uint8Array.from(tag);
      flipped[0]! ^= 1;
      expect(await signer.verify(message, flipped)).toBe(false);
    }
  });

  it('draw hidden secret lengths in 1..64 and refuse lengths out of range', () => {
    const lengths = new Set<number>();
    for (let i = 0; i < 400; i++) lengths.add(expectOk(drawSecret(null, random)).length);
    expect(Math.min(...lengths)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(64);
    expect(lengths.size).toBeGreaterThan(40);
    expect(expectOk(drawSecret(16, random)).length).toBe(16);
    const bad = drawSecret(0, random);
    expect(!bad.ok && bad.error.message).toMatch(/from 1 to 256/);
  });
});

describe('the attack against a live victim', () => {
  it('for any secret and extension: the naive victim accepts the forgery, the HMAC victim rejects it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('md5', 'sha1', 'sha256', 'sha512' as const),
        fc.uint8Array({ minLength: 1, maxLength: 100 }),
        fc.uint8Array({ maxLength: 200 }),
        fc.uint8Array({ maxLength: 200 }),
        async (scheme, secret, message, append) => {
          const naive = await createSigner(scheme, secret, subtle);
          const forgery = expectOk(
            forgeExtension({
              algorithm: scheme,
              tag: await naive.sign(message),
              message,
              append,
              secretLength: secret.length,
            }),
          );
          expect(await naive.verify(forgery.forgedMessage, forgery.forgedTag)).toBe(true);

          const hmac = await createSigner('hmac-sha256', secret, subtle);
          const hmacForgery = expectOk(
            forgeExtension({
              algorithm: 'sha256',
              tag: await hmac.sign(message),
              message,
              append,
              secretLength: secret.length,
            }),
          );
          expect(await hmac.verify(hmacForgery.forgedMessage, hmacForgery.forgedTag)).toBe(false);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('finds a hidden secret length by asking the victim, and the server then acts on role=admin', async () => {
    const secret = expectOk(drawSecret(null, random));
    const victim = await VictimServer.start({ scheme: 'md5', secret, preset: 'api', subtle });
    const seen: AttackProgress[] = [];
    const outcome = expectOk(
      await attackSecretLengths(
        {
          algorithm: 'md5',
          tag: victim.tag,
          message: victim.message,
          append: utf8ToBytes('&role=admin'),
          minSecretLength: 1,
          maxSecretLength: 64,
        },
        async (m, t) => (await victim.verify(m, t)).accepted,
        { onAttempt: (p) => seen.push(p) },
      ),
    );
    expect(outcome.accepted?.secretLength).toBe(secret.length);
    expect(outcome.attempts.map((a) => a.accepted)).toEqual([
      ...new Array<boolean>(secret.length - 1).fill(false),
      true,
    ]);
    expect(seen.map((p) => p.done)).toEqual(outcome.attempts.map((_, i) => i + 1));
    expect(seen[0]!.total).toBe(64);
    const verdict = await victim.verify(
      outcome.accepted!.forgedMessage,
      outcome.accepted!.forgedTag,
    );
    expect(verdict.accepted).toBe(true);
    expect(verdict.reading?.decisive).toBe('admin');
    expect(verdict.reading?.fields[0]).toEqual({ key: 'user', value: 'alice' });
    expect(victim.reveal().secret).toEqual(secret);
  });

  it('against HMAC-SHA256, every length in the range is rejected', async () => {
    const secret = Uint8Array.from(randomBytes(20));
    const victim = await VictimServer.start({
      scheme: 'hmac-sha256',
      secret,
      preset: 'cookie',
      subtle,
    });
    const outcome = expectOk(
      await attackSecretLengths(
        {
          algorithm: 'sha256',
          tag: victim.tag,
          message: victim.message,
          append: utf8ToBytes(';admin=true'),
          minSecretLength: 1,
          maxSecretLength: 40,
        },
        async (m, t) => (await victim.verify(m, t)).accepted,
      ),
    );
    expect(outcome.attempts).toHaveLength(40);
    expect(outcome.attempts.every((a) => !a.accepted)).toBe(true);
    expect(outcome.accepted).toBeNull();
    expect(outcome.last?.secretLength).toBe(40);
    expect((await victim.verify(victim.message, victim.tag)).accepted).toBe(true);
  });

  it('tries every length when asked to, and reports a bad range instead of running', async () => {
    const verify = (_m: Uint8Array, _t: Uint8Array) => true;
    const request = {
      algorithm: 'sha1' as const,
      tag: new Uint8Array(20),
      message: new Uint8Array(),
      append: new Uint8Array(),
    };
    const all = expectOk(
      await attackSecretLengths({ ...request, minSecretLength: 0, maxSecretLength: 9 }, verify, {
        stopAtFirst: false,
      }),
    );
    expect(all.attempts).toHaveLength(10);
    expect(all.accepted?.secretLength).toBe(0);
    const bad = await attackSecretLengths(
      { ...request, tag: new Uint8Array(3), minSecretLength: 0, maxSecretLength: 9 },
      verify,
    );
    expect(!bad.ok && bad.error.code).toBe('forge/tag-length');
  });
});

describe('presets', () => {
  it('read what each server acts on, later fields winning', () => {
    for (const preset of PRESETS) {
      const plain = readMessage(preset, utf8ToBytes(preset.message));
      const extended = readMessage(
        preset,
        utf8ToBytes(`${preset.message}\u0001\u0002${preset.append}`),
      );
      expect(extended.decisive, preset.id).not.toBe(plain.decisive);
      expect(preset.append).toContain(`${preset.field}=${extended.decisive}`);
    }
    const cookie = readMessage(getPreset('cookie'), utf8ToBytes('a=1;b\x80\x00=2;;admin=true'));
    expect(cookie.fields).toEqual([
      { key: 'a', value: '1' },
      { key: 'b\\xc2\\x80\\x00', value: '2' },
      { key: 'admin', value: 'true' },
    ]);
    expect(cookie.decisive).toBe('true');
  });
});

describe('reading messages and settings, for any input', () => {
  it('never throws, and keeps every field', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PRESETS),
        fc.uint8Array({ maxLength: 300 }),
        (preset, bytes) => {
          const reading = readMessage(preset, bytes);
          const separators = bytes.filter((b) => b === preset.separator.charCodeAt(0)).length;
          expect(reading.fields.length).toBeLessThanOrEqual(separators + 1);
          for (const field of reading.fields) expect(field.key).not.toContain(preset.separator);
        },
      ),
    );
  });

  it('accepts victim secret lengths 1..256 only', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 6 }), (text) => {
        const parsed = parseVictimSecretLength(text);
        if (parsed.ok) {
          expect(parsed.value).toBeGreaterThanOrEqual(1);
          expect(parsed.value).toBeLessThanOrEqual(256);
        } else expect(parsed.error.message).toMatch(/from 1 to 256/);
      }),
    );
    expect(expectOk(parseVictimSecretLength(' 64 '))).toBe(64);
    expect(parseVictimSecretLength('0').ok).toBe(false);
    expect(parseVictimSecretLength('257').ok).toBe(false);
  });
});
