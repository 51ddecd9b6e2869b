/**
 * A symbolic pickle loader: it runs the pickle virtual machine (stack, memo, marks) the way
 * CPython's unpickler does, but every import and call is recorded as a symbol instead of being
 * performed. Nothing in the pickle is ever imported or executed. The result says what
 * `pickle.loads` would do: which globals it imports, which callables it calls with which
 * arguments (`os.system('id')`), what it returns, and where it would fail.
 */
import compat from '../vectors/compat-pickle.json';
import { classifyCallable, type CallCategory, type Classification } from './danger';
import { genops, type PickleError, type PickleOp, type ReadEnd } from './disassemble';
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
  | { t: 'set'; items: Sym[]; omitted: number }
  | { t: 'frozenset'; items: Sym[]; omitted: number }
  | { t: 'global'; module: string; name: string }
  | CallSym
  | { t: 'persid'; pid: Sym }
  | { t: 'buffer'; index: number; readonly: boolean }
  | { t: 'ext'; code: number };

interface DictSym {
  t: 'dict';
  entries: [Sym, Sym][];
  /** Position in `entries` of each constant key, so updates are not quadratic. */
  keys: Map<string, number>;
  omitted: number;
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

function bagOf<T extends 'list' | 'set' | 'frozenset'>(t: T, items: Sym[]) {
  const bag = { t, items: [] as Sym[], omitted: 0 };
  addItems(bag, items);
  return bag;
}

function newDict(): DictSym {
  return { t: 'dict', entries: [], keys: new Map(), omitted: 0 };
}

function setEntry(dict: DictSym, key: Sym, value: Sym): void {
  const constant = constantKey(key);
  const at = constant === null ? undefined : dict.keys.get(constant);
  if (at !== undefined) dict.entries[at] = [key, value];
  else if (dict.entries.length < KEEP_ITEMS) {
    if (constant !== null) dict.keys.set(constant, dict.entries.length);
    dict.entries.push([key, value]);
  } else dict.omitted++;
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

export type LoadEvent =
  | {
      kind: 'import';
      pos: number;
      op: string;
      /** The dotted name pickle.loads would import (after its Python 2 renames). */
      name: string;
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
      category: CallCategory;
      reason?: string;
    }
  | { kind: 'note'; pos: number; op: string; text: string };

export type Verdict = 'data' | 'dangerous' | 'calls';

export interface ScanResult {
  verdict: Verdict;
  /** Every callable the pickle makes the unpickler call, once each, in order. */
  calls: string[];
  imports: string[];
  events: LoadEvent[];
  /** Events beyond the ones kept (a pickle can make millions of calls). */
  eventsDropped: number;
  /** What pickle.loads would return, as Python source, or null if it fails first. */
  result: string | null;
  /** Where pickle.loads would raise (a malformed pickle or an impossible instruction). */
  error: PickleError | null;
  protocol: number;
  /** Opcodes read, including any after the point where pickle.loads would have stopped. */
  opsRead: number;
  /** How reading the opcodes ended (pickletools' view, apart from the loader's). */
  readEnd: ReadEnd;
  summary: string[];
}

const MAX_EVENTS = 500;
const MAX_NAMES = 200;
const EXPR_LIMIT = 240;
const RESULT_LIMIT = 1500;

class VmError extends Error {
  constructor(
    readonly code: string,
    message: string,
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
    case 'persid':
      w.put('persistent_load(');
      renderInto(sym.pid, w, path);
      return w.put(')');
    case 'buffer':
      return w.put(`<out-of-band buffer ${sym.index}${sym.readonly ? ', read-only' : ''}>`);
    case 'ext':
      return w.put(`<copyreg extension ${sym.code}>`);
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

class Machine {
  stack: Sym[] = [];
  metastack: Sym[][] = [];
  memo = new Map<number, Sym>();
  proto = 0;
  events: LoadEvent[] = [];
  eventsDropped = 0;
  calls = new Set<string>();
  imports = new Set<string>();
  worst: Verdict = 'data';
  buffers = 0;
  result: Sym | undefined;
  op!: PickleOp;

  emit(event: LoadEvent) {
    if (this.events.length < MAX_EVENTS) this.events.push(event);
    else this.eventsDropped++;
    if (event.kind === 'note') return;
    // Importing is not calling: only calls (and imports of computed names) change the verdict.
    if (event.kind === 'call' || event.dynamic) {
      if (event.category === 'dangerous') this.worst = 'dangerous';
      else if (event.category === 'other' && this.worst === 'data') this.worst = 'calls';
    }
    const names = event.kind === 'call' ? this.calls : this.imports;
    const name = event.kind === 'call' ? event.callee : event.name;
    if (names.size < MAX_NAMES) names.add(name);
  }

  note(text: string) {
    this.emit({ kind: 'note', pos: this.op.pos, op: this.op.name, text });
  }

  push(sym: Sym) {
    this.stack.push(sym);
  }

  pop(): Sym {
    const sym = this.stack.pop();
    if (!sym) throw new VmError('pickle/stack-underflow', 'unpickling stack underflow');
    return sym;
  }

  top(): Sym {
    const sym = this.stack[this.stack.length - 1];
    if (!sym) throw new VmError('pickle/stack-underflow', 'unpickling stack underflow');
    return sym;
  }

  popMark(): Sym[] {
    const items = this.stack;
    const previous = this.metastack.pop();
    if (!previous) throw new VmError('pickle/no-mark', 'could not find MARK');
    this.stack = previous;
    return items;
  }

  findClass(module: string, name: string): Sym {
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
      category,
      reason,
    });
    return sym;
  }

  /** A method the unpickler calls on an object it built (append, __setitem__, add, __setstate__). */
  methodCall(target: Sym, method: string, args: Sym[]) {
    const cls = classOf(target);
    const category: CallCategory =
      cls && classifyCallable(cls).category === 'constructor' ? 'constructor' : 'other';
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
    });
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
    this.methodCall(inst, '__setstate__', [state]);
  }

