/**
 * Recovering a JavaScript engine's `Math.random` state from the values it gave out, and predicting
 * the values that follow. The engines step the same XorShift128 generator (see xorshift128.ts);
 * they differ in what they turn into a double and in what order they hand the doubles out:
 *
 * - V8 7.1 to 14.3 (Chrome 71 to 143, Node.js 12 to 25): the double is the top bits of state0
 *   alone, with no add (strictly xorshift128, not xorshift128+: the add was lost in a 2018
 *   refactor): `>> 12` (52 bits) before V8 13.5, `>> 11` (53 bits) from 13.5. Values are made 64
 *   at a time into a cache (src/numbers/math-random.cc) and handed out from its end, so
 *   consecutive outputs are consecutive steps backwards until the cache runs out and a fresh one
 *   (64 steps further on) starts. The output is linear over GF(2): a handful of values (52 known
 *   bits each, 128 unknowns) pin the state by Gaussian elimination.
 * - V8 14.4 and later: the top 53 bits of state0 + state1 (V8 commit 0596ead5b04f, "Resurrect add
 *   operation in xorshift128+ implementation"). The carries make it non-linear: a SAT solver finds
 *   the state from five values. In which order the values come out is not settled: I. Ludvig's
 *   "Hacking Google Random Number Generator (Part 2)" (2026) solves Chrome 147's values reversed
 *   (last in, first out, as before), while Chromium 156 here hands them out in step order
 *   (vectors/math-random-chromium-seeded.json). So both orders are tried, and the recovery says
 *   which one fitted.
 * - SpiderMonkey (Firefox) and JavaScriptCore (Safari, Bun): the low 53 bits of state0 + state1,
 *   in step order. The lowest bit is state0 xor state1 (no carry reaches it), so 128 values give
 *   128 linear equations; with fewer, the SAT solver does it.
 */
import { Gf2System, SymbolicWord, symbolicNext, wordsOf, xorInto, emptyMask } from './gf2';
import { logicSolver, loadLogicSolver, type Logic } from './logic-solver-adapter';
import { solveSumWindow, type SumWindow } from './xorshift-sat';
import { MASK64, nextWord, previousWord, stepsBackToSeedState, wordsAround } from './xorshift128';

export type EngineModelId = 'v8-legacy' | 'v8-sum' | 'v8-sum-reversed' | 'firefox-safari';

/** In step order, or V8's 64-value caches each handed out from the end (last in, first out). */
export type ValueOrder = 'step-order' | 'caches-backwards';

export interface EngineModel {
  id: EngineModelId;
  /** The engine(s), in a few words. */
  engine: string;
  /** Where the bits of each double come from. */
  output: string;
  order: ValueOrder;
}

export const ENGINE_MODELS: Record<EngineModelId, EngineModel> = {
  'v8-legacy': {
    id: 'v8-legacy',
    engine: 'V8 7.1 to 14.3 (Chrome 71 to 143, Node.js 12 to 25)',
    output: 'top bits of state0 alone (xorshift128, no add), each 64-value cache served backwards',
    order: 'caches-backwards',
  },
  'v8-sum': {
    id: 'v8-sum',
    engine: 'V8 14.4 or later, values in step order',
    output: 'top 53 bits of state0 + state1, in step order',
    order: 'step-order',
  },
  'v8-sum-reversed': {
    id: 'v8-sum-reversed',
    engine: 'V8 14.4 or later, caches served backwards',
    output: 'top 53 bits of state0 + state1, each 64-value cache served backwards',
    order: 'caches-backwards',
  },
  'firefox-safari': {
    id: 'firefox-safari',
    engine: 'SpiderMonkey or JavaScriptCore (Firefox, Safari, Bun)',
    output: 'low 53 bits of state0 + state1, in step order',
    order: 'step-order',
  },
};

const TWO_53 = 2 ** 53;

export interface CacheInfo {
  /** Index in V8's 64-value cache of the first observed value (values come from 63 down to 0). */
  position: number;
  /** How the refill points were found: seen among the values, or by walking back to the seed. */
  found: 'refill-seen' | 'seed-found' | 'unknown';
}

