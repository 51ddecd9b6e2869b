/**
 * The line protocol between the CLI and its isolated child, and the checks the CLI applies to
 * everything the child says. The child runs untrusted work (a learner's module, a pickle), so
 * nothing from it is trusted: lines are cut at a fixed length while they are read (a huge line
 * costs a counter, not memory), every message is checked for shape, texts are truncated, and
 * messages nobody asked for are counted and dropped.
 *
 * CLI → child, on the child's stdin, one JSON object a line:
 *   first `{ "token": "<hex>" }`, then requests `{ "id": n, "op": "…", "payload": … }`.
 * Child → CLI, on the child's file descriptor 3, one message a line, each line prefixed by the
 * token and a space: `<token> {"id": n, "kind": "answer", "value": …}`,
 * `<token> {"id": n, "kind": "error", "code": "…", "message": "…"}` or `<token> {"kind": "ready"}`.
 *
 * The token is a per-run secret the child's harness receives before any untrusted code or data
 * exists and keeps in a closure. Untrusted code in the child shares the process and can write to
 * descriptor 3 (or stdout) as well, but it cannot know the token, so what it writes is counted as
 * forged and ignored. Only text after the token is read, so bytes written in front of a genuine line
 * do not spoil it. Learner strings travel JSON-encoded, so they cannot start a line of their own.
 */

/** Longest line kept from the child (bytes); longer lines are dropped whole and counted. */
export const MAX_LINE_BYTES = 8 * 1024 * 1024;
/** Lines without the token, or malformed, tolerated before the child is stopped as a flood. */
export const MAX_BAD_LINES = 10_000;
/** Characters kept of the child's stdout and of its stderr (the rest is counted). */
export const MAX_OUTPUT_CHARS = 4000;
/** Longest error message kept from the child. */
export const MAX_ERROR_TEXT = 2000;

export interface ChildRequest {
  id: number;
  op: string;
  payload: unknown;
}

export type ChildMessage =
  | { kind: 'ready' }
  | { kind: 'answer'; id: number; value: unknown }
  | { kind: 'error'; id: number; code: string; message: string };

/** Cuts a text to `max` characters, saying how much was cut. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

/**
 * Splits a byte stream into lines, keeping at most `maxLine` bytes of any line in memory: a longer
 * line is skipped to its end and counted in `overlong`.
 */
export class LineSplitter {
  overlong = 0;
  private parts: Uint8Array[] = [];
  private length = 0;
  private skipping = false;
  private readonly decoder = new TextDecoder();

  constructor(private readonly maxLine = MAX_LINE_BYTES) {}

  push(chunk: Uint8Array): string[] {
    const lines: string[] = [];
    let start = 0;
    for (;;) {
      const end = chunk.indexOf(0x0a, start);
      const piece = chunk.subarray(start, end === -1 ? chunk.length : end);
      if (!this.skipping) {
        if (this.length + piece.length > this.maxLine) {
          this.skipping = true;
          this.overlong++;
          this.parts = [];
          this.length = 0;
        } else if (piece.length > 0) {
          this.parts.push(piece.slice());
          this.length += piece.length;
        }
      }
      if (end === -1) break;
      if (!this.skipping) lines.push(this.take());
      this.skipping = false;
      this.parts = [];
      this.length = 0;
      start = end + 1;
    }
    return lines;
  }

  private take(): string {
    const joined = new Uint8Array(this.length);
    let offset = 0;
    for (const part of this.parts) {
      joined.set(part, offset);
      offset += part.length;
    }
    return this.decoder.decode(joined);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const CODE = /^[a-z][a-z0-9-]{0,30}\/[a-z][a-z0-9-]{0,40}$/;

/** The message in a line from the child, or null (forged: no token; or malformed). */
export function parseChildLine(line: string, token: string): ChildMessage | null {
  const at = line.indexOf(`${token} `);
  if (at === -1) return null;
  let data: unknown;
  try {
    data = JSON.parse(line.slice(at + token.length + 1));
  } catch {
    return null;
  }
  if (!isRecord(data)) return null;
  if (data.kind === 'ready') return { kind: 'ready' };
  const { id } = data;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) return null;
  if (data.kind === 'answer' && 'value' in data) return { kind: 'answer', id, value: data.value };
  if (
    data.kind === 'error' &&
    typeof data.code === 'string' &&
    CODE.test(data.code) &&
    typeof data.message === 'string'
  )
    return {
      kind: 'error',
      id,
      code: data.code,
      message: truncateText(data.message, MAX_ERROR_TEXT),
    };
  return null;
}

/** Keeps the first `max` characters of a stream of text and counts the rest. */
export class OutputTail {
  text = '';
  droppedChars = 0;
  private readonly decoder = new TextDecoder();

