/**
 * The attack battery against learner modules written here in TypeScript, as a learner would write
 * them, reached through the in-process transport (the same requests and answer checks as the
 * browser's sandbox). Timing runs on a fake clock (no test here depends on how fast this machine is).
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { PythonRandom } from '../../randomness/core';
import { runAttack, runBattery, type BatteryOptions } from './battery';
import type { AttackId } from './report';
import { inProcessLearner } from './remote-learner';
import { LE_APPEND, LE_MESSAGE } from './attack-signing';
import type { LearnerModule } from './learner';
import {
  byteString,
  hkdf,
  hmac,
  md5,
  PythonRandomModule,
  randomBytes,
  sha1,
  sha256,
  sha512,
  timingSafeEqual,
  toBytes,
  toHex,
} from './learner-api';
import { PRESETS } from './presets';
import type { AttackResult, ResultFor } from './report';

/** A clock that moves 1 µs per reading: every call "takes" the same time, so no slope. */
function steadyClock() {
  let t = 0;
  return () => (t += 0.001);
}

/** The battery's options, and the Python random the module sees (the harness's environment). */
type TestOptions = BatteryOptions & { random: PythonRandomModule };

function options(extra: Partial<TestOptions> = {}): TestOptions {
  return {
    now: steadyClock(),
    random: new PythonRandomModule(new PythonRandom(1)),
    secret: 'correct horse battery',
    timingBudgetMs: 200,
    timing: { minBatchMs: 1e-6, maxRounds: 60 },
    tokens: { collect: 700, predict: 5 },
    ...extra,
  };
}

const remote = (module: LearnerModule, o: TestOptions) =>
  inProcessLearner(module, { now: o.now, random: o.random });

/** One attack against a module in this process. */
const attack = (id: AttackId, module: LearnerModule, secret: string, o = options()) =>
  runAttack(id, remote(module, o), secret, o);

const byId = (results: AttackResult[]) =>
  Object.fromEntries(results.map((r) => [r.id, r])) as {
    [K in AttackResult['id']]: ResultFor<K>;
  };

const hashSigner = (hash: (data: string) => string): LearnerModule => ({
  sign: (secret, message) => hash(secret + message),
  verify: (secret, message, tag) => hash(secret + message) === tag,
});

const hmacModule: LearnerModule = {
  sign: (secret, message, purpose = 'default') =>
    hmac('sha256', hkdf('sha256', secret, purpose), message),
  verify: (secret, message, tag, purpose = 'default') =>
    timingSafeEqual(hmac('sha256', hkdf('sha256', secret, purpose), message), tag as string),
  makeToken: () => toHex(randomBytes(16)),
};

