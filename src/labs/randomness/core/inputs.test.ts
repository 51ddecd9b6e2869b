import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { expectOk } from '../../../core/result';
import { parseAlphabet, parseLength } from './key-format';
import { compareWithActual } from './math-random';
import { parseUnitDoubles } from './parse-numbers';
import { makeSeedScenario } from './seed-scenario';
import { keyForSeed, searchSeeds } from './seed-search';

describe('pasted Math.random output', () => {
  it('reads console output of every shape', () => {
    expect(expectOk(parseUnitDoubles('[0.5, 0.25]'))).toEqual([0.5, 0.25]);
    expect(expectOk(parseUnitDoubles('(3) [0.1, 0.2, 0.3]'))).toEqual([0.1, 0.2, 0.3]);
    expect(expectOk(parseUnitDoubles('> Math.random()\n0.75\n> Math.random()\n1e-7'))).toEqual([
      0.75, 1e-7,
    ]);
    expect(expectOk(parseUnitDoubles('"0.5",\'0.125\''))).toEqual([0.5, 0.125]);
  });

  it('names the value that is wrong', () => {
    const cases: [string, RegExp][] = [
      ['0.5 1', /Value 2 \(“1”\) is not in \[0, 1\)/],
      ['0.5 -0.1', /Value 2 \(“-0.1”\) is not in \[0, 1\)/],
      ['0.5 NaN', /Value 2 \(“NaN”\) is not a number/],
      ['0.1 0x10', /Value 2 \(“0x10”\) is not a number/],
      ['[\n  0.1,\n  ... 24 more items\n]', /cut the list short/],
    ];
    for (const [text, message] of cases) {
      const result = parseUnitDoubles(text);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.message).toMatch(message);
    }
  });

  it('round-trips any doubles printed by JSON.stringify, and never throws', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })),
        (values) => {
          expect(expectOk(parseUnitDoubles(JSON.stringify(values)))).toEqual(
            values.map((v) => v + 0),
          );
        },
      ),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), (text) => {
        expect(typeof parseUnitDoubles(text).ok).toBe('boolean');
      }),
    );
  });
});

describe('comparing predictions with the values really drawn', () => {
  it('finds the draw further down when the page used values in between', () => {
    const predicted = [1, 2, 3, 4, 5, 6, 7].map((n) => n / 8);
    expect(compareWithActual(predicted, predicted.slice(0, 3))).toEqual({
      offset: 0,
      matches: [true, true, true],
    });
    expect(compareWithActual(predicted, predicted.slice(2, 5)).offset).toBe(2);
    expect(compareWithActual(predicted, [0.125, 0.3, 0.375])).toEqual({
      offset: null,
      matches: [true, false, true],
    });
  });
});

describe('key format inputs', () => {
  it('accepts alphabets and lengths, and explains mistakes', () => {
    expect(expectOk(parseAlphabet('abc'))).toBe('abc');
    expect(parseAlphabet('')).toMatchObject({ ok: false });
    const twice = parseAlphabet('abca');
    expect(twice.ok).toBe(false);
    if (!twice.ok) expect(twice.error.message).toMatch(/“a” appears twice/);
    expect(expectOk(parseLength(' 32 '))).toBe(32);
    for (const bad of ['0', '-1', '2.5', 'x', '1001']) expect(parseLength(bad).ok).toBe(false);
  });
});

describe('seed-search victims', () => {
  const common = {
    alphabet: 'abcdefghijklmnopqrstuvwxyz0123456789',
    length: 24,
    nowSeconds: 1_750_000_000,
    randomBytes: (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 0xff),
  };

  it('a key made after seed(time) today is found in its window', () => {
    const scenario = makeSeedScenario({ ...common, id: 'time', randomBelow: () => 4321 });
    expect(scenario.to - scenario.from + 1).toBe(86400);
    expect(scenario.key).toBe(keyForSeed(1_750_000_000 - 4321, common.alphabet, 24));
    expect(searchSeeds(scenario).seed).toBe(1_750_000_000 - 4321);
  });

  it('a key made at boot with the clock at 1970 has a small seed', () => {
    const scenario = makeSeedScenario({ ...common, id: 'boot', randomBelow: () => 100 });
    expect([scenario.from, scenario.to]).toEqual([0, 600]);
    expect(searchSeeds(scenario).seed).toBe(120);
  });

  it('a key from secrets has no seed to find', () => {
    const scenario = makeSeedScenario({ ...common, id: 'secrets', randomBelow: () => 0 });
    expect(Array.from(scenario.key)).toHaveLength(24);
    expect(searchSeeds(scenario).seed).toBe(null);
  });
});
