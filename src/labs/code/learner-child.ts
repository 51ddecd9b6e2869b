/**
 * The learner's module inside the CLI's isolated child (mode `learner`, see src/cli/isolated/):
 * it loads the compiled module, then answers the battery's questions in batches. The battery runs
 * in the CLI's process; it asks for many calls per message, so a round trip costs little next to
 * the attack, and it asks the child to time `verify` itself, with a clock taken before the module
 * loaded, because a round trip per call would drown the difference being measured.
 *
 * Requests (payloads are JSON; a value the learner gets is {s: string} or {b: hex bytes}):
 * - `load` {code}: the module text compileLearnerCode made → {exports: ['sign', …]}, or an error
 *   with the code pickExports or the load gave (module/threw, module/no-exports…).
 * - `calls` {calls: [{fn, args}]} → {results: [CallResult…]}: each call in order.
 * - `time-verify` {secret, message, purpose, guesses, schedule, batch} → {samples, accepted}: for
 *   each index in `schedule`, `batch` calls of verify(secret, message, guesses[index], purpose),
 *   timed together (ms per batch; a throw counts as a rejection, as attack-timing.ts does).
 * - `tokens` {count, budgetMs, minCount, mathRandom?, pythonState?} → {tokens, stopped, counts}:
 *   makeToken up to `count` times (at least `minCount`, then while `budgetMs` lasts), counting the
 *   draws from Math.random, Python's random and crypto.getRandomValues; with `mathRandom` (numbers)
 *   Math.random returns them in order and then throws, and with `pythonState` ({state: 624 words,
 *   index}) Python's random runs from that state, as the token attack's prediction needs.
 *
 * A CallResult is {ok: true, value: Encoded} or {ok: false, threw: "Name: message"} or
 * {ok: false, promise: true}; Encoded is {t: 'string', v} | {t: 'bytes', hex} | {t: 'number', v}
 * | {t: 'bigint', v} | {t: 'boolean', v} | {t: 'undefined'} | {t: 'null'} | {t: 'other', what}.
 * The counts are taken in the learner's own realm, where its code could hide a draw from them; the
 * prediction itself is checked against the tokens makeToken really returns.
 */
import {
  apply,
  bytesLength,
  bytesToHex,
  ChildError,
  hasOwn,
  hexToBytes,
  isArray,
  isUint8Array,
  jsonNumber,
  jsonObject,
  jsonString,
  JsonList,
  now,
  stringSlice,
  type ChildHandler,
  type Json,
} from '../../cli/isolated/harness';
import { PythonRandom } from '../randomness/core/predictors';
import { importRefusal } from './core/compile';
import { learnerGlobals, PythonRandomModule } from './core/learner-api';
import { pickExports, type LearnerModule } from './core/learner';
import { MAX_THROWN_CHARS, MAX_VALUE_CHARS } from './learner-wire';

/** Longest answer the child sends (the CLI drops longer lines). */
const MAX_ANSWER_CHARS = 4 * 1024 * 1024;
const MAX_CALLS = 100_000;

const FUNCTIONS = ['sign', 'verify', 'makeToken'] as const;
type FunctionName = (typeof FUNCTIONS)[number];

const ObjectDefineProperty = Object.defineProperty;
const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
const Uint32ArrayFrom = Uint32Array.from.bind(Uint32Array);
const MathObject = Math;
const isSafeInteger = Number.isSafeInteger;
const ErrorConstructor = Error;
const cryptoObject = crypto;

function field(payload: unknown, name: string): unknown {
  return typeof payload === 'object' && payload !== null && hasOwn(payload, name)
    ? (payload as Record<string, unknown>)[name]
    : undefined;
}

function bad(what: string): never {
  throw new ChildError('child/bad-request', what);
}

/** A value the CLI sent for the learner: {s} a string, {b} bytes in hex. */
function decodeArg(value: unknown): string | Uint8Array {
  const s = field(value, 's');
  if (typeof s === 'string') return s;
  const b = field(value, 'b');
  const bytes = typeof b === 'string' ? hexToBytes(b) : null;
  if (bytes) return bytes;
  return bad('an argument is neither {s} nor {b}');
}

