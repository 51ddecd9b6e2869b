/**
 * The text codecs a pickle's arguments use, written to behave exactly as CPython's do (the
 * disassembler must agree with `pickletools.genops` byte for byte), plus Python-style repr() for
 * showing values.
 */
import { fail, ok, type Result } from '../../../../core/result';

const isOctal = (b: number) => b >= 0x30 && b <= 0x37;

function hexValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x61 && b <= 0x66) return b - 0x61 + 10;
  if (b >= 0x41 && b <= 0x46) return b - 0x41 + 10;
  return -1;
}

const SIMPLE_ESCAPES: Record<number, number> = {
  0x5c: 0x5c, // \\
  0x27: 0x27, // \'
  0x22: 0x22, // \"
  0x62: 0x08, // \b
  0x66: 0x0c, // \f
  0x74: 0x09, // \t
  0x6e: 0x0a, // \n
  0x72: 0x0d, // \r
  0x76: 0x0b, // \v
  0x61: 0x07, // \a
};

/**
 * `codecs.escape_decode`, as CPython's `_PyBytes_DecodeEscape` does it: octal escapes keep the low
 * 8 bits, `\x` needs two hex digits, and an unknown escape keeps its backslash.
 */
export function escapeDecode(data: Uint8Array): Result<Uint8Array> {
  const out: number[] = [];
  let i = 0;
  while (i < data.length) {
    const c = data[i++]!;
    if (c !== 0x5c) {
      out.push(c);
      continue;
    }
    if (i >= data.length) return fail('pickle/escape', 'Trailing \\ in string');
    const e = data[i++]!;
    if (e === 0x0a) continue;
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      out.push(simple);
    } else if (isOctal(e)) {
      let value = e - 0x30;
      if (i < data.length && isOctal(data[i]!)) {
        value = value * 8 + data[i++]! - 0x30;
        if (i < data.length && isOctal(data[i]!)) value = value * 8 + data[i++]! - 0x30;
      }
      out.push(value & 0xff);
    } else if (e === 0x78) {
      const high = i + 1 < data.length ? hexValue(data[i]!) : -1;
      const low = i + 1 < data.length ? hexValue(data[i + 1]!) : -1;
      if (high < 0 || low < 0)
        return fail('pickle/escape', `invalid \\x escape at position ${i - 2}`);
      out.push(high * 16 + low);
      i += 2;
    } else {
      out.push(0x5c);
      i--;
    }
  }
  return ok(Uint8Array.from(out));
}

export function decodeAscii(data: Uint8Array): Result<string> {
  let out = '';
  for (let i = 0; i < data.length; i++) {
    const b = data[i]!;
    if (b > 0x7f)
      return fail(
        'pickle/ascii',
        `'ascii' codec can't decode byte 0x${b.toString(16)} in position ${i}: ordinal not in range(128)`,
      );
    out += String.fromCharCode(b);
  }
  return ok(out);
}

export function decodeLatin1(data: Uint8Array): string {
  let out = '';
  for (let i = 0; i < data.length; i += 8192)
    out += String.fromCharCode(...data.subarray(i, Math.min(data.length, i + 8192)));
  return out;
}

/** Appends one code point, keeping lone surrogates as they are (as Python's str can hold them). */
function pushCodePoint(parts: string[], cp: number): void {
  parts.push(cp >= 0xd800 && cp <= 0xdfff ? String.fromCharCode(cp) : String.fromCodePoint(cp));
}

/** `str(data, 'raw-unicode-escape')`: only \uXXXX and \UXXXXXXXX are escapes, the rest is Latin-1. */
export function decodeRawUnicodeEscape(data: Uint8Array): Result<string> {
  const parts: string[] = [];
  let i = 0;
  while (i < data.length) {
    const c = data[i++]!;
    if (c !== 0x5c) {
      parts.push(String.fromCharCode(c));
      continue;
    }
    if (i >= data.length) {
      parts.push('\\');
      continue;
    }
    const e = data[i++]!;
    const count = e === 0x75 ? 4 : e === 0x55 ? 8 : 0;
    if (count === 0) {
      parts.push('\\', String.fromCharCode(e));
      continue;
    }
    const start = i - 2;
    let cp = 0;
    for (let k = 0; k < count; k++) {
      const digit = i < data.length ? hexValue(data[i]!) : -1;
      if (digit < 0)
        return fail(
          'pickle/raw-unicode-escape',
          `'rawunicodeescape' codec can't decode bytes in position ${start}-${i - 1}: truncated \\${count === 4 ? 'uXXXX' : 'UXXXXXXXX'} escape`,
        );
      cp = cp * 16 + digit;
      i++;
    }
    if (cp > 0x10ffff)
      return fail(
        'pickle/raw-unicode-escape',
        `'rawunicodeescape' codec can't decode bytes in position ${start}-${i - 1}: \\Uxxxxxxxx out of range`,
      );
    pushCodePoint(parts, cp);
  }
  return ok(parts.join(''));
}

