import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bytesToHex, parseHex } from '../../../../core/bytes';
import { expectOk } from '../../../../core/result';
import { SAMPLE_PICKLES, findSample } from './samples';
import { signPickle, tagPickle, tamperWith, TAMPERS, verifyThenLoad, TAG_BYTES } from './signing';
import { scanPickle } from './symbolic';

const key = Uint8Array.from({ length: 32 }, (_, i) => i * 7);
const attackerKey = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);
const session = expectOk(parseHex(findSample('session')!.hex));
const payload = expectOk(parseHex(findSample('classic')!.hex));

describe('signed pickles', () => {
  it('tag with HMAC-SHA256 exactly as node:crypto does', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.uint8Array(), (k, data) => {
        expect(bytesToHex(tagPickle(k, data))).toBe(
          createHmac('sha256', k).update(data).digest('hex'),
        );
      }),
    );
  });

  it('load when untouched, and read every opcode only then', () => {
    const result = verifyThenLoad(signPickle(key, session), key);
    expect(result.accepted).toBe(true);
    expect(result.opsRead).toBe(17); // pickletools.dis lists 17 opcodes for this pickle
    expect(result.scan!.verdict).toBe('data');
  });

  it('refuse every tampering before the loader is reached', () => {
    for (const tamper of TAMPERS.filter((t) => t !== 'none')) {
      const sent = signPickle(key, session);
      const { message } = tamperWith(sent, tamper, { payload, attackerKey });
      let loaderCalls = 0;
      const result = verifyThenLoad(message, key, (pickle) => {
        loaderCalls++;
        return scanPickle(pickle);
      });
      expect(result.accepted, tamper).toBe(false);
      expect(loaderCalls, tamper).toBe(0);
      expect(result.opsRead).toBe(0);
      expect(result.steps.at(-1)!.detail).toMatch(/read 0 opcodes/);
    }
  });

  it('refuse any single-bit change anywhere in the message', () => {
    const sent = signPickle(key, session);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: sent.length * 8 - 1 }), (bit) => {
        const message = sent.slice();
        message[bit >> 3]! ^= 1 << (bit & 7);
        expect(verifyThenLoad(message, key).accepted).toBe(false);
      }),
    );
  });

  it('refuse a message too short to hold a tag', () => {
    const result = verifyThenLoad(new Uint8Array(TAG_BYTES - 1), key);
    expect(result.accepted).toBe(false);
    expect(result.steps[0]!.detail).toMatch(/too short/);
  });
});

describe('sample pickles', () => {
  it('are byte for byte the CPython vectors they name', () => {
    const read = (file: string) =>
      (
        JSON.parse(readFileSync(new URL(`../vectors/${file}`, import.meta.url), 'utf8')) as {
          entries: { name: string; protocol?: number | null; hex: string }[];
        }
      ).entries;
    const made = read('pickles.json');
    const loaded = read('pickle-loads.json');
    for (const sample of SAMPLE_PICKLES) {
      const entry =
        made.find((e) => e.name === sample.vector && e.protocol === sample.protocol) ??
        loaded.find((e) => e.name === sample.vector);
      expect(entry?.hex, sample.id).toBe(sample.hex);
    }
  });
});
