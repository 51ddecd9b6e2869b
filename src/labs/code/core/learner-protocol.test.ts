/**
 * The checks on every answer from the learner's side: right answers pass unchanged, anything of
 * the wrong type, count or size is refused (and the attack then says so instead of judging).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  LEARNER_LIMITS,
  describeMisbehaviour,
  parseCalibration,
  parseExports,
  parseLoadAnswer,
  parseSignAnswers,
  parseTimingSamples,
  parseTokenBatch,
  parseTokenReplay,
  parseVerifyAnswers,
} from './learner-protocol';

const refused = (result: { ok: boolean; error?: { code: string; message: string } }) => {
  expect(result.ok).toBe(false);
  expect(result.error!.code).toBe('learner/malformed');
  expect(result.error!.message).toMatch(/malformed answer .*this attack is not run/);
};

describe('sign answers', () => {
  test('tags (strings or bytes) and described problems pass, in order', () => {
    const answers = [
      { tag: 'abcdef' },
      { tag: new Uint8Array([1, 2, 3]) },
      { problem: { kind: 'threw', text: 'Error: boom' } },
      { problem: { kind: 'promise' } },
      { problem: { kind: 'value', value: { type: 'number', text: '42' } } },
      { problem: { kind: 'too-long', length: 5000, limit: 4096 } },
    ];
    expect(parseSignAnswers(answers, answers.length)).toEqual({ ok: true, value: answers });
  });

  test('the wrong count, type or size is refused', () => {
    refused(parseSignAnswers([{ tag: 'a' }], 2));
    refused(parseSignAnswers({ 0: { tag: 'a' }, length: 1 }, 1));
    refused(parseSignAnswers([{ tag: 42 }], 1));
    refused(parseSignAnswers([{ tag: ['a'] }], 1));
    refused(parseSignAnswers([{ tag: new Uint16Array(2) }], 1));
    refused(parseSignAnswers([{ tag: 'x'.repeat(LEARNER_LIMITS.tagLength + 1) }], 1));
    refused(parseSignAnswers([{ tag: new Uint8Array(LEARNER_LIMITS.tagLength + 1) }], 1));
    refused(parseSignAnswers([{ problem: { kind: 'threw', text: 'x'.repeat(301) } }], 1));
    refused(parseSignAnswers([{ problem: { kind: 'value', value: { type: 'window' } } }], 1));
    refused(parseSignAnswers([{}], 1));
    refused(parseSignAnswers([null], 1));
    const many = Array.from({ length: LEARNER_LIMITS.batch + 1 }, () => ({ tag: 'a' }));
    refused(parseSignAnswers(many, many.length));
  });

  test('a tag at the limit passes', () => {
    const tag = 'x'.repeat(LEARNER_LIMITS.tagLength);
    expect(parseSignAnswers([{ tag }], 1)).toEqual({ ok: true, value: [{ tag }] });
  });
});

describe('verify answers', () => {
  test('a boolean, with a problem when verify did not answer true or false', () => {
    const answers = [
      { accepted: true },
      { accepted: false, problem: { kind: 'threw', text: 'Error: bad signature' } },
      {
        accepted: true,
        problem: { kind: 'value', value: { type: 'string', text: 'yes', length: 3 } },
      },
    ];
    expect(parseVerifyAnswers(answers, 3)).toEqual({ ok: true, value: answers });
  });

  test('anything but a boolean verdict is refused', () => {
    for (const accepted of [1, 'true', null, undefined, {}])
      refused(parseVerifyAnswers([{ accepted }], 1));
    refused(parseVerifyAnswers([{ accepted: true, problem: 'odd' }], 1));
    refused(parseVerifyAnswers([{ accepted: true }, { accepted: false }], 1));
  });

  test('for any list of answers, a well-formed one passes and a changed count does not', () => {
    const answer = fc.record({ accepted: fc.boolean() });
    fc.assert(
      fc.property(fc.array(answer, { maxLength: 50 }), (answers) => {
        expect(parseVerifyAnswers(answers, answers.length)).toEqual({ ok: true, value: answers });
        expect(parseVerifyAnswers(answers, answers.length + 1).ok).toBe(false);
      }),
    );
  });
});

describe('timing answers', () => {
  test('calibration: a positive clock step and a whole batch size within limits', () => {
    expect(parseCalibration({ resolutionMs: 0.005, batchSize: 64 })).toEqual({
      ok: true,
      value: { resolutionMs: 0.005, batchSize: 64 },
    });
    refused(parseCalibration({ resolutionMs: 0, batchSize: 64 }));
    refused(parseCalibration({ resolutionMs: NaN, batchSize: 64 }));
    refused(parseCalibration({ resolutionMs: 0.1, batchSize: 0 }));
    refused(parseCalibration({ resolutionMs: 0.1, batchSize: 1.5 }));
    refused(parseCalibration({ resolutionMs: 0.1, batchSize: LEARNER_LIMITS.batchSize * 2 }));
  });

  test('samples: one finite, non-negative number per visit, as a Float64Array', () => {
    const samples = Float64Array.from([10, 12.5, 0]);
    expect(parseTimingSamples(samples, 3)).toEqual({ ok: true, value: samples });
    refused(parseTimingSamples(samples, 4));
    refused(parseTimingSamples([10, 12.5, 0], 3));
    refused(parseTimingSamples(Float64Array.from([10, NaN, 1]), 3));
    refused(parseTimingSamples(Float64Array.from([10, Infinity, 1]), 3));
    refused(parseTimingSamples(Float64Array.from([10, -1, 1]), 3));
  });
});

describe('token answers', () => {
  const calls = { mathRandom: 700, pythonRandom: 0, getRandomValues: null };

  test('strings, numbers, bigints and bytes pass, with the call counts', () => {
    const batch = {
      tokens: ['abc', 0.25, 12345678901234567890n, new Uint8Array([255])],
      problem: null,
      calls,
    };
    expect(parseTokenBatch(batch, 10)).toEqual({ ok: true, value: batch });
    const replay = { tokens: ['a'], problem: { kind: 'promise' } };
    expect(parseTokenReplay(replay, 5)).toEqual({ ok: true, value: replay });
  });

  test('more tokens than asked for, over-long tokens, bad counts are refused', () => {
    refused(parseTokenBatch({ tokens: ['a', 'b'], problem: null, calls }, 1));
    refused(
      parseTokenBatch(
        { tokens: ['x'.repeat(LEARNER_LIMITS.tokenLength + 1)], problem: null, calls },
        5,
      ),
    );
    refused(parseTokenBatch({ tokens: [10n ** 2000n], problem: null, calls }, 5));
    refused(parseTokenBatch({ tokens: [{}], problem: null, calls }, 5));
    refused(
      parseTokenBatch({ tokens: ['a'], problem: null, calls: { ...calls, mathRandom: -1 } }, 5),
    );
    refused(parseTokenBatch({ tokens: ['a'], calls }, 5));
    refused(parseTokenReplay({ tokens: ['a'], problem: 'none' }, 5));
  });
});

describe('loading', () => {
  test('the exports, or the reason the module did not load', () => {
    const exports = { sign: true, verify: true, makeToken: false, signArity: 2 };
    expect(parseExports(exports)).toEqual({ ok: true, value: exports });
    expect(parseLoadAnswer({ ok: true, exports, crossOriginIsolated: false })).toEqual({
      ok: true,
      value: { ok: true, exports, crossOriginIsolated: false },
    });
    expect(parseLoadAnswer({ ok: false, message: 'Your module threw while loading: x' })).toEqual({
      ok: true,
      value: { ok: false, message: 'Your module threw while loading: x' },
    });
    refused(parseExports({ ...exports, sign: 'yes' }));
    refused(parseExports({ ...exports, signArity: -1 }));
    refused(parseLoadAnswer({ ok: true, exports }));
    refused(parseLoadAnswer({ ok: false, message: 'x'.repeat(10_000) }));
  });
});

test('what the module did wrong, in words', () => {
  expect(describeMisbehaviour('sign', { kind: 'threw', text: 'Error: boom' })).toBe(
    'sign threw Error: boom',
  );
  expect(describeMisbehaviour('sign', { kind: 'promise' })).toMatch(/^sign returned a Promise/);
  expect(
    describeMisbehaviour(
      'sign',
      { kind: 'value', value: { type: 'number', text: '42' } },
      'return the tag as a string.',
    ),
  ).toBe('sign returned number 42; return the tag as a string.');
  expect(
    describeMisbehaviour('makeToken', { kind: 'value', value: { type: 'uint8array', length: 3 } }),
  ).toBe('makeToken returned a Uint8Array of 3 bytes');
  expect(describeMisbehaviour('sign', { kind: 'too-long', length: 5000, limit: 4096 })).toMatch(
    /5000 characters or bytes long; the battery takes at most 4096/,
  );
});