function text(value: unknown): string {
  try {
    if (typeof value === 'string') return stringSlice(value, 0, 500);
    if (typeof value === 'symbol') return 'a symbol';
    if (typeof value !== 'object' && typeof value !== 'function') return '' + (value as string);
    return typeof value === 'function' ? 'a function' : 'an object';
  } catch {
    return '?';
  }
}

/** "Name: message" for whatever a learner's function threw (its getters may throw too). */
function thrownText(error: unknown): string {
  let full: string;
  try {
    full =
      error instanceof ErrorConstructor
        ? `${text(error.name)}: ${text(error.message)}`
        : text(error);
  } catch {
    full = 'an error whose name or message could not be read';
  }
  return stringSlice(full, 0, MAX_THROWN_CHARS);
}

export function encodeValue(value: unknown): Json {
  switch (typeof value) {
    case 'string':
      return value.length <= MAX_VALUE_CHARS
        ? jsonObject([
            ['t', jsonString('string')],
            ['v', jsonString(value)],
          ])
        : jsonObject([
            ['t', jsonString('other')],
            ['what', jsonString(`a string of ${value.length} characters`)],
          ]);
    case 'number':
      return jsonObject([
        ['t', jsonString('number')],
        ['v', jsonString('' + value)],
      ]);
    case 'bigint':
      return jsonObject([
        ['t', jsonString('bigint')],
        ['v', jsonString('' + value)],
      ]);
    case 'boolean':
      return jsonObject([
        ['t', jsonString('boolean')],
        ['v', (value ? 'true' : 'false') as Json],
      ]);
    case 'undefined':
      return jsonObject([['t', jsonString('undefined')]]);
  }
  if (value === null) return jsonObject([['t', jsonString('null')]]);
  if (isUint8Array(value) && bytesLength(value) <= MAX_VALUE_CHARS / 2)
    return jsonObject([
      ['t', jsonString('bytes')],
      ['hex', jsonString(bytesToHex(value))],
    ]);
  const what = isUint8Array(value)
    ? `a Uint8Array of ${bytesLength(value)} bytes`
    : isArray(value)
      ? 'an array'
      : typeof value === 'function'
        ? 'a function'
        : typeof value === 'symbol'
          ? 'a symbol'
          : 'an object';
  return jsonObject([
    ['t', jsonString('other')],
    ['what', jsonString(what)],
  ]);
}

function isThenable(value: unknown): boolean {
  try {
    return (
      (typeof value === 'object' || typeof value === 'function') &&
      value !== null &&
      typeof (value as { then?: unknown }).then === 'function'
    );
  } catch {
    return false;
  }
}

type Outcome = { ok: true; value: unknown } | { ok: false; json: Json };

function call(fn: unknown, args: unknown[]): Outcome {
  let value: unknown;
  try {
    value = apply(fn as (...a: unknown[]) => unknown, undefined, args);
  } catch (error) {
    return {
      ok: false,
      json: jsonObject([
        ['ok', 'false' as Json],
        ['threw', jsonString(thrownText(error))],
      ]),
    };
  }
  if (isThenable(value))
    return {
      ok: false,
      json: jsonObject([
        ['ok', 'false' as Json],
        ['promise', 'true' as Json],
      ]),
    };
  return { ok: true, value };
}

function resultJson(outcome: Outcome): Json {
  return outcome.ok
    ? jsonObject([
        ['ok', 'true' as Json],
        ['value', encodeValue(outcome.value)],
      ])
    : outcome.json;
}

function checkSize(list: JsonList): void {
  if (list.json().length > MAX_ANSWER_CHARS)
    throw new ChildError('child/too-large', 'the answers would be too large to send');
}

/** Runs `run` with `object[name]` wrapped to count calls; null when it cannot be wrapped. */
function counting(object: object, name: string, run: () => void): number | null {
  const own = ObjectGetOwnPropertyDescriptor(object, name);
  const original = (object as Record<string, unknown>)[name];
  if (typeof original !== 'function') {
    run();
    return null;
  }
  let calls = 0;
  let wrapped: boolean;
  try {
    ObjectDefineProperty(object, name, {
      __proto__: null,
      value: function (this: unknown, ...args: unknown[]) {
        calls++;
        return apply(original as (...a: unknown[]) => unknown, this, args);
      },
      configurable: true,
      writable: true,
    } as PropertyDescriptor);
    wrapped = (object as Record<string, unknown>)[name] !== original;
  } catch {
    wrapped = false; // Node's crypto.getRandomValues cannot be redefined.
  }
  try {
    run();
  } finally {
    if (wrapped && own) ObjectDefineProperty(object, name, own);
  }
  return wrapped ? calls : null;
}