export interface Recovery {
  model: EngineModelId;
  engine: string;
  order: ValueOrder;
  /** How the state was found, in one sentence. */
  method: string;
  /** The two state words that made the first observed value (hex). */
  state: [string, string];
  /** Observed values the recovered state reproduces (always all of them). */
  reproduced: number;
  next: number[];
  /** How many of `next` are certain (fewer only when V8's cache boundary could not be located). */
  certain: number;
  /**
   * V8 only: how many values this context had handed out before the first observed one, found by
   * walking back to V8's seed state; null when the seed state is out of reach.
   */
  drawnBefore?: number | null;
  /** V8 before 14.4 only: `>> 12` (52 bits) or `>> 11` (53 bits). */
  shift?: 11 | 12;
  /** V8's caches served backwards only. */
  cache?: CacheInfo;
}

export interface ModelAttempt {
  model: EngineModelId;
  outcome: 'fits' | 'no-fit' | 'too-few';
  note: string;
  elapsedMs: number;
}

export type Detection =
  | { ok: true; recovery: Recovery; attempts: ModelAttempt[] }
  | { ok: false; message: string; attempts: ModelAttempt[] };

type ModelResult =
  { fits: true; recovery: Recovery } | { fits: false; tooFew: boolean; note: string };

const hex = (word: bigint) => word.toString(16).padStart(16, '0');

/** The integer behind a double that is a multiple of 2^-bits, or null if it is not one. */
function scaled(value: number, bits: number): bigint | null {
  const m = value * 2 ** bits;
  return Number.isInteger(m) && m >= 0 && m < 2 ** bits ? BigInt(m) : null;
}

// ---------------------------------------------------------------------------------------------
// V8's 64-value caches served backwards (before 14.4 always; from 14.4 in some builds).

/**
 * Step number (relative to the first observed value) of observed value k, if the first observed
 * value sat at index `position` of its cache. Inside one cache the steps count down; when it runs
 * out, the next cache holds the 64 steps after the current cache's last, again served from the end.
 */
function backwardStep(k: number, position: number): number {
  if (k <= position) return -k;
  const later = k - position - 1;
  const cache = Math.floor(later / 64) + 1;
  return -position + 64 * cache + 63 - (later % 64);
}

/** The integer an engine turns into the double at step j, from the word sequence around it. */
type StepValue = (words: Map<number, bigint>, j: number) => bigint;

interface Placement {
  words: Map<number, bigint>;
  /** Word index (relative to `base`) of the step that made observed value k. */
  index: (k: number) => number;
  position: number;
  found: CacheInfo['found'];
  drawnBefore: number | null;
  next: number[];
  certain: number;
}

/**
 * Given the words at step `base` and `base + 1` (steps counted from the first observed value),
 * find where the caches start: every cache position consistent with all observed values, and,
 * when more than one is, the one that V8's seed state (found by walking back) implies.
 */
function placeInCaches(
  a: bigint,
  b: bigint,
  base: number,
  observed: readonly bigint[],
  valueAt: StepValue,
  bits: number,
  count: number,
): Placement | null {
  const n = observed.length;
  const total = n + count;
  const candidates = Array.from({ length: 64 }, (_, position) => ({
    position,
    index: (k: number) => backwardStep(k, position) - base,
  }));
  let low = 0;
  let high = 1;
  for (const { index } of candidates) {
    for (let k = 0; k < total; k++) {
      low = Math.min(low, index(k));
      high = Math.max(high, index(k));
    }
  }
  const words = wordsAround(a, b, low - 1, high + 2);
  const consistent = candidates.filter(({ index }) =>
    observed.every((t, k) => valueAt(words, index(k)) === t),
  );
  if (consistent.length === 0) return null;

  const toDouble = (j: number) => Number(valueAt(words, j)) / 2 ** bits;
  const predict = (index: (k: number) => number) =>
    Array.from({ length: count }, (_, i) => toDouble(index(n + i)));

  let chosen = consistent[consistent.length - 1]!;
  let found: CacheInfo['found'] = consistent.length === 1 ? 'refill-seen' : 'unknown';
  let drawnBefore: number | null = null;
  // Walk back to V8's seed state (murmur3(seed), murmur3(~seed)): the first cache starts right
  // after it, and every later cache 64 steps further on.
  const earliest = Math.min(...observed.map((_, k) => chosen.index(k)));
  const reach = consistent.length > 1 ? 1 << 20 : 1 << 14;
  const back = stepsBackToSeedState(words.get(earliest - 1)!, words.get(earliest)!, reach);
  if (back >= 0) {
    const seedAt = earliest - 1 - back;
    const first = chosen.index(0);
    const position = (((first - (seedAt + 1)) % 64) + 64) % 64;
    const match = consistent.find((c) => c.position === position);
    if (match) {
      chosen = match;
      drawnBefore = first - position - (seedAt + 1) + 63 - position;
      if (found === 'unknown') found = 'seed-found';
    }
  }
  const next = predict(chosen.index);
  let certain = count;
  if (found === 'unknown') {
    for (const other of consistent) {
      const alternative = predict(other.index);
      const same = alternative.findIndex((v, i) => v !== next[i]);
      if (same >= 0) certain = Math.min(certain, same);
    }
  }
  return {
    words,
    index: chosen.index,
    position: chosen.position,
    found,
    drawnBefore,
    next,
    certain,
  };
}

