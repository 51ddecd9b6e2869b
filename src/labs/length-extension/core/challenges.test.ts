import { createHash } from 'node:crypto';
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
  LENGTH_EXTENSION_CHALLENGES,
  knownLength,
  sha512Query,
  unknownLength,
  type Md5Public,
  type QueryPublic,
  type ServerSecret,
} from './challenges';

const SEEDS = ['course-2025/student-01', 'course-2025/student-02', 'x', 'ünïcödé seed'];

/** The server's tag, recomputed with node:crypto (independent of both the lab and @noble). */
function nodeTag(algorithm: 'md5' | 'sha512', key: string, message: Buffer): string {
  return createHash(algorithm)
    .update(Buffer.concat([Buffer.from(key, 'hex'), message]))
    .digest('hex');
}

function verdict(
  challenge: Challenge,
  instance: ChallengeInstance<unknown, unknown>,
  answer: object,
) {
  return expectOk(checkAnswer(challenge, instance, JSON.stringify(answer)));
}

/** Percent-decoding of an ASCII query, written out here rather than borrowed from the lab. */
function percentDecode(query: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < query.length; i++) {
    if (query[i] === '%') {
      bytes.push(Number.parseInt(query.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(query.charCodeAt(i));
  }
  return Buffer.from(bytes);
}

describe('length-extension challenges', () => {
  it('unknown-length has exactly the public format of issue 14', () => {
    const instance = makeInstance(unknownLength, 'format');
    const pub = instance.public as Md5Public;
    expect(Object.keys(pub)).toEqual(['algorithm', 'message', 'tag', 'append', 'secretLength']);
    expect(pub).toMatchObject({
      algorithm: 'md5',
      append: '&role=admin',
      secretLength: { min: 1, max: 64 },
    });
    expect(pub.tag).toMatch(/^[0-9a-f]{32}$/);
    const { key } = instance.secret as ServerSecret;
    expect(nodeTag('md5', key, Buffer.from(pub.message))).toBe(pub.tag);
  });

  for (const challenge of LENGTH_EXTENSION_CHALLENGES) {
    describe(challenge.id, () => {
      it('is solved by its automatic attack, and node:crypto agrees with the server', () => {
        for (const seed of SEEDS) {
          const instance = makeInstance(challenge, seed);
          const { key } = instance.secret as ServerSecret;
          const answer = solveInstance(challenge, instance) as Record<string, string>;
          expect(verdict(challenge, instance, answer)).toMatchObject({ solved: true });
          const pub = instance.public as Md5Public | QueryPublic;
          if (pub.algorithm === 'md5') {
            const message = Buffer.from(answer.messageHex!, 'hex');
            expect(nodeTag('md5', key, message)).toBe(answer.tag);
            expect(message.subarray(0, pub.message.length).toString()).toBe(pub.message);
            expect(message.subarray(-11).toString()).toBe('&role=admin');
          } else {
            expect(answer.query).toMatch(/^[A-Za-z0-9%&=._~-]+$/);
            const message = percentDecode(answer.query!);
            expect(nodeTag('sha512', key, message)).toBe(answer.tag);
            expect(message.subarray(-11).toString()).toBe('&role=admin');
          }
        }
      });

      it('gives the same public part for the same seed, another for another, and never the key', () => {
        const a = makeInstance(challenge, 'same');
        expect(makeInstance(challenge, 'same')).toEqual(a);
        expect(makeInstance(challenge, 'other').public).not.toEqual(a.public);
        for (const seed of SEEDS) {
          const { public: pub, secret } = makeInstance(challenge, seed);
          expect(JSON.stringify(pub)).not.toContain((secret as ServerSecret).key);
          expect(JSON.parse(JSON.stringify(pub))).toEqual(pub);
        }
      });

      it('refuses the signed message as it is, saying what the server read', () => {
        const instance = makeInstance(challenge, 'replay');
        const pub = instance.public as Md5Public | QueryPublic;
        const answer =
          pub.algorithm === 'md5'
            ? { messageHex: Buffer.from(pub.message).toString('hex'), tag: pub.tag }
            : { query: pub.query, tag: pub.tag };
        const result = verdict(challenge, instance, answer);
        expect(result.solved).toBe(false);
        expect(result.reason).toMatch(
          /tag checks out, but the message does not end with &role=admin: the server read role=user last/,
        );
      });
    });
  }

  it('explains a missing glue, a wrong prefix, a glue for the wrong length and a bad tag', () => {
    const instance = makeInstance(knownLength, 'reasons');
    const pub = instance.public as Md5Public;
    const secretLength = pub.secretLength as number;
    const right = solveInstance(knownLength, instance) as { messageHex: string; tag: string };
    const hex = (text: string) => Buffer.from(text).toString('hex');
    const tag = right.tag;

    expect(
      verdict(knownLength, instance, { messageHex: hex(pub.message + '&role=admin'), tag }).reason,
    ).toMatch(/Nothing stands between the signed message and &role=admin/);
    expect(
      verdict(knownLength, instance, { messageHex: hex('user=mallory&role=admin'), tag }).reason,
    ).toMatch(/must begin with the exact bytes the server signed/);
    const wrongLength = solveInstance(knownLength, {
      ...instance,
      public: { ...pub, secretLength: secretLength + 1 },
    }) as { messageHex: string; tag: string };
    expect(verdict(knownLength, instance, wrongLength).reason).toContain(
      `padding for a ${secretLength + 1}-byte secret, but this server's secret is ${secretLength} bytes`,
    );
    const badTag = { ...right, tag: (right.tag[0] === '0' ? '1' : '0') + right.tag.slice(1) };
    expect(verdict(knownLength, instance, badTag).reason).toMatch(
      new RegExp(`well-formed MD5 padding for a ${secretLength}-byte secret`),
    );
    const broken = right.messageHex.replace(/80(00)/, '81$1');
    expect(verdict(knownLength, instance, { ...right, messageHex: broken }).reason).toMatch(
      /are not MD5 padding for any secret length/,
    );
  });

  it('unknown-length: the attack stays within the 64-request budget and never reads the key', () => {
    for (const seed of SEEDS) {
      const instance = makeInstance(unknownLength, seed);
      let requests = 0;
      const answer = unknownLength.solve(
        instance.public,
        (a) => {
          requests++;
          return unknownLength.check(instance.public, instance.secret, a);
        },
        noRequests,
      );
      expect(requests).toBeLessThanOrEqual(unknownLength.budget!.requests);
      expect(requests).toBe((instance.secret as ServerSecret).key.length / 2);
      expect(unknownLength.check(instance.public, instance.secret, answer).solved).toBe(true);
    }
  });

  it('sha512-query: glue typed as raw characters or C escapes gets told how the server decodes', () => {
    const instance = makeInstance(sha512Query, 'encoding');
    const right = solveInstance(sha512Query, instance) as { query: string; tag: string };
    const raw = right.query.replace(/%([0-9A-F]{2})/g, (_, h: string) =>
      String.fromCharCode(parseInt(h, 16)),
    );
    const rawResult = verdict(sha512Query, instance, { ...right, query: raw });
    expect(rawResult.solved).toBe(false);
    expect(rawResult.reason).toMatch(/U\+0080 as a raw character .* UTF-8 bytes "\\xc2\\x80"/);
    const escaped = right.query.replace(/%([0-9A-F]{2})/g, '\\x$1');
    expect(verdict(sha512Query, instance, { ...right, query: escaped }).reason).toMatch(
      /does not read C escapes/,
    );
  });

  it('rejects malformed answers with a message naming the field', () => {
    const instance = makeInstance(unknownLength, 'malformed');
    const error = (answer: string) => {
      const result = checkAnswer(unknownLength, instance, answer);
      expect(result.ok).toBe(false);
      return result.ok ? null : result.error;
    };
    expect(error('{"messageHex": "zz", "tag": "00"}')?.message).toMatch(
      /^messageHex: "z" is not a hex digit/,
    );
    expect(error('{"messageHex": "abc", "tag": "00"}')?.message).toMatch(
      /^messageHex: .*two digits per byte/,
    );
    expect(error('{"messageHex": "00", "tag": "0011"}')?.message).toMatch(
      /^tag: MD5 tags are 16 bytes \(32 hex digits\), but this one is 2 bytes/,
    );
    expect(error('{"messageHex": 5, "tag": "00"}')?.message).toMatch(
      /^messageHex: must be a string/,
    );
    expect(error('{"tag": "00"}')?.message).toMatch(/no "messageHex" field/);
    expect(error('{"messageHex": "00", "tag": "00", "mac": 1}')?.message).toMatch(
      /"mac" is not a field/,
    );
    expect(error('[1]')?.message).toMatch(/must be a JSON object/);
    expect(error('{"messageHex": ')?.code).toBe('answer/json');
    const huge = JSON.stringify({ messageHex: 'ab'.repeat(500_000), tag: '00'.repeat(16) });
    expect(error(huge)).toMatchObject({ code: 'answer/too-long' });
    const long = JSON.stringify({ messageHex: 'ab'.repeat(5000), tag: '00'.repeat(16) });
    expect(error(long)?.message).toMatch(/^messageHex: .*too long/);
    const query = checkAnswer(
      sha512Query,
      makeInstance(sha512Query, 'q'),
      '{"query": "a%G0", "tag": "00"}',
    );
    expect(query.ok ? null : query.error.message).toMatch(/^query: "%G0" at position 1/);
  });
});
