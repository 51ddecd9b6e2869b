/**
 * The bit-flipping attack, without the key. The attacker knows (or guesses) the plaintext bytes
 * `known` at `offset` and wants `want` there instead; XORing `known ⊕ want` into the right
 * ciphertext bytes does it:
 *
 * - CTR (and GCM, which is CTR inside): plaintext = ciphertext ⊕ keystream, byte for byte, so the
 *   attacker flips the ciphertext byte at the same position (SP 800-38A §6.5).
 * - CBC: P_i = D(C_i) ⊕ C_{i-1} (SP 800-38A §6.2), so the attacker flips the byte at the same place
 *   in the *previous* ciphertext block (the IV for block 0). Block i-1 then decrypts to garbage the
 *   attacker cannot control: the price of the flip.
 *
 * With GCM the flipped bytes change exactly as with CTR, but the tag no longer verifies and the
 * receiver refuses the message.
 */
import { fail, ok, type Result } from '../../../core/result';
import { AES_BLOCK } from './aes';
import { SCHEME_INFO, type Scheme } from './scheme';

export interface FlipRequest {
  scheme: Scheme;
  /** nonce/IV ‖ ciphertext (‖ tag), as `seal` returns it. */
  wire: Uint8Array;
  /** Plaintext offset of the known bytes. */
  offset: number;
  known: Uint8Array;
  want: Uint8Array;
}

export interface FlipResult {
  scheme: Scheme;
  wire: Uint8Array;
  /** known ⊕ want: what was XORed into the ciphertext. */
  mask: Uint8Array;
  /** The wire offsets that changed. */
  flipped: number[];
  /** CBC: the plaintext blocks that will decrypt to garbage (none when the flip hit the IV). */
  garbledBlocks: number[];
}

/** Largest plaintext offset a flip can address in this wire (CBC counts its padding). */
export function plaintextLength(scheme: Scheme, wireLength: number): number {
  const { headerBytes, tagBytes } = SCHEME_INFO[scheme];
  return Math.max(0, wireLength - headerBytes - tagBytes);
}

/** Where plaintext byte `p` is controlled on the wire. */
export function wireOffsetFor(scheme: Scheme, p: number): number {
  // CBC: byte j of block i is XORed with byte j of the previous wire block, which is at wire offset
  // 16·i + j − 16 + 16 (the IV comes first) = p.
  return scheme === 'cbc' ? p : SCHEME_INFO[scheme].headerBytes + p;
}

/** The new bytes must replace the known ones in place: same length, at least one byte. */
export function checkReplacement(known: Uint8Array, want: Uint8Array): Result<Uint8Array> {
  if (known.length === 0)
    return fail('flip/empty', 'Give the plaintext you know (at least one byte).');
  if (known.length !== want.length)
    return fail(
      'flip/length',
      `A flip changes bytes in place: the new value must be as long as the known one (${known.length} byte${known.length === 1 ? '' : 's'}), not ${want.length}.`,
    );
  return ok(want);
}

export function flipCiphertext(request: FlipRequest): Result<FlipResult> {
  const { scheme, wire, offset, known, want } = request;
  const replacement = checkReplacement(known, want);
  if (!replacement.ok) return replacement;
  const available = plaintextLength(scheme, wire.length);
  if (!Number.isInteger(offset) || offset < 0 || offset + known.length > available)
    return fail(
      'flip/out-of-range',
      `Offset ${offset} plus ${known.length} bytes runs past the ${available} bytes of plaintext this ciphertext holds.`,
    );
  const out = Uint8Array.from(wire);
  const mask = new Uint8Array(known.length);
  const flipped: number[] = [];
  const garbled = new Set<number>();
  for (let j = 0; j < known.length; j++) {
    mask[j] = known[j]! ^ want[j]!;
    const p = offset + j;
    const w = wireOffsetFor(scheme, p);
    out[w] = out[w]! ^ mask[j]!;
    if (mask[j] !== 0) {
      flipped.push(w);
      const block = Math.floor(p / AES_BLOCK);
      if (scheme === 'cbc' && block > 0) garbled.add(block - 1);
    }
  }
  return ok({
    scheme,
    wire: out,
    mask,
    flipped,
    garbledBlocks: [...garbled].sort((a, b) => a - b),
  });
}

export function parseOffset(text: string): Result<number> {
  const trimmed = text.trim();
  if (!/^\d{1,6}$/.test(trimmed))
    return fail(
      'flip/bad-offset',
      `"${trimmed.slice(0, 20)}" is not a byte offset (a whole number from 0).`,
    );
  return ok(Number(trimmed));
}
