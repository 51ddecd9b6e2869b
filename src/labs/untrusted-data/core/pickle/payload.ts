/**
 * Builds real pickle bytes for "call this callable with these arguments when loaded": the bytes
 * pickle.dumps writes for an object whose __reduce__ returns (callable, args). It writes them as
 * CPython 3's C pickler does, opcode for opcode, at every protocol 0–5 (the tests compare with
 * pickle.dumps and load the result in python3).
 */
import { utf8ToBytes } from '../../../../core/bytes';
import { fail, ok, type Result } from '../../../../core/result';
import compat from '../vectors/compat-pickle.json';
import { parseHex } from '../../../../core/bytes';
import { pyFloatRepr } from './text';

export type PayloadArg = null | boolean | bigint | number | string | Uint8Array;

export interface PayloadSpec {
  module: string;
  /** The attribute path inside the module (dotted names need protocol 4 or later). */
  name: string;
  args: PayloadArg[];
  protocol: number;
}

const reverseImports = compat.reverse_import_mapping as Record<string, string>;
const reverseNames = new Map(
  (compat.reverse_name_mapping as [[string, string], [string, string]][]).map(([from, to]) => [
    from.join('\0'),
    to,
  ]),
);

const IDENTIFIER = /^[A-Za-z_]\w*$/;

/**
 * Parses "module.name" (split at the last dot) or "module:dotted.name" (protocol 4's dotted
 * attribute paths, such as pathlib:os.system).
 */
export function parseCallable(text: string): Result<{ module: string; name: string }> {
  const trimmed = text.trim();
  const colon = trimmed.indexOf(':');
  const [module, name] =
    colon >= 0
      ? [trimmed.slice(0, colon), trimmed.slice(colon + 1)]
      : [
          trimmed.slice(0, Math.max(0, trimmed.lastIndexOf('.'))),
          trimmed.slice(trimmed.lastIndexOf('.') + 1),
        ];
  const valid = (path: string) => path.split('.').every((part) => IDENTIFIER.test(part));
  if (!module || !name || !valid(module) || !valid(name))
    return fail(
      'payload/callable',
      'Name the callable as module.name, for example os.system or builtins.len (or module:path.to.name).',
    );
  return ok({ module, name });
}

/**
 * Parses the arguments as a JSON array: strings, integers (any size as {"int": "123"}), floats,
 * true, false, null, and bytes as {"bytes": "<hex>"}.
 */
