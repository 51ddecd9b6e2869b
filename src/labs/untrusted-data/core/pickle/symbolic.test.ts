import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { concatBytes, parseHex } from '../../../../core/bytes';
import { expectOk } from '../../../../core/result';
import { scanPickle } from './symbolic';

interface Entry {
  source: string;
  name: string;
  protocol: number | null;
  hex: string;
  error?: unknown;
  expect?: 'data' | 'calls' | 'dangerous';
}
const entries = (
  JSON.parse(readFileSync(new URL('../vectors/pickles.json', import.meta.url), 'utf8')) as {
    entries: Entry[];
  }
).entries;
const find = (name: string, protocol: number | null = null) =>
  entries.find((e) => e.name === name && e.protocol === protocol)!;
const scanEntry = (entry: Entry) => scanPickle(expectOk(parseHex(entry.hex)));
/** Pickle bytes written as a string of Latin-1 characters, one per byte. */
const scanText = (text: string) => scanPickle(Uint8Array.from(text, (c) => c.charCodeAt(0)));

describe('scanPickle verdicts', () => {
  const labelled = entries.filter((e) => e.expect);
  it(`match the expected verdict for ${labelled.length} CPython and hand-made pickles`, () => {
    expect(labelled.length).toBeGreaterThan(200);
    for (const entry of labelled) {
      const scan = scanEntry(entry);
      expect(scan.verdict, `${entry.name} (protocol ${entry.protocol})`).toBe(entry.expect);
    }
  });

  it('loads plain data to the value Python would print', () => {
    const scan = scanEntry(find('dict', 2));
    expect(scan.result).toBe("{'name': 'alice', 'age': 30, 'admin': False}");
    expect(scan.calls).toEqual([]);
    expect(scanEntry(find('recursive list', 4)).result).toBe('[[...]]');
    expect(scanEntry(find('tuples', 0)).result).toBe('[(1,), (1, 2), (1, 2, 3), (1, 2, 3, 4)]');
    expect(scanEntry(find('set', 1)).result).toBe('builtins.set([1, 2, 3])');
  });

  it('names os.system with its argument, at every protocol CPython writes it', () => {
    for (let protocol = 0; protocol <= 5; protocol++) {
      const scan = scanEntry(find("reduce: os.system('id')", protocol));
      expect(scan.calls).toEqual(['posix.system']);
      const call = scan.events.find((e) => e.kind === 'call')!;
      expect(call).toMatchObject({ expr: "posix.system('id')", category: 'dangerous' });
      expect(scan.summary[0]).toMatch(
        /^Loading this pickle runs code: it calls posix\.system\('id'\)/,
      );
    }
  });

  it('follows hand-written payloads through INST, OBJ, getattr chains, dotted names and BUILD', () => {
    expect(scanEntry(find('classic os.system')).calls).toEqual(['os.system']);
    expect(scanEntry(find('INST os.system')).events).toContainEqual(
      expect.objectContaining({ kind: 'call', expr: "os.system('id')" }),
    );
    expect(scanEntry(find('OBJ os.system')).calls).toEqual(['os.system']);
    const chain = scanEntry(find('getattr chain'));
    expect(chain.calls).toEqual(['builtins.__import__', 'builtins.getattr', 'os.system']);
    expect(chain.events.filter((e) => e.kind === 'call').at(-1)).toMatchObject({
      expr: "builtins.getattr(builtins.__import__('os'), 'system')('id')",
      category: 'dangerous',
    });
    const dotted = scanEntry(find('STACK_GLOBAL dotted name'));
    expect(dotted.imports).toEqual(['pathlib.os.system']);
    expect(dotted.events[0]).toMatchObject({ category: 'dangerous' });
    expect(dotted.events.at(-1)).toMatchObject({
      reason: expect.stringMatching(/through pathlib/),
    });
    const trick = scanEntry(find('BUILD __setstate__ trick'));
    expect(trick.calls).toEqual([
      '__main__.Point.__new__',
      '__main__.Point.__setstate__',
      'os.system',
    ]);
    expect(trick.events.at(-1)).toMatchObject({ expr: "os.system('id')", category: 'dangerous' });
  });

  it('applies the Python 2 renames pickle.loads applies below protocol 3', () => {
    expect(scanEntry(find('builtins.eval protocol 0')).calls).toEqual(['builtins.eval']);
    expect(scanText('\x80\x03c__builtin__\neval\n(tR.').calls).toEqual(['__builtin__.eval']);
  });

  it('reports calls made before the pickle breaks, and where it breaks', () => {
    const scan = scanText("cos\nsystem\n(S'id'\ntR\xff");
    expect(scan.verdict).toBe('dangerous');
    expect(scan.result).toBeNull();
    expect(scan.error).toMatchObject({
      code: 'pickle/unknown-opcode',
      exception: 'UnpicklingError',
      message: "invalid load key, '\\xff'.",
      pos: 20,
    });
    expect(scan.summary.join(' ')).toMatch(/only after the imports and calls above/);
  });

  it('counts what happens before the error: a pickle cut off after importing subprocess is not data', () => {
    for (const text of ['csubprocess\nPopen\n', '\x80\x04\x8c\x0asubprocess\x8c\x05Popen\x93']) {
      const scan = scanText(text);
      expect(scan.verdict).toBe('calls');
      expect(scan.headline).toBe('Imports code by name');
      expect(scan.imports).toEqual(['subprocess.Popen']);
      expect(scan.error).toMatchObject({ exception: 'EOFError', message: 'Ran out of input' });
      expect(scan.summary[0]).toMatch(/imports subprocess\.Popen .*starts programs/);
      expect(scan.summary[1]).toMatch(/raises EOFError .*after importing subprocess\.Popen/);
    }
    // A pickle that breaks before anything is imported is not data either: it loads nothing.
    expect(scanText('\xff').headline).toBe('Fails to load; runs no code');
  });

  it('reports impossible instructions as pickle.loads raises them, with the position', () => {
    const raises = (text: string) => scanText(text).error;
    expect(raises('0.')).toMatchObject({ message: 'unpickling stack underflow', pos: 0 });
    expect(raises('(2.')).toMatchObject({ message: 'unexpected MARK found', pos: 1 });
    expect(raises('1.')).toMatchObject({ message: 'could not find MARK', pos: 0 });
    expect(raises('h\x05.')).toMatchObject({ message: 'Memo value not found at index 5' });
    expect(raises('\x80\x06N.')).toMatchObject({
      exception: 'ValueError',
      message: 'unsupported pickle protocol: 6',
    });
    // BUILD with a state that is not a dict, on a list: lists have neither __setstate__ nor __dict__.
    expect(raises('\x80\x02]K\x01b.')).toMatchObject({
      exception: 'UnpicklingError',
      message: 'state is not a dictionary',
      op: 'BUILD',
      pos: 5,
    });
    expect(raises('\x80\x02]}b.')).toMatchObject({
      exception: 'AttributeError',
      message: "'list' object has no attribute '__dict__'",
    });
    // A dict that holds itself as a key, a set that holds itself: unhashable.
    expect(raises('\x80\x02}q\x00h\x00X\x01\x00\x00\x00as.')).toMatchObject({
      exception: 'TypeError',
      message: "unhashable type: 'dict'",
      op: 'SETITEM',
      pos: 13,
    });
    expect(raises('\x80\x04\x8f\x94(h\x00\x90.')).toMatchObject({
      message: "unhashable type: 'set'",
      op: 'ADDITEMS',
    });
    // A frame opened inside a frame, longer than the data.
    expect(
      raises('\x80\x05\x95\x1e\x00\x00\x00\x00\x00\x00\x00N\x95\x02\x00\x00\x00\x00\x00\x00\x00N.'),
    ).toMatchObject({
      exception: 'UnpicklingError',
      message: 'pickle data was truncated',
      op: 'FRAME',
      pos: 2,
    });
    // A stack underflow after a dynamic STACK_GLOBAL (str('os'), str('system')), then TUPLE2.
    const dynamic = "\x80\x04cbuiltins\nstr\n(S'os'\ntRcbuiltins\nstr\n(S'system'\ntR\x93\x86.";
    expect(scanText(dynamic)).toMatchObject({
      verdict: 'dangerous',
      error: { message: 'unpickling stack underflow', op: 'TUPLE2', pos: 53 },
    });
    // Plain pickle.loads refuses persistent ids, extensions and out-of-band buffers.
    expect(raises('Prow\n.')).toMatchObject({
      message: expect.stringMatching(/^A load persistent id/),
    });
    expect(raises('\x80\x02\x82\x01.')).toMatchObject({ message: 'unregistered extension code 1' });
    expect(raises('\x80\x05\x97.')).toMatchObject({
      message: expect.stringMatching(/no \*buffers\*/),
    });
  });

  it('reads numbers as the C unpickler does, not as pickletools', () => {
    // strtol(s, 0): a leading 0 is octal; int(s, 0) takes 0x and underscores; float() no spaces.
    expect(scanText('I010\n.').result).toBe('8');
    expect(scanText('I 1\n.').result).toBe('True');
    expect(scanText('L0x10\n.').result).toBe('16');
    expect(scanText('L010\n.').error).toMatchObject({ exception: 'ValueError' });
    expect(scanText('F 1\n.').error).toMatchObject({ exception: 'ValueError' });
    expect(scanText('F1e999\n.').error).toMatchObject({ exception: 'OverflowError' });
    expect(scanText("S'\n.").error).toMatchObject({
      message: 'the STRING opcode argument must be quoted',
    });
  });

  it('keeps rendering bounded on a pickle that doubles a shared value 60 times', () => {
    // ] q0 then 60 x (h0 h0 TUPLE2 q0): each level refers to the previous one twice.
    const level = Uint8Array.from([0x68, 0x00, 0x68, 0x00, 0x86, 0x71, 0x00]);
    const parts = [Uint8Array.from([0x80, 0x02, 0x5d, 0x71, 0x00])];
    for (let i = 0; i < 60; i++) parts.push(level);
    parts.push(Uint8Array.of(0x2e));
    const scan = scanPickle(concatBytes(...parts));
    expect(scan.verdict).toBe('data');
    expect(scan.result!.length).toBeLessThanOrEqual(1501);
  });

  it('survives pathological shapes: deep nesting, a million-item APPENDS, a 100 000-key dict', () => {
    // PROTO 2, 20 000 x EMPTY_LIST, 19 999 x APPEND (each list into the one below), STOP.
    const deep = new Uint8Array(2 + 20000 + 19999 + 1);
    deep.set([0x80, 0x02]);
    deep.fill(0x5d, 2, 20002);
    deep.fill(0x61, 20002, 40001);
    deep[40001] = 0x2e;
    const nested = scanPickle(deep);
    expect(nested.error).toBeNull();
    expect(nested.result!.startsWith('[[[[')).toBe(true);

    const n = 1_000_000;
    const wide = new Uint8Array(4 + n + 2);
    wide.set([0x80, 0x02, 0x5d, 0x28]); // EMPTY_LIST MARK
    wide.fill(0x4e, 4, 4 + n); // NONE x n
    wide.set([0x65, 0x2e], 4 + n); // APPENDS STOP
    const appended = scanPickle(wide);
    expect(appended.error).toBeNull();
    expect(appended.result).toMatch(/^\[None, None, .*…$/);
    expect(appended.result!.length).toBeLessThanOrEqual(1501);

    const keys = 100_000;
    const parts = [Uint8Array.from([0x80, 0x02, 0x7d, 0x28])]; // EMPTY_DICT MARK
    for (let i = 0; i < keys; i++)
      parts.push(Uint8Array.from([0x4a, i & 255, (i >> 8) & 255, i >> 16, 0, 0x4e]));
    parts.push(Uint8Array.from([0x75, 0x2e])); // SETITEMS STOP
    expect(scanPickle(concatBytes(...parts))).toMatchObject({ error: null, verdict: 'data' });
  });

  it('never throws on random bytes or on mutations of real pickles', () => {
    const valid = entries.filter((e) => !e.error && e.hex.length < 800);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const scan = scanPickle(bytes);
        expect(['data', 'calls', 'dangerous']).toContain(scan.verdict);
      }),
      { numRuns: 1500 },
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...valid),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        (entry, edits) => {
          const bytes = expectOk(parseHex(entry.hex));
          for (const [at, byte] of edits) bytes[at % bytes.length] = byte;
          scanPickle(bytes);
        },
      ),
      { numRuns: 1500 },
    );
  });
});
