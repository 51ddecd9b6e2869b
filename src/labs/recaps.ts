/**
 * Every lab's recap (src/labs/<lab>/recap.ts), by lab id: the shell shows it at the end of the lab
 * (src/app/Recap.tsx). Adding a lab means adding its recap here; recaps.test.ts checks every lab
 * has one.
 */
import type { RecapQuestion } from '../core/recap';
import { RECAP as CODE } from './code/recap';
import { RECAP as ENCRYPTION } from './encryption/recap';
import { RECAP as HASHES } from './hashes/recap';
import { RECAP as LENGTH_EXTENSION } from './length-extension/recap';
import { RECAP as RANDOMNESS } from './randomness/recap';
import { RECAP as TIMING } from './timing/recap';
import { RECAP as UNTRUSTED_DATA } from './untrusted-data/recap';

export const RECAPS: Readonly<Record<string, readonly RecapQuestion[]>> = {
  hashes: HASHES,
  'length-extension': LENGTH_EXTENSION,
  encryption: ENCRYPTION,
  randomness: RANDOMNESS,
  timing: TIMING,
  'untrusted-data': UNTRUSTED_DATA,
  code: CODE,
};
