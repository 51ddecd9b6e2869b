import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkAnswer, makeInstance, solveInstance } from '../../../core/challenge';
import { expectOk } from '../../../core/result';
import { md5CollisionSuffix, type PairAnswer, type SuffixPublic } from './challenges';

const md5 = (hex: string) => createHash('md5').update(Buffer.from(hex, 'hex')).digest('hex');
const sha256 = (hex: string) => createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex');

describe('hashes/md5-collision-suffix', () => {
  it('is solved by the published pair plus the suffix, as node:crypto confirms', () => {
    for (const seed of ['s1', 's2', 's3']) {
      const instance = makeInstance(md5CollisionSuffix, seed);
      expect(makeInstance(md5CollisionSuffix, seed)).toEqual(instance);
      const answer = solveInstance(md5CollisionSuffix, instance) as PairAnswer;
      const suffix = Buffer.from((instance.public as SuffixPublic).suffix).toString('hex');
      expect(answer.aHex).not.toBe(answer.bHex);
      expect(answer.aHex.endsWith(suffix) && answer.bHex.endsWith(suffix)).toBe(true);
      expect(md5(answer.aHex)).toBe(md5(answer.bHex));
      expect(sha256(answer.aHex)).not.toBe(sha256(answer.bHex));
      const result = expectOk(checkAnswer(md5CollisionSuffix, instance, JSON.stringify(answer)));
      expect(result).toMatchObject({ solved: true });
    }
    expect(makeInstance(md5CollisionSuffix, 's1').public).not.toEqual(
      makeInstance(md5CollisionSuffix, 's2').public,
    );
  });

  it('gives each wrong answer its reason, and malformed ones a field-named error', () => {
    const instance = makeInstance(md5CollisionSuffix, 'wrong');
    const right = solveInstance(md5CollisionSuffix, instance) as PairAnswer;
    const reason = (answer: object) =>
      expectOk(checkAnswer(md5CollisionSuffix, instance, JSON.stringify(answer))).reason;
    expect(reason({ aHex: right.aHex, bHex: right.aHex })).toMatch(/same bytes/);
    expect(reason({ aHex: right.aHex, bHex: right.bHex + '00' })).toMatch(
      /File b does not end with the required text/,
    );
    const other = { aHex: right.aHex, bHex: 'ff' + right.aHex.slice(2) };
    expect(reason(other)).toBe(
      `MD5(a) = ${md5(other.aHex)} and MD5(b) = ${md5(other.bHex)}: different. What comes before the common ending must already leave MD5 in the same state.`,
    );
    const bad = checkAnswer(md5CollisionSuffix, instance, '{"aHex": "00", "bHex": "0g"}');
    expect(bad.ok ? null : bad.error.message).toMatch(/^bHex: "g" is not a hex digit/);
  });
});