  memoIndex(): number {
    const arg = this.op.arg;
    if (arg?.kind === 'bool') return arg.value ? 1 : 0;
    if (arg?.kind !== 'int') throw new VmError('pickle/memo', 'bad memo index');
    if (arg.value < 0n) throw new VmError('pickle/memo', `negative ${this.op.name} argument`);
    return Number(arg.value);
  }

  step(op: PickleOp): void {
    this.op = op;
    const arg = op.arg;
    switch (op.name) {
      case 'PROTO': {
        const n = Number(arg?.kind === 'int' ? arg.value : 0n);
        if (n > 5) throw new VmError('pickle/protocol', `unsupported pickle protocol: ${n}`);
        this.proto = n;
        return;
      }
      case 'FRAME':
        return;
      case 'STOP':
        this.result = this.pop();
        return;
      case 'MARK':
        this.metastack.push(this.stack);
        this.stack = [];
        return;
      case 'POP':
        if (this.stack.length) this.stack.pop();
        else this.popMark();
        return;
      case 'POP_MARK':
        this.popMark();
        return;
      case 'DUP':
        return this.push(this.top());
      case 'NONE':
        return this.push({ t: 'none' });
      case 'NEWTRUE':
      case 'NEWFALSE':
        return this.push({ t: 'bool', v: op.name === 'NEWTRUE' });
      case 'INT':
      case 'BININT':
      case 'BININT1':
      case 'BININT2':
      case 'LONG':
      case 'LONG1':
      case 'LONG4':
        if (arg?.kind === 'bool') return this.push({ t: 'bool', v: arg.value });
        return this.push({ t: 'int', v: arg?.kind === 'int' ? arg.value : 0n });
      case 'FLOAT':
      case 'BINFLOAT':
        return this.push({ t: 'float', v: arg?.kind === 'float' ? arg.value : NaN });
      case 'STRING':
      case 'BINSTRING':
      case 'SHORT_BINSTRING':
      case 'UNICODE':
      case 'BINUNICODE':
      case 'SHORT_BINUNICODE':
      case 'BINUNICODE8':
        return this.push({ t: 'str', v: arg?.kind === 'str' ? arg.value : '' });
      case 'BINBYTES':
      case 'SHORT_BINBYTES':
      case 'BINBYTES8':
        return this.push({ t: 'bytes', v: arg?.kind === 'bytes' ? arg.value : new Uint8Array() });
      case 'BYTEARRAY8':
        return this.push({
          t: 'bytearray',
          v: arg?.kind === 'bytearray' ? arg.value : new Uint8Array(),
        });
      case 'NEXT_BUFFER':
        if (this.buffers === 0)
          this.note(
            'Out-of-band buffer: pickle.loads needs a buffers= argument here, or it raises.',
          );
        return this.push({ t: 'buffer', index: this.buffers++, readonly: false });
      case 'READONLY_BUFFER': {
        const top = this.top();
        if (top.t === 'buffer') top.readonly = true;
        return;
      }
      case 'EMPTY_TUPLE':
        return this.push({ t: 'tuple', items: [] });
      case 'EMPTY_LIST':
        return this.push({ t: 'list', items: [], omitted: 0 });
      case 'EMPTY_DICT':
        return this.push(newDict());
      case 'EMPTY_SET':
        return this.push({ t: 'set', items: [], omitted: 0 });
      case 'TUPLE':
        return this.push({ t: 'tuple', items: this.popMark() });
      case 'TUPLE1':
      case 'TUPLE2':
      case 'TUPLE3': {
        const n = Number(op.name.slice(5));
        const items: Sym[] = [];
        for (let i = 0; i < n; i++) items.unshift(this.pop());
        return this.push({ t: 'tuple', items });
      }
      case 'LIST':
        return this.push(bagOf('list', this.popMark()));
      case 'FROZENSET':
        return this.push(bagOf('frozenset', this.popMark()));
      case 'DICT': {
        const dict = newDict();
        for (const [key, value] of this.pairs(this.popMark())) setEntry(dict, key, value);
        return this.push(dict);
      }
      case 'APPEND': {
        const value = this.pop();
        return this.extend(this.top(), [value], 'append');
      }
      case 'APPENDS': {
        const items = this.popMark();
        return this.extend(this.top(), items, 'extend');
      }
      case 'SETITEM': {
        const value = this.pop();
        const key = this.pop();
        return this.setItems(this.top(), [[key, value]]);
      }
      case 'SETITEMS': {
        const items = this.popMark();
        return this.setItems(this.top(), this.pairs(items));
      }
      case 'ADDITEMS': {
        const items = this.popMark();
        const target = this.top();
        if (target.t === 'set') addItems(target, items);
        else if (target.t === 'call')
          for (const item of items) this.methodCall(target, 'add', [item]);
        else throw new VmError('pickle/type', `ADDITEMS needs a set, not ${renderSym(target, 40)}`);
        return;
      }
      case 'GET':
      case 'BINGET':
      case 'LONG_BINGET': {
        const index = this.memoIndex();
        const sym = this.memo.get(index);
        if (!sym) throw new VmError('pickle/memo', `Memo value not found at index ${index}`);
        return this.push(sym);
      }
      case 'PUT':
      case 'BINPUT':
      case 'LONG_BINPUT':
        this.memo.set(this.memoIndex(), this.top());
        return;
      case 'MEMOIZE':
        this.memo.set(this.memo.size, this.top());
        return;
      case 'GLOBAL': {
        const [module, name] = op.lines!;
        return this.push(this.findClass(module, name));
      }
      case 'STACK_GLOBAL': {
        const name = this.pop();
        const module = this.pop();
        if (module.t === 'str' && name.t === 'str')
          return this.push(this.findClass(module.v, name.v));
        if (module.t === 'call' || name.t === 'call') {
          this.emit({
            kind: 'import',
            pos: op.pos,
            op: op.name,
            name: `${renderSym(module, 60)}.${renderSym(name, 60)}`,
            category: 'dangerous',
            reason: 'the name is computed while loading, so it could be anything',
            dynamic: true,
          });
          return this.push({
            t: 'global',
            module: renderSym(module, 60),
            name: renderSym(name, 60),
          });
        }
        throw new VmError('pickle/type', 'STACK_GLOBAL requires str');
      }
      case 'INST': {
        const [module, name] = op.lines!;
        const cls = this.findClass(module, name);
        return this.push(this.call(cls, this.popMark(), null, 'INST'));
      }
      case 'OBJ': {
        const items = this.popMark();
        const cls = items.shift();
        if (!cls) throw new VmError('pickle/stack-underflow', 'OBJ needs a class after the mark');
        return this.push(this.call(cls, items, null, 'OBJ'));
      }
      case 'REDUCE': {
        const args = this.pop();
        const fn = this.pop();
        return this.push(this.call(fn, this.argList(args), null, 'REDUCE'));
      }
      case 'NEWOBJ': {
        const args = this.pop();
        const cls = this.pop();
        return this.push(this.call(cls, this.argList(args), null, 'NEWOBJ'));
      }
      case 'NEWOBJ_EX': {
        const kwargs = this.pop();
        const args = this.pop();
        const cls = this.pop();
        const entries = kwargs.t === 'dict' ? kwargs.entries : [];
        return this.push(this.call(cls, this.argList(args), entries, 'NEWOBJ_EX'));
      }
      case 'BUILD': {
        const state = this.pop();
        return this.build(this.top(), state);
      }
      case 'PERSID':
      case 'BINPERSID': {
        const pid: Sym =
          op.name === 'PERSID' ? { t: 'str', v: arg?.kind === 'str' ? arg.value : '' } : this.pop();
        const sym: Sym = { t: 'persid', pid };
        this.emit({
          kind: 'call',
          pos: op.pos,
          op: op.name,
          callee: 'persistent_load',
          expr: renderSym(sym),
          category: 'other',
        });
        this.note(
          'Persistent id: the application’s persistent_load hook decides what this is; plain pickle.loads raises here.',
        );
        return this.push(sym);
      }
      case 'EXT1':
      case 'EXT2':
      case 'EXT4': {
        const code = Number(arg?.kind === 'int' ? arg.value : 0n);
        this.emit({
          kind: 'import',
          pos: op.pos,
          op: op.name,
          name: `<copyreg extension ${code}>`,
          category: 'other',
        });
        this.note(
          `Extension code ${code}: imports whatever global copyreg.add_extension registered under it (plain pickle.loads raises if none is).`,
        );
        return this.push({ t: 'ext', code });
      }
    }
    throw new VmError('pickle/unknown-opcode', `no handler for ${op.name}`);
  }

