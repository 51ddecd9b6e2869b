/**
 * The attack battery: a check that verify accepts genuine tags, then each attack in turn against
 * the learner's module. The battery never runs in the module's realm: it holds the module as a
 * RemoteLearner (remote-learner.ts) and decides every verdict from checked answers (in the browser
 * it runs in the app's own worker, battery.worker.ts, and the module in the sandbox). The caller
 * passes the clock and hears about each phase as it starts, so the page can give every phase its
 * own time limit.
 */
import type { Logic } from '../../randomness/core';
import {
  attackKeysPerUse,
  attackLengthExtension,
  attackTampering,
  attackTruncation,
  checkRoundTrip,
} from './attack-signing';
import { attackTiming } from './attack-timing';
import { scanVerifyCompare } from './compare-scan';
import { scanPythonVerifyCompare } from './python-compare-scan';
import { attackTokens } from './attack-tokens';
import { LearnerError } from './learner';
import type { RemoteLearner } from './remote-learner';
import { ATTACK_IDS, skipped, type AttackId, type AttackResult } from './report';
import type { TimingOptions, TimingProgress } from './timing';

export const PHASES = ['check', ...ATTACK_IDS] as const;
export type Phase = (typeof PHASES)[number];

export interface BatteryOptions {
  /** The battery's clock: time budgets, and the solver's timing (not verify's: see timing.ts). */
  now: () => number;
  /** The secret sign and verify get (default: 12–40 random letters and digits). */
  secret?: string;
  /** Secret lengths the length-extension attack tries (the attacker does not know it). */
  secretLengths?: [number, number];
  timingBudgetMs?: number;
  /** Finer control of the timing measurement (the tests use a fake clock). */
  timing?: Partial<Pick<TimingOptions, 'minBatchMs' | 'maxRounds' | 'maxPositions'>>;
  tokens?: { collect?: number; predict?: number; collectBudgetMs?: number };
  loadSolver?: () => Promise<Logic>;
  /**
   * The module's source text, read (never run) for the kind of compare verify uses: with it, a
   * timing run that finds no slope can still pass (constant time by construction) or be flagged.
   */
  source?: string;
  /** The source's language, for reading its compare (default: TypeScript or JavaScript). */
  sourceLanguage?: 'python';
  /** Only these attacks (default: all). */
  only?: readonly AttackId[];
}

export interface BatteryHooks {
  onPhase?: (phase: Phase) => void;
  onTiming?: (progress: TimingProgress) => void;
  onResult?: (result: AttackResult) => void;
}

export interface BatteryReport {
  /** Why the signing attacks could not run (verify rejects genuine tags…), or null. */
  checkProblem: string | null;
  results: AttackResult[];
  secretLength: number;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Uniform in [0, n) from crypto.getRandomValues (by rejection, so no bias). */
function uniform(n: number): number {
  const limit = Math.floor(0x100000000 / n) * n;
  const word = new Uint32Array(1);
  do crypto.getRandomValues(word);
  while (word[0]! >= limit);
  return word[0]! % n;
}

export function makeSecret(): string {
  const length = 12 + uniform(29);
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHANUMERIC[uniform(ALPHANUMERIC.length)];
  return out;
}

/** Uniform doubles from crypto, for shuffling (the battery leaves Math.random to the learner). */
export function cryptoUniform(): number {
  return uniform(0x40000000) / 0x40000000;
}

const SIGNING: readonly AttackId[] = [
  'length-extension',
  'tampering',
  'truncation',
  'keys-per-use',
  'timing',
];

export async function runAttack(
  id: AttackId,
  learner: RemoteLearner,
  secret: string,
  options: BatteryOptions,
  hooks: BatteryHooks = {},
): Promise<AttackResult> {
  try {
    switch (id) {
      case 'length-extension': {
        const [min, max] = options.secretLengths ?? [0, 64];
        return await attackLengthExtension(learner, secret, {
          minSecretLength: min,
          maxSecretLength: max,
          language: options.sourceLanguage,
        });
      }
      case 'tampering':
        return await attackTampering(learner, secret, options.sourceLanguage);
      case 'truncation':
        return await attackTruncation(learner, secret, options.sourceLanguage);
      case 'keys-per-use':
        return await attackKeysPerUse(learner, secret, options.sourceLanguage);
      case 'timing':
        return await attackTiming(
          learner,
          secret,
          {
            now: options.now,
            budgetMs: options.timingBudgetMs ?? 1500,
            random: cryptoUniform,
            ...options.timing,
            onProgress: hooks.onTiming,
          },
          options.source === undefined
            ? undefined
            : options.sourceLanguage === 'python'
              ? scanPythonVerifyCompare(options.source)
              : scanVerifyCompare(options.source),
        );
      case 'tokens':
        return await attackTokens(learner, {
          now: options.now,
          loadSolver: options.loadSolver,
          ...options.tokens,
          language: options.sourceLanguage,
        });
    }
  } catch (error) {
    if (error instanceof LearnerError)
      return skipped(id, `${error.message}.`.replace(/\.\.$/, '.'));
    throw error;
  }
}

export async function runBattery(
  learner: RemoteLearner,
  options: BatteryOptions,
  hooks: BatteryHooks = {},
): Promise<BatteryReport> {
  const secret = options.secret ?? makeSecret();
  hooks.onPhase?.('check');
  const checkProblem = await checkRoundTrip(learner, secret);
  const results: AttackResult[] = [];
  for (const id of options.only ?? ATTACK_IDS) {
    hooks.onPhase?.(id);
    const result =
      checkProblem && SIGNING.includes(id)
        ? skipped(id, checkProblem)
        : await runAttack(id, learner, secret, options, hooks);
    results.push(result);
    hooks.onResult?.(result);
  }
  return { checkProblem, results, secretLength: secret.length };
}
