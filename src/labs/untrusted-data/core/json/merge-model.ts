/**
 * The naive deep merge of contrast.ts (`naiveMerge`), run on a model of JavaScript's objects
 * instead of the real ones, so a learner's JSON can be judged anywhere (a worker, the CLI) without
 * polluting that realm's Object.prototype. The model follows ECMA-262 where the merge touches it:
 * for-in's key order and its walk up the prototype chain (§14.7.5.9 EnumerateObjectProperties:
 * integer keys ascending, then strings in insertion order, shadowed keys skipped, keys deleted on
 * the way skipped), `in` and property reads along the chain, the `__proto__` accessor of
 * Object.prototype (§20.1.3.8, Object.prototype's own prototype immutable §10.4.7), ordinary
 * [[Set]] in strict code (read-only properties throw), and arrays' `length` (§10.4.2.4).
 * The built-ins modelled are Object, Function and Array with their prototypes and the methods a
 * JSON key can name; contrast.test-style differential tests hold the model to V8 in a fresh realm.
 */

type Value = null | boolean | number | string | Obj;

interface Prop {
  value: Value;
  writable: boolean;
  enumerable: boolean;
}

export interface Obj {
  kind: 'object' | 'array' | 'function';
  /** How the verdict names it. */
  name: string;
  props: Map<string, Prop>;
  proto: Obj | null;
  /** Object.prototype holds the __proto__ accessor and cannot change its own prototype. */
  isObjectPrototype?: boolean;
}

class ModelError extends Error {
  constructor(
    readonly jsName: 'TypeError' | 'RangeError',
    message: string,
  ) {
    super(message);
  }
}

function obj(kind: Obj['kind'], name: string, proto: Obj | null): Obj {
  return { kind, name, props: new Map(), proto };
}

function define(target: Obj, key: string, value: Value, writable = true, enumerable = false) {
  target.props.set(key, { value, writable, enumerable });
}

/** A built-in function: own `length` and `name` are read-only (§10.2.9, §10.2.10). */
function builtinFunction(functionPrototype: Obj, name: string, length = 0): Obj {
  const fn = obj('function', name, functionPrototype);
  define(fn, 'length', length, false);
  define(fn, 'name', name.split('.').at(-1)!, false);
  return fn;
}

const OBJECT_PROTOTYPE_METHODS = [
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  'toString',
  'valueOf',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
];
const OBJECT_STATICS = [
  'assign',
  'create',
  'defineProperty',
  'entries',
  'freeze',
  'keys',
  'values',
];
const FUNCTION_PROTOTYPE_METHODS = ['apply', 'bind', 'call', 'toString'];
const ARRAY_PROTOTYPE_METHODS = [
  'concat',
  'filter',
  'forEach',
  'includes',
  'indexOf',
  'join',
  'map',
  'pop',
  'push',
  'slice',
  'sort',
  'toString',
];

export interface Realm {
  objectPrototype: Obj;
  functionPrototype: Obj;
  arrayPrototype: Obj;
  builtins: Obj[];
}

function makeRealm(): Realm {
  const objectPrototype = obj('object', 'Object.prototype', null);
  objectPrototype.isObjectPrototype = true;
  const functionPrototype = obj('function', 'Function.prototype', objectPrototype);
  define(functionPrototype, 'length', 0, false);
  define(functionPrototype, 'name', '', false);
  const arrayPrototype = obj('array', 'Array.prototype', objectPrototype);
  define(arrayPrototype, 'length', 0, true);
  const ctor = (name: string, prototype: Obj, length: number) => {
    const fn = builtinFunction(functionPrototype, name, length);
    define(fn, 'prototype', prototype, false);
    define(prototype, 'constructor', fn);
    return fn;
  };
  const objectCtor = ctor('Object', objectPrototype, 1);
  const functionCtor = ctor('Function', functionPrototype, 1);
  const arrayCtor = ctor('Array', arrayPrototype, 1);
  const methods = (target: Obj, prefix: string, names: string[]) => {
    for (const n of names) define(target, n, builtinFunction(functionPrototype, `${prefix}.${n}`));
  };
  methods(objectPrototype, 'Object.prototype', OBJECT_PROTOTYPE_METHODS);
  methods(objectCtor, 'Object', OBJECT_STATICS);
  methods(functionPrototype, 'Function.prototype', FUNCTION_PROTOTYPE_METHODS);
  methods(arrayPrototype, 'Array.prototype', ARRAY_PROTOTYPE_METHODS);
  methods(arrayCtor, 'Array', ['from', 'isArray', 'of']);
  return {
    objectPrototype,
    functionPrototype,
    arrayPrototype,
    builtins: [
      objectPrototype,
      functionPrototype,
      arrayPrototype,
      objectCtor,
      functionCtor,
      arrayCtor,
    ],
  };
}

