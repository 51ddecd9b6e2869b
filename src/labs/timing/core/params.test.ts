import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatNs, parseCompare, parseDuration, parseSeed, parseWholeNumber } from './params';

describe('parsing the lab inputs', () => {
  it('reads durations with or without units', () => {
    const ns = (text: string) => parseDuration(text, 'Cost', 0, 1e10);
    expect(ns('100')).toEqual({ ok: true, value: 100 });
    expect(ns('2.5 µs')).toEqual({ ok: true, value: 2500 });
    expect(ns('2.5us')).toEqual({ ok: true, value: 2500 });
    expect(ns('50ms')).toEqual({ ok: true, value: 50e6 });
    expect(ns(' 1 s ')).toEqual({ ok: true, value: 1e9 });
    expect(ns('fast').ok).toBe(false);
    expect(ns('-3').ok).toBe(false);
    const range = parseDuration('2 s', 'Cost', 0.1, 100e6);
    expect(range.ok || range.error.message).toBe('Cost: choose from 0.10 ns to 100 ms.');
  });

  it('never throws, whatever is typed', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const d = parseDuration(text, 'X', 0, 1e9);
        if (d.ok) expect(d.value).toBeGreaterThanOrEqual(0);
        const w = parseWholeNumber(text, 'X', 1, 32);
        if (w.ok) expect(Number.isInteger(w.value)).toBe(true);
      }),
    );
  });

  it('a seed is blank (fresh randomness) or a whole number that fits 32 bits', () => {
    expect(parseSeed('')).toEqual({ ok: true, value: null });
    expect(parseSeed('  ')).toEqual({ ok: true, value: null });
    expect(parseSeed(' 7 ')).toEqual({ ok: true, value: 7 });
    expect(parseSeed('4294967295')).toEqual({ ok: true, value: 2 ** 32 - 1 });
    const big = parseSeed('4294967296');
    expect(big.ok || big.error.message).toBe('Seed: choose from 0 to 4294967295.');
    const text = parseSeed('lucky');
    expect(text.ok || text.error.message).toBe('Seed must be a whole number.');
  });

  it('whole numbers, compares and formatting', () => {
    expect(parseWholeNumber('8', 'Tag bytes', 1, 32)).toEqual({ ok: true, value: 8 });
    expect(parseWholeNumber('33', 'Tag bytes', 1, 32).ok).toBe(false);
    expect(parseWholeNumber('2.5', 'Tag bytes', 1, 32).ok).toBe(false);
    expect(parseCompare('constant-time')).toEqual({ ok: true, value: 'constant-time' });
    expect(parseCompare('==').ok).toBe(false);
    expect(formatNs(1234)).toBe('1.23 µs');
    expect(formatNs(50e6)).toBe('50.0 ms');
    expect(formatNs(7)).toBe('7.00 ns');
  });
});