/** Values one elimination uses: 6 × 52 known bits for 128 unknowns, whatever the alignment. */
const RUN = 6;

function recoverV8Legacy(observed: readonly number[], count: number): ModelResult {
  if (observed.length < 4) return { fits: false, tooFew: true, note: 'needs at least 4 values.' };
  const used = Math.min(observed.length, RUN);
  let lastNote = 'no state reproduces these values.';
  for (const shift of [12, 11] as const) {
    const bits = 64 - shift;
    const tops = observed.map((v) => scaled(v, bits));
    if (tops.some((t) => t === null)) {
      if (shift === 12) lastNote = 'the values have 53 significant bits; state0 >> 12 gives 52.';
      continue;
    }
    // Step numbers relative to the first value run from -(used - 1) (inside its cache) to 127
    // (the end of the next cache); the unknowns are the two words at the lowest step.
    const base = -(used - 1);
    const words = [SymbolicWord.unknown(0), SymbolicWord.unknown(1)];
    while (words.length < 128 - base + 1) words.push(symbolicNext(words.at(-2)!, words.at(-1)!));
    // Where the first cache ends decides which steps the first values are: after value 0, 1, …,
    // used - 2, or not among them. Each case is one linear system.
    const cases = [...Array.from({ length: used - 1 }, (_, p) => p), 63];
    for (const position of cases) {
      const system = new Gf2System();
      for (let k = 0; k < used; k++) {
        const word = words[backwardStep(k, position) - base]!;
        const top = tops[k]!;
        for (let i = 0; i < bits; i++)
          system.add(word.bits[shift + i]!, Number((top >> BigInt(i)) & 1n));
      }
      const solution = system.solve();
      if (!solution || system.rank < 128) continue;
      const [a, b] = wordsOf(solution);
      const fit = legacyRecovery(a, b, base, tops as bigint[], shift, count);
      if (fit) return { fits: true, recovery: fit };
    }
  }
  return { fits: false, tooFew: false, note: lastNote };
}

function legacyRecovery(
  a: bigint,
  b: bigint,
  base: number,
  tops: bigint[],
  shift: 11 | 12,
  count: number,
): Recovery | null {
  const n = tops.length;
  const place = placeInCaches(
    a,
    b,
    base,
    tops,
    (words, j) => words.get(j)! >> BigInt(shift),
    64 - shift,
    count,
  );
  if (!place) return null;
  const { words, index } = place;
  let certain = place.certain;
  // Values whose 53rd bit happens to be 0 everywhere fit state0 >> 11 as well as >> 12 (same
  // state): the two agree exactly while bit 11 of the word stays 0, so beyond that it is a guess.
  let alsoEleven = false;
  if (shift === 12) {
    const bit11 = (j: number) => (words.get(j)! >> 11n) & 1n;
    alsoEleven = tops.every((_, k) => bit11(index(k)) === 0n);
    if (alsoEleven) {
      const differs = Array.from({ length: count }, (_, i) => bit11(index(n + i)) === 1n);
      const first = differs.indexOf(true);
      if (first >= 0) certain = Math.min(certain, first);
    }
  }
  const first = index(0);
  return {
    model: 'v8-legacy',
    engine: ENGINE_MODELS['v8-legacy'].engine,
    order: 'caches-backwards',
    method:
      `Gaussian elimination over GF(2) on ${Math.min(n, RUN)} values (state0 >> ${shift}), cache refills placed by the values.` +
      (alsoEleven
        ? ' These values also fit state0 >> 11; more values would tell the two apart.'
        : ''),
    state: [hex(words.get(first)!), hex(words.get(first + 1)!)],
    reproduced: n,
    next: place.next,
    certain,
    drawnBefore: place.drawnBefore,
    shift,
    cache: { position: place.position, found: place.found },
  };
}

