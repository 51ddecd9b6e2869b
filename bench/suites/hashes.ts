/** Hash throughput: @noble/hashes (what the hashes lab uses) against node:crypto. */
import { createHash } from 'node:crypto';
import { hashBytes, type HashAlgorithmId } from '../../src/labs/hashes/core/algorithms';
import { figure, timeRuns, type Figure, type Suite } from '../lib';

const SUITE = 'hashes';
const SIZES: [string, number][] = [
  ['64 B', 64],
  ['1 KB', 1024],
  ['1 MB', 1024 * 1024],
];
const NODE_NAME: Partial<Record<HashAlgorithmId, string>> = {
  md5: 'md5',
  sha1: 'sha1',
  sha256: 'sha256',
  sha512: 'sha512',
};

export const hashesSuite: Suite = {
  name: SUITE,
  async run(ctx) {
    const figures: Figure[] = [];
    for (const [algorithm, nodeName] of Object.entries(NODE_NAME) as [HashAlgorithmId, string][]) {
      for (const [label, size] of SIZES) {
        const data = new Uint8Array(size).map((_, i) => i * 31);
        // Enough calls per sample that each sample takes a few milliseconds.
        const calls = Math.max(1, Math.round((2 * 1024 * 1024) / size));
        const runs = Math.max(5, Math.round(15 * ctx.scale));
        const mbps = (ms: number[]) => ms.map((t) => (size * calls) / 1e6 / (t / 1000));
        const noble = mbps(
          await timeRuns(() => {
            for (let i = 0; i < calls; i++) hashBytes(algorithm, data);
          }, runs),
        );
        const node = mbps(
          await timeRuns(() => {
            for (let i = 0; i < calls; i++) createHash(nodeName).update(data).digest();
          }, runs),
        );
        figures.push(
          figure(SUITE, `${algorithm} ${label}: @noble/hashes`, 'MB/s', noble, 'higher'),
        );
        figures.push(figure(SUITE, `${algorithm} ${label}: node:crypto`, 'MB/s', node, 'higher'));
      }
    }
    return figures;
  },
};