  argList(args: Sym): Sym[] {
    if (args.t === 'tuple' || args.t === 'list') return args.items;
    throw new VmError(
      'pickle/type',
      `${this.op.name} needs an argument tuple, not ${renderSym(args, 40)}`,
    );
  }

  pairs(items: Sym[]): [Sym, Sym][] {
    if (items.length % 2)
      throw new VmError('pickle/odd-items', `odd number of items for ${this.op.name}`);
    const out: [Sym, Sym][] = [];
    for (let i = 0; i < items.length; i += 2) out.push([items[i]!, items[i + 1]!]);
    return out;
  }

  extend(target: Sym, items: Sym[], method: string) {
    if (target.t === 'list') addItems(target, items);
    else if (target.t === 'call')
      this.methodCall(
        target,
        method,
        items.length === 1 && method === 'append' ? items : [bagOf('list', items)],
      );
    else
      throw new VmError(
        'pickle/type',
        `${this.op.name} needs a list, not ${renderSym(target, 40)}`,
      );
  }

  setItems(target: Sym, pairs: [Sym, Sym][]) {
    if (target.t === 'dict') {
      for (const [key, value] of pairs) setEntry(target, key, value);
    } else if (target.t === 'call') {
      for (const pair of pairs) this.methodCall(target, '__setitem__', pair);
    } else {
      throw new VmError(
        'pickle/type',
        `${this.op.name} needs a dict, not ${renderSym(target, 40)}`,
      );
    }
  }
}

