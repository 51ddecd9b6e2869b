/**
 * Bytes and their spellings: hex, base64 (standard and URL-safe), UTF-8, percent-encoding and
 * C-style escapes. Every parser returns a Result; every formatter accepts any bytes.
 */
import { fail, ok, type Result } from './result';

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: false });
const strictUtf8Decoder = new TextDecoder('utf-8', { fatal: true });

export function utf8ToBytes(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}

/** Lossy: invalid sequences become U+FFFD. Use `tryBytesToUtf8` to detect them. */
export function bytesToUtf8(bytes: Uint8Array): string {
  return utf8Decoder.decode(bytes);
}

export function tryBytesToUtf8(bytes: Uint8Array): Result<string> {
  try {
    return ok(strictUtf8Decoder.decode(bytes));
  } catch {
    return fail('utf8/invalid', 'These bytes are not valid UTF-8 text.');
  }
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

// ---------------------------------------------------------------- hex

const HEX = '0123456789abcdef';

export function bytesToHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    out += HEX[b >> 4]! + HEX[b & 15]!;
  }
  return out;
}

/**
 * Parses hex as people paste it: upper or lower case, optional `0x`, and whitespace, colons or
 * dashes between bytes are ignored.
 */
export function parseHex(input: string): Result<Uint8Array> {
  let text = input.trim();
  if (/^0x/i.test(text)) text = text.slice(2);
  text = text.replace(/[\s:-]/g, '');
  const bad = /[^0-9a-fA-F]/.exec(text);
  if (bad) {
    return fail(
      'hex/invalid-character',
      `"${bad[0]}" is not a hex digit (only 0-9 and a-f are allowed).`,
    );
  }
  if (text.length % 2 !== 0) {
    return fail(
      'hex/odd-length',
      `Hex needs two digits per byte, but ${text.length} digits were given (one is missing or extra).`,
    );
  }
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return ok(out);
}

// ---------------------------------------------------------------- base64

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function bytesToBase64(bytes: Uint8Array, options: { url?: boolean } = {}): string {
  const alphabet = options.url ? B64_URL : B64;
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out +=
      alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + alphabet[(n >> 6) & 63]! + alphabet[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + (options.url ? '' : '==');
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out +=
      alphabet[n >> 18]! +
      alphabet[(n >> 12) & 63]! +
      alphabet[(n >> 6) & 63]! +
      (options.url ? '' : '=');
  }
  return out;
}

/** Accepts standard and URL-safe base64, with or without padding, ignoring whitespace. */
export function parseBase64(input: string): Result<Uint8Array> {
  const text = input.replace(/\s/g, '');
  const body = text.replace(/=+$/, '');
  const padding = text.length - body.length;
  const bad = /[^A-Za-z0-9+/\-_]/.exec(body);
  if (bad) {
    return fail(
      'base64/invalid-character',
      `"${bad[0]}" is not a base64 character (A-Z, a-z, 0-9, + and /, or - and _).`,
    );
  }
  if (padding > 2 || (padding > 0 && text.length % 4 !== 0)) {
    return fail('base64/bad-padding', 'The "=" padding at the end of this base64 is wrong.');
  }
  if (body.length % 4 === 1) {
    return fail(
      'base64/bad-length',
      'This base64 has one character too many or too few (its length cannot come from whole bytes).',
    );
  }
  const out = new Uint8Array(Math.floor((body.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let j = 0;
  for (const ch of body) {
    const index = ch === '-' ? 62 : ch === '_' ? 63 : B64.indexOf(ch);
    value = (value << 6) | index;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = (value >> bits) & 0xff;
    }
  }
  return ok(out);
}

// ---------------------------------------------------------------- percent-encoding

const URL_SAFE = /[A-Za-z0-9\-._~]/;

/** Percent-encodes every byte outside RFC 3986's unreserved set. */
export function bytesToUrlEncoded(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    const ch = String.fromCharCode(b);
    out +=
      b < 0x80 && URL_SAFE.test(ch)
        ? ch
        : '%' + HEX[b >> 4]!.toUpperCase() + HEX[b & 15]!.toUpperCase();
  }
  return out;
}

/** Decodes %XX escapes to bytes; other characters are taken as UTF-8 (`+` stays `+`). */
export function parseUrlEncoded(input: string): Result<Uint8Array> {
  const parts: number[] = [];
  for (let i = 0; i < input.length; i++) {
    const ch = input[i]!;
    if (ch === '%') {
      const pair = input.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(pair)) {
        return fail(
          'url/bad-escape',
          `"%${pair}" at position ${i} is not a percent escape (it needs two hex digits, like %2F).`,
        );
      }
      parts.push(parseInt(pair, 16));
      i += 2;
    } else {
      const code = input.codePointAt(i)!;
      if (code > 0xffff) i++;
      for (const b of utf8ToBytes(String.fromCodePoint(code))) parts.push(b);
    }
  }
  return ok(Uint8Array.from(parts));
}

