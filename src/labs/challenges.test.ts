import { describe, expect, it } from 'vitest';
import { checkAnswer, makeInstance, solveInstance } from '../core/challenge';
import { expectOk } from '../core/result';
import { CHALLENGES } from './challenges';
import { LABS } from './registry';

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
    }
  });

  for (const challenge of CHALLENGES) {
    it(`${challenge.id}: make → solve → check on several seeds; the public part hides the secret`, () => {
      for (const seed of ['one', 'two', 'three', 'four']) {
        const instance = makeInstance(challenge, seed);
        expect(makeInstance(challenge, seed).public).toEqual(instance.public);
        const shown = JSON.stringify(instance.public);
        for (const secret of secretValues(instance.secret)) expect(shown).not.toContain(secret);
        const answer = solveInstance(challenge, instance, seed) as Record<string, unknown>;
        expect(expectOk(checkAnswer(challenge, instance, JSON.stringify(answer))).solved).toBe(
          true,
        );
      }
      // Unseeded instances come from Web Crypto and still round-trip.
      const fresh = makeInstance(challenge);
      const answer = solveInstance(challenge, fresh) as Record<string, unknown>;
      expect(expectOk(checkAnswer(challenge, fresh, answer)).solved).toBe(true);
    });
  }
});
