/**
 * The list of labs, in the order of the talk. The shell, the routes, the landing page and the e2e
 * suite all read it. Adding a lab = a folder under src/labs/ and one entry here (see README).
 * `loadPanel` is a dynamic import, so a lab's code (and its charts, editor or solver) loads only
 * when the lab opens.
 */
import type { ComponentType } from 'react';
import { HASHES_STEPS } from './hashes/steps';
import { UNTRUSTED_DATA_STEPS } from './untrusted-data/steps';

export interface TalkPoint {
  /** The advice, in a few words. */
  advice: string;
  /** What to use today. */
  today: string;
}

/**
 * One step of a lab's guided walk-through (set up, attack, see it succeed, apply the fix, see it
 * fail). Opening a step replaces the lab's inputs with `params` and then asks the panel to perform
 * `action` (a name the panel registered with useLabAction).
 */
export interface GuidedStep {
  title: string;
  text: string;
  params?: Record<string, string>;
  action?: string;
}

export interface LabEntry {
  id: string;
  title: string;
  /** One line for the navigation and landing page. */
  summary: string;
  points: TalkPoint[];
  steps: readonly GuidedStep[];
  loadPanel: () => Promise<{ default: ComponentType }>;
}

export const LABS: readonly LabEntry[] = [
  {
    id: 'hashes',
    title: 'Hashes and integrity',
    summary:
      'Hash text or a file with six algorithms, check an expected hash, and see MD5 and SHA-1 collide.',
    points: [
      {
        advice:
          'A hash proves integrity only if the expected hash came from somewhere the attacker cannot change.',
        today: 'Publish SHA-256 digests over a separate, authenticated channel (or sign them).',
      },
      {
        advice:
          'If you are typing md5 into your code, you are probably doing it wrong: MD5 and SHA-1 collide.',
        today: 'SHA-256, SHA-512, SHA-3 or BLAKE2.',
      },
    ],
    steps: HASHES_STEPS,
    loadPanel: () => import('./hashes/HashesPanel'),
  },
  {
    id: 'untrusted-data',
    title: 'Untrusted data and the supply chain',
    summary:
      'See what loading a pickle would run, without running it; then install a package past four kinds of attacker.',
    points: [
      {
        advice: 'Loading an untrusted pickle is the same as running eval() on it.',
        today: 'JSON (json.loads, JSON.parse) for anything from outside; never pickle.loads it.',
      },
      {
        advice: 'If you must use pickle, sign it and verify the signature before loading.',
        today: 'HMAC-SHA256 (hmac.new) checked with hmac.compare_digest before pickle.loads.',
      },
      {
        advice:
          'A hash downloaded from the same page as the file proves nothing; certificates must be checked.',
        today:
          'pip --require-hashes with a lock file; TLS with certificate verification (pip and requests do it by default).',
      },
      {
        advice: 'sudo pip install runs the package’s code as root.',
        today: 'Install into a virtual environment as yourself; keep a history of hashes.',
      },
    ],
    steps: UNTRUSTED_DATA_STEPS,
    loadPanel: () => import('./untrusted-data/UntrustedDataPanel'),
  },
];

export function findLab(id: string): LabEntry | undefined {
  return LABS.find((lab) => lab.id === id);
}