export function learnerHandler(): ChildHandler {
  const random = new PythonRandomModule();
  let learner: LearnerModule | null = null;

  function fn(name: unknown): unknown {
    if (!learner) throw new ChildError('child/not-loaded', 'no module is loaded');
    for (let i = 0; i < FUNCTIONS.length; i++)
      if (FUNCTIONS[i] === name) {
        const value = learner[name as FunctionName];
        if (typeof value === 'function') return value;
        throw new ChildError('child/no-function', `the module exports no ${name as string}`);
      }
    return bad('unknown function');
  }

  async function load(payload: unknown): Promise<Json> {
    if (learner) return bad('a module is already loaded');
    const code = field(payload, 'code');
    if (typeof code !== 'string') return bad('no code');
    const globals = learnerGlobals(random) as Record<string, unknown>;
    for (const name of Object.keys(globals))
      ObjectDefineProperty(globalThis, name, {
        value: globals[name],
        writable: true,
        configurable: true,
      });
    const url = `data:text/javascript;base64,${Buffer.from(code, 'utf8').toString('base64')}`;
    const module = (await import(/* @vite-ignore */ url)) as {
      default: (exports: Record<string, unknown>, require: (name: unknown) => never) => unknown;
    };
    const exports: Record<string, unknown> = {};
    try {
      await module.default(exports, (name) => {
        throw new Error(importRefusal(name));
      });
    } catch (error) {
      throw new ChildError('module/threw', `The module threw while loading: ${thrownText(error)}`);
    }
    const own: Record<string, unknown> = {};
    for (let i = 0; i < FUNCTIONS.length; i++) {
      const name = FUNCTIONS[i]!;
      if (hasOwn(exports, name)) own[name] = exports[name];
    }
    const picked = pickExports(own);
    if (!picked.ok) throw new ChildError(picked.error.code, picked.error.message);
    learner = picked.value;
    const names = new JsonList();
    for (let i = 0; i < FUNCTIONS.length; i++)
      if (learner[FUNCTIONS[i]!]) names.add(jsonString(FUNCTIONS[i]!));
    return jsonObject([['exports', names.json()]]);
  }

  function calls(payload: unknown): Json {
    const list = field(payload, 'calls');
    if (!isArray(list) || list.length > MAX_CALLS) return bad('calls must be a list');
    const results = new JsonList();
    for (let i = 0; i < list.length; i++) {
      const request = list[i];
      const target = fn(field(request, 'fn'));
      const rawArgs = field(request, 'args') ?? [];
      if (!isArray(rawArgs) || rawArgs.length > 8) return bad('args must be a short list');
      const args: unknown[] = [];
      for (let j = 0; j < rawArgs.length; j++)
        ObjectDefineProperty(args, j, {
          __proto__: null,
          value: decodeArg(rawArgs[j]),
          writable: true,
          enumerable: true,
          configurable: true,
        } as PropertyDescriptor);
      results.add(resultJson(call(target, args)));
      if (i % 64 === 63) checkSize(results);
    }
    checkSize(results);
    return jsonObject([['results', results.json()]]);
  }

  function timeVerify(payload: unknown): Json {
    const verify = fn('verify');
    const secret = decodeArg(field(payload, 'secret'));
    const message = decodeArg(field(payload, 'message'));
    const purpose = decodeArg(field(payload, 'purpose'));
    const guessList = field(payload, 'guesses');
    const schedule = field(payload, 'schedule');
    const batch = field(payload, 'batch');
    if (!isArray(guessList) || guessList.length > 256) return bad('guesses must be a short list');
    if (!isArray(schedule) || schedule.length > MAX_CALLS) return bad('schedule must be a list');
    if (typeof batch !== 'number' || !isSafeInteger(batch) || batch < 1 || batch > 1 << 22)
      return bad('batch must be a whole number from 1 to 4194304');
    const argLists: unknown[][] = [];
    for (let i = 0; i < guessList.length; i++)
      ObjectDefineProperty(argLists, i, {
        __proto__: null,
        value: [secret, message, decodeArg(guessList[i]), purpose],
        writable: true,
        enumerable: true,
        configurable: true,
      } as PropertyDescriptor);
    const samples = new JsonList();
    let accepted = 0;
    for (let i = 0; i < schedule.length; i++) {
      const index = schedule[i];
      if (typeof index !== 'number' || !(index >= 0 && index < guessList.length))
        return bad('a schedule entry names no guess');
      const args = argLists[index]!;
      const start = now();
      for (let k = 0; k < batch; k++) {
        try {
          if (apply(verify as (...a: unknown[]) => unknown, undefined, args)) accepted++;
        } catch {
          // A throw is a rejection, as an application that catches it would see it.
        }
      }
      samples.add(jsonNumber(now() - start));
    }
    return jsonObject([
      ['samples', samples.json()],
      ['accepted', jsonNumber(accepted)],
    ]);
  }

  function tokens(payload: unknown): Json {
    const makeToken = fn('makeToken');
    const count = field(payload, 'count');
    const minCount = field(payload, 'minCount') ?? 0;
    const budgetMs = field(payload, 'budgetMs') ?? Infinity;
    const mathValues = field(payload, 'mathRandom');
    const pythonState = field(payload, 'pythonState');
    if (typeof count !== 'number' || !isSafeInteger(count) || count < 0 || count > MAX_CALLS)
      return bad('count must be a whole number');
    if (typeof minCount !== 'number' || typeof budgetMs !== 'number')
      return bad('minCount and budgetMs must be numbers');
    if (mathValues !== undefined && (!isArray(mathValues) || mathValues.length > MAX_CALLS))
      return bad('mathRandom must be a list of numbers');

    const out = new JsonList();
    let stopped: Json = 'null' as Json;
    let exhausted = false;
    const collect = () => {
      const start = now();
      while (out.count < count && (out.count < minCount || now() - start < budgetMs)) {
        const outcome = call(makeToken, []);
        if (!outcome.ok) {
          stopped = outcome.json;
          return;
        }
        out.add(encodeValue(outcome.value));
      }
    };
    const withMath = (run: () => void) => {
      if (!mathValues) return run();
      const values = mathValues as unknown[];
      let next = 0;
      const real = MathObject.random;
      MathObject.random = () => {
        if (next >= values.length) {
          exhausted = true;
          throw new Error('no more predicted values');
        }
        const value = values[next++];
        return typeof value === 'number' ? value : NaN;
      };
      try {
        run();
      } finally {
        MathObject.random = real;
      }
    };
    const withPython = (run: () => void) => {
      if (pythonState === undefined) return run();
      const words = field(pythonState, 'state');
      const index = field(pythonState, 'index');
      if (!isArray(words) || words.length !== 624 || typeof index !== 'number')
        return bad('pythonState must be {state: 624 words, index}');
      random.withGenerator(PythonRandom.fromState(Uint32ArrayFrom(words as number[]), index), run);
    };

    const pythonBefore = random.calls;
    let mathCalls: number | null = null;
    const cryptoCalls = counting(cryptoObject, 'getRandomValues', () => {
      mathCalls = counting(MathObject, 'random', () => withMath(() => withPython(collect)));
    });
    checkSize(out);
    return jsonObject([
      ['tokens', out.json()],
      ['stopped', stopped],
      ['exhausted', (exhausted ? 'true' : 'false') as Json],
      [
        'counts',
        jsonObject([
          ['mathRandom', mathCalls === null ? ('null' as Json) : jsonNumber(mathCalls)],
          ['pythonRandom', jsonNumber(random.calls - pythonBefore)],
          ['getRandomValues', cryptoCalls === null ? ('null' as Json) : jsonNumber(cryptoCalls)],
        ]),
      ],
    ]);
  }

  return {
    handle(op, payload) {
      switch (op) {
        case 'load':
          return load(payload);
        case 'calls':
          return calls(payload);
        case 'time-verify':
          return timeVerify(payload);
        case 'tokens':
          return tokens(payload);
        default:
          throw new ChildError('child/op', `unknown request "${op}"`);
      }
    },
  };
}