const isIndex = (key: string) => /^(0|[1-9]\d*)$/.test(key) && Number(key) < 2 ** 32 - 1;

/** [[OwnPropertyKeys]] for string keys: array indices ascending, then the rest in insertion order. */
function ownKeys(target: Obj): string[] {
  const keys = [...target.props.keys()];
  const indices = keys.filter(isIndex).sort((a, b) => Number(a) - Number(b));
  return [...indices, ...keys.filter((k) => !isIndex(k))];
}

/** Where `key` is found on the chain: a data property, or Object.prototype's __proto__ accessor. */
function lookup(target: Obj, key: string): { prop: Prop; holder: Obj } | 'proto-accessor' | null {
  for (let o: Obj | null = target; o; o = o.proto) {
    const prop = o.props.get(key);
    if (prop) return { prop, holder: o };
    if (key === '__proto__' && o.isObjectPrototype) return 'proto-accessor';
  }
  return null;
}

function has(target: Obj, key: string): boolean {
  return lookup(target, key) !== null;
}

function get(target: Obj, key: string): Value | undefined {
  const found = lookup(target, key);
  if (found === 'proto-accessor') return target.proto;
  return found?.prop.value;
}

export interface Write {
  target: Obj;
  key: string;
  value: Value;
}

function describeTarget(target: Obj): string {
  return target.kind === 'function' && !target.name.includes('.')
    ? `function ${target.name}`
    : target.name;
}

/** Ordinary [[Set]] as strict-mode code does it (the merge is in an ES module). */
function set(target: Obj, key: string, value: Value, writes: Write[]): void {
  const found = lookup(target, key);
  if (found === 'proto-accessor') {
    // §20.1.3.8.2: a primitive is ignored; an object or null becomes the prototype.
    if (value !== null && typeof value !== 'object') return;
    if (value === target.proto) return;
    if (target.isObjectPrototype)
      throw new ModelError('TypeError', 'Immutable prototype object cannot have its prototype set');
    for (let o: Obj | null = value; o; o = o.proto)
      if (o === target) throw new ModelError('TypeError', 'Cyclic __proto__ value');
    target.proto = value;
    writes.push({ target, key, value });
    return;
  }
  if (found && !found.prop.writable)
    throw new ModelError(
      'TypeError',
      `Cannot assign to read only property '${key}' of ${describeTarget(target)}`,
    );
  if (target.kind === 'array' && key === 'length') {
    // §10.4.2.4 ArraySetLength: the new length must be a valid uint32; shortening deletes elements.
    const n = toNumber(value);
    if (!(Number.isInteger(n) && n >= 0 && n < 2 ** 32))
      throw new ModelError('RangeError', 'Invalid array length');
    for (const k of [...target.props.keys()])
      if (isIndex(k) && Number(k) >= n) target.props.delete(k);
    target.props.get('length')!.value = n;
  } else if (found && found.holder === target) {
    found.prop.value = value;
  } else {
    target.props.set(key, { value, writable: true, enumerable: true });
    if (target.kind === 'array' && isIndex(key)) {
      const length = target.props.get('length')!;
      if (Number(key) >= (length.value as number)) length.value = Number(key) + 1;
    }
  }
  writes.push({ target, key, value });
}

function toNumber(value: Value): number {
  if (value === null) return 0;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Number(value);
  // ToPrimitive: an array becomes its elements joined with commas; a plain object "[object Object]".
  if (value.kind !== 'array') return NaN;
  const length = value.props.get('length')!.value as number;
  const parts: string[] = [];
  for (let i = 0; i < length; i++) {
    const item = value.props.get(String(i))?.value ?? null;
    if (typeof item === 'object' && item !== null) return NaN;
    parts.push(item === null ? '' : String(item));
  }
  return Number(parts.join(','));
}

/** §14.7.5.9: own enumerable keys, then each prototype's, skipping keys already seen. */
function forInKeys(source: Obj): string[] {
  const seen = new Set<string>();
  const keys: string[] = [];
  for (let o: Obj | null = source; o; o = o.proto)
    for (const key of ownKeys(o)) {
      if (seen.has(key)) continue;
      seen.add(key);
      if (o.props.get(key)!.enumerable) keys.push(key);
    }
  return keys;
}

