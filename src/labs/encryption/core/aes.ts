/**
 * AES through implementations someone else wrote and audited: Web Crypto (the browser's, or Node's
 * `globalThis.crypto.subtle`) for CTR, CBC and GCM, and @noble/ciphers for ECB, which Web Crypto
 * deliberately leaves out. Nothing here is a homemade cipher: the lab's point is that even real AES,
 * used without authentication, is a homemade *encryption scheme*.
 *
 * `subtle` is passed in, so this module needs no globals (core/ runs in the page, workers and Node).
 */
import { ecb } from '@noble/ciphers/aes.js';
import { assert } from '../../../core/result';

export const AES_BLOCK = 16;
/** AES-128: what `aes-128-*` means in OpenSSL and node:crypto, and the key size of SP 800-38A's vectors. */
export const KEY_BYTES = 16;
/** NIST SP 800-38D §8.2: 96-bit IVs are the recommended (and fast-path) GCM nonce length. */
export const GCM_NONCE_BYTES = 12;
export const GCM_TAG_BYTES = 16;

/** Web Crypto copies what it is given; this gives it a buffer of its own type. */
const buffer = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => Uint8Array.from(bytes);

export type AesMode = 'AES-CTR' | 'AES-CBC' | 'AES-GCM';

export async function importAesKey(
  subtle: SubtleCrypto,
  key: Uint8Array,
  mode: AesMode,
): Promise<CryptoKey> {
  assert(key.length === KEY_BYTES, `AES-128 keys are ${KEY_BYTES} bytes, got ${key.length}.`);
  return subtle.importKey('raw', buffer(key), mode, false, ['encrypt', 'decrypt']);
}

/**
 * AES-CTR (SP 800-38A §6.5) with the whole 16-byte block as the counter (`length: 128`), so the
 * counter is incremented as OpenSSL's aes-128-ctr does it. CTR decryption is the same operation.
 */
export async function ctrCrypt(
  subtle: SubtleCrypto,
  key: Uint8Array,
  counter: Uint8Array,
  data: Uint8Array,
): Promise<Uint8Array> {
  assert(counter.length === AES_BLOCK, 'The CTR counter block is 16 bytes.');
  const k = await importAesKey(subtle, key, 'AES-CTR');
  return new Uint8Array(
    await subtle.encrypt(
      { name: 'AES-CTR', counter: buffer(counter), length: 128 },
      k,
      buffer(data),
    ),
  );
}

/** AES-CBC (SP 800-38A §6.2) with PKCS#7 padding (RFC 5652 §6.3), which Web Crypto always adds. */
export async function cbcEncrypt(
  subtle: SubtleCrypto,
  key: Uint8Array,
  iv: Uint8Array,
  plaintext: Uint8Array,
): Promise<Uint8Array> {
  assert(iv.length === AES_BLOCK, 'The CBC IV is 16 bytes.');
  const k = await importAesKey(subtle, key, 'AES-CBC');
  return new Uint8Array(
    await subtle.encrypt({ name: 'AES-CBC', iv: buffer(iv) }, k, buffer(plaintext)),
  );
}

/** Rejects (OperationError) only when the PKCS#7 padding of the last block is malformed. */
export async function cbcDecrypt(
  subtle: SubtleCrypto,
  key: Uint8Array,
  iv: Uint8Array,
  ciphertext: Uint8Array,
): Promise<Uint8Array> {
  assert(iv.length === AES_BLOCK, 'The CBC IV is 16 bytes.');
  const k = await importAesKey(subtle, key, 'AES-CBC');
  return new Uint8Array(
    await subtle.decrypt({ name: 'AES-CBC', iv: buffer(iv) }, k, buffer(ciphertext)),
  );
}

/** AES-GCM (SP 800-38D): returns ciphertext ‖ 16-byte tag, as Web Crypto does. */
export async function gcmEncrypt(
  subtle: SubtleCrypto,
  key: Uint8Array,
  nonce: Uint8Array,
  plaintext: Uint8Array,
  additionalData: Uint8Array = new Uint8Array(0),
): Promise<Uint8Array> {
  assert(nonce.length === GCM_NONCE_BYTES, 'The GCM nonce is 12 bytes here.');
  const k = await importAesKey(subtle, key, 'AES-GCM');
  return new Uint8Array(
    await subtle.encrypt(
      { name: 'AES-GCM', iv: buffer(nonce), additionalData: buffer(additionalData) },
      k,
      buffer(plaintext),
    ),
  );
}

/** Rejects with Web Crypto's own OperationError when the tag does not verify. */
export async function gcmDecrypt(
  subtle: SubtleCrypto,
  key: Uint8Array,
  nonce: Uint8Array,
  sealed: Uint8Array,
  additionalData: Uint8Array = new Uint8Array(0),
): Promise<Uint8Array> {
  assert(nonce.length === GCM_NONCE_BYTES, 'The GCM nonce is 12 bytes here.');
  const k = await importAesKey(subtle, key, 'AES-GCM');
  return new Uint8Array(
    await subtle.decrypt(
      { name: 'AES-GCM', iv: buffer(nonce), additionalData: buffer(additionalData) },
      k,
      buffer(sealed),
    ),
  );
}

/**
 * AES-ECB (SP 800-38A §6.1) over whole blocks, no padding: each 16-byte block is encrypted on its
 * own, so equal plaintext blocks give equal ciphertext blocks. From @noble/ciphers.
 */
export function ecbEncrypt(key: Uint8Array, plaintext: Uint8Array): Uint8Array {
  assert(key.length === KEY_BYTES, `AES-128 keys are ${KEY_BYTES} bytes, got ${key.length}.`);
  assert(plaintext.length % AES_BLOCK === 0, 'ECB here takes whole 16-byte blocks.');
  return ecb(key, { disablePadding: true }).encrypt(plaintext);
}

export function ecbDecrypt(key: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  assert(key.length === KEY_BYTES, `AES-128 keys are ${KEY_BYTES} bytes, got ${key.length}.`);
  assert(ciphertext.length % AES_BLOCK === 0, 'ECB here takes whole 16-byte blocks.');
  return ecb(key, { disablePadding: true }).decrypt(ciphertext);
}

export function xorBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.min(a.length, b.length));
  for (let i = 0; i < out.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

/** A Web Crypto rejection as the page would report it: the DOMException's name and message. */
export function describeCryptoError(error: unknown): { name: string; message: string } {
  if (error instanceof Error || (typeof error === 'object' && error !== null && 'name' in error)) {
    const e = error as { name?: unknown; message?: unknown };
    return { name: String(e.name ?? 'Error'), message: String(e.message ?? '') };
  }
  return { name: 'Error', message: String(error) };
}
