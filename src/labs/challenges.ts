/**
 * Every challenge, from every lab, in the order of the labs and then by level. The CLI reads it;
 * a challenges page or worker would too. Each lab defines its own in `core/challenges.ts`
 * (see src/core/challenge.ts for the contract); adding one means adding it to its lab's list.
 */
import type { Challenge } from '../core/challenge';
import { CODE_CHALLENGES } from './code/core/challenges';
import { HASHES_CHALLENGES } from './hashes/core/challenges';
import { LENGTH_EXTENSION_CHALLENGES } from './length-extension/core/challenges';
import { RANDOMNESS_CHALLENGES } from './randomness/core/challenges';
import { TIMING_CHALLENGES } from './timing/core/challenges';
import { UNTRUSTED_DATA_CHALLENGES } from './untrusted-data/core/challenges';

export const CHALLENGES: readonly Challenge[] = [
  ...HASHES_CHALLENGES,
  ...LENGTH_EXTENSION_CHALLENGES,
  ...RANDOMNESS_CHALLENGES,
  ...TIMING_CHALLENGES,
  ...UNTRUSTED_DATA_CHALLENGES,
  ...CODE_CHALLENGES,
];
