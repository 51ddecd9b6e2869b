import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter, MAX_ERROR_TEXT, OutputTail, parseChildLine, truncateText } from './protocol';

const bytes = (text: string) => new TextEncoder().encode(text);
const TOKEN = 'ab'.repeat(32);

describe('LineSplitter', () => {
  it('gives back the lines of a stream however it is cut into chunks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme', maxLength: 30 }).map((s) => s.replace(/\n/g, ''))),
        fc.array(fc.nat(200), { maxLength: 10 }),
        (lines, cuts) => {
          const stream = bytes(lines.map((l) => `${l}\n`).join(''));
          const splitter = new LineSplitter(1000);
          const out: string[] = [];
          let start = 0;
          for (const cut of [...cuts.map((c) => Math.min(c, stream.length)), stream.length].sort(
            (a, b) => a - b,
          )) {
            out.push(...splitter.push(stream.subarray(start, Math.max(start, cut))));
            start = Math.max(start, cut);
          }
          expect(out).toEqual(lines);
        },
      ),
    );
  });

  it('drops a line longer than the limit whole, counts it, and keeps the next one', () => {
    const splitter = new LineSplitter(10);
    const out = [
      ...splitter.push(bytes('short\n0123456')),
      ...splitter.push(bytes('789abcdef')),
      ...splitter.push(bytes('…still the long line\nnext\n')),
    ];
    expect(out).toEqual(['short', 'next']);
    expect(splitter.overlong).toBe(1);
  });

  it('keeps no more than the limit in memory for a line that never ends', () => {
    const splitter = new LineSplitter(1024);
    const chunk = new Uint8Array(64 * 1024).fill(0x41);
    for (let i = 0; i < 100; i++) expect(splitter.push(chunk)).toEqual([]);
    expect(splitter.overlong).toBe(1);
    expect(splitter.push(bytes('\nok\n'))).toEqual(['ok']);
  });
});

describe('parseChildLine', () => {
  it('reads the harness messages that carry the token', () => {
    expect(parseChildLine(`${TOKEN} {"kind":"ready"}`, TOKEN)).toEqual({ kind: 'ready' });
    expect(parseChildLine(`${TOKEN} {"id":3,"kind":"answer","value":[1,"a"]}`, TOKEN)).toEqual({
      kind: 'answer',
      id: 3,
      value: [1, 'a'],
    });
    expect(
      parseChildLine(
        `${TOKEN} {"id":4,"kind":"error","code":"module/threw","message":"boom"}`,
        TOKEN,
      ),
    ).toEqual({ kind: 'error', id: 4, code: 'module/threw', message: 'boom' });
  });

  it('ignores lines without the token: what untrusted code writes to the channel', () => {
    for (const line of [
      '{"id":1,"kind":"answer","value":{"results":[]}}',
      `${'cd'.repeat(32)} {"id":1,"kind":"answer","value":true}`,
      `${TOKEN.slice(0, -1)} {"kind":"ready"}`,
      `${TOKEN}{"kind":"ready"}`,
    ])
      expect(parseChildLine(line, TOKEN)).toBeNull();
  });

  it('reads a genuine message even when bytes were written in front of it', () => {
    expect(parseChildLine(`{"id":1,"kind":"answ${TOKEN} {"kind":"ready"}`, TOKEN)).toEqual({
      kind: 'ready',
    });
  });

  it('drops malformed messages: bad JSON, unknown kinds, bad ids, bad error codes', () => {
    for (const body of [
      '{"kind":"answer"',
      '[1,2]',
      '"ready"',
      '{"kind":"shout","id":1}',
      '{"kind":"answer","id":0,"value":1}',
      '{"kind":"answer","id":1.5,"value":1}',
      '{"kind":"answer","id":"1","value":1}',
      '{"kind":"answer","id":1}',
      '{"kind":"error","id":1,"code":"Not A Code","message":"x"}',
      '{"kind":"error","id":1,"code":"a/b","message":5}',
    ])
      expect(parseChildLine(`${TOKEN} ${body}`, TOKEN)).toBeNull();
  });

  it('truncates a long error message', () => {
    const message = 'x'.repeat(100_000);
    const parsed = parseChildLine(
      `${TOKEN} ${JSON.stringify({ id: 1, kind: 'error', code: 'child/failed', message })}`,
      TOKEN,
    );
    expect(parsed).toMatchObject({ kind: 'error' });
    const text = (parsed as { message: string }).message;
    expect(text.startsWith('x'.repeat(MAX_ERROR_TEXT))).toBe(true);
    expect(text).toMatch(/… \(98000 more characters\)$/);
  });
});

describe('OutputTail', () => {
  it('keeps the first characters and counts the rest', () => {
    const tail = new OutputTail(10);
    tail.push(bytes('hello '));
    tail.push(bytes('world, and more'));
    expect(tail.text).toBe('hello worl');
    expect(tail.droppedChars).toBe(11);
  });

  it('decodes a character split across chunks', () => {
    const tail = new OutputTail(10);
    const euro = bytes('€');
    tail.push(euro.subarray(0, 1));
    tail.push(euro.subarray(1));
    expect(tail.text).toBe('€');
  });

  it('truncateText says how much it cut', () => {
    expect(truncateText('abcdef', 3)).toBe('abc… (3 more characters)');
    expect(truncateText('abc', 3)).toBe('abc');
  });
});
