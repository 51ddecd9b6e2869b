/**
 * A symbolic pickle loader: it runs the pickle virtual machine (stack, marks, memo) the way
 * CPython's C unpickler does, but every import and call is recorded as a symbol instead of being
 * performed. Nothing in the pickle is ever imported or executed. The result says what loading
 * would do: which globals it imports, which callables it calls with which arguments
 * (`os.system('id')`), what it returns, and where and how it would fail.
 *
 * Bytes can be loaded more than one way, and the scan covers each (see read.ts):
 * - `memory`: pickle.loads reads the first pickle and ignores what follows; a loop of pickle.load
 *   over a buffered file reads the following pickles one by one, from where the previous one
 *   stopped. Every pickle of that loop is scanned.
 * - `stream`: a loop of pickle.load over an unbuffered stream reads frame by frame. When a FRAME
 *   lies about its length, this reader sees other opcodes (and other pickles) from some byte on;
 *   the scan then reads the bytes that way too, and the verdict covers both.
 *
 * What is modelled: every opcode of protocols 0–5, the stack, marks and memo with CPython's own
 * error messages, hashability of the keys and set items the pickle builds, BUILD on values that
 * have no __dict__, REDUCE and NEWOBJ on values that are not callable or not classes (including
 * the names of the builtins module), persistent ids, extensions and out-of-band buffers as plain
 * pickle.loads refuses them. What is not: what a called function does or returns (its result is
 * an opaque value), what an imported name is (except the builtins and the modules of the
 * allow-list, vectors/python-names.json), whether a module or attribute exists, and memory limits.
 */
import pythonNames from '../vectors/python-names.json';
import compat from '../vectors/compat-pickle.json';
import { classifyCallable, type CallCategory, type Classification } from './danger';
import type { PickleOp } from './disassemble';
import { PickleSource, readOp, type LoadError, type ReaderKind } from './read';
import { pyBytesRepr, pyFloatRepr, pyStrRepr } from './text';

type CallHow = 'REDUCE' | 'NEWOBJ' | 'NEWOBJ_EX' | 'INST' | 'OBJ';

export type Sym =
  | { t: 'none' }
  | { t: 'bool'; v: boolean }
  | { t: 'int'; v: bigint }
  | { t: 'float'; v: number }
  | { t: 'str'; v: string }
  | { t: 'bytes'; v: Uint8Array }
  | { t: 'bytearray'; v: Uint8Array }
  | { t: 'list'; items: Sym[]; omitted: number }
  | { t: 'tuple'; items: Sym[] }
  | DictSym
  | { t: 'set'; items: Sym[]; omitted: number; keys: Set<string> }
  | { t: 'frozenset'; items: Sym[]; omitted: number }
  | { t: 'global'; module: string; name: string }
  | CallSym;

interface DictSym {
  t: 'dict';
  entries: [Sym, Sym][];
  /** Position in `entries` of each constant key, so updates are not quadratic. */
  keys: Map<string, number>;
  omitted: number;
}

interface CallSym {
  t: 'call';
  how: CallHow;
  callee: Sym;
  args: Sym[];
  kwargs: [Sym, Sym][] | null;
  /** Attributes set on the object by BUILD (a later BUILD calls attrs.__setstate__ if set). */
  attrs: Map<string, Sym>;
  /** For a functools.partial, the function its BUILD state installed (calling it calls this). */
  partialFunc?: Sym;
}

/**
 * Containers keep at most this many items: enough to show, and a large data pickle does not fill
 * memory with a second copy of itself. The rest are counted.
 */
const KEEP_ITEMS = 2000;

type Bag = { items: Sym[]; omitted: number };

function addItems(bag: Bag, items: readonly Sym[]): void {
  for (const item of items) {
    if (bag.items.length < KEEP_ITEMS) bag.items.push(item);
    else bag.omitted++;
  }
}

function bagOf<T extends 'list' | 'frozenset'>(t: T, items: Sym[]) {
  const bag = { t, items: [] as Sym[], omitted: 0 };
  addItems(bag, items);
  return bag;
}

function newSet(): Extract<Sym, { t: 'set' }> {
  return { t: 'set', items: [], omitted: 0, keys: new Set() };
}

function addToSet(set: Extract<Sym, { t: 'set' }>, items: readonly Sym[]) {
  for (const item of items) {
    const key = constantKey(item);
    if (key !== null) {
      if (set.keys.has(key)) continue;
      set.keys.add(key);
    }
    addItems(set, [item]);
  }
}

function newDict(): DictSym {
  return { t: 'dict', entries: [], keys: new Map(), omitted: 0 };
}

function setEntry(dict: DictSym, key: Sym, value: Sym): void {
  const constant = constantKey(key);
  const at = constant === null ? undefined : dict.keys.get(constant);
  if (at !== undefined) dict.entries[at] = [dict.entries[at]![0], value];
  else if (dict.entries.length < KEEP_ITEMS) {
    if (constant !== null) dict.keys.set(constant, dict.entries.length);
    dict.entries.push([key, value]);
  } else dict.omitted++;
}

/** A key's identity, for the constants whose equality is plain (1 == 1.0 == True). */
function constantKey(sym: Sym): string | null {
  switch (sym.t) {
    case 'str':
      return `s${sym.v}`;
    case 'int':
      return `i${sym.v}`;
    case 'bool':
      return `i${sym.v ? 1 : 0}`;
    case 'float':
      return Number.isInteger(sym.v) ? `i${BigInt(sym.v)}` : `f${sym.v}`;
    case 'none':
      return 'n';
    default:
      return null;
  }
}

/** A constant argument, as the audit hook of core/python/audit-hook.ts records it. */
export type ConstArg = null | boolean | number | string | ConstArg[];

export type LoadEvent =
  | {
      kind: 'import';
      pos: number;
      op: string;
      /** The dotted name pickle.loads would import (after its Python 2 renames). */
      name: string;
      /**
       * The module and name as the pickle wrote them, before the renames: what `find_class`
       * receives, and its audit event (`pickle.find_class`) shows. Absent for a dynamic name.
       */
      given?: [string, string];
      category: CallCategory;
      reason?: string;
      /** The name is computed while loading (STACK_GLOBAL of a call's result). */
      dynamic?: boolean;
    }
  | {
      kind: 'call';
      pos: number;
      op: string;
      /** The callable, as a dotted name when it can be named statically. */
      callee: string;
      /** The call with its symbolic arguments, as Python source: os.system('id'). */
      expr: string;
      /**
       * The positional arguments when each is a constant (str, int, float, bool, None, bytes as
       * UTF-8 with backslash escapes, tuples and lists of these), as an audit hook records them;
       * null when one is not.
       */
      args?: ConstArg[] | null;
      category: CallCategory;
      reason?: string;
    }
  | { kind: 'note'; pos: number; op: string; text: string };

