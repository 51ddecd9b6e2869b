/**
 * Token prediction with the randomness lab's predictors. The battery collects tokens from the
 * learner's `makeToken`, reads generator outputs back out of them (token-decoders.ts), recovers the
 * generator (an engine model of Math.random, or a clone of CPython's Mersenne Twister), and
 * predicts the next tokens. To turn predicted outputs into tokens it runs `makeToken` with the
 * predicted numbers in place of the generator, as an attacker who has the application's source
 * would. Only then does it ask `makeToken` for the real next tokens and compare.
 *
 * makeToken runs next to the module (the harness collects, counts and replays there); decoding,
 * recovering and predicting happen here, in the battery.
 */
import { cloneFromOutputs, detectAndPredict } from '../../randomness/core';
import type { Logic } from '../../randomness/core';
import { LearnerError, tokenText } from './learner';
import {
  describeMisbehaviour,
  learnerFunctionName,
  missingFunction,
  type Misbehaviour,
  type TokenValue,
} from './learner-protocol';
import type { RemoteLearner } from './remote-learner';
import { skipped, type ResultFor, type TokenEvidence, type TokenPrediction } from './report';
import { decodeMathRandomTokens, decodeMtTokens, lastCertainRun } from './token-decoders';

export interface TokenOptions {
  /** The battery's clock (the Math.random solver reports how long it took). */
  now: () => number;
  /** Tokens to collect (the MT clone needs 624 outputs; default 700). */
  collect?: number;
  /** Stop collecting after this long even if fewer tokens came (default 2 s). */
  collectBudgetMs?: number;
  /** Tokens to predict and then compare (default 5). */
  predict?: number;
  loadSolver?: () => Promise<Logic>;
  /** The module's language, for naming its function (make_token in Python). */
  language?: 'python';
}

/** Values one Math.random recovery uses (the models need 4–6 consecutive; a few more are checked). */
const RECOVERY_WINDOW = 24;
/** Extra predictions, to line the real tokens up if something else drew from the generator. */
const SLACK = 8;

const TOKEN_EXPECTED = 'return the token as a string, a number or a Uint8Array.';

/** The tokens as text; a LearnerError if makeToken stopped with a problem. */
function texts(tokens: readonly TokenValue[], problem: Misbehaviour | null): string[] {
  if (problem) throw new LearnerError(describeMisbehaviour('makeToken', problem, TOKEN_EXPECTED));
  return tokens.map(tokenText);
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
  learner: RemoteLearner,
  options: TokenOptions,
): Promise<ResultFor<'tokens'>> {
  if (!learner.exports.makeToken)
    return skipped('tokens', missingFunction('makeToken', options.language));
  const makeToken = learnerFunctionName('makeToken', options.language);
  const collect = options.collect ?? 700;
  const predictCount = options.predict ?? 5;
  const budget = options.collectBudgetMs ?? 2000;

  // Collect, counting which generators the tokens draw from.
  const batch = await learner.collectTokens({ count: collect, minCount: 16, budgetMs: budget });
  const tokens = texts(batch.tokens, batch.problem);
  const n = tokens.length;
  if (n === 0) return skipped('tokens', `${makeToken} produced no token in the time given.`);
  const perToken = {
    mathRandom: batch.calls.mathRandom / n,
    pythonRandom: batch.calls.pythonRandom / n,
    getRandomValues: batch.calls.getRandomValues === null ? null : batch.calls.getRandomValues / n,
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
      // makeToken, run on a generator in the cloned state: the tokens it will make next.
      const replay = await learner.replayTokens(
        {
          kind: 'python',
          stateWords: Array.from(clone.value.stateWords),
          skip: clone.value.verifiedExtra,
        },
        predictCount + SLACK,
      );
      const predicted = texts(replay.tokens, replay.problem);
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
            const replay = await learner.replayTokens(
              { kind: 'math-random', values: future },
              predictCount + SLACK,
            );
            const predicted = texts(replay.tokens, replay.problem);
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
    const real = await learner.collectTokens({
      count: predictCount,
      minCount: predictCount,
      budgetMs: 0,
    });
    const actual = texts(real.tokens, real.problem);
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
      headline: `Predicted: ${hits} of ${finished!.actual.length} tokens were computed before ${makeToken} returned them (${finished!.model}).`,
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
      headline: `Not predicted here, but ${makeToken} draws from ${weak} (${weak === 'Math.random' ? perToken.mathRandom : perToken.pythonRandom} calls per token): a generator an attacker can recover from enough output.`,
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
      headline: `${makeToken} repeated itself: ${duplicates} of ${n} tokens were duplicates.`,
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
