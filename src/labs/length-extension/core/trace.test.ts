import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { utf8ToBytes } from '../../../core/bytes';
import { expectOk } from '../../../core/result';
import { forgeExtension } from './forge';
import { ENGINES, EXTENDABLE_ALGORITHMS } from './merkle-damgard';
import { traceExtension } from './trace';

describe('traceExtension', () => {
  it('turns the tag back into state words and records the rounds that produce the forged tag', () => {
    const secret = utf8ToBytes('secret');
    const message = utf8ToBytes('data');
    for (const algorithm of EXTENDABLE_ALGORITHMS) {
      const tag = new Uint8Array(createHash(algorithm).update(secret).update(message).digest());
      const forgery = expectOk(
        forgeExtension({ algorithm, tag, message, append: utf8ToBytes('append'), secretLength: 6 }),
      );
      const trace = traceExtension(forgery);
      const engine = ENGINES[algorithm];
      expect(trace.forgedTagHex).toBe(Buffer.from(forgery.forgedTag).toString('hex'));
      expect(trace.stateWords.map((w) => w.bytes).join('')).toBe(trace.tagHex);
      expect(trace.blocks[0]!.trace.before).toEqual(trace.stateWords.map((w) => w.value));
      expect(trace.skippedBlocks).toBe(1);
      expect(trace.blocks[0]!.index).toBe(1);
      expect(trace.blocks[0]!.spans.map((s) => s.kind)).toEqual(['append', 'neutral', 'length']);
      expect(trace.blocks[0]!.bytes.length).toBe(engine.blockSize);
      expect(trace.blocks[0]!.trace.rounds.length).toBe(
        algorithm === 'md5' || algorithm === 'sha256' ? 64 : 80,
      );
    }
  });

  it('shows MD5 reading its words little-endian', () => {
    const forgery = expectOk(
      forgeExtension({
        algorithm: 'md5',
        tag: Uint8Array.from({ length: 16 }, (_, i) => i),
        message: new Uint8Array(),
        append: new Uint8Array(),
        secretLength: 0,
      }),
    );
    const [first] = traceExtension(forgery).stateWords;
    expect(first).toEqual({ name: 'A', bytes: '00010203', value: '03020100' });
  });
});
