/**
 * The messages between the attack battery and the learner's module when they are not in the same
 * realm: the battery sends requests (sign these messages, verify these tags, time verify on these
 * guesses, make tokens), the harness next to the module (learner-harness.ts) calls it and sends
 * back what it returned. The battery takes nothing on trust: every answer is checked here for type
 * and size before an attack reads it, and a malformed one ends the attack as "not run" with the
 * reason, never as a verdict.
 *
 * The same messages serve every transport: the browser's sandbox (a MessagePort), the code in the
 * same process (tests, the CLI's presets), and the CLI's isolated child (code-attack --file). Only plain
 * data crosses: strings, numbers, booleans, bigints, arrays, plain objects, Uint8Array and
 * Float64Array, all of which survive structured clone and the CLI child's tagged JSON (NaN and
 * infinities included: src/cli/isolated/protocol.ts).
 */
import { fail, ok, type Result } from '../../../core/result';

/** Limits on what the module may hand back. Past them the answer is refused, not cut. */
export const LEARNER_LIMITS = {
  /** A tag: characters of a string, or bytes. */
  tagLength: 4096,
  /** A token: characters of a string (or of a number or bigint in decimal), or bytes. */
  tokenLength: 1024,
  /** Tokens per request. */
  tokens: 5000,
  /** sign or verify calls per request. */
  batch: 1000,
  /** Texts describing a throw or a value. */
  text: 300,
  /** Timing visits per request. */
  visits: 1 << 16,
  /** The largest timing batch (calls of verify per sample). */
  batchSize: 1 << 22,
} as const;

export type TagValue = string | Uint8Array;
export type TokenValue = string | number | bigint | Uint8Array;

export const VALUE_TYPES = [
  'undefined',
  'null',
  'string',
  'number',
  'boolean',
  'bigint',
  'symbol',
  'function',
  'array',
  'uint8array',
  'object',
] as const;
export type ValueType = (typeof VALUE_TYPES)[number];

/** A value the module returned where another kind was expected, described without keeping it. */
export interface ValueSummary {
  type: ValueType;
  /** The first characters of a string, or a number, boolean or bigint in decimal. */
  text?: string;
  /** A string's or a Uint8Array's length. */
  length?: number;
  /** Set when the module is Python: the value as Python calls it ("None", "the int 5", "a tuple"). */
  python?: string;
}

/** What a learner function did instead of returning something usable. */
export type Misbehaviour =
  | { kind: 'threw'; text: string }
  /** A Promise (in Python, `python` is set: a coroutine from an `async def`). */
  | { kind: 'promise'; python?: true }
  | { kind: 'value'; value: ValueSummary }
  /** A tag or token longer than LEARNER_LIMITS allows (its length, in characters or bytes). */
  | { kind: 'too-long'; length: number; limit: number };

export interface LearnerExports {
  sign: boolean;
  verify: boolean;
  makeToken: boolean;
  /** sign's declared parameter count (fewer than 3: it cannot tell purposes apart). */
  signArity: number;
}

export type SignAnswer = { tag: TagValue } | { problem: Misbehaviour };

export interface VerifyAnswer {
  /** Whether verify's result was truthy, as `if (verify(…))` reads it (false if it threw). */
  accepted: boolean;
  /** Set when verify threw, returned a Promise, or returned something other than a boolean. */
  problem?: Misbehaviour;
}

export interface TimingCalibration {
  /** The clock's smallest step inside the sandbox (ms). */
  resolutionMs: number;
  /** Calls of verify per sample. */
  batchSize: number;
}

export interface TokenCalls {
  mathRandom: number;
  pythonRandom: number;
  /** null when the harness could not count them (Node's crypto.getRandomValues cannot be wrapped). */
  getRandomValues: number | null;
}

export interface TokenBatch {
  tokens: TokenValue[];
  /** Why collecting stopped early (makeToken threw or returned a non-token), or null. */
  problem: Misbehaviour | null;
  calls: TokenCalls;
}

export interface TokenReplay {
  tokens: TokenValue[];
  problem: Misbehaviour | null;
}

