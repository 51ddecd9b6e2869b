/**
 * Property tests run from a fixed seed, so `npm test` gives the same verdict on every machine and
 * in CI. `npm run test:fuzz` explores: a fresh random seed per run and ten times the cases (its
 * seed is printed, and FC_SEED=<n> replays a failure).
 */
import fc from 'fast-check';

const requested = process.env.FC_SEED;
const fuzz = requested === 'random';
const seed = fuzz || requested === undefined ? undefined : Number(requested);
if (fuzz) {
  const random = Math.floor(Math.random() * 2 ** 31);
  console.log(`fast-check seed ${random} (replay with FC_SEED=${random})`);
  fc.configureGlobal({ seed: random, numRuns: 1000 });
} else {
  fc.configureGlobal({ seed: seed ?? 20_261_128 });
}