/**
 * `str(data, 'utf-8', 'surrogatepass')`: strict UTF-8 (no overlong forms, nothing above
 * U+10FFFF) except that encoded surrogates (ED A0 80 … ED BF BF) are let through.
 */
export function decodeUtf8SurrogatePass(data: Uint8Array): Result<string> {
  return decodeUtf8(data, true);
}

/** `str(data, 'utf-8')`, strict; with `surrogatePass`, as decodeUtf8SurrogatePass. */
export function decodeUtf8(data: Uint8Array, surrogatePass = false): Result<string> {
  const parts: string[] = [];
  let i = 0;
  const bad = (reason: string) =>
    fail<string>(
      'pickle/utf8',
      `'utf-8' codec can't decode byte 0x${data[i]!.toString(16).padStart(2, '0')} in position ${i}: ${reason}`,
    );
  const cont = (j: number, lo = 0x80, hi = 0xbf) =>
    j < data.length && data[j]! >= lo && data[j]! <= hi;
  while (i < data.length) {
    const b = data[i]!;
    if (b < 0x80) {
      parts.push(String.fromCharCode(b));
      i++;
    } else if (b >= 0xc2 && b <= 0xdf) {
      if (!cont(i + 1))
        return bad(i + 1 < data.length ? 'invalid continuation byte' : 'unexpected end of data');
      pushCodePoint(parts, ((b & 0x1f) << 6) | (data[i + 1]! & 0x3f));
      i += 2;
    } else if (b >= 0xe0 && b <= 0xef) {
      const lo = b === 0xe0 ? 0xa0 : 0x80;
      const hi = b === 0xed && !surrogatePass ? 0x9f : 0xbf;
      if (!cont(i + 1, lo, hi) || !cont(i + 2))
        return bad(
          i + 2 < data.length || (i + 1 < data.length && !cont(i + 1, lo, hi))
            ? 'invalid continuation byte'
            : 'unexpected end of data',
        );
      pushCodePoint(
        parts,
        ((b & 0x0f) << 12) | ((data[i + 1]! & 0x3f) << 6) | (data[i + 2]! & 0x3f),
      );
      i += 3;
    } else if (b >= 0xf0 && b <= 0xf4) {
      const lo = b === 0xf0 ? 0x90 : 0x80;
      const hi = b === 0xf4 ? 0x8f : 0xbf;
      if (!cont(i + 1, lo, hi) || !cont(i + 2) || !cont(i + 3))
        return bad('invalid continuation byte');
      pushCodePoint(
        parts,
        ((b & 0x07) << 18) |
          ((data[i + 1]! & 0x3f) << 12) |
          ((data[i + 2]! & 0x3f) << 6) |
          (data[i + 3]! & 0x3f),
      );
      i += 4;
    } else {
      return bad('invalid start byte');
    }
  }
  return ok(parts.join(''));
}

// Py_ISSPACE: the whitespace int() and float() strip from bytes.
const PY_SPACE = /^[ \t\n\r\v\f]+|[ \t\n\r\v\f]+$/g;

/** `int(data)` for bytes: optional sign, decimal digits with single underscores between them. */
export function parsePythonInt(data: Uint8Array): Result<bigint> {
  const text = decodeLatin1(data).replace(PY_SPACE, '');
  const match = /^([+-]?)(\d+(?:_\d+)*)$/.exec(text);
  if (!match)
    return fail('pickle/int', `invalid literal for int() with base 10: ${pyBytesRepr(data)}`);
  const magnitude = BigInt(match[2]!.replace(/_/g, ''));
  return ok(match[1] === '-' ? -magnitude : magnitude);
}

