import { describe, expect, it } from 'vitest';
import {
  checkAnswerWith,
  makeInstance,
  solveInstance,
  type ChallengeRunners,
} from '../core/challenge';
import { expectOk } from '../core/result';
import { CHALLENGES } from './challenges';
import { inProcessBatteryRunner } from './code/node-runner';
import { LABS } from './registry';

/**
 * Runners for answers that are code. The automatic answers are the app's own code (the code
 * lab's HMAC preset), so they may run in this process, on a steady clock (no timed verdicts).
 */
function testRunners(): ChallengeRunners {
  let t = 0;
  return {
    'code-battery': inProcessBatteryRunner({
      now: () => (t += 0.001),
      timingBudgetMs: 200,
      timing: { minBatchMs: 1e-6, maxRounds: 60 },
      tokens: { collect: 700, predict: 5 },
    }),
  };
}

/** Every string and number inside a secret, as it could appear in printed JSON. */
function secretValues(value: unknown): string[] {
  if (typeof value === 'string') return value.length >= 4 ? [value] : [];
  if (typeof value === 'number') return [String(value)];
  if (typeof value === 'object' && value !== null)
    return Object.values(value).flatMap(secretValues);
  return [];
}

describe('the challenge catalogue', () => {
  it('has unique <lab>/<slug> ids of real labs, levels 1–3, and at least two hints each', () => {
    const labs = new Set(LABS.map((l) => l.id));
    expect(new Set(CHALLENGES.map((c) => c.id)).size).toBe(CHALLENGES.length);
    for (const c of CHALLENGES) {
      expect(c.id).toMatch(/^[a-z-]+\/[a-z0-9-]+$/);
      expect(c.id.split('/')[0]).toBe(c.lab);
      expect(labs.has(c.lab)).toBe(true);
      expect([1, 2, 3]).toContain(c.level);
      expect(c.hints.length).toBeGreaterThanOrEqual(2);
      expect(c.brief.length && c.goal.length && c.title.length).toBeTruthy();
      // A server that takes requests counts them, and says what they look like.
      if (c.ask) expect(c.budget && c.ask.requestShape && c.ask.responseShape).toBeTruthy();
      if (c.run) expect(c.run.kind).toBe('code-battery');
    }
    expect(CHALLENGES.filter((c) => c.ask).map((c) => c.lab)).toEqual([
      'timing',
      'timing',
      'timing',
    ]);
  });

  for (const challenge of CHALLENGES) {
    it(`${challenge.id}: make → solve → check on several seeds; the public part hides the secret`, async () => {
      for (const seed of ['one', 'two', 'three', 'four']) {
        const instance = makeInstance(challenge, seed);
        expect(makeInstance(challenge, seed).public).toEqual(instance.public);
        const shown = JSON.stringify(instance.public);
        for (const secret of secretValues(instance.secret)) expect(shown).not.toContain(secret);
        const answer = solveInstance(challenge, instance, seed) as Record<string, unknown>;
        const verdict = await checkAnswerWith(
          challenge,
          instance,
          JSON.stringify(answer),
          testRunners(),
        );
        expect(expectOk(verdict).solved).toBe(true);
      }
      // Unseeded instances come from Web Crypto and still round-trip.
      const fresh = makeInstance(challenge);
      const answer = solveInstance(challenge, fresh) as Record<string, unknown>;
      expect(expectOk(await checkAnswerWith(challenge, fresh, answer, testRunners())).solved).toBe(
        true,
      );
    });
  }
});
