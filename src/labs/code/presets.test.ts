/**
 * The presets, compiled and loaded as the sandbox does it (here in Node), attacked by the battery.
 * Timing is left to attacks.test.ts (fake clock): its verdict on a real clock would be a timed test.
 */
import { describe, expect, test } from 'vitest';
import { runBattery } from './core/battery';
import { PRESETS, type PresetId } from './core/presets';
import { ATTACK_IDS, type AttackId, type Verdict } from './core/report';
import { loadLearnerInNode } from './node-runner';

const NOT_TIMING = ATTACK_IDS.filter((id) => id !== 'timing');

async function verdicts(id: PresetId): Promise<Record<string, Verdict>> {
  const loaded = await loadLearnerInNode(PRESETS[id].code, 'typescript');
  if (!loaded.ok) throw new Error(loaded.error.message);
  const report = await runBattery(loaded.value.learner, {
    now: () => performance.now(),
    only: NOT_TIMING,
  });
  return Object.fromEntries(report.results.map((r) => [r.id, r.verdict]));
}

const expected = (fails: AttackId[], warns: AttackId[] = []) =>
  Object.fromEntries(
    NOT_TIMING.map((id) => [
      id,
      fails.includes(id) ? 'fail' : warns.includes(id) ? 'warn' : 'pass',
    ]),
  );

describe('presets', () => {
  test('md5(secret + message) falls to length extension and cross-purpose replay', async () => {
    expect(await verdicts('md5')).toEqual(expected(['length-extension', 'keys-per-use']));
  });

  test('sha256 with == and with the XOR compare still length-extend', async () => {
    expect(await verdicts('sha256-eq')).toEqual(expected(['length-extension', 'keys-per-use']));
    expect(await verdicts('xor-compare')).toEqual(expected(['length-extension', 'keys-per-use']));
  });

  test('Math.random and Python random tokens are predicted', async () => {
    expect(await verdicts('math-random')).toEqual(expected(['tokens']));
    expect(await verdicts('python-random')).toEqual(expected(['tokens']));
  });

  test('the compare without a length check accepts a shortened tag', async () => {
    expect(await verdicts('no-length-check')).toEqual(expected(['truncation']));
  });

  test('the HMAC preset passes every attack', async () => {
    expect(await verdicts('hmac')).toEqual(expected([]));
  });

  test('a module that throws while loading, or exports nothing useful, is explained', async () => {
    expect(await loadLearnerInNode('throw new Error("boom");', 'javascript')).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/threw while loading: Error: boom/) },
    });
    expect(await loadLearnerInNode('export const sign = 3;', 'javascript')).toMatchObject({
      ok: false,
      error: { code: 'module/not-a-function' },
    });
    expect(await loadLearnerInNode('const x = 1;', 'javascript')).toMatchObject({
      ok: false,
      error: { code: 'module/no-exports' },
    });
    expect(
      await loadLearnerInNode("import fs from 'fs'; export const sign = () => fs;", 'typescript'),
    ).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/not available in the sandbox/) },
    });
  });
});
