/**
 * The learner's module as the attack battery sees it: a remote party it can only send requests to
 * (learner-protocol.ts), whatever the transport. The battery never holds the module's functions,
 * so nothing the module does to its own realm (a patched Array.prototype.push, a fake
 * JSON.stringify) reaches the code that decides a verdict; it only sees answers, and every answer
 * is checked for type and size before use.
 *
 * Transports plug in as a `LearnerTransport` (send a request, get the raw answer back):
 * - the browser: a MessagePort into the sandbox (battery.worker.ts, learner.sandbox.ts);
 * - the same process: `inProcessLearner` (the tests, the CLI's presets), through the same checks;
 * - the CLI's isolated child: the harness served there (learner-child.ts), the child's channel as
 *   the transport (isolated-learner.ts).
 */
import { createLearnerHarness, describeExports, type HarnessEnv } from './learner-harness';
import type { LearnerModule } from './learner';
import { LearnerError } from './learner';
import {
  LEARNER_LIMITS,
  parseCalibration,
  parseSignAnswers,
  parseTimingSamples,
  parseTokenBatch,
  parseTokenReplay,
  parseVerifyAnswers,
  type LearnerExports,
  type LearnerOp,
  type LearnerRequests,
  type ReplaySource,
  type SignAnswer,
  type TagValue,
  type TimingCalibration,
  type TokenBatch,
  type TokenReplay,
  type VerifyAnswer,
} from './learner-protocol';
import type { Result } from '../../../core/result';

/** Sends one request to wherever the module runs and resolves with the raw, unchecked answer. */
export type LearnerTransport = <K extends LearnerOp>(
  op: K,
  payload: LearnerRequests[K]['payload'],
) => Promise<unknown>;

export interface RemoteLearner {
  readonly exports: LearnerExports;
  /** sign(secret, message, purpose) for each call, in order. */
  sign(
    secret: string,
    calls: readonly { message: string; purpose: string }[],
  ): Promise<SignAnswer[]>;
  /** verify(secret, message, tag, purpose) for each call, in order. */
  verify(
    secret: string,
    calls: readonly { message: string; tag: TagValue; purpose: string }[],
  ): Promise<VerifyAnswer[]>;
  /** Warms verify up on these guesses and calibrates a batch size (timing.ts, calibrateTiming). */
  startTiming(request: LearnerRequests['timing-start']['payload']): Promise<TimingCalibration>;
  /** Times these visits, next to verify (timing.ts, sampleTiming). */
  sampleTiming(visits: number[], batchSize: number): Promise<Float64Array>;
  /** makeToken() until `count` tokens, or past `minCount` once `budgetMs` is spent. */
  collectTokens(request: LearnerRequests['tokens-collect']['payload']): Promise<TokenBatch>;
  /** makeToken() with its generator's outputs taken from `source`. */
  replayTokens(source: ReplaySource, count: number): Promise<TokenReplay>;
}

function checked<T>(result: Result<T>): T {
  if (!result.ok) throw new LearnerError(result.error.message);
  return result.value;
}

function batches<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += LEARNER_LIMITS.batch)
    out.push(items.slice(i, i + LEARNER_LIMITS.batch));
  return out;
}

/**
 * A RemoteLearner over any transport. A malformed answer throws a LearnerError (the attack is
 * then "not run", with the reason); so does a transport failure.
 */
export function remoteLearner(send: LearnerTransport, exports: LearnerExports): RemoteLearner {
  return {
    exports,
    async sign(secret, calls) {
      const out: SignAnswer[] = [];
      for (const batch of batches(calls)) {
        const answer = await send('sign', { secret, calls: batch.map((c) => ({ ...c })) });
        out.push(...checked(parseSignAnswers(answer, batch.length)));
      }
      return out;
    },
    async verify(secret, calls) {
      const out: VerifyAnswer[] = [];
      for (const batch of batches(calls)) {
        const answer = await send('verify', { secret, calls: batch.map((c) => ({ ...c })) });
        out.push(...checked(parseVerifyAnswers(answer, batch.length)));
      }
      return out;
    },
    async startTiming(request) {
      return checked(parseCalibration(await send('timing-start', request)));
    },
    async sampleTiming(visits, batchSize) {
      const answer = await send('timing-sample', { visits, batchSize });
      return checked(parseTimingSamples(answer, visits.length));
    },
    async collectTokens(request) {
      return checked(parseTokenBatch(await send('tokens-collect', request), request.count));
    },
    async replayTokens(source, count) {
      return checked(parseTokenReplay(await send('tokens-replay', { source, count }), count));
    },
  };
}

/**
 * The module in this very process, behind the same requests and checks as a remote one (answers
 * are structured-cloned, as they would be on a MessagePort). For the tests and for code the user
 * trusts (the CLI's presets): it gives no isolation at all.
 */
export function inProcessLearner(module: LearnerModule, env: HarnessEnv): RemoteLearner {
  const harness = createLearnerHarness(module, env);
  const send: LearnerTransport = async (op, payload) => {
    let answer: unknown;
    try {
      answer = harness(op, structuredClone(payload));
    } catch (error) {
      throw new LearnerError(
        `The harness could not answer: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return structuredClone(answer);
  };
  return remoteLearner(send, describeExports(module));
}
