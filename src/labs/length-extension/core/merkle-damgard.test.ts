import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { md5, sha1 } from '@noble/hashes/legacy.js';
import { sha224, sha256, sha384, sha512, sha512_256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes } from '../../../core/bytes';
import {
  ENGINES,
  continueHash,
  continueHashTraced,
  digestToState,
  hash,
  padding,
  paddingSize,
  resumeFromDigest,
  stateToDigest,
  type MdAlgorithm,
} from './merkle-damgard';

const NODE: Record<MdAlgorithm, string> = {
  md5: 'md5',
  sha1: 'sha1',
  sha256: 'sha256',
  sha512: 'sha512',
  sha224: 'sha224',
  sha384: 'sha384',
  'sha512-256': 'sha512-256',
};
const NOBLE: Record<MdAlgorithm, (b: Uint8Array) => Uint8Array> = {
  md5,
  sha1,
  sha256,
  sha512,
  sha224,
  sha384,
  'sha512-256': sha512_256,
};
const ALL = Object.keys(NODE) as MdAlgorithm[];
const nodeHex = (id: MdAlgorithm, bytes: Uint8Array) =>
  createHash(NODE[id]).update(bytes).digest('hex');

/** Bytes that are not all alike, so a misplaced word shows. */
const input = (length: number) => Uint8Array.from({ length }, (_, i) => (i * 131 + 7) & 0xff);

