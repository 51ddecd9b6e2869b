/**
 * The harness: what runs next to the learner's module, in the same realm, and answers the
 * battery's requests (learner-protocol.ts) by calling the module. In the browser it runs inside
 * the sandbox (learner.sandbox.ts); for `code-attack --file` in the CLI's isolated child
 * (learner-child.ts); in tests and for the CLI's presets in the same process (remote-learner.ts,
 * inProcessLearner).
 *
 * It decides nothing: it calls sign, verify and makeToken, times verify, counts which generators
 * makeToken draws from, and sends back what came out, copied and bounded. The verdicts are made by
 * the battery, elsewhere, from those answers.
 *
 * The module shares this realm and may have patched any built-in before the harness runs a
 * request (Array.prototype.push, JSON, Object.prototype, Reflect, Math…). So the harness uses only
 * what it took when it was loaded, before the module was: the functions below, captured at module
 * evaluation. It reads only own properties of the requests (they come from the battery, built from
 * plain data), builds answers from object literals (own data properties, which structured clone
 * reads without calling a getter), and checks the module's values by internal brand, not by
 * `instanceof` (which a patched Symbol.hasInstance answers). What it cannot stop: the module
 * behaving differently when it is being attacked, or distorting its own timings and call counts.
 */
import { MT_N, PythonRandom } from '../../randomness/core';
import { PythonRandomModule } from './learner-api';
import type { LearnerModule } from './learner';
import {
  LEARNER_LIMITS,
  type LearnerExports,
  type Misbehaviour,
  type SignAnswer,
  type TagValue,
  type TokenBatch,
  type TokenCalls,
  type TokenReplay,
  type TokenValue,
  type ValueSummary,
  type VerifyAnswer,
} from './learner-protocol';
import { calibrateTiming, sampleTiming, type GuessCall } from './timing';

// ---- Taken before the module loads ------------------------------------------------------------

const apply = Reflect.apply;
const defineProperty = Object.defineProperty;
const getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
const hasOwn = Object.hasOwn;
const isArray = Array.isArray;
const StringOf = String;
const stringSlice = String.prototype.slice;
const ErrorConstructor = Error;
const TypeErrorConstructor = TypeError;
const Uint8ArrayConstructor = Uint8Array;
const Uint32ArrayConstructor = Uint32Array;
const MathObject = Math;
const floor = Math.floor;
const max = Math.max;
const cryptoObject = globalThis.crypto;
const pythonCalls = getOwnPropertyDescriptor(PythonRandomModule.prototype, 'calls')!.get!;
const withPythonGenerator = PythonRandomModule.prototype.withGenerator;
const typedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype) as object;
const typedArrayTag = getOwnPropertyDescriptor(typedArrayPrototype, Symbol.toStringTag)!.get!;
const typedArrayLength = getOwnPropertyDescriptor(typedArrayPrototype, 'length')!.get!;
const nextUint32 = PythonRandom.prototype.nextUint32;

const typeOf = (value: unknown): string => typeof value;

/** The value's typed-array brand (`'Uint8Array'`…) or undefined; no getter of the value runs. */
function brand(value: unknown): unknown {
  return apply(typedArrayTag, value, []);
}

function isBytes(value: unknown): value is Uint8Array {
  return brand(value) === 'Uint8Array';
}

function byteLength(value: Uint8Array): number {
  return apply(typedArrayLength, value, []) as number;
}

/** A copy of just the bytes the view shows (not the whole buffer behind it), as a plain Uint8Array. */
function copyBytes(value: Uint8Array): Uint8Array {
  return new Uint8ArrayConstructor(value);
}

/** Sets `list[index]` as an own property, defined rather than assigned: no setter on a prototype runs. */
function own<T>(list: T[], index: number, value: T): void {
  defineProperty(list, index, { value, enumerable: true, writable: true, configurable: true });
}

function clip(text: string, max: number = LEARNER_LIMITS.text): string {
  return text.length > max ? (apply(stringSlice, text, [0, max]) as string) : text;
}

function safeString(value: unknown): string {
  try {
    const text = StringOf(value);
    return typeOf(text) === 'string' ? text : '(a value that cannot be shown)';
  } catch {
    return '(a value that cannot be shown)';
  }
}

/** A value described for a message, without keeping it or calling anything on it but String(). */
export function summarizeValue(value: unknown): ValueSummary {
  const type = typeOf(value);
  if (value === null) return { type: 'null' };
  if (type === 'string') {
    const text = value as string;
    return { type: 'string', text: clip(text, 40), length: text.length };
  }
  if (type === 'number' || type === 'boolean' || type === 'bigint')
    return { type: type as 'number', text: clip(safeString(value), 40) };
  if (type === 'undefined' || type === 'symbol' || type === 'function')
    return { type: type as 'undefined' };
  if (isBytes(value)) return { type: 'uint8array', length: byteLength(value) };
  if (isArray(value)) return { type: 'array' };
  return { type: 'object' };
}

