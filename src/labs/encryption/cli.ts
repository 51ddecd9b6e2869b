/**
 * The encryption lab from the command line: seal a message, flip its ciphertext without the key,
 * open it as the receiver would, and drag a crib across two ciphertexts that shared a nonce.
 * Ciphertexts are written as the lab's wire format: nonce/IV ‖ ciphertext (‖ GCM tag), in hex.
 */
import { bytesToHex, bytesToUtf8, parseHex, utf8ToBytes } from '../../core/bytes';
import { fail, ok, type Result } from '../../core/result';
import { stringOption, type CliCommand, type OptionValues } from '../../cli/command';
import {
  KEY_BYTES,
  SCHEMES,
  SCHEME_INFO,
  ciphertextOf,
  dragCrib,
  flipCiphertext,
  isScheme,
  open,
  parseGuess,
  parseOffset,
  parseWire,
  sealWith,
  xorBytes,
  type CryptoEnv,
  type Scheme,
} from './core';

const env: CryptoEnv = {
  subtle: globalThis.crypto.subtle,
  random: (bytes) => globalThis.crypto.getRandomValues(bytes),
};

function schemeOption(values: OptionValues, allowed: readonly Scheme[] = SCHEMES): Result<Scheme> {
  const value = stringOption(values, 'scheme') ?? 'ctr';
  if (!isScheme(value) || !allowed.includes(value))
    return fail('usage/scheme', `--scheme: "${value}" is not one of ${allowed.join(', ')}.`);
  return ok(value);
}

/** `--name T` as UTF-8 text or `--name-hex H`; exactly one of them. */
function bytesOption(values: OptionValues, name: string): Result<Uint8Array> {
  const text = stringOption(values, name);
  const hex = stringOption(values, `${name}-hex`);
  if ((text === undefined) === (hex === undefined))
    return fail('usage/one-input', `Give exactly one of --${name} or --${name}-hex.`);
  if (text !== undefined) return ok(utf8ToBytes(text));
  const parsed = parseHex(hex!);
  return parsed.ok ? parsed : fail(parsed.error.code, `--${name}-hex: ${parsed.error.message}`);
}

/** A hex option of an exact length (a key, a nonce). */
function fixedHexOption(values: OptionValues, name: string, length: number): Result<Uint8Array> {
  const text = stringOption(values, name);
  if (text === undefined) return fail('usage/missing', `Give --${name}.`);
  const parsed = parseHex(text);
  if (!parsed.ok) return fail(parsed.error.code, `--${name}: ${parsed.error.message}`);
  if (parsed.value.length !== length)
    return fail('hex/length', `--${name} must be ${length} bytes, not ${parsed.value.length}.`);
  return parsed;
}

function wireOption(values: OptionValues, name: string, scheme: Scheme): Result<Uint8Array> {
  const text = stringOption(values, name);
  if (text === undefined) return fail('usage/missing', `Give --${name}.`);
  const wire = parseWire(scheme, text);
  return wire.ok ? wire : fail(wire.error.code, `--${name}: ${wire.error.message}`);
}

const SCHEME_USAGE = `--scheme ${SCHEMES.join('|')} (default ctr)`;

export const cipherSealCommand: CliCommand = {
  name: 'cipher-seal',
  summary:
    'Encrypt with AES-128 (CTR or CBC without a MAC, or GCM) through Web Crypto; prints the key and nonce ‖ ciphertext (‖ tag).',
  usage: `[${SCHEME_USAGE}] (--text T | --text-hex H) [--key-hex K] [--nonce-hex N] [--json]\n\nKey and nonce are drawn with crypto.getRandomValues unless given (16-byte key; 16-byte counter block or IV, 12-byte GCM nonce).`,
  options: {
    scheme: { type: 'string' },
    text: { type: 'string' },
    'text-hex': { type: 'string' },
    'key-hex': { type: 'string' },
    'nonce-hex': { type: 'string' },
  },
  async run(values) {
    const scheme = schemeOption(values);
    if (!scheme.ok) return scheme;
    const plaintext = bytesOption(values, 'text');
    if (!plaintext.ok) return plaintext;
    const headerBytes = SCHEME_INFO[scheme.value].headerBytes;
    const key =
      stringOption(values, 'key-hex') === undefined
        ? ok(env.random(new Uint8Array(KEY_BYTES)))
        : fixedHexOption(values, 'key-hex', KEY_BYTES);
    if (!key.ok) return key;
    const nonce =
      stringOption(values, 'nonce-hex') === undefined
        ? ok(env.random(new Uint8Array(headerBytes)))
        : fixedHexOption(values, 'nonce-hex', headerBytes);
    if (!nonce.ok) return nonce;
    const wire = await sealWith(scheme.value, env.subtle, key.value, nonce.value, plaintext.value);
    return ok({
      scheme: scheme.value,
      keyHex: bytesToHex(key.value),
      ciphertextHex: bytesToHex(wire),
    });
  },
};

