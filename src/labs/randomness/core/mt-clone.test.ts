import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { expectOk } from '../../../core/result';
import {
  cloneFromOutputs,
  keyEndingAt,
  predictAfter,
  recoverEarlierOutputs,
  untemperSteps,
} from './mt-clone';
import {
  attackOrderNumbers,
  playCloneScenario,
  pythonRandomVictim,
  secretsVictim,
} from './clone-scenario';
import { temper } from './mt19937';
import { parseUint32List } from './parse-numbers';
import { PythonRandom } from './python-random';
import shared from './vectors/cpython-random.json' with { type: 'json' };
import more from './vectors/cpython-more.json' with { type: 'json' };

describe('clone from 624 getrandbits(32) outputs', () => {
  it('predicts the shared CPython vectors: the next choice key and the outputs after it', () => {
    for (const vector of shared.mt_clone) {
      const clone = expectOk(cloneFromOutputs(vector.observed_getrandbits32));
      const predicted = predictAfter(clone, {
        next: 0,
        alphabet: vector.alphabet,
        length: 50,
      });
      expect(predicted.key).toBe(vector.next_secret_key_50);
      const after = clone.random.clone();
      after.choiceString(vector.alphabet, 50);
      expect([after.nextUint32(), after.nextUint32(), after.nextUint32()]).toEqual(
        vector.then_getrandbits32,
      );
    }
  });

  it('predicts the later key and recovers the earlier key of every CPython victim', () => {
    for (const c of more.clone) {
      const attack = attackOrderNumbers(
        c.observed_getrandbits32,
        c.alphabet,
        c.next_key.length,
        c.earlier_key.length,
      );
      expect(attack.predictedResetKey).toBe(c.next_key);
      const clone = expectOk(cloneFromOutputs(c.observed_getrandbits32));
      expect(predictAfter(clone, { next: 10 }).next).toEqual(c.next_getrandbits32);
      // Running the twist backwards gives the unseen tokens and, before them, the earlier key.
      const unseen = c.unseen_tokens_before.length;
      const earlier = recoverEarlierOutputs(c.observed_getrandbits32, unseen + 400);
      expect(earlier.slice(earlier.length - unseen)).toEqual(c.unseen_tokens_before);
      expect(
        keyEndingAt(
          earlier.slice(0, earlier.length - unseen),
          c.earlier_alphabet,
          c.earlier_key.length,
        ),
      ).toBe(c.earlier_key);
    }
  });

  it('recovers earlier outputs across several twists, for any start position', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 2n ** 64n }),
        fc.integer({ min: 0, max: 1500 }),
        (seed, skip) => {
          // Outputs from number `skip` on are observed; every one before them comes back, right
          // down to the generator's first output.
          const random = new PythonRandom(seed);
          const stream = Array.from({ length: skip + 624 }, () => random.nextUint32());
          expect(recoverEarlierOutputs(stream.slice(skip), skip)).toEqual(stream.slice(0, skip));
        },
      ),
      { numRuns: 25 },
    );
  });

  it('uses extra outputs to check consistency and rejects streams that are not MT outputs', () => {
    const random = new PythonRandom(99);
    const outputs = Array.from({ length: 700 }, () => random.nextUint32());
    const clone = expectOk(cloneFromOutputs(outputs));
    expect(clone.verifiedExtra).toBe(76);
    expect(predictAfter(clone, { next: 2 }).next).toEqual([
      random.nextUint32(),
      random.nextUint32(),
    ]);
    const tampered = [...outputs];
    tampered[650] = (outputs[650]! ^ 1) >>> 0;
    const bad = cloneFromOutputs(tampered);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toMatch(/Value 651 is/);
    const few = cloneFromOutputs(outputs.slice(0, 623));
    expect(few.ok).toBe(false);
    if (!few.ok) expect(few.error.message).toMatch(/needs 624 consecutive outputs; there are 623/);
  });

  it('untemper steps end at the state word', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (word) => {
        const { steps } = untemperSteps(temper(word));
        expect(steps[3]).toBe(word);
      }),
    );
  });
});

describe('the victim scenario', () => {
  it('predicts the reset key and recovers the admin key for random victims', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 624, maxLength: 624 }),
        fc.constantFrom('abcdefghijklmnopqrstuvwxyz0123456789', '0123456789', 'ab'),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 60 }),
        (seedWords, alphabet, keyLength, adminKeyLength) => {
          const result = playCloneScenario({
            victim: pythonRandomVictim(seedWords),
            alphabet,
            keyLength,
            adminKeyLength,
          });
          expect(result.attack.predictedResetKey).toBe(result.victim.resetKey);
          expect(result.resetKeyMatches).toBe(true);
          expect(result.laterOrdersMatch).toBe(true);
          expect(result.attack.recoveredAdminKey).toBe(result.victim.adminKey);
        },
      ),
      { numRuns: 15 },
    );
  });
});

describe('the fix: a victim using secrets', () => {
  it('the same attack runs, and every prediction is wrong', () => {
    // Stand-in for os.urandom: an independent generator the attacker cannot see.
    const os = new PythonRandom(2n ** 90n + 17n);
    const urandom = (n: number) => Uint8Array.from({ length: n }, () => os.getrandbits32(8));
    const result = playCloneScenario({
      victim: secretsVictim(urandom),
      alphabet: 'abcdefghijklmnopqrstuvwxyz0123456789',
      keyLength: 20,
      adminKeyLength: 20,
    });
    expect(result.resetKeyMatches).toBe(false);
    expect(result.laterOrdersMatch).toBe(false);
    expect(result.adminKeyMatches).toBe(false);
    expect(result.victim.resetKey).toMatch(/^[a-z0-9]{20}$/);
  });
});

describe('pasted getrandbits(32) output', () => {
  it('accepts Python lists, lines, commas and spaces', () => {
    expect(expectOk(parseUint32List('[1, 2, 3]'))).toEqual([1, 2, 3]);
    expect(expectOk(parseUint32List('1\n2\r\n3\n'))).toEqual([1, 2, 3]);
    expect(expectOk(parseUint32List('>>> out\n(4294967295 0\t7)'))).toEqual([4294967295, 0, 7]);
    expect(expectOk(parseUint32List('In [3]: outs\nOut[3]: [10, 11]'))).toEqual([10, 11]);
    const truncated = parseUint32List('[\n  1,\n  2,\n  ... 24 more items\n]');
    expect(truncated.ok).toBe(false);
    if (!truncated.ok) expect(truncated.error.message).toMatch(/cut the list short/);
  });

  it('names the bad value and its position', () => {
    const cases: [string, RegExp][] = [
      ['1, 2, x', /Value 3 \(“x”\) is not a whole number/],
      ['1, 2.5', /Value 2 \(“2.5”\) is not a whole number/],
      ['4294967296', /Value 1 \(“4294967296”\) is not below 2\^32/],
      ['5 -3', /Value 2 \(“-3”\) is negative/],
    ];
    for (const [text, message] of cases) {
      const result = parseUint32List(text);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.message).toMatch(message);
    }
  });

  it('round-trips any list printed the way Python prints it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 50 }),
        (values) => {
          expect(expectOk(parseUint32List(`[${values.join(', ')}]`))).toEqual(values);
          expect(expectOk(parseUint32List(values.join('\n')))).toEqual(values);
        },
      ),
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const result = parseUint32List(text);
        expect(typeof result.ok).toBe('boolean');
      }),
    );
  });
});
