import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bytesToHex, parseHex } from '../../../../core/bytes';
import { expectOk } from '../../../../core/result';
import { argRepr, argToJson, disassemble, type OpArg } from './disassemble';
import { OPCODES } from './opcodes';
import { pyFloatRepr } from './text';

type TaggedArg =
  | null
  | { int: string }
  | { bool: boolean }
  | { float: string }
  | { str: string }
  | { bytes: string }
  | { bytearray: string };

interface Entry {
  source: string;
  name: string;
  protocol: number | null;
  hex: string;
  ops: [number, string, TaggedArg][];
  error?: { type: string; message: string; pos: number };
}

// Read with JSON.parse rather than imported: the vectors hold lone surrogates (\ud800), which
// JSON allows and Vite's JSON loader rejects.
const vectors = JSON.parse(
  readFileSync(new URL('../vectors/pickles.json', import.meta.url), 'utf8'),
) as { entries: Entry[] };
const entries = vectors.entries;

/** Our argument in the vectors' tagged form; floats by Python repr, so -0.0 and nan compare exactly. */
function tagged(arg: OpArg | null): TaggedArg {
  if (arg === null) return null;
  switch (arg.kind) {
    case 'int':
      return { int: arg.value.toString() };
    case 'bool':
      return { bool: arg.value };
    case 'float':
      return { float: pyFloatRepr(arg.value) };
    case 'str':
      return { str: arg.value };
    case 'bytes':
      return { bytes: bytesToHex(arg.value) };
    case 'bytearray':
      return { bytearray: bytesToHex(arg.value) };
  }
}

const bytesOf = (entry: Entry) => expectOk(parseHex(entry.hex));

describe('disassemble agrees with CPython pickletools.genops', () => {
  const groups = ['objects', 'handmade', 'malformed'];
  for (const source of groups) {
    const group = entries.filter((e) => e.source === source);
    it(`on ${group.length} ${source} pickles: names, arguments and positions`, () => {
      expect(group.length).toBeGreaterThan(20);
      for (const entry of group) {
        const result = disassemble(bytesOf(entry));
        const ours = result.ops.map((op) => [op.pos, op.name, tagged(op.arg)]);
        expect(ours, entry.name).toEqual(entry.ops);
        if (entry.error) {
          expect(result.error, entry.name).not.toBeNull();
          expect(result.error!.pos, entry.name).toBe(entry.error.pos);
        } else {
          expect(result.error, entry.name).toBeNull();
        }
      }
    });
  }

  it('covers every opcode of protocols 0 to 5', () => {
    const seen = new Set(entries.flatMap((e) => e.ops.map((op) => op[1])));
    expect(OPCODES.filter((op) => !seen.has(op.name)).map((op) => op.name)).toEqual([]);
    expect(new Set(entries.filter((e) => e.source === 'objects').map((e) => e.protocol))).toEqual(
      new Set([0, 1, 2, 3, 4, 5]),
    );
  });

  it('matches the float repr Python printed for every float argument', () => {
    for (const entry of entries)
      for (const [, , arg] of entry.ops)
        if (arg && 'float' in arg && arg.float !== 'nan')
          expect(pyFloatRepr(Number(arg.float.replace('inf', 'Infinity')))).toBe(arg.float);
  });
});

describe('disassemble on broken input', () => {
  it('names the offending byte and keeps the opcodes before it', () => {
    const result = disassemble(Uint8Array.from([0x80, 0x02, 0x4e, 0x99, 0x2e]));
    expect(result.ops.map((op) => op.name)).toEqual(['PROTO', 'NONE']);
    expect(result.error).toMatchObject({ code: 'pickle/unknown-opcode', pos: 3 });
    expect(result.error!.message).toBe("at position 3, opcode b'\\x99' unknown");
  });

  it('reports a missing STOP at the end of the input', () => {
    expect(disassemble(Uint8Array.of(0x4e)).error).toMatchObject({
      code: 'pickle/no-stop',
      pos: 1,
    });
  });

  it('never throws on random bytes, and every position it reports is inside the input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const result = disassemble(bytes);
        for (const op of result.ops) {
          expect(op.pos).toBeGreaterThanOrEqual(0);
          expect(op.end).toBeLessThanOrEqual(bytes.length);
        }
        if (result.error) expect(result.error.pos).toBeLessThanOrEqual(bytes.length);
        else expect(result.ops.at(-1)!.name).toBe('STOP');
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on any truncation or one-byte change of a valid pickle', () => {
    const valid = entries.filter((e) => e.source !== 'malformed' && e.hex.length < 600);
    fc.assert(
      fc.property(
        fc.constantFrom(...valid),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        (entry, at, byte) => {
          const bytes = bytesOf(entry);
          const cut = bytes.subarray(0, at % (bytes.length + 1));
          const truncated = disassemble(cut);
          if (cut.length < bytes.length) expect(truncated.error).not.toBeNull();
          const changed = bytes.slice();
          changed[at % bytes.length] = byte;
          disassemble(changed);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('argument formats', () => {
  it('prints arguments as pickletools.dis does', () => {
    const ops = disassemble(expectOk(parseHex('8c026964'))).ops; // truncated: first op still read
    expect(ops.map((op) => argRepr(op.arg))).toEqual(["'id'"]);
    const text = disassemble(new TextEncoder().encode('I01\n')).ops[0]!;
    expect(argRepr(text.arg)).toBe('True');
  });

  it('gives JSON numbers for safe ints and decimal strings beyond', () => {
    expect(argToJson({ kind: 'int', value: 42n })).toBe(42);
    expect(argToJson({ kind: 'int', value: 2n ** 64n })).toBe('18446744073709551616');
    expect(argToJson({ kind: 'float', value: -Infinity })).toBe('-inf');
    expect(argToJson({ kind: 'bytes', value: Uint8Array.of(1, 255) })).toEqual({ bytes: '01ff' });
  });
});