const DIGITS = String.raw`\d(?:_?\d)*`;
const FLOAT_LITERAL = new RegExp(
  String.raw`^[+-]?(?:${DIGITS}(?:\.(?:${DIGITS})?)?|\.${DIGITS})(?:[eE][+-]?${DIGITS})?$`,
);

/** `float(data)` for bytes: decimal or exponent forms, inf/infinity/nan in any case, with a sign. */
export function parsePythonFloat(data: Uint8Array): Result<number> {
  const text = decodeLatin1(data).replace(PY_SPACE, '');
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(text);
  if (special) {
    if (special[2]!.toLowerCase() === 'nan') return ok(NaN);
    return ok(special[1] === '-' ? -Infinity : Infinity);
  }
  if (!FLOAT_LITERAL.test(text))
    return fail('pickle/float', `could not convert string to float: ${pyBytesRepr(data)}`);
  return ok(Number(text.replace(/_/g, '')));
}

// ---------------------------------------------------------------- numbers as the C unpickler parses them

const isCSpace = (b: number) => b === 0x20 || (b >= 0x09 && b <= 0x0d);
const digitValue = (b: number): number => {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x61 && b <= 0x7a) return b - 0x61 + 10;
  if (b >= 0x41 && b <= 0x5a) return b - 0x41 + 10;
  return 99;
};

/** The bytes of a line up to its first NUL: C string functions stop there. */
export function cString(line: Uint8Array): Uint8Array {
  const nul = line.indexOf(0);
  return nul < 0 ? line : line.subarray(0, nul);
}

const LONG_MIN = -(1n << 63n);
const LONG_MAX = (1n << 63n) - 1n;

/**
 * C's `strtol(s, &end, 0)` on a 64-bit long (glibc): leading white space, a sign, then 0x… in hex,
 * 0… in octal or decimal digits. `end` is where parsing stopped (0 when no digit was read);
 * `overflow` is errno == ERANGE.
 */
export function strtolBase0(s: Uint8Array): { value: bigint; end: number; overflow: boolean } {
  let i = 0;
  while (i < s.length && isCSpace(s[i]!)) i++;
  let negative = false;
  if (s[i] === 0x2b || s[i] === 0x2d) negative = s[i++] === 0x2d;
  let base = 10;
  if (s[i] === 0x30) {
    const x = s[i + 1];
    if ((x === 0x78 || x === 0x58) && i + 2 < s.length && digitValue(s[i + 2]!) < 16) {
      base = 16;
      i += 2;
    } else if ((x === 0x62 || x === 0x42) && i + 2 < s.length && digitValue(s[i + 2]!) < 2) {
      base = 2; // glibc 2.38 reads 0b as C23 asks
      i += 2;
    } else base = 8;
  }
  const start = i;
  let value = 0n;
  while (i < s.length && digitValue(s[i]!) < base)
    value = value * BigInt(base) + BigInt(digitValue(s[i++]!));
  if (i === start) return { value: 0n, end: 0, overflow: false };
  if (negative) value = -value;
  const overflow = value < LONG_MIN || value > LONG_MAX;
  return { value: overflow ? (negative ? LONG_MIN : LONG_MAX) : value, end: i, overflow };
}

/**
 * `PyLong_FromString(s, NULL, base)` for base 0 or 10, as `int(s, base)`: white space around,
 * a sign, for base 0 a 0x/0o/0b prefix (or only zeros after a leading 0), single underscores
 * between digits. A failure is a ValueError quoting the text, or a UnicodeDecodeError when the
 * text (its first 200 bytes) cannot be decoded to be quoted.
 */
