/**
 * Token prediction with the randomness lab's predictors. The battery collects tokens from the
 * learner's `makeToken`, reads generator outputs back out of them (token-decoders.ts), recovers the
 * generator (an engine model of Math.random, or a clone of CPython's Mersenne Twister), and
 * predicts the next tokens. To turn predicted outputs into tokens it runs `makeToken` with the
 * predicted numbers in place of the generator, as an attacker who has the application's source
 * would. Only then does it ask `makeToken` for the real next tokens and compare.
 */
import {
  cloneFromOutputs,
  detectAndPredict,
  type PythonRandom,
} from '../../randomness/core/predictors';
import type { Logic } from '../../randomness/core/logic-solver-adapter';
import type { PythonRandomModule } from './learner-api';
import { callLearner, tokenText, type LearnerModule } from './learner';
import { skipped, type ResultFor, type TokenEvidence, type TokenPrediction } from './report';
import { decodeMathRandomTokens, decodeMtTokens, lastCertainRun } from './token-decoders';

export interface TokenOptions {
  /** Python's random as the learner's code sees it (its generator can be swapped). */
  random: PythonRandomModule;
  now: () => number;
  /** Tokens to collect (the MT clone needs 624 outputs; default 700). */
  collect?: number;
  /** Stop collecting after this long even if fewer tokens came (default 2 s). */
  collectBudgetMs?: number;
  /** Tokens to predict and then compare (default 5). */
  predict?: number;
  loadSolver?: () => Promise<Logic>;
}

/** Values one Math.random recovery uses (the models need 4–6 consecutive; a few more are checked). */
const RECOVERY_WINDOW = 24;
/** Extra predictions, to line the real tokens up if something else drew from the generator. */
const SLACK = 8;

/** Counts calls to `object[name]` while `run` runs; null if the property cannot be wrapped. */
function counting<T>(
  object: object,
  name: string,
  run: (count: () => number) => T,
): { result: T; calls: number | null } {
  const target = object as Record<string, unknown>;
  const original = target[name];
  const own = Object.getOwnPropertyDescriptor(object, name);
  let calls = 0;
  let wrapped = false;
  if (typeof original === 'function') {
    try {
      Object.defineProperty(object, name, {
        value: (...args: unknown[]) => {
          calls++;
          return (original as (...a: unknown[]) => unknown).apply(object, args);
        },
        configurable: true,
        writable: true,
      });
      wrapped = target[name] !== original;
    } catch {
      wrapped = false; // Node's crypto.getRandomValues cannot be redefined: count nothing.
    }
  }
  try {
    return { result: run(() => calls), calls: wrapped ? calls : null };
  } finally {
    if (wrapped) {
      if (own) Object.defineProperty(object, name, own);
      else delete target[name];
    }
  }
}

/**
 * Runs `run` with Math.random returning `values` in order; past the end it throws, and
 * `exhausted()` says so (the throw reaches `run` wrapped as the learner's error).
 */
function withMathRandom<T>(values: readonly number[], run: (exhausted: () => boolean) => T): T {
  const real = Math.random;
  let i = 0;
  let over = false;
  Math.random = () => {
    if (i >= values.length) {
      over = true;
      throw new Error('no more predicted values');
    }
    return values[i++]!;
  };
  try {
    return run(() => over);
  } finally {
    Math.random = real;
  }
}

function lineUp(
  predicted: readonly string[],
  actual: readonly string[],
): { offset: number | null; matches: boolean[] } {
  for (let offset = 0; offset + actual.length <= predicted.length; offset++)
    if (actual.every((token, i) => predicted[offset + i] === token))
      return { offset, matches: actual.map(() => true) };
  return { offset: null, matches: actual.map((token, i) => predicted[i] === token) };
}

