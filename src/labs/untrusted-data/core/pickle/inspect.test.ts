import { describe, expect, it } from 'vitest';
import { inspectPickle } from './inspect';

/** Bytes written as a string of Latin-1 characters, one per byte. */
const bytes = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

describe('inspectPickle', () => {
  it('lists both reads of a FRAME that lies, from where they part', () => {
    // PROTO 4, FRAME(2) holding BINBYTES and the first byte of its length. In memory the length
    // is 0x17 and swallows a call to os.system; a stream reader drops that byte, reads a length
    // of 0 from the next four, and runs the call.
    const hidden = "\x00cos\nsystem\nS'id'\n\x85R0";
    const data = bytes(
      `\x80\x04\x95\x02\x00\x00\x00\x00\x00\x00\x00B${String.fromCharCode(hidden.length)}\x00\x00\x00${hidden}.`,
    );
    const { scan, reads } = inspectPickle(data);
    expect(scan.streamPartsAt).toBe(12);
    const [memory, stream] = reads!;
    expect(memory.verdict).toBe('data');
    expect(memory.rows.map((r) => r.name || r.note)).toEqual([
      'PROTO',
      'FRAME',
      'BINBYTES',
      'STOP',
    ]);
    expect(stream.verdict).toBe('dangerous');
    expect(stream.rows.map((r) => r.name || r.note)).toEqual([
      'PROTO',
      'FRAME',
      'BINBYTES',
      'byte 12 is skipped: the rest of the frame',
      'GLOBAL',
      'STRING',
      'TUPLE1',
      'REDUCE',
      'POP',
      'STOP',
    ]);
    expect(stream.rows.find((r) => r.name === 'REDUCE')).toMatchObject({
      effect: "calls os.system('id')",
      danger: true,
    });
  });

  it('has no second read when the frames tell the truth', () => {
    expect(inspectPickle(bytes('\x80\x04\x95\x02\x00\x00\x00\x00\x00\x00\x00N.')).reads).toBeNull();
  });
});
