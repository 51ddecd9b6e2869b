/**
 * A pickle disassembler that lists the same opcodes, arguments and byte positions as CPython's
 * `pickletools.genops` (and so `pickletools.dis`), for protocols 0–5. It only reads: nothing in the
 * pickle is imported, called or built. Malformed input never throws: the opcodes read so far come
 * back with an error naming the byte offset of the opcode that could not be read.
 */
import { bytesToHex } from '../../../../core/bytes';
import type { Result } from '../../../../core/result';
import { opcodeByCode, type ArgFormat } from './opcodes';
import {
  decodeAscii,
  decodeLatin1,
  decodeRawUnicodeEscape,
  decodeUtf8SurrogatePass,
  escapeDecode,
  parsePythonFloat,
  parsePythonInt,
  pyBytesRepr,
  pyFloatRepr,
  pyStrRepr,
} from './text';

/** An opcode's argument, typed as Python would hold it (ints of any size are bigints). */
export type OpArg =
  | { kind: 'int'; value: bigint }
  | { kind: 'bool'; value: boolean }
  | { kind: 'float'; value: number }
  | { kind: 'str'; value: string }
  | { kind: 'bytes'; value: Uint8Array }
  | { kind: 'bytearray'; value: Uint8Array };

export interface PickleOp {
  /** Byte offset of the opcode, as genops reports it. */
  pos: number;
  /** Offset just past the opcode and its argument. */
  end: number;
  code: number;
  name: string;
  arg: OpArg | null;
  /**
   * GLOBAL and INST only: the two lines exactly as the unpickler reads them (pickletools shows
   * them escape-decoded and joined by a space; `pickle.loads` does not undo escapes).
   */
  lines?: [string, string];
}

export interface PickleError {
  code: string;
  message: string;
  /** Byte offset of the opcode that could not be read (the length of the input if it ran out). */
  pos: number;
}

export interface Disassembly {
  ops: PickleOp[];
  /** Null when a STOP opcode was read. */
  error: PickleError | null;
  /** How many bytes the pickle occupies up to and including STOP (or up to the error). */
  end: number;
  /** Bytes after STOP, which `pickle.loads` ignores. */
  trailing: number;
}

const MAX_SIZE = (1n << 63n) - 1n; // sys.maxsize on a 64-bit CPython

class Reader {
  pos = 0;
  constructor(readonly data: Uint8Array) {}
  get remaining() {
    return this.data.length - this.pos;
  }
  take(n: number): Uint8Array {
    const out = this.data.subarray(this.pos, this.pos + n);
    this.pos += out.length;
    return out;
  }
  /** Like file.readline(): up to and including a newline, or whatever is left. */
  readline(): Uint8Array {
    const nl = this.data.indexOf(0x0a, this.pos);
    return this.take(nl < 0 ? this.remaining : nl - this.pos + 1);
  }
}

type Read<T> = Result<T>;
const err = <T>(code: string, message: string): Read<T> => ({
  ok: false,
  error: { code: `pickle/${code}`, message },
});
const val = <T>(value: T): Read<T> => ({ ok: true, value });

function fixed(r: Reader, n: number, what: string): Read<DataView> {
  if (r.remaining < n) {
    r.take(n);
    return err('truncated', `not enough data in stream to read ${what}`);
  }
  const bytes = r.take(n);
  return val(new DataView(bytes.buffer, bytes.byteOffset, n));
}

function readUint(r: Reader, format: 'uint1' | 'uint2' | 'int4' | 'uint4'): Read<number> {
  const size = format === 'uint1' ? 1 : format === 'uint2' ? 2 : 4;
  if (r.remaining < size) {
    r.take(size);
    return err('truncated', `not enough data in stream to read ${format}`);
  }
  // Read in place: this runs for most opcodes of a big pickle.
  const d = r.data;
  const at = r.pos;
  r.pos += size;
  if (size === 1) return val(d[at]!);
  if (size === 2) return val(d[at]! | (d[at + 1]! << 8));
  const n = d[at]! | (d[at + 1]! << 8) | (d[at + 2]! << 16) | (d[at + 3]! << 24);
  return val(format === 'int4' ? n : n >>> 0);
}

function readUint8(r: Reader): Read<bigint> {
  const view = fixed(r, 8, 'uint8');
  return view.ok ? val(view.value.getBigUint64(0, true)) : view;
}

/** Reads `n` counted bytes, with pickletools' messages for a negative, huge or short count. */
function counted(r: Reader, n: number | bigint, what: string): Read<Uint8Array> {
  if (n < 0) return err('negative-count', `${what} byte count < 0: ${n}`);
  if (typeof n === 'bigint' && n > MAX_SIZE)
    return err('huge-count', `${what} byte count > sys.maxsize: ${n}`);
  const remaining = r.remaining;
  if (BigInt(n) > BigInt(remaining)) {
    r.take(remaining);
    return err('truncated', `expected ${n} bytes in a ${what}, but only ${remaining} remain`);
  }
  return val(r.take(Number(n)));
}

