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
import { createPrng, shuffled } from './prng';
import type { Oracle } from './server';
import { median, robustSigma, Sprt } from './stats';

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
  const T = oracle.tagBytes;
  const alpha = options.alpha ?? 1e-4;
  const beta = options.beta ?? 0.01;
  const maxCalibration = options.maxCalibrationSamples ?? 1_048_576;
  const maxQueries = options.maxQueries ?? 50_000_000;
  const maxBacktracks = options.maxBacktracks ?? 2 * T + 4;
  const progressEvery = options.progressEvery ?? 20_000;
  const prng = createPrng(options.seed);
  const startQueries = oracle.queries;

  const prefix: number[] = [];
  const banned: Set<number>[] = Array.from({ length: T }, () => new Set<number>());
  const positions: PositionRecord[] = [];
  const events: AttackEvent[] = [];
  let levels: Level[] = [];
  let sigma = 0;
  let lo = -Infinity;
  let hiOffset = Infinity;
  let backtracks = 0;
  let current: CandidatePoint[] = [];
  let tried = 0;
  let lastConfidence: number | null = null;
  let nextReport = progressEvery;

  const used = () => oracle.queries - startQueries;
  const report = (force = false) => {
    if (!options.onProgress || (!force && used() < nextReport)) return;
    nextReport = used() + progressEvery;
    options.onProgress({
      found: prefix.slice(),
      position: prefix.length,
      queries: used(),
      backtracks,
      tried,
      confidence: lastConfidence,
      positions: positions.slice(),
      current: current.slice(),
      events: events.slice(),
    });
  };
  const guessFor = (candidate: number) => {
    const guess = new Uint8Array(T);
    guess.set(prefix);
    guess[prefix.length] = candidate;
    return guess;
  };
  const time = (guess: Uint8Array) => {
    if (used() >= maxQueries)
      throw new Stop(`the budget of ${maxQueries.toLocaleString('en')} queries ran out`);
    const answer = oracle.query(guess);
    report();
    return answer;
  };
  /** Observations are clipped around the levels in play, so a hiccup cannot decide anything. */
  const clip = (x: number, level: number) => Math.min(level + hiOffset, Math.max(level - lo, x));
  /** Weighted least squares through the level measurements: level(k) = a + b·k. */
  const line = () => {
    let sw = 0,
      sx = 0,
      sy = 0,
      sxx = 0,
      sxy = 0;
    for (const { k, sum, n } of levels) {
      sw += n;
      sx += n * k;
      sy += sum;
      sxx += n * k * k;
      sxy += k * sum;
    }
    const b = (sw * sxy - sx * sy) / (sw * sxx - sx * sx);
    return { a: (sy - b * sx) / sw, b };
  };

  /** Wrong length (0 bytes compared) against a wrong first byte (1 byte compared). */
  let calibratedWith = 0;
  const calibrate = (from = 64): boolean => {
    const short = new Uint8Array(Math.max(0, T - 1));
    let zero: number[] = [];
    let one: number[] = [];
    const sample = (n: number) => {
      while (one.length < n) {
        zero.push(time(short).ns);
        const guess = new Uint8Array(T);
        guess[0] = prng.int(256);
        one.push(time(guess).ns);
      }
    };
    for (let n = from; n <= maxCalibration; n *= 2) {
      sample(n);
      const m0 = median(zero);
      const s = Math.max(robustSigma(zero), robustSigma(one), 1e-6);
      const delta = median(one) - m0;
      const se = (1.2533 * s * Math.SQRT2) / Math.sqrt(n);
      report(true);
      if (delta > 6 * se || (s <= 1e-6 && delta > 0)) {
        // Stopping at the first clear look favours looks that happened to overstate δ: the
        // levels are measured again on fresh samples.
        zero = [];
        one = [];
        sample(n);
        calibratedWith = n;
        sigma = Math.max(s, delta / 8);
        lo = 4 * sigma;
        hiOffset = delta + 4 * sigma;
        const clippedMean = (xs: number[], level: number) =>
          xs.reduce((acc, x) => acc + clip(x, level), 0) / xs.length;
        levels = [
          { position: -1, k: 0, sum: clippedMean(zero, m0) * n, n },
          { position: -1, k: 1, sum: clippedMean(one, m0 + delta) * n, n },
        ];
        events.push({ kind: 'calibrated', sigmaNs: sigma, deltaNs: line().b, queries: used() });
        return true;
      }
    }
    return false;
  };

  /** Random guesses for this byte are wrong (255 times in 256): their mean is the level to beat. */
  const measureWrongLevel = () => {
    const p = prefix.length;
    const { a, b } = line();
    const n = Math.ceil(32 * (sigma / b) ** 2) + 16;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += clip(time(guessFor(prng.int(256))).ns, a + b * (p + 1));
    levels.push({ position: p - 1, k: p + 1, sum, n });
  };
  /** The level of guesses that stop after k bytes: measured where possible, else from the line. */
  const levelAt = (k: number) => {
    let sum = 0;
    let n = 0;
    for (const level of levels)
      if (level.k === k) {
        sum += level.sum;
        n += level.n;
      }
    if (n > 0) return sum / n;
    const { a, b } = line();
    return a + b * k;
  };

  /**
   * Before banning byte p − 1 because nothing at p stood out: is it really slower than a wrong
   * byte there? If clearly so, the failure at p was bad luck and p is tried again instead.
   */
  const stillLooksRight = (): boolean => {
    const p = prefix.length;
    const { b } = line();
    const n = Math.ceil(64 * (sigma / b) ** 2) + 16;
    const withByte = new Uint8Array(T);
    withByte.set(prefix);
    const level = levelAt(p);
    let right = 0;
    let wrong = 0;
    for (let i = 0; i < n; i++) {
      right += clip(time(withByte).ns, level);
      const other = withByte.slice();
      other[p - 1] = (prefix[p - 1]! + 1 + prng.int(255)) & 0xff;
      wrong += clip(time(other).ns, level);
    }
    // Banning a right byte is costly and keeping a wrong one is cheap (the next position fails
    // again and asks again), so the bar for "still looks right" is low.
    return (right - wrong) / n / (sigma * Math.sqrt(2 / n)) > 2;
  };

  /** One pass of sequential tests over `order`; returns the confirmed byte or null. */
  const pass = (order: readonly number[]): number | null => {
    const p = prefix.length;
    const { b } = line();
    const mu0 = levelAt(p + 1);
    const low = mu0 - lo;
    const high = mu0 + hiOffset;
    const cap = Math.ceil(60 * (sigma / b) ** 2) + 20;
    const confirmations = Math.ceil(32 * (sigma / b) ** 2) + 8;
    const start = used();
    for (const c of order) {
      if (banned[p]!.has(c)) continue;
      tried++;
      const guess = guessFor(c);
      const test = new Sprt(mu0, b, sigma, alpha, beta, low, high);
      let decision: 'H1' | 'H0' | 'continue' = 'continue';
      let sum = 0;
      while (decision === 'continue' && test.n < cap) {
        const { ns } = time(guess);
        sum += ns;
        decision = test.add(ns);
      }
      const point = { byte: c, meanNs: sum / test.n, samples: test.n };
      current.push(point);
      if (decision !== 'H1') continue;
      // Confirm with fresh samples: they are unbiased (the test stopped on a high run), and their
      // mean is the level every wrong guess at the next position will have.
      let fresh = 0;
      for (let i = 0; i < confirmations; i++) fresh += clip(time(guess).ns, mu0 + b);
      const level = fresh / confirmations;
      const z = (level - (mu0 + b / 2)) / (sigma / Math.sqrt(confirmations));
      if (z < 1) continue;
      const ratio = Math.exp(Math.min(test.llr, 700));
      lastConfidence = ratio / (ratio + 255);
      levels.push({ position: p, k: p + 2, sum: fresh, n: confirmations });
      positions.push({
        position: p,
        byte: c,
        queries: used() - start,
        levelNs: level,
        wrongLevelNs: mu0,
        confidence: lastConfidence,
        method: 'sequential test',
        candidates: current.slice(),
      });
      return c;
    }
    return null;
  };

  const sequential = (): number | null => {
    current = [];
    tried = 0;
    measureWrongLevel();
    const first = pass(shuffled(ALL_BYTES, prng));
    if (first !== null) return first;
    // The right candidate can be thrown out by bad luck (β): one more pass, most promising first,
    // before concluding that the previous byte was wrong.
    const order = current
      .slice()
      .sort((x, y) => y.meanNs - x.meanNs)
      .map((point) => point.byte);
    current = [];
    return pass(order);
  };

  /** The last byte: the server itself says which guess is right. */
  const lastByte = (): number | null => {
    const start = used();
    current = [];
    tried = 0;
    const { a, b } = line();
    for (const c of ALL_BYTES) {
      if (banned[prefix.length]!.has(c)) continue;
      tried++;
      const { accepted, ns } = time(guessFor(c));
      current.push({ byte: c, meanNs: ns, samples: 1 });
      if (accepted) {
        lastConfidence = 1;
        positions.push({
          position: prefix.length,
          byte: c,
          queries: used() - start,
          levelNs: ns,
          wrongLevelNs: a + b * T,
          confidence: 1,
          method: 'server accepted',
          candidates: current.slice(),
        });
        return c;
      }
    }
    return null;
  };

  let summary = '';
  let gaveUp = false;
  let retriedFirst = false;
  try {
    if (T > 1 && !calibrate()) {
      summary = `A wrong-length guess and a wrong first byte took the same time after ${maxCalibration.toLocaleString('en')} samples each: whatever the compare costs per byte is buried in the noise here, so the attacker stops.`;
      events.push({ kind: 'gave-up', position: 0, queries: used(), reason: summary });
      gaveUp = true;
    }
    while (!gaveUp && prefix.length < T) {
      const p = prefix.length;
      const byte = p === T - 1 ? lastByte() : sequential();
      if (byte !== null) {
        prefix.push(byte);
        events.push({
          kind: 'found',
          position: p,
          byte,
          queries: used(),
          confidence: lastConfidence ?? 0,
        });
        report(true);
        continue;
      }
      if (p === 0 && !retriedFirst) {
        // Nothing can be banned before byte 0. A calibration that misjudged δ makes every
        // candidate look wrong: measure it again, with twice the samples, and try once more.
        retriedFirst = true;
        banned[0]!.clear();
        if (calibratedWith > 0 && !calibrate(2 * calibratedWith)) continue;
        events.push({ kind: 'retry', position: 0, queries: used() });
        report(true);
        continue;
      }
      if (p === 0) {
        summary =
          'No candidate for byte 0 took longer than the others: the compare does not stop early, so its time says nothing about the tag.';
        events.push({ kind: 'gave-up', position: 0, queries: used(), reason: summary });
        gaveUp = true;
        break;
      }
      if (backtracks < maxBacktracks && stillLooksRight()) {
        // Byte p − 1 is confirmed: measure this position's level afresh and try it again, with
        // nothing banned here (an earlier backtrack may have banned the right byte by bad luck).
        levels = levels.filter((level) => level.position < p - 1);
        banned[p]!.clear();
        backtracks++;
        events.push({ kind: 'retry', position: p, queries: used() });
        report(true);
        continue;
      }
      if (backtracks >= maxBacktracks) {
        summary = `Gave up after ${backtracks} backtracks: the noise is too high for these settings.`;
        events.push({ kind: 'gave-up', position: p, queries: used(), reason: summary });
        gaveUp = true;
        break;
      }
      // Nothing stood out here: the previous byte must be wrong, and the levels measured behind it
      // are not what they seemed.
      const wrong = prefix.pop()!;
      positions.pop();
      levels = levels.filter((level) => level.position < p - 1);
      banned[p - 1]!.add(wrong);
      banned[p]!.clear();
      backtracks++;
      events.push({ kind: 'backtrack', position: p - 1, banned: wrong, queries: used() });
      report(true);
    }
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    summary = `Stopped: ${error.message}.`;
    events.push({ kind: 'gave-up', position: prefix.length, queries: used(), reason: summary });
    gaveUp = true;
  }
  const recovered = !gaveUp && prefix.length === T;
  if (recovered)
    summary = `Recovered all ${T} bytes with ${used().toLocaleString('en')} queries; the server accepted the tag.`;
  report(true);
  return {
    recovered,
    recoveredHex: bytesToHex(Uint8Array.from(prefix)),
    found: prefix.slice(),
    queries: used(),
    backtracks,
    positions,
    events,
    summary,
    model: levels.length >= 2 ? { sigmaNs: sigma, deltaNs: line().b } : null,
  };
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
