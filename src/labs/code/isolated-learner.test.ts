/** The CLI's side of the isolated learner: compile, start, load, and every answer checked. */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PRESETS } from './core/presets';
import { decodeCallResult, decodeLearnerValue, IsolatedLearner } from './isolated-learner';

let entry = '';
beforeAll(() => {
  spawnSync(process.execPath, ['scripts/cli.mjs', '--help']);
  const { folder } = JSON.parse(readFileSync('dist-cli/current.json', 'utf8')) as {
    folder: string;
  };
  entry = join(process.cwd(), 'dist-cli', folder, 'child.js');
}, 120_000);

describe('IsolatedLearner', () => {
  it('runs a preset in the child and gives back real values', async () => {
    const started = await IsolatedLearner.start(PRESETS.md5.code, 'typescript', { entry });
    if (!started.ok) throw new Error(started.error.message);
    const learner = started.value;
    try {
      expect(learner.exports).toEqual(['sign', 'verify', 'makeToken']);
      const tag = createHash('md5').update('keyuser=alice').digest('hex');
      expect(
        await learner.calls(
          [
            { fn: 'sign', args: ['key', 'user=alice', 'api'] },
            { fn: 'verify', args: ['key', 'user=alice', tag, 'api'] },
            { fn: 'verify', args: ['key', 'user=alice', new Uint8Array([1, 2]), 'api'] },
          ],
          10_000,
        ),
      ).toEqual({
        ok: true,
        value: [
          { ok: true, value: tag },
          { ok: true, value: true },
          { ok: true, value: false },
        ],
      });
      const timed = await learner.timeVerify(
        {
          secret: 'key',
          message: 'user=alice',
          purpose: 'api',
          guesses: [tag, '0'.repeat(32)],
          schedule: [0, 1],
          batch: 10,
        },
        10_000,
      );
      expect(timed).toMatchObject({ ok: true, value: { accepted: 10 } });
      const tokens = await learner.tokens({ count: 4 }, 10_000);
      expect(tokens).toMatchObject({ ok: true, value: { stopped: null, exhausted: false } });
      if (tokens.ok) expect(tokens.value.tokens).toHaveLength(4);
    } finally {
      await learner.stop();
    }
  }, 60_000);

  it('a syntax error comes back as the compiler reported it, before any child starts', async () => {
    const started = await IsolatedLearner.start('export function sign(\n', 'typescript', { entry });
    expect(started).toMatchObject({ ok: false, error: { code: 'compile/syntax', line: 2 } });
  });
});

describe('decoding the child answers', () => {
  it('decodes every encoding the child makes', () => {
    expect(decodeLearnerValue({ t: 'string', v: 'a' })).toEqual({ value: 'a' });
    expect(decodeLearnerValue({ t: 'bytes', hex: '00ff' })).toEqual({
      value: new Uint8Array([0, 255]),
    });
    expect(decodeLearnerValue({ t: 'number', v: '-1.5e+300' })).toEqual({ value: -1.5e300 });
    expect(decodeLearnerValue({ t: 'number', v: 'NaN' })).toEqual({ value: NaN });
    expect(decodeLearnerValue({ t: 'bigint', v: '-12' })).toEqual({ value: -12n });
    expect(decodeLearnerValue({ t: 'boolean', v: false })).toEqual({ value: false });
    expect(decodeLearnerValue({ t: 'undefined' })).toEqual({ value: undefined });
    expect(decodeLearnerValue({ t: 'null' })).toEqual({ value: null });
    expect(decodeLearnerValue({ t: 'other', what: 'an array' })).toEqual({
      value: { opaque: 'an array' },
    });
  });

  it('refuses what the child never makes: wrong types, bad hex, huge texts', () => {
    for (const bad of [
      null,
      'a',
      { t: 'string', v: 5 },
      { t: 'string', v: 'x'.repeat(70_000) },
      { t: 'bytes', hex: 'abc' },
      { t: 'bytes', hex: 'ZZ' },
      { t: 'number', v: '1; drop' },
      { t: 'bigint', v: '1'.repeat(500) },
      { t: 'boolean', v: 'true' },
      { t: 'other', what: 'x'.repeat(200) },
      { t: 'function' },
    ])
      expect(decodeLearnerValue(bad)).toBeUndefined();
    expect(decodeCallResult({ ok: true, value: { t: 'x' } })).toBeUndefined();
    expect(decodeCallResult({ ok: false, threw: 'x'.repeat(10_000) })).toBeUndefined();
    expect(decodeCallResult({ ok: false })).toBeUndefined();
    expect(decodeCallResult({ ok: false, promise: true })).toEqual({ ok: false, promise: true });
    expect(decodeCallResult({ ok: false, threw: 'TypeError: x' })).toEqual({
      ok: false,
      threw: 'TypeError: x',
    });
  });
});