export const cipherFlipCommand: CliCommand = {
  name: 'cipher-flip',
  summary:
    'Bit-flipping without the key: replace known plaintext at an offset with other bytes of the same length (CTR, CBC; GCM will refuse it).',
  usage: `[${SCHEME_USAGE}] --ciphertext-hex H --offset N (--known T | --known-hex H) (--want T | --want-hex H) [--json]\n\n--offset counts plaintext bytes. CTR and GCM flip the same position; CBC flips the previous block (or the IV), which garbles that block.`,
  options: {
    scheme: { type: 'string' },
    'ciphertext-hex': { type: 'string' },
    offset: { type: 'string' },
    known: { type: 'string' },
    'known-hex': { type: 'string' },
    want: { type: 'string' },
    'want-hex': { type: 'string' },
  },
  async run(values) {
    const scheme = schemeOption(values);
    if (!scheme.ok) return scheme;
    const wire = wireOption(values, 'ciphertext-hex', scheme.value);
    if (!wire.ok) return wire;
    const offsetText = stringOption(values, 'offset');
    if (offsetText === undefined)
      return fail('usage/missing', 'Give --offset (a plaintext byte offset).');
    const offset = parseOffset(offsetText);
    if (!offset.ok) return fail(offset.error.code, `--offset: ${offset.error.message}`);
    const known = bytesOption(values, 'known');
    if (!known.ok) return known;
    const want = bytesOption(values, 'want');
    if (!want.ok) return want;
    const flip = flipCiphertext({
      scheme: scheme.value,
      wire: wire.value,
      offset: offset.value,
      known: known.value,
      want: want.value,
    });
    if (!flip.ok) return flip;
    return ok({
      scheme: scheme.value,
      ciphertextHex: bytesToHex(flip.value.wire),
      maskHex: bytesToHex(flip.value.mask),
      flipped: flip.value.flipped,
      garbledBlocks: flip.value.garbledBlocks,
    });
  },
};

export const cipherOpenCommand: CliCommand = {
  name: 'cipher-open',
  summary:
    'Decrypt as the receiver does (Web Crypto); GCM refuses a changed message with OperationError.',
  usage: `[${SCHEME_USAGE}] --key-hex K --ciphertext-hex H [--json]\n\nA refusal is an outcome, not an error: it prints {"accepted":false,"error":…} and exits 0.`,
  options: {
    scheme: { type: 'string' },
    'key-hex': { type: 'string' },
    'ciphertext-hex': { type: 'string' },
  },
  async run(values) {
    const scheme = schemeOption(values);
    if (!scheme.ok) return scheme;
    const key = fixedHexOption(values, 'key-hex', KEY_BYTES);
    if (!key.ok) return key;
    const wire = wireOption(values, 'ciphertext-hex', scheme.value);
    if (!wire.ok) return wire;
    const opened = await open(scheme.value, env.subtle, key.value, wire.value);
    return ok(
      opened.ok
        ? {
            accepted: true,
            plaintextHex: bytesToHex(opened.plaintext),
            text: bytesToUtf8(opened.plaintext),
          }
        : { accepted: false, error: opened.errorName, message: opened.errorMessage },
    );
  },
  format: (value) => {
    const v = value as { accepted: boolean; text?: string; error?: string; message?: string };
    return v.accepted ? v.text! : `Refused: ${v.error}${v.message ? `: ${v.message}` : ''}`;
  },
};

export const cribDragCommand: CliCommand = {
  name: 'crib-drag',
  summary:
    'Two ciphertexts under one CTR/GCM nonce: XOR them and drag a guessed word across; prints where the other message reads as text.',
  usage: `[--scheme ctr|gcm] --a-hex H --b-hex H --guess T [--all] [--json]\n\nBoth are nonce ‖ ciphertext (‖ tag). Prints readable positions, most English-looking first (--all: every position).`,
  options: {
    scheme: { type: 'string' },
    'a-hex': { type: 'string' },
    'b-hex': { type: 'string' },
    guess: { type: 'string' },
    all: { type: 'boolean' },
  },
  async run(values) {
    const scheme = schemeOption(values, ['ctr', 'gcm']);
    if (!scheme.ok) return scheme;
    const a = wireOption(values, 'a-hex', scheme.value);
    if (!a.ok) return a;
    const b = wireOption(values, 'b-hex', scheme.value);
    if (!b.ok) return b;
    const h = SCHEME_INFO[scheme.value].headerBytes;
    const xor = xorBytes(ciphertextOf(scheme.value, a.value), ciphertextOf(scheme.value, b.value));
    const guessText = stringOption(values, 'guess');
    if (guessText === undefined)
      return fail('usage/missing', 'Give --guess (a word one message may contain).');
    const guess = parseGuess(guessText, xor.length);
    if (!guess.ok) return fail(guess.error.code, `--guess: ${guess.error.message}`);
    const hits = dragCrib(xor, guess.value)
      .filter((hit) => values.all === true || hit.readable)
      .sort((x, y) => y.score - x.score || x.position - y.position)
      .map((hit) => ({
        position: hit.position,
        revealed: bytesToUtf8(hit.revealed),
        revealedHex: bytesToHex(hit.revealed),
        readable: hit.readable,
        score: Math.round(hit.score * 100) / 100,
      }));
    return ok({
      sameNonce: bytesToHex(a.value.subarray(0, h)) === bytesToHex(b.value.subarray(0, h)),
      xorHex: bytesToHex(xor),
      hits,
    });
  },
  format: (value) => {
    const v = value as { sameNonce: boolean; hits: { position: number; revealed: string }[] };
    const lines = v.sameNonce ? [] : ['(The two nonces differ: expect noise.)'];
    for (const hit of v.hits)
      lines.push(`${String(hit.position).padStart(4)}  ${JSON.stringify(hit.revealed)}`);
    return lines.join('\n') || 'No position gives readable text.';
  },
};

export const encryptionCommands: readonly CliCommand[] = [
  cipherSealCommand,
  cipherFlipCommand,
  cipherOpenCommand,
  cribDragCommand,
];
