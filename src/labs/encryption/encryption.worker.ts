/**
 * The sender and the receiver, in their own thread: keys and nonces are drawn here with
 * crypto.getRandomValues and never sent to the page. The page (the attacker) sees ciphertexts and
 * what the receiver did with them.
 */
import { serveWorker } from '../../platform/worker-host';
import {
  NONCE_MESSAGES,
  checkRecovery,
  drawBytes,
  drawPadlock,
  encryptPicture,
  open,
  readTransfer,
  seal,
  sealWith,
  GCM_NONCE_BYTES,
  KEY_BYTES,
  SCHEME_INFO,
  type CryptoEnv,
  type EncryptedPicture,
  type Opened,
  type RecoveryCheck,
  type Scheme,
  type TransferReading,
} from './core';
import { utf8ToBytes } from '../../core/bytes';

export interface Delivery {
  opened: Opened;
  /** How the receiver read the decrypted transfer (null when it refused to decrypt). */
  reading: TransferReading | null;
}

export type EncryptionApi = {
  /** The bank encrypts a transfer with a fresh key and nonce. */
  send: { payload: { scheme: Scheme; message: Uint8Array }; result: { wire: Uint8Array } };
  /** The receiver decrypts whatever arrives, with the bank's key, and reads it. */
  receive: { payload: { scheme: Scheme; wire: Uint8Array }; result: Delivery };
  picture: { payload: null; result: EncryptedPicture };
  /** The sender encrypts both messages under one key and one nonce. */
  'nonce-send': {
    payload: { scheme: 'ctr' | 'gcm' };
    result: { wireA: Uint8Array; wireB: Uint8Array };
  };
  /** The sender checks a recovery against the real messages. */
  'nonce-check': {
    payload: { a: (number | null)[]; b: (number | null)[] };
    result: { a: RecoveryCheck; b: RecoveryCheck };
  };
};

const env: CryptoEnv = {
  subtle: crypto.subtle,
  random: (bytes) => crypto.getRandomValues(bytes),
};

let bank: { scheme: Scheme; key: Uint8Array } | null = null;

serveWorker<EncryptionApi>({
  send: async ({ scheme, message }) => {
    bank = { scheme, key: drawBytes(env, KEY_BYTES) };
    return { wire: await seal(scheme, env, bank.key, message) };
  },

  receive: async ({ scheme, wire }) => {
    if (!bank || bank.scheme !== scheme)
      throw new Error('The bank has not sent anything with this scheme yet: encrypt first.');
    const opened = await open(scheme, env.subtle, bank.key, wire);
    return { opened, reading: opened.ok ? readTransfer(opened.plaintext) : null };
  },

  picture: () =>
    encryptPicture(
      drawPadlock(),
      env.subtle,
      drawBytes(env, KEY_BYTES),
      drawBytes(env, GCM_NONCE_BYTES),
    ),

  'nonce-send': async ({ scheme }) => {
    const key = drawBytes(env, KEY_BYTES);
    // The mistake under study: one nonce, drawn once, used for both messages.
    const nonce = drawBytes(env, SCHEME_INFO[scheme].headerBytes);
    return {
      wireA: await sealWith(scheme, env.subtle, key, nonce, utf8ToBytes(NONCE_MESSAGES.a)),
      wireB: await sealWith(scheme, env.subtle, key, nonce, utf8ToBytes(NONCE_MESSAGES.b)),
    };
  },

  'nonce-check': ({ a, b }) => ({
    a: checkRecovery('a', a, utf8ToBytes(NONCE_MESSAGES.a)),
    b: checkRecovery('b', b, utf8ToBytes(NONCE_MESSAGES.b)),
  }),
});
