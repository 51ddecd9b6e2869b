/**
 * Literals for the scripts the labs export (“Copy as a Python script”, “Copy as JavaScript”): each
 * value is written so that Python 3.8+ or Node reads back exactly the value the app used, in plain
 * ASCII (so a script survives any editor, terminal or e-mail).
 */
import { assert } from './result';

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/**
 * A Python str literal. Code points, not UTF-16 units, as Python counts them: a lone surrogate
 * stays one `\udXXX`, an astral character one `\UXXXXXXXX`.
 */
export function pythonString(text: string): string {
  let out = "'";
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ch === '\\' || ch === "'") out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp >= 0x20 && cp < 0x7f) out += ch;
    else if (cp < 0x100) out += '\\x' + hex(cp, 2);
    else if (cp < 0x10000) out += '\\u' + hex(cp, 4);
    else out += '\\U' + hex(cp, 8);
  }
  return out + "'";
}

/** A Python bytes literal: printable ASCII as itself, everything else `\xNN`. */
export function pythonBytes(bytes: Uint8Array): string {
  let out = "b'";
  for (const b of bytes) {
    if (b === 0x5c || b === 0x27) out += '\\' + String.fromCharCode(b);
    else if (b === 0x0a) out += '\\n';
    else if (b === 0x0d) out += '\\r';
    else if (b === 0x09) out += '\\t';
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += '\\x' + hex(b, 2);
  }
  return out + "'";
}

/**
 * A Python float that is exactly `x`: JavaScript's shortest round-trip digits are Python's too
 * (both print the shortest string that reads back the same double); only the spelling differs.
 */
export function pythonFloat(x: number): string {
  if (Number.isNaN(x)) return "float('nan')";
  if (x === Infinity) return "float('inf')";
  if (x === -Infinity) return "-float('inf')";
  if (Object.is(x, -0)) return '-0.0';
  const text = String(x);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

/** A Python int literal (any size). */
export function pythonInt(n: bigint | number): string {
  assert(typeof n === 'bigint' || Number.isSafeInteger(n), `pythonInt: ${n} is not an integer`);
  return String(n);
}

/** A JavaScript string literal: JSON's escapes, and `\uXXXX` for every UTF-16 unit beyond ASCII. */
export function jsString(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\uffff]/g, (c) => '\\u' + hex(c.charCodeAt(0), 4));
}

/** A Node Buffer: readable when the bytes are printable ASCII, hex otherwise. */
export function nodeBuffer(bytes: Uint8Array): string {
  const printable = bytes.every((b) => b >= 0x20 && b < 0x7f);
  if (printable) return `Buffer.from(${jsString(String.fromCharCode(...bytes))})`;
  let digits = '';
  for (const b of bytes) digits += hex(b, 2);
  return `Buffer.from('${digits}', 'hex')`;
}

/**
 * Items joined with `separator` into lines of at most `width` characters (a single longer item gets
 * a line of its own), each line starting with `indent`: long lists stay readable.
 */
export function wrapItems(items: readonly string[], indent: string, width = 96, separator = ', ') {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const next = line === '' ? item : line + separator + item;
    if (line !== '' && indent.length + next.length + separator.trimEnd().length > width) {
      lines.push(indent + line + separator.trimEnd());
      line = item;
    } else line = next;
  }
  if (line !== '') lines.push(indent + line);
  return lines.join('\n');
}
