import { describe, expect, it } from 'vitest';
import {
  checkAnswer,
  makeInstance,
  noRequests,
  solveInstance,
  type Challenge,
  type ChallengeInstance,
} from '../../../core/challenge';
import { expectOk } from '../../../core/result';
import {
  RANDOMNESS_CHALLENGES,
  earlierAdminKey,
  nextResetKey,
  timeSeeded,
  type KeySecret,
  type OrdersPublic,
  type TimeSeedPublic,
  type TimeSeedSecret,
} from './challenges';
import { PythonRandom } from './python-random';
import vectors from './vectors/challenge-vectors.json';

const SEEDS = ['course-2025/student-01', 'course-2025/student-02', 'x'];

function verdict(
  challenge: Challenge,
  instance: ChallengeInstance<unknown, unknown>,
  answer: object,
) {
  return expectOk(checkAnswer(challenge, instance, JSON.stringify(answer)));
}

describe('randomness challenges against CPython 3.11 (vectors/challenge-vectors.json)', () => {
  it('next-reset-key: the solver predicts the key CPython made after the order numbers', () => {
    for (const v of vectors.clone) {
      const pub: OrdersPublic = { outputs: v.outputs, alphabet: v.alphabet, length: v.length };
      expect(nextResetKey.solve(pub, () => ({ solved: false, reason: '' }), noRequests)).toEqual({
        key: v.reset_key,
      });
    }
  });

  it('earlier-admin-key: the solver recovers the key CPython made before them', () => {
    for (const v of vectors.clone) {
      const pub: OrdersPublic = {
        outputs: v.outputs,
        alphabet: v.alphabet,
        length: v.admin_length,
      };
      expect(earlierAdminKey.solve(pub, () => ({ solved: false, reason: '' }), noRequests)).toEqual(
        {
          key: v.admin_key,
        },
      );
    }
  });

  it('the simulated shop draws what CPython draws (seed, admin key, orders, reset key)', () => {
    for (const v of vectors.clone) {
      const shop = new PythonRandom(BigInt(v.seed));
      expect(shop.choiceString(v.alphabet, v.admin_length)).toBe(v.admin_key);
      expect(v.outputs.map(() => shop.nextUint32())).toEqual(v.outputs);
      expect(shop.choiceString(v.alphabet, v.length)).toBe(v.reset_key);
    }
  });

  it('time-seeded: the solver finds the seed in a window and makes the admin key CPython made', () => {
    for (const v of vectors.time_seed) {
      const pub: TimeSeedPublic = {
        alphabet: v.alphabet,
        length: v.length,
        yourKey: v.your_key,
        window: { from: v.seed - 3000, to: v.seed + 5000 },
      };
      expect(timeSeeded.solve(pub, () => ({ solved: false, reason: '' }), noRequests)).toEqual({
        key: v.admin_key,
      });
    }
  });
});

describe('randomness challenges', () => {
  it('next-reset-key has exactly the public format of issue 14', () => {
    const pub = makeInstance(nextResetKey, 'format').public as OrdersPublic;
    expect(Object.keys(pub)).toEqual(['outputs', 'alphabet', 'length']);
    expect(pub.outputs.length).toBeGreaterThanOrEqual(624);
    for (const o of pub.outputs) expect(Number.isInteger(o) && o >= 0 && o < 2 ** 32).toBe(true);
    expect(Number.isInteger(pub.length)).toBe(true);
  });

  for (const challenge of RANDOMNESS_CHALLENGES) {
    describe(challenge.id, () => {
      it('is solved by its automatic attack on several seeds', () => {
        for (const seed of SEEDS) {
          const instance = makeInstance(challenge, seed);
          const answer = solveInstance(challenge, instance);
          expect(answer).toEqual({ key: (instance.secret as KeySecret).key });
          expect(verdict(challenge, instance, answer as object)).toMatchObject({ solved: true });
        }
      });

      it('gives the same public part for the same seed, and never the secret', () => {
        const a = makeInstance(challenge, 'same');
        expect(makeInstance(challenge, 'same')).toEqual(a);
        expect(makeInstance(challenge, 'other').public).not.toEqual(a.public);
        for (const seed of SEEDS) {
          const { public: pub, secret } = makeInstance(challenge, seed);
          const shown = JSON.stringify(pub);
          expect(shown).not.toContain((secret as KeySecret).key);
          if ('seed' in (secret as object))
            expect(shown).not.toContain(String((secret as TimeSeedSecret).seed));
          expect(JSON.parse(shown)).toEqual(pub);
        }
      });

      it('says what is wrong with a key of the wrong length or with foreign symbols', () => {
        const instance = makeInstance(challenge, 'shape');
        const { key } = instance.secret as KeySecret;
        expect(verdict(challenge, instance, { key: key + key[0] }).reason).toBe(
          `The shop's keys have ${key.length} characters; this one has ${key.length + 1}.`,
        );
        expect(verdict(challenge, instance, { key: '~' + key.slice(1) }).reason).toMatch(
          /Character 1 \(“~”\) is not in the alphabet/,
        );
        const wrong = key.slice(1) + key[0];
        if (wrong !== key)
          expect(verdict(challenge, instance, { key: wrong })).toMatchObject({ solved: false });
      });

      it('rejects malformed answers with a message naming the field', () => {
        const instance = makeInstance(challenge, 'malformed');
        const error = (text: string) => {
          const result = checkAnswer(challenge, instance, text);
          return result.ok ? null : result.error.message;
        };
        expect(error('{"key": 42}')).toMatch(/^key: must be a string/);
        expect(error('{}')).toMatch(/no "key" field/);
        expect(error('{"key": "a", "seed": 1}')).toMatch(/"seed" is not a field/);
        expect(error(JSON.stringify({ key: 'a'.repeat(2000) }))).toMatch(/^key: 2000 characters/);
      });
    });
  }

  it('next-reset-key: a clone that stopped at the 624th order number is told so', () => {
    const seed = SEEDS.concat(['a', 'b', 'c', 'd', 'e']).find(
      (s) => (makeInstance(nextResetKey, s).public as OrdersPublic).outputs.length > 624,
    )!;
    const instance = makeInstance(nextResetKey, seed);
    const pub = instance.public as OrdersPublic;
    const early = nextResetKey.solve(
      { ...pub, outputs: pub.outputs.slice(0, 624) },
      () => ({ solved: false, reason: '' }),
      noRequests,
    ) as { key: string };
    expect(verdict(nextResetKey, instance, early).reason).toBe(
      `That is the key that would have come right after order number 624, but the shop handed out ${pub.outputs.length} before it made the reset key. Run your clone past all of them first.`,
    );
  });

  it('earlier-admin-key: running forwards instead of backwards is told so', () => {
    const instance = makeInstance(earlierAdminKey, 'forwards');
    const forwards = nextResetKey.solve(
      instance.public,
      () => ({ solved: false, reason: '' }),
      noRequests,
    );
    expect(verdict(earlierAdminKey, instance, forwards as object).reason).toMatch(
      /after your order numbers\. The admin key was made before the first of them: run the generator backwards/,
    );
  });

  it('time-seeded: handing in your own key is told so', () => {
    const instance = makeInstance(timeSeeded, 'own');
    const pub = instance.public as TimeSeedPublic;
    expect(pub.window.to - pub.window.from).toBe(86399);
    expect(verdict(timeSeeded, instance, { key: pub.yourKey }).reason).toMatch(
      /That is your own key/,
    );
  });
});