describe('teaching hash engines', () => {
  it('agree byte for byte with node:crypto and @noble/hashes for every length 0..1000', () => {
    const data = input(1000);
    for (const id of ALL) {
      for (let length = 0; length <= 1000; length++) {
        const bytes = data.subarray(0, length);
        const ours = bytesToHex(hash(ENGINES[id], bytes));
        expect(ours, `${id}, ${length} bytes`).toBe(nodeHex(id, bytes));
        expect(ours, `${id}, ${length} bytes`).toBe(bytesToHex(NOBLE[id](bytes)));
      }
    }
  });

  it('agree with node:crypto on random inputs of any content', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 700 }), fc.constantFrom(...ALL), (bytes, id) => {
        expect(bytesToHex(hash(ENGINES[id], bytes))).toBe(nodeHex(id, bytes));
      }),
      { numRuns: 300 },
    );
  });

  it('give the published "abc" values (RFC 1321 A.5, FIPS 180-4 examples)', () => {
    const abc = Uint8Array.of(0x61, 0x62, 0x63);
    expect(bytesToHex(hash(ENGINES.md5, abc))).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(bytesToHex(hash(ENGINES.sha1, abc))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(bytesToHex(hash(ENGINES.sha256, abc))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(bytesToHex(hash(ENGINES.sha512, abc)).slice(0, 32)).toBe(
      'ddaf35a193617abacc417349ae204131',
    );
  });

  it('pad to a whole number of blocks with 0x80, zeros and the bit length', () => {
    expect(bytesToHex(padding(ENGINES.md5, 4))).toBe('80' + '00'.repeat(51) + '2000000000000000');
    expect(bytesToHex(padding(ENGINES.sha1, 4))).toBe('80' + '00'.repeat(51) + '0000000000000020');
    expect(bytesToHex(padding(ENGINES.sha512, 4))).toBe(
      '80' + '00'.repeat(107) + '00'.repeat(15) + '20',
    );
    // 55 bytes + 0x80 + 8 = 64: one block; 56 bytes need a second block.
    expect(paddingSize(ENGINES.sha256, 55)).toBe(9);
    expect(paddingSize(ENGINES.sha256, 56)).toBe(72);
    expect(paddingSize(ENGINES.sha512, 111)).toBe(17);
    expect(paddingSize(ENGINES.sha512, 112)).toBe(144);
    // Lengths past 2^32 bits put bits in the high word of the length field.
    expect(bytesToHex(padding(ENGINES.sha256, 2 ** 29 + 3).slice(-8))).toBe('0000000100000018');
    expect(bytesToHex(padding(ENGINES.md5, 2 ** 29 + 3).slice(-8))).toBe('1800000001000000');
    fc.assert(
      fc.property(fc.constantFrom(...ALL), fc.nat({ max: 5000 }), (id, length) => {
        const engine = ENGINES[id];
        expect((length + paddingSize(engine, length)) % engine.blockSize).toBe(0);
        expect(paddingSize(engine, length)).toBeLessThanOrEqual(
          engine.blockSize + engine.lengthFieldSize,
        );
      }),
    );
  });

  it('read a digest back into the state and write it out again unchanged', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('md5', 'sha1', 'sha256', 'sha512' as const),
        fc.uint8Array({ minLength: 64, maxLength: 64 }),
        (id, bytes) => {
          const engine = ENGINES[id];
          const digest = bytes.subarray(0, engine.stateSize);
          expect(stateToDigest(engine, digestToState(engine, digest))).toEqual(digest);
        },
      ),
    );
  });

  it('resume from a digest and a processed length exactly where the hash left off', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ALL),
        fc.uint8Array({ maxLength: 300 }),
        fc.uint8Array({ maxLength: 300 }),
        (id, first, rest) => {
          const engine = ENGINES[id];
          const glue = padding(engine, first.length);
          const state = Int32Array.from(engine.iv);
          // After the first part and its padding, the state is the full digest (before truncation).
          continueHash(engine, state, 0, first);
          const resumed = continueHash(engine, state, first.length + glue.length, rest);
          expect(bytesToHex(resumed)).toBe(nodeHex(id, concatBytes(first, glue, rest)));
        },
      ),
      { numRuns: 200 },
    );
    const digest = hash(ENGINES.sha256, Uint8Array.of(1, 2, 3));
    expect(bytesToHex(resumeFromDigest(ENGINES.sha256, digest, 64, Uint8Array.of(4)))).toBe(
      nodeHex(
        'sha256',
        concatBytes(Uint8Array.of(1, 2, 3), padding(ENGINES.sha256, 3), Uint8Array.of(4)),
      ),
    );
    expect(() => resumeFromDigest(ENGINES.sha256, digest, 63, Uint8Array.of(4))).toThrow(
      /block boundary/,
    );
  });

  it('traced compressions record every round and end in the same state as the fast path', () => {
    const rounds: Record<string, number> = { md5: 64, sha1: 80, sha256: 64, sha512: 80 };
    fc.assert(
      fc.property(fc.constantFrom(...ALL), fc.uint8Array({ maxLength: 400 }), (id, data) => {
        const engine = ENGINES[id];
        const traced = continueHashTraced(engine, Int32Array.from(engine.iv), 0, data);
        expect(bytesToHex(traced.digest)).toBe(nodeHex(id, data));
        expect(traced.blocks.length).toBe(
          (data.length + paddingSize(engine, data.length)) / engine.blockSize,
        );
        let chain = Array.from(engine.iv);
        for (const block of traced.blocks) {
          const fast = Int32Array.from(chain);
          engine.compress(fast, block.bytes, 0);
          const width = engine.wordBits === 64 ? 16 : 8;
          expect(block.trace.after.join('')).toBe(
            Array.from(fast, (w) => (w >>> 0).toString(16).padStart(8, '0')).join(''),
          );
          expect(block.trace.before.every((w) => w.length === width)).toBe(true);
          expect(block.trace.rounds.length).toBe(
            rounds[
              id.startsWith('sha512') || id === 'sha384'
                ? 'sha512'
                : id === 'sha224'
                  ? 'sha256'
                  : id
            ],
          );
          chain = Array.from(fast);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('record the SHA-256 rounds of "abc" as FIPS 180-2 Appendix B.1 prints them', () => {
    const block = concatBytes(Uint8Array.of(0x61, 0x62, 0x63), padding(ENGINES.sha256, 3));
    const trace = ENGINES.sha256.compressTraced(Int32Array.from(ENGINES.sha256.iv), block, 0);
    expect(trace.rounds[0]!.registers).toEqual([
      '5d6aebcd',
      '6a09e667',
      'bb67ae85',
      '3c6ef372',
      'fa2a4622',
      '510e527f',
      '9b05688c',
      '1f83d9ab',
    ]);
    expect(trace.rounds[63]!.registers[0]).toBe('506e3058');
    expect(trace.schedule[0]).toBe('61626380');
    expect(trace.schedule[15]).toBe('00000018');
  });
});

describe('the public API', () => {
  it('exports the forgery and the engines by name, without @noble', async () => {
    const api = await import('./index');
    expect(bytesToHex(api.digest('sha1', Uint8Array.of(0x61, 0x62, 0x63)))).toBe(
      'a9993e364706816aba3e25717850c26c9cd0d89d',
    );
    expect(typeof api.forgeExtension).toBe('function');
    expect(typeof api.attackSecretLengths).toBe('function');
    const { readFileSync } = await import('node:fs');
    for (const file of [
      'index.ts',
      'forge.ts',
      'attack.ts',
      'merkle-damgard.ts',
      'trace.ts',
      'tool.ts',
    ])
      expect(readFileSync(new URL(file, import.meta.url), 'utf8'), file).not.toMatch(
        /from '@noble/,
      );
  });
});