function line(r: Reader, what: string): Read<Uint8Array> {
  const data = r.readline();
  if (data[data.length - 1] !== 0x0a)
    return err('no-newline', `no newline found when trying to read ${what}`);
  return val(data.subarray(0, data.length - 1));
}

/** pickletools.read_stringnl(f, decode, stripquotes). */
function stringnl(r: Reader, stripQuotes: boolean): Read<{ text: string; raw: Uint8Array }> {
  const got = line(r, 'stringnl');
  if (!got.ok) return got;
  let data = got.value;
  const raw = data;
  if (stripQuotes) {
    const q = data[0];
    if (q === 0x22 || q === 0x27) {
      if (data[data.length - 1] !== q)
        return err(
          'quotes',
          `strinq quote ${q === 0x22 ? `b'"'` : `b"'"`} not found at both ends of ${pyBytesRepr(data)}`,
        );
      data = data.subarray(1, Math.max(1, data.length - 1));
    } else {
      return err('quotes', `no string quotes around ${pyBytesRepr(data)}`);
    }
  }
  const decoded = escapeDecode(data);
  if (!decoded.ok) return decoded;
  const text = decodeAscii(decoded.value);
  return text.ok ? val({ text: text.value, raw }) : text;
}

function decodeLong(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]!);
  if (bytes[bytes.length - 1]! & 0x80) n -= 1n << BigInt(bytes.length * 8);
  return n;
}

const int = (value: bigint | number): OpArg => ({ kind: 'int', value: BigInt(value) });
const str = (value: string): OpArg => ({ kind: 'str', value });

function readArg(r: Reader, format: ArgFormat): Read<{ arg: OpArg; lines?: [string, string] }> {
  const plain = (result: Read<OpArg>) =>
    result.ok ? val({ arg: result.value }) : (result as Read<never>);
  switch (format) {
    case 'uint1':
    case 'uint2':
    case 'int4':
    case 'uint4': {
      const n = readUint(r, format);
      return n.ok ? val({ arg: int(n.value) }) : n;
    }
    case 'uint8': {
      const n = readUint8(r);
      return n.ok ? val({ arg: int(n.value) }) : n;
    }
    case 'float8': {
      const view = fixed(r, 8, 'float8');
      return view.ok
        ? val({ arg: { kind: 'float', value: view.value.getFloat64(0, false) } })
        : view;
    }
    case 'stringnl': {
      const s = stringnl(r, true);
      return s.ok ? val({ arg: str(s.value.text) }) : s;
    }
    case 'stringnl_noescape': {
      const s = stringnl(r, false);
      return s.ok ? val({ arg: str(s.value.text) }) : s;
    }
    case 'stringnl_noescape_pair': {
      const first = stringnl(r, false);
      if (!first.ok) return first;
      const second = stringnl(r, false);
      if (!second.ok) return second;
      return val({
        arg: str(`${first.value.text} ${second.value.text}`),
        lines: [decodeLatin1(first.value.raw), decodeLatin1(second.value.raw)],
      });
    }
    case 'string1':
    case 'string4': {
      const n = readUint(r, format === 'string1' ? 'uint1' : 'int4');
      if (!n.ok) return n;
      const data = counted(r, n.value, format);
      return data.ok ? val({ arg: str(decodeLatin1(data.value)) }) : data;
    }
    case 'bytes1':
    case 'bytes4':
    case 'bytes8':
    case 'bytearray8': {
      const n =
        format === 'bytes1'
          ? readUint(r, 'uint1')
          : format === 'bytes4'
            ? readUint(r, 'uint4')
            : readUint8(r);
      if (!n.ok) return n;
      const data = counted(r, n.value, format);
      if (!data.ok) return data;
      const kind = format === 'bytearray8' ? 'bytearray' : 'bytes';
      return val({ arg: { kind, value: data.value.slice() } });
    }
    case 'unicodestringnl': {
      const data = line(r, 'unicodestringnl');
      if (!data.ok) return data;
      const text = decodeRawUnicodeEscape(data.value);
      return text.ok ? val({ arg: str(text.value) }) : text;
    }
    case 'unicodestring1':
    case 'unicodestring4':
    case 'unicodestring8': {
      const n =
        format === 'unicodestring1'
          ? readUint(r, 'uint1')
          : format === 'unicodestring4'
            ? readUint(r, 'uint4')
            : readUint8(r);
      if (!n.ok) return n;
      const data = counted(r, n.value, format);
      if (!data.ok) return data;
      const text = decodeUtf8SurrogatePass(data.value);
      return text.ok ? val({ arg: str(text.value) }) : text;
    }
    case 'decimalnl_short': {
      const data = line(r, 'stringnl');
      if (!data.ok) return data;
      const s = data.value;
      // pickletools' hack: protocol 0 writes True and False as I01 and I00.
      if (s.length === 2 && s[0] === 0x30 && (s[1] === 0x30 || s[1] === 0x31))
        return val({ arg: { kind: 'bool', value: s[1] === 0x31 } });
      const n = parsePythonInt(s);
      return plain(n.ok ? val(int(n.value)) : n);
    }
    case 'decimalnl_long': {
      const data = line(r, 'stringnl');
      if (!data.ok) return data;
      let s = data.value;
      if (s[s.length - 1] === 0x4c) s = s.subarray(0, s.length - 1);
      const n = parsePythonInt(s);
      return plain(n.ok ? val(int(n.value)) : n);
    }
    case 'floatnl': {
      const data = line(r, 'stringnl');
      if (!data.ok) return data;
      const x = parsePythonFloat(data.value);
      return plain(x.ok ? val({ kind: 'float', value: x.value }) : x);
    }
    case 'long1':
    case 'long4': {
      const n = readUint(r, format === 'long1' ? 'uint1' : 'int4');
      if (!n.ok) return n;
      if (n.value < 0) return err('negative-count', `long4 byte count < 0: ${n.value}`);
      if (n.value > r.remaining) {
        r.take(r.remaining);
        return err('truncated', `not enough data in stream to read ${format}`);
      }
      return val({ arg: int(decodeLong(r.take(n.value))) });
    }
  }
}

