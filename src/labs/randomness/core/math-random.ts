/**
 * Recovering a JavaScript engine's `Math.random` state from the values it gave out, and predicting
 * the values that follow. All current engines run xorshift128+ (see xorshift128.ts); they differ in
 * what they turn into a double and in what order:
 *
 * - V8 up to 14.3 (Node.js 20–24, Chrome up to about 143): the double is the top 52 bits of state0
 *   (`>> 12`; a `>> 11` variant keeps 53). Values are made 64 at a time into a cache and handed
 *   out from its end, so consecutive outputs are consecutive steps backwards, until the cache runs
 *   out and a fresh one (64 steps further on) starts. The output is linear over GF(2): a handful
 *   of values (52 known bits each, 128 unknowns) pin the state by Gaussian elimination.
 * - V8 from 14.4 (current Chrome and Edge): the top 53 bits of state0 + state1, handed out in
 *   step order, straight across refills. The carries of the addition make it non-linear: a SAT
 *   solver finds the state from five values.
 * - SpiderMonkey (Firefox) and JavaScriptCore (Safari, Bun): the low 53 bits of state0 + state1,
 *   in step order. The lowest bit is state0 xor state1 (no carry reaches it), so 128 values give
 *   128 linear equations; with fewer, the SAT solver does it.
 */
import { Gf2System, SymbolicWord, symbolicNext, wordsOf, xorInto, emptyMask } from './gf2';
import { logicSolver, loadLogicSolver, type Logic } from './logic-solver-adapter';
import { solveSumWindow, type SumWindow } from './xorshift-sat';
import { MASK64, nextWord, stepsBackToSeedState, wordsAround } from './xorshift128';

export type EngineModelId = 'v8-legacy' | 'v8-current' | 'firefox-safari';

export interface EngineModel {
  id: EngineModelId;
  /** The engine(s), in a few words. */
  engine: string;
  /** Where the bits of each double come from. */
  output: string;
}

export const ENGINE_MODELS: Record<EngineModelId, EngineModel> = {
  'v8-legacy': {
    id: 'v8-legacy',
    engine: 'V8 before 14.4 (Node.js 20–24, Chrome up to about 143)',
    output: 'top bits of state0, 64-value cache served backwards',
  },
  'v8-current': {
    id: 'v8-current',
    engine: 'V8 14.4 or later (current Chrome and Edge)',
    output: 'top 53 bits of state0 + state1, in order',
  },
  'firefox-safari': {
    id: 'firefox-safari',
    engine: 'SpiderMonkey or JavaScriptCore (Firefox, Safari, Bun)',
    output: 'low 53 bits of state0 + state1, in order',
  },
};

const TWO_53 = 2 ** 53;

export interface CacheInfo {
  /** Index in V8's 64-value cache of the first observed value (values come from 63 down to 0). */
  position: number;
  /** How the refill points were found: seen among the values, or by walking back to the seed. */
  found: 'refill-seen' | 'seed-found' | 'unknown';
  /** How many values this context had handed out before the first observed one, if known. */
  drawnBefore: number | null;
}

export interface Recovery {
  model: EngineModelId;
  engine: string;
  /** How the state was found, in one sentence. */
  method: string;
  /** The two state words that made the first observed value (hex). */
  state: [string, string];
  /** Observed values the recovered state reproduces (always all of them). */
  reproduced: number;
  next: number[];
  /** How many of `next` are certain (fewer only when V8's cache boundary could not be located). */
  certain: number;
  /** V8 before 14.4 only: `>> 12` (52 bits) or `>> 11` (53 bits). */
  shift?: 11 | 12;
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
// V8 before 14.4: state0's top bits, from a cache of 64 served in reverse.

/**
 * Step number (relative to the first observed value) of observed value k, if the first observed
 * value sat at index `position` of its cache. Inside one cache the steps count down; when it runs
 * out, the next cache holds the 64 steps after the current cache's last, again served from the end.
 */
function legacyStep(k: number, position: number): number {
  if (k <= position) return -k;
  const later = k - position - 1;
  const cache = Math.floor(later / 64) + 1;
  return -position + 64 * cache + 63 - (later % 64);
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
        const word = words[legacyStep(k, position) - base]!;
        const top = tops[k]!;
        for (let i = 0; i < bits; i++)
          system.add(word.bits[shift + i]!, Number((top >> BigInt(i)) & 1n));
      }
      const solution = system.solve();
      if (!solution || system.rank < 128) continue;
      const [a, b] = wordsOf(solution);
      const fit = placeLegacy(a, b, base, tops as bigint[], shift, count);
      if (fit) return { fits: true, recovery: fit };
    }
  }
  return { fits: false, tooFew: false, note: lastNote };
}

/**
 * Given the words at step `base` and `base + 1` (steps counted from the first observed value),
 * find where the caches start: every cache position consistent with all observed values.
 */
