/**
 * The isolated child's harness: everything the child needs once untrusted code shares its process,
 * taken before that code exists. A learner's module can replace any global or prototype method
 * (`Array.prototype.push`, `JSON.stringify`, `Object.prototype.toJSON`, `performance.now`…), so
 * after it loads the harness calls only functions captured here, builds its messages as strings,
 * and reads only own properties of objects it made. What the module can still do is decide what
 * its own functions return, which is exactly what the grader measures.
 *
 * The channel (see protocol.ts): requests are read synchronously from stdin, answers written
 * synchronously to descriptor 3 with the run's token in front. Reading synchronously means no
 * callback of the learner's (a timer, a promise, a 'data' listener) runs between two requests.
 */
import { readSync, writeSync } from 'node:fs';
import { types } from 'node:util';

type Uncurried<T, A extends unknown[], R> = (self: T, ...args: A) => R;
const uncurry = Function.prototype.bind.bind(Function.prototype.call) as <
  T,
  A extends unknown[],
  R,
>(
  fn: (this: T, ...args: A) => R,
) => Uncurried<T, A, R>;

export const apply = Reflect.apply;
export const hasOwn = Object.hasOwn;
export const isArray = Array.isArray;
export const isUint8Array = types.isUint8Array;
export const jsonParse = JSON.parse;
const jsonStringify = JSON.stringify;
const U8 = Uint8Array;
export const charCodeAt = uncurry(String.prototype.charCodeAt) as (s: string, i: number) => number;
export const stringSlice = uncurry(String.prototype.slice) as (
  s: string,
  start: number,
  end?: number,
) => string;
const typedArrayLength = uncurry(
  Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), 'length')!.get as (
    this: Uint8Array | Float64Array,
  ) => number,
);
const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype) as Uint8Array;
const subarray = uncurry(TypedArrayPrototype.subarray) as (
  a: Uint8Array,
  start: number,
  end?: number,
) => Uint8Array;
const setBytes = uncurry(TypedArrayPrototype.set) as (
  a: Uint8Array,
  source: Uint8Array,
  offset: number,
) => void;
const textDecoder = new TextDecoder();
const decodeUtf8 = uncurry(TextDecoder.prototype.decode) as (
  d: TextDecoder,
  input: Uint8Array,
) => string;
const textEncoder = new TextEncoder();
const encodeUtf8 = uncurry(TextEncoder.prototype.encode) as (
  e: TextEncoder,
  s: string,
) => Uint8Array;
export const now = performance.now.bind(performance);
const atomicsWait = Atomics.wait;
const pause = new Int32Array(new SharedArrayBuffer(4));
const NumberIsFinite = Number.isFinite;

const HEX_PAIRS: string[] = [];
for (let i = 0; i < 256; i++) HEX_PAIRS[i] = (i < 16 ? '0' : '') + i.toString(16);

/** The length of a Uint8Array, read from its internal slot (a learner cannot fake it). */
export function bytesLength(bytes: Uint8Array): number {
  return typedArrayLength(bytes);
}

export function bytesToHex(bytes: Uint8Array): string {
  let out = '';
  const n = typedArrayLength(bytes);
  for (let i = 0; i < n; i++) out += HEX_PAIRS[bytes[i]!];
  return out;
}

function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

/** Lowercase hex to bytes (the CLI sends only what it made), or null. */
export function hexToBytes(hex: string): Uint8Array | null {
  if (hex.length % 2 !== 0) return null;
  const n = hex.length / 2;
  const out = new U8(n);
  for (let i = 0; i < n; i++) {
    const hi = hexDigit(charCodeAt(hex, 2 * i));
    const lo = hexDigit(charCodeAt(hex, 2 * i + 1));
    if (hi < 0 || lo < 0) return null;
    out[i] = hi * 16 + lo;
  }
  return out;
}

/** JSON text for a value the harness made: primitives, arrays and plain objects it built. */
export type Json = string & { readonly __json: unique symbol };

export function jsonString(text: string): Json {
  // JSON.stringify of a string primitive looks up no toJSON, so a learner cannot intercept it.
  return jsonStringify(text) as Json;
}

export function jsonNumber(value: number): Json {
  return (NumberIsFinite(value) ? '' + value : 'null') as Json;
}

