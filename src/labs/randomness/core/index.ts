/**
 * The randomness lab's public API: its attacks, for other labs and tools (the code lab runs them
 * against learners' token generators; the benchmark times them). Other labs import this index,
 * never a module inside core/ (a lint rule checks it):
 *
 *   detectAndPredict(observedDoubles, count) → { ok, recovery: { model, engine, next, … } } or
 *     { ok: false, message }: which engine's Math.random made the values, and what follows.
 *   cloneFromOutputs(uint32s) → a clone of CPython's generator (predictAfter for what follows,
 *     recoverEarlierOutputs for what came before).
 *   searchSeeds({ from, to, alphabet, key }) → the seed t such that random.seed(t) made the key.
 *   loadLogicSolver() → the SAT solver (loaded on first use) that Math.random recovery may need.
 */
export {
  compareWithActual,
  detectAndPredict,
  ENGINE_MODELS,
  type Detection,
  type EngineModelId,
  type ModelAttempt,
  type Recovery,
} from './math-random';
export { EngineMathRandom } from './engines';
export {
  cloneFromOutputs,
  keyEndingAt,
  predictAfter,
  recoverEarlierOutputs,
  untemperSteps,
  type ClonePrediction,
  type MtClone,
} from './mt-clone';
export { MT_N, temper, untemper } from './mt19937';
export { PythonRandom, seedWords } from './python-random';
export { keyForSeed, parseSeedSearch, searchSeeds, SeedMatcher } from './seed-search';
export { parseUint32List, parseUnitDoubles } from './parse-numbers';
export { loadLogicSolver, logicSolver, type Logic } from './logic-solver-adapter';