// ---------------------------------------------------------------------------------------------
// Engines that output a window of bits of state0 + state1.

function sumBits(x: bigint, y: bigint, window: SumWindow): bigint {
  const width = BigInt(window.high - window.low + 1);
  return (((x + y) & MASK64) >> BigInt(window.low)) & ((1n << width) - 1n);
}

function predictSums(a: bigint, b: bigint, from: number, count: number, window: SumWindow) {
  const out: number[] = [];
  let x = a;
  let y = b;
  for (let k = 0; k < from + count; k++) {
    if (k >= from) out.push(Number(sumBits(x, y, window)) / TWO_53);
    [x, y] = [y, nextWord(x, y)];
  }
  return out;
}

/** How far back V8's seed state lies behind the state (a, b) that made the first value. */
const SEED_REACH = 1 << 16;

function sumRecovery(
  model: 'v8-sum' | 'firefox-safari',
  method: string,
  a: bigint,
  b: bigint,
  observed: readonly number[],
  count: number,
  window: SumWindow,
): Recovery | null {
  const replay = predictSums(a, b, 0, observed.length + count, window);
  if (!observed.every((v, k) => replay[k] === v)) return null;
  const recovery: Recovery = {
    model,
    engine: ENGINE_MODELS[model].engine,
    order: 'step-order',
    method,
    state: [hex(a), hex(b)],
    reproduced: observed.length,
    next: replay.slice(observed.length),
    certain: count,
  };
  if (model === 'v8-sum') {
    // The state before the first value's step is (w[-1], w[0]); V8 seeds a context with
    // (murmur3(seed), murmur3(~seed)), so the number of steps back to it is the values drawn.
    const back = stepsBackToSeedState(previousWord(a, b), a, SEED_REACH);
    recovery.drawnBefore = back >= 0 ? back : null;
  }
  return recovery;
}

const V8_SUM: SumWindow = { low: 11, high: 63 };
const FIREFOX_SAFARI: SumWindow = { low: 0, high: 52 };
/** Values the SAT encoding uses: 5 × 53 known bits for 128 unknowns. */
const SAT_VALUES = 5;
const MIN_SAT_VALUES = 4;

function recoverFirefoxLinear(observed: readonly number[], count: number): ModelResult {
  const system = new Gf2System();
  let x = SymbolicWord.unknown(0);
  let y = SymbolicWord.unknown(1);
  // 256 values give 256 equations for 128 unknowns; every value is checked afterwards anyway.
  for (const value of observed.slice(0, 256)) {
    const low = scaled(value, 53)!;
    // Bit 0 of x + y is x[0] xor y[0]: no carry reaches it.
    const mask = Uint32Array.from(x.bits[0]!);
    xorInto(mask, y.bits[0]!);
    system.add(mask, Number(low & 1n));
    [x, y] = [y, symbolicNext(x, y)];
  }
  if (system.contradicted)
    return { fits: false, tooFew: false, note: 'the lowest bits contradict each other.' };
  if (system.rank < 128)
    return {
      fits: false,
      tooFew: true,
      note: `the lowest bits pin only ${system.rank} of 128 state bits.`,
    };
  const [a, b] = wordsOf(system.solve() ?? emptyMask());
  const recovery = sumRecovery(
    'firefox-safari',
    `Gaussian elimination over GF(2) on the lowest bit of ${Math.min(observed.length, 256)} values.`,
    a,
    b,
    observed,
    count,
    FIREFOX_SAFARI,
  );
  return recovery
    ? { fits: true, recovery }
    : { fits: false, tooFew: false, note: 'no state reproduces these values.' };
}