/**
 * `data`: it only builds values (every global it imports or calls is on the allow-list);
 * `calls`: it imports or calls something else; `dangerous`: it calls something with a named
 * danger, or something computed while loading.
 */
export type Verdict = 'data' | 'calls' | 'dangerous';

const RANK: Record<Verdict, number> = { data: 0, calls: 1, dangerous: 2 };
const worse = (a: Verdict, b: Verdict): Verdict => (RANK[b] > RANK[a] ? b : a);

/** One pickle, as one pickle.load reads it. */
export interface PickleScan {
  /** Where this pickle.load started and where the next one starts (or where it failed). */
  start: number;
  end: number;
  verdict: Verdict;
  /** Every callable the pickle makes the unpickler call, once each, in order. */
  calls: string[];
  imports: string[];
  events: LoadEvent[];
  /** Events beyond the ones kept (a pickle can make millions of calls). */
  eventsDropped: number;
  /** What the load returns, as Python source, or null if it fails first. */
  result: string | null;
  /** What the load raises: a malformed pickle or an instruction CPython refuses. */
  error: LoadError | null;
  protocol: number;
  opsRead: number;
}

/** One way of reading the bytes: pickle.loads then a pickle.load loop, or a stream's loop. */
export interface ReadScan {
  reader: ReaderKind;
  /** The pickles in order (the first MAX_PICKLES, and the last if it failed). */
  pickles: PickleScan[];
  /** Pickles scanned but not kept. */
  picklesDropped: number;
  verdict: Verdict;
}

export interface ScanResult extends Omit<PickleScan, 'start' | 'end' | 'verdict'> {
  /** The worst of everything any of the readers would run, over every pickle in the bytes. */
  verdict: Verdict;
  /** The verdict in words, as the panel and the CLI show it. */
  headline: string;
  /** Bytes after the first pickle, which pickle.loads ignores and a pickle.load loop reads. */
  trailing: number;
  /** pickle.loads, then the loop of pickle.load (the flat fields above are its first pickle). */
  memory: ReadScan;
  /** The stream reader, when a lying FRAME makes it read differently; null when it agrees. */
  stream: ReadScan | null;
  /** The first byte the stream reader reads differently, or null. */
  streamPartsAt: number | null;
  summary: string[];
}

const MAX_EVENTS = 500;
const MAX_NAMES = 200;
const MAX_PICKLES = 100;
const EXPR_LIMIT = 240;
const RESULT_LIMIT = 1500;

class VmError extends Error {
  constructor(
    readonly exception: string,
    message: string,
    readonly code = 'pickle/type',
  ) {
    super(message);
  }
}

const importMapping = compat.import_mapping as Record<string, string>;
const nameMapping = new Map(
  (compat.name_mapping as [[string, string], [string, string]][]).map(([from, to]) => [
    from.join('\0'),
    to,
  ]),
);
const knownNames = pythonNames.names as unknown as Record<string, [string, string]>;

// ---------------------------------------------------------------- rendering as Python source

class Writer {
  text = '';
  constructor(private readonly limit: number) {}
  get full() {
    return this.text.length >= this.limit;
  }
  put(s: string) {
    if (this.full) return;
    this.text += s;
    if (this.text.length >= this.limit) this.text = this.text.slice(0, this.limit) + '…';
  }
}

/** A constant as the audit hook records an argument (its `safe()`), or undefined. */
function constArg(sym: Sym, depth = 0): ConstArg | undefined {
  switch (sym.t) {
    case 'none':
      return null;
    case 'bool':
      return sym.v;
    case 'int':
      return sym.v > -(2n ** 53n) && sym.v < 2n ** 53n ? Number(sym.v) : undefined;
    case 'float':
      return Number.isFinite(sym.v) ? sym.v : undefined;
    case 'str':
      return sym.v;
    case 'bytes':
    case 'bytearray':
      return utf8BackslashReplace(sym.v);
    case 'tuple':
    case 'list': {
      if (depth >= 3 || sym.items.length > 20 || (sym.t === 'list' && sym.omitted))
        return undefined;
      const out: ConstArg[] = [];
      for (const item of sym.items) {
        const value = constArg(item, depth + 1);
        if (value === undefined) return undefined;
        out.push(value);
      }
      return out;
    }
    default:
      return undefined;
  }
}

/** `bytes.decode('utf-8', 'backslashreplace')`. */
function utf8BackslashReplace(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  while (i < bytes.length) {
    // The longest valid UTF-8 sequence starting here (1 to 4 bytes), else one escaped byte.
    let taken = 0;
    for (let n = 1; n <= 4 && i + n <= bytes.length && !taken; n++)
      try {
        out += decoder.decode(bytes.subarray(i, i + n));
        taken = n;
      } catch {
        // Not a whole character yet.
      }
    if (taken) i += taken;
    else out += `\\x${bytes[i++]!.toString(16).padStart(2, '0')}`;
  }
  return out;
}

function constArgs(args: readonly Sym[]): ConstArg[] | null {
  const out: ConstArg[] = [];
  for (const arg of args) {
    const value = constArg(arg);
    if (value === undefined) return null;
    out.push(value);
  }
  return out;
}

/** Nesting deeper than this is shown as …, so a pathological pickle cannot exhaust the stack. */
const MAX_DEPTH = 100;

