/**
 * The bank's transfer order, `to=…&memo=…&amount=…&cur=…`, and how the receiving server reads it
 * after decrypting: split on `&`, then on the first `=`, last value wins (as most form parsers do).
 * The receiver has no way to tell a flipped amount from a real one: that is the point.
 */
import { bytesToUtf8, utf8ToBytes } from '../../../core/bytes';
import { fail, ok, type Result } from '../../../core/result';
import { formatNumber } from '../../../core/number-format';

/**
 * Laid out so that, with AES's 16-byte blocks, `to=mallory&memo=` fills block 0, the memo fills
 * block 1 and `&amount=100&cur=` sits in block 2: flipping CBC's block 1 to change the amount
 * garbles only the memo, and the receiver still pays Mallory.
 */
export const DEFAULT_TRANSFER = 'to=mallory&memo=invoice 42, rent&amount=100&cur=EUR';
export const MAX_TRANSFER_BYTES = 512;
const AMOUNT = 'amount=';

export function parseTransfer(text: string): Result<Uint8Array> {
  if (text.length > MAX_TRANSFER_BYTES * 4)
    return fail(
      'transfer/too-long',
      `That is ${formatNumber(text.length)} characters; a transfer here is at most ${MAX_TRANSFER_BYTES} bytes.`,
    );
  const bytes = utf8ToBytes(text);
  if (bytes.length > MAX_TRANSFER_BYTES)
    return fail(
      'transfer/too-long',
      `That is ${formatNumber(bytes.length)} bytes; a transfer here is at most ${MAX_TRANSFER_BYTES} bytes.`,
    );
  if (findAmount(bytes) === null)
    return fail(
      'transfer/no-amount',
      'The transfer needs an amount=… field (the attacker aims at its digits).',
    );
  return ok(bytes);
}

/** Offset of the first byte after `amount=`, and the value's length (up to the next `&`). */
export function findAmount(message: Uint8Array): { offset: number; length: number } | null {
  // Offsets are in bytes: search the bytes, not the decoded string.
  const needle = utf8ToBytes(AMOUNT);
  outer: for (let i = 0; i + needle.length <= message.length; i++) {
    for (let j = 0; j < needle.length; j++) if (message[i + j] !== needle[j]) continue outer;
    const offset = i + needle.length;
    let end = offset;
    while (end < message.length && message[end] !== 0x26) end++;
    return { offset, length: end - offset };
  }
  return null;
}

export interface TransferReading {
  /** Every `name=value` pair, decoded leniently (bytes that are not UTF-8 become U+FFFD). */
  fields: { name: string; value: string }[];
  amount: string | null;
  to: string | null;
}

export function readTransfer(plaintext: Uint8Array): TransferReading {
  const fields = bytesToUtf8(plaintext)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq < 0
        ? { name: pair, value: '' }
        : { name: pair.slice(0, eq), value: pair.slice(eq + 1) };
    });
  const last = (name: string) => fields.filter((f) => f.name === name).pop()?.value ?? null;
  return { fields, amount: last('amount'), to: last('to') };
}
