/**
 * The CLI's side of the learner's module in the isolated child (learner-child.ts is the other
 * side): it compiles the module here, starts the child, has it load the module, and hands the
 * battery a RemoteLearner (core/remote-learner.ts) whose transport is the child's channel. The
 * battery and its verdicts stay in this process; from the child come only answers, decoded from
 * the channel's tagged JSON and then checked for type and size by the same parsers the browser uses.
 *
 * Every request has a time limit; past it, or past the memory limit, or on a crash or a flood, the
 * child is stopped and every later request fails at once. Each request the battery could not get a
 * checked answer for is recorded (`failures`): the attack it belonged to is then "not run", and the
 * CLI must not take a run with failures for a clean one.
 */
import { fail, ok, type Result } from '../../core/result';
import { IsolatedChild, type ChildActivity } from '../../cli/isolated/runner';
import { fromWire, toWire } from '../../cli/isolated/protocol';
import { compileLearnerCode, type CompileError, type Language } from './core/compile';
import {
  decodePythonAnswer,
  encodePythonRequest,
  parsePythonAudit,
  type PythonAudit,
} from './core/python-wire';
import { LearnerError } from './core/learner';
import { parseLoadAnswer } from './core/learner-protocol';
import { remoteLearner, type LearnerTransport, type RemoteLearner } from './core/remote-learner';

export interface IsolatedLearnerOptions {
  allowNetwork?: boolean;
  /** Time limit for loading the module and for each request (ms). */
  limitMs?: number;
  /** The child's bundled entry (tests). */
  entry?: string;
}

export const DEFAULT_LIMIT_MS = 10_000;

/** The child's record of audit events, checked like the pickle loader's report. */
async function readAudit(child: IsolatedChild, limitMs: number): Promise<PythonAudit | null> {
  const answer = await child.request('events', { json: '{}' }, limitMs);
  if (!answer.ok) return null;
  const decoded = decodePythonAnswer('events', answer.value);
  const audit = decoded.ok ? parsePythonAudit(decoded.value) : decoded;
  return audit.ok ? audit.value : null;
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The RemoteLearner's methods, each recording the LearnerErrors it throws before rethrowing. */
function recordingFailures(learner: RemoteLearner, failures: string[]): RemoteLearner {
  const watch =
    <A extends unknown[], R>(method: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await method(...args);
      } catch (error) {
        if (error instanceof LearnerError) failures.push(error.message);
        throw error;
      }
    };
  return {
    exports: learner.exports,
    sign: watch(learner.sign),
    verify: watch(learner.verify),
    startTiming: watch(learner.startTiming),
    sampleTiming: watch(learner.sampleTiming),
    collectTokens: watch(learner.collectTokens),
    replayTokens: watch(learner.replayTokens),
  };
}

export class IsolatedLearner {
  /** Why requests got no checked answer, in order (empty when every request was answered). */
  readonly failures: string[] = [];
  readonly learner: RemoteLearner;

  private constructor(
    private readonly child: IsolatedChild,
    exports: RemoteLearner['exports'],
    private readonly limitMs: number,
    private readonly python: boolean,
  ) {
    const send: LearnerTransport = async (op, payload) => {
      const answer = await child.request(
        op,
        python ? { json: encodePythonRequest(payload) } : toWire(payload),
        limitMs,
      );
      if (!answer.ok)
        throw new LearnerError(
          answer.error.code.startsWith('isolation/')
            ? capitalize(answer.error.message)
            : `The isolated child could not answer: ${answer.error.message}`,
        );
      if (python) {
        const decoded = decodePythonAnswer(op, answer.value);
        if (!decoded.ok) throw new LearnerError(decoded.error.message);
        return decoded.value;
      }
      // A malformed tag decodes to undefined, which every answer parser refuses.
      return fromWire(answer.value);
    };
    this.learner = recordingFailures(remoteLearner(send, exports), this.failures);
  }

  /**
   * Compiles the module (a syntax error comes back with its line and column), starts the child
   * and loads the module in it. A module that fails to load gives the in-process loader's codes.
   */
  static async start(
    source: string,
    language: Language,
    options: IsolatedLearnerOptions = {},
  ): Promise<Result<IsolatedLearner> | { ok: false; error: CompileError }> {
    const compiled = compileLearnerCode(source, language);
    if (!compiled.ok) return compiled;
    const limitMs = options.limitMs ?? DEFAULT_LIMIT_MS;
    const child = await IsolatedChild.start({
      mode: 'learner',
      allowNetwork: options.allowNetwork,
      entry: options.entry,
    });
    if (!child.ok) return child;
    const answer = await child.value.request('load', { code: compiled.value }, limitMs);
    const loaded = answer.ok ? parseLoadAnswer(fromWire(answer.value)) : answer;
    if (!loaded.ok) {
      await child.value.stop();
      return loaded;
    }
    const value = loaded.value;
    if (!value.ok) {
      await child.value.stop();
      return fail('module/load', value.message);
    }
    return ok(new IsolatedLearner(child.value, value.exports, limitMs, false));
  }

  /**
   * The same for a Python module: CPython (Pyodide) in the child, with the Python harness and its
   * audit hook in place before the module's text is sent (core/python-harness.ts). A syntax
   * error, a module that raises while loading or defines none of the functions gives its message;
   * so does a refused event it did not catch. The audit events so far are in the failure too.
   */
  static async startPython(
    source: string,
    options: IsolatedLearnerOptions = {},
  ): Promise<
    | { ok: true; value: IsolatedLearner }
    | { ok: false; error: { code: string; message: string }; audit: PythonAudit | null }
  > {
    const limitMs = options.limitMs ?? DEFAULT_LIMIT_MS;
    const { startPythonChild } = await import('../../cli/isolated/pyodide');
    const child = await startPythonChild('python-learner', options.allowNetwork ?? false);
    if (!child.ok) return { ...child, audit: null };
    const answer = await child.value.request(
      'load',
      { json: encodePythonRequest({ code: source }) },
      limitMs,
    );
    const decoded = answer.ok ? decodePythonAnswer('load', answer.value) : answer;
    const loaded = decoded.ok ? parseLoadAnswer(decoded.value) : decoded;
    if (!loaded.ok) {
      const audit = answer.ok ? await readAudit(child.value, limitMs) : null;
      await child.value.stop();
      return { ...loaded, audit };
    }
    if (!loaded.value.ok) {
      const audit = await readAudit(child.value, limitMs);
      await child.value.stop();
      return { ok: false, error: { code: 'module/load', message: loaded.value.message }, audit };
    }
    return {
      ok: true,
      value: new IsolatedLearner(child.value, loaded.value.exports, limitMs, true),
    };
  }

  /** The audit events the Python module raised so far (all refused); null for TypeScript or when the child cannot answer. */
  audit(): Promise<PythonAudit | null> {
    return this.python ? readAudit(this.child, this.limitMs) : Promise.resolve(null);
  }

  /** What the child did besides answering (its output, forged and overlong lines). */
  activity(): ChildActivity {
    return this.child.activity();
  }

  stop(): Promise<void> {
    return this.child.stop();
  }
}
