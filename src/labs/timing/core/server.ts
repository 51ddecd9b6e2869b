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

  private noiseNs(): number {
    const { jitterNs, outlierRate, outlierScale } = this.config.noise;
    if (jitterNs <= 0) return 0;
    let extra = this.noise.normal() * jitterNs;
    if (this.noise.next() < outlierRate)
      extra += this.noise.exponential() * outlierScale * jitterNs;
    return extra;
  }

  query(guess: Uint8Array): Observation {
    this.queries++;
    const start = this.clock.kind === 'real' ? this.clock.now() : 0;
    const { equal, steps } = COMPARES[this.config.compare](this.tag, guess);
    const work = steps * this.config.perByteNs;
    if (this.clock.kind === 'simulated') {
      const ns = Math.max(0, this.config.noise.baseNs + work + this.noiseNs());
      this.elapsedNs += ns;
      return { accepted: equal, ns };
    }
    // Real clock: wait for the compare's cost plus the jitter (kept non-negative), and time it.
    const { now } = this.clock;
    const wait = (work + Math.max(0, this.noiseNs() + 2 * this.config.noise.jitterNs)) / 1e6;
    while (now() - start < wait) {
      /* the server is busy */
    }
    const ns = (now() - start) * 1e6;
    this.elapsedNs += ns;
    return { accepted: equal, ns };
  }
}
