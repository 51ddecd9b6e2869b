/**
 * Lists of numbers pasted from a Python or JavaScript console: one per line, or separated by
 * commas or spaces, with or without the brackets of a printed list.
 */
import { fail, ok, type Result } from '../../../core/result';
import { formatNumber } from '../../../core/number-format';

/** Longest input the parsers look at, so a huge paste cannot hang the page. */
export const MAX_PASTE_CHARS = 2_000_000;

function tokens(text: string): Result<{ token: string; index: number }[]> {
  if (text.length > MAX_PASTE_CHARS)
    return fail(
      'numbers/too-long',
      `That is ${formatNumber(text.length)} characters; paste at most ${formatNumber(MAX_PASTE_CHARS)}.`,
    );
  if (/\.\.\.\s*\d+\s+more\s+items?/.test(text))
    return fail(
      'numbers/truncated',
      'The console cut the list short (“... more items”): print it whole, e.g. with console.log(JSON.stringify(values)).',
    );
  // Drop console prompts and echoes: Python's >>> and ..., IPython's In [n]:, Node's "> ".
  const lines = text
    .split(/\r?\n/)
    .filter((line) => !/^\s*(>>>|\.\.\.|In \[\d+\]:|> )/.test(line))
    .map((line) => line.replace(/^\s*Out\[\d+\]:/, ''));
  // DevTools prints an array's length before it: "(20) [0.1, …]".
  const body = lines.join('\n').replace(/\(\d+\)\s*\[/g, '[');
  const out: { token: string; index: number }[] = [];
  // Brackets, parentheses, commas, semicolons and any whitespace separate values.
  for (const part of body.split(/[\s,;[\]()]+/)) {
    if (part !== '') out.push({ token: part, index: out.length + 1 });
  }
  return ok(out);
}

function quote(token: string): string {
  return token.length > 24 ? `“${token.slice(0, 24)}…”` : `“${token}”`;
}

/** 32-bit unsigned integers, e.g. `[random.getrandbits(32) for _ in range(624)]`. */
export function parseUint32List(text: string): Result<number[]> {
  const parsed = tokens(text);
  if (!parsed.ok) return parsed;
  const values: number[] = [];
  for (const { token, index } of parsed.value) {
    const cleaned = token.replace(/_/g, '').replace(/[lLuU]$/, '');
    if (!/^[+-]?\d+$/.test(cleaned))
      return fail(
        'numbers/not-integer',
        `Value ${index} (${quote(token)}) is not a whole number: paste the output of getrandbits(32).`,
      );
    const value = BigInt(cleaned);
    if (value < 0n)
      return fail('numbers/negative', `Value ${index} (${quote(token)}) is negative.`);
    if (value >= 2n ** 32n)
      return fail(
        'numbers/too-big',
        `Value ${index} (${quote(token)}) is not below 2^32: each value must come from getrandbits(32).`,
      );
    values.push(Number(value));
  }
  return ok(values);
}

/** Doubles in [0, 1), e.g. outputs of `Math.random()` copied from a console. */
export function parseUnitDoubles(text: string): Result<number[]> {
  const parsed = tokens(text);
  if (!parsed.ok) return parsed;
  const values: number[] = [];
  for (const { token, index } of parsed.value) {
    const cleaned = token.replace(/^['"]|['"]$/g, '');
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(cleaned))
      return fail(
        'numbers/not-number',
        `Value ${index} (${quote(token)}) is not a number: paste values of Math.random().`,
      );
    const value = Number(cleaned);
    if (!(value >= 0 && value < 1))
      return fail(
        'numbers/out-of-range',
        `Value ${index} (${quote(token)}) is not in [0, 1), so it cannot come from Math.random().`,
      );
    values.push(value);
  }
  return ok(values);
}