/** A JSON array built by appending items' JSON text (no Array.prototype method involved). */
export class JsonList {
  private text = '';
  count = 0;
  add(item: Json): void {
    this.text += (this.count++ === 0 ? '' : ',') + item;
  }
  json(): Json {
    return ('[' + this.text + ']') as Json;
  }
}

/** A JSON object from fixed keys and values already in JSON. */
export function jsonObject(entries: readonly (readonly [string, Json])[]): Json {
  let text = '';
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    text += (i === 0 ? '' : ',') + jsonStringify(entry[0]) + ':' + entry[1];
  }
  return ('{' + text + '}') as Json;
}

const ObjectKeys = Object.keys;
const getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
const defineProperty = Object.defineProperty;
const isFloat64Array = types.isFloat64Array;
const BigIntOf = BigInt;
const Float64ArrayConstructor = Float64Array;
const WIRE_DEPTH = 12;

/** An own data property's value, or undefined (an accessor is not run). */
function ownValue(object: object, key: string | number): unknown {
  const descriptor = getOwnPropertyDescriptor(object, key);
  return descriptor && hasOwn(descriptor, 'value') ? descriptor.value : undefined;
}

/**
 * JSON text for an answer built of plain data, with bytes, float arrays and bigints tagged as
 * protocol.ts describes (its fromWire decodes them). Reads own data properties only and calls
 * nothing but functions captured above, so a module that patched built-ins cannot alter it.
 */
export function encodeWire(value: unknown, depth = 0): Json {
  if (depth > WIRE_DEPTH) return 'null' as Json;
  switch (typeof value) {
    case 'string':
      return jsonString(value);
    case 'number':
      // JSON has no NaN or Infinity: they travel tagged (a token may be one).
      return NumberIsFinite(value)
        ? jsonNumber(value)
        : (('{"$number":' + jsonString('' + value) + '}') as Json);
    case 'boolean':
      return (value ? 'true' : 'false') as Json;
    case 'bigint':
      return ('{"$bigint":' + jsonString('' + value) + '}') as Json;
    case 'object':
      break;
    default:
      return 'null' as Json;
  }
  if (value === null) return 'null' as Json;
  if (isUint8Array(value)) return ('{"$bytes":' + jsonString(bytesToHex(value)) + '}') as Json;
  if (isFloat64Array(value)) {
    const list = new JsonList();
    const n = typedArrayLength(value);
    for (let i = 0; i < n; i++) {
      const x = value[i]!;
      list.add(NumberIsFinite(x) ? jsonNumber(x) : jsonString('' + x));
    }
    return ('{"$f64":' + list.json() + '}') as Json;
  }
  if (isArray(value)) {
    const list = new JsonList();
    const n = ownValue(value, 'length') as number;
    for (let i = 0; i < n; i++) list.add(encodeWire(ownValue(value, i), depth + 1));
    return list.json();
  }
  const keys = ObjectKeys(value);
  let text = '';
  let first = true;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const item = ownValue(value, key);
    if (item === undefined) continue;
    text += (first ? '' : ',') + jsonString(key) + ':' + encodeWire(item, depth + 1);
    first = false;
  }
  return ('{' + text + '}') as Json;
}

function defineOwn(target: object, key: string | number, value: unknown): void {
  defineProperty(target, key, {
    __proto__: null,
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  } as PropertyDescriptor);
}

/** A request's payload with its tagged values restored (the CLI's toWire made them). */
export function decodeWire(value: unknown, depth = 0): unknown {
  if (depth > WIRE_DEPTH || typeof value !== 'object' || value === null) return value;
  if (isArray(value)) {
    const out: unknown[] = [];
    const n = ownValue(value, 'length') as number;
    for (let i = 0; i < n; i++) defineOwn(out, i, decodeWire(ownValue(value, i), depth + 1));
    return out;
  }
  const keys = ObjectKeys(value);
  if (keys.length === 1) {
    const tagged = ownValue(value, keys[0]!);
    if (keys[0] === '$bytes' && typeof tagged === 'string') return hexToBytes(tagged);
    if (keys[0] === '$bigint' && typeof tagged === 'string') return BigIntOf(tagged);
    if (keys[0] === '$number' && typeof tagged === 'string') return +tagged;
    if (keys[0] === '$f64' && isArray(tagged)) {
      const n = ownValue(tagged, 'length') as number;
      const out = new Float64ArrayConstructor(n);
      for (let i = 0; i < n; i++) out[i] = +(ownValue(tagged, i) as number);
      return out;
    }
  }
  const out: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++)
    defineOwn(out, keys[i]!, decodeWire(ownValue(value, keys[i]!), depth + 1));
  return out;
}

