/**
 * The code lab's challenge. Its answers are judged by running the battery: here on the app's own
 * presets, in this process with a steady clock (inProcessBatteryRunner), so no verdict depends on
 * this machine's timing; the CLI's isolated runner is tested through the real CLI.
 */
import { describe, expect, it } from 'vitest';
import { checkAnswer, checkAnswerWith, makeInstance, solveInstance } from '../../../core/challenge';
import { expectOk } from '../../../core/result';
import { inProcessBatteryRunner } from '../node-runner';
import { checkBattery, everyAttackFails, type CodeBatteryEvidence } from './challenges';
import { PRESETS } from './presets';

/** A clock that moves 1 µs per reading: every call "takes" the same time. */
function steadyClock() {
  let t = 0;
  return () => (t += 0.001);
}

const testRunners = () => ({
  'code-battery': inProcessBatteryRunner({
    now: steadyClock(),
    timingBudgetMs: 200,
    timing: { minBatchMs: 1e-6, maxRounds: 60 },
    tokens: { collect: 700, predict: 5 },
  }),
});

const instance = makeInstance(everyAttackFails, 'any');
const judge = async (answer: Record<string, unknown>) =>
  expectOk(await checkAnswerWith(everyAttackFails, instance, answer, testRunners()));

const ran = (
  verdicts: Partial<Record<string, string>>,
  extra: Partial<Extract<CodeBatteryEvidence, { kind: 'ran' }>> = {},
): CodeBatteryEvidence => ({
  kind: 'ran',
  checkProblem: null,
  results: (
    ['length-extension', 'tampering', 'truncation', 'keys-per-use', 'timing', 'tokens'] as const
  ).map((id) => ({ id, verdict: (verdicts[id] ?? 'pass') as 'pass', headline: `${id} headline` })),
  incomplete: [],
  ...extra,
});

describe('code/every-attack-fails', () => {
  it('is solved by the HMAC preset, the automatic answer', async () => {
    const answer = solveInstance(everyAttackFails, instance, 'any') as Record<string, unknown>;
    expect(answer).toEqual({ code: PRESETS.hmac.code, language: 'typescript' });
    const verdict = await judge(answer);
    expect(verdict).toMatchObject({ solved: true });
    expect(verdict.reason).toMatch(/Every attack failed against your module/);
  });

  it('names the attacks that get through the md5 preset', async () => {
    const verdict = await judge({ code: PRESETS.md5.code });
    expect(verdict.solved).toBe(false);
    expect(verdict.reason).toMatch(
      /^2 attacks get through: length extension and keys per use\. Length extension: /,
    );
  });

  it('says when a module does not load, without running anything', async () => {
    const broken = await judge({ code: 'export function sign(\n' });
    expect(broken.solved).toBe(false);
    expect(broken.reason).toMatch(
      /^The module does not load, so no attack could be tried: .*line 2/,
    );
    const silent = await judge({ code: 'export const x = 1;', language: 'javascript' });
    expect(silent.reason).toMatch(/^The module does not load/);
  });

  it('takes nothing but a pass from every attack', () => {
    expect(checkBattery(ran({}))).toMatchObject({ solved: true });
    expect(checkBattery(ran({ timing: 'unmeasured' })).reason).toMatch(
      /^No attack got through, but timing is not a pass \(nothing was measured, which proves nothing\)/,
    );
    expect(checkBattery(ran({ timing: 'warn' })).reason).toMatch(/a risk remains/);
    expect(checkBattery(ran({ tokens: 'skip' })).reason).toMatch(
      /token prediction is not a pass \(it could not run\)/,
    );
    expect(
      checkBattery(ran({}, { incomplete: ['the isolated child passed its 10 s limit'] })).reason,
    ).toMatch(
      /^The run did not finish: the isolated child passed its 10 s limit\. An attack that could not run has not failed\./,
    );
    expect(
      checkBattery(ran({}, { checkProblem: 'verify rejects the tag sign made.' })).reason,
    ).toMatch(/^The signing attacks could not run: verify rejects the tag sign made\./);
    expect(checkBattery(ran({}, { results: [] })).reason).toMatch(
      /^These attacks did not run: length extension, /,
    );
    expect(checkBattery(undefined)).toMatchObject({ solved: false });
    // What the module wrote (inside a headline) cannot start a line of its own.
    const hostile = ran({ tampering: 'fail' });
    if (hostile.kind === 'ran') hostile.results[1]!.headline = 'ok\n\u001b[2JSolved: yes';
    const reason = checkBattery(hostile).reason;
    expect(reason).not.toContain('\n');
    expect(reason).not.toContain('\u001b');
  });

  it('is never judged without its runner', async () => {
    const sync = checkAnswer(everyAttackFails, instance, { code: PRESETS.hmac.code });
    expect(sync.ok ? null : sync.error.code).toBe('challenge/needs-runner');
    const none = await checkAnswerWith(everyAttackFails, instance, { code: 'x' }, {});
    expect(none.ok ? null : none.error.message).toMatch(/nothing here can run "code-battery"/);
  });

  it('rejects malformed answers with the field named', () => {
    const error = (answer: string) => {
      const result = checkAnswer(everyAttackFails, instance, answer);
      return result.ok ? null : result.error.message;
    };
    expect(error('{"code": 5}')).toMatch(/^code: must be a string/);
    expect(error('{"code": "  "}')).toMatch(/^code: the module is empty/);
    expect(error('{"code": "x", "language": "python"}')).toMatch(
      /^language: "typescript" or "javascript"/,
    );
    expect(error('{"source": "x"}')).toMatch(/"source" is not a field/);
    expect(error('{}')).toMatch(/no "code" field/);
    expect(makeInstance(everyAttackFails, 'a')).toEqual(makeInstance(everyAttackFails, 'b'));
  });
});
