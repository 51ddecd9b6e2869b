/**
 * What the victim signs. Each preset is a real-world shape of the mistake: the message, what an
 * attacker would append, and which field the server acts on (later fields win, as most parsers do).
 */
import { bytesToCEscaped } from '../../../core/bytes';

export const PRESET_IDS = ['api', 'cookie', 'download'] as const;
export type PresetId = (typeof PRESET_IDS)[number];

export interface Preset {
  id: PresetId;
  label: string;
  message: string;
  append: string;
  /** The byte between fields: `&` in a query string, `;` in a cookie. */
  separator: '&' | ';';
  /** The field that decides what the server does. */
  field: string;
  story: string;
}

export const PRESETS: readonly Preset[] = [
  {
    id: 'api',
    label: 'API query',
    message: 'user=alice&role=user',
    append: '&role=admin',
    separator: '&',
    field: 'role',
    story:
      'In 2009 Thai Duong and Juliano Rizzo showed that Flickr’s API signed requests as MD5(secret ‖ parameters): anyone holding one signed call could add parameters and sign the result.',
  },
  {
    id: 'cookie',
    label: 'Cookie',
    message: 'comment1=cooking%20MCs;userdata=foo;comment2=%20like%20a%20pound%20of%20bacon',
    append: ';admin=true',
    separator: ';',
    field: 'admin',
    story:
      'A cookie signed as SHA-1(key ‖ cookie), as in the Cryptopals exercise: the server splits on “;” and reads admin=true from the extended cookie.',
  },
  {
    id: 'download',
    label: 'Download link',
    message: 'file=report-q3.pdf&expires=1893456000',
    append: '&file=payroll-2025.xlsx',
    separator: '&',
    field: 'file',
    story:
      'A signed download link names the file it grants. Extend it with a second file= and the server, reading the last one, hands over a file it never signed a link for.',
  },
];

export function getPreset(id: PresetId): Preset {
  return PRESETS.find((p) => p.id === id)!;
}

export interface Field {
  key: string;
  /** The value with unprintable bytes (the glue padding) written as \xNN. */
  value: string;
}

export interface Reading {
  fields: Field[];
  /** The value the server acts on: the last one with the preset's key, or null. */
  decisive: string | null;
}

/** The message's non-empty fields, split on the preset's separator, each with its raw bytes. */
export function splitFields(preset: Preset, message: Uint8Array): (Field & { raw: Uint8Array })[] {
  const sep = preset.separator.charCodeAt(0);
  const fields: (Field & { raw: Uint8Array })[] = [];
  let start = 0;
  for (let i = 0; i <= message.length; i++) {
    if (i < message.length && message[i] !== sep) continue;
    const raw = message.subarray(start, i);
    start = i + 1;
    if (raw.length === 0) continue;
    const eq = raw.indexOf(0x3d);
    const key = bytesToCEscaped(eq < 0 ? raw : raw.subarray(0, eq));
    const value = eq < 0 ? '' : bytesToCEscaped(raw.subarray(eq + 1));
    fields.push({ key, value, raw });
  }
  return fields;
}

/** The value the server acts on: the last one with the preset's key, or null. */
export function decisiveValue(preset: Preset, fields: readonly Field[]): string | null {
  return fields.filter((f) => f.key === preset.field).at(-1)?.value ?? null;
}

/** Splits a message the way the victim's server does, and says what it will act on. */
export function readMessage(preset: Preset, message: Uint8Array): Reading {
  const fields = splitFields(preset, message).map(({ key, value }) => ({ key, value }));
  return { fields, decisive: decisiveValue(preset, fields) };
}