export interface DisassembleOptions {
  /** Called as each opcode is read (the signing section counts them). */
  onOp?: (op: PickleOp) => void;
}

/** How reading ended: at STOP (error null), or at the opcode that could not be read. */
export type ReadEnd = Omit<Disassembly, 'ops'>;

/**
 * The opcodes one at a time, as pickletools.genops yields them; the generator's return value says
 * how reading ended. Nothing is kept, so a big pickle can be scanned in constant memory.
 */
export function* genops(data: Uint8Array): Generator<PickleOp, ReadEnd> {
  const r = new Reader(data);
  for (;;) {
    const pos = r.pos;
    if (r.remaining === 0) {
      const error = { code: 'pickle/no-stop', message: 'pickle exhausted before seeing STOP', pos };
      return { error, end: pos, trailing: 0 };
    }
    const code = r.take(1)[0]!;
    const info = opcodeByCode(code);
    if (!info) {
      const shown = pyBytesRepr(Uint8Array.of(code));
      const error = {
        code: 'pickle/unknown-opcode',
        message: `at position ${pos}, opcode ${shown} unknown`,
        pos,
      };
      return { error, end: pos, trailing: 0 };
    }
    let arg: OpArg | null = null;
    let lines: [string, string] | undefined;
    if (info.arg) {
      const read = readArg(r, info.arg);
      if (!read.ok) {
        const error = {
          code: read.error.code,
          message: `${info.name} at byte ${pos}: ${read.error.message}`,
          pos,
        };
        return { error, end: pos, trailing: 0 };
      }
      arg = read.value.arg;
      lines = read.value.lines;
    }
    const op: PickleOp = { pos, end: r.pos, code, name: info.name, arg };
    if (lines) op.lines = lines;
    yield op;
    if (info.name === 'STOP') return { error: null, end: r.pos, trailing: r.remaining };
  }
}

export function disassemble(data: Uint8Array, options: DisassembleOptions = {}): Disassembly {
  const ops: PickleOp[] = [];
  const reader = genops(data);
  for (;;) {
    const next = reader.next();
    if (next.done) return { ops, ...next.value };
    ops.push(next.value);
    options.onOp?.(next.value);
  }
}

/**
 * An argument as JSON (the CLI's `pickle-dis --json`): ints as numbers when they are exact in a
 * double, else as decimal strings; floats as numbers, or "inf", "-inf", "nan"; bytes and
 * bytearrays as {"bytes": hex} and {"bytearray": hex}.
 */
export function argToJson(arg: OpArg | null): unknown {
  if (arg === null) return null;
  switch (arg.kind) {
    case 'int':
      return arg.value >= BigInt(Number.MIN_SAFE_INTEGER) &&
        arg.value <= BigInt(Number.MAX_SAFE_INTEGER)
        ? Number(arg.value)
        : arg.value.toString();
    case 'float':
      return Number.isFinite(arg.value) ? arg.value : pyFloatRepr(arg.value);
    case 'bytes':
      return { bytes: bytesToHex(arg.value) };
    case 'bytearray':
      return { bytearray: bytesToHex(arg.value) };
    default:
      return arg.value;
  }
}

/** The argument as `pickletools.dis` prints it (Python's repr), shortened past `limit` characters. */
export function argRepr(arg: OpArg | null, limit = 200): string {
  if (arg === null) return '';
  let text: string;
  switch (arg.kind) {
    case 'int':
      text = arg.value.toString();
      break;
    case 'bool':
      text = arg.value ? 'True' : 'False';
      break;
    case 'float':
      text = pyFloatRepr(arg.value);
      break;
    case 'str':
      text = pyStrRepr(arg.value.length > limit ? arg.value.slice(0, limit) : arg.value);
      break;
    case 'bytes':
      text = pyBytesRepr(arg.value, limit);
      break;
    case 'bytearray':
      text = `bytearray(${pyBytesRepr(arg.value, limit)})`;
      break;
  }
  return text.length > limit ? text.slice(0, limit) + '…' : text;
}