export function pyLongFromString(
  s: Uint8Array,
  base: 0 | 10,
): { ok: true; value: bigint } | { ok: false; exception: string; message: string } {
  const text = decodeLatin1(s);
  const invalid = () => {
    const quoted = decodeUtf8(s.subarray(0, 200));
    return quoted.ok
      ? {
          ok: false as const,
          exception: 'ValueError',
          message: `invalid literal for int() with base ${base}: ${pyStrRepr(quoted.value)}`,
        }
      : { ok: false as const, exception: 'UnicodeDecodeError', message: quoted.error.message };
  };
  const trimmed = text.replace(PY_SPACE, '');
  const match = /^([+-]?)(.*)$/s.exec(trimmed)!;
  let body = match[2]!;
  let radix = 10;
  if (base === 0 && /^0[xob]/i.test(body)) {
    radix = { x: 16, o: 8, b: 2 }[body[1]!.toLowerCase() as 'x' | 'o' | 'b'];
    body = body.slice(2).replace(/^_/, '');
  } else if (base === 0 && /^0/.test(body) && !/^0+(?:_?0+)*$/.test(body)) return invalid();
  const digit = { 16: '[0-9a-fA-F]', 8: '[0-7]', 2: '[01]', 10: '[0-9]' }[radix as 16 | 8 | 2 | 10];
  if (!new RegExp(`^${digit}+(?:_${digit}+)*$`).test(body)) return invalid();
  let value = 0n;
  for (const ch of body.replace(/_/g, ''))
    value = value * BigInt(radix) + BigInt(parseInt(ch, radix));
  return { ok: true, value: match[1] === '-' ? -value : value };
}

/**
 * `PyOS_string_to_double(s, &end, OverflowError)`: no leading white space, no underscores; digits
 * with an optional point and exponent, or inf, infinity, nan in any case, signed. `end` is where
 * the number stopped; a finite literal too large for a double is an OverflowError.
 */
export function pyStringToDouble(
  s: Uint8Array,
): { ok: true; value: number; end: number } | { ok: false; exception: string; message: string } {
  const text = decodeLatin1(s);
  const special = /^[+-]?(?:infinity|inf|nan)/i.exec(text);
  if (special) {
    const word = special[0].replace(/^[+-]/, '').toLowerCase();
    const value = word === 'nan' ? NaN : text.startsWith('-') ? -Infinity : Infinity;
    return { ok: true, value, end: special[0].length };
  }
  const number = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(text);
  if (!number)
    return {
      ok: false,
      exception: 'ValueError',
      message: `could not convert string to float: '${text}'`,
    };
  const value = Number(number[0]);
  if (!Number.isFinite(value))
    return {
      ok: false,
      exception: 'OverflowError',
      message: `value too large to convert to float: '${text}'`,
    };
  return { ok: true, value, end: number[0].length };
}

// ---------------------------------------------------------------- Python-style repr()

const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

export function pyStrRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (cp < 0x20 || cp === 0x7f) out += '\\x' + cp.toString(16).padStart(2, '0');
    else if (cp < 0x7f || ch === ' ' || !NOT_PRINTABLE.test(ch)) out += ch;
    else if (cp <= 0xff) out += '\\x' + cp.toString(16).padStart(2, '0');
    else if (cp <= 0xffff) out += '\\u' + cp.toString(16).padStart(4, '0');
    else out += '\\U' + cp.toString(16).padStart(8, '0');
  }
  return out + quote;
}

export function pyBytesRepr(data: Uint8Array, limit = Infinity): string {
  let hasSingle = false;
  let hasDouble = false;
  for (const b of data) {
    if (b === 0x27) hasSingle = true;
    if (b === 0x22) hasDouble = true;
  }
  const quote = hasSingle && !hasDouble ? 0x22 : 0x27;
  let out = 'b' + String.fromCharCode(quote);
  for (const b of data) {
    if (out.length > limit) return out + '…';
    if (b === quote || b === 0x5c) out += '\\' + String.fromCharCode(b);
    else if (b === 0x09) out += '\\t';
    else if (b === 0x0a) out += '\\n';
    else if (b === 0x0d) out += '\\r';
    else if (b < 0x20 || b >= 0x7f) out += '\\x' + b.toString(16).padStart(2, '0');
    else out += String.fromCharCode(b);
  }
  return out + String.fromCharCode(quote);
}

/** `repr(float)`: the shortest digits that round-trip, fixed notation for exponents -4 to 15. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, expText] = x.toExponential().split('e') as [string, string];
  const exponent = Number(expText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = negative ? '-' : '';
  if (exponent < -4 || exponent >= 16) {
    const body = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exponent).toString().padStart(2, '0');
    return `${sign}${body}e${exponent < 0 ? '-' : '+'}${e}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  if (digits.length <= exponent + 1) return `${sign}${digits.padEnd(exponent + 1, '0')}.0`;
  return `${sign}${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
}