describe('length extension', () => {
  test('md5(secret + message): verify accepts a forged message that extends the signed one', async () => {
    const result = (await attack(
      'length-extension',
      hashSigner(md5),
      'secret',
      options(),
    )) as ResultFor<'length-extension'>;
    expect(result.verdict).toBe('fail');
    const forgery = result.evidence!.forgery!;
    expect(forgery.algorithm).toBe('MD5');
    expect(forgery.secretLength).toBe(6);
    const forged = Buffer.from(forgery.forgedMessageHex, 'hex');
    // message ‖ glue padding ‖ appended data, and the tag is the real MD5 of secret ‖ that.
    expect(forged.subarray(0, LE_MESSAGE.length).toString('latin1')).toBe(LE_MESSAGE);
    expect(forged[LE_MESSAGE.length]).toBe(0x80);
    expect(forged.subarray(forged.length - LE_APPEND.length).toString('latin1')).toBe(LE_APPEND);
    expect(forgery.forgedTag).toBe(createHash('md5').update('secret').update(forged).digest('hex'));
    expect(
      result.evidence!.tried.find((t) => t.algorithm === 'MD5')!.attempts.map((a) => a.accepted),
    ).toEqual([false, false, false, false, false, false, true]);
  });

  test('for every extendable hash and any secret, the forgery verify accepts is the real hash', async () => {
    const hashes = { md5, sha1, sha256, sha512 } as const;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...(Object.keys(hashes) as (keyof typeof hashes)[])),
        fc.uint8Array({ minLength: 0, maxLength: 70 }).map(byteString),
        async (name, secret) => {
          const result = (await attack(
            'length-extension',
            hashSigner(hashes[name]),
            secret,
            options({ secretLengths: [0, 72] }),
          )) as ResultFor<'length-extension'>;
          expect(result.verdict).toBe('fail');
          const forgery = result.evidence!.forgery!;
          expect(forgery.secretLength).toBe(secret.length);
          const forged = Buffer.from(forgery.forgedMessageHex, 'hex');
          expect(forgery.forgedTag).toBe(
            createHash(name).update(toBytes(secret)).update(forged).digest('hex'),
          );
        },
      ),
      { numRuns: 24 },
    );
  });

  test('a secret longer than the range tried is not found, and the report says the range', async () => {
    const result = (await attack(
      'length-extension',
      hashSigner(sha256),
      'x'.repeat(40),
      options({ secretLengths: [0, 16] }),
    )) as ResultFor<'length-extension'>;
    expect(result.verdict).toBe('pass');
    expect(result.headline).toMatch(/secret lengths 0–16/);
  });

  test('HMAC and a secret suffix are not extendable this way; a base64 tag is read and written as base64', async () => {
    const hmacResult = await attack('length-extension', hmacModule, 'secret', options());
    expect(hmacResult.verdict).toBe('pass');
    const suffix: LearnerModule = {
      sign: (secret, message) => md5(message + secret),
      verify: (secret, message, tag) => md5(message + secret) === tag,
    };
    expect((await attack('length-extension', suffix, 'secret', options())).verdict).toBe('pass');
    const b64: LearnerModule = {
      sign: (secret, message) => Buffer.from(sha1(secret + message), 'hex').toString('base64'),
      verify: (secret, message, tag) =>
        Buffer.from(sha1(secret + message), 'hex').toString('base64') === tag,
    };
    const result = (await attack(
      'length-extension',
      b64,
      'secret',
      options(),
    )) as ResultFor<'length-extension'>;
    expect(result.verdict).toBe('fail');
    expect(result.evidence!.tagFormat).toBe('base64');
  });
});

describe('tampering, truncation and keys per use', () => {
  test('the HMAC module with per-purpose keys holds against all of them', async () => {
    // The source the battery reads for verify's compare: the preset this module mirrors.
    const o = options({ source: PRESETS.hmac.code });
    const report = await runBattery(remote(hmacModule, o), o);
    const results = byId(report.results);
    for (const id of [
      'length-extension',
      'tampering',
      'truncation',
      'keys-per-use',
      'timing',
      'tokens',
    ] as const)
      expect({ id, verdict: results[id].verdict }).toEqual({ id, verdict: 'pass' });
  });

  test('a verify that ignores the message is caught by tampering', async () => {
    const careless: LearnerModule = {
      sign: (secret, message) => hmac('sha256', secret, message),
      verify: (secret, _message, tag) => typeof tag === 'string' && tag.length === 64,
    };
    const result = (await attack('tampering', careless, 'k', options())) as ResultFor<'tampering'>;
    expect(result.verdict).toBe('fail');
    expect(result.evidence!.tries.filter((t) => t.accepted).length).toBeGreaterThan(0);
  });

  test('a compare over the shorter input accepts shortened tags, down to an empty one', async () => {
    const zip: LearnerModule = {
      sign: (secret, message) => hmac('sha256', secret, message),
      verify: (secret, message, tag) => {
        const expected = hmac('sha256', secret, message);
        const given = tag as string;
        let r = 0;
        for (let i = 0; i < Math.min(expected.length, given.length); i++)
          r |= expected.charCodeAt(i) ^ given.charCodeAt(i);
        return r === 0;
      },
    };
    const result = (await attack('truncation', zip, 'k', options())) as ResultFor<'truncation'>;
    expect(result.verdict).toBe('fail');
    expect(result.evidence!.tries.map((t) => t.accepted)).toEqual([true, true, true, true]);
    expect(result.evidence!.tries.at(-1)!.label).toBe('an empty tag');
    expect((await attack('truncation', hmacModule, 'k', options())).verdict).toBe('pass');
  });

  test('a tag for one purpose accepted for another fails keys per use; a verify that throws counts as a rejection', async () => {
    const noPurpose = hashSigner(sha256);
    const result = (await attack(
      'keys-per-use',
      noPurpose,
      'k',
      options(),
    )) as ResultFor<'keys-per-use'>;
    expect(result.verdict).toBe('fail');
    expect(result.evidence!.signArity).toBe(2);
    const throwing: LearnerModule = {
      ...hmacModule,
      verify: (s, m, t, p) => {
        if (!hmacModule.verify!(s, m, t, p)) throw new Error('bad signature');
        return true;
      },
    };
    const tampering = (await attack(
      'tampering',
      throwing,
      'k',
      options(),
    )) as ResultFor<'tampering'>;
    expect(tampering.verdict).toBe('pass');
    expect(tampering.evidence!.tries[0]!.note).toMatch(/verify threw Error: bad signature/);
  });

  test('a verify that rejects genuine tags stops the signing attacks, with the reason', async () => {
    const broken: LearnerModule = { sign: () => 'abc', verify: () => false };
    const o = options({ only: ['length-extension', 'timing'] });
    const report = await runBattery(remote(broken, o), o);
    expect(report.checkProblem).toMatch(/verify rejected the tag sign had just made/);
    expect(report.results.map((r) => r.verdict)).toEqual(['skip', 'skip']);
  });

  test('sign returning a Promise or a number is explained, not crashed on', async () => {
    const asyncSign: LearnerModule = { sign: async () => 'x', verify: () => true };
    expect((await attack('tampering', asyncSign, 'k', options())).headline).toMatch(
      /returned a Promise/,
    );
    const numberSign: LearnerModule = { sign: () => 42, verify: () => true };
    expect((await attack('tampering', numberSign, 'k', options())).headline).toMatch(
      /sign returned number 42/,
    );
  });
});

