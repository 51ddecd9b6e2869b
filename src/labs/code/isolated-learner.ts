/**
 * The CLI's side of the learner's module in the isolated child (learner-child.ts is the other
 * side): it compiles the module here, starts the child, loads the module there, and turns the
 * child's answers back into values, checking each one's type and size. This is what the battery's
 * remote-learner interface calls from the CLI; every method costs one round trip.
 */
import { fail, ok, type Result } from '../../core/result';
import { IsolatedChild, type ChildActivity } from '../../cli/isolated/runner';
import { compileLearnerCode, type CompileError, type Language } from './core/compile';
import { MAX_THROWN_CHARS, MAX_VALUE_CHARS } from './learner-wire';

export type LearnerFunctionName = 'sign' | 'verify' | 'makeToken';

/** A value a learner's function returned that is not a string, bytes, number, bigint or boolean. */
export interface OpaqueValue {
  opaque: string;
}

export type LearnerValue =
  string | Uint8Array | number | bigint | boolean | undefined | null | OpaqueValue;

export type CallResult =
  { ok: true; value: LearnerValue } | { ok: false; threw: string } | { ok: false; promise: true };

export interface LearnerCall {
  fn: LearnerFunctionName;
  args: (string | Uint8Array)[];
}

export interface TokenRun {
  tokens: LearnerValue[];
  /** Why collecting stopped early (makeToken threw or returned a Promise), or null. */
  stopped: Exclude<CallResult, { ok: true }> | null;
  /** Math.random ran out of the given values. */
  exhausted: boolean;
  counts: { mathRandom: number | null; pythonRandom: number; getRandomValues: number | null };
}

export interface IsolatedLearnerOptions {
  allowNetwork?: boolean;
  /** Time limit for loading the module (ms). */
  loadMs?: number;
  /** The child's bundled entry (tests). */
  entry?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function badAnswer(what: string): Result<never> {
  return fail('isolation/bad-answer', `The isolated child's answer ${what}.`);
}

/** A value as the child encoded it, or undefined when the encoding is not one it makes. */
export function decodeLearnerValue(data: unknown): { value: LearnerValue } | undefined {
  if (!isRecord(data)) return undefined;
  const { t, v } = data;
  switch (t) {
    case 'string':
      return typeof v === 'string' && v.length <= MAX_VALUE_CHARS ? { value: v } : undefined;
    case 'bytes': {
      const hex = data.hex;
      if (
        typeof hex !== 'string' ||
        hex.length > MAX_VALUE_CHARS ||
        !/^(?:[0-9a-f]{2})*$/.test(hex)
      )
        return undefined;
      return { value: Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16)) };
    }
    case 'number':
      return typeof v === 'string' && /^(-?(\d+(\.\d+)?(e[+-]\d+)?|Infinity)|NaN)$/.test(v)
        ? { value: Number(v) }
        : undefined;
    case 'bigint':
      return typeof v === 'string' && /^-?\d{1,400}$/.test(v) ? { value: BigInt(v) } : undefined;
    case 'boolean':
      return typeof v === 'boolean' ? { value: v } : undefined;
    case 'undefined':
      return { value: undefined };
    case 'null':
      return { value: null };
    case 'other':
      return typeof data.what === 'string' && data.what.length <= 100
        ? { value: { opaque: data.what } }
        : undefined;
  }
  return undefined;
}

export function decodeCallResult(data: unknown): CallResult | undefined {
  if (!isRecord(data)) return undefined;
  if (data.ok === true) {
    const decoded = decodeLearnerValue(data.value);
    return decoded && { ok: true, value: decoded.value };
  }
  if (data.ok === false && data.promise === true) return { ok: false, promise: true };
  if (data.ok === false && typeof data.threw === 'string' && data.threw.length <= MAX_THROWN_CHARS)
    return { ok: false, threw: data.threw };
  return undefined;
}

function encodeArg(value: string | Uint8Array) {
  return typeof value === 'string' ? { s: value } : { b: Buffer.from(value).toString('hex') };
}

export class IsolatedLearner {
  private constructor(
    private readonly child: IsolatedChild,
    readonly exports: readonly LearnerFunctionName[],
  ) {}

