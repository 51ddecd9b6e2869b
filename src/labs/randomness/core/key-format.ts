/** The `allowed_chars` and `length` of the talk's key line, as typed by a user. */
import { fail, ok, type Result } from '../../../core/result';

/** Django's old SECRET_KEY characters: the kind of alphabet the talk's line was used with. */
export const DEFAULT_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)';

export const MAX_KEY_LENGTH = 1000;

export function parseAlphabet(text: string): Result<string> {
  const symbols = Array.from(text);
  if (symbols.length === 0) return fail('key/no-alphabet', 'Give at least one character.');
  const seen = new Set<string>();
  for (const s of symbols) {
    if (seen.has(s))
      return fail(
        'key/repeated',
        `“${s}” appears twice; random.choice would pick it twice as often. List each character once.`,
      );
    seen.add(s);
  }
  return ok(text);
}

export function parseLength(text: string, max = MAX_KEY_LENGTH): Result<number> {
  const cleaned = text.trim();
  if (!/^\d+$/.test(cleaned)) return fail('key/length', 'The length must be a whole number.');
  const value = Number(cleaned);
  if (value < 1 || value > max)
    return fail('key/length-range', `Choose a length from 1 to ${max}.`);
  return ok(value);
}