function renderInto(sym: Sym, w: Writer, path: Set<Sym>): void {
  if (w.full) return;
  if (path.size > MAX_DEPTH) return w.put('…');
  const seq = (items: Sym[], open: string, close: string, trailingComma = false, omitted = 0) => {
    if (path.has(sym)) return w.put(`${open}...${close}`);
    path.add(sym);
    w.put(open);
    for (let i = 0; i < items.length && !w.full; i++) {
      if (i) w.put(', ');
      renderInto(items[i]!, w, path);
    }
    if (omitted) w.put(`, … ${omitted} more`);
    if (trailingComma && items.length === 1) w.put(',');
    w.put(close);
    path.delete(sym);
  };
  switch (sym.t) {
    case 'none':
      return w.put('None');
    case 'bool':
      return w.put(sym.v ? 'True' : 'False');
    case 'int':
      return w.put(sym.v.toString());
    case 'float':
      return w.put(pyFloatRepr(sym.v));
    case 'str':
      return w.put(pyStrRepr(sym.v.length > 200 ? sym.v.slice(0, 200) : sym.v));
    case 'bytes':
      return w.put(pyBytesRepr(sym.v, 120));
    case 'bytearray':
      return w.put(`bytearray(${pyBytesRepr(sym.v, 120)})`);
    case 'list':
      return seq(sym.items, '[', ']', false, sym.omitted);
    case 'tuple':
      return seq(sym.items, '(', ')', true);
    case 'set':
      return sym.items.length ? seq(sym.items, '{', '}', false, sym.omitted) : w.put('set()');
    case 'frozenset':
      return sym.items.length
        ? seq(sym.items, 'frozenset({', '})', false, sym.omitted)
        : w.put('frozenset()');
    case 'dict': {
      if (path.has(sym)) return w.put('{...}');
      path.add(sym);
      w.put('{');
      for (let i = 0; i < sym.entries.length && !w.full; i++) {
        const [k, v] = sym.entries[i]!;
        if (i) w.put(', ');
        renderInto(k, w, path);
        w.put(': ');
        renderInto(v, w, path);
      }
      if (sym.omitted) w.put(`, … ${sym.omitted} more`);
      w.put('}');
      path.delete(sym);
      return;
    }
    case 'global':
      return w.put(`${sym.module}.${sym.name}`);
    case 'call': {
      if (path.has(sym)) return w.put('<...>');
      path.add(sym);
      const isNew = sym.how === 'NEWOBJ' || sym.how === 'NEWOBJ_EX';
      renderInto(sym.callee, w, path);
      w.put(isNew ? '.__new__(' : '(');
      if (isNew) {
        renderInto(sym.callee, w, path);
        if (sym.args.length) w.put(', ');
      }
      sym.args.forEach((a, i) => {
        if (i) w.put(', ');
        renderInto(a, w, path);
      });
      (sym.kwargs ?? []).forEach(([k, v], i) => {
        if (i || sym.args.length || isNew) w.put(', ');
        w.put(k.t === 'str' ? k.v : '**');
        w.put('=');
        renderInto(v, w, path);
      });
      w.put(')');
      path.delete(sym);
      return;
    }
  }
}

export function renderSym(sym: Sym, limit = EXPR_LIMIT): string {
  const w = new Writer(limit);
  renderInto(sym, w, new Set());
  return w.text;
}

// ---------------------------------------------------------------- what is known about a value

const TYPE_NAMES: Partial<Record<Sym['t'], string>> = {
  none: 'NoneType',
  bool: 'bool',
  int: 'int',
  float: 'float',
  str: 'str',
  bytes: 'bytes',
  bytearray: 'bytearray',
  list: 'list',
  tuple: 'tuple',
  dict: 'dict',
  set: 'set',
  frozenset: 'frozenset',
};

/**
 * For a global of the builtins or of a module on the allow-list (vectors/python-names.json):
 * ['type' | 'callable' | 'value', the Python type's name].
 */
function builtinFact(sym: Sym): [string, string] | null {
  return sym.t === 'global' ? (knownNames[`${sym.module}.${sym.name}`] ?? null) : null;
}

/** The Python type name of a value, when the pickle built it (null for an opaque object). */
function typeName(sym: Sym): string | null {
  return TYPE_NAMES[sym.t] ?? builtinFact(sym)?.[1] ?? null;
}

/** Known to be callable (true), known not to be (false), or not known (null). */
function callable(sym: Sym): boolean | null {
  if (TYPE_NAMES[sym.t]) return false;
  const fact = builtinFact(sym);
  return fact ? fact[0] !== 'value' : null;
}

/** A value whose type is known and is not a class: the unpickler's own rules apply to it. */
function plainValue(sym: Sym): boolean {
  if (TYPE_NAMES[sym.t]) return true;
  const fact = builtinFact(sym);
  return fact !== null && fact[0] !== 'type';
}

function isClass(sym: Sym): boolean | null {
  if (TYPE_NAMES[sym.t]) return false;
  const fact = builtinFact(sym);
  return fact ? fact[0] === 'type' : null;
}

/** The type of the first part that makes the value unhashable (a tuple is as hashable as its items). */
function unhashable(sym: Sym, depth = 0): string | null {
  if (sym.t === 'list' || sym.t === 'dict' || sym.t === 'set' || sym.t === 'bytearray')
    return sym.t;
  if (sym.t === 'tuple' && depth < MAX_DEPTH) {
    for (const item of sym.items) {
      const found = unhashable(item, depth + 1);
      if (found) return found;
    }
  }
  return null;
}

function checkHashable(syms: readonly Sym[]) {
  for (const sym of syms) {
    const found = unhashable(sym);
    if (found) throw new VmError('TypeError', `unhashable type: '${found}'`, 'pickle/unhashable');
  }
}

// ---------------------------------------------------------------- naming what is called

const GETATTR = new Set(['builtins.getattr', '__builtin__.getattr']);
const IMPORTERS = new Set([
  'builtins.__import__',
  '__builtin__.__import__',
  'importlib.import_module',
]);
const RECONSTRUCTORS = new Set([
  'copyreg._reconstructor',
  'copyreg.__newobj__',
  'copyreg.__newobj_ex__',
  'copy_reg._reconstructor',
]);

/**
 * The dotted name a symbol stands for, when it can be known without running anything: a global,
 * `getattr(<named>, 'attr')`, or `__import__('module')`. Null for anything computed otherwise.
 */
export function resolveName(sym: Sym, depth = 0): string | null {
  if (depth > 50) return null;
  if (sym.t === 'global') return `${sym.module}.${sym.name}`;
  if (sym.t !== 'call' || sym.how !== 'REDUCE') return null;
  const fn = resolveName(sym.callee, depth + 1);
  if (!fn) return null;
  const [first, second] = sym.args;
  if (fn === 'functools.partial') {
    const inner = sym.partialFunc ?? first;
    return inner ? resolveName(inner, depth + 1) : null;
  }
  if (GETATTR.has(fn) && first && second?.t === 'str') {
    const base = resolveName(first, depth + 1);
    return base ? `${base}.${second.v}` : null;
  }
  if (IMPORTERS.has(fn) && first?.t === 'str')
    return fn === 'importlib.import_module' ? first.v : first.v.split('.')[0]!;
  return null;
}

