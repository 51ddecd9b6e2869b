import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToUtf8, utf8ToBytes } from '../../../core/bytes';
import { expectOk } from '../../../core/result';
import { xorBytes } from './aes';
import {
  NONCE_MESSAGES,
  applyPlacements,
  autoDrag,
  checkRecovery,
  dragCrib,
  formatPlacements,
  parseGuess,
  parsePlacements,
  recoveredText,
} from './nonce-reuse';
import { ciphertextOf, sealWith } from './scheme';

const subtle = globalThis.crypto.subtle;
const random = (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n));
const A = utf8ToBytes(NONCE_MESSAGES.a);
const B = utf8ToBytes(NONCE_MESSAGES.b);

async function xorUnderOneNonce(scheme: 'ctr' | 'gcm') {
  const key = random(16);
  const nonce = random(scheme === 'ctr' ? 16 : 12);
  const ca = ciphertextOf(scheme, await sealWith(scheme, subtle, key, nonce, A));
  const cb = ciphertextOf(scheme, await sealWith(scheme, subtle, key, nonce, B));
  return xorBytes(ca, cb);
}

describe('one nonce, two messages', () => {
  it('the XOR of the ciphertexts is the XOR of the plaintexts, under CTR and under GCM', async () => {
    for (const scheme of ['ctr', 'gcm'] as const)
      expect(await xorUnderOneNonce(scheme)).toEqual(xorBytes(A, B));
  });

  it('two nonces give no such relation', async () => {
    const key = random(16);
    const ca = await sealWith('ctr', subtle, key, random(16), A);
    const cb = await sealWith('ctr', subtle, key, random(16), B);
    expect(xorBytes(ciphertextOf('ctr', ca), ciphertextOf('ctr', cb))).not.toEqual(xorBytes(A, B));
  });

  it('dragging "password" lights up position 10, where the other message reads " the nor"', async () => {
    const xor = await xorUnderOneNonce('ctr');
    const hits = dragCrib(xor, utf8ToBytes('password'));
    expect(hits).toHaveLength(A.length - 7);
    const best = [...hits].sort((x, y) => y.score - x.score)[0]!;
    expect(best.position).toBe(10);
    expect(bytesToUtf8(best.revealed)).toBe(' the nor');
    // Most positions give unreadable bytes.
    expect(hits.filter((h) => h.readable).length).toBeLessThan(hits.length / 2);
  });

  it('three placed guesses recover both messages exactly', async () => {
    const xor = await xorUnderOneNonce('gcm');
    const placements = expectOk(
      parsePlacements(
        formatPlacements([
          { side: 'b', position: 10, text: 'password' },
          { side: 'a', position: 0, text: 'Meet me at the north gate at nine tonight.' },
          { side: 'b', position: 38, text: 'Burn this note after use.' },
        ]),
        xor.length,
      ),
    );
    const recovery = applyPlacements(xor, placements);
    expect(recovery.known).toBe(A.length);
    expect(recoveredText(recovery.b)).toBe(NONCE_MESSAGES.b);
    expect(checkRecovery('a', recovery.a, A)).toMatchObject({ exact: true, correct: A.length });
    expect(checkRecovery('b', recovery.b, B).exact).toBe(true);
  });

  it('a partial recovery marks unknown bytes and counts only what is right', () => {
    const xor = xorBytes(A, B);
    const recovery = applyPlacements(xor, [{ side: 'a', position: 4, text: 'XX' }]);
    expect(recoveredText(recovery.a)).toBe('····XX' + '·'.repeat(A.length - 6));
    expect(checkRecovery('a', recovery.a, A)).toMatchObject({ known: 2, correct: 0, exact: false });
  });

  it('the automatic drag finds real words of both messages among its best hits', () => {
    const hits = autoDrag(xorBytes(A, B));
    expect(hits.length).toBeGreaterThan(0);
    const texts = hits.map((h) => `${h.crib}@${h.position}=${h.revealed}`);
    expect(texts).toContain('password@10= the nor');
    expect(texts).toContain('vault@4= me a');
  });
});

describe('input', () => {
  it('guesses must fit the messages', () => {
    expect(parseGuess('', 63)).toMatchObject({ ok: false, error: { code: 'crib/empty' } });
    expect(parseGuess('x'.repeat(64), 63)).toMatchObject({
      ok: false,
      error: { code: 'crib/too-long' },
    });
    expect(parseGuess('x'.repeat(1_000_000), 63).ok).toBe(false);
    expect(parseGuess('password', 63).ok).toBe(true);
  });

  it('placements round-trip through the address and refuse anything malformed', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            side: fc.constantFrom('a' as const, 'b' as const),
            position: fc.nat(50),
            text: fc.string({ minLength: 1, maxLength: 13 }).filter((t) => !t.includes('\n')),
          }),
          { maxLength: 8 },
        ),
        (placements) => {
          const parsed = parsePlacements(formatPlacements(placements), 200);
          expect(parsed).toEqual({ ok: true, value: placements });
        },
      ),
    );
    for (const bad of ['c1:x', 'a:x', 'a1x', 'a60:password', 'a1:'])
      expect(parsePlacements(bad, 63).ok, bad).toBe(false);
  });
});