  constructor(private readonly max = MAX_OUTPUT_CHARS) {}

  push(chunk: Uint8Array): void {
    const text = this.decoder.decode(chunk, { stream: true });
    const room = this.max - this.text.length;
    if (room > 0) this.text += text.slice(0, room);
    this.droppedChars += Math.max(0, text.length - Math.max(0, room));
  }
}

/**
 * Values on the wire beyond JSON: requests and answers may hold bytes, float arrays and bigints
 * (the code lab's battery sends tags as Uint8Array and gets timing samples as Float64Array). They
 * travel tagged: `{"$bytes": "<hex>"}`, `{"$f64": [numbers, "NaN", "Infinity", "-Infinity"]}`,
 * `{"$bigint": "<decimal>"}`, and the numbers JSON lacks (a token may be one) as
 * `{"$number": "NaN" | "Infinity" | "-Infinity"}`. toWire is the CLI's encoder (the child has its
 * own, harness.ts, that calls nothing a module could have replaced); fromWire decodes, bounded.
 */
export function toWire(value: unknown): unknown {
  if (typeof value === 'bigint') return { $bigint: value.toString() };
  if (typeof value === 'number' && !Number.isFinite(value)) return { $number: String(value) };
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString('hex') };
  if (value instanceof Float64Array)
    return { $f64: Array.from(value, (x) => (Number.isFinite(x) ? x : String(x))) };
  if (Array.isArray(value)) return value.map(toWire);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toWire(v)]));
  return value;
}

export const WIRE_LIMITS = { depth: 12, items: 1 << 20, bigintDigits: 2000 };

/** The value a line carried, with tagged values restored; undefined if a tag is malformed. */
export function fromWire(value: unknown, depth = 0): unknown {
  if (depth > WIRE_LIMITS.depth) return undefined;
  if (Array.isArray(value)) {
    if (value.length > WIRE_LIMITS.items) return undefined;
    const out: unknown[] = [];
    for (const item of value) {
      const decoded = fromWire(item, depth + 1);
      if (decoded === undefined) return undefined;
      out.push(decoded);
    }
    return out;
  }
  if (!isRecord(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0]!.startsWith('$')) {
    const tagged = value[keys[0]!];
    switch (keys[0]) {
      case '$bytes':
        return typeof tagged === 'string' && /^(?:[0-9a-f]{2})*$/.test(tagged)
          ? Uint8Array.from(Buffer.from(tagged, 'hex'))
          : undefined;
      case '$bigint':
        return typeof tagged === 'string' &&
          new RegExp(`^-?\\d{1,${WIRE_LIMITS.bigintDigits}}$`).test(tagged)
          ? BigInt(tagged)
          : undefined;
      case '$number':
        return ['NaN', 'Infinity', '-Infinity'].includes(tagged as string)
          ? Number(tagged)
          : undefined;
      case '$f64':
        if (!Array.isArray(tagged) || tagged.length > WIRE_LIMITS.items) return undefined;
        if (
          !tagged.every(
            (x) => typeof x === 'number' || ['NaN', 'Infinity', '-Infinity'].includes(x as string),
          )
        )
          return undefined;
        return Float64Array.from(tagged, Number);
    }
    return undefined;
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const decoded = fromWire(value[key], depth + 1);
    if (decoded === undefined) return undefined;
    out[key] = decoded;
  }
  return out;
}