/**
 * getattr(<named>, 'attr') with both arguments fixed in the pickle only fetches a named attribute:
 * it is as dangerous as the attribute it fetches, no more.
 */
function classifyStatic(name: string, call: CallSym): Classification {
  if (GETATTR.has(name)) {
    const target = resolveName(call);
    if (target) {
      const found = classifyCallable(target);
      return { ...found, reason: found.reason && `getattr reaches ${target}: ${found.reason}` };
    }
  }
  return classifyCallable(name);
}

/** The class of an object pickle built, when it is known (for BUILD and method calls). */
function classOf(sym: Sym): string | null {
  if (sym.t !== 'call') return null;
  if (sym.how !== 'REDUCE') return resolveName(sym.callee);
  const fn = resolveName(sym.callee);
  if (fn === 'functools.partial') return fn;
  if (fn && RECONSTRUCTORS.has(fn) && sym.args[0]) return resolveName(sym.args[0]);
  return fn && classifyCallable(fn).category === 'constructor' ? fn : null;
}

// ---------------------------------------------------------------- the machine

const PERSISTENT_ID =
  'A load persistent id instruction was encountered,\nbut no persistent_load function was specified.';

class Machine {
  /** The object stack; `marks` hold positions in it, as _pickle.c keeps them. */
  stack: Sym[] = [];
  marks: number[] = [];
  memo = new Map<number, Sym>();
  proto = 0;
  events: LoadEvent[] = [];
  eventsDropped = 0;
  calls = new Set<string>();
  imports = new Set<string>();
  worst: Verdict = 'data';
  result: Sym | undefined;
  op!: PickleOp;

  emit(event: LoadEvent) {
    if (this.events.length < MAX_EVENTS) this.events.push(event);
    else this.eventsDropped++;
    if (event.kind === 'note') return;
    if (event.kind === 'import') {
      // An import runs the module's code and hands an object (not a value) to the program.
      if (event.dynamic) this.worst = 'dangerous';
      else if (event.category !== 'constructor') this.worst = worse(this.worst, 'calls');
    } else if (event.category === 'dangerous') this.worst = 'dangerous';
    else if (event.category === 'other') this.worst = worse(this.worst, 'calls');
    const names = event.kind === 'call' ? this.calls : this.imports;
    const name = event.kind === 'call' ? event.callee : event.name;
    if (names.size < MAX_NAMES) names.add(name);
  }

  note(text: string) {
    this.emit({ kind: 'note', pos: this.op.pos, op: this.op.name, text });
  }

  get fence() {
    return this.marks.length ? this.marks[this.marks.length - 1]! : 0;
  }

  underflow(): never {
    throw new VmError(
      'UnpicklingError',
      this.marks.length ? 'unexpected MARK found' : 'unpickling stack underflow',
      'pickle/stack-underflow',
    );
  }

  push(sym: Sym) {
    this.stack.push(sym);
  }

  pop(): Sym {
    if (this.stack.length <= this.fence) this.underflow();
    return this.stack.pop()!;
  }

  top(): Sym {
    if (this.stack.length <= this.fence) this.underflow();
    return this.stack[this.stack.length - 1]!;
  }

  marker(): number {
    const mark = this.marks.pop();
    if (mark === undefined)
      throw new VmError('UnpicklingError', 'could not find MARK', 'pickle/no-mark');
    return mark;
  }

  popMark(): Sym[] {
    return this.stack.splice(this.marker());
  }

  findClass(module: string, name: string): Sym {
    const given: [string, string] = [module, name];
    if (this.proto < 3) {
      const renamed = nameMapping.get(`${module}\0${name}`);
      if (renamed) [module, name] = renamed;
      else if (importMapping[module]) module = importMapping[module]!;
    }
    const dotted = `${module}.${name}`;
    const { category, reason } = classifyCallable(dotted);
    this.emit({
      kind: 'import',
      pos: this.op.pos,
      op: this.op.name,
      name: dotted,
      given,
      category,
      reason,
    });
    return { t: 'global', module, name };
  }

  call(callee: Sym, args: Sym[], kwargs: [Sym, Sym][] | null, how: CallHow): CallSym {
    const sym: CallSym = { t: 'call', how, callee, args, kwargs, attrs: new Map() };
    const name = resolveName(callee);
    const isNew = how === 'NEWOBJ' || how === 'NEWOBJ_EX';
    const { category, reason } = name
      ? classifyStatic(name, sym)
      : {
          category: 'dangerous' as const,
          reason: 'the callable is computed while loading, so it could be anything',
        };
    this.emit({
      kind: 'call',
      pos: this.op.pos,
      op: this.op.name,
      callee: name ? (isNew ? `${name}.__new__` : name) : renderSym(callee, 80),
      expr: renderSym(sym),
      args: constArgs(args),
      category,
      reason,
    });
    return sym;
  }

  /** A method the unpickler calls on an object it cannot see into (append, __setitem__, add…). */
  methodCall(target: Sym, method: string, args: Sym[], danger?: Classification) {
    const cls = classOf(target) ?? (target.t === 'global' ? resolveName(target) : null);
    // The allow-list covers calling a class to build a value, not methods of the class itself.
    const category: CallCategory =
      danger?.category ??
      (target.t !== 'global' && cls && classifyCallable(cls).category === 'constructor'
        ? 'constructor'
        : 'other');
    const w = new Writer(EXPR_LIMIT);
    renderInto(target, w, new Set());
    w.put(`.${method}(`);
    args.forEach((a, i) => {
      if (i) w.put(', ');
      renderInto(a, w, new Set());
    });
    w.put(')');
    this.emit({
      kind: 'call',
      pos: this.op.pos,
      op: this.op.name,
      callee: `${cls ?? 'object'}.${method}`,
      expr: w.text,
      category,
      reason: danger?.reason,
    });
  }

  /** REDUCE, OBJ and INST call; CPython checks the argument tuple and the callable first. */
  checkedCall(fn: Sym, args: Sym, how: CallHow): CallSym {
    if (TYPE_NAMES[args.t] && args.t !== 'tuple')
      throw new VmError('TypeError', 'argument list must be a tuple');
    if (callable(fn) === false)
      throw new VmError('TypeError', `'${typeName(fn)}' object is not callable`);
    return this.call(fn, args.t === 'tuple' ? args.items : [args], null, how);
  }

