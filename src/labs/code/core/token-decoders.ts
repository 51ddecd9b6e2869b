/**
 * Reading generator outputs back out of tokens, as an attacker who collected them would: a token
 * made from `Math.random()` printed in some radix (`Math.random().toString(36).slice(2)`,
 * `String(Math.random())`, …) holds the whole double, and a token made from Python's
 * `getrandbits(32)` (decimal or 8 hex digits per output) holds the whole 32-bit output. Anything
 * else (a few characters picked with `Math.floor(Math.random() * 62)`, say) loses bits, and these
 * decoders say so rather than guess.
 */

const TWO_53 = 2 ** 53;
const RADIXES = [10, 36, 16, 32, 8, 2] as const;

export interface MathRandomDecoding {
  kind: 'math-random';
  radix: number;
  /** Whether the tokens keep the leading "0." */
  prefixed: boolean;
  /** For each token, the doubles that print as it (usually one; radix 36 sometimes gives two). */
  candidates: number[][];
}

export interface MtDecoding {
  kind: 'mt-words';
  /** 32-bit outputs per token. */
  wordsPerToken: number;
  format: 'decimal' | 'hex';
  /** Every output, in the order they were drawn. */
  words: number[];
}

export type TokenDecoding = MathRandomDecoding | MtDecoding;

function digitValue(ch: string, radix: number): number {
  const v = parseInt(ch, radix);
  return Number.isNaN(v) ? -1 : v;
}

/** Every multiple of 2^-53 in [0, 1) that prints as `token` in `radix` (with or without "0."). */
export function doublesPrintingAs(token: string, radix: number): number[] {
  const prefixed = token.startsWith('0.');
  const digits = prefixed ? token.slice(2) : token;
  if (digits.length === 0 || digits.length > 80) return [];
  const shown = (x: number) => {
    const text = x.toString(radix);
    return prefixed ? text : text.startsWith('0.') ? text.slice(2) : null;
  };
  if (radix === 10) {
    const value = Number(`0.${digits}`);
    const k = value * TWO_53;
    return Number.isInteger(k) && shown(value) === token ? [value] : [];
  }
  let numerator = 0n;
  const base = BigInt(radix);
  for (const ch of digits) {
    const v = digitValue(ch, radix);
    if (v < 0) return [];
    numerator = numerator * base + BigInt(v);
  }
  const denominator = base ** BigInt(digits.length);
  // Nearest multiple of 2^-53, then its neighbours: V8's radix printing is not always the nearest.
  const k = (numerator * (1n << 54n) + denominator) / (2n * denominator);
  const out: number[] = [];
  for (let d = -3n; d <= 3n; d++) {
    const m = k + d;
    if (m < 0n || m >= 1n << 53n) continue;
    const x = Number(m) / TWO_53;
    if (shown(x) === token) out.push(x);
  }
  return out;
}

/** Math.random() values printed in one radix, one per token; null if no radix fits every token. */
export function decodeMathRandomTokens(tokens: readonly string[]): MathRandomDecoding | null {
  if (tokens.length === 0) return null;
  const prefixed = tokens[0]!.startsWith('0.');
  if (tokens.some((t) => t.startsWith('0.') !== prefixed)) return null;
  for (const radix of RADIXES) {
    const candidates: number[][] = [];
    for (const token of tokens) {
      const found = doublesPrintingAs(token, radix);
      if (found.length === 0) break;
      candidates.push(found);
    }
    if (candidates.length === tokens.length)
      return { kind: 'math-random', radix, prefixed, candidates };
  }
  return null;
}

/** Python getrandbits(32) outputs, one or more per token (decimal, or 8 hex digits each). */
export function decodeMtTokens(tokens: readonly string[]): MtDecoding | null {
  if (tokens.length === 0) return null;
  if (tokens.every((t) => /^\d{1,10}$/.test(t) && Number(t) < 2 ** 32))
    return { kind: 'mt-words', wordsPerToken: 1, format: 'decimal', words: tokens.map(Number) };
  const length = tokens[0]!.length;
  if (
    length % 8 === 0 &&
    length > 0 &&
    tokens.every((t) => t.length === length && /^[0-9a-fA-F]+$/.test(t))
  ) {
    const words: number[] = [];
    for (const token of tokens)
      for (let i = 0; i < length; i += 8) words.push(parseInt(token.slice(i, i + 8), 16));
    return { kind: 'mt-words', wordsPerToken: length / 8, format: 'hex', words };
  }
  return null;
}

/**
 * The last run of at least `min` consecutive tokens whose value is certain (one candidate each),
 * as [start, end) indices; null if there is none.
 */
export function lastCertainRun(
  candidates: readonly number[][],
  min: number,
): [number, number] | null {
  let end = candidates.length;
  while (end > 0) {
    let start = end;
    while (start > 0 && candidates[start - 1]!.length === 1) start--;
    if (end - start >= min) return [start, end];
    end = start - 1;
  }
  return null;
}
