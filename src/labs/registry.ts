/**
 * The list of labs, in the order of the talk. The shell, the routes, the landing page and the e2e
 * suite all read it. Each lab declares itself in its own `lab.ts` (see README, "Adding a lab");
 * `loadPanel` is a dynamic import, so a lab's code (and its charts, editor or solver) loads only
 * when the lab opens.
 */
import type { ComponentType } from 'react';
import type { LabContract } from '../ui/lab-contract';
import { HASHES } from './hashes/lab';
import { LENGTH_EXTENSION } from './length-extension/lab';
import { ENCRYPTION } from './encryption/lab';
import { RANDOMNESS } from './randomness/lab';
import { TIMING } from './timing/lab';
import { UNTRUSTED_DATA } from './untrusted-data/lab';
import { CODE } from './code/lab';

export interface LabEntry extends LabContract {
  loadPanel: () => Promise<{ default: ComponentType }>;
}

export const LABS: readonly LabEntry[] = [
  { ...HASHES, loadPanel: () => import('./hashes/HashesPanel') },
  { ...LENGTH_EXTENSION, loadPanel: () => import('./length-extension/LengthExtensionPanel') },
  { ...ENCRYPTION, loadPanel: () => import('./encryption/EncryptionPanel') },
  { ...RANDOMNESS, loadPanel: () => import('./randomness/RandomnessPanel') },
  { ...TIMING, loadPanel: () => import('./timing/TimingPanel') },
  { ...UNTRUSTED_DATA, loadPanel: () => import('./untrusted-data/UntrustedDataPanel') },
  { ...CODE, loadPanel: () => import('./code/CodePanel') },
];

export function findLab(id: string): LabEntry | undefined {
  return LABS.find((lab) => lab.id === id);
}
