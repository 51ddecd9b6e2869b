/**
 * "Ask the server yourself": the learner's own guesses, one or a batch at a time, sent to a timing
 * server that keeps its key between requests. Each query really runs the server's compare on the
 * guess (server.ts); what comes back is every measured time, numbered in the order sent, and the
 * batch's median, so the page only displays them.
 */
import { bytesToHex, parseHex } from '../../../core/bytes';
import { fail, type Result } from '../../../core/result';
import { median } from '../../../core/stats';
import { noiseModel } from './noise';
import { parseWholeNumber } from './params';
import { createPrng } from './prng';
import type { AttackScenario } from './scenario';
import { seededSetup } from './scenario';
import { TimingServer, type Oracle } from './server';
import { formatNumber } from '../../../core/number-format';

/** The most queries one request may ask for. */
export const MAX_BATCH = 1000;
/** The most queries the page keeps (a table and a chart, not a log file). */
export const MAX_KEPT = 5000;

export function parseGuess(text: string, tagBytes: number): Result<Uint8Array> {
  if (text.length > 1000)
    return fail('ask/too-long', `${formatNumber(text.length)} characters is too long.`);
  if (text.trim() === '') return fail('ask/empty', 'Type a guessed tag, in hex.');
  const guess = parseHex(text);
  if (!guess.ok) return guess;
  if (guess.value.length !== tagBytes)
    return fail(
      'ask/guess-length',
      `The server's tag is ${tagBytes} bytes (${tagBytes * 2} hex digits); this guess is ${guess.value.length}.`,
    );
  return guess;
}

export function parseBatchSize(text: string): Result<number> {
  return parseWholeNumber(text, 'Queries to send', 1, MAX_BATCH);
}

export interface AskedQuery {
  /** 1 for the first query this server answered, and so on. */
  index: number;
  guessHex: string;
  ns: number;
  accepted: boolean;
}

export interface AskedBatch {
  guessHex: string;
  queries: AskedQuery[];
  medianNs: number;
  minNs: number;
  maxNs: number;
  accepted: boolean;
}

/** Sends `guess` `count` times and times each answer. */
export function askBatch(server: Oracle, guess: Uint8Array, count: number): AskedBatch {
  const guessHex = bytesToHex(guess);
  const queries: AskedQuery[] = [];
  for (let i = 0; i < count; i++) {
    const { ns, accepted } = server.query(guess);
    queries.push({ index: server.queries, guessHex, ns, accepted });
  }
  const times = queries.map((q) => q.ns);
  return {
    guessHex,
    queries,
    medianNs: median(times),
    minNs: Math.min(...times),
    maxNs: Math.max(...times),
    accepted: queries.some((q) => q.accepted),
  };
}

/**
 * The server the learner asks, on the simulated clock: from `seed` it holds the same key and
 * draws the same noise as the lab's seeded attack (seededSetup), so the attack's answer is this
 * server's tag; without a seed, a fresh key and noise from the caller's randomness.
 */
export function openAskServer(
  scenario: AttackScenario,
  setup: { seed: number } | { key: Uint8Array; noiseSeed: number },
): TimingServer {
  const { key, noiseSeed } = 'seed' in setup ? seededSetup(setup.seed) : setup;
  return new TimingServer(
    {
      tagBytes: scenario.tagBytes,
      perByteNs: scenario.perByteNs,
      compare: scenario.compare,
      noise: noiseModel(scenario.jitterNs, scenario.baseNs),
    },
    key,
    createPrng(noiseSeed),
  );
}

export interface AskHistory {
  /** The learner's requests, oldest first (the oldest go once MAX_KEPT queries are kept). */
  batches: AskedBatch[];
  /** Queries this server has answered, including those no longer kept. */
  answered: number;
}

/** The learner's server and the requests sent to it, kept together in the worker. */
export class AskLog {
  private batches: AskedBatch[] = [];

  constructor(private readonly server: TimingServer) {}

  get tagBytes(): number {
    return this.server.tagBytes;
  }

  ask(guess: Uint8Array, count: number): AskHistory {
    this.batches.push(askBatch(this.server, guess, count));
    let kept = this.batches.reduce((n, b) => n + b.queries.length, 0);
    while (kept > MAX_KEPT && this.batches.length > 1) kept -= this.batches.shift()!.queries.length;
    return this.history();
  }

  /** Forgets the requests (the table and chart start again); the server keeps its key. */
  clear(): AskHistory {
    this.batches = [];
    return this.history();
  }

  history(): AskHistory {
    return { batches: [...this.batches], answered: this.server.queries };
  }
}