export async function attackTokens(
  learner: LearnerModule,
  options: TokenOptions,
): Promise<ResultFor<'tokens'>> {
  const makeToken = learner.makeToken;
  if (!makeToken) return skipped('tokens', 'Your module exports no makeToken function.');
  const collect = options.collect ?? 700;
  const predictCount = options.predict ?? 5;
  const budget = options.collectBudgetMs ?? 2000;
  const next = () => tokenText(callLearner('makeToken', makeToken, []));

  // Collect, counting which generators the tokens draw from.
  const random = options.random;
  const pythonBefore = random.calls;
  let mathCalls = 0;
  const { result: tokens, calls: cryptoCalls } = counting(
    crypto,
    'getRandomValues',
    () =>
      counting(Math, 'random', (count) => {
        const out: string[] = [];
        const start = options.now();
        while (out.length < collect && (out.length < 16 || options.now() - start < budget))
          out.push(next());
        mathCalls = count();
        return out;
      }).result,
  );
  const pythonCalls = random.calls - pythonBefore;
  const n = tokens.length;
  const perToken = {
    mathRandom: mathCalls / n,
    pythonRandom: pythonCalls / n,
    getRandomValues: cryptoCalls === null ? null : cryptoCalls / n,
  };
  const duplicates = n - new Set(tokens).size;
  const decoders: TokenEvidence['decoders'] = [];
  let prediction: Omit<TokenPrediction, 'actual' | 'matches' | 'offset'> | null = null;

  // CPython's Mersenne Twister: whole 32-bit outputs in the tokens.
  const mt = decodeMtTokens(tokens);
  if (!mt) {
    decoders.push({
      name: 'Python random (MT clone)',
      fits: false,
      note: 'the tokens are not getrandbits(32) outputs in decimal or 8-hex-digit groups.',
    });
  } else {
    const clone = cloneFromOutputs(mt.words);
    if (!clone.ok) {
      decoders.push({ name: 'Python random (MT clone)', fits: false, note: clone.error.message });
    } else {
      decoders.push({
        name: 'Python random (MT clone)',
        fits: true,
        note: `untempered ${mt.words.length} outputs (${mt.wordsPerToken} per token, ${mt.format}); ${clone.value.verifiedExtra} beyond the first 624 predicted correctly.`,
      });
      const generator: PythonRandom = clone.value.random.clone();
      const predicted = random.withGenerator(generator, () =>
        Array.from({ length: predictCount + SLACK }, next),
      );
      prediction = {
        model: 'CPython random (MT19937)',
        method: `Cloned from ${mt.words.length} consecutive 32-bit outputs read out of ${n} tokens.`,
        usedTokens: n,
        predicted,
      };
    }
  }

  // Math.random: whole doubles printed in some radix.
  if (!prediction) {
    const decoded = decodeMathRandomTokens(tokens);
    if (!decoded) {
      decoders.push({
        name: 'Math.random',
        fits: false,
        note: 'the tokens are not Math.random() values printed whole (String(x) or x.toString(radix)), so whole outputs cannot be read back.',
      });
    } else {
      const run = lastCertainRun(decoded.candidates, 6);
      if (!run) {
        decoders.push({
          name: 'Math.random',
          fits: false,
          note: 'too few tokens print a single double.',
        });
      } else {
        const [start, end] = run;
        const windowStart = Math.max(start, end - RECOVERY_WINDOW);
        const observed = decoded.candidates.slice(windowStart, end).map((c) => c[0]!);
        const after = n - end;
        const detection = await detectAndPredict(observed, after + predictCount + SLACK, {
          now: options.now,
          loadSolver: options.loadSolver,
        });
        const label = `Math.random() in radix ${decoded.radix}${decoded.prefixed ? '' : ' without “0.”'}`;
        if (!detection.ok) {
          decoders.push({ name: label, fits: false, note: detection.message });
        } else {
          const { recovery } = detection;
          const replay = recovery.next.slice(0, after);
          const consistent = replay.every((x, i) => decoded.candidates[end + i]!.includes(x));
          if (!consistent) {
            decoders.push({
              name: label,
              fits: false,
              note: `${recovery.engine} fits ${observed.length} tokens but not the ones after them.`,
            });
          } else {
            decoders.push({
              name: label,
              fits: true,
              note: `${recovery.engine}: ${recovery.method}`,
            });
            const future = recovery.next.slice(after);
            const predicted: string[] = [];
            withMathRandom(future, (exhausted) => {
              try {
                while (predicted.length < predictCount + SLACK) predicted.push(next());
              } catch (error) {
                if (!exhausted()) throw error;
              }
            });
            prediction = {
              model: recovery.engine,
              method: `${recovery.method} From ${observed.length} tokens printed in radix ${decoded.radix}.`,
              usedTokens: observed.length,
              predicted,
            };
          }
        }
      }
    }
  }

  let finished: TokenPrediction | null = null;
  if (prediction) {
    // Only now does makeToken produce the tokens that were predicted.
    const actual = Array.from({ length: predictCount }, next);
    const { offset, matches } = lineUp(prediction.predicted, actual);
    finished = {
      ...prediction,
      predicted: prediction.predicted.slice(offset ?? 0, (offset ?? 0) + predictCount),
      actual,
      matches,
      offset,
    };
  }
  const evidence: TokenEvidence = {
    collected: n,
    sample: n <= 6 ? tokens : [...tokens.slice(0, 3), ...tokens.slice(-3)],
    duplicates,
    perToken,
    decoders,
    prediction: finished,
  };
  const hits = finished ? finished.matches.filter(Boolean).length : 0;
  const notes: string[] = [];
  if (duplicates > 0) notes.push(`${duplicates} of ${n} collected tokens were repeats.`);
  if (hits > 0) {
    return {
      id: 'tokens',
      verdict: 'fail',
      headline: `Predicted: ${hits} of ${finished!.actual.length} tokens were computed before makeToken returned them (${finished!.model}).`,
      notes,
      evidence,
    };
  }
  const weak =
    perToken.mathRandom > 0 ? 'Math.random' : perToken.pythonRandom > 0 ? 'Python’s random' : null;
  if (finished)
    notes.push(
      'A generator state fitted the collected tokens, but the tokens that came next were different.',
    );
  if (weak) {
    return {
      id: 'tokens',
      verdict: 'warn',
      headline: `Not predicted here, but makeToken draws from ${weak} (${weak === 'Math.random' ? perToken.mathRandom : perToken.pythonRandom} calls per token): a generator an attacker can recover from enough output.`,
      notes: [
        ...notes,
        'These predictors need whole outputs in the token; a format that keeps only some bits of each output slows an attacker down but does not stop one.',
      ],
      evidence,
    };
  }
  if (duplicates > 0) {
    return {
      id: 'tokens',
      verdict: 'fail',
      headline: `makeToken repeated itself: ${duplicates} of ${n} tokens were duplicates.`,
      notes,
      evidence,
    };
  }
  return {
    id: 'tokens',
    verdict: 'pass',
    headline: `No predictor fitted ${n} tokens${perToken.getRandomValues ? ', which come from crypto.getRandomValues' : ''}.`,
    notes,
    evidence,
  };
}