function placeLegacy(
  a: bigint,
  b: bigint,
  base: number,
  tops: bigint[],
  shift: 11 | 12,
  count: number,
): Recovery | null {
  const n = tops.length;
  const total = n + count;
  const candidates = Array.from({ length: 64 }, (_, position) => ({
    position,
    index: (k: number) => legacyStep(k, position) - base,
  }));
  let low = 0;
  let high = 1;
  for (const { index } of candidates) {
    for (let k = 0; k < total; k++) {
      low = Math.min(low, index(k));
      high = Math.max(high, index(k));
    }
  }
  const words = wordsAround(a, b, low - 1, high + 1);
  const top = (j: number) => words.get(j)! >> BigInt(shift);
  const consistent = candidates.filter(({ index }) => tops.every((t, k) => top(index(k)) === t));
  if (consistent.length === 0) return null;

  const toDouble = (j: number) => Number(top(j)) / 2 ** (64 - shift);
  const predict = (index: (k: number) => number) =>
    Array.from({ length: count }, (_, i) => toDouble(index(n + i)));

  let chosen = consistent[consistent.length - 1]!;
  let found: CacheInfo['found'] = consistent.length === 1 ? 'refill-seen' : 'unknown';
  let drawnBefore: number | null = null;
  // Walk back to V8's seed state (murmur3(seed), murmur3(~seed)): the first cache starts right
  // after it, and every later cache 64 steps further on.
  const earliest = Math.min(...tops.map((_, k) => chosen.index(k)));
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
  // Values whose 53rd bit happens to be 0 everywhere fit state0 >> 11 as well as >> 12 (same
  // state): the two agree exactly while bit 11 of the word stays 0, so beyond that it is a guess.
  let alsoEleven = false;
  if (shift === 12) {
    const bit11 = (j: number) => (words.get(j)! >> 11n) & 1n;
    alsoEleven = tops.every((_, k) => bit11(chosen.index(k)) === 0n);
    if (alsoEleven) {
      const differs = Array.from({ length: count }, (_, i) => bit11(chosen.index(n + i)) === 1n);
      const first = differs.indexOf(true);
      if (first >= 0) certain = Math.min(certain, first);
    }
  }
  const first = chosen.index(0);
  return {
    model: 'v8-legacy',
    engine: ENGINE_MODELS['v8-legacy'].engine,
    method:
      `Gaussian elimination over GF(2) on ${Math.min(n, RUN)} values (state0 >> ${shift}), cache refills placed by the values.` +
      (alsoEleven
        ? ' These values also fit state0 >> 11; more values would tell the two apart.'
        : ''),
    state: [hex(words.get(first)!), hex(words.get(first + 1)!)],
    reproduced: n,
    next,
    certain,
    shift,
    cache: { position: chosen.position, found, drawnBefore },
  };
}

// ---------------------------------------------------------------------------------------------
// Engines that output a window of bits of state0 + state1, in step order.

function predictSums(a: bigint, b: bigint, from: number, count: number, window: SumWindow) {
  const width = BigInt(window.high - window.low + 1);
  const mask = (1n << width) - 1n;
  const out: number[] = [];
  let x = a;
  let y = b;
  for (let k = 0; k < from + count; k++) {
    if (k >= from) out.push(Number((((x + y) & MASK64) >> BigInt(window.low)) & mask) / TWO_53);
    [x, y] = [y, nextWord(x, y)];
  }
  return out;
}

function sumRecovery(
  model: EngineModelId,
  method: string,
  a: bigint,
  b: bigint,
  observed: readonly number[],
  count: number,
  window: SumWindow,
): Recovery | null {
  const replay = predictSums(a, b, 0, observed.length + count, window);
  if (!observed.every((v, k) => replay[k] === v)) return null;
  return {
    model,
    engine: ENGINE_MODELS[model].engine,
    method,
    state: [hex(a), hex(b)],
    reproduced: observed.length,
    next: replay.slice(observed.length),
    certain: count,
  };
}

const V8_CURRENT: SumWindow = { low: 11, high: 63 };
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
  model: EngineModelId,
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
    return { fits: false, tooFew: false, note: `no state gives the first ${used.length} values.` };
  const recovery = sumRecovery(
    model,
    `SAT solver (MiniSat) on the first ${used.length} values, checked against all ${observed.length}.`,
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
 * reproduces every observed value wins.
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
  plans.push({
    model: 'v8-current',
    run: async () => recoverWithSat('v8-current', V8_CURRENT, await solver(), observed, count),
  });
  if (observed.length < 128)
    plans.push({
      model: 'firefox-safari',
      run: async () =>
        recoverWithSat('firefox-safari', FIREFOX_SAFARI, await solver(), observed, count),
    });
  for (const plan of plans) {
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
    if (result.fits) return { ok: true, recovery: result.recovery, attempts };
  }
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
