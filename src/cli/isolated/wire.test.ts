/** The tagged values on the channel: the child's defensive encoder and the CLI's decoder agree. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeWire, encodeWire } from './harness';
import { fromWire, toWire } from './protocol';

const leaf = fc.oneof(
  fc.string(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.bigInt(),
  fc.uint8Array({ maxLength: 40 }),
  fc.float64Array({ maxLength: 10 }),
);
const wireValue = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, tie('list'), tie('object')),
  list: fc.array(tie('value'), { maxLength: 5 }),
  object: fc.dictionary(
    fc.string().filter((k) => !k.startsWith('$') && k !== '__proto__'),
    tie('value'),
    { maxKeys: 5 },
  ),
})).value;

describe('values on the wire', () => {
  it('child → CLI: fromWire(encodeWire(v)) is v', () => {
    fc.assert(
      fc.property(wireValue, (value) => {
        expect(fromWire(JSON.parse(encodeWire(value)))).toEqual(value);
      }),
    );
  });

  it('CLI → child: decodeWire(toWire(v)) is v', () => {
    fc.assert(
      fc.property(wireValue, (value) => {
        expect(decodeWire(JSON.parse(JSON.stringify(toWire(value))))).toEqual(value);
      }),
    );
  });

  it('the child encodes correctly with built-ins patched the way a module could', () => {
    const value = {
      tags: ['a', new Uint8Array([1, 2])],
      samples: new Float64Array([1.5, NaN]),
      n: 3n,
    };
    const expected = encodeWire(value);
    const push = Array.prototype.push;
    const keys = Object.keys;
    try {
      Object.defineProperty(Object.prototype, 'toJSON', {
        value: () => 'forged',
        configurable: true,
        writable: true,
      });
      Object.defineProperty(Array.prototype, 1, {
        get: () => 'forged',
        set: () => {},
        configurable: true,
      });
      Array.prototype.push = () => 0;
      Object.keys = () => ['forged'];
      expect(encodeWire(value)).toBe(expected);
    } finally {
      Array.prototype.push = push;
      Object.keys = keys;
      delete (Object.prototype as { toJSON?: unknown }).toJSON;
      delete (Array.prototype as unknown as Record<number, unknown>)[1];
    }
    expect(fromWire(JSON.parse(expected))).toEqual(value);
  });

  it('fromWire refuses malformed tags', () => {
    for (const bad of [
      { $bytes: 'abc' },
      { $bytes: 7 },
      { $bigint: '1.5' },
      { $bigint: '9'.repeat(3000) },
      { $f64: ['one'] },
      { $number: '1' },
      { $number: 'nan' },
      { $what: 1 },
      [{ $bytes: 'zz' }],
      { deep: { $f64: 'x' } },
    ])
      expect(fromWire(bad)).toBeUndefined();
  });
});
