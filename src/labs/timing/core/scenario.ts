/** One attack run, set up the same way for the panel's worker, the CLI and the benchmarks. */
import { bytesToHex } from '../../../core/bytes';
import { runAttack, type AttackOptions, type AttackResult } from './attack';
import type { CompareKind } from './compares';
import { noiseModel } from './noise';
import { attackVerdict, type AttackVerdict } from './verdict';
import { createPrng } from './prng';
import { TimingServer, type Clock } from './server';

export interface AttackScenario {
  tagBytes: number;
  perByteNs: number;
  jitterNs: number;
  baseNs?: number;
  compare: CompareKind;
}

export interface AttackReport extends AttackResult {
  /** The tag the server held, revealed after the run for comparison. */
  secretHex: string;
  /** What the queries took (simulated or measured), seconds. */
  elapsedSeconds: number;
  clock: Clock['kind'];
  /** What the outcome teaches (never "holds" for an early-exit compare). */
  verdict: AttackVerdict;
}

export function playAttack(
  scenario: AttackScenario,
  setup: {
    key: Uint8Array;
    noiseSeed: number;
    attackSeed: number;
    clock?: Clock;
  } & Omit<AttackOptions, 'seed'>,
): AttackReport {
  const { key, noiseSeed, attackSeed, clock = { kind: 'simulated' }, ...options } = setup;
  const server = new TimingServer(
    {
      tagBytes: scenario.tagBytes,
      perByteNs: scenario.perByteNs,
      compare: scenario.compare,
      noise: noiseModel(scenario.jitterNs, scenario.baseNs),
    },
    key,
    createPrng(noiseSeed),
    clock,
  );
  const result = runAttack(server, { ...options, seed: attackSeed });
  return {
    ...result,
    secretHex: bytesToHex(server.revealTag()),
    elapsedSeconds: server.elapsedNs / 1e9,
    clock: clock.kind,
    verdict: attackVerdict(scenario, result),
  };
}

/** Everything from one seed, as the CLI's `--seed` promises. */
export function seededSetup(seed: number) {
  return { key: createPrng(seed * 2 + 1).bytes(32), noiseSeed: seed * 2 + 2, attackSeed: seed };
}