function threw(error: unknown): Misbehaviour {
  if (typeOf(error) === 'object' && error !== null) {
    try {
      const name: unknown = (error as { name?: unknown }).name;
      const message: unknown = (error as { message?: unknown }).message;
      if (typeOf(name) === 'string' && typeOf(message) === 'string')
        return { kind: 'threw', text: clip(`${name as string}: ${message as string}`) };
    } catch {
      // Fall back to String(error).
    }
  }
  return { kind: 'threw', text: clip(safeString(error)) };
}

function isThenable(value: unknown): boolean {
  const type = typeOf(value);
  if ((type !== 'object' && type !== 'function') || value === null) return false;
  try {
    return typeOf((value as { then?: unknown }).then) === 'function';
  } catch {
    return false;
  }
}

type Outcome = { value: unknown } | { problem: Misbehaviour };

/** An own `problem` (`'problem' in x` would also find one the module put on Object.prototype). */
function isProblem<T extends object>(
  outcome: T | { problem: Misbehaviour },
): outcome is { problem: Misbehaviour } {
  return hasOwn(outcome, 'problem');
}

/** Calls a learner function; a throw or a Promise becomes a problem. */
function call(fn: unknown, args: unknown[]): Outcome {
  let value: unknown;
  try {
    value = apply(fn as (...a: unknown[]) => unknown, undefined, args);
  } catch (error) {
    return { problem: threw(error) };
  }
  if (isThenable(value)) return { problem: { kind: 'promise' } };
  return { value };
}

function asTag(value: unknown): SignAnswer {
  if (typeOf(value) === 'string') {
    const tag = value as string;
    return tag.length <= LEARNER_LIMITS.tagLength
      ? { tag }
      : { problem: { kind: 'too-long', length: tag.length, limit: LEARNER_LIMITS.tagLength } };
  }
  if (isBytes(value)) {
    const length = byteLength(value);
    return length <= LEARNER_LIMITS.tagLength
      ? { tag: copyBytes(value) }
      : { problem: { kind: 'too-long', length, limit: LEARNER_LIMITS.tagLength } };
  }
  return { problem: { kind: 'value', value: summarizeValue(value) } };
}

/** A token as it may cross: a string, number, bigint or bytes, within the length limit. */
function asToken(value: unknown): { token: TokenValue } | { problem: Misbehaviour } {
  const limit = LEARNER_LIMITS.tokenLength;
  const type = typeOf(value);
  if (type === 'string' || type === 'bigint') {
    const length = type === 'string' ? (value as string).length : safeString(value).length;
    return length <= limit
      ? { token: value as string }
      : { problem: { kind: 'too-long', length, limit } };
  }
  if (type === 'number') return { token: value as number };
  if (isBytes(value)) {
    const length = byteLength(value);
    return length <= limit
      ? { token: copyBytes(value) }
      : { problem: { kind: 'too-long', length, limit } };
  }
  return { problem: { kind: 'value', value: summarizeValue(value) } };
}

// ---- Reading requests -------------------------------------------------------------------------

function field(payload: unknown, key: string): unknown {
  if (typeOf(payload) !== 'object' || payload === null || !hasOwn(payload as object, key))
    return undefined;
  return (payload as Record<string, unknown>)[key];
}

function text(payload: unknown, key: string): string {
  const value = field(payload, key);
  if (typeOf(value) !== 'string') throw new TypeErrorConstructor(`The request has no ${key}.`);
  return value as string;
}

function count(payload: unknown, key: string, max: number): number {
  const value = field(payload, key);
  if (typeOf(value) !== 'number' || !((value as number) >= 0 && (value as number) <= max))
    throw new TypeErrorConstructor(`The request's ${key} is out of range.`);
  return floor(value as number);
}

function list(payload: unknown, key: string, max: number): unknown[] {
  const value = field(payload, key);
  if (!isArray(value) || value.length > max)
    throw new TypeErrorConstructor(`The request's ${key} is not a list of at most ${max}.`);
  return value;
}

function tagOf(value: unknown): TagValue {
  if (typeOf(value) === 'string' || isBytes(value)) return value as TagValue;
  throw new TypeErrorConstructor('The request holds a tag that is neither a string nor bytes.');
}

// ---- Counting and replacing generators --------------------------------------------------------

