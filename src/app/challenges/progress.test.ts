import { describe, expect, it } from 'vitest';
import {
  EMPTY_PROGRESS,
  NEW_CHALLENGE,
  answerRecap,
  recapAnswerOf,
  summarizeRecaps,
  formatDuration,
  parseProgress,
  serializeProgress,
  statusOf,
  summarize,
  updateChallenge,
  type Progress,
} from './progress';

const SOME: Progress = {
  challenges: {
    'randomness/next-reset-key': {
      ...NEW_CHALLENGE,
      solved: true,
      attempts: 3,
      hintsUsed: 1,
      timeMs: 61_000,
      solvedAt: '2026-01-02T03:04:05.000Z',
    },
    'hashes/md5-collision-suffix': { ...NEW_CHALLENGE, shown: true, attempts: 1 },
    'length-extension/known-length': { ...NEW_CHALLENGE, hintsUsed: 2, requests: 5 },
    'timing/by-hand': { ...NEW_CHALLENGE, hintsUsed: 1 },
  },
  recaps: {
    'timing/length': { option: 1, right: true },
    'timing/jitter': { option: 0, right: false },
    'hashes/birthday': { option: 2, right: true },
  },
};

describe('challenge progress', () => {
  it('round-trips through an export file', () => {
    const text = serializeProgress(SOME, new Date('2026-01-03T00:00:00Z'));
    expect(JSON.parse(text)).toMatchObject({
      format: 'security-playground/challenge-progress',
      version: 1,
      exportedAt: '2026-01-03T00:00:00.000Z',
    });
    expect(parseProgress(text)).toEqual({ ok: true, value: SOME });
  });

  it('gives each challenge one status: solved before shown before attempted before new', () => {
    const c = SOME.challenges;
    expect(statusOf(c['randomness/next-reset-key']!)).toBe('solved');
    expect(statusOf({ ...c['randomness/next-reset-key']!, shown: true })).toBe('solved');
    expect(statusOf(c['hashes/md5-collision-suffix']!)).toBe('shown');
    expect(statusOf(c['length-extension/known-length']!)).toBe('attempted');
    // Hints alone are reading, not trying; requests to the server are trying.
    expect(statusOf(c['timing/by-hand']!)).toBe('new');
    expect(statusOf({ ...NEW_CHALLENGE, hintsUsed: 3 })).toBe('new');
    expect(statusOf({ ...NEW_CHALLENGE, requests: 1 })).toBe('attempted');
    expect(statusOf(NEW_CHALLENGE)).toBe('new');
    const totals = summarize(SOME, [...Object.keys(c), 'untrusted-data/merge-admin']);
    expect(totals).toEqual({
      total: 5,
      solved: 1,
      shown: 1,
      attempted: 1,
      attempts: 4,
      hintsUsed: 4,
      timeMs: 61_000,
    });
    expect(
      updateChallenge(SOME, 'untrusted-data/merge-admin', (e) => ({ ...e, attempts: 1 }))
        .challenges['untrusted-data/merge-admin'],
    ).toEqual({ ...NEW_CHALLENGE, attempts: 1 });
  });

  it('keeps recap answers beside the challenges; an older export without them has none', () => {
    expect(recapAnswerOf(SOME, 'timing', 'length')).toEqual({ option: 1, right: true });
    expect(recapAnswerOf(SOME, 'timing', 'random-delay')).toBeNull();
    const changed = answerRecap(SOME, 'timing', 'jitter', { option: 2, right: true });
    expect(changed.recaps['timing/jitter']).toEqual({ option: 2, right: true });
    expect(changed.challenges).toBe(SOME.challenges);
    // Updating a challenge keeps the recap answers.
    expect(
      updateChallenge(changed, 'untrusted-data/merge-admin', (e) => ({ ...e, attempts: 1 })).recaps,
    ).toBe(changed.recaps);
    const questions = {
      timing: [{ id: 'length' }, { id: 'jitter' }, { id: 'random-delay' }],
      hashes: [{ id: 'md5-downloads' }, { id: 'birthday' }, { id: 'password-hash' }],
      code: [{ id: 'hmac-compare' }],
    };
    expect(summarizeRecaps(SOME, questions, ['hashes', 'timing', 'code'])).toEqual([
      { labId: 'hashes', questions: 3, answered: 1, right: 1 },
      { labId: 'timing', questions: 3, answered: 2, right: 1 },
      { labId: 'code', questions: 1, answered: 0, right: 0 },
    ]);
    const older = JSON.parse(serializeProgress(SOME, new Date(0))) as Record<string, unknown>;
    delete older.recaps;
    expect(parseProgress(JSON.stringify(older))).toEqual({
      ok: true,
      value: { challenges: SOME.challenges, recaps: {} },
    });
    expect(EMPTY_PROGRESS.recaps).toEqual({});
  });

  it('refuses a damaged file with a reason, whatever is wrong with it', () => {
    const good = JSON.parse(serializeProgress(SOME, new Date(0))) as Record<string, unknown>;
    const entry = SOME.challenges['randomness/next-reset-key']!;
    const cases: [string, RegExp][] = [
      ['{"format": ', /not valid JSON/],
      ['[]', /not a JSON object/],
      [JSON.stringify({ ...good, format: 'other' }), /"format" is not/],
      [JSON.stringify({ ...good, version: 2 }), /version 2; this app reads version 1/],
      [JSON.stringify({ ...good, challenges: [] }), /no "challenges" object/],
      [JSON.stringify({ ...good, challenges: { '../x': entry } }), /is not a challenge id/],
      [
        JSON.stringify({ ...good, challenges: { 'a/b': { ...entry, attempts: -1 } } }),
        /"a\/b".attempts must be a whole number/,
      ],
      [
        JSON.stringify({ ...good, challenges: { 'a/b': { ...entry, solved: 'yes' } } }),
        /"a\/b".solved must be true or false/,
      ],
      [
        JSON.stringify({ ...good, challenges: { 'a/b': { ...entry, extra: 1 } } }),
        /unknown field "extra"/,
      ],
      [
        JSON.stringify({ ...good, challenges: { 'a/b': { ...entry, solvedAt: 'never' } } }),
        /solvedAt must be a date/,
      ],
      [JSON.stringify({ ...good, recaps: [] }), /"recaps" is not an object/],
      [
        JSON.stringify({ ...good, recaps: { timing: { option: 1, right: true } } }),
        /"timing" is not a recap question/,
      ],
      [
        JSON.stringify({ ...good, recaps: { 'timing/length': { option: 1.5, right: true } } }),
        /"timing\/length".option must be a whole number/,
      ],
      [
        JSON.stringify({ ...good, recaps: { 'timing/length': { option: 1, right: 'yes' } } }),
        /"timing\/length".right must be true or false/,
      ],
      [
        JSON.stringify({ ...good, recaps: { 'timing/length': { option: 1, right: true, x: 1 } } }),
        /unknown field "x"/,
      ],
      ['x'.repeat(1_000_001), /a progress file is a few thousand/],
    ];
    for (const [text, reason] of cases) {
      const parsed = parseProgress(text);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.error.message).toMatch(reason);
    }
  });

  it('keeps "__proto__" as data, never as a prototype', () => {
    const text =
      '{"format":"security-playground/challenge-progress","version":1,"challenges":{"__proto__":{}}}';
    expect(parseProgress(text).ok).toBe(false);
    expect(({} as Record<string, unknown>).solved).toBeUndefined();
  });

  it('writes durations in words', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(45_400)).toBe('45 s');
    expect(formatDuration(12 * 60_000)).toBe('12 min');
    expect(formatDuration(65 * 60_000)).toBe('1 h 05 min');
  });
});
