/**
 * The attack against a live verifier: the attacker holds one message and its tag, picks what to
 * append, and, not knowing how long the secret is, forges once per candidate length and asks the
 * victim to verify each. The verifier is passed in (the lab's worker victim, a learner's function in
 * the code lab, a test double), so the attack never sees the secret.
 */
import { bytesToHex } from '../../../core/bytes';
import { ok, type Result } from '../../../core/result';
import { forgeEach, type Forgery, type RangeRequest } from './forge';

/** Whatever the victim's API answers to "is this tag right for this message?". */
export type Verifier = (message: Uint8Array, tag: Uint8Array) => boolean | Promise<boolean>;

export interface AttackAttempt {
  secretLength: number;
  forgedTagHex: string;
  /** The victim's real answer. */
  accepted: boolean;
}

export interface AttackProgress {
  attempt: AttackAttempt;
  done: number;
  total: number;
}

export interface AttackOutcome {
  attempts: AttackAttempt[];
  /** The first forgery the victim accepted, or null. */
  accepted: Forgery | null;
  /** The forgery for the last length tried (so a rejected run can still be stepped through). */
  last: Forgery | null;
  total: number;
}

export interface AttackOptions {
  /** Stop at the first accepted forgery, as a real attacker would (each try is a request). */
  stopAtFirst?: boolean;
  onAttempt?: (progress: AttackProgress) => void;
}

export async function attackSecretLengths(
  request: RangeRequest,
  verify: Verifier,
  options: AttackOptions = {},
): Promise<Result<AttackOutcome>> {
  const forgeries = forgeEach(request);
  if (!forgeries.ok) return forgeries;
  const total = request.maxSecretLength - request.minSecretLength + 1;
  const attempts: AttackAttempt[] = [];
  let accepted: Forgery | null = null;
  let last: Forgery | null = null;
  for (const forgery of forgeries.value) {
    last = forgery;
    const answer = await verify(forgery.forgedMessage, forgery.forgedTag);
    const attempt = {
      secretLength: forgery.secretLength,
      forgedTagHex: bytesToHex(forgery.forgedTag),
      accepted: answer === true,
    };
    attempts.push(attempt);
    options.onAttempt?.({ attempt, done: attempts.length, total });
    if (attempt.accepted && !accepted) {
      accepted = forgery;
      if (options.stopAtFirst ?? true) break;
    }
  }
  return ok({ attempts, accepted, last, total });
}