function recoverWithSat(
  model: 'v8-sum' | 'firefox-safari',
  window: SumWindow,
  logic: Logic,
  observed: readonly number[],
  count: number,
): ModelResult {
  if (observed.length < MIN_SAT_VALUES)
    return { fits: false, tooFew: true, note: `needs at least ${MIN_SAT_VALUES} values.` };
  const used = observed.slice(0, SAT_VALUES);
  const sums = used.map((v) => scaled(v, 53)!);
  const solution = solveSumWindow(logicSolver(logic), sums, window);
  if (!solution)
    return {
      fits: false,
      tooFew: false,
      note: `no state gives the first ${used.length} values in step order.`,
    };
  const recovery = sumRecovery(
    model,
    `SAT solver (MiniSat) on the first ${used.length} values in step order, checked against all ${observed.length}.`,
    solution[0],
    solution[1],
    observed,
    count,
    window,
  );
  return recovery
    ? { fits: true, recovery }
    : {
        fits: false,
        tooFew: false,
        note: `the first ${used.length} values fit, but later ones do not.`,
      };
}

/**
 * V8's sum model with each cache served backwards. A run of values inside one cache is a run of
 * steps backwards, so the solver gets it reversed. Values 0–4 are in one cache unless a refill
 * falls among them; then values 4–8 are (the next cache holds 64), which is why 9 values always
 * suffice. The state found is then placed in its caches like the legacy model's.
 */
function recoverSumReversed(logic: Logic, observed: readonly number[], count: number): ModelResult {
  if (observed.length < MIN_SAT_VALUES)
    return { fits: false, tooFew: true, note: `needs at least ${MIN_SAT_VALUES} values.` };
  const sums = observed.map((v) => scaled(v, 53)!);
  const m = Math.min(observed.length, SAT_VALUES);
  // Values 0..m-1 at steps 0, -1, …, -(m-1); values 4–8 of a second cache at steps 124 … 120
  // (value k of the cache after the first is at step 128 - k, wherever the refill fell).
  const windows = [{ from: 0, base: -(m - 1) }];
  if (observed.length >= 4 + SAT_VALUES)
    windows.push({ from: 4, base: 128 - (4 + SAT_VALUES - 1) });
  for (const { from, base } of windows) {
    const run = sums.slice(from, from + m).reverse();
    const solution = solveSumWindow(logicSolver(logic), run, V8_SUM);
    if (!solution) continue;
    const place = placeInCaches(
      solution[0],
      solution[1],
      base,
      sums,
      (words, j) => sumBits(words.get(j)!, words.get(j + 1)!, V8_SUM),
      53,
      count,
    );
    if (!place) continue;
    const first = place.index(0);
    return {
      fits: true,
      recovery: {
        model: 'v8-sum-reversed',
        engine: ENGINE_MODELS['v8-sum-reversed'].engine,
        order: 'caches-backwards',
        method: `SAT solver (MiniSat) on values ${from + 1}–${from + m} reversed (one cache, served backwards), cache refills placed, checked against all ${observed.length}.`,
        state: [hex(place.words.get(first)!), hex(place.words.get(first + 1)!)],
        reproduced: observed.length,
        next: place.next,
        certain: place.certain,
        drawnBefore: place.drawnBefore,
        cache: { position: place.position, found: place.found },
      },
    };
  }
  return windows.length > 1
    ? {
        fits: false,
        tooFew: false,
        note: 'no state gives these values with caches served backwards.',
      }
    : {
        fits: false,
        tooFew: true,
        note: `no state gives the first ${m} values backwards; if a refill falls among them, ${4 + SAT_VALUES} values are needed.`,
      };
}

// ---------------------------------------------------------------------------------------------

export interface DetectOptions {
  /** Loads logic-solver; by default a dynamic import, so it is fetched only if a SAT model runs. */
  loadSolver?: () => Promise<Logic>;
  now?: () => number;
  /** Called as each model is tried (the SAT models take tens of milliseconds each). */
  onAttempt?: (attempt: ModelAttempt) => void;
}

