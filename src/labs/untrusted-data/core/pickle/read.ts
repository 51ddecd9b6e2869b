/**
 * Reads pickle opcodes the way CPython's C unpickler (Modules/_pickle.c, 3.11) reads them, which
 * is not always the way pickletools does (see disassemble.ts): its own number and string parsers,
 * its own error messages, and two ways of reading the same bytes.
 *
 * - `memory`: pickle.loads(data). The whole pickle is one buffer, read one opcode after the
 *   other; a FRAME only checks that the bytes it announces are there.
 * - `stream`: pickle.load(f) on a file object without peek() (io.BytesIO, a socket file). The
 *   unpickler reads exactly the bytes each opcode asks for, except that FRAME reads the whole frame
 *   into its buffer. An opcode that needs more than the rest of that buffer gets fresh bytes from
 *   the file and the rest of the frame is dropped; and the next pickle.load starts where the frame
 *   ended. A frame whose length lies therefore makes the two readers see different opcodes.
 *
 * pickle.load on a buffered file (open(path, "rb")) reads like `memory` as long as each frame lies
 * within what the buffer has read ahead; make_pickle_loads.py records it, and the tests hold the
 * `memory` model to it for pickles shorter than the buffer.
 */
import type { OpArg, PickleError, PickleOp } from './disassemble';
import { opcodeByCode } from './opcodes';
import {
  cString,
  decodeAscii,
  decodeRawUnicodeEscape,
  decodeUtf8,
  decodeUtf8SurrogatePass,
  escapeDecode,
  pyLongFromString,
  pyStringToDouble,
  strtolBase0,
} from './text';

export type ReaderKind = 'memory' | 'stream';

/** An error as pickle.loads raises it: the Python exception, its message, where. */
export interface LoadError extends PickleError {
  /** The Python exception class: UnpicklingError, EOFError, ValueError, TypeError… */
  exception: string;
  /** The opcode being run, or null when the next opcode could not be read at all. */
  op: string | null;
}

const MAX_SIZE = (1n << 63n) - 1n; // PY_SSIZE_T_MAX on a 64-bit CPython
const NEWLINE = 0x0a;

/**
 * Where the unpickler reads from. In `memory` mode it also follows, for free, what a stream reader
 * would have in its buffer, and notes the first point where the two would part: until then, the
 * stream read is the memory read.
 */
export class PickleSource {
  /** Next byte to read. */
  pos = 0;
  /** Stream mode: the buffer holds bytes up to here, which is also the file position. */
  private bufEnd = 0;
  /** Memory mode: where a stream reader would first read something else (-1: nowhere yet). */
  streamPartsAt = -1;
  /** Stream mode: the byte ranges [from, to) left in the buffer and never read. */
  readonly skipped: [number, number][] = [];

  constructor(
    readonly data: Uint8Array,
    readonly kind: ReaderKind,
  ) {}

  get remaining() {
    return this.data.length - this.pos;
  }

  /** A stream reader has bytes up to `end` in its buffer; it needs `need` more from `pos`. */
  private shadow(need: number, end = this.pos + need) {
    if (this.pos + need <= this.bufEnd) return true;
    if (this.pos < this.bufEnd) {
      // The stream reader drops pos..bufEnd and reads from bufEnd instead.
      if (this.kind === 'memory' && this.streamPartsAt < 0) this.streamPartsAt = this.pos;
      return false;
    }
    this.bufEnd = Math.min(end, this.data.length);
    return true;
  }

  /** `_Unpickler_Read(n)`: n bytes, or null when the data runs out ("pickle data was truncated"). */
  read(n: number): Uint8Array | null {
    return this.seek(n) ? this.take(n) : null;
  }

  /** A little-endian number of 1, 2 or 4 bytes, read in place (most opcodes have one); null if short. */
  readNumber(n: 1 | 2 | 4, signed = false): number | null {
    if (!this.seek(n)) return null;
    const d = this.data;
    const at = this.pos;
    this.pos += n;
    if (n === 1) return d[at]!;
    if (n === 2) return d[at]! | (d[at + 1]! << 8);
    const v = d[at]! | (d[at + 1]! << 8) | (d[at + 2]! << 16) | (d[at + 3]! << 24);
    return signed ? v : v >>> 0;
  }