/** A key's identity for dict updates, for the immutable constants where Python's equality is plain. */
function constantKey(sym: Sym): string | null {
  switch (sym.t) {
    case 'str':
      return `s${sym.v}`;
    case 'int':
      return `i${sym.v}`;
    case 'bool':
      return `i${sym.v ? 1 : 0}`;
    case 'none':
      return 'n';
    default:
      return null;
  }
}

// ---------------------------------------------------------------- the scan

function summarize(scan: Omit<ScanResult, 'summary'>): string[] {
  const lines: string[] = [];
  const calls = scan.events.filter((e) => e.kind === 'call');
  const dangerous = scan.events.filter(
    (e): e is Extract<LoadEvent, { kind: 'call' | 'import' }> =>
      e.kind !== 'note' && e.category === 'dangerous' && (e.kind === 'call' || e.dynamic === true),
  );
  if (scan.verdict === 'dangerous') {
    const first =
      dangerous[0] ?? calls.find((e) => e.kind === 'call' && e.category === 'dangerous');
    const what = first?.kind === 'call' ? first.expr : first?.name;
    lines.push(
      `Loading this pickle runs code: it calls ${what}${first?.reason ? ` (${first.reason})` : ''}. pickle.loads would do that with every right of the process that loads it — exactly as if you had passed the text to eval().`,
    );
  } else if (scan.verdict === 'calls') {
    lines.push(
      `Loading this pickle calls ${scan.calls.length === 1 ? 'one callable' : `${scan.calls.length} callables`} by name: ${scan.calls.slice(0, 6).join(', ')}${scan.calls.length > 6 ? ', …' : ''}. None is on the dangerous list, but pickle imports and calls whatever a pickle names, so only load it if you trust whoever made it.`,
    );
  } else if (scan.result !== null) {
    const constructors = calls.length > 0;
    lines.push(
      `Loading this pickle only builds data${constructors ? ' (through the constructors pickle itself uses for sets, bytes, dates and the like)' : ''}: ${scan.result}`,
    );
  } else {
    lines.push('This pickle calls nothing before it stops.');
  }
  if (scan.imports.length > 0 && scan.verdict === 'data')
    lines.push(
      `It imports ${scan.imports.slice(0, 6).join(', ')}${scan.imports.length > 6 ? ', …' : ''} without calling it. Importing a module runs that module’s top-level code, and the object is handed to your program.`,
    );
  if (scan.error) {
    const ran = calls.length > 0;
    lines.push(
      `pickle.loads would raise at byte ${scan.error.pos}: ${scan.error.message}${ran ? ' — but only after making the calls above.' : '.'}`,
    );
  }
  for (const note of new Set(scan.events.filter((e) => e.kind === 'note').map((e) => e.text)))
    lines.push(note);
  return lines;
}

