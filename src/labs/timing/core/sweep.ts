/**
 * "Hundreds to millions": the same attack run at rising noise, each point a real run against a
 * simulated server, so the curve of queries against noise comes from what the attack needed.
 */
import { runAttack } from './attack';
import { noiseModel } from './noise';
import { createPrng } from './prng';
import { TimingServer } from './server';

export interface SweepConfig {
  tagBytes: number;
  perByteNs: number;
  jitters: number[];
  seed: number;
  maxQueries: number;
}

export interface SweepPoint {
  jitterNs: number;
  /** Noise over signal: jitter ÷ cost per byte. */
  ratio: number;
  queries: number;
  recovered: boolean;
  /** What the queries would have taken on a real network, seconds. */
  simulatedSeconds: number;
}

export const DEFAULT_SWEEP: SweepConfig = {
  tagBytes: 4,
  perByteNs: 100,
  jitters: [0, 25, 50, 100, 200, 400, 800, 1600, 3200],
  seed: 1,
  maxQueries: 20_000_000,
};

export function runSweep(
  config: SweepConfig,
  onPoint?: (point: SweepPoint, index: number) => void,
) {
  return config.jitters.map((jitterNs, index) => {
    const keys = createPrng(config.seed * 1_000_003 + index);
    const server = new TimingServer(
      {
        tagBytes: config.tagBytes,
        perByteNs: config.perByteNs,
        compare: 'early-exit',
        noise: noiseModel(jitterNs),
      },
      keys.bytes(32),
      createPrng(config.seed + 7 * index + 1),
    );
    const result = runAttack(server, { seed: config.seed + index, maxQueries: config.maxQueries });
    const point: SweepPoint = {
      jitterNs,
      ratio: jitterNs / config.perByteNs,
      queries: result.queries,
      recovered: result.recovered,
      simulatedSeconds: server.elapsedNs / 1e9,
    };
    onPoint?.(point, index);
    return point;
  });
}
