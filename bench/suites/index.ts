import type { Suite } from '../lib';
import { forgerySuite } from './forgery';
import { hashesSuite } from './hashes';
import { pageSuite } from './page';
import { pythonSuite } from './python';
import { randomnessSuite } from './randomness';
import { timingSuite } from './timing';

/** Every benchmark suite, in the order they run. A lab's suite goes here. */
export const SUITES: Suite[] = [
  hashesSuite,
  forgerySuite,
  randomnessSuite,
  timingSuite,
  pythonSuite,
  pageSuite,
];
