/**
 * Victims for the time-seed search: a key made right after `random.seed(int(time.time()))`, one made
 * on a machine whose clock started at 1970 (a VM or board before its clock is synchronised), and the
 * fix, a key from `secrets`. The attacker gets the key and a window of candidate seeds.
 */
import { tokenFromBytes } from './entropy';
import { keyForSeed } from './seed-search';

export type SeedScenarioId = 'time' | 'boot' | 'secrets';

export interface SeedScenario {
  id: SeedScenarioId;
  key: string;
  alphabet: string;
  /** The window the attacker searches (inclusive). */
  from: number;
  to: number;
  /** Why the attacker searches that window. */
  story: string;
}

export interface SeedScenarioOptions {
  id: SeedScenarioId;
  alphabet: string;
  length: number;
  nowSeconds: number;
  /** A uniform integer in [0, n): where in the window the victim made its key. */
  randomBelow: (n: number) => number;
  randomBytes: (n: number) => Uint8Array;
}

const DAY = 86400;
const BOOT_WINDOW = 600;

export function makeSeedScenario(options: SeedScenarioOptions): SeedScenario {
  const { id, alphabet, length, nowSeconds } = options;
  switch (id) {
    case 'time': {
      const seed = nowSeconds - options.randomBelow(DAY);
      return {
        id,
        key: keyForSeed(seed, alphabet, length),
        alphabet,
        from: nowSeconds - DAY + 1,
        to: nowSeconds,
        story:
          'The key was made some time in the last 24 hours, so the attacker tries every second of them.',
      };
    }
    case 'boot': {
      const seed = 20 + options.randomBelow(BOOT_WINDOW - 40);
      return {
        id,
        key: keyForSeed(seed, alphabet, length),
        alphabet,
        from: 0,
        to: BOOT_WINDOW,
        story:
          'The service starts at boot, before the clock is set: time.time() counts from 1970-01-01, so the seed is a few hundred seconds at most.',
      };
    }
    case 'secrets':
      return {
        id,
        key: tokenFromBytes(alphabet, length, options.randomBytes),
        alphabet,
        from: nowSeconds - DAY + 1,
        to: nowSeconds,
        story:
          'The fix: the key comes from secrets (the OS generator). No seed exists, so the same search finds nothing.',
      };
  }
}
