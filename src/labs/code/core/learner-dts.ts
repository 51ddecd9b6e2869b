/**
 * The declarations the editor (Monaco's TypeScript service) knows for the learner's module: the
 * globals of learner-api.ts, and the three functions the module exports. A test type-checks every
 * preset against this text with the TypeScript compiler, and checks it names every global.
 */
export const LEARNER_DTS = `/** A byte string (one character per byte, code points 0–255, like Python 2's str) or bytes. */
type Bytes = string | Uint8Array;
type HashName = 'md5' | 'sha1' | 'sha256' | 'sha512';

/** MD5 of the bytes, as lowercase hex. Broken: collisions are cheap, and it length-extends. */
declare function md5(data: Bytes): string;
/** SHA-1 of the bytes, as lowercase hex. Collisions are practical, and it length-extends. */
declare function sha1(data: Bytes): string;
/** SHA-256 of the bytes, as lowercase hex. Fine as a hash; hash(secret + message) still length-extends. */
declare function sha256(data: Bytes): string;
/** SHA-512 of the bytes, as lowercase hex. Length-extends too. */
declare function sha512(data: Bytes): string;
/** HMAC, like Python's hmac.new(key, message, 'sha256').hexdigest(): lowercase hex. */
declare function hmac(hash: HashName, key: Bytes, message: Bytes): string;
/** HKDF (RFC 5869): a key for one purpose (info) from a master secret, as a byte string. */
declare function hkdf(hash: HashName, secret: Bytes, info: Bytes, length?: number): string;
/** n bytes from the operating system's generator (crypto.getRandomValues), like secrets.token_bytes(n). */
declare function randomBytes(n: number): Uint8Array;
/** Constant-time equality (checks the length, then looks at every byte), like hmac.compare_digest. */
declare function timingSafeEqual(a: Bytes, b: Bytes): boolean;
/** Bytes as lowercase hex. */
declare function toHex(data: Bytes): string;
/** Hex to bytes (throws on odd length or a non-hex character). */
declare function fromHex(hex: string): Uint8Array;
/** Text to its UTF-8 bytes, as a byte string. */
declare function utf8(text: string): string;
/** A byte string of UTF-8 back to text. */
declare function fromUtf8(data: Bytes): string;
/** A byte string as a Uint8Array. */
declare function bytes(data: Bytes): Uint8Array;
/** A Uint8Array as a byte string. */
declare function byteString(data: Uint8Array): string;

/** Python's random module (Mersenne Twister, as CPython implements it): predictable, not for secrets. */
declare const random: {
  seed(value: number | bigint): void;
  /** A float in [0, 1), from two 32-bit outputs. */
  random(): number;
  /** An integer of k random bits, 0 ≤ k ≤ 53. */
  getrandbits(k: number): number;
  /** An integer from a to b, both included. */
  randint(a: number, b: number): number;
  choice(seq: string): string;
  choice<T>(seq: readonly T[]): T;
};

/**
 * Your module exports some of these (the battery attacks what is there):
 *
 *   export function sign(secret: string, message: string, purpose?: string): string
 *   export function verify(secret: string, message: string, tag: string, purpose?: string): boolean
 *   export function makeToken(): string
 *
 * secret and message are byte strings. purpose names where a tag is used ('session',
 * 'password-reset', …): a tag made for one purpose should not verify for another.
 */
`;

/** The global names LEARNER_DTS declares (a test checks they match learnerGlobals()). */
export function declaredGlobals(dts = LEARNER_DTS): string[] {
  return [...dts.matchAll(/^declare (?:function|const) (\w+)/gm)].map((m) => m[1]!);
}
