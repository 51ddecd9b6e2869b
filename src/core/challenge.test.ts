import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  MAX_ANSWER_CHARS,
  bytesField,
  checkPublicShape,
  decodeInstanceParam,
  encodeInstanceParam,
  parseAnswerText,
  parseSeed,
  randomRng,
  seededRng,
} from './challenge';

describe('challenge generator', () => {
  it('is HKDF-shaped HMAC-SHA256 counter blocks, as node:crypto computes them', () => {
    const prk = createHmac('sha256', 'security-playground/challenge/v1').update('seed-1').digest();
    const block = (i: number) =>
      createHmac('sha256', prk)
        .update(Buffer.concat([Buffer.from('lab/slug\0'), Buffer.from([0, 0, 0, i])]))
        .digest('hex');
    const rng = seededRng('seed-1', 'lab/slug');
    // Odd-sized reads must still walk the blocks byte by byte.
    const read = [rng.hex(5), rng.hex(30), rng.hex(29)].join('');
    expect(read).toBe(block(0) + block(1));
  });

  it('is deterministic for a seed and label, and differs across either', () => {
    const draw = (seed: string, label: string) => seededRng(seed, label).hex(16);
    expect(draw('a', 'x/y')).toBe(draw('a', 'x/y'));
    expect(draw('a', 'x/y')).not.toBe(draw('b', 'x/y'));
    expect(draw('a', 'x/y')).not.toBe(draw('a', 'x/z'));
    expect(randomRng('x/y').hex(16)).not.toBe(randomRng('x/y').hex(16));
  });

  it('draws below n without bias and within every bound', () => {
    const rng = seededRng('counts', 'test');
    const counts = [0, 0, 0];
    for (let i = 0; i < 3000; i++) counts[rng.below(3)]!++;
    for (const c of counts) expect(c).toBeGreaterThan(900);
    for (let i = 0; i < 200; i++) {
      const v = rng.between(1, 64);
      expect(v >= 1 && v <= 64 && Number.isInteger(v)).toBe(true);
    }
    expect(rng.below(1)).toBe(0);
    expect(rng.below(2 ** 32)).toBeLessThan(2 ** 32);
    expect(() => rng.below(0)).toThrow(RangeError);
    expect(() => rng.pick([])).toThrow(RangeError);
  });
});

describe('challenge input', () => {
  it('checks seeds', () => {
    expect(parseSeed('course/1')).toEqual({ ok: true, value: 'course/1' });
    expect(parseSeed('')).toMatchObject({ ok: false, error: { code: 'challenge/seed' } });
    expect(parseSeed('s'.repeat(257))).toMatchObject({
      ok: false,
      error: { code: 'challenge/seed' },
    });
  });

  it('refuses a megabyte before parsing it, and non-objects with their type named', () => {
    const huge = '{"key": "' + 'a'.repeat(1_000_000) + '"}';
    expect(parseAnswerText(huge)).toMatchObject({
      ok: false,
      error: { code: 'answer/too-long', message: expect.stringContaining('1,000,011 characters') },
    });
    expect(parseAnswerText(' '.repeat(MAX_ANSWER_CHARS + 1))).toMatchObject({ ok: false });
    expect(parseAnswerText('')).toMatchObject({ ok: false, error: { code: 'answer/empty' } });
    expect(parseAnswerText('"key"')).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('not a string') },
    });
    expect(parseAnswerText('null')).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('not null') },
    });
    expect(parseAnswerText('{"key": "x"}')).toEqual({ ok: true, value: { key: 'x' } });
  });

  it('takes bytes as exactly one of hex or base64, naming the field at fault', () => {
    expect(bytesField({ pickleHex: '8003' }, 'pickle', 10)).toEqual({
      ok: true,
      value: Uint8Array.of(0x80, 3),
    });
    expect(bytesField({ pickleBase64: 'gAM=' }, 'pickle', 10)).toEqual({
      ok: true,
      value: Uint8Array.of(0x80, 3),
    });
    expect(bytesField({}, 'pickle', 10)).toMatchObject({
      ok: false,
      error: { code: 'answer/missing' },
    });
    expect(bytesField({ pickleHex: '00', pickleBase64: 'AA==' }, 'pickle', 10)).toMatchObject({
      ok: false,
    });
    expect(bytesField({ pickleBase64: 'g!M=' }, 'pickle', 10)).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/^pickleBase64: "!" is not a base64 character/) },
    });
    expect(bytesField({ pickleHex: '00'.repeat(11) }, 'pickle', 10)).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/^pickleHex: 11 bytes is too long/) },
    });
  });
});

describe('instances from a link', () => {
  it('round-trips a public part through base64url, and says what is wrong with a bad one', () => {
    const pub = { message: 'user=ünï&role=user', outputs: [1, 4294967295] };
    const param = encodeInstanceParam(pub);
    expect(param).toBe(Buffer.from(JSON.stringify(pub)).toString('base64url'));
    expect(decodeInstanceParam(param)).toEqual({ ok: true, value: pub });
    const message = (param: string) => {
      const r = decodeInstanceParam(param);
      return r.ok ? null : r.error.message;
    };
    expect(message('ab$')).toMatch(/^The instance in this link is not base64url: "\$"/);
    expect(message(Buffer.from([0xff, 0xfe]).toString('base64url'))).toMatch(
      /does not decode to text/,
    );
    expect(message(param.slice(0, 10))).toMatch(/is not JSON .*Was the link cut short\?/);
    expect(message('A'.repeat(300_000))).toMatch(/far too long/);
  });
  const sample = { outputs: [1, 2], alphabet: 'ab', length: 3, window: { from: 1, to: 2 } };
  it('accepts a public part of the same shape, whatever its values', () => {
    const other = { outputs: [7, 8, 9], alphabet: 'xyz', length: 12, window: { from: 5, to: 9 } };
    expect(checkPublicShape(sample, other)).toEqual({ ok: true, value: undefined });
  });
  it('names the path of a missing, extra or mistyped property', () => {
    const message = (value: unknown) => {
      const r = checkPublicShape(sample, value);
      return r.ok ? null : r.error.message;
    };
    expect(message([1])).toBe('instance should be an object, but it is an array.');
    expect(message({ ...sample, length: '3' })).toBe(
      'instance.length should be a number, but it is a string.',
    );
    expect(message({ ...sample, outputs: [1, 'x'] })).toBe(
      'instance.outputs[1] should be a number, but it is a string.',
    );
    expect(message({ ...sample, outputs: [] })).toBe('instance.outputs is empty.');
    expect(message({ ...sample, window: { from: 1 } })).toBe('instance.window has no "to".');
    expect(message({ ...sample, secret: 'x' })).toBe(
      'instance has "secret", which this challenge does not have.',
    );
    expect(
      message(
        JSON.parse('{"outputs":[1],"alphabet":"a","length":1e999,"window":{"from":1,"to":2}}'),
      ),
    ).toBe('instance.length should be a number, but it is not a number.');
  });
});