  /** Where the next n bytes come from (see read); false when the data runs out. */
  private seek(n: number): boolean {
    if (this.kind === 'stream' && this.pos + n > this.bufEnd) {
      // _Unpickler_ReadImpl: a fresh read(n) from the file; what was left in the buffer is lost.
      this.skip();
      this.bufEnd = Math.min(this.pos + n, this.data.length);
    } else if (this.kind === 'memory') this.shadow(n);
    if (this.pos + n > this.data.length) {
      this.pos = this.data.length;
      return false;
    }
    return true;
  }

  /** `_Unpickler_ReadInto(n)` (the bytes of BINBYTES and BYTEARRAY8): the buffer first, then the file. */
  readInto(n: number): Uint8Array | null {
    if (this.pos + n > this.bufEnd) this.bufEnd = Math.min(this.pos + n, this.data.length);
    return this.take(n);
  }

  /** `_Unpickler_Readline()`: up to and including a newline; null when there is none. */
  readline(): Uint8Array | null {
    let nl = this.data.indexOf(NEWLINE, this.pos);
    if (this.kind === 'stream') {
      if (nl < 0 || nl >= this.bufEnd) {
        // No newline in the buffer: it is dropped and a whole line is read from the file.
        this.skip();
        nl = this.data.indexOf(NEWLINE, this.pos);
        this.bufEnd = nl < 0 ? this.data.length : nl + 1;
      }
    } else if (nl >= 0) this.shadow(nl + 1 - this.pos);
    else this.shadow(this.remaining);
    if (nl < 0) {
      this.pos = this.data.length;
      return null;
    }
    return this.take(nl + 1 - this.pos);
  }

  /** FRAME: the frame's bytes must be there; a stream reader loads them into its buffer. */
  frame(n: number): boolean {
    if (this.pos + n <= this.bufEnd) return true;
    if (this.kind === 'stream') {
      this.skip();
      this.bufEnd = Math.min(this.pos + n, this.data.length);
      if (this.pos + n > this.data.length) {
        this.pos = this.bufEnd;
        return false;
      }
      return true;
    }
    this.shadow(n);
    return this.pos + n <= this.data.length;
  }

  /**
   * A pickle ended (STOP): where the next pickle.load starts. In memory, right after STOP; from a
   * stream, at the end of the frame that held STOP.
   */
  nextPickle(): number {
    if (this.kind === 'stream') {
      this.skip();
      return this.pos;
    }
    if (this.pos < this.bufEnd && this.pos < this.data.length && this.streamPartsAt < 0)
      this.streamPartsAt = this.pos;
    return this.pos;
  }

  /** Stream mode: drops what is left in the buffer; the file position is where reading goes on. */
  private skip() {
    if (this.pos < this.bufEnd) this.skipped.push([this.pos, this.bufEnd]);
    this.pos = Math.max(this.pos, this.bufEnd);
  }

  private take(n: number): Uint8Array | null {
    if (this.pos + n > this.data.length) {
      this.pos = this.data.length;
      return null;
    }
    const out = this.data.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}

/** What reading one opcode gave: the opcode, or the error pickle.load raises while reading it. */
export type ReadStep = { ok: true; op: PickleOp } | { ok: false; error: LoadError };

class ReadFailure {
  constructor(
    readonly exception: string,
    readonly message: string,
    readonly code = 'pickle/read',
  ) {}
}

const truncated = () =>
  new ReadFailure('UnpicklingError', 'pickle data was truncated', 'pickle/truncated');

function bytesOf(src: PickleSource, n: number): Uint8Array {
  const out = src.read(n);
  if (!out) throw truncated();
  return out;
}

function view(bytes: Uint8Array) {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
}

function number(src: PickleSource, n: 1 | 2 | 4, signed = false): number {
  const v = src.readNumber(n, signed);
  if (v === null) throw truncated();
  return v;
}

const u8 = (src: PickleSource) => number(src, 1);
const u16 = (src: PickleSource) => number(src, 2);
const i32 = (src: PickleSource) => number(src, 4, true);
const u32 = (src: PickleSource) => number(src, 4);

/** calc_binsize on 8 bytes: above PY_SSIZE_T_MAX is an OverflowError naming the opcode. */
function size8(src: PickleSource, what: string, phrase = `exceeds system's maximum size of`) {
  const n = view(bytesOf(src, 8)).getBigUint64(0, true);
  if (n > MAX_SIZE)
    throw new ReadFailure('OverflowError', `${what} ${phrase} ${MAX_SIZE} bytes`, 'pickle/huge');
  return Number(n);
}

function line(src: PickleSource, minLength = 2): Uint8Array {
  const got = src.readline();
  if (!got || got.length < minLength) throw truncated();
  return got;
}

function decodeLong(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]!);
  if (bytes.length && bytes[bytes.length - 1]! & 0x80) n -= 1n << BigInt(bytes.length * 8);
  return n;
}

