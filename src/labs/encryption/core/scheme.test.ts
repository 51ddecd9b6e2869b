import { describe, expect, it } from 'vitest';
import { utf8ToBytes } from '../../../core/bytes';
import { MAX_WIRE_BYTES, open, parseWire, seal, wireParts, type CryptoEnv } from './scheme';

const env: CryptoEnv = {
  subtle: globalThis.crypto.subtle,
  random: (bytes) => globalThis.crypto.getRandomValues(bytes),
};

describe('seal and open', () => {
  it('round-trips each scheme with a fresh nonce every time', async () => {
    const key = env.random(new Uint8Array(16));
    for (const scheme of ['ctr', 'cbc', 'gcm'] as const) {
      const message = utf8ToBytes('amount=100');
      const one = await seal(scheme, env, key, message);
      const two = await seal(scheme, env, key, message);
      expect(one).not.toEqual(two);
      expect(await open(scheme, env.subtle, key, one)).toEqual({ ok: true, plaintext: message });
    }
  });

  it('lays out header, body and tag', () => {
    expect(wireParts('gcm', 40)).toEqual({ header: [0, 12], body: [12, 24], tag: [24, 40] });
    expect(wireParts('cbc', 48)).toEqual({ header: [0, 16], body: [16, 48], tag: null });
  });
});

describe('parseWire', () => {
  it('explains hex with letters, wrong lengths and a huge paste', () => {
    expect(parseWire('ctr', '00zz')).toMatchObject({
      ok: false,
      error: { code: 'hex/invalid-character' },
    });
    expect(parseWire('ctr', '00'.repeat(15))).toMatchObject({
      ok: false,
      error: { code: 'wire/too-short' },
    });
    expect(parseWire('cbc', '00'.repeat(16 + 17))).toMatchObject({
      ok: false,
      error: { code: 'wire/partial-block', message: expect.stringContaining('17 bytes') },
    });
    expect(parseWire('gcm', '00'.repeat(27))).toMatchObject({
      ok: false,
      error: { code: 'wire/too-short', message: expect.stringContaining('16-byte tag') },
    });
    expect(parseWire('ctr', 'ab'.repeat(500_000))).toMatchObject({
      ok: false,
      error: { code: 'wire/too-long' },
    });
    expect(parseWire('ctr', '00'.repeat(MAX_WIRE_BYTES + 1))).toMatchObject({
      ok: false,
      error: { code: 'wire/too-long' },
    });
    expect(parseWire('ctr', '   ')).toMatchObject({ ok: false, error: { code: 'wire/empty' } });
    expect(parseWire('cbc', '00'.repeat(32)).ok).toBe(true);
  });
});