/** Where the outputs of a replay come from: a cloned Mersenne Twister, or predicted doubles. */
export type ReplaySource =
  | { kind: 'python'; stateWords: number[]; skip: number }
  | { kind: 'math-random'; values: number[] };

export interface LearnerRequests {
  /** Load the module (compiled to a classic script, compile.ts); only the sandbox and the CLI's child have it. */
  load: { payload: { code: string }; answer: LoadAnswer };
  sign: {
    payload: { secret: string; calls: { message: string; purpose: string }[] };
    answer: SignAnswer[];
  };
  verify: {
    payload: { secret: string; calls: { message: string; tag: TagValue; purpose: string }[] };
    answer: VerifyAnswer[];
  };
  'timing-start': {
    payload: {
      secret: string;
      message: string;
      purpose: string;
      guesses: TagValue[];
      minBatchMs: number | null;
    };
    answer: TimingCalibration;
  };
  'timing-sample': { payload: { visits: number[]; batchSize: number }; answer: Float64Array };
  'tokens-collect': {
    payload: { count: number; minCount: number; budgetMs: number };
    answer: TokenBatch;
  };
  'tokens-replay': { payload: { source: ReplaySource; count: number }; answer: TokenReplay };
}
export type LearnerOp = keyof LearnerRequests;

// ---- Checking answers -------------------------------------------------------------------------

const MALFORMED = 'learner/malformed';

function malformed<T>(what: string): Result<T> {
  return fail(
    MALFORMED,
    `The sandbox sent back a malformed answer (${what}); this attack is not run.`,
  );
}

type Rec = Record<string, unknown>;
const isRecord = (value: unknown): value is Rec =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  !ArrayBuffer.isView(value);

const isCount = (value: unknown, max = Number.MAX_SAFE_INTEGER): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= max;

function checkText(value: unknown): string | null {
  return typeof value === 'string' && value.length <= LEARNER_LIMITS.text ? value : null;
}

export function checkValueSummary(value: unknown): ValueSummary | null {
  if (!isRecord(value)) return null;
  const { type, text, length } = value;
  if (!(VALUE_TYPES as readonly unknown[]).includes(type)) return null;
  const out: ValueSummary = { type: type as ValueType };
  if (text !== undefined) {
    const checked = checkText(text);
    if (checked === null) return null;
    out.text = checked;
  }
  if (length !== undefined) {
    if (!isCount(length)) return null;
    out.length = length;
  }
  if (value.python !== undefined) {
    const python = checkText(value.python);
    if (python === null) return null;
    out.python = python;
  }
  return out;
}

export function checkMisbehaviour(value: unknown): Misbehaviour | null {
  if (!isRecord(value)) return null;
  if (value.kind === 'promise')
    return value.python === true ? { kind: 'promise', python: true } : { kind: 'promise' };
  if (value.kind === 'threw') {
    const text = checkText(value.text);
    return text === null ? null : { kind: 'threw', text };
  }
  if (value.kind === 'value') {
    const summary = checkValueSummary(value.value);
    return summary ? { kind: 'value', value: summary } : null;
  }
  if (value.kind === 'too-long' && isCount(value.length) && isCount(value.limit))
    return { kind: 'too-long', length: value.length, limit: value.limit };
  return null;
}

export function checkTag(value: unknown): TagValue | null {
  if (typeof value === 'string') return value.length <= LEARNER_LIMITS.tagLength ? value : null;
  if (value instanceof Uint8Array && value.length <= LEARNER_LIMITS.tagLength) return value;
  return null;
}

export function checkToken(value: unknown): TokenValue | null {
  const max = LEARNER_LIMITS.tokenLength;
  if (typeof value === 'string') return value.length <= max ? value : null;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return String(value).length <= max ? value : null;
  if (value instanceof Uint8Array && value.length <= max) return value;
  return null;
}

