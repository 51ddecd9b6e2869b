import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bytesToHex, utf8ToBytes } from '../../../core/bytes';
import { expectOk } from '../../../core/result';
import { attackSecretLengths } from './attack';
import { forgeExtension } from './forge';
import { firstUnprintable, readFieldsStrictly } from './format-check';
import { PRESETS, PRESET_IDS, getPreset } from './presets';
import { VictimServer } from './victim';

const subtle = globalThis.crypto.subtle;

async function forgeAgainst(format: 'none' | 'whole-message' | 'per-field', presetId = 'api') {
  const preset = getPreset(presetId as (typeof PRESET_IDS)[number]);
  const secret = utf8ToBytes('k3y-of-14bytes');
  const victim = await VictimServer.start({
    scheme: 'md5',
    secret,
    preset: preset.id,
    subtle,
    format,
  });
  const forgery = expectOk(
    forgeExtension({
      algorithm: 'md5',
      tag: victim.tag,
      message: victim.message,
      append: utf8ToBytes(preset.append),
      secretLength: secret.length,
    }),
  );
  // The forged tag really is MD5(secret ‖ forged message), by node:crypto.
  expect(bytesToHex(forgery.forgedTag)).toBe(
    createHash('md5').update(secret).update(forgery.forgedMessage).digest('hex'),
  );
  return {
    preset,
    victim,
    forgery,
    verdict: await victim.verify(forgery.forgedMessage, forgery.forgedTag),
  };
}

describe('a server strict about format', () => {
  it('with no check, acts on the appended field', async () => {
    const { verdict } = await forgeAgainst('none');
    expect(verdict).toMatchObject({ accepted: true, tagValid: true, refusal: null });
    expect(verdict.reading!.decisive).toBe('admin');
  });

  it('checking every byte, refuses the forgery although its tag is right: the glue is not printable', async () => {
    const { verdict, victim } = await forgeAgainst('whole-message');
    expect(verdict).toMatchObject({ accepted: false, tagValid: true, reading: null });
    // The first refused byte is the 0x80 that starts MD5's padding, right after the signed message.
    expect(verdict.refusal).toMatchObject({ offset: victim.message.length, byte: 0x80 });
    expect(verdict.refusal!.reason).toMatch(/^Byte \d+ is 0x80, not a printable character/);
  });

  it('checking field by field, drops the glued field and acts on the appended one: a format check is not a MAC', async () => {
    for (const id of PRESET_IDS) {
      const { verdict, preset } = await forgeAgainst('per-field', id);
      expect(verdict.accepted, id).toBe(true);
      const appended = preset.append.slice(1).split('=')[1];
      expect(verdict.reading!.decisive, id).toBe(appended);
      expect(verdict.dropped, id).toHaveLength(1);
      expect(verdict.dropped[0]!.value, id).toMatch(/\\x80/);
    }
  });

  it('accepts the genuine message under every check', async () => {
    for (const format of ['none', 'whole-message', 'per-field'] as const) {
      const victim = await VictimServer.start({
        scheme: 'sha256',
        secret: utf8ToBytes('s'),
        preset: 'cookie',
        subtle,
        format,
      });
      const verdict = await victim.verify(victim.message, victim.tag);
      expect(verdict, format).toMatchObject({ accepted: true, refusal: null, dropped: [] });
    }
  });

  it('stops the whole search over unknown lengths when every byte is checked, and not when fields are', async () => {
    for (const [format, found] of [
      ['whole-message', false],
      ['per-field', true],
    ] as const) {
      const victim = await VictimServer.start({
        scheme: 'sha1',
        secret: utf8ToBytes('twenty-one-byte-key!!'),
        preset: 'download',
        subtle,
        format,
      });
      const outcome = expectOk(
        await attackSecretLengths(
          {
            algorithm: 'sha1',
            tag: victim.tag,
            message: victim.message,
            append: utf8ToBytes(PRESETS[2]!.append),
            minSecretLength: 1,
            maxSecretLength: 32,
          },
          async (m, t) => (await victim.verify(m, t)).accepted,
        ),
      );
      expect(outcome.accepted !== null, format).toBe(found);
    }
  });

  it('reads printable messages whole and finds the first unprintable byte', () => {
    expect(firstUnprintable(utf8ToBytes('a=b&c=d~ '))).toBeNull();
    expect(firstUnprintable(Uint8Array.of(0x61, 0x7f))).toMatchObject({ offset: 1, byte: 0x7f });
    expect(firstUnprintable(Uint8Array.of(0x0a))).toMatchObject({ offset: 0, byte: 0x0a });
    const reading = readFieldsStrictly(
      getPreset('api'),
      Uint8Array.of(0x61, 0x3d, 0x01, 0x26, 0x72, 0x6f, 0x6c, 0x65, 0x3d, 0x78),
    );
    expect(reading).toEqual({
      fields: [{ key: 'role', value: 'x' }],
      decisive: 'x',
      dropped: [{ key: 'a', value: '\\x01' }],
    });
  });
});
