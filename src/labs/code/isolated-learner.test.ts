/**
 * The CLI's side of the isolated learner: compile here, load in the child, and the battery's
 * RemoteLearner over the child's channel (answers checked by the browser's parsers). A child that
 * is stopped leaves every later request failed, and each failure is recorded.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBattery } from './core/battery';
import { LearnerError } from './core/learner';
import { PRESETS } from './core/presets';
import { IsolatedLearner } from './isolated-learner';

let entry = '';
beforeAll(() => {
  spawnSync(process.execPath, ['scripts/cli.mjs', '--help']);
  const { folder } = JSON.parse(readFileSync('dist-cli/current.json', 'utf8')) as {
    folder: string;
  };
  entry = join(process.cwd(), 'dist-cli', folder, 'child.js');
}, 120_000);

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

describe('IsolatedLearner', () => {
  it('runs a preset in the child and gives back checked answers', async () => {
    const started = await IsolatedLearner.start(PRESETS.md5.code, 'typescript', { entry });
    if (!started.ok) throw new Error(started.error.message);
    const { learner } = started.value;
    try {
      expect(learner.exports).toEqual({ sign: true, verify: true, makeToken: true, signArity: 2 });
      const tag = md5('keyuser=alice');
      expect(await learner.sign('key', [{ message: 'user=alice', purpose: 'api' }])).toEqual([
        { tag },
      ]);
      expect(
        await learner.verify('key', [
          { message: 'user=alice', tag, purpose: 'api' },
          { message: 'user=alice', tag: new Uint8Array([1, 2]), purpose: 'api' },
        ]),
      ).toEqual([{ accepted: true }, { accepted: false }]);
      const calibration = await learner.startTiming({
        secret: 'key',
        message: 'user=alice',
        purpose: 'api',
        guesses: [tag, '0'.repeat(32)],
        minBatchMs: 0.2,
      });
      const samples = await learner.sampleTiming([0, 1, 1, 0], calibration.batchSize);
      expect(samples).toHaveLength(4);
      const tokens = await learner.collectTokens({ count: 4, minCount: 4, budgetMs: 1000 });
      expect(tokens.tokens).toHaveLength(4);
      expect(started.value.failures).toEqual([]);
    } finally {
      await started.value.stop();
    }
  }, 60_000);

  it('the battery on the md5 preset in the child: the same verdicts as in the browser', async () => {
    const started = await IsolatedLearner.start(PRESETS.md5.code, 'typescript', { entry });
    if (!started.ok) throw new Error(started.error.message);
    try {
      const report = await runBattery(started.value.learner, {
        now: () => performance.now(),
        only: ['length-extension', 'tampering', 'truncation', 'keys-per-use'],
      });
      expect(report.results.map((r) => [r.id, r.verdict])).toEqual([
        ['length-extension', 'fail'],
        ['tampering', 'pass'],
        ['truncation', 'pass'],
        ['keys-per-use', 'fail'],
      ]);
    } finally {
      await started.value.stop();
    }
  }, 60_000);

  it('a request past the time limit stops the child; it and every later one fail, recorded', async () => {
    const started = await IsolatedLearner.start(
      `export function sign(secret, message) { if (message === 'hang') for (;;); return 'tag'; }`,
      'javascript',
      { entry, limitMs: 1500 },
    );
    if (!started.ok) throw new Error(started.error.message);
    const { learner, failures } = started.value;
    try {
      const hang = learner.sign('k', [{ message: 'hang', purpose: 'api' }]);
      await expect(hang).rejects.toThrow(LearnerError);
      await expect(hang).rejects.toThrow(
        'The isolated child passed its time limit (1.5 s) and was stopped',
      );
      await expect(learner.sign('k', [{ message: 'fine', purpose: 'api' }])).rejects.toThrow(
        LearnerError,
      );
      expect(failures).toHaveLength(2);
    } finally {
      await started.value.stop();
    }
  }, 60_000);

  it('a syntax error comes back as the compiler reported it, before any child starts', async () => {
    const started = await IsolatedLearner.start('export function sign(\n', 'typescript', { entry });
    expect(started).toMatchObject({ ok: false, error: { code: 'compile/syntax', line: 2 } });
  });
});
