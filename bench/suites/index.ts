import type { Suite } from '../lib';
import { hashesSuite } from './hashes';
import { pageSuite } from './page';

/** Every benchmark suite, in the order they run. A lab's suite goes here. */
export const SUITES: Suite[] = [hashesSuite, pageSuite];