  /** OBJ and INST: a class called with no arguments is only created (cls.__new__(cls)). */
  instantiate(cls: Sym, args: Sym[], how: 'OBJ' | 'INST') {
    if (callable(cls) === false)
      throw new VmError('TypeError', `'${typeName(cls)}' object is not callable`);
    return this.call(cls, args, null, how);
  }

  newobj(how: 'NEWOBJ' | 'NEWOBJ_EX', cls: Sym, args: Sym, kwargs: Sym | null) {
    if (isClass(cls) === false)
      throw new VmError(
        'UnpicklingError',
        `${how} class argument must be a type, not ${typeName(cls)}`,
      );
    if (TYPE_NAMES[args.t] && args.t !== 'tuple')
      throw new VmError(
        'UnpicklingError',
        `${how} args argument must be a tuple, not ${typeName(args)}`,
      );
    if (kwargs && TYPE_NAMES[kwargs.t] && kwargs.t !== 'dict')
      throw new VmError(
        'UnpicklingError',
        `${how} kwargs argument must be a dict, not ${typeName(kwargs)}`,
      );
    const items = args.t === 'tuple' ? args.items : [args];
    return this.call(cls, items, kwargs?.t === 'dict' ? kwargs.entries : null, how);
  }

  build(inst: Sym, state: Sym) {
    if (inst.t === 'call') {
      const setstate = inst.attrs.get('__setstate__');
      if (setstate) {
        // The instance dict now holds __setstate__, so this BUILD calls it with the state.
        this.call(setstate, [state], null, 'REDUCE');
        return;
      }
      const cls = classOf(inst);
      if (cls === 'functools.partial' && state.t === 'tuple' && state.items[0])
        inst.partialFunc = state.items[0];
      const apply = (s: Sym) => {
        if (s.t === 'dict')
          for (const [k, v] of s.entries) if (k.t === 'str') inst.attrs.set(k.v, v);
      };
      if (state.t === 'tuple' && state.items.length === 2) state.items.forEach(apply);
      else apply(state);
      if (cls && classifyCallable(cls).category === 'constructor') return;
      this.methodCall(inst, '__setstate__', [state]);
      return;
    }
    const fact = builtinFact(inst);
    if (inst.t === 'global' && !fact) {
      // A module, class or function object itself: a non-empty state rewrites its attributes.
      const empty = state.t === 'none' || (state.t === 'dict' && state.entries.length === 0);
      const name = resolveName(inst)!;
      this.methodCall(
        inst,
        '__setstate__',
        [state],
        empty
          ? undefined
          : {
              category: 'dangerous',
              reason: `BUILD sets attributes of ${name} itself (a module, class or function), so code that uses them later runs what the pickle put there`,
            },
      );
      return;
    }
    // A value the pickle built, or a builtin: none has __setstate__, so CPython's default applies.
    const [dictState, slotState] =
      state.t === 'tuple' && state.items.length === 2 ? state.items : [state, undefined];
    const what = typeName(inst)!;
    if (dictState!.t !== 'none') {
      if (TYPE_NAMES[dictState!.t] && dictState!.t !== 'dict')
        throw new VmError('UnpicklingError', 'state is not a dictionary');
      if (fact?.[0] === 'type') {
        if (dictState!.t !== 'dict' || dictState!.entries.length > 0)
          throw new VmError('TypeError', `'mappingproxy' object does not support item assignment`);
      } else throw new VmError('AttributeError', `'${what}' object has no attribute '__dict__'`);
    }
    if (slotState) {
      if (TYPE_NAMES[slotState.t] && slotState.t !== 'dict')
        throw new VmError('UnpicklingError', 'slot state is not a dictionary');
      const first = slotState.t === 'dict' ? slotState.entries[0] : undefined;
      if (first || slotState.t !== 'dict') {
        const attr = first?.[0].t === 'str' ? first[0].v : '…';
        if (fact?.[0] === 'type')
          throw new VmError(
            'TypeError',
            `cannot set '${attr}' attribute of immutable type '${(inst as { name: string }).name}'`,
          );
        throw new VmError('AttributeError', `'${what}' object has no attribute '${attr}'`);
      }
    }
  }

  memoIndex(): number {
    const arg = this.op.arg;
    if (arg?.kind === 'bool') return arg.value ? 1 : 0;
    return Number(arg?.kind === 'int' ? arg.value : 0n);
  }