const isObject = (v: Value | undefined): v is Obj =>
  typeof v === 'object' && v !== null && v.kind !== 'function';

/** Deeper than this, V8 would have run out of stack (a polluted prototype can make the merge loop). */
const MAX_DEPTH = 1000;

/** contrast.ts's naiveMerge, step for step, on the model. */
function naiveMergeModel(target: Obj, source: Obj, writes: Write[], depth = 0): void {
  if (depth > MAX_DEPTH) throw new ModelError('RangeError', 'Maximum call stack size exceeded');
  for (const key of forInKeys(source)) {
    if (!has(source, key)) continue;
    const value = get(source, key)!;
    const current = get(target, key);
    const canRecurse = typeof current === 'object' && current !== null;
    if (isObject(value) && has(target, key) && canRecurse)
      naiveMergeModel(current, value, writes, depth + 1);
    else set(target, key, value, writes);
  }
}

/** JSON.parse's result, as model objects (JSON.parse defines "__proto__" as an own data property). */
function fromJson(realm: Realm, value: unknown): Value {
  if (value === null || typeof value !== 'object') return value as boolean | number | string | null;
  if (Array.isArray(value)) {
    const array = obj('array', 'an array from your JSON', realm.arrayPrototype);
    value.forEach((item, i) => define(array, String(i), fromJson(realm, item), true, true));
    define(array, 'length', value.length, true);
    return array;
  }
  const object = obj('object', 'an object from your JSON', realm.objectPrototype);
  for (const key of Object.keys(value))
    define(object, key, fromJson(realm, (value as Record<string, unknown>)[key]), true, true);
  return object;
}

export interface MergeModelOutcome {
  /** `if (user.isAdmin)`, for a user object made after the merge. */
  userIsAdmin: boolean;
  /** What `user.isAdmin` reads, as JSON (or a description for a function or object). */
  userIsAdminValue: string;
  /** Every isAdmin write the merge made: on which object, with what value. */
  isAdminWrites: { target: string; value: string }[];
  /** The exception the merge threw, if it did (writes before it stay). */
  threw: string | null;
}

/** JSON.stringify of a model value (functions as [function name], for the verdicts). */
function show(value: Value | undefined): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'object' && value?.kind === 'function') return `[function ${value.name}]`;
  return jsonOf(value, 0) ?? 'undefined';
}

function jsonOf(value: Value | undefined, depth: number): string | undefined {
  if (value === undefined || (typeof value === 'object' && value?.kind === 'function'))
    return undefined;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (depth > 20) return '…';
  if (value.kind === 'array') {
    const length = value.props.get('length')!.value as number;
    const items: string[] = [];
    for (let i = 0; i < Math.min(length, 50); i++)
      items.push(jsonOf(value.props.get(String(i))?.value, depth + 1) ?? 'null');
    return `[${items.join(',')}]`;
  }
  const entries: string[] = [];
  for (const key of ownKeys(value)) {
    const prop = value.props.get(key)!;
    const text = prop.enumerable ? jsonOf(prop.value, depth + 1) : undefined;
    if (text !== undefined) entries.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${entries.join(',')}}`;
}

function truthy(value: Value | undefined): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'object') return true;
  return Boolean(value);
}

/**
 * The server: `const settings = naiveMerge({ theme: 'light', language: 'en' }, JSON.parse(body))`,
 * then `const user = { name: 'guest' }; if (user.isAdmin) …`. `parsed` is JSON.parse's result.
 */
export function runMergeModel(parsed: Record<string, unknown>): MergeModelOutcome {
  const realm = makeRealm();
  const settings = obj('object', 'the settings object', realm.objectPrototype);
  define(settings, 'theme', 'light', true, true);
  define(settings, 'language', 'en', true, true);
  const writes: Write[] = [];
  let threw: string | null = null;
  try {
    naiveMergeModel(settings, fromJson(realm, parsed) as Obj, writes);
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    threw = `${error.jsName}: ${error.message}`;
  }
  const user = obj('object', 'the user object', realm.objectPrototype);
  define(user, 'name', 'guest', true, true);
  const value = get(user, 'isAdmin');
  return {
    userIsAdmin: truthy(value),
    userIsAdminValue: show(value),
    isAdminWrites: writes
      .filter((w) => w.key === 'isAdmin')
      .map((w) => ({ target: w.target.name, value: show(w.value) })),
    threw,
  };
}