export interface ScanOptions {
  /** Called for every opcode read (for the first rows of a table, counts and progress). */
  onOp?: (op: PickleOp) => void;
}

/**
 * Scans pickle bytes: reads the opcodes one by one (as pickletools.genops does) and runs the
 * symbolic machine over each, keeping none of them, so big pickles scan in bounded memory.
 */
export function scanPickle(data: Uint8Array, options: ScanOptions = {}): ScanResult {
  const vm = new Machine();
  let error: PickleError | null = null;
  let opsRead = 0;
  const reader = genops(data);
  let end: ReadEnd;
  for (;;) {
    const next = reader.next();
    if (next.done) {
      end = next.value;
      break;
    }
    const op = next.value;
    opsRead++;
    options.onOp?.(op);
    if (error) continue; // pickle.loads has stopped; keep reading only to count and list opcodes
    try {
      vm.step(op);
    } catch (e) {
      if (!(e instanceof VmError)) throw e;
      error = { code: e.code, message: `${op.name} at byte ${op.pos}: ${e.message}`, pos: op.pos };
    }
  }
  if (!error && end.error) error = end.error;
  const result = error ? undefined : vm.result;
  const partial = {
    verdict: vm.worst,
    calls: [...vm.calls],
    imports: [...vm.imports],
    events: vm.events,
    eventsDropped: vm.eventsDropped,
    result: result ? renderSym(result, RESULT_LIMIT) : null,
    error,
    protocol: vm.proto,
    opsRead,
    readEnd: end,
  };
  return { ...partial, summary: summarize(partial) };
}