  step(op: PickleOp): boolean {
    this.op = op;
    const arg = op.arg;
    switch (op.name) {
      case 'PROTO': {
        const n = Number(arg?.kind === 'int' ? arg.value : 0n);
        if (n > 5)
          throw new VmError('ValueError', `unsupported pickle protocol: ${n}`, 'pickle/protocol');
        this.proto = n;
        return false;
      }
      case 'FRAME':
        return false;
      case 'STOP':
        this.result = this.pop();
        return true;
      case 'MARK':
        this.marks.push(this.stack.length);
        return false;
      case 'POP':
        if (this.marks.length && this.fence === this.stack.length) this.marks.pop();
        else this.pop();
        return false;
      case 'POP_MARK':
        this.stack.length = this.marker();
        return false;
      case 'DUP':
        this.push(this.top());
        return false;
      case 'NONE':
        this.push({ t: 'none' });
        return false;
      case 'NEWTRUE':
      case 'NEWFALSE':
        this.push({ t: 'bool', v: op.name === 'NEWTRUE' });
        return false;
      case 'INT':
      case 'BININT':
      case 'BININT1':
      case 'BININT2':
      case 'LONG':
      case 'LONG1':
      case 'LONG4':
        if (arg?.kind === 'bool') this.push({ t: 'bool', v: arg.value });
        else this.push({ t: 'int', v: arg?.kind === 'int' ? arg.value : 0n });
        return false;
      case 'FLOAT':
      case 'BINFLOAT':
        this.push({ t: 'float', v: arg?.kind === 'float' ? arg.value : NaN });
        return false;
      case 'STRING':
      case 'BINSTRING':
      case 'SHORT_BINSTRING':
      case 'UNICODE':
      case 'BINUNICODE':
      case 'SHORT_BINUNICODE':
      case 'BINUNICODE8':
        this.push({ t: 'str', v: arg?.kind === 'str' ? arg.value : '' });
        return false;
      case 'BINBYTES':
      case 'SHORT_BINBYTES':
      case 'BINBYTES8':
        this.push({ t: 'bytes', v: arg?.kind === 'bytes' ? arg.value : new Uint8Array() });
        return false;
      case 'BYTEARRAY8':
        this.push({ t: 'bytearray', v: arg?.kind === 'bytearray' ? arg.value : new Uint8Array() });
        return false;
      case 'NEXT_BUFFER':
        this.note('Out-of-band buffer: only pickle.loads(data, buffers=…) can load this pickle.');
        throw new VmError(
          'UnpicklingError',
          'pickle stream refers to out-of-band data but no *buffers* argument was given',
          'pickle/buffers',
        );
      case 'READONLY_BUFFER': {
        const top = this.top();
        if (TYPE_NAMES[top.t] && top.t !== 'bytes' && top.t !== 'bytearray')
          throw new VmError(
            'TypeError',
            `memoryview: a bytes-like object is required, not '${typeName(top)}'`,
          );
        return false;
      }
      case 'EMPTY_TUPLE':
        this.push({ t: 'tuple', items: [] });
        return false;
      case 'EMPTY_LIST':
        this.push({ t: 'list', items: [], omitted: 0 });
        return false;
      case 'EMPTY_DICT':
        this.push(newDict());
        return false;
      case 'EMPTY_SET':
        this.push(newSet());
        return false;
      case 'TUPLE':
        this.push({ t: 'tuple', items: this.popMark() });
        return false;
      case 'TUPLE1':
      case 'TUPLE2':
      case 'TUPLE3': {
        const n = Number(op.name.slice(5));
        if (this.stack.length - n < this.fence) this.underflow();
        this.push({ t: 'tuple', items: this.stack.splice(this.stack.length - n) });
        return false;
      }
      case 'LIST':
        this.push(bagOf('list', this.popMark()));
        return false;
      case 'FROZENSET': {
        const items = this.popMark();
        checkHashable(items);
        this.push(bagOf('frozenset', items));
        return false;
      }
      case 'DICT': {
        const items = this.popMark();
        if (items.length % 2)
          throw new VmError('UnpicklingError', 'odd number of items for DICT', 'pickle/odd-items');
        const dict = newDict();
        for (let i = 0; i < items.length; i += 2) {
          checkHashable([items[i]!]);
          setEntry(dict, items[i]!, items[i + 1]!);
        }
        this.push(dict);
        return false;
      }
      case 'APPEND':
        this.appendFrom(this.stack.length - 1, 'append');
        return false;
      case 'APPENDS':
        this.appendFrom(this.marker(), 'extend');
        return false;
      case 'SETITEM':
        this.setItemsFrom(this.stack.length - 2);
        return false;
      case 'SETITEMS':
        this.setItemsFrom(this.marker());
        return false;
      case 'ADDITEMS': {
        const mark = this.marker();
        if (mark > this.stack.length || mark <= this.fence) this.underflow();
        if (mark === this.stack.length) return false;
        const target = this.stack[mark - 1]!;
        const items = this.stack.splice(mark);
        if (target.t === 'set') {
          checkHashable(items);
          addToSet(target, items);
        } else if (plainValue(target))
          throw new VmError(
            'AttributeError',
            `'${typeName(target)}' object has no attribute 'add'`,
          );
        else for (const item of items) this.methodCall(target, 'add', [item]);
        return false;
      }
      case 'GET':
      case 'BINGET':
      case 'LONG_BINGET': {
        const index = this.memoIndex();
        const sym = this.memo.get(index);
        if (!sym)
          throw new VmError(
            'UnpicklingError',
            `Memo value not found at index ${index}`,
            'pickle/memo',
          );
        this.push(sym);
        return false;
      }
      case 'PUT':
      case 'BINPUT':
      case 'LONG_BINPUT': {
        const top = this.top();
        const index = this.memoIndex();
        if (index < 0) throw new VmError('ValueError', 'negative PUT argument', 'pickle/memo');
        this.memo.set(index, top);
        return false;
      }
      case 'MEMOIZE':
        this.memo.set(this.memo.size, this.top());
        return false;
      case 'GLOBAL': {
        const [module, name] = op.lines!;
        this.push(this.findClass(module, name));
        return false;
      }
      case 'STACK_GLOBAL':
        this.push(this.stackGlobal(this.pop(), this.pop()));
        return false;
      case 'INST': {
        const mark = this.marker();
        const [module, name] = op.lines!;
        const cls = this.findClass(module, name);
        this.push(this.instantiate(cls, this.stack.splice(mark), 'INST'));
        return false;
      }
      case 'OBJ': {
        const mark = this.marker();
        if (this.stack.length - mark < 1) this.underflow();
        const args = this.stack.splice(mark + 1);
        const cls = this.stack.pop()!;
        this.push(this.instantiate(cls, args, 'OBJ'));
        return false;
      }
      case 'REDUCE': {
        const args = this.pop();
        const fn = this.pop();
        this.push(this.checkedCall(fn, args, 'REDUCE'));
        return false;
      }
      case 'NEWOBJ': {
        const args = this.pop();
        const cls = this.pop();
        this.push(this.newobj('NEWOBJ', cls, args, null));
        return false;
      }
      case 'NEWOBJ_EX': {
        const kwargs = this.pop();
        const args = this.pop();
        const cls = this.pop();
        this.push(this.newobj('NEWOBJ_EX', cls, args, kwargs));
        return false;
      }
      case 'BUILD': {
        if (this.stack.length - 2 < this.fence) this.underflow();
        const state = this.pop();
        this.build(this.top(), state);
        return false;
      }
      case 'PERSID':
      case 'BINPERSID':
        this.note(
          'Persistent id: an application that sets persistent_load would call it here with an id the pickle chose; plain pickle.loads refuses.',
        );
        throw new VmError('UnpicklingError', PERSISTENT_ID, 'pickle/persistent-id');
      case 'EXT1':
      case 'EXT2':
      case 'EXT4': {
        const code = Number(arg?.kind === 'int' ? arg.value : 0n);
        if (code <= 0)
          throw new VmError('UnpicklingError', 'EXT specifies code <= 0', 'pickle/ext');
        this.note(
          `Extension code ${code}: imports whatever global copyreg.add_extension registered under it; plain Python registers none.`,
        );
        throw new VmError('ValueError', `unregistered extension code ${code}`, 'pickle/ext');
      }
    }
    throw new VmError('UnpicklingError', `no handler for ${op.name}`, 'pickle/unknown-opcode');
  }

