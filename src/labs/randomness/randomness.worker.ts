/**
 * The randomness lab's worker: plays the victims (seeded from Web Crypto, which stands in for the
 * operating system), runs the attacks, the seed searches and the statistics off the main thread.
 * logic-solver is imported only when a SAT model runs (see core/logic-solver-adapter.ts).
 */
import { serveWorker } from '../../platform/worker-host';
import { AskShop, predictNextReset, type ShopView } from './core/ask-shop';
import {
  bootVictim,
  restoreTwice,
  searchBootSpace,
  withMeasuredRate,
  type BootSearchProgress,
  type BootSearchResult,
  type BootSpace,
  type BootVictim,
  type Knowledge,
  type SnapshotRun,
} from './core/boot-entropy';
import {
  playCloneScenario,
  pythonRandomVictim,
  secretsVictim,
  type CloneScenario,
  type VictimKind,
} from './core/clone-scenario';
import {
  measureGenerator,
  GENERATOR_IDS,
  type GeneratorId,
  type GeneratorReport,
} from './core/entropy';
import { detectAndPredict, type Detection, type ModelAttempt } from './core/math-random';
import { makeSeedScenario, type SeedScenario, type SeedScenarioId } from './core/seed-scenario';
import {
  keyForSeed,
  searchSeeds,
  type SeedSearchProgress,
  type SeedSearchQuery,
  type SeedSearchResult,
} from './core/seed-search';

export type SeedSearchOutcome = SeedSearchResult & { regenerated: string | null };

export type RandomnessApi = {
  'clone-demo': {
    payload: { victim: VictimKind; alphabet: string; keyLength: number; adminKeyLength: number };
    result: CloneScenario;
  };
  /** Ask the shop yourself: a shop that keeps running between requests. */
  'shop-open': {
    payload: { victim: VictimKind; alphabet: string; keyLength: number };
    result: ShopView;
  };
  'shop-reset': { payload: { guess: string }; result: ShopView };
  /** "Show me": the clone's prediction of the shop's next reset key, from its order numbers. */
  'shop-predict': { payload: null; result: string };
  'seed-scenario': {
    payload: { id: SeedScenarioId; alphabet: string; length: number };
    result: SeedScenario;
  };
  'seed-search': {
    payload: SeedSearchQuery;
    progress: SeedSearchProgress;
    result: SeedSearchOutcome;
  };
  'math-random': {
    payload: { observed: number[]; count: number };
    progress: ModelAttempt;
    result: Detection;
  };
  'boot-victim': { payload: { knowledge: Knowledge }; result: BootVictim };
  'boot-search': {
    payload: { space: BootSpace; token: string };
    progress: BootSearchProgress;
    result: BootSearchResult;
  };
  'snapshot-restore': { payload: { reseed: boolean; keys: number }; result: SnapshotRun };
  entropy: {
    payload: { alphabet: string; length: number };
    progress: { done: GeneratorId; index: number; total: number };
    result: GeneratorReport[];
  };
};

const randomBytes = (n: number) => crypto.getRandomValues(new Uint8Array(n));

function randomBelow(n: number): number {
  const limit = 2 ** 32 - (2 ** 32 % n);
  for (;;) {
    const value = crypto.getRandomValues(new Uint32Array(1))[0]!;
    if (value < limit) return value % n;
  }
}

let shop: AskShop | null = null;

function openShop(): AskShop {
  if (!shop) throw new Error('The shop is not open yet.');
  return shop;
}

serveWorker<RandomnessApi>({
  'shop-open': ({ victim, alphabet, keyLength }) => {
    shop = new AskShop(
      victim === 'random'
        ? pythonRandomVictim(crypto.getRandomValues(new Uint32Array(624)))
        : secretsVictim(randomBytes),
      alphabet,
      keyLength,
    );
    return shop.view();
  },
  'shop-reset': ({ guess }) => openShop().reset(guess),
  'shop-predict': () => {
    const open = openShop();
    const { alphabet, keyLength } = open.format;
    const predicted = predictNextReset(
      open.orderNumbers,
      open.view().resets.length,
      alphabet,
      keyLength,
    );
    if (!predicted.ok) throw new Error(predicted.error.message);
    return predicted.value;
  },
  'clone-demo': ({ victim, alphabet, keyLength, adminKeyLength }) =>
    playCloneScenario(
      {
        victim:
          victim === 'random'
            ? pythonRandomVictim(crypto.getRandomValues(new Uint32Array(624)))
            : secretsVictim(randomBytes),
        alphabet,
        keyLength,
        adminKeyLength,
      },
      () => performance.now(),
    ),
  'seed-scenario': ({ id, alphabet, length }) =>
    makeSeedScenario({
      id,
      alphabet,
      length,
      nowSeconds: Math.floor(Date.now() / 1000),
      randomBelow,
      randomBytes,
    }),
  'seed-search': (query, progress) => {
    const result = searchSeeds(query, { now: () => performance.now(), onProgress: progress });
    return {
      ...result,
      regenerated:
        result.seed === null
          ? null
          : keyForSeed(result.seed, query.alphabet, Array.from(query.key).length),
    };
  },
  'math-random': ({ observed, count }, progress) =>
    detectAndPredict(observed, count, { now: () => performance.now(), onAttempt: progress }),
  'boot-victim': ({ knowledge }) => bootVictim(knowledge, { nowMs: Date.now(), randomBelow }),
  'boot-search': ({ space, token }, progress) => {
    const now = () => performance.now();
    return withMeasuredRate(
      searchBootSpace(space, token, { now, onProgress: progress }),
      space,
      now,
    );
  },
  'snapshot-restore': ({ reseed, keys }) => {
    const osWords = () => crypto.getRandomValues(new Uint32Array(624));
    return restoreTwice(osWords(), keys, reseed ? [osWords(), osWords()] : null);
  },
  entropy: ({ alphabet, length }, progress) => {
    const sources = {
      mathRandom: Math.random,
      randomBytes,
      randomUUID: () => crypto.randomUUID(),
      nowSeconds: Math.floor(Date.now() / 1000),
    };
    return GENERATOR_IDS.map((id, index) => {
      const report = measureGenerator(id, sources, { alphabet, length });
      progress({ done: id, index: index + 1, total: GENERATOR_IDS.length });
      return report;
    });
  },
});
