/**
 * Hash throughput: the length-extension lab's teaching engines (whose padding and chaining state
 * are visible) against @noble/hashes (what the hashes lab uses) and node:crypto (OpenSSL), in MB/s,
 * with the teaching engines' speed as a ratio of @noble's.
 */
import { createHash } from 'node:crypto';
import { hashBytes } from '../../src/labs/hashes/core/algorithms';
import { digest, type ExtendableAlgorithm } from '../../src/labs/length-extension/core/index';
import { figure, summarise, timeRuns, type Figure, type Suite } from '../lib';

const SUITE = 'hashes';
const SIZES: [string, number][] = [
  ['64 B', 64],
  ['1 KB', 1024],
  ['1 MB', 1024 * 1024],
];
const ALGORITHMS: ExtendableAlgorithm[] = ['md5', 'sha1', 'sha256', 'sha512'];

export const hashesSuite: Suite = {
  name: SUITE,
  async run(ctx) {
    const figures: Figure[] = [];
    for (const algorithm of ALGORITHMS) {
      for (const [label, size] of SIZES) {
        const data = new Uint8Array(size).map((_, i) => i * 31);
        // Enough calls per sample that each sample takes a few milliseconds.
        const calls = Math.max(1, Math.round((2 * 1024 * 1024) / size));
        const runs = Math.max(5, Math.round(15 * ctx.scale));
        const mbps = (ms: number[]) => ms.map((t) => (size * calls) / 1e6 / (t / 1000));
        const loop = (fn: () => unknown) => () => {
          for (let i = 0; i < calls; i++) fn();
        };
        // Interleave the three so machine noise hits them alike.
        const teaching: number[] = [];
        const noble: number[] = [];
        const node: number[] = [];
        for (let r = 0; r < runs; r++) {
          teaching.push(
            ...(await timeRuns(
              loop(() => digest(algorithm, data)),
              1,
              r === 0 ? 2 : 0,
            )),
          );
          noble.push(
            ...(await timeRuns(
              loop(() => hashBytes(algorithm, data)),
              1,
              r === 0 ? 2 : 0,
            )),
          );
          node.push(
            ...(await timeRuns(
              loop(() => createHash(algorithm).update(data).digest()),
              1,
              r === 0 ? 2 : 0,
            )),
          );
        }
        figures.push(
          figure(SUITE, `${algorithm} ${label}: teaching engine`, 'MB/s', mbps(teaching), 'higher'),
        );
        figures.push(
          figure(SUITE, `${algorithm} ${label}: @noble/hashes`, 'MB/s', mbps(noble), 'higher'),
        );
        figures.push(
          figure(SUITE, `${algorithm} ${label}: node:crypto`, 'MB/s', mbps(node), 'higher'),
        );
        const nobleMedian = summarise(mbps(noble)).median;
        const ratio = mbps(teaching).map((v) => v / nobleMedian);
        figures.push(
          figure(
            SUITE,
            `${algorithm} ${label}: teaching ÷ @noble`,
            '×',
            ratio,
            'higher',
            size === 1024 * 1024 ? { min: 0.5, text: '≥ 0.5× @noble on 1 MB (aim 1×)' } : undefined,
          ),
        );
      }
    }
    return figures;
  },
};
