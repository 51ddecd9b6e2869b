/**
 * The JavaScript side of "loading is eval": JSON.parse only ever builds data, while eval() of a
 * "JSON" string runs whatever code is inside it; and a naive deep merge of parsed JSON lets a
 * "__proto__" key change Object.prototype, so every object in the program gains the attacker's
 * properties. These functions really do both; the lab calls them only inside the app's sandbox
 * (json.sandbox.ts), which is removed after every run.
 */

export const SAMPLE_EVAL_TEXT =
  '{"user": "alice", "theme": (globalThis.stolen = "code ran while parsing: " + typeof postMessage, "dark")}';

export const SAMPLE_MERGE_TEXT = '{"theme": "dark", "__proto__": {"isAdmin": true}}';
export const SAMPLE_MERGE_CONSTRUCTOR = '{"constructor": {"prototype": {"isAdmin": true}}}';

/** A value described for display (results may be functions, cycles or other non-JSON things). */
export function describeValue(value: unknown): string {
  if (typeof value === 'function') return `[function ${value.name || 'anonymous'}]`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === undefined) return 'undefined';
  try {
    const text = JSON.stringify(value);
    if (text !== undefined) return text.length > 400 ? text.slice(0, 400) + '…' : text;
  } catch {
    // falls through: cycles and the like
  }
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

export type ParseOutcome = { ok: true; value: string } | { ok: false; message: string };

export interface EvalDemo {
  jsonParse: ParseOutcome;
  eval: ParseOutcome;
  /** Globals the evaluated text created (names and values): proof that code ran. */
  newGlobals: { name: string; value: string }[];
}

/**
 * Parses the text with JSON.parse, then evaluates it as a JavaScript expression through
 * `evaluate` (the worker turns it into a blob: module, since the page's CSP has no 'unsafe-eval').
 */
