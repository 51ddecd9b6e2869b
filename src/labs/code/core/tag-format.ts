/**
 * Tags as the learner's `sign` returns them. The attacker sees tags on the wire and knows their
 * encoding, so the battery reads it off the tag (hex, base64, raw bytes) to get the digest, and
 * writes forged or altered tags back in the same encoding.
 */
import { bytesToBase64, bytesToHex, parseBase64 } from '../../../core/bytes';
import { byteString } from './learner-api';

export type TagFormat =
  | { kind: 'hex'; upper: boolean }
  | { kind: 'base64'; url: boolean; padded: boolean }
  | { kind: 'byte-string' }
  | { kind: 'bytes' };

export interface DecodedTag {
  format: TagFormat;
  digest: Uint8Array;
}

export function describeFormat(format: TagFormat): string {
  switch (format.kind) {
    case 'hex':
      return format.upper ? 'uppercase hex' : 'hex';
    case 'base64':
      return format.url ? 'URL-safe base64' : 'base64';
    case 'byte-string':
      return 'a byte string';
    case 'bytes':
      return 'a Uint8Array';
  }
}

/** The digest inside a tag, or null when the tag is neither a string nor bytes. */
export function decodeTag(tag: unknown): DecodedTag | null {
  if (tag instanceof Uint8Array) return { format: { kind: 'bytes' }, digest: tag };
  if (typeof tag !== 'string') return null;
  if (tag.length > 0 && tag.length % 2 === 0 && /^[0-9a-fA-F]+$/.test(tag)) {
    const upper = /[A-F]/.test(tag);
    const lower = /[a-f]/.test(tag);
    if (!(upper && lower)) {
      const digest = new Uint8Array(tag.length / 2);
      for (let i = 0; i < digest.length; i++) digest[i] = parseInt(tag.slice(2 * i, 2 * i + 2), 16);
      return { format: { kind: 'hex', upper }, digest };
    }
  }
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(tag)) {
    const parsed = parseBase64(tag);
    if (parsed.ok) {
      const url = /[-_]/.test(tag) || (!/[+/]/.test(tag) && !tag.endsWith('='));
      const format = { kind: 'base64', url, padded: tag.endsWith('=') } as const;
      if (encodeTag(format, parsed.value) === tag) return { format, digest: parsed.value };
    }
  }
  if (![...tag].some((ch) => ch.charCodeAt(0) > 0xff)) {
    const digest = new Uint8Array(tag.length);
    for (let i = 0; i < tag.length; i++) digest[i] = tag.charCodeAt(i);
    return { format: { kind: 'byte-string' }, digest };
  }
  return null;
}

export function encodeTag(format: TagFormat, digest: Uint8Array): string | Uint8Array {
  switch (format.kind) {
    case 'hex': {
      const hex = bytesToHex(digest);
      return format.upper ? hex.toUpperCase() : hex;
    }
    case 'base64': {
      const text = bytesToBase64(digest, { url: format.url });
      const body = text.replace(/=+$/, '');
      return format.padded ? body + '='.repeat((4 - (body.length % 4)) % 4) : body;
    }
    case 'byte-string':
      return byteString(digest);
    case 'bytes':
      return Uint8Array.from(digest);
  }
}

/** How many units (characters of a string tag, bytes of a Uint8Array) a tag has. */
export function tagLength(tag: string | Uint8Array): number {
  return tag.length;
}

/** The tag with one bit of its digest flipped, in the tag's own encoding. */
export function flipTagBit(decoded: DecodedTag, bit: number): string | Uint8Array {
  const digest = Uint8Array.from(decoded.digest);
  const index = Math.floor(bit / 8) % digest.length;
  digest[index] = digest[index]! ^ (1 << (bit % 8));
  return encodeTag(decoded.format, digest);
}

/** The tag cut to its first `length` units. */
export function truncateTag(tag: string | Uint8Array, length: number): string | Uint8Array {
  return typeof tag === 'string' ? tag.slice(0, length) : tag.slice(0, length);
}

const HEX_DIGITS = '0123456789abcdef';

/** A different unit of the same kind: another hex digit for hex, another byte otherwise. */
function otherUnit(tag: string | Uint8Array, i: number, format: TagFormat | null): string | number {
  if (typeof tag !== 'string') return tag[i]! ^ 0x55;
  const ch = tag[i]!;
  if (format?.kind === 'hex') {
    const digits = format.upper ? HEX_DIGITS.toUpperCase() : HEX_DIGITS;
    return digits[(digits.indexOf(ch) + 5) % 16]!;
  }
  if (format?.kind === 'base64') {
    const alphabet = format.url
      ? 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
      : 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const at = alphabet.indexOf(ch);
    if (at >= 0) return alphabet[(at + 17) % 64]!;
  }
  return String.fromCharCode(ch.charCodeAt(0) ^ 0x55);
}

/**
 * A guess whose first `prefix` units are right and every later unit is wrong (so it first differs
 * from the tag at `prefix`). Hex stays hex, so a verify that checks the format first still sees
 * a well-formed tag.
 */
export function guessWithPrefix(
  tag: string | Uint8Array,
  prefix: number,
  format: TagFormat | null,
): string | Uint8Array {
  if (typeof tag === 'string') {
    let out = tag.slice(0, prefix);
    for (let i = prefix; i < tag.length; i++) out += otherUnit(tag, i, format) as string;
    return out;
  }
  const out = Uint8Array.from(tag);
  for (let i = prefix; i < tag.length; i++) out[i] = otherUnit(tag, i, format) as number;
  return out;
}
