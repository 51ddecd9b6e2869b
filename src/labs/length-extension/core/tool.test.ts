import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseBytes, utf8ToBytes } from '../../../core/bytes';
import { expectOk } from '../../../core/result';
import { forgeExtension } from './forge';
import { formatForgeries, parseLength, parseRange, parseSignature, resolveAlgorithm } from './tool';

describe('tool-mode inputs', () => {
  it('parse signatures, and say what is wrong with bad ones', () => {
    expect(expectOk(parseSignature(' 0x6036708EBA0D11F6EF52AD44E8B74D5B ')).length).toBe(16);
    const odd = parseSignature('abc');
    expect(!odd.ok && odd.error.message).toMatch(/two digits per byte/);
    const empty = parseSignature('  ');
    expect(!empty.ok && empty.error.code).toBe('forge/no-signature');
  });

  it('guess the algorithm from the tag, or check a named one against it', () => {
    expect(expectOk(resolveAlgorithm('auto', new Uint8Array(64)))).toBe('sha512');
    expect(expectOk(resolveAlgorithm('SHA-1', new Uint8Array(20)))).toBe('sha1');
    const mismatch = resolveAlgorithm('md5', new Uint8Array(20));
    expect(!mismatch.ok && mismatch.error.message).toBe(
      'A MD5 signature is 16 bytes (32 hex digits), but this one is 20 bytes.',
    );
    const unknown = resolveAlgorithm('sha3', new Uint8Array(32));
    expect(!unknown.ok && unknown.error.message).toMatch(/Unknown algorithm "sha3"/);
    const weird = resolveAlgorithm('auto', new Uint8Array(17));
    expect(!weird.ok && weird.error.code).toBe('forge/tag-length');
  });

  it('parse lengths and ranges as typed, rejecting anything else', () => {
    expect(expectOk(parseLength(' 14 '))).toBe(14);
    expect(expectOk(parseRange('0', '128'))).toEqual({ min: 0, max: 128 });
    for (const bad of ['', '-1', '1.5', '1e3', 'ten', '99999999999'])
      expect(parseLength(bad).ok, JSON.stringify(bad)).toBe(false);
    expect(parseRange('8', '2').ok).toBe(false);
    fc.assert(
      fc.property(fc.string(), (text) => {
        const parsed = parseLength(text);
        if (parsed.ok) expect(String(parsed.value)).toBe(text.trim().replace(/^0+(?=\d)/, ''));
        else expect(parsed.error.message.length).toBeGreaterThan(10);
      }),
    );
  });

  it('print the new data in every output encoding, each decoding back to the same bytes', () => {
    const forgery = expectOk(
      forgeExtension({
        algorithm: 'md5',
        tag: new Uint8Array(16),
        message: utf8ToBytes('data'),
        append: utf8ToBytes('append'),
        secretLength: 6,
      }),
    );
    for (const encoding of ['hex', 'url', 'base64', 'c'] as const) {
      const [row] = formatForgeries([forgery], encoding);
      expect(expectOk(parseBytes(row!.newData, encoding))).toEqual(forgery.forgedMessage);
      expect(row!.newSignature).toMatch(/^[0-9a-f]{32}$/);
    }
    expect(formatForgeries([forgery], 'c')[0]!.newData).toBe(
      'data\\x80' + '\\x00'.repeat(45) + 'P' + '\\x00'.repeat(7) + 'append',
    );
  });
});