function checkList<T>(
  value: unknown,
  count: number | null,
  max: number,
  item: (entry: unknown) => T | null,
): T[] | null {
  if (!Array.isArray(value) || value.length > max) return null;
  if (count !== null && value.length !== count) return null;
  const out: T[] = [];
  for (const entry of value) {
    const checked = item(entry);
    if (checked === null) return null;
    out.push(checked);
  }
  return out;
}

export function parseSignAnswers(value: unknown, count: number): Result<SignAnswer[]> {
  const list = checkList(value, count, LEARNER_LIMITS.batch, (entry): SignAnswer | null => {
    if (!isRecord(entry)) return null;
    if ('tag' in entry) {
      const tag = checkTag(entry.tag);
      return tag === null ? null : { tag };
    }
    const problem = checkMisbehaviour(entry.problem);
    return problem ? { problem } : null;
  });
  return list ? ok(list) : malformed('sign');
}

export function parseVerifyAnswers(value: unknown, count: number): Result<VerifyAnswer[]> {
  const list = checkList(value, count, LEARNER_LIMITS.batch, (entry): VerifyAnswer | null => {
    if (!isRecord(entry) || typeof entry.accepted !== 'boolean') return null;
    if (entry.problem === undefined) return { accepted: entry.accepted };
    const problem = checkMisbehaviour(entry.problem);
    return problem ? { accepted: entry.accepted, problem } : null;
  });
  return list ? ok(list) : malformed('verify');
}

export function parseCalibration(value: unknown): Result<TimingCalibration> {
  if (!isRecord(value)) return malformed('timing calibration');
  const { resolutionMs, batchSize } = value;
  if (
    typeof resolutionMs !== 'number' ||
    !Number.isFinite(resolutionMs) ||
    resolutionMs <= 0 ||
    resolutionMs > 1000 ||
    !isCount(batchSize, LEARNER_LIMITS.batchSize) ||
    batchSize < 1
  )
    return malformed('timing calibration');
  return ok({ resolutionMs, batchSize });
}

/** One sample per visit, each a finite, non-negative time in nanoseconds per call. */
export function parseTimingSamples(value: unknown, visits: number): Result<Float64Array> {
  if (!(value instanceof Float64Array) || value.length !== visits)
    return malformed('timing samples');
  for (const sample of value)
    if (!Number.isFinite(sample) || sample < 0) return malformed('timing samples');
  return ok(value);
}

function checkCalls(value: unknown): TokenCalls | null {
  if (!isRecord(value)) return null;
  const { mathRandom, pythonRandom, getRandomValues } = value;
  if (!isCount(mathRandom) || !isCount(pythonRandom)) return null;
  if (getRandomValues !== null && !isCount(getRandomValues)) return null;
  return { mathRandom, pythonRandom, getRandomValues };
}

function checkProblemOrNull(value: unknown): Misbehaviour | null | undefined {
  if (value === null) return null;
  return checkMisbehaviour(value) ?? undefined;
}

export function parseTokenBatch(value: unknown, maxCount: number): Result<TokenBatch> {
  if (!isRecord(value)) return malformed('tokens');
  const tokens = checkList(
    value.tokens,
    null,
    Math.min(maxCount, LEARNER_LIMITS.tokens),
    checkToken,
  );
  const problem = checkProblemOrNull(value.problem);
  const calls = checkCalls(value.calls);
  if (!tokens || problem === undefined || !calls) return malformed('tokens');
  return ok({ tokens, problem, calls });
}

export function parseTokenReplay(value: unknown, maxCount: number): Result<TokenReplay> {
  if (!isRecord(value)) return malformed('tokens');
  const tokens = checkList(
    value.tokens,
    null,
    Math.min(maxCount, LEARNER_LIMITS.tokens),
    checkToken,
  );
  const problem = checkProblemOrNull(value.problem);
  if (!tokens || problem === undefined) return malformed('tokens');
  return ok({ tokens, problem });
}

