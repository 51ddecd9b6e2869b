import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasPython, runScriptOk } from '../../scripts/run-exported-script';
import { bytesToHex } from './bytes';
import {
  jsString,
  nodeBuffer,
  pythonBytes,
  pythonFloat,
  pythonInt,
  pythonString,
  wrapItems,
} from './script';

const doubleHex = (x: number) => {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  return bytesToHex(new Uint8Array(view.buffer));
};

describe.skipIf(!hasPython)('Python literals read back as the same values in python3', () => {
  it('strings (lone surrogates, astral characters, quotes, controls), bytes, floats and ints', () => {
    const strings = fc.sample(fc.string({ unit: 'binary', maxLength: 20 }), 200);
    strings.push('\'"\\\n\r\t\0\x7f', '\u{1f600}\ud800x\udfff', '');
    const bytes = fc.sample(fc.uint8Array({ maxLength: 20 }), 100);
    const floats = fc.sample(fc.double(), 200);
    floats.push(0, -0, 1, -1e21, 1e21, 5e-324, Infinity, -Infinity, NaN, 0.1, 2 ** 53);
    const ints = [0n, -1n, 2n ** 100n, -(3n ** 70n)];
    const script = [
      'import json, struct',
      `strings = [${strings.map(pythonString).join(', ')}]`,
      `blobs = [${bytes.map(pythonBytes).join(', ')}]`,
      `floats = [${floats.map(pythonFloat).join(', ')}]`,
      `ints = [${ints.map(pythonInt).join(', ')}]`,
      'assert all(type(x) is float for x in floats)',
      'print(json.dumps({"strings": strings, "blobs": [b.hex() for b in blobs],',
      '  "floats": [struct.pack(">d", x).hex() for x in floats], "ints": [str(i) for i in ints]}))',
    ].join('\n');
    expect(script).toMatch(/^[\x20-\x7e\n]*$/);
    const back = JSON.parse(runScriptOk('python', script)) as Record<string, string[]>;
    expect(back.strings).toEqual(strings);
    expect(back.blobs).toEqual(bytes.map(bytesToHex));
    expect(back.floats).toEqual(floats.map(doubleHex));
    expect(back.ints).toEqual(ints.map(String));
  });
});

describe('JavaScript literals', () => {
  it('read back as the same strings and bytes, in plain ASCII', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const literal = jsString(text);
        expect(literal).toMatch(/^[\x20-\x7e]*$/);
        expect(new Function(`return ${literal}`)()).toBe(text);
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array(), (bytes) => {
        const literal = nodeBuffer(bytes);
        expect(literal).toMatch(/^[\x20-\x7e]*$/);
        const buffer = new Function('Buffer', `return ${literal}`)(Buffer) as Buffer;
        expect(bytesToHex(buffer)).toBe(bytesToHex(bytes));
      }),
    );
  });
});

describe('wrapItems', () => {
  it('keeps lines within the width and every item once, in order', () => {
    const items = Array.from({ length: 100 }, (_, i) => String(i * 7919));
    const text = wrapItems(items, '    ', 40);
    for (const line of text.split('\n')) {
      expect(line.length).toBeLessThanOrEqual(40);
      expect(line.startsWith('    ')).toBe(true);
    }
    expect(text.split(/[\s,]+/).filter(Boolean)).toEqual(items);
    expect(wrapItems([], '  ')).toBe('');
  });
});
