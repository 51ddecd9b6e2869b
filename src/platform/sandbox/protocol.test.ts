import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  MAX_NOTICES_PER_KIND,
  MAX_NOTICE_TEXT,
  NOTICE_KINDS,
  NoticeLog,
  parseSandboxMessage,
  truncateText,
  type SandboxNotice,
} from './protocol';

describe('messages from the sandbox', () => {
  test('answers, errors and notices of the right shape are taken', () => {
    expect(parseSandboxMessage({ kind: 'answer', id: 3, value: [1, 'a'] })).toEqual({
      kind: 'answer',
      id: 3,
      value: [1, 'a'],
    });
    expect(parseSandboxMessage({ kind: 'answer', id: 1, value: undefined })).toEqual({
      kind: 'answer',
      id: 1,
      value: undefined,
    });
    expect(parseSandboxMessage({ kind: 'error', id: 2, message: 'boom' })).toEqual({
      kind: 'error',
      id: 2,
      message: 'boom',
    });
    expect(
      parseSandboxMessage({
        kind: 'notice',
        notice: { kind: 'blocked', label: 'URL.createObjectURL', text: 'x' },
      }),
    ).toEqual({
      kind: 'notice',
      notice: { kind: 'blocked', label: 'URL.createObjectURL', text: 'x' },
    });
  });

  test('anything else is refused', () => {
    const refused: unknown[] = [
      null,
      'answer',
      42,
      [],
      { kind: 'answer', value: 1 },
      { kind: 'answer', id: 0, value: 1 },
      { kind: 'answer', id: -1, value: 1 },
      { kind: 'answer', id: 1.5, value: 1 },
      { kind: 'answer', id: '1', value: 1 },
      { kind: 'answer', id: 2 ** 60, value: 1 },
      { kind: 'answer', id: 1 },
      { kind: 'error', id: 1, message: { toString: () => 'x' } },
      { kind: 'done', id: 1, data: 'fake' },
      { kind: 'notice' },
      { kind: 'notice', notice: { kind: 'console', label: 'log' } },
      { kind: 'notice', notice: { kind: 'alert', label: 'log', text: 'x' } },
      { kind: 'notice', notice: { kind: 'console', label: '', text: 'x' } },
      { kind: 'notice', notice: { kind: 'console', label: '<b>', text: 'x' } },
      { kind: 'notice', notice: { kind: 'console', label: 'x'.repeat(41), text: 'x' } },
    ];
    for (const message of refused)
      expect(parseSandboxMessage(message), JSON.stringify(message)).toBe(null);
  });

  test('texts are cut to the limit, saying how much was cut', () => {
    const exact = 'a'.repeat(MAX_NOTICE_TEXT);
    expect(truncateText(exact)).toBe(exact);
    const long = 'b'.repeat(MAX_NOTICE_TEXT + 1_048_576);
    const cut = truncateText(long);
    expect(cut.startsWith('b'.repeat(MAX_NOTICE_TEXT))).toBe(true);
    expect(cut).toMatch(/… \(1048576 more characters\)$/);
    const notice = parseSandboxMessage({
      kind: 'notice',
      notice: { kind: 'error', label: 'uncaught', text: long },
    });
    expect(notice?.kind === 'notice' && notice.notice.text).toBe(cut);
    const error = parseSandboxMessage({ kind: 'error', id: 1, message: long });
    expect(error?.kind === 'error' && error.message).toBe(cut);
  });
});

describe('the notice log', () => {
  const notice = fc.record({
    kind: fc.constantFrom(...NOTICE_KINDS),
    label: fc.constantFrom('log', 'fetch', 'uncaught'),
    text: fc.string({ maxLength: 5 }),
  });

  test('keeps at most the cap of each kind, in order, and counts every one', () => {
    fc.assert(
      fc.property(fc.array(notice, { maxLength: 3 * MAX_NOTICES_PER_KIND + 50 }), (notices) => {
        const log = new NoticeLog();
        const kept: SandboxNotice[] = [];
        for (const n of notices) {
          const result = log.add(n);
          if (result) kept.push(result);
        }
        for (const kind of NOTICE_KINDS) {
          const all = notices.filter((n) => n.kind === kind);
          expect(log.counts()[kind]).toBe(all.length);
          expect(log.kept.filter((n) => n.kind === kind)).toEqual(
            all.slice(0, MAX_NOTICES_PER_KIND),
          );
          expect(log.dropped()[kind]).toBe(Math.max(0, all.length - MAX_NOTICES_PER_KIND));
        }
        expect(kept).toEqual(log.kept);
      }),
      { numRuns: 40 },
    );
  });

  test('a flood of 100,000 errors keeps the cap and counts the rest', () => {
    const log = new NoticeLog();
    for (let i = 0; i < 100_000; i++) log.add({ kind: 'error', label: 'uncaught', text: `${i}` });
    expect(log.kept).toHaveLength(MAX_NOTICES_PER_KIND);
    expect(log.kept.at(-1)!.text).toBe(String(MAX_NOTICES_PER_KIND - 1));
    expect(log.counts()).toEqual({ console: 0, error: 100_000, blocked: 0 });
    expect(log.dropped().error).toBe(100_000 - MAX_NOTICES_PER_KIND);
  });
});