export function parseExports(value: unknown): Result<LearnerExports> {
  if (!isRecord(value)) return malformed('exports');
  const { sign, verify, makeToken, signArity } = value;
  if (
    typeof sign !== 'boolean' ||
    typeof verify !== 'boolean' ||
    typeof makeToken !== 'boolean' ||
    !isCount(signArity, 1000)
  )
    return malformed('exports');
  return ok({ sign, verify, makeToken, signArity });
}

/** What loading the module gave: its exports, or why it could not load (the message to show). */
export type LoadAnswer =
  | { ok: true; exports: LearnerExports; crossOriginIsolated: boolean }
  | { ok: false; message: string };

export function parseLoadAnswer(value: unknown): Result<LoadAnswer> {
  if (!isRecord(value)) return malformed('load');
  if (value.ok === false) {
    const message = value.message;
    if (typeof message !== 'string' || message.length > 2 * LEARNER_LIMITS.text)
      return malformed('load');
    return ok({ ok: false, message });
  }
  const exports = parseExports(value.exports);
  if (value.ok !== true || !exports.ok || typeof value.crossOriginIsolated !== 'boolean')
    return malformed('load');
  return ok({ ok: true, exports: exports.value, crossOriginIsolated: value.crossOriginIsolated });
}

// ---- Describing misbehaviour ------------------------------------------------------------------

/** A value's summary in words: `the string "abc"`, `number 42`, `a Uint8Array of 3 bytes`. */
export function describeSummary(summary: ValueSummary): string {
  if (summary.python !== undefined)
    return summary.type === 'string'
      ? `the str ${JSON.stringify(summary.text ?? '')}`
      : summary.python;
  switch (summary.type) {
    case 'undefined':
    case 'null':
      return summary.type;
    case 'string':
      return `the string ${JSON.stringify(summary.text ?? '')}`;
    case 'number':
    case 'boolean':
    case 'bigint':
      return `${summary.type} ${summary.text ?? ''}`.trim();
    case 'array':
      return 'an array';
    case 'uint8array':
      return `a Uint8Array of ${summary.length ?? 0} bytes`;
    case 'function':
      return 'a function';
    case 'symbol':
      return 'a symbol';
    case 'object':
      return 'an object';
  }
}

/** The Python names of the functions, and what they should return, for a Python module's messages. */
const PYTHON_NAMES: Record<string, string> = { makeToken: 'make_token' };

/** A module function's name as the learner wrote it: makeToken in JavaScript, make_token in Python. */
export function learnerFunctionName(name: string, language?: 'python'): string {
  return language === 'python' ? (PYTHON_NAMES[name] ?? name) : name;
}

/** The battery's message for a function the module lacks, in the module's own words. */
export function missingFunction(name: string, language?: 'python'): string {
  return language === 'python'
    ? `Your module defines no ${learnerFunctionName(name, language)} function.`
    : `Your module exports no ${name} function.`;
}
const PYTHON_EXPECTED: Record<string, string> = {
  sign: 'return the tag as a str (hex, say) or bytes.',
  make_token: 'return the token as a str, an int or bytes.',
};

/**
 * What the module did, as the battery reports it. `name` is the function; `expected` says what to
 * return instead, for a value of the wrong kind.
 */
export function describeMisbehaviour(name: string, problem: Misbehaviour, expected = ''): string {
  const python =
    (problem.kind === 'value' && problem.value.python !== undefined) ||
    (problem.kind === 'promise' && problem.python === true);
  if (python) name = PYTHON_NAMES[name] ?? name;
  switch (problem.kind) {
    case 'threw':
      return `${name} threw ${problem.text}`;
    case 'promise':
      return python
        ? `${name} returned a coroutine (it is an async def). Write it as a plain def: hashlib, hmac and secrets are synchronous.`
        : `${name} returned a Promise. Write it synchronously: md5, sha256, hmac and the other helpers here are synchronous.`;
    case 'value':
      return `${name} returned ${describeSummary(problem.value)}${expected ? `; ${python ? (PYTHON_EXPECTED[name] ?? expected) : expected}` : ''}`;
    case 'too-long':
      return `${name} returned a value ${problem.length} characters or bytes long; the battery takes at most ${problem.limit}.`;
  }
}
