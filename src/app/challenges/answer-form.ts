/**
 * The answer form's values turned into the answer object the challenge reads, in the page and
 * before anything is sent: a malformed encoding or an oversized paste is reported at its field and
 * never reaches the worker. Without `fields`, the learner writes the JSON object themselves.
 */
import {
  bytesToBase64,
  bytesToHex,
  parseBase64,
  parseBytes,
  parseHex,
  type ByteEncoding,
} from '../../core/bytes';
import {
  MAX_ANSWER_CHARS,
  parseAnswerText,
  type AnswerField,
  type Challenge,
} from '../../core/challenge';
import { formatNumber } from '../../core/number-format';

export interface FormValues {
  /** What is typed in each field, by field name. */
  text: Record<string, string>;
  /** The encoding chosen for each `bytes` field. */
  encoding: Record<string, ByteEncoding>;
  /** The JSON textarea, for challenges without fields. */
  json: string;
}

export type Assembled =
  | { ok: true; answer: Record<string, unknown> }
  /** `form`: a problem with the whole answer (the JSON textarea, or its size). */
  | { ok: false; fields: Record<string, string>; form: string | null };

export const EMPTY_VALUES: FormValues = { text: {}, encoding: {}, json: '' };

export function defaultEncoding(field: AnswerField): ByteEncoding {
  return field.kind === 'bytes' ? field.as : 'text';
}

function tooLong(length: number): string {
  return `${formatNumber(length)} characters is too long: answers are at most ${formatNumber(MAX_ANSWER_CHARS)}. Paste just the value.`;
}

export function assembleAnswer(challenge: Challenge, values: FormValues): Assembled {
  const fields = challenge.fields;
  if (!fields || fields.length === 0) {
    const parsed = parseAnswerText(values.json);
    return parsed.ok
      ? { ok: true, answer: parsed.value }
      : { ok: false, fields: {}, form: parsed.error.message };
  }
  const answer: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  let total = 0;
  for (const field of fields) {
    const text = values.text[field.name] ?? '';
    total += text.length;
    // The size first: a pasted megabyte is refused without being decoded or scanned.
    if (text.length > MAX_ANSWER_CHARS) {
      errors[field.name] = tooLong(text.length);
      continue;
    }
    if (field.kind === 'choice') {
      // The text is the chosen option's index; the first is chosen until another is.
      answer[field.name] = (field.options[Number(text || '0')] ?? field.options[0]!).value;
      continue;
    }
    if (field.kind === 'checkboxes') {
      answer[field.name] = text === '' ? [] : text.split(',');
      continue;
    }
    if (text === '') {
      errors[field.name] = `${field.label}: empty.`;
      continue;
    }
    if (field.kind === 'number') {
      if (!/^\s*\d+\s*$/.test(text))
        errors[field.name] = `${field.label}: a whole number, such as 12.`;
      else answer[field.name] = Number(text);
    } else if (field.kind === 'hex') {
      const bytes = parseHex(text);
      if (!bytes.ok) errors[field.name] = bytes.error.message;
      else answer[field.name] = text.trim();
    } else if (field.kind === 'bytes') {
      const encoding = values.encoding[field.name] ?? field.as;
      const bytes = parseBytes(text, encoding);
      if (!bytes.ok) errors[field.name] = bytes.error.message;
      else
        answer[field.name] =
          field.as === 'hex' ? bytesToHex(bytes.value) : bytesToBase64(bytes.value);
    } else answer[field.name] = text;
  }
  if (Object.keys(errors).length > 0) return { ok: false, fields: errors, form: null };
  if (total > MAX_ANSWER_CHARS) return { ok: false, fields: {}, form: tooLong(total) };
  return { ok: true, answer };
}

/**
 * Which field a message from `parseAnswer` is about: it starts with `<name>:` or quotes
 * `"<name>"` (see the field helpers in core/challenge.ts). Null: the whole answer.
 */
export function fieldOfMessage(challenge: Challenge, message: string): string | null {
  for (const field of challenge.fields ?? [])
    if (message.startsWith(`${field.name}:`) || message.includes(`"${field.name}"`))
      return field.name;
  // bytesField names the pair `<base>Hex` / `<base>Base64`; the form has one of them.
  for (const field of challenge.fields ?? []) {
    const base = field.name.replace(/(Hex|Base64)$/, '');
    if (
      base !== field.name &&
      (message.includes(`"${base}Hex"`) || message.includes(`${base}Base64`))
    )
      return field.name;
  }
  return null;
}

/**
 * The form's values for an answer the app computed ("Show me"): each field gets its property,
 * bytes in the encoding they travel in; fields the answer lacks stay empty.
 */
export function valuesFromAnswer(challenge: Challenge, answer: unknown): FormValues {
  const object = (typeof answer === 'object' && answer !== null ? answer : {}) as Record<
    string,
    unknown
  >;
  const values: FormValues = {
    text: {},
    encoding: {},
    json: JSON.stringify(answer, null, 2),
  };
  for (const field of challenge.fields ?? []) {
    const value = object[field.name];
    if (field.kind === 'choice') {
      const index = field.options.findIndex((o) => o.value === value);
      if (index >= 0) values.text[field.name] = String(index);
      continue;
    }
    if (field.kind === 'checkboxes') {
      if (Array.isArray(value)) values.text[field.name] = value.map(String).join(',');
      continue;
    }
    if (field.kind === 'number' && typeof value === 'number') {
      values.text[field.name] = String(value);
      continue;
    }
    if (typeof value === 'string') values.text[field.name] = value;
    else if (field.kind === 'bytes') {
      // An answer may carry the other encoding of the pair (pickleHex for pickleBase64).
      const base = field.name.replace(/(Hex|Base64)$/, '');
      const hex = object[`${base}Hex`];
      const b64 = object[`${base}Base64`];
      if (typeof hex === 'string' && parseHex(hex).ok) {
        values.text[field.name] = hex;
        values.encoding[field.name] = 'hex';
        continue;
      }
      if (typeof b64 === 'string' && parseBase64(b64).ok) {
        values.text[field.name] = b64;
        values.encoding[field.name] = 'base64';
        continue;
      }
    }
    if (field.kind === 'bytes') values.encoding[field.name] = field.as;
  }
  return values;
}