/** Counts calls to `object[name]` while `run` runs; null if the property cannot be wrapped. */
function counting<T>(
  object: object,
  name: string,
  run: () => T,
): { result: T; calls: number | null } {
  const own = getOwnPropertyDescriptor(object, name);
  const original = (object as Record<string, unknown>)[name];
  let calls = 0;
  let wrapped = false;
  if (typeOf(original) === 'function') {
    try {
      defineProperty(object, name, {
        value: function counted(...args: unknown[]) {
          calls++;
          return apply(original as (...a: unknown[]) => unknown, object, args);
        },
        configurable: true,
        writable: true,
      });
      wrapped = (object as Record<string, unknown>)[name] !== original;
    } catch {
      wrapped = false; // Node's crypto.getRandomValues cannot be redefined: count nothing.
    }
  }
  try {
    return { result: run(), calls: wrapped ? calls : null };
  } finally {
    if (wrapped) {
      if (own) defineProperty(object, name, own);
      else delete (object as Record<string, unknown>)[name];
    }
  }
}

// ---- The harness ------------------------------------------------------------------------------

export interface HarnessEnv {
  /** The clock for timing (performance.now inside the sandbox; a fake clock in the tests). */
  now: () => number;
  /** Python's `random` as the module sees it (the harness counts its calls and swaps its generator). */
  random: PythonRandomModule;
}

/** Which functions the module exports, and sign's declared parameter count. */
export function describeExports(module: LearnerModule): LearnerExports {
  let signArity = 0;
  try {
    const length: unknown = module.sign?.length;
    if (typeOf(length) === 'number' && (length as number) >= 0 && (length as number) <= 1000)
      signArity = floor(length as number);
  } catch {
    signArity = 0;
  }
  return {
    sign: typeOf(module.sign) === 'function',
    verify: typeOf(module.verify) === 'function',
    makeToken: typeOf(module.makeToken) === 'function',
    signArity,
  };
}

export type Harness = (op: string, payload: unknown) => unknown;