/** An error a request handler raises on purpose: sent to the CLI as `{ kind: 'error' }`. */
export class ChildError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** What a mode of the child does: an optional preparation, then requests by name. */
export interface ChildHandler {
  /** Runs before the harness says "ready" (loading Pyodide, say). */
  prepare?(): Promise<void>;
  /**
   * Answers one request with JSON text. Only the first request may be asynchronous (it may load
   * the learner's module); after it, each answer is computed synchronously.
   */
  handle(op: string, payload: unknown): Json | Promise<Json>;
}

function waitBriefly(): void {
  atomicsWait(pause, 0, 0, 2);
}

const IN_FD = 0;
const OUT_FD = 3;
const MAX_REQUEST_BYTES = 64 * 1024 * 1024;

/** Reads one line from stdin, blocking; null at end of input. */
function lineReader(): () => string | null {
  const chunk = new U8(65536);
  let pending = new U8(0);
  return () => {
    for (;;) {
      const length = typedArrayLength(pending);
      for (let i = 0; i < length; i++) {
        if (pending[i] === 0x0a) {
          const line = decodeUtf8(textDecoder, subarray(pending, 0, i));
          const rest = new U8(length - i - 1);
          setBytes(rest, subarray(pending, i + 1), 0);
          pending = rest;
          return line;
        }
      }
      let n: number;
      try {
        n = readSync(IN_FD, chunk, 0, chunk.length, null);
      } catch (error) {
        if ((error as { code?: unknown }).code === 'EAGAIN') {
          waitBriefly();
          continue;
        }
        return null;
      }
      if (n === 0) return null;
      if (length + n > MAX_REQUEST_BYTES) return null;
      const joined = new U8(length + n);
      setBytes(joined, pending, 0);
      setBytes(joined, subarray(chunk, 0, n), length);
      pending = joined;
    }
  };
}

function writeAll(bytes: Uint8Array): void {
  let offset = 0;
  const length = typedArrayLength(bytes);
  while (offset < length) {
    try {
      offset += writeSync(OUT_FD, bytes, offset, length - offset);
    } catch (error) {
      if ((error as { code?: unknown }).code === 'EAGAIN') waitBriefly();
      else throw error;
    }
  }
}

/**
 * Serves requests until stdin closes. The first line must carry the token; nothing untrusted has
 * been loaded before it arrives.
 */
export async function serve(handler: ChildHandler): Promise<void> {
  const readLine = lineReader();
  const hello = readLine();
  if (hello === null) return;
  const helloData = jsonParse(hello) as Record<string, unknown>;
  const token = hasOwn(helloData, 'token') ? helloData.token : undefined;
  if (typeof token !== 'string' || !/^[0-9a-f]{32,128}$/.test(token)) return;
  const send = (json: string) => writeAll(encodeUtf8(textEncoder, token + ' ' + json + '\n'));

  if (handler.prepare) await handler.prepare();
  send('{"kind":"ready"}');
  for (;;) {
    const line = readLine();
    if (line === null) return;
    let id = 0;
    try {
      const request = jsonParse(line) as Record<string, unknown>;
      const requestId = hasOwn(request, 'id') ? request.id : undefined;
      const op = hasOwn(request, 'op') ? request.op : undefined;
      if (typeof requestId !== 'number' || typeof op !== 'string') continue;
      id = requestId;
      const payload = hasOwn(request, 'payload') ? decodeWire(request.payload) : undefined;
      const answer = handler.handle(op, payload);
      const value = typeof answer === 'string' ? answer : await answer;
      send('{"id":' + id + ',"kind":"answer","value":' + value + '}');
    } catch (error) {
      const code = error instanceof ChildError ? error.code : 'child/failed';
      let message = 'the isolated child failed';
      try {
        const text = (error as { message?: unknown }).message;
        if (typeof text === 'string') message = stringSlice(text, 0, 2000);
      } catch {
        // A thrown value whose message getter throws: keep the generic text.
      }
      if (id > 0)
        send(
          '{"id":' +
            id +
            ',"kind":"error","code":' +
            jsonStringify(code) +
            ',"message":' +
            jsonStringify(message) +
            '}',
        );
    }
  }
}