  stackGlobal(name: Sym, module: Sym): Sym {
    if (module.t === 'str' && name.t === 'str') return this.findClass(module.v, name.v);
    const known = (s: Sym) => s.t !== 'call';
    if ((known(module) && module.t !== 'str') || (known(name) && name.t !== 'str'))
      throw new VmError('UnpicklingError', 'STACK_GLOBAL requires str');
    const dotted = `${renderSym(module, 60)}.${renderSym(name, 60)}`;
    this.emit({
      kind: 'import',
      pos: this.op.pos,
      op: this.op.name,
      name: dotted,
      category: 'dangerous',
      reason: 'the name is computed while loading, so it could be anything',
      dynamic: true,
    });
    return { t: 'global', module: renderSym(module, 60), name: renderSym(name, 60) };
  }

  /** APPEND and APPENDS: `x` is where the items start; the target sits just below. */
  appendFrom(x: number, method: 'append' | 'extend') {
    if (x > this.stack.length || x <= this.fence) this.underflow();
    if (x === this.stack.length) return;
    const target = this.stack[x - 1]!;
    const items = this.stack.splice(x);
    if (target.t === 'list') addItems(target, items);
    else if (target.t === 'bytearray') this.checkBytes(items);
    else if (plainValue(target))
      throw new VmError('AttributeError', `'${typeName(target)}' object has no attribute 'append'`);
    else
      this.methodCall(
        target,
        method,
        items.length === 1 && method === 'append' ? items : [bagOf('list', items)],
      );
  }

  /** bytearray.extend: every item must be an int in range(0, 256). */
  checkBytes(items: Sym[]) {
    for (const item of items) {
      if (item.t === 'int' || item.t === 'bool') {
        const v = item.t === 'int' ? item.v : item.v ? 1n : 0n;
        if (v < 0n || v > 255n) throw new VmError('ValueError', 'byte must be in range(0, 256)');
      } else if (TYPE_NAMES[item.t])
        throw new VmError(
          'TypeError',
          `'${typeName(item)}' object cannot be interpreted as an integer`,
        );
    }
  }

  /** SETITEM and SETITEMS: `x` is where the key/value pairs start; the target sits just below. */
  setItemsFrom(x: number) {
    const len = this.stack.length;
    if (x > len || x <= this.fence) this.underflow();
    if (x === len) return;
    if ((len - x) % 2)
      throw new VmError('UnpicklingError', 'odd number of items for SETITEMS', 'pickle/odd-items');
    const target = this.stack[x - 1]!;
    const items = this.stack.splice(x);
    for (let i = 0; i < items.length; i += 2) {
      const key = items[i]!;
      const value = items[i + 1]!;
      if (target.t === 'dict') {
        checkHashable([key]);
        setEntry(target, key, value);
      } else if (target.t === 'list' || target.t === 'bytearray') {
        this.setIndex(target, key, value);
      } else if (plainValue(target)) {
        throw new VmError(
          'TypeError',
          `'${typeName(target)}' object does not support item assignment`,
        );
      } else this.methodCall(target, '__setitem__', [key, value]);
    }
  }

  /** list[key] = value (or a bytearray's): an int index within the length, else what Python raises. */
  setIndex(target: Extract<Sym, { t: 'list' | 'bytearray' }>, key: Sym, value: Sym) {
    const what = target.t;
    if (key.t !== 'int' && key.t !== 'bool') {
      if (TYPE_NAMES[key.t])
        throw new VmError(
          'TypeError',
          `${what} indices must be integers or slices, not ${typeName(key)}`,
        );
      return;
    }
    const length = target.t === 'list' ? target.items.length + target.omitted : target.v.length;
    let index = key.t === 'int' ? key.v : key.v ? 1n : 0n;
    if (index < 0n) index += BigInt(length);
    if (index < 0n || index >= BigInt(length))
      throw new VmError(
        'IndexError',
        `${what === 'list' ? 'list' : 'bytearray'} ${what === 'list' ? 'assignment ' : ''}index out of range`,
      );
    if (target.t === 'bytearray') this.checkBytes([value]);
    else if (index < BigInt(target.items.length)) target.items[Number(index)] = value;
  }
}

// ---------------------------------------------------------------- reading one pickle, then the rest

function scanOne(src: PickleSource, onOp?: (op: PickleOp) => void): PickleScan {
  const start = src.pos;
  const vm = new Machine();
  let error: LoadError | null = null;
  let opsRead = 0;
  for (;;) {
    const step = readOp(src);
    if (!step.ok) {
      error = step.error;
      break;
    }
    opsRead++;
    onOp?.(step.op);
    try {
      if (vm.step(step.op)) break;
    } catch (e) {
      if (!(e instanceof VmError)) throw e;
      const op = step.op;
      error = {
        code: e.code,
        exception: e.exception,
        message: e.message,
        pos: op.pos,
        op: op.name,
      };
      break;
    }
  }
  return {
    start,
    end: error ? src.pos : src.nextPickle(),
    verdict: vm.worst,
    calls: [...vm.calls],
    imports: [...vm.imports],
    events: vm.events,
    eventsDropped: vm.eventsDropped,
    result: error || !vm.result ? null : renderSym(vm.result, RESULT_LIMIT),
    error,
    protocol: vm.proto,
    opsRead,
  };
}

/** Reads the bytes as pickle.loads then a loop of pickle.load would, until the end or an error. */
function scanRead(src: PickleSource, onOp?: (op: PickleOp) => void): ReadScan {
  const pickles: PickleScan[] = [];
  let dropped = 0;
  let verdict: Verdict = 'data';
  for (;;) {
    const scan = scanOne(src, onOp);
    verdict = worse(verdict, scan.verdict);
    if (pickles.length < MAX_PICKLES || scan.error) pickles.push(scan);
    else dropped++;
    if (scan.error || scan.end >= src.data.length) break;
  }
  return { reader: src.kind, pickles, picklesDropped: dropped, verdict };
}

// ---------------------------------------------------------------- the summary

const HEADLINES = {
  dangerous: 'Runs dangerous code',
  calls: 'Calls code by name',
  imports: 'Imports code by name',
  data: 'Data only',
  fails: 'Fails to load; runs no code',
} as const;

function headlineOf(verdict: Verdict, reads: ReadScan[]): string {
  const all = reads.flatMap((r) => r.pickles);
  if (verdict === 'calls')
    return all.some((p) => p.events.some((e) => e.kind === 'call' && e.category !== 'constructor'))
      ? HEADLINES.calls
      : HEADLINES.imports;
  if (verdict === 'data' && reads[0]!.pickles[0]!.error) return HEADLINES.fails;
  return HEADLINES[verdict];
}

