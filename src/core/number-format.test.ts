import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNumber, formatSignificant } from './number-format';

// Node ships the full ICU, as Chromium does: these are the strings a page got from Intl.
const intl = (value: number | bigint, options?: { maximumFractionDigits: number }) =>
  typeof value === 'bigint' ? value.toLocaleString('en') : value.toLocaleString('en', options);

describe('formatNumber, as toLocaleString("en") writes', () => {
  it('agrees on chosen values', () => {
    const values = [
      0,
      -0,
      1,
      -1,
      7,
      999,
      1000,
      1234,
      65_536,
      153_600,
      1_000_000,
      -1_234_567,
      2 ** 32,
      2 ** 53,
      2 ** 53 + 2,
      1e21,
      1.5e300,
      Number.MAX_VALUE,
      0.5,
      0.0005,
      0.0004999,
      1.0005,
      2.675,
      9.9995,
      999.9996,
      -0.0001,
      1e-7,
      5e-324,
      123.456789,
      0.1 + 0.2,
      NaN,
      Infinity,
      -Infinity,
    ];
    for (const value of values) expect(formatNumber(value), String(value)).toBe(intl(value));
  });

  it('agrees on any double, integer and bigint', () => {
    fc.assert(
      fc.property(fc.double(), (value) => formatNumber(value) === intl(value)),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: -(2 ** 53), max: 2 ** 53 }),
        (value) => formatNumber(value) === intl(value),
      ),
    );
    fc.assert(fc.property(fc.bigInt(), (value) => formatNumber(value) === intl(value)));
  });

  it('agrees with maximumFractionDigits', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e12, max: 1e12 }),
        fc.integer({ min: 0, max: 8 }),
        (value, digits) =>
          formatNumber(value, digits) === intl(value, { maximumFractionDigits: digits }),
      ),
      { numRuns: 3000 },
    );
  });
});

describe('formatSignificant, as Intl.NumberFormat("en", { maximumSignificantDigits })', () => {
  it('agrees on any double', () => {
    fc.assert(
      fc.property(
        fc.double(),
        fc.integer({ min: 1, max: 6 }),
        (value, digits) =>
          formatSignificant(value, digits) ===
          new Intl.NumberFormat('en', { maximumSignificantDigits: digits }).format(value),
      ),
      { numRuns: 5000 },
    );
    expect(formatSignificant(1_234_567, 3)).toBe('1,230,000');
    expect(formatSignificant(0.000123456, 3)).toBe('0.000123');
    expect(formatSignificant(9996, 3)).toBe('10,000');
  });
});