export function parsePayloadArgs(text: string): Result<PayloadArg[]> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return fail('payload/json', `The arguments are not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(value))
    return fail('payload/not-array', 'Give the arguments as a JSON array, for example ["id"].');
  const args: PayloadArg[] = [];
  for (const [i, item] of value.entries()) {
    if (item === null || typeof item === 'boolean' || typeof item === 'string') args.push(item);
    else if (typeof item === 'number') {
      if (Number.isInteger(item) && !Number.isSafeInteger(item))
        return fail(
          'payload/big-int',
          `Argument ${i + 1} is an integer too large for JSON numbers: write it as {"int": "${BigInt(item)}"}.`,
        );
      args.push(Number.isInteger(item) ? BigInt(item) : item);
    } else if (
      item &&
      typeof item === 'object' &&
      typeof item.int === 'string' &&
      /^-?\d+$/.test(item.int)
    ) {
      args.push(BigInt(item.int));
    } else if (item && typeof item === 'object' && typeof item.bytes === 'string') {
      const bytes = parseHex(item.bytes);
      if (!bytes.ok) return fail('payload/bytes', `Argument ${i + 1}: ${bytes.error.message}`);
      args.push(bytes.value);
    } else {
      return fail(
        'payload/arg-type',
        `Argument ${i + 1} must be a string, number, true, false, null, {"int": "…"} or {"bytes": "<hex>"}.`,
      );
    }
  }
  return ok(args);
}

/** str.encode('utf-8', 'surrogatepass'): like UTF-8, but lone surrogates are encoded too. */
function utf8SurrogatePass(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff)
      out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else out.push(...utf8ToBytes(ch));
  }
  return Uint8Array.from(out);
}

/** Protocol 0 strings: raw-unicode-escape after escaping \, NUL, \n, \r and \x1a (as _pickle.c does). */
function rawUnicodeEscape(text: string): number[] {
  const out: number[] = [];
  const ascii = (s: string) => out.push(...Array.from(s, (c) => c.charCodeAt(0)));
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x10000) ascii(`\\U${cp.toString(16).padStart(8, '0')}`);
    else if (cp >= 0x100 || cp === 0x5c || cp === 0 || cp === 0x0a || cp === 0x0d || cp === 0x1a)
      ascii(`\\u${cp.toString(16).padStart(4, '0')}`);
    else out.push(cp);
  }
  return out;
}

/** pickle.encode_long: little-endian two's complement in as few bytes as it takes. */
function encodeLong(x: bigint): number[] {
  const magnitude = x < 0n ? -x : x;
  const bitLength = magnitude.toString(2).length;
  const n = (bitLength >> 3) + 1;
  let v = x < 0n ? (1n << BigInt(8 * n)) + x : x;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    out.push(Number(v & 0xffn));
    v >>= 8n;
  }
  // A negative number whose top byte is only sign extension drops it.
  if (x < 0n && n > 1 && out[n - 1] === 0xff && (out[n - 2]! & 0x80) !== 0) out.pop();
  return out;
}

const le = (value: number | bigint, size: number): number[] => {
  const out: number[] = [];
  let v = BigInt(value);
  for (let i = 0; i < size; i++) {
    out.push(Number(v & 0xffn));
    v >>= 8n;
  }
  return out;
};

const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));

class Pickler {
  out: number[] = [];
  memoSize = 0;
  latin1Memo: number | null = null;
  globalMemo = new Map<string, number>();
  constructor(readonly proto: number) {}

  write(...bytes: number[]) {
    for (const b of bytes) this.out.push(b);
  }

  memoize(): number {
    const index = this.memoSize++;
    if (this.proto >= 4) this.write(0x94);
    else if (this.proto >= 1)
      this.write(...(index < 256 ? [0x71, index] : [0x72, ...le(index, 4)]));
    else this.write(0x70, ...ascii(`${index}\n`));
    return index;
  }

  get(index: number) {
    if (this.proto >= 1) this.write(...(index < 256 ? [0x68, index] : [0x6a, ...le(index, 4)]));
    else this.write(0x67, ...ascii(`${index}\n`));
  }

  saveStr(text: string) {
    if (this.proto === 0) {
      this.write(0x56, ...rawUnicodeEscape(text), 0x0a);
    } else {
      const data = utf8SurrogatePass(text);
      if (data.length <= 0xff && this.proto >= 4) this.write(0x8c, data.length);
      else if (data.length > 0xffffffff && this.proto >= 4) this.write(0x8d, ...le(data.length, 8));
      else this.write(0x58, ...le(data.length, 4));
      for (const b of data) this.out.push(b);
    }
    this.memoize();
  }

  saveInt(v: bigint) {
    if (v >= -(2n ** 31n) && v < 2n ** 31n) {
      if (this.proto === 0) return this.write(...ascii(`I${v}\n`));
      if (v >= 0n && v <= 0xffn) return this.write(0x4b, Number(v));
      if (v >= 0n && v <= 0xffffn) return this.write(0x4d, ...le(v, 2));
      return this.write(0x4a, ...le(BigInt.asUintN(32, v), 4));
    }
    if (this.proto >= 2) {
      const bytes = encodeLong(v);
      if (bytes.length < 256) this.write(0x8a, bytes.length, ...bytes);
      else this.write(0x8b, ...le(bytes.length, 4), ...bytes);
      return;
    }
    this.write(...ascii(`L${v}L\n`));
  }

  saveFloat(x: number) {
    if (this.proto === 0) return this.write(...ascii(`F${pyFloatRepr(x)}\n`));
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, x, false);
    this.write(0x47, ...new Uint8Array(view.buffer));
  }

  saveBytes(data: Uint8Array) {
    if (this.proto < 3) {
      // Python 2 had no bytes type: pickle.dumps writes _codecs.encode(<latin-1 str>, 'latin1').
      if (data.length === 0) {
        this.saveGlobal('builtins', 'bytes');
        this.saveTuple([]);
      } else {
        this.saveGlobal('_codecs', 'encode');
        const latin1 = String.fromCharCode(...data);
        const items: (() => void)[] = [
          () => this.saveStr(latin1),
          () => {
            // The 'latin1' name is one interned object in CPython, so its second use is a memo get.
            if (this.latin1Memo !== null) this.get(this.latin1Memo);
            else {
              this.saveStr('latin1');
              this.latin1Memo = this.memoSize - 1;
            }
          },
        ];
        this.tupleOf(items);
      }
      this.write(0x52);
      this.memoize();
      return;
    }
    if (data.length < 256) this.write(0x43, data.length);
    else if (data.length > 0xffffffff && this.proto >= 4) this.write(0x8e, ...le(data.length, 8));
    else this.write(0x42, ...le(data.length, 4));
    for (const b of data) this.out.push(b);
    this.memoize();
  }

  save(value: PayloadArg) {
    if (value === null) this.write(0x4e);
    else if (typeof value === 'boolean')
      this.write(...(this.proto >= 2 ? [value ? 0x88 : 0x89] : ascii(value ? 'I01\n' : 'I00\n')));
    else if (typeof value === 'bigint') this.saveInt(value);
    else if (typeof value === 'number') this.saveFloat(value);
    else if (typeof value === 'string') this.saveStr(value);
    else this.saveBytes(value);
  }

  tupleOf(items: (() => void)[]) {
    if (items.length === 0) {
      this.write(...(this.proto >= 1 ? [0x29] : [0x28, 0x74]));
      return;
    }
    if (this.proto >= 2 && items.length <= 3) {
      items.forEach((save) => save());
      this.write(0x84 + items.length); // TUPLE1, TUPLE2, TUPLE3
    } else {
      this.write(0x28);
      items.forEach((save) => save());
      this.write(0x74);
    }
    this.memoize();
  }

  saveTuple(values: PayloadArg[]) {
    this.tupleOf(values.map((value) => () => this.save(value)));
  }

  saveGlobal(module: string, name: string) {
    // A function object is memoized like any object: its second use is a memo get.
    const key = `${module}\0${name}`;
    const seen = this.globalMemo.get(key);
    if (seen !== undefined) return this.get(seen);
    if (this.proto >= 4) {
      this.saveStr(module);
      this.saveStr(name);
      this.write(0x93);
    } else {
      if (this.proto < 3) {
        const renamed = reverseNames.get(`${module}\0${name}`);
        if (renamed) [module, name] = renamed;
        else if (reverseImports[module]) module = reverseImports[module]!;
      }
      this.write(0x63, ...ascii(`${module}\n${name}\n`));
    }
    this.globalMemo.set(key, this.memoize());
  }
}

/** The bytes of a pickle that, when loaded, calls module.name(*args) and returns what it returns. */
export function buildReducePayload(spec: PayloadSpec): Result<Uint8Array> {
  const { module, name, args, protocol } = spec;
  if (!Number.isInteger(protocol) || protocol < 0 || protocol > 5)
    return fail('payload/protocol', 'The protocol must be 0, 1, 2, 3, 4 or 5.');
  if (name.includes('.') && protocol < 4)
    return fail(
      'payload/dotted-name',
      `A dotted name like ${name} is resolved attribute by attribute only from protocol 4 on.`,
    );
  const p = new Pickler(protocol);
  p.saveGlobal(module, name);
  p.saveTuple(args);
  p.write(0x52); // REDUCE
  p.memoize();
  p.write(0x2e); // STOP
  const body = Uint8Array.from(p.out);
  if (protocol < 2) return ok(body);
  const header = [0x80, protocol];
  // Protocol 4 framing: the whole (small) pickle after PROTO is one frame.
  if (protocol >= 4 && body.length >= 4) header.push(0x95, ...le(body.length, 8));
  const out = new Uint8Array(header.length + body.length);
  out.set(header);
  out.set(body, header.length);
  return ok(out);
}