/** Decodes with a text codec, raising what Python raises on bad bytes. */
function decoded(result: ReturnType<typeof decodeAscii>): string {
  if (!result.ok)
    throw new ReadFailure('UnicodeDecodeError', result.error.message, 'pickle/decode');
  return result.value;
}

const int = (value: bigint | number): OpArg => ({ kind: 'int', value: BigInt(value) });
const str = (value: string): OpArg => ({ kind: 'str', value });

/** load_int: strtol(s, 0), else int(s, 0); "00" and "01" (with the newline, 3 bytes) are False and True. */
function loadInt(src: PickleSource): OpArg {
  const raw = line(src);
  const s = cString(raw);
  const parsed = strtolBase0(s);
  const stop = s[parsed.end];
  if (parsed.overflow || (stop !== undefined && stop !== NEWLINE)) {
    const value = pyLongFromString(s, 0);
    if (!value.ok) throw new ReadFailure('ValueError', 'could not convert string to int');
    return int(value.value);
  }
  if (raw.length === 3 && (parsed.value === 0n || parsed.value === 1n))
    return { kind: 'bool', value: parsed.value === 1n };
  return int(parsed.value);
}

/** load_long: the L suffix is dropped, then int(s, 0). */
function loadLong(src: PickleSource): OpArg {
  let s = line(src);
  if (s[s.length - 2] === 0x4c) s = s.subarray(0, s.length - 2);
  const value = pyLongFromString(cString(s), 0);
  if (!value.ok) throw new ReadFailure(value.exception, value.message);
  return int(value.value);
}

function loadFloat(src: PickleSource): OpArg {
  const s = cString(line(src));
  const parsed = pyStringToDouble(s);
  if (!parsed.ok) throw new ReadFailure(parsed.exception, parsed.message);
  const stop = s[parsed.end];
  if (stop !== undefined && stop !== NEWLINE)
    throw new ReadFailure('ValueError', 'could not convert string to float');
  return { kind: 'float', value: parsed.value };
}

/** load_string: quoted, escape-decoded, then decoded as ASCII (pickle.loads' default encoding). */
function loadString(src: PickleSource): OpArg {
  const raw = line(src, 1);
  const s = raw.subarray(0, raw.length - 1);
  const q = s[0];
  if (s.length < 2 || s[s.length - 1] !== q || (q !== 0x27 && q !== 0x22))
    throw new ReadFailure('UnpicklingError', 'the STRING opcode argument must be quoted');
  const bytes = escapeDecode(s.subarray(1, s.length - 1));
  if (!bytes.ok) throw new ReadFailure('ValueError', bytes.error.message);
  return str(decoded(decodeAscii(bytes.value)));
}

/** A memo index written as text (GET, PUT): int(s, 10). */
function textIndex(src: PickleSource): OpArg {
  const value = pyLongFromString(cString(line(src)), 10);
  if (!value.ok) throw new ReadFailure(value.exception, value.message);
  if (value.value > MAX_SIZE || value.value < -MAX_SIZE - 1n)
    throw new ReadFailure('OverflowError', 'Python int too large to convert to C ssize_t');
  return int(value.value);
}