// ---------------------------------------------------------------- C-style escapes

/** Printable ASCII stays; everything else becomes `\xNN` (with `\\` and `\"` escaped), as hash_extender prints. */
export function bytesToCEscaped(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    if (b === 0x5c) out += '\\\\';
    else if (b === 0x22) out += '\\"';
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += '\\x' + HEX[b >> 4]! + HEX[b & 15]!;
  }
  return out;
}

const SIMPLE_ESCAPES: Record<string, number> = {
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
  '0': 0x00,
  a: 0x07,
  b: 0x08,
  f: 0x0c,
  v: 0x0b,
  '\\': 0x5c,
  '"': 0x22,
  "'": 0x27,
};

/** Parses `\xNN`, `\n`, `\t`, `\0`, `\\` and friends; other characters are taken as UTF-8. */
export function parseCEscaped(input: string): Result<Uint8Array> {
  const parts: number[] = [];
  for (let i = 0; i < input.length; i++) {
    const ch = input[i]!;
    if (ch !== '\\') {
      const code = input.codePointAt(i)!;
      if (code > 0xffff) i++;
      for (const b of utf8ToBytes(String.fromCodePoint(code))) parts.push(b);
      continue;
    }
    const next = input[i + 1];
    if (next === undefined) {
      return fail('escape/trailing-backslash', 'The text ends with a lone backslash.');
    }
    if (next === 'x') {
      const pair = input.slice(i + 2, i + 4);
      if (!/^[0-9a-fA-F]{2}$/.test(pair)) {
        return fail(
          'escape/bad-hex',
          `"\\x${pair}" at position ${i} needs two hex digits, like \\x80.`,
        );
      }
      parts.push(parseInt(pair, 16));
      i += 3;
    } else if (next in SIMPLE_ESCAPES) {
      parts.push(SIMPLE_ESCAPES[next]!);
      i += 1;
    } else {
      return fail(
        'escape/unknown',
        `"\\${next}" at position ${i} is not an escape this tool knows.`,
      );
    }
  }
  return ok(Uint8Array.from(parts));
}

// ---------------------------------------------------------------- one switch for all spellings

export const BYTE_ENCODINGS = ['text', 'hex', 'base64', 'url', 'c'] as const;
export type ByteEncoding = (typeof BYTE_ENCODINGS)[number];

export const BYTE_ENCODING_LABELS: Record<ByteEncoding, string> = {
  text: 'Text (UTF-8)',
  hex: 'Hex',
  base64: 'Base64',
  url: 'URL-encoded',
  c: 'C escapes',
};

export function parseBytes(input: string, encoding: ByteEncoding): Result<Uint8Array> {
  switch (encoding) {
    case 'text':
      return ok(utf8ToBytes(input));
    case 'hex':
      return parseHex(input);
    case 'base64':
      return parseBase64(input);
    case 'url':
      return parseUrlEncoded(input);
    case 'c':
      return parseCEscaped(input);
  }
}

export function formatBytes(bytes: Uint8Array, encoding: ByteEncoding): string {
  switch (encoding) {
    case 'text':
      return bytesToUtf8(bytes);
    case 'hex':
      return bytesToHex(bytes);
    case 'base64':
      return bytesToBase64(bytes);
    case 'url':
      return bytesToUrlEncoded(bytes);
    case 'c':
      return bytesToCEscaped(bytes);
  }
}