describe('timing', () => {
  /**
   * A fake clock that the learner's compare advances: `perUnit` per character it looks at, plus a
   * fixed cost and seeded noise per call. An early exit then really takes longer with a longer
   * correct prefix, and the measurement must see it; a constant-time compare must not.
   */
  function chargedModule(earlyExit: boolean, perUnit: number, noise: number) {
    let t = 0;
    let seed = 7;
    const jitter = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return (seed / 2 ** 31) * noise;
    };
    const learner: LearnerModule = {
      sign: (secret, message) => sha256(secret + message),
      verify: (secret, message, tag) => {
        const expected = sha256(secret + message);
        const given = tag as string;
        t += 1000 + jitter();
        if (given.length !== expected.length) return false;
        let same = true;
        for (let i = 0; i < expected.length; i++) {
          t += perUnit;
          if (expected[i] !== given[i]) {
            same = false;
            if (earlyExit) break;
          }
        }
        return same;
      },
    };
    return { learner, now: () => t / 1e6 };
  }

  test('an early-exit compare shows a slope and fails; a flat one passes only when its source shows a constant-time compare', async () => {
    const leaky = chargedModule(true, 20, 400);
    const result = (await attack(
      'timing',
      leaky.learner,
      'k',
      options({
        now: leaky.now,
        timingBudgetMs: 50,
        timing: { maxRounds: 200, minBatchMs: 0.005 },
      }),
    )) as ResultFor<'timing'>;
    expect(result.verdict).toBe('fail');
    expect(result.evidence!.analysis.slopeNsPerUnit).toBeGreaterThan(10);
    const flat = chargedModule(false, 20, 400);
    const held = (await attack(
      'timing',
      flat.learner,
      'k',
      options({ now: flat.now, timingBudgetMs: 50, timing: { maxRounds: 200, minBatchMs: 0.005 } }),
    )) as ResultFor<'timing'>;
    expect(held.verdict).toBe('unmeasured');
    expect(held.headline).toMatch(/which is not a pass/);
    expect(Math.abs(held.evidence!.analysis.slopeNsPerUnit)).toBeLessThan(1);
    for (const [preset, verdict] of [
      ['xor-compare', 'pass'],
      ['md5', 'warn'],
    ] as const) {
      const again = chargedModule(false, 20, 400);
      const judged = (await attack(
        'timing',
        again.learner,
        'k',
        options({
          now: again.now,
          timingBudgetMs: 50,
          timing: { maxRounds: 200, minBatchMs: 0.005 },
          source: PRESETS[preset].code,
        }),
      )) as ResultFor<'timing'>;
      expect(judged.verdict).toBe(verdict);
    }
  });
});