function readArg(src: PickleSource, name: string): { arg: OpArg | null; lines?: [string, string] } {
  switch (name) {
    case 'PROTO':
    case 'BININT1':
    case 'BINGET':
    case 'BINPUT':
    case 'EXT1':
      return { arg: int(u8(src)) };
    case 'BININT2':
    case 'EXT2':
      return { arg: int(u16(src)) };
    case 'BININT':
    case 'EXT4':
      return { arg: int(i32(src)) };
    case 'LONG_BINGET':
    case 'LONG_BINPUT':
      return { arg: int(u32(src)) };
    case 'FRAME':
      return { arg: int(size8(src, 'FRAME length', `exceeds system's maximum of`)) };
    case 'INT':
      return { arg: loadInt(src) };
    case 'LONG':
      return { arg: loadLong(src) };
    case 'FLOAT':
      return { arg: loadFloat(src) };
    case 'BINFLOAT':
      return { arg: { kind: 'float', value: view(bytesOf(src, 8)).getFloat64(0, false) } };
    case 'LONG1':
    case 'LONG4': {
      const n = name === 'LONG1' ? u8(src) : i32(src);
      if (n < 0) throw new ReadFailure('UnpicklingError', 'LONG pickle has negative byte count');
      return { arg: int(n === 0 ? 0n : decodeLong(bytesOf(src, n))) };
    }
    case 'STRING':
      return { arg: loadString(src) };
    case 'BINSTRING':
    case 'SHORT_BINSTRING': {
      const n = name === 'BINSTRING' ? u32(src) : u8(src);
      return { arg: str(decoded(decodeAscii(bytesOf(src, n)))) };
    }
    case 'UNICODE': {
      const s = line(src, 1);
      return { arg: str(decoded(decodeRawUnicodeEscape(s.subarray(0, s.length - 1)))) };
    }
    case 'BINUNICODE':
    case 'SHORT_BINUNICODE':
    case 'BINUNICODE8': {
      const n =
        name === 'BINUNICODE'
          ? u32(src)
          : name === 'SHORT_BINUNICODE'
            ? u8(src)
            : size8(src, 'BINUNICODE');
      return { arg: str(decoded(decodeUtf8SurrogatePass(bytesOf(src, n)))) };
    }
    case 'BINBYTES':
    case 'SHORT_BINBYTES':
    case 'BINBYTES8':
    case 'BYTEARRAY8': {
      const n =
        name === 'BINBYTES'
          ? u32(src)
          : name === 'SHORT_BINBYTES'
            ? u8(src)
            : size8(src, name === 'BYTEARRAY8' ? 'BYTEARRAY8' : 'BINBYTES');
      const bytes = src.readInto(n);
      if (!bytes) throw truncated();
      return { arg: { kind: name === 'BYTEARRAY8' ? 'bytearray' : 'bytes', value: bytes.slice() } };
    }
    case 'GLOBAL':
    case 'INST': {
      // GLOBAL decodes its two lines as UTF-8; INST, a protocol 0 opcode, as ASCII.
      const decode = name === 'GLOBAL' ? decodeUtf8 : decodeAscii;
      const first = line(src);
      const module = decoded(decode(first.subarray(0, first.length - 1)));
      const second = line(src);
      const attr = decoded(decode(second.subarray(0, second.length - 1)));
      return { arg: str(`${module} ${attr}`), lines: [module, attr] };
    }
    case 'GET':
    case 'PUT':
      return { arg: textIndex(src) };
    default:
      // PERSID's line is never read by plain pickle.loads: it raises first (see symbolic.ts).
      return { arg: null };
  }
}

/** A byte as CPython's "invalid load key" message shows it. */
function loadKey(c: number): string {
  return c >= 0x20 && c <= 0x7e && c !== 0x27 && c !== 0x5c
    ? String.fromCharCode(c)
    : `\\x${c.toString(16).padStart(2, '0')}`;
}

/** Reads the next opcode and its argument, as the C unpickler would. */
export function readOp(src: PickleSource): ReadStep {
  const pos = src.pos;
  const opcode = src.read(1);
  if (!opcode)
    return {
      ok: false,
      error: {
        code: 'pickle/eof',
        exception: 'EOFError',
        message: 'Ran out of input',
        pos,
        op: null,
      },
    };
  const code = opcode[0]!;
  const at = src.pos - 1; // a stream read may have skipped the rest of a frame to get here
  const info = opcodeByCode(code);
  if (!info)
    return {
      ok: false,
      error: {
        code: 'pickle/unknown-opcode',
        exception: 'UnpicklingError',
        message: `invalid load key, '${loadKey(code)}'.`,
        pos: at,
        op: null,
      },
    };
  try {
    const { arg, lines } = readArg(src, info.name);
    if (info.name === 'FRAME' && !src.frame(Number(arg!.kind === 'int' ? arg!.value : 0n)))
      throw truncated();
    const op: PickleOp = { pos: at, end: src.pos, code, name: info.name, arg };
    if (lines) op.lines = lines;
    return { ok: true, op };
  } catch (e) {
    if (!(e instanceof ReadFailure)) throw e;
    return {
      ok: false,
      error: { code: e.code, exception: e.exception, message: e.message, pos: at, op: info.name },
    };
  }
}
