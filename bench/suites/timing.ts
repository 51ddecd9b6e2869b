/**
 * Timing attack: queries the lab's adaptive attack needs to recover an 8-byte tag at a fixed noise
 * level (100 ns per compared byte, 400 ns jitter: the neighbouring-VM preset), over many seeds,
 * against a fixed-sample baseline (the same number of samples for every candidate) at the same
 * success rate: the smallest samples-per-candidate whose success rate over the same seeds is at
 * least the adaptive attack's.
 */
import { fixedSampleAttack, runAttack } from '../../src/labs/timing/core/attack';
import { noiseModel } from '../../src/labs/timing/core/noise';
import { createPrng } from '../../src/labs/timing/core/prng';
import { TimingServer } from '../../src/labs/timing/core/server';
import { bytesToHex } from '../../src/core/bytes';
import { figure, type Figure, type Suite } from '../lib';

const SUITE = 'timing';
const TAG_BYTES = 8;
const PER_BYTE_NS = 100;
const JITTER_NS = 400;
const LADDER = [16, 32, 64, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048];

function victim(seed: number) {
  return new TimingServer(
    {
      tagBytes: TAG_BYTES,
      perByteNs: PER_BYTE_NS,
      compare: 'early-exit',
      noise: noiseModel(JITTER_NS),
    },
    createPrng(seed * 7919 + 13).bytes(32),
    createPrng(seed * 31 + 5),
  );
}

export const timingSuite: Suite = {
  name: SUITE,
  async run(ctx) {
    const seeds = Array.from({ length: Math.max(10, Math.round(40 * ctx.scale)) }, (_, i) => i + 1);
    const adaptiveQueries: number[] = [];
    const wallMs: number[] = [];
    let adaptiveWins = 0;
    for (const seed of seeds) {
      const server = victim(seed);
      const start = performance.now();
      const result = runAttack(server, { seed });
      wallMs.push(performance.now() - start);
      adaptiveQueries.push(result.queries);
      if (result.recovered && result.recoveredHex === bytesToHex(server.revealTag()))
        adaptiveWins++;
    }
    const adaptiveRate = adaptiveWins / seeds.length;
    ctx.log(`adaptive: ${adaptiveWins}/${seeds.length} recovered`);

    let matched: { n: number; queries: number[]; wins: number } | null = null;
    for (const n of LADDER) {
      const queries: number[] = [];
      let wins = 0;
      for (const seed of seeds) {
        const server = victim(seed);
        const result = fixedSampleAttack(server, n, seed);
        queries.push(result.queries);
        if (result.recovered && result.recoveredHex === bytesToHex(server.revealTag())) wins++;
      }
      ctx.log(`baseline n=${n}: ${wins}/${seeds.length} recovered`);
      if (wins / seeds.length >= adaptiveRate) {
        matched = { n, queries, wins };
        break;
      }
    }

    const figures: Figure[] = [
      figure(
        SUITE,
        `adaptive attack, 8-byte tag, σ ${JITTER_NS} ns, ${PER_BYTE_NS} ns/byte (queries)`,
        'queries',
        adaptiveQueries,
        'lower',
        undefined,
        `${adaptiveWins}/${seeds.length} recovered`,
      ),
      figure(SUITE, 'adaptive attack wall time (simulated clock)', 'ms', wallMs, 'lower'),
    ];
    if (matched) {
      const m = matched;
      figures.push(
        figure(
          SUITE,
          `fixed-sample baseline at the same success rate (${m.n} samples/candidate)`,
          'queries',
          m.queries,
          'lower',
          undefined,
          `${m.wins}/${seeds.length} recovered`,
        ),
        figure(
          SUITE,
          'adaptive ÷ baseline queries',
          '×',
          adaptiveQueries.map((q, i) => q / m.queries[i]!),
          'lower',
          { max: 0.5, text: '≤ ½ of the baseline (aim: ⅓)' },
        ),
      );
    } else {
      ctx.log('baseline never reached the adaptive success rate on the ladder');
    }
    return figures;
  },
};