/** What a load raises, for the middle of a sentence (CPython's message without its last period). */
const raised = (error: LoadError) =>
  `${error.exception} at byte ${error.pos}${error.op ? ` (${error.op})` : ''}: ${error.message.replace('\n', ' ').replace(/\.$/, '')}`;

const listOf = (names: string[]) =>
  `${names.slice(0, 6).join(', ')}${names.length > 6 ? ', …' : ''}`;

/** What one pickle does, in a sentence or two. */
function describePickle(scan: PickleScan, where: string): string[] {
  const lines: string[] = [];
  const calls = scan.events.filter((e) => e.kind === 'call');
  const dangerous = scan.events.find(
    (e): e is Extract<LoadEvent, { kind: 'call' | 'import' }> =>
      (e.kind === 'call' || (e.kind === 'import' && e.dynamic === true)) &&
      e.category === 'dangerous',
  );
  if (scan.verdict === 'dangerous' && dangerous) {
    const what = dangerous.kind === 'call' ? dangerous.expr : `import ${dangerous.name}`;
    lines.push(
      `${where} runs code: it calls ${what}${dangerous.reason ? ` (${dangerous.reason})` : ''}. Loading it does that with every right of the process that loads it — exactly as if you had passed the text to eval().`,
    );
  } else if (
    scan.verdict === 'calls' &&
    calls.some((e) => e.kind === 'call' && e.category === 'other')
  ) {
    lines.push(
      `${where} calls ${scan.calls.length === 1 ? 'one callable' : `${scan.calls.length} callables`} by name: ${listOf(scan.calls)}. None has a named danger, but pickle imports and calls whatever a pickle names, so only load it if you trust whoever made it.`,
    );
  } else if (scan.verdict === 'calls') {
    const named = scan.events.find((e) => e.kind === 'import' && e.category === 'dangerous');
    lines.push(
      `${where} imports ${listOf(scan.imports)}${named?.kind === 'import' && named.reason ? ` (${named.name} ${named.reason})` : ''} without calling it. Importing runs that module’s top-level code, and the object is handed to your program instead of a value.`,
    );
  } else if (scan.result !== null) {
    lines.push(
      `${where} only builds data${calls.length ? ' (through the constructors pickle itself uses for sets, bytes, dates and the like)' : ''}: ${scan.result}`,
    );
  } else if (scan.events.every((e) => e.kind === 'note')) {
    lines.push(`${where} calls nothing before it stops.`);
  }
  if (scan.error) {
    const called = scan.events.some((e) => e.kind === 'call');
    const after = called
      ? ' — but only after the imports and calls above.'
      : scan.imports.length
        ? ` — after importing ${listOf(scan.imports)}, which ran that module’s code.`
        : '.';
    lines.push(`Loading it raises ${raised(scan.error)}${after}`);
  }
  return lines;
}

function summarize(result: Omit<ScanResult, 'summary'>): string[] {
  const [first, ...rest] = result.memory.pickles;
  const lines = describePickle(first!, 'Loading this pickle');
  if (result.trailing > 0) {
    const failed = rest.at(-1)?.error ? rest.at(-1)! : null;
    const loaded = rest.length - (failed ? 1 : 0) + result.memory.picklesDropped;
    const worst = rest.reduce<Verdict>((v, p) => worse(v, p.verdict), 'data');
    const read = loaded ? `${loaded} more pickle${loaded === 1 ? '' : 's'}` : 'nothing it can load';
    const which = rest.length === 1 ? 'it' : 'one of them';
    const runs =
      worst === 'dangerous'
        ? `, and ${which} runs dangerous code`
        : worst === 'calls'
          ? `, and ${which} imports or calls code`
          : '';
    lines.push(
      `${result.trailing} bytes follow the first pickle. pickle.loads ignores them, but a loop of pickle.load(file) reads on: ${read}${runs}${failed ? `, then raises ${raised(failed.error!)}` : ''}.`,
    );
    const bad = rest.find((p) => p.verdict === worst && worst !== 'data');
    if (bad) lines.push(...describePickle(bad, `The pickle at byte ${bad.start}`));
  }
  if (result.stream && result.streamPartsAt !== null) {
    const worst = result.stream.verdict;
    lines.push(
      `A FRAME lies about its length: read from a stream (pickle.load on io.BytesIO, a socket file, or a frame bigger than a file’s buffer), the bytes from ${result.streamPartsAt} on are other opcodes${worst !== result.memory.verdict ? `, and ${worst === 'dangerous' ? 'they run dangerous code' : worst === 'calls' ? 'they import or call code' : 'they only build data'}` : ''}.`,
    );
    const bad = result.stream.pickles.find((p) => p.verdict === worst && worst !== 'data');
    if (bad && RANK[worst] > RANK[result.memory.verdict])
      lines.push(...describePickle(bad, 'Read from a stream, the pickle'));
  }
  const notes = new Set<string>();
  for (const scan of [...result.memory.pickles, ...(result.stream?.pickles ?? [])])
    for (const e of scan.events) if (e.kind === 'note') notes.add(e.text);
  lines.push(...notes);
  return lines;
}

export interface ScanOptions {
  /** Called for every opcode pickle.loads and the pickle.load loop read (for counts and progress). */
  onOp?: (op: PickleOp) => void;
}

/**
 * Scans pickle bytes: reads them as pickle.loads and a pickle.load loop would, opcode by opcode,
 * running the symbolic machine over each (nothing is kept but the machine's state, so big pickles
 * scan in bounded memory), then again as a stream reader if a FRAME makes it read differently.
 */
export function scanPickle(data: Uint8Array, options: ScanOptions = {}): ScanResult {
  const memorySource = new PickleSource(data, 'memory');
  const memory = scanRead(memorySource, options.onOp);
  const partsAt = memorySource.streamPartsAt;
  const stream = partsAt >= 0 ? scanRead(new PickleSource(data, 'stream')) : null;
  const first = memory.pickles[0]!;
  const verdict = worse(memory.verdict, stream?.verdict ?? 'data');
  const partial = {
    verdict,
    headline: headlineOf(verdict, stream ? [memory, stream] : [memory]),
    calls: first.calls,
    imports: first.imports,
    events: first.events,
    eventsDropped: first.eventsDropped,
    result: first.result,
    error: first.error,
    protocol: first.protocol,
    opsRead: first.opsRead,
    trailing: first.error ? 0 : data.length - first.end,
    memory,
    stream,
    streamPartsAt: partsAt >= 0 ? partsAt : null,
  };
  return { ...partial, summary: summarize(partial) };
}
