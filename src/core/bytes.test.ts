import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  BYTE_ENCODINGS,
  bytesToBase64,
  bytesToCEscaped,
  bytesToHex,
  bytesToUrlEncoded,
  formatBytes,
  parseBase64,
  parseBytes,
  parseCEscaped,
  parseHex,
  parseUrlEncoded,
  tryBytesToUtf8,
  utf8ToBytes,
} from './bytes';
import { constantTimeEqual, earlyExitEqual } from './compare';

const bytes = fc.uint8Array({ maxLength: 300 });

describe('hex', () => {
  it('agrees with Node Buffer and round-trips', () => {
    fc.assert(
      fc.property(bytes, (b) => {
        const hex = bytesToHex(b);
        expect(hex).toBe(Buffer.from(b).toString('hex'));
        const back = parseHex(hex.toUpperCase());
        expect(back.ok && Buffer.from(back.value).equals(Buffer.from(b))).toBe(true);
      }),
    );
  });
  it('accepts 0x, spaces and colons', () => {
    const r = parseHex(' 0xDE:AD be-ef\n');
    expect(r.ok && bytesToHex(r.value)).toBe('deadbeef');
  });
  it('rejects odd length and bad digits with a clear code', () => {
    const odd = parseHex('abc');
    expect(odd.ok).toBe(false);
    if (!odd.ok) {
      expect(odd.error.code).toBe('hex/odd-length');
      expect(odd.error.message).toMatch(/two digits per byte/);
    }
    const bad = parseHex('zz');
    expect(!bad.ok && bad.error.code).toBe('hex/invalid-character');
  });
});

describe('base64', () => {
  it('agrees with Node Buffer (standard and url) and round-trips', () => {
    fc.assert(
      fc.property(bytes, (b) => {
        expect(bytesToBase64(b)).toBe(Buffer.from(b).toString('base64'));
        expect(bytesToBase64(b, { url: true })).toBe(Buffer.from(b).toString('base64url'));
        for (const text of [bytesToBase64(b), bytesToBase64(b, { url: true })]) {
          const back = parseBase64(text);
          expect(back.ok && Buffer.from(back.value).equals(Buffer.from(b))).toBe(true);
        }
      }),
    );
  });
  it('rejects bad characters, padding and length', () => {
    expect(parseBase64('ab$c').ok).toBe(false);
    const pad = parseBase64('YQ===');
    expect(!pad.ok && pad.error.code).toBe('base64/bad-padding');
    const len = parseBase64('YWJjZ');
    expect(!len.ok && len.error.code).toBe('base64/bad-length');
  });
});

describe('percent-encoding', () => {
  it('round-trips any bytes and matches encodeURIComponent on unreserved text', () => {
    fc.assert(
      fc.property(bytes, (b) => {
        const back = parseUrlEncoded(bytesToUrlEncoded(b));
        expect(back.ok && Buffer.from(back.value).equals(Buffer.from(b))).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.string(), (s) => {
        const ours = bytesToUrlEncoded(utf8ToBytes(s));
        const theirs = encodeURIComponent(s).replace(
          /[!'()*]/g,
          (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase(),
        );
        expect(ours).toBe(theirs);
      }),
    );
  });
  it('rejects a broken escape', () => {
    const r = parseUrlEncoded('a%2');
    expect(!r.ok && r.error.code).toBe('url/bad-escape');
  });
});

describe('C escapes', () => {
  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(bytes, (b) => {
        const back = parseCEscaped(bytesToCEscaped(b));
        expect(back.ok && Buffer.from(back.value).equals(Buffer.from(b))).toBe(true);
      }),
    );
  });
  it('prints glue padding the way hash_extender does', () => {
    expect(bytesToCEscaped(Uint8Array.from([0x64, 0x80, 0x00, 0x5c]))).toBe('d\\x80\\x00\\\\');
    const r = parseCEscaped('a\\n\\x41');
    expect(r.ok && bytesToHex(r.value)).toBe('610a41');
  });
  it('rejects unknown escapes and a trailing backslash', () => {
    expect(!parseCEscaped('\\q').ok).toBe(true);
    const r = parseCEscaped('abc\\');
    expect(!r.ok && r.error.code).toBe('escape/trailing-backslash');
    expect(!parseCEscaped('\\x4').ok).toBe(true);
  });
});

describe('every encoding', () => {
  it('formatBytes then parseBytes gives the same bytes (text when it is valid UTF-8)', () => {
    fc.assert(
      fc.property(bytes, (b) => {
        for (const encoding of BYTE_ENCODINGS) {
          if (encoding === 'text' && !tryBytesToUtf8(b).ok) continue;
          const back = parseBytes(formatBytes(b, encoding), encoding);
          expect(back.ok && Buffer.from(back.value).equals(Buffer.from(b))).toBe(true);
        }
      }),
    );
  });
});

describe('comparisons', () => {
  it('constant-time and early-exit compares agree with Buffer.equals', () => {
    fc.assert(
      fc.property(bytes, bytes, fc.boolean(), (a, b, same) => {
        const other = same ? Uint8Array.from(a) : b;
        const expected = Buffer.from(a).equals(Buffer.from(other));
        expect(constantTimeEqual(a, other)).toBe(expected);
        expect(earlyExitEqual(a, other)).toBe(expected);
      }),
    );
  });
});
