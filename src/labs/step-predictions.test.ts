/**
 * Predict, then run: each guided step that asks the learner to predict declares which option its
 * result proves right. Here each lab's core runs on the step's own inputs, and what it produces
 * (checked against node:crypto where a tag is involved) must be that option, so a prediction is
 * never marked right or wrong against an answer the lab does not really give.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bytesToHex, parseHex, utf8ToBytes } from '../core/bytes';
import { expectOk } from '../core/result';
import type { GuidedStep } from '../ui/lab-contract';
import { runAttack as runBatteryAttack } from './code/core/battery';
import { hkdf, hmac, md5, PythonRandomModule, timingSafeEqual } from './code/core/learner-api';
import type { LearnerModule } from './code/core/learner';
import { inProcessLearner } from './code/core/remote-learner';
import type { ResultFor } from './code/core/report';
import { flipCiphertext } from './encryption/core/flip';
import { open, seal, type CryptoEnv } from './encryption/core/scheme';
import { findAmount, parseTransfer, DEFAULT_TRANSFER } from './encryption/core/transfer';
import { reportCollision } from './hashes/core/collisions';
import { attackSecretLengths } from './length-extension/core';
import { getPreset } from './length-extension/core/presets';
import { PythonRandom } from './randomness/core';
import { playCloneScenario, secretsVictim } from './randomness/core/clone-scenario';
import { LABS } from './registry';
import { playAttack, seededSetup } from './timing/core/scenario';
import { findPreset as findNoisePreset } from './timing/core/noise';
import { findSample } from './untrusted-data/core/pickle/samples';
import { signPickle, tamperWith, verifyThenLoad } from './untrusted-data/core/pickle/signing';

function predictStep(
  labId: string,
  title: string,
): GuidedStep & Required<Pick<GuidedStep, 'predict'>> {
  const step = LABS.find((lab) => lab.id === labId)!.steps.find((s) => s.title === title);
  if (!step?.predict) throw new Error(`${labId}: no step “${title}” with a prediction`);
  return step as GuidedStep & Required<Pick<GuidedStep, 'predict'>>;
}

/** The option (by its index) whose text the outcome names. */
function optionIndex(step: GuidedStep, text: string): number {
  const index = step.predict!.options.indexOf(text);
  if (index < 0) throw new Error(`no option “${text}” in “${step.predict!.question}”`);
  return index;
}

describe('step predictions are well formed', () => {
  it('every lab asks at least one; each has 2–4 distinct options, a valid answer and a why', () => {
    for (const lab of LABS) {
      const asked = lab.steps.filter((s) => s.predict);
      expect(asked.length, `${lab.id} asks for a prediction`).toBeGreaterThan(0);
      for (const step of asked) {
        const p = step.predict!;
        expect(p.options.length, step.title).toBeGreaterThanOrEqual(2);
        expect(p.options.length, step.title).toBeLessThanOrEqual(4);
        expect(new Set(p.options).size, step.title).toBe(p.options.length);
        expect(Number.isInteger(p.answer) && p.answer >= 0 && p.answer < p.options.length).toBe(
          true,
        );
        expect(p.why.length, step.title).toBeGreaterThan(20);
        expect(step.action ?? step.params, `${step.title} has something to run`).toBeTruthy();
      }
    }
  });
});

