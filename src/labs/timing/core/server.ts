/**
 * The victim: a server that checks an HMAC-SHA256 tag (truncated to the chosen length) with a
 * chosen compare. Every query really runs that compare on the attacker's guess; what the guess
 * costs in time is the number of byte pairs the compare looked at, times the cost per byte, plus
 * the network's noise. With the simulated clock that time is computed (so hours of queries take
 * seconds); with the real clock the server really waits that long and the attacker measures it.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '../../../core/bytes';
import { COMPARES, type CompareKind } from './compares';
import type { NoiseModel } from './noise';
import type { Prng } from './prng';

export const SIGNED_MESSAGE = 'transfer?to=alice&amount=100';

export interface Observation {
  accepted: boolean;
  /** Round-trip time of the query as the attacker measured it, in nanoseconds. */
  ns: number;
}

/** What the attacker can do: send a guessed tag and time the answer. */
export interface Oracle {
  readonly tagBytes: number;
  readonly queries: number;
  query(guess: Uint8Array): Observation;
}

export interface ServerConfig {
  tagBytes: number;
  perByteNs: number;
  compare: CompareKind;
  noise: NoiseModel;
}

export type Clock = { kind: 'simulated' } | { kind: 'real'; now: () => number };

export function hiddenTag(key: Uint8Array, tagBytes: number): Uint8Array {
  return hmac(sha256, key, utf8ToBytes(SIGNED_MESSAGE)).slice(0, tagBytes);
}

/** The network's contribution to one round trip: normal jitter, and now and then a hiccup. */
function noiseNs(noise: NoiseModel, prng: Prng): number {
  const { jitterNs, outlierRate, outlierScale } = noise;
  if (jitterNs <= 0) return 0;
  let extra = prng.normal() * jitterNs;
  if (prng.next() < outlierRate) extra += prng.exponential() * outlierScale * jitterNs;
  return extra;
}

/**
 * One query on the simulated clock: the compare really runs on the guess, and the time is the
 * round trip, plus the bytes it compared times their cost, plus the noise drawn from `prng`. The
 * lab's server and the timing challenges' servers answer with this.
 */
export function simulateQuery(
  config: ServerConfig,
  tag: Uint8Array,
  guess: Uint8Array,
  prng: Prng,
): Observation {
  const { equal, steps } = COMPARES[config.compare](tag, guess);
  const ns = Math.max(
    0,
    config.noise.baseNs + steps * config.perByteNs + noiseNs(config.noise, prng),
  );
  return { accepted: equal, ns };
}

export class TimingServer implements Oracle {
  readonly tagBytes: number;
  queries = 0;
  /** Total time the queries took (simulated or measured), in nanoseconds. */
  elapsedNs = 0;
  private readonly tag: Uint8Array;

  constructor(
    readonly config: ServerConfig,
    key: Uint8Array,
    private readonly noise: Prng,
    private readonly clock: Clock = { kind: 'simulated' },
  ) {
    this.tagBytes = config.tagBytes;
    this.tag = hiddenTag(key, config.tagBytes);
  }

  /** The answer, for the reveal after an attack (never used by the attacker). */
  revealTag(): Uint8Array {
    return this.tag.slice();
  }

  query(guess: Uint8Array): Observation {
    this.queries++;
    if (this.clock.kind === 'simulated') {
      const observation = simulateQuery(this.config, this.tag, guess, this.noise);
      this.elapsedNs += observation.ns;
      return observation;
    }
    const start = this.clock.now();
    const { equal, steps } = COMPARES[this.config.compare](this.tag, guess);
    const work = steps * this.config.perByteNs;
    // Real clock: wait for the compare's cost plus the jitter (kept non-negative), and time it.
    const { now } = this.clock;
    const wait =
      (work +
        Math.max(0, noiseNs(this.config.noise, this.noise) + 2 * this.config.noise.jitterNs)) /
      1e6;
    while (now() - start < wait) {
      /* the server is busy */
    }
    const ns = (now() - start) * 1e6;
    this.elapsedNs += ns;
    return { accepted: equal, ns };
  }
}