/** The harness for one loaded module: a function from a request to its answer (synchronous). */
export function createLearnerHarness(module: LearnerModule, env: HarnessEnv): Harness {
  const { sign, verify, makeToken } = module;
  const { now, random } = env;
  let timing: { call: GuessCall; guesses: TagValue[] } | null = null;

  function need(fn: unknown, name: string): void {
    if (typeOf(fn) !== 'function')
      throw new TypeErrorConstructor(`The module exports no ${name} function.`);
  }

  function signAll(payload: unknown): SignAnswer[] {
    need(sign, 'sign');
    const secret = text(payload, 'secret');
    const calls = list(payload, 'calls', LEARNER_LIMITS.batch);
    const out: SignAnswer[] = [];
    for (let i = 0; i < calls.length; i++) {
      const outcome = call(sign, [secret, text(calls[i], 'message'), text(calls[i], 'purpose')]);
      // Own index properties, defined rather than assigned: no setter on Array.prototype runs.
      own(out, i, isProblem(outcome) ? { problem: outcome.problem } : asTag(outcome.value));
    }
    return out;
  }

  function verifyAll(payload: unknown): VerifyAnswer[] {
    need(verify, 'verify');
    const secret = text(payload, 'secret');
    const calls = list(payload, 'calls', LEARNER_LIMITS.batch);
    const out: VerifyAnswer[] = [];
    for (let i = 0; i < calls.length; i++) {
      const entry = calls[i];
      const outcome = call(verify, [
        secret,
        text(entry, 'message'),
        tagOf(field(entry, 'tag')),
        text(entry, 'purpose'),
      ]);
      let answer: VerifyAnswer;
      if (isProblem(outcome)) answer = { accepted: false, problem: outcome.problem };
      else if (typeOf(outcome.value) === 'boolean') answer = { accepted: outcome.value as boolean };
      else
        answer = {
          accepted: !!outcome.value,
          problem: { kind: 'value', value: summarizeValue(outcome.value) },
        };
      own(out, i, answer);
    }
    return out;
  }

  function startTiming(payload: unknown) {
    need(verify, 'verify');
    const secret = text(payload, 'secret');
    const message = text(payload, 'message');
    const purpose = text(payload, 'purpose');
    const listed = list(payload, 'guesses', 4096);
    const guesses: TagValue[] = [];
    for (let i = 0; i < listed.length; i++) own(guesses, i, tagOf(listed[i]));
    if (guesses.length === 0) throw new TypeErrorConstructor('The request has no guesses.');
    const minBatch = field(payload, 'minBatchMs');
    const timed: GuessCall = (guess) => {
      try {
        apply(verify!, undefined, [secret, message, guess, purpose]);
      } catch {
        // Only the time counts.
      }
    };
    timing = { call: timed, guesses };
    return calibrateTiming(
      timed,
      guesses,
      now,
      typeOf(minBatch) === 'number' ? (minBatch as number) : null,
    );
  }

  function sample(payload: unknown): Float64Array {
    if (!timing) throw new ErrorConstructor('Timing was not started.');
    const visits = list(payload, 'visits', LEARNER_LIMITS.visits);
    const size = count(payload, 'batchSize', LEARNER_LIMITS.batchSize);
    const indexes: number[] = [];
    for (let v = 0; v < visits.length; v++) {
      const index = visits[v];
      if (
        typeOf(index) !== 'number' ||
        !((index as number) >= 0) ||
        (index as number) >= timing.guesses.length
      )
        throw new TypeErrorConstructor('A timing visit is out of range.');
      own(indexes, v, index as number);
    }
    return sampleTiming(timing.call, timing.guesses, indexes, max(1, size), now);
  }

  /** makeToken until `limit` tokens, a problem, or `more()` says stop. */
  function tokens(limit: number, more: (collected: number) => boolean): TokenReplay {
    need(makeToken, 'makeToken');
    const out: TokenValue[] = [];
    let problem: Misbehaviour | null = null;
    for (let n = 0; n < limit && more(n); n++) {
      const outcome = call(makeToken, []);
      const checked = isProblem(outcome) ? outcome : asToken(outcome.value);
      if (isProblem(checked)) {
        problem = checked.problem;
        break;
      }
      own(out, n, checked.token);
    }
    return { tokens: out, problem };
  }

  function collect(payload: unknown): TokenBatch {
    const wanted = count(payload, 'count', LEARNER_LIMITS.tokens);
    const minCount = count(payload, 'minCount', LEARNER_LIMITS.tokens);
    const budgetMs = count(payload, 'budgetMs', 3_600_000);
    const pythonBefore = apply(pythonCalls, random, []) as number;
    let mathRandom = 0;
    const start = now();
    const { result, calls: getRandomValues } = counting(cryptoObject, 'getRandomValues', () => {
      const inner = counting(MathObject, 'random', () =>
        tokens(wanted, (n) => n < minCount || now() - start < budgetMs),
      );
      mathRandom = inner.calls ?? 0;
      return inner.result;
    });
    const calls: TokenCalls = {
      mathRandom,
      pythonRandom: max(0, (apply(pythonCalls, random, []) as number) - pythonBefore),
      getRandomValues,
    };
    return { tokens: result.tokens, problem: result.problem, calls };
  }

  function replay(payload: unknown): TokenReplay {
    const wanted = count(payload, 'count', LEARNER_LIMITS.tokens);
    const source = field(payload, 'source');
    const kind = field(source, 'kind');
    if (kind === 'python') {
      const words = list(source, 'stateWords', MT_N);
      if (words.length !== MT_N) throw new TypeErrorConstructor('The state needs 624 words.');
      const state = new Uint32ArrayConstructor(MT_N);
      for (let i = 0; i < MT_N; i++) state[i] = words[i] as number;
      const generator = PythonRandom.fromState(state, MT_N);
      const skip = count(source, 'skip', 1 << 24);
      for (let i = 0; i < skip; i++) apply(nextUint32, generator, []);
      return apply(withPythonGenerator, random, [
        generator,
        () => tokens(wanted, () => true),
      ]) as TokenReplay;
    }
    if (kind === 'math-random') {
      const values = list(source, 'values', LEARNER_LIMITS.tokens * 64);
      return withMathRandom(values as number[], (exhausted) => {
        const result = tokens(wanted, () => !exhausted());
        // Running out of predicted values ends the replay; it is not the module's fault.
        return exhausted() ? { tokens: result.tokens, problem: null } : result;
      });
    }
    throw new TypeErrorConstructor('Unknown replay source.');
  }

  return (op, payload) => {
    switch (op) {
      case 'sign':
        return signAll(payload);
      case 'verify':
        return verifyAll(payload);
      case 'timing-start':
        return startTiming(payload);
      case 'timing-sample':
        return sample(payload);
      case 'tokens-collect':
        return collect(payload);
      case 'tokens-replay':
        return replay(payload);
      default:
        throw new ErrorConstructor(`Unknown request "${StringOf(op)}".`);
    }
  };
}

/**
 * Runs `run` with Math.random returning `values` in order; past the end it throws, and
 * `exhausted()` says so (the throw reaches the module as an error from Math.random).
 */
function withMathRandom<T>(values: readonly number[], run: (exhausted: () => boolean) => T): T {
  const own = getOwnPropertyDescriptor(MathObject, 'random');
  let i = 0;
  let over = false;
  defineProperty(MathObject, 'random', {
    value: function predicted() {
      if (i >= values.length) {
        over = true;
        throw new ErrorConstructor('no more predicted values');
      }
      return values[i++]!;
    },
    configurable: true,
    writable: true,
  });
  try {
    return run(() => over);
  } finally {
    if (own) defineProperty(MathObject, 'random', own);
  }
}
