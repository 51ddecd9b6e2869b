/**
 * Keys per use. Two features of one app sign with HMAC-SHA256 and the same app secret: password-
 * reset links and session cookies. Both sign values of the same shape (`user=alice&expires=…`),
 * so without a per-use key a reset link's signed value is also a valid session cookie: whoever
 * sees alice's reset link (a forwarded e-mail, a Referer header, a proxy log) can log in as her.
 * Deriving a key per feature stops it: Django's salted_hmac uses key = H(salt ‖ secret); HKDF
 * (RFC 5869) uses an `info` string per purpose. Every verdict below is a real HMAC verification
 * through Web Crypto (`subtle` is passed in).
 */
import { bytesToHex, concatBytes, utf8ToBytes } from '../../../core/bytes';
import { toBufferSource } from './victim';

export const KEY_DERIVATIONS = ['none', 'django', 'hkdf'] as const;
export type KeyDerivation = (typeof KEY_DERIVATIONS)[number];

export const FEATURES = {
  reset: {
    label: 'Password-reset link',
    salt: 'myapp.accounts.password_reset',
    info: 'myapp password-reset link v1',
  },
  session: {
    label: 'Session cookie',
    salt: 'myapp.sessions.cookie',
    info: 'myapp session cookie v1',
  },
} as const;
export type FeatureId = keyof typeof FEATURES;

export const DERIVATION_FORMULAS: Record<KeyDerivation, (feature: FeatureId) => string> = {
  none: () => 'key = SECRET_KEY',
  django: (f) => `key = SHA-256("${FEATURES[f].salt}" ‖ SECRET_KEY)`,
  hkdf: (f) => `key = HKDF-SHA256(SECRET_KEY, info = "${FEATURES[f].info}")`,
};

/** The key one feature signs with. */
export async function deriveKey(
  derivation: KeyDerivation,
  secret: Uint8Array,
  feature: FeatureId,
  subtle: SubtleCrypto,
): Promise<Uint8Array> {
  const { salt, info } = FEATURES[feature];
  switch (derivation) {
    case 'none':
      return secret;
    case 'django':
      // django.utils.crypto.salted_hmac: key = hasher(key_salt + secret).digest()
      return new Uint8Array(
        await subtle.digest('SHA-256', toBufferSource(concatBytes(utf8ToBytes(salt), secret))),
      );
    case 'hkdf': {
      const ikm = await subtle.importKey('raw', toBufferSource(secret), 'HKDF', false, [
        'deriveBits',
      ]);
      const bits = await subtle.deriveBits(
        {
          name: 'HKDF',
          hash: 'SHA-256',
          salt: new Uint8Array(),
          info: toBufferSource(utf8ToBytes(info)),
        },
        ikm,
        256,
      );
      return new Uint8Array(bits);
    }
  }
}

async function hmacKey(key: Uint8Array, subtle: SubtleCrypto): Promise<CryptoKey> {
  return subtle.importKey('raw', toBufferSource(key), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ]);
}

export interface ReplayReport {
  derivation: KeyDerivation;
  /** The value the reset feature signed, and its tag (both travel in the link). */
  value: string;
  tagHex: string;
  formulas: Record<FeatureId, string>;
  /** The reset feature accepts its own link (the control: signing works). */
  resetAccepts: boolean;
  /** The session feature, shown the same value and tag as a cookie. */
  sessionAccepts: boolean;
}

/** Signs a reset link for `user`, then presents the same value and tag to the session check. */
export async function replayAcrossFeatures(options: {
  derivation: KeyDerivation;
  secret: Uint8Array;
  subtle: SubtleCrypto;
  user?: string;
  expires?: number;
}): Promise<ReplayReport> {
  const { derivation, secret, subtle } = options;
  const value = `user=${options.user ?? 'alice'}&expires=${options.expires ?? 1893456000}`;
  const bytes = toBufferSource(utf8ToBytes(value));
  const resetKey = await hmacKey(await deriveKey(derivation, secret, 'reset', subtle), subtle);
  const sessionKey = await hmacKey(await deriveKey(derivation, secret, 'session', subtle), subtle);
  const tag = new Uint8Array(await subtle.sign('HMAC', resetKey, bytes));
  return {
    derivation,
    value,
    tagHex: bytesToHex(tag),
    formulas: {
      reset: DERIVATION_FORMULAS[derivation]('reset'),
      session: DERIVATION_FORMULAS[derivation]('session'),
    },
    resetAccepts: await subtle.verify('HMAC', resetKey, toBufferSource(tag), bytes),
    sessionAccepts: await subtle.verify('HMAC', sessionKey, toBufferSource(tag), bytes),
  };
}
