/**
 * Three ways a server might "encrypt" a message, on the wire as nonce/IV ‖ ciphertext (‖ tag):
 * AES-CTR and AES-CBC with no MAC (what someone writes when they "add encryption" by hand), and
 * AES-GCM, an authenticated mode. `open` is the receiver: it really decrypts, and reports the
 * error Web Crypto raises when it refuses.
 */
import { parseHex } from '../../../core/bytes';
import { fail, ok, type Result } from '../../../core/result';
import {
  AES_BLOCK,
  GCM_NONCE_BYTES,
  GCM_TAG_BYTES,
  cbcDecrypt,
  cbcEncrypt,
  ctrCrypt,
  describeCryptoError,
  gcmDecrypt,
  gcmEncrypt,
} from './aes';
import { formatNumber } from '../../../core/number-format';

export const SCHEMES = ['ctr', 'cbc', 'gcm'] as const;
export type Scheme = (typeof SCHEMES)[number];

export interface SchemeInfo {
  id: Scheme;
  label: string;
  /** Bytes in front of the ciphertext: CTR's counter block, CBC's IV, GCM's nonce. */
  headerBytes: number;
  headerName: string;
  /** Bytes after the ciphertext: GCM's tag. */
  tagBytes: number;
  authenticated: boolean;
}

export const SCHEME_INFO: Record<Scheme, SchemeInfo> = {
  ctr: {
    id: 'ctr',
    label: 'AES-CTR, no MAC',
    headerBytes: AES_BLOCK,
    headerName: 'counter block',
    tagBytes: 0,
    authenticated: false,
  },
  cbc: {
    id: 'cbc',
    label: 'AES-CBC, no MAC',
    headerBytes: AES_BLOCK,
    headerName: 'IV',
    tagBytes: 0,
    authenticated: false,
  },
  gcm: {
    id: 'gcm',
    label: 'AES-GCM',
    headerBytes: GCM_NONCE_BYTES,
    headerName: 'nonce',
    tagBytes: GCM_TAG_BYTES,
    authenticated: true,
  },
};

export function isScheme(value: string): value is Scheme {
  return (SCHEMES as readonly string[]).includes(value);
}

/** Where crypto randomness and Web Crypto come from (the worker passes its own; tests pass Node's). */
export interface CryptoEnv {
  subtle: SubtleCrypto;
  random: (bytes: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer>;
}

export function drawBytes(env: CryptoEnv, length: number): Uint8Array {
  return env.random(new Uint8Array(length));
}

/** Encrypts with the given nonce/IV (callers draw it; reusing one is the nonce-reuse lesson). */
export async function sealWith(
  scheme: Scheme,
  subtle: SubtleCrypto,
  key: Uint8Array,
  header: Uint8Array,
  plaintext: Uint8Array,
): Promise<Uint8Array> {
  const body =
    scheme === 'ctr'
      ? await ctrCrypt(subtle, key, header, plaintext)
      : scheme === 'cbc'
        ? await cbcEncrypt(subtle, key, header, plaintext)
        : await gcmEncrypt(subtle, key, header, plaintext);
  const wire = new Uint8Array(header.length + body.length);
  wire.set(header);
  wire.set(body, header.length);
  return wire;
}

/** Encrypts with a fresh random nonce/IV from `env.random`. */
export function seal(
  scheme: Scheme,
  env: CryptoEnv,
  key: Uint8Array,
  plaintext: Uint8Array,
): Promise<Uint8Array> {
  return sealWith(
    scheme,
    env.subtle,
    key,
    drawBytes(env, SCHEME_INFO[scheme].headerBytes),
    plaintext,
  );
}

export type Opened =
  { ok: true; plaintext: Uint8Array } | { ok: false; errorName: string; errorMessage: string };

/** The receiver: decrypts for real. Expects a wire that `checkWireLength` accepted. */
export async function open(
  scheme: Scheme,
  subtle: SubtleCrypto,
  key: Uint8Array,
  wire: Uint8Array,
): Promise<Opened> {
  const h = SCHEME_INFO[scheme].headerBytes;
  const header = wire.slice(0, h);
  const body = wire.slice(h);
  try {
    const plaintext =
      scheme === 'ctr'
        ? await ctrCrypt(subtle, key, header, body)
        : scheme === 'cbc'
          ? await cbcDecrypt(subtle, key, header, body)
          : await gcmDecrypt(subtle, key, header, body);
    return { ok: true, plaintext };
  } catch (error) {
    const { name, message } = describeCryptoError(error);
    return { ok: false, errorName: name, errorMessage: message };
  }
}

/** Longest ciphertext the lab accepts (a transfer is tens of bytes; a paste of a megabyte is a mistake). */
export const MAX_WIRE_BYTES = 4096;

export function checkWireLength(scheme: Scheme, wire: Uint8Array): Result<Uint8Array> {
  const info = SCHEME_INFO[scheme];
  if (wire.length > MAX_WIRE_BYTES)
    return fail(
      'wire/too-long',
      `That is ${formatNumber(wire.length)} bytes; this lab takes at most ${formatNumber(MAX_WIRE_BYTES)} bytes of ciphertext.`,
    );
  const minimum = info.headerBytes + info.tagBytes + (scheme === 'cbc' ? AES_BLOCK : 0);
  if (wire.length < minimum)
    return fail(
      'wire/too-short',
      `${info.label} needs at least ${minimum} bytes (the ${info.headerBytes}-byte ${info.headerName}${
        scheme === 'cbc' ? ' and one 16-byte block' : scheme === 'gcm' ? ' and the 16-byte tag' : ''
      }); this is ${wire.length}.`,
    );
  if (scheme === 'cbc' && (wire.length - info.headerBytes) % AES_BLOCK !== 0)
    return fail(
      'wire/partial-block',
      `AES-CBC ciphertext comes in whole 16-byte blocks: after the 16-byte IV there are ${
        wire.length - info.headerBytes
      } bytes, which is not a multiple of 16.`,
    );
  return ok(wire);
}

/** Ciphertext as typed or pasted: hex (see parseHex), then the length checks above. */
export function parseWire(scheme: Scheme, text: string): Result<Uint8Array> {
  // Refuse a huge paste before scanning it: two hex digits per byte, generous room for separators.
  if (text.length > MAX_WIRE_BYTES * 3 + 16)
    return fail(
      'wire/too-long',
      `That paste is ${formatNumber(text.length)} characters; this lab takes at most ${formatNumber(MAX_WIRE_BYTES)} bytes of ciphertext.`,
    );
  if (text.trim() === '') return fail('wire/empty', 'Paste the ciphertext as hex.');
  const bytes = parseHex(text);
  if (!bytes.ok) return bytes;
  return checkWireLength(scheme, bytes.value);
}

/** The parts of a wire, for a byte map: header, ciphertext and (GCM) tag, as [start, end) offsets. */
export function wireParts(
  scheme: Scheme,
  length: number,
): { header: [number, number]; body: [number, number]; tag: [number, number] | null } {
  const { headerBytes, tagBytes } = SCHEME_INFO[scheme];
  const bodyEnd = Math.max(headerBytes, length - tagBytes);
  return {
    header: [0, Math.min(headerBytes, length)],
    body: [headerBytes, bodyEnd],
    tag: tagBytes > 0 ? [bodyEnd, length] : null,
  };
}

/** The ciphertext alone (no header, no tag). */
export function ciphertextOf(scheme: Scheme, wire: Uint8Array): Uint8Array {
  const { body } = wireParts(scheme, wire.length);
  return wire.slice(body[0], body[1]);
}