describe('tokens', () => {
  test('Math.random tokens are predicted before they appear (this Node’s V8)', async () => {
    const learner: LearnerModule = { makeToken: () => Math.random().toString(36).slice(2) };
    const result = (await attack('tokens', learner, 'k', options())) as ResultFor<'tokens'>;
    expect(result.verdict).toBe('fail');
    const p = result.evidence!.prediction!;
    expect(p.actual).toHaveLength(5);
    expect(p.predicted).toEqual(p.actual);
    expect(p.matches).toEqual([true, true, true, true, true]);
    expect(result.evidence!.perToken.mathRandom).toBe(1);
  });

  test('String(Math.random()) and toString(16) tokens are predicted too', async () => {
    for (const makeToken of [() => String(Math.random()), () => Math.random().toString(16)]) {
      const result = (await attack(
        'tokens',
        { makeToken },
        'k',
        options({ tokens: { collect: 40 } }),
      )) as ResultFor<'tokens'>;
      expect(result.verdict).toBe('fail');
      expect(result.evidence!.prediction!.matches.every(Boolean)).toBe(true);
    }
  });

  test('getrandbits(32) order numbers are predicted by cloning the Mersenne Twister', async () => {
    const random = new PythonRandomModule();
    const learner: LearnerModule = {
      makeToken: () => random.getrandbits(32).toString(16).padStart(8, '0'),
    };
    const result = (await attack(
      'tokens',
      learner,
      'k',
      options({ random }),
    )) as ResultFor<'tokens'>;
    expect(result.verdict).toBe('fail');
    expect(result.evidence!.prediction!.model).toMatch(/MT19937/);
    expect(result.evidence!.prediction!.matches).toEqual([true, true, true, true, true]);
  });

  test('crypto tokens pass; a lossy Math.random format is a warning, not a pass', async () => {
    const good = (await attack(
      'tokens',
      { makeToken: () => toHex(randomBytes(16)) },
      'k',
      options(),
    )) as ResultFor<'tokens'>;
    expect(good.verdict).toBe('pass');
    expect(good.evidence!.prediction).toBeNull();
    const lossy: LearnerModule = {
      makeToken: () =>
        Array.from(
          { length: 12 },
          () => 'abcdefghijklmnopqrstuvwxyz'[Math.floor(Math.random() * 26)],
        ).join(''),
    };
    const warned = (await attack('tokens', lossy, 'k', options())) as ResultFor<'tokens'>;
    expect(warned.verdict).toBe('warn');
    expect(warned.evidence!.perToken.mathRandom).toBe(12);
  });

  test('repeated tokens fail; a missing makeToken is not run', async () => {
    let n = 0;
    const repeating = (await attack(
      'tokens',
      { makeToken: () => String(n++ % 3) + 'x' },
      'k',
      options(),
    )) as ResultFor<'tokens'>;
    expect(repeating.verdict).toBe('fail');
    expect(repeating.evidence!.duplicates).toBe(697);
    expect((await attack('tokens', hashSigner(md5), 'k', options())).verdict).toBe('skip');
  });

  test('a Python module is told what it does not define (make_token), a JavaScript one what it does not export', async () => {
    const python = options({ sourceLanguage: 'python' });
    const missing = await attack('tokens', hashSigner(md5), 'k', python);
    expect(missing.headline).toBe('Your module defines no make_token function.');
    const signOnly = { sign: hashSigner(md5).sign };
    for (const id of ['length-extension', 'tampering', 'truncation', 'keys-per-use'] as const) {
      expect((await attack(id, signOnly, 'k', python)).headline).toBe(
        'Your module defines no verify function.',
      );
      expect((await attack(id, signOnly, 'k', options())).headline).toBe(
        'Your module exports no verify function.',
      );
    }
    expect((await attack('tampering', {}, 'k', python)).headline).toBe(
      'Your module defines neither sign nor verify.',
    );
    expect((await attack('tokens', hashSigner(md5), 'k', options())).headline).toBe(
      'Your module exports no makeToken function.',
    );
    let n = 0;
    const repeating = await attack('tokens', { makeToken: () => `${n++ % 3}x` }, 'k', python);
    expect(repeating.headline).toMatch(/^make_token repeated itself: 697 of 700 tokens/);
    const weak = await attack(
      'tokens',
      {
        makeToken: () =>
          Array.from(
            { length: 12 },
            () => 'abcdefghijklmnopqrstuvwxyz'[Math.floor(python.random.random() * 26)],
          ).join(''),
      },
      'k',
      python,
    );
    expect(weak.headline).toMatch(
      /^(Predicted: .* before make_token returned|Not predicted here, but make_token draws from Python’s random)/,
    );
  });
});
