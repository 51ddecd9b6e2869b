/**
 * "Your app may be strict about format" (the talk): a server that refuses what does not look like
 * its own format. The glue a length extension needs (0x80, zeros, the bit length) is not printable,
 * so a server that checks the WHOLE message for printable bytes refuses this forgery. That is a
 * property of the parser, not of the signature: a server that validates field by field and drops
 * malformed ones (as many frameworks do) buries the glue in a dropped field and acts on the appended
 * one, and a format with binary fields never looks. A format check is not a MAC; the fix is HMAC.
 */
import { decisiveValue, splitFields, type Preset, type Reading } from './presets';

export const FORMAT_CHECKS = ['none', 'whole-message', 'per-field'] as const;
export type FormatCheck = (typeof FORMAT_CHECKS)[number];

export const FORMAT_CHECK_LABELS: Readonly<Record<FormatCheck, string>> = {
  none: 'No format check',
  'whole-message': 'Strict: every byte printable',
  'per-field': 'Strict per field: malformed fields dropped',
};

/** Printable ASCII, as a strict query-string or cookie parser accepts (RFC 3986 would be narrower). */
const printable = (byte: number) => byte >= 0x20 && byte <= 0x7e;

export interface FormatRefusal {
  /** Where the first byte the check refuses is, and what it is. */
  offset: number;
  byte: number;
  reason: string;
}

/** The whole-message check: the first unprintable byte, or null when every byte passes. */
export function firstUnprintable(message: Uint8Array): FormatRefusal | null {
  const offset = message.findIndex((b) => !printable(b));
  if (offset < 0) return null;
  const byte = message[offset]!;
  return {
    offset,
    byte,
    reason: `Byte ${offset} is 0x${byte.toString(16).padStart(2, '0')}, not a printable character: the request does not look like a query, so it is refused before anything reads it.`,
  };
}

export interface FieldReading extends Reading {
  /** Fields the per-field check dropped, as the server saw them. */
  dropped: { key: string; value: string }[];
}

/**
 * The per-field server: splits on the preset's separator, keeps the fields whose key and value are
 * printable, drops the others without a word, and acts on the last kept value of its field.
 */
export function readFieldsStrictly(preset: Preset, message: Uint8Array): FieldReading {
  const fields: Reading['fields'] = [];
  const dropped: FieldReading['dropped'] = [];
  for (const { key, value, raw } of splitFields(preset, message))
    (raw.every(printable) ? fields : dropped).push({ key, value });
  return { fields, decisive: decisiveValue(preset, fields), dropped };
}