describe('each prediction’s answer is what the lab’s core really produces', () => {
  it('hashes: the colliding MD5 pair, with the step’s suffix, still shares one MD5', () => {
    const step = predictStep('hashes', 'MD5 collides');
    const report = reportCollision('md5', utf8ToBytes(step.params!.suffix!));
    const md5Equal =
      createHash('md5').update(report.a).digest('hex') ===
      createHash('md5').update(report.b).digest('hex');
    expect(report.digests[0]!.equal).toBe(md5Equal);
    expect(step.predict.answer).toBe(
      optionIndex(step, md5Equal ? 'Yes, still equal' : 'No, the suffix sets them apart'),
    );
  });

  const preset = getPreset('api');
  const secret = randomBytes(1 + (randomBytes(1)[0]! % 64));
  const message = utf8ToBytes(preset.message);
  const append = utf8ToBytes(preset.append);

  it('length extension: a forgery against MD5(secret ‖ message) is accepted', async () => {
    const step = predictStep('length-extension', 'Forge: append &role=admin');
    expect(step.params!.scheme).toBe('md5');
    const tag = createHash('md5').update(secret).update(message).digest();
    const outcome = expectOk(
      await attackSecretLengths(
        { algorithm: 'md5', tag, message, append, minSecretLength: 1, maxSecretLength: 64 },
        (m, t) => createHash('md5').update(secret).update(m).digest('hex') === bytesToHex(t),
      ),
    );
    expect(step.predict.answer).toBe(
      optionIndex(
        step,
        outcome.accepted ? 'Yes' : 'No: without the secret the tag cannot be right',
      ),
    );
  });

  it('length extension: every forgery against HMAC-SHA256 is rejected', async () => {
    const step = predictStep('length-extension', 'The fix: HMAC-SHA256');
    expect(step.params!.scheme).toBe('hmac-sha256');
    const tag = createHmac('sha256', secret).update(message).digest();
    // The attacker's best try: extend the tag as if it were SHA-256(secret ‖ message).
    const outcome = expectOk(
      await attackSecretLengths(
        { algorithm: 'sha256', tag, message, append, minSecretLength: 1, maxSecretLength: 64 },
        (m, t) => createHmac('sha256', secret).update(m).digest('hex') === bytesToHex(t),
        { stopAtFirst: false },
      ),
    );
    expect(outcome.attempts).toHaveLength(64);
    const anyAccepted = outcome.attempts.some((a) => a.accepted);
    expect(step.predict.answer).toBe(
      optionIndex(
        step,
        anyAccepted ? 'Yes, at the right secret length' : 'No, it rejects every one',
      ),
    );
  });

  it('timing: the attack recovers no byte of the tag against a constant-time compare', () => {
    const step = predictStep('timing', 'The fix: a constant-time compare');
    expect(step.params!.compare).toBe('constant-time');
    const jitterNs = findNoisePreset(step.params!.network!)!.jitterNs;
    for (const seed of [1, 2, 3]) {
      const report = playAttack(
        { tagBytes: 8, perByteNs: 100, jitterNs, compare: 'constant-time' },
        seededSetup(seed),
      );
      // Bytes recovered: the leading bytes of the guess that are the tag's.
      let right = 0;
      while (
        right < report.found.length &&
        report.recoveredHex.slice(2 * right, 2 * right + 2) ===
          report.secretHex.slice(2 * right, 2 * right + 2)
      )
        right++;
      const said = right === 8 ? 'All 8, only more slowly' : right === 0 ? 'None' : 'About half';
      expect(step.predict.answer, `seed ${seed}`).toBe(optionIndex(step, said));
      // And the same attack against == does recover it (the question is not trivially “None”).
      const leaky = playAttack(
        { tagBytes: 8, perByteNs: 100, jitterNs, compare: 'early-exit' },
        seededSetup(seed),
      );
      expect(leaky.recovered).toBe(true);
    }
  });

  it('randomness: the clone does not predict a reset key made with secrets', () => {
    const step = predictStep('randomness', 'The fix: secrets');
    expect(step.params!.victim).toBe('secrets');
    const os = new PythonRandom(BigInt(`0x${randomBytes(16).toString('hex')}`));
    const urandom = (n: number) => Uint8Array.from({ length: n }, () => os.getrandbits32(8));
    const result = playCloneScenario({
      victim: secretsVictim(urandom),
      alphabet: 'abcdefghijklmnopqrstuvwxyz0123456789',
      keyLength: Number(step.params!.length),
      adminKeyLength: 20,
    });
    expect(step.predict.answer).toBe(optionIndex(step, result.resetKeyMatches ? 'Yes' : 'No'));
  });

  it('untrusted data: a swapped pickle under the original tag is refused before loading', () => {
    const step = predictStep('untrusted-data', 'Sign, then verify before loading');
    expect(step.params!.tamper).toBe('swap');
    const key = randomBytes(32);
    const session = expectOk(parseHex(findSample('session')!.hex));
    const payload = expectOk(parseHex(findSample('classic')!.hex));
    const { message: sent } = tamperWith(signPickle(key, session), 'swap', {
      payload,
      attackerKey: randomBytes(32),
    });
    let loaded = false;
    const result = verifyThenLoad(sent, key, () => {
      loaded = true;
      return undefined as never;
    });
    expect(result.accepted).toBe(loaded);
    expect(step.predict.answer).toBe(
      optionIndex(step, loaded ? 'Yes: the tag came with it' : 'No: it refuses before loading'),
    );
  });

  it('encryption: AES-GCM’s decrypt throws on the flipped ciphertext', async () => {
    const step = predictStep('encryption', 'The fix: AES-GCM refuses the flip');
    expect(step.params!.scheme).toBe('gcm');
    const env: CryptoEnv = {
      subtle: globalThis.crypto.subtle,
      random: (bytes) => globalThis.crypto.getRandomValues(bytes),
    };
    const key = env.random(new Uint8Array(16));
    const plaintext = expectOk(parseTransfer(DEFAULT_TRANSFER));
    const wire = await seal('gcm', env, key, plaintext);
    const at = findAmount(plaintext)!;
    const flip = expectOk(
      flipCiphertext({
        scheme: 'gcm',
        wire,
        offset: at.offset,
        known: plaintext.subarray(at.offset, at.offset + at.length),
        want: utf8ToBytes(step.params!.want!),
      }),
    );
    const opened = await open('gcm', env.subtle, key, flip.wire);
    const text = opened.ok ? new TextDecoder().decode(opened.plaintext) : null;
    const said =
      text === null
        ? 'Throws: the tag does not verify'
        : text.includes(`amount=${step.params!.want}`)
          ? 'Reads amount=900'
          : 'Reads garbled text';
    expect(step.predict.answer).toBe(optionIndex(step, said));
  });

  it('code: the battery gets md5(secret + message)’s verify to accept a forged message', async () => {
    const step = predictStep('code', 'Run the attack battery');
    expect(step.params!.preset).toBe('md5');
    // The md5 preset's module, as the learner API runs it.
    const module: LearnerModule = {
      sign: (s, m) => md5(s + m),
      verify: (s, m, tag) => md5(s + m) === tag,
    };
    let t = 0;
    const now = () => (t += 0.001);
    const options = {
      now,
      secret: 'correct horse battery',
      timingBudgetMs: 200,
      timing: { minBatchMs: 1e-6, maxRounds: 60 },
      tokens: { collect: 700, predict: 5 },
    };
    const learner = inProcessLearner(module, {
      now,
      random: new PythonRandomModule(new PythonRandom(1)),
    });
    const result = (await runBatteryAttack(
      'length-extension',
      learner,
      options.secret,
      options,
    )) as ResultFor<'length-extension'>;
    const accepted = result.verdict === 'fail' && result.evidence?.forgery !== undefined;
    expect(step.predict.answer).toBe(
      optionIndex(step, accepted ? 'Yes' : 'No: the secret stays secret'),
    );
    // The fix step's module holds: the same attack finds nothing to accept.
    const fixed: LearnerModule = {
      sign: (s, m, purpose = 'default') => hmac('sha256', hkdf('sha256', s, purpose), m),
      verify: (s, m, tag, purpose = 'default') =>
        timingSafeEqual(hmac('sha256', hkdf('sha256', s, purpose), m), tag as string),
    };
    const held = await runBatteryAttack(
      'length-extension',
      inProcessLearner(fixed, { now, random: new PythonRandomModule(new PythonRandom(1)) }),
      options.secret,
      options,
    );
    expect(held.verdict).toBe('pass');
  });
});
