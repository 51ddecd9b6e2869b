/**
 * The timing lab's worker: measures compares for real, plays the verifying server and its
 * attacker, and runs the queries-against-noise sweep, all off the main thread. Progress is sent
 * at most every 80 ms so the page's charts never redraw faster than they can.
 */
import { serveWorker } from '../../platform/worker-host';
import { AskLog, openAskServer, type AskHistory } from './core/ask';
import type { AttackProgress } from './core/attack';
import {
  runMeasurement,
  type MeasureConfig,
  type MeasureProgress,
  type MeasureResult,
} from './core/measure';
import { playAttack, seededSetup, type AttackReport, type AttackScenario } from './core/scenario';
import { runSweep, type SweepConfig, type SweepPoint } from './core/sweep';

export type TimingApi = {
  measure: {
    payload: MeasureConfig;
    progress: MeasureProgress;
    result: MeasureResult & { isolated: boolean };
  };
  attack: {
    /** `seed`: key, noise and attacker all from it, as the CLI's --seed; null: fresh randomness. */
    payload: AttackScenario & {
      clock: 'simulated' | 'real';
      maxQueries: number;
      seed: number | null;
    };
    progress: AttackProgress & { elapsedMs: number };
    result: AttackReport & { elapsedMs: number; seed: number | null };
  };
  /** The server the learner asks: started (again) whenever its settings change. */
  'ask-start': { payload: AttackScenario & { seed: number | null }; result: { tagBytes: number } };
  ask: { payload: { guess: Uint8Array; count: number }; result: AskHistory };
  'ask-clear': { payload: null; result: AskHistory };
  sweep: {
    payload: SweepConfig;
    progress: { point: SweepPoint; index: number };
    result: SweepPoint[];
  };
};

/** The server the learner asks; it keeps its key and its noise between requests. */
let asked: AskLog | null = null;

const randomSeed = () => crypto.getRandomValues(new Uint32Array(1))[0]!;

function throttled<T>(send: (value: T) => void, everyMs = 80) {
  let last = -Infinity;
  return (value: T, force = false) => {
    const now = performance.now();
    if (force || now - last >= everyMs) {
      last = now;
      send(value);
    }
  };
}

serveWorker<TimingApi>({
  async measure(config, progress) {
    // A fresh random key per run; the tag is what a server would expect.
    const key = await crypto.subtle.importKey(
      'raw',
      crypto.getRandomValues(new Uint8Array(32)),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
    const data = new TextEncoder().encode('transfer?to=alice&amount=100');
    const tag = new Uint8Array(await crypto.subtle.sign('HMAC', key, data));
    const send = throttled(progress);
    const result = await runMeasurement(
      config,
      {
        now: () => performance.now(),
        hmac: {
          tag,
          verify: (t) => crypto.subtle.verify('HMAC', key, t as Uint8Array<ArrayBuffer>, data),
        },
      },
      (p) => send(p, p.done === p.total),
    );
    return { ...result, isolated: self.crossOriginIsolated === true };
  },
  attack(payload, progress) {
    const started = performance.now();
    const send = throttled(progress);
    const { clock, maxQueries, seed, ...scenario } = payload;
    const setup =
      seed === null
        ? {
            key: crypto.getRandomValues(new Uint8Array(32)),
            noiseSeed: randomSeed(),
            attackSeed: randomSeed(),
          }
        : seededSetup(seed);
    const report = playAttack(scenario, {
      ...setup,
      clock:
        clock === 'real' ? { kind: 'real', now: () => performance.now() } : { kind: 'simulated' },
      maxQueries,
      progressEvery: clock === 'real' ? 500 : 5_000,
      onProgress: (p) => send({ ...p, elapsedMs: performance.now() - started }),
    });
    return { ...report, elapsedMs: performance.now() - started, seed };
  },
  'ask-start'({ seed, ...scenario }) {
    asked = new AskLog(
      openAskServer(
        scenario,
        seed === null
          ? { key: crypto.getRandomValues(new Uint8Array(32)), noiseSeed: randomSeed() }
          : { seed },
      ),
    );
    return { tagBytes: asked.tagBytes };
  },
  ask({ guess, count }) {
    if (!asked) throw new Error('The server is not running yet.');
    return asked.ask(guess, count);
  },
  'ask-clear'() {
    if (!asked) throw new Error('The server is not running yet.');
    return asked.clear();
  },
  sweep(config, progress) {
    return runSweep(config, (point, index) => progress({ point, index }));
  },
});