export async function evalJsonDemo(
  text: string,
  evaluate: (expression: string) => Promise<unknown>,
  scope: object = globalThis,
): Promise<EvalDemo> {
  let jsonParse: ParseOutcome;
  try {
    jsonParse = { ok: true, value: describeValue(JSON.parse(text)) };
  } catch (error) {
    jsonParse = { ok: false, message: (error as Error).message };
  }
  const before = new Set(Object.getOwnPropertyNames(scope));
  let evaluated: ParseOutcome;
  try {
    evaluated = { ok: true, value: describeValue(await evaluate(text)) };
  } catch (error) {
    evaluated = { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  const newGlobals = Object.getOwnPropertyNames(scope)
    .filter((name) => !before.has(name))
    .map((name) => ({
      name,
      value: describeValue((scope as Record<string, unknown>)[name]),
    }));
  return { jsonParse, eval: evaluated, newGlobals };
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null;

/** Every property write a merge makes, so the demo can see where it wrote and undo it. */
interface Write {
  target: object;
  key: string;
  previous: PropertyDescriptor | undefined;
  /** Assigning to "__proto__" swaps the target's prototype: the old one, to put back. */
  prototype: object | null;
}
type Journal = Write[];

function write(target: Json, key: string, value: unknown, journal: Journal): void {
  journal.push({
    target,
    key,
    previous: Object.getOwnPropertyDescriptor(target, key),
    prototype: Object.getPrototypeOf(target) as object | null,
  });
  target[key] = value;
}

/** The classic deep merge: recurse wherever the target already has the key, else copy. */
export function naiveMerge(target: Json, source: Json, journal: Journal = []): Json {
  for (const key in source) {
    const value = source[key];
    const current = target[key];
    const canRecurse =
      (typeof current === 'object' && current !== null) || typeof current === 'function';
    if (isObject(value) && key in target && canRecurse) naiveMerge(current as Json, value, journal);
    else write(target, key, value, journal);
  }
  return target;
}

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** Fix 1: skip the keys that lead into prototypes, and recurse only into own properties. */
export function filteredMerge(target: Json, source: Json, journal: Journal = []): Json {
  for (const key of Object.keys(source)) {
    if (FORBIDDEN.has(key)) continue;
    const value = source[key];
    if (isObject(value) && Object.hasOwn(target, key) && isObject(target[key]))
      filteredMerge(target[key] as Json, value, journal);
    else write(target, key, value, journal);
  }
  return target;
}

/** Fix 2: merge into objects with no prototype at all, so "__proto__" is just a key. */
export function nullPrototypeMerge(target: Json, source: Json, journal: Journal = []): Json {
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (isObject(value)) {
      const into = Object.hasOwn(target, key) && isObject(target[key]) ? target[key] : null;
      const merged = nullPrototypeMerge(
        (into as Json | null) ?? (Object.create(null) as Json),
        value,
        journal,
      );
      write(target, key, merged, journal);
    } else {
      write(target, key, value, journal);
    }
  }
  return target;
}

const SHARED_NAMES = new Map<object, string>([
  [Object.prototype, 'Object.prototype'],
  [Object, 'Object'],
  [Function.prototype, 'Function.prototype'],
  [Function, 'Function'],
  [Array.prototype, 'Array.prototype'],
]);

function sharedName(target: object): string {
  const known = SHARED_NAMES.get(target);
  if (known) return known;
  if (typeof target === 'function') return `the built-in function ${target.name || '(anonymous)'}`;
  return 'a built-in object';
}

/** Objects that belong to this merge: the settings, the parsed input, and what the merge made. */
function collectLocal(value: unknown, into: WeakSet<object>): void {
  if (!isObject(value) || into.has(value)) return;
  into.add(value);
  for (const key of Object.keys(value)) collectLocal(value[key], into);
}

export const MERGE_STRATEGIES = [
  {
    id: 'parse',
    label: 'JSON.parse alone',
    code: 'const input = JSON.parse(text)',
    fix: true,
  },
  {
    id: 'naive',
    label: 'Naive deep merge',
    code: 'for (const key in src) key in dst && typeof src[key] === "object" ? merge(dst[key], src[key]) : (dst[key] = src[key])',
    fix: false,
  },
  {
    id: 'filtered',
    label: 'Merge that skips __proto__, constructor, prototype',
    code: 'if (key === "__proto__" || key === "constructor" || key === "prototype") continue',
    fix: true,
  },
  {
    id: 'null-prototype',
    label: 'Merge into Object.create(null)',
    code: 'const settings = merge(Object.create(null), input)',
    fix: true,
  },
  {
    id: 'clone',
    label: 'Copy, do not merge: structuredClone',
    code: 'const settings = { ...defaults, ...structuredClone(JSON.parse(text)) }',
    fix: true,
  },
] as const;
export type MergeStrategyId = (typeof MERGE_STRATEGIES)[number]['id'];

export interface MergeOutcome {
  id: MergeStrategyId;
  /**
   * Properties written on objects the whole program shares (Object.prototype above all): such a
   * write shows up on every object at once.
   */
  polluted: { target: string; name: string; value: string }[];
  /** What a brand-new, empty object literal shows for each name written on Object.prototype. */
  freshObject: string;
  /** The merged settings' own properties. */
  result: string;
}

export interface MergeDemo {
  parsedOwnKeys: string[];
  outcomes: MergeOutcome[];
}

/**
 * Runs each merge strategy on the parsed text and records every property it writes. Writes to
 * shared objects are the pollution; all of them are undone before the next strategy runs (and the
 * sandbox is thrown away afterwards anyway).
 */
export function mergeDemo(
  text: string,
): { ok: true; value: MergeDemo } | { ok: false; message: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `JSON.parse refused it: ${(error as Error).message}` };
  }
  if (!isObject(parsed) || Array.isArray(parsed))
    return {
      ok: false,
      message: 'Give a JSON object ({…}): that is what gets merged into the settings.',
    };
  const input = parsed;
  const outcomes: MergeOutcome[] = [];
  for (const strategy of MERGE_STRATEGIES) {
    const journal: Journal = [];
    const defaults: Json = { theme: 'light', language: 'en' };
    let result: Json = {};
    let error: string | null = null;
    try {
      switch (strategy.id) {
        case 'parse':
          result = JSON.parse(text) as Json;
          break;
        case 'naive':
          result = naiveMerge(defaults, input, journal);
          break;
        case 'filtered':
          result = filteredMerge(defaults, input, journal);
          break;
        case 'null-prototype':
          result = nullPrototypeMerge(
            Object.assign(Object.create(null) as Json, defaults),
            input,
            journal,
          );
          break;
        case 'clone':
          result = { ...defaults, ...structuredClone(input) };
          break;
      }
    } catch (thrown) {
      error = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : 'it threw';
    }
    let polluted: MergeOutcome['polluted'] = [];
    let freshObject = '';
    let own: string[] = [];
    // Whatever the analysis meets (a polluted toString makes String() throw), every write is
    // undone before anything else runs.
    try {
      const local = new WeakSet<object>();
      collectLocal(input, local);
      collectLocal(result, local);
      local.add(defaults);
      polluted = journal
        .filter((w) => !local.has(w.target))
        .map((w) => ({
          target: sharedName(w.target),
          name: w.key,
          value: describeValue((w.target as Json)[w.key]),
        }));
      const fresh: Json = {};
      const onPrototype = polluted.filter((p) => p.target === 'Object.prototype');
      freshObject = onPrototype.length
        ? onPrototype.map((p) => `({}).${p.name} → ${describeValue(fresh[p.name])}`).join(', ')
        : '({}) has no extra properties';
      own = Object.keys(result).map(
        (key) => `${JSON.stringify(key)}: ${describeValue(result[key])}`,
      );
    } catch (thrown) {
      error ??= thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : 'it threw';
    } finally {
      // Undo every write, newest first.
      for (const w of journal.reverse()) {
        try {
          if (w.previous) Object.defineProperty(w.target, w.key, w.previous);
          else delete (w.target as Json)[w.key];
          if (Object.getPrototypeOf(w.target) !== w.prototype)
            Object.setPrototypeOf(w.target, w.prototype);
        } catch {
          // A write that failed left nothing to undo.
        }
      }
    }
    outcomes.push({
      id: strategy.id,
      polluted,
      freshObject,
      result: error ? `(the merge threw ${error})` : `{${own.join(', ')}}`,
    });
  }
  return { ok: true, value: { parsedOwnKeys: Object.keys(input), outcomes } };
}