/**
 * Finds which engine model produced `observed` (consecutive Math.random() values), recovers the
 * state, and predicts the next `count` values. Models are tried cheapest first; the first that
 * reproduces every observed value wins, except that V8's sum model is always tried in both
 * orders, so the attempts say which order this engine uses and that the other does not fit.
 */
export async function detectAndPredict(
  observed: readonly number[],
  count: number,
  options: DetectOptions = {},
): Promise<Detection> {
  const now = options.now ?? (() => 0);
  const attempts: ModelAttempt[] = [];
  const notFull = observed.findIndex((v) => scaled(v, 53) === null);
  if (notFull >= 0)
    return {
      ok: false,
      attempts,
      message: `Value ${notFull + 1} (${observed[notFull]}) is not a multiple of 2^-53, so it is not a whole Math.random() value: was it rounded?`,
    };

  let logic: Logic | null = null;
  const solver = async () => (logic ??= await (options.loadSolver ?? loadLogicSolver)());
  const plans: { model: EngineModelId; run: () => ModelResult | Promise<ModelResult> }[] = [
    { model: 'v8-legacy', run: () => recoverV8Legacy(observed, count) },
  ];
  // With 128 values the Firefox/Safari model is linear and cheap, so it goes before the solver.
  if (observed.length >= 128)
    plans.push({ model: 'firefox-safari', run: () => recoverFirefoxLinear(observed, count) });
  plans.push(
    {
      model: 'v8-sum',
      run: async () => recoverWithSat('v8-sum', V8_SUM, await solver(), observed, count),
    },
    {
      model: 'v8-sum-reversed',
      run: async () => recoverSumReversed(await solver(), observed, count),
    },
  );
  if (observed.length < 128)
    plans.push({
      model: 'firefox-safari',
      run: async () =>
        recoverWithSat('firefox-safari', FIREFOX_SAFARI, await solver(), observed, count),
    });
  let found: Recovery | null = null;
  for (const plan of plans) {
    const bothOrders = found?.model === 'v8-sum' && plan.model === 'v8-sum-reversed';
    if (found && !bothOrders) break;
    const start = now();
    const result = await plan.run();
    const attempt: ModelAttempt = {
      model: plan.model,
      outcome: result.fits ? 'fits' : result.tooFew ? 'too-few' : 'no-fit',
      note: result.fits ? result.recovery.method : result.note,
      elapsedMs: now() - start,
    };
    attempts.push(attempt);
    options.onAttempt?.(attempt);
    if (result.fits) found ??= result.recovery;
  }
  if (found) return { ok: true, recovery: found, attempts };
  const tooFew = attempts.some((a) => a.outcome === 'too-few');
  return {
    ok: false,
    attempts,
    message: tooFew
      ? `No engine model fits these ${observed.length} values yet: give more consecutive values.`
      : `No engine model fits these ${observed.length} values: they are not consecutive Math.random() outputs of V8, SpiderMonkey or JavaScriptCore (or something else called Math.random in between).`,
  };
}

export interface ActualComparison {
  /** How many predicted values the page used up before the drawn ones (0 when nothing interfered). */
  offset: number | null;
  /** For each drawn value: was it predicted (at that offset)? */
  matches: boolean[];
}

/**
 * Lines the values really drawn up with the predictions. If other code on the page called
 * Math.random in between, the drawn values appear further down the predicted list: the offset
 * says how far, so the comparison stays honest instead of failing or hiding it.
 */
export function compareWithActual(
  predicted: readonly number[],
  actual: readonly number[],
): ActualComparison {
  for (let offset = 0; offset + actual.length <= predicted.length; offset++) {
    if (actual.every((v, i) => predicted[offset + i] === v))
      return { offset, matches: actual.map(() => true) };
  }
  return { offset: null, matches: actual.map((v, i) => predicted[i] === v) };
}

export interface TypedComparison {
  /** For each value drawn: did the learner's value at that place equal it exactly? */
  matches: boolean[];
  hits: number;
}

/**
 * "Type the next values before the tab draws them": the learner's values against the ones really
 * drawn after, place by place and exactly (a double printed in full round-trips).
 */
export function compareTyped(typed: readonly number[], drawn: readonly number[]): TypedComparison {
  const matches = drawn.map((v, i) => typed[i] === v);
  return { matches, hits: matches.filter(Boolean).length };
}
