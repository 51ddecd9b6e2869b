/**
 * The victim: a server that signs one message and then answers verify(message, tag), like an API.
 * The naive schemes sign with H(secret ‖ message) using @noble/hashes (an implementation
 * independent of this lab's teaching engines, so an accepted forgery is not the attacker checking
 * itself) and compare in constant time. The fix signs with HMAC-SHA256 through Web Crypto, whose
 * `subtle` is passed in (the worker's, or Node's in tests).
 */
import { md5, sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8ToBytes } from '../../../core/bytes';
import { constantTimeEqual } from '../../../core/compare';
import { fail, ok, type Result } from '../../../core/result';
import {
  firstUnprintable,
  readFieldsStrictly,
  type FormatCheck,
  type FormatRefusal,
} from './format-check';
import { getPreset, readMessage, type PresetId, type Reading } from './presets';

export const SIGNING_SCHEMES = ['md5', 'sha1', 'sha256', 'sha512', 'hmac-sha256'] as const;
export type SigningScheme = (typeof SIGNING_SCHEMES)[number];

export interface SchemeInfo {
  id: SigningScheme;
  label: string;
  /** How the tag is made, as the server's code would say it. */
  formula: string;
  tagBytes: number;
}

export const SCHEMES: Readonly<Record<SigningScheme, SchemeInfo>> = {
  md5: { id: 'md5', label: 'MD5', formula: 'MD5(secret ‖ message)', tagBytes: 16 },
  sha1: { id: 'sha1', label: 'SHA-1', formula: 'SHA-1(secret ‖ message)', tagBytes: 20 },
  sha256: { id: 'sha256', label: 'SHA-256', formula: 'SHA-256(secret ‖ message)', tagBytes: 32 },
  sha512: { id: 'sha512', label: 'SHA-512', formula: 'SHA-512(secret ‖ message)', tagBytes: 64 },
  'hmac-sha256': {
    id: 'hmac-sha256',
    label: 'HMAC-SHA256',
    formula: 'HMAC-SHA256(secret, message)',
    tagBytes: 32,
  },
};

/** Web Crypto copies what it is given; this gives it a buffer of its own type. */
export const toBufferSource = (bytes: Uint8Array): Uint8Array<ArrayBuffer> =>
  Uint8Array.from(bytes);

export interface Signer {
  scheme: SigningScheme;
  sign(message: Uint8Array): Promise<Uint8Array>;
  verify(message: Uint8Array, tag: Uint8Array): Promise<boolean>;
}

const NAIVE = { md5, sha1, sha256, sha512 } as const;

/** A signer holding `secret`. HMAC keys live inside Web Crypto as non-extractable keys. */
export async function createSigner(
  scheme: SigningScheme,
  secret: Uint8Array,
  subtle: SubtleCrypto,
): Promise<Signer> {
  if (scheme === 'hmac-sha256') {
    const key = await subtle.importKey(
      'raw',
      toBufferSource(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
    return {
      scheme,
      sign: async (message) =>
        new Uint8Array(await subtle.sign('HMAC', key, toBufferSource(message))),
      // Web Crypto's verify compares in constant time.
      verify: (message, tag) =>
        subtle.verify('HMAC', key, toBufferSource(tag), toBufferSource(message)),
    };
  }
  const hash = NAIVE[scheme];
  const sign = (message: Uint8Array) => hash(concatBytes(secret, message));
  return {
    scheme,
    sign: async (message) => sign(message),
    verify: async (message, tag) => constantTimeEqual(sign(message), tag),
  };
}

export const SECRET_LENGTH_RANGE = { min: 1, max: 256 } as const;
/** A hidden secret's length is drawn uniformly from 1..HIDDEN_MAX (64 divides 256, so a byte mod 64 is uniform). */
export const HIDDEN_MAX = 64;

export type RandomFill = (bytes: Uint8Array<ArrayBuffer>) => Uint8Array;

/** `null` length = hidden: drawn at random in 1..64. The bytes come from the caller's CSPRNG. */
export function drawSecret(length: number | null, random: RandomFill): Result<Uint8Array> {
  if (length === null) {
    const [byte] = random(new Uint8Array(1));
    length = 1 + (byte! % HIDDEN_MAX);
  }
  if (
    !Number.isInteger(length) ||
    length < SECRET_LENGTH_RANGE.min ||
    length > SECRET_LENGTH_RANGE.max
  )
    return fail(
      'victim/secret-length',
      `The secret length must be a whole number from ${SECRET_LENGTH_RANGE.min} to ${SECRET_LENGTH_RANGE.max}.`,
    );
  return ok(random(new Uint8Array(length)));
}

export interface VictimVerdict {
  /** The server acts on the request: the tag checks out and the format check (if any) passes. */
  accepted: boolean;
  /** What the server does with the message: only read when it is accepted. */
  reading: Reading | null;
  /** Whether the tag alone was right (a format check may still refuse a right tag). */
  tagValid: boolean;
  /** Why the format check refused the message, or null. */
  refusal: FormatRefusal | null;
  /** Fields a per-field check dropped before reading (empty otherwise). */
  dropped: { key: string; value: string }[];
}

/**
 * A running victim. It signs its preset message once (that tag is public: the attacker sees it)
 * and afterwards only verifies.
 */
export class VictimServer {
  private constructor(
    private readonly signer: Signer,
    private readonly secret: Uint8Array,
    readonly preset: PresetId,
    readonly message: Uint8Array,
    readonly tag: Uint8Array,
    readonly format: FormatCheck,
  ) {}

  static async start(options: {
    scheme: SigningScheme;
    secret: Uint8Array;
    preset: PresetId;
    subtle: SubtleCrypto;
    /** How strict the server is about the message's format (default: not at all). */
    format?: FormatCheck;
  }): Promise<VictimServer> {
    const signer = await createSigner(options.scheme, options.secret, options.subtle);
    const message = utf8ToBytes(getPreset(options.preset).message);
    const tag = await signer.sign(message);
    return new VictimServer(
      signer,
      options.secret,
      options.preset,
      message,
      tag,
      options.format ?? 'none',
    );
  }

  get scheme(): SigningScheme {
    return this.signer.scheme;
  }

  async verify(message: Uint8Array, tag: Uint8Array): Promise<VictimVerdict> {
    const tagValid = await this.signer.verify(message, tag);
    const preset = getPreset(this.preset);
    const refusal = this.format === 'whole-message' ? firstUnprintable(message) : null;
    const accepted = tagValid && refusal === null;
    if (!accepted) return { accepted, reading: null, tagValid, refusal, dropped: [] };
    if (this.format === 'per-field') {
      const { dropped, ...reading } = readFieldsStrictly(preset, message);
      return { accepted, reading, tagValid, refusal, dropped };
    }
    return { accepted, reading: readMessage(preset, message), tagValid, refusal, dropped: [] };
  }

  /** For teaching only, after an attack: what the attacker never had. */
  reveal(): { secretLength: number; secret: Uint8Array } {
    return { secretLength: this.secret.length, secret: Uint8Array.from(this.secret) };
  }
}

/** The secret length typed into the victim's settings. */
export function parseVictimSecretLength(text: string): Result<number> {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || value < SECRET_LENGTH_RANGE.min || value > SECRET_LENGTH_RANGE.max)
    return fail(
      'victim/secret-length',
      `The secret length must be a whole number from ${SECRET_LENGTH_RANGE.min} to ${SECRET_LENGTH_RANGE.max}.`,
    );
  return ok(value);
}