  /**
   * Compiles the module (a syntax error comes back with its line and column), starts the child
   * and loads the module in it.
   */
  static async start(
    source: string,
    language: Language,
    options: IsolatedLearnerOptions = {},
  ): Promise<{ ok: true; value: IsolatedLearner } | { ok: false; error: CompileError }> {
    const compiled = compileLearnerCode(source, language);
    if (!compiled.ok) return compiled;
    const child = await IsolatedChild.start({
      mode: 'learner',
      allowNetwork: options.allowNetwork,
      entry: options.entry,
    });
    if (!child.ok) return child;
    const loaded = await child.value.request(
      'load',
      { code: compiled.value },
      options.loadMs ?? 10_000,
    );
    const exports = isRecord(loaded.ok ? loaded.value : null)
      ? (loaded as { value: { exports: unknown } }).value.exports
      : null;
    if (
      !loaded.ok ||
      !Array.isArray(exports) ||
      !exports.every((name) => name === 'sign' || name === 'verify' || name === 'makeToken')
    ) {
      await child.value.stop();
      return loaded.ok ? badAnswer('to loading the module is not a list of exports') : loaded;
    }
    return ok(new IsolatedLearner(child.value, exports as LearnerFunctionName[]));
  }

  /** Calls the learner's functions in order, in one round trip. */
  async calls(calls: readonly LearnerCall[], limitMs: number): Promise<Result<CallResult[]>> {
    const answer = await this.child.request(
      'calls',
      { calls: calls.map(({ fn, args }) => ({ fn, args: args.map(encodeArg) })) },
      limitMs,
    );
    if (!answer.ok) return answer;
    const results = isRecord(answer.value) ? answer.value.results : undefined;
    if (!Array.isArray(results) || results.length !== calls.length)
      return badAnswer('does not have one result per call');
    const decoded: CallResult[] = [];
    for (const result of results) {
      const one = decodeCallResult(result);
      if (!one) return badAnswer('has a malformed result');
      decoded.push(one);
    }
    return ok(decoded);
  }

  /**
   * For each index in `schedule`, the time (ms) of `batch` calls of verify(secret, message,
   * guesses[index], purpose), measured inside the child.
   */
  async timeVerify(
    request: {
      secret: string;
      message: string;
      purpose: string;
      guesses: readonly (string | Uint8Array)[];
      schedule: readonly number[];
      batch: number;
    },
    limitMs: number,
  ): Promise<Result<{ samples: number[]; accepted: number }>> {
    const answer = await this.child.request(
      'time-verify',
      {
        ...request,
        secret: encodeArg(request.secret),
        message: encodeArg(request.message),
        purpose: encodeArg(request.purpose),
        guesses: request.guesses.map(encodeArg),
      },
      limitMs,
    );
    if (!answer.ok) return answer;
    const { samples, accepted } = isRecord(answer.value)
      ? answer.value
      : ({} as Record<string, unknown>);
    if (
      !Array.isArray(samples) ||
      samples.length !== request.schedule.length ||
      !samples.every((ms) => typeof ms === 'number' && ms >= 0) ||
      typeof accepted !== 'number' ||
      !Number.isSafeInteger(accepted)
    )
      return badAnswer('to the timing request is malformed');
    return ok({ samples: samples as number[], accepted });
  }

  /** makeToken calls, with the draws from each generator counted (see learner-child.ts). */
  async tokens(
    request: {
      count: number;
      minCount?: number;
      budgetMs?: number;
      mathRandom?: readonly number[];
      pythonState?: { state: readonly number[]; index: number };
    },
    limitMs: number,
  ): Promise<Result<TokenRun>> {
    const answer = await this.child.request('tokens', request, limitMs);
    if (!answer.ok) return answer;
    if (!isRecord(answer.value)) return badAnswer('to the token request is malformed');
    const { tokens, stopped, exhausted, counts } = answer.value;
    if (!Array.isArray(tokens) || tokens.length > request.count || typeof exhausted !== 'boolean')
      return badAnswer('to the token request is malformed');
    const values: LearnerValue[] = [];
    for (const token of tokens) {
      const decoded = decodeLearnerValue(token);
      if (!decoded) return badAnswer('has a malformed token');
      values.push(decoded.value);
    }
    const stop = stopped === null ? null : decodeCallResult(stopped);
    if (stop === undefined || stop?.ok) return badAnswer('has a malformed reason to stop');
    const count = (value: unknown) =>
      typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
    if (
      !isRecord(counts) ||
      !(counts.mathRandom === null || count(counts.mathRandom)) ||
      !count(counts.pythonRandom) ||
      !(counts.getRandomValues === null || count(counts.getRandomValues))
    )
      return badAnswer('has malformed generator counts');
    return ok({
      tokens: values,
      stopped: stop,
      exhausted,
      counts: counts as TokenRun['counts'],
    });
  }

  activity(): ChildActivity {
    return this.child.activity();
  }

  stop(): Promise<void> {
    return this.child.stop();
  }
}
