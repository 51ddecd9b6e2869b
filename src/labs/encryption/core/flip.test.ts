import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToUtf8, utf8ToBytes } from '../../../core/bytes';
import { expectOk } from '../../../core/result';
import { flipCiphertext, parseOffset } from './flip';
import { open, seal, type CryptoEnv } from './scheme';
import { DEFAULT_TRANSFER, findAmount, parseTransfer, readTransfer } from './transfer';

const env: CryptoEnv = {
  subtle: globalThis.crypto.subtle,
  random: (bytes) => globalThis.crypto.getRandomValues(bytes),
};
const key = () => env.random(new Uint8Array(16));

async function attack(scheme: 'ctr' | 'cbc' | 'gcm', message: string, want: string) {
  const k = key();
  const plaintext = expectOk(parseTransfer(message));
  const wire = await seal(scheme, env, k, plaintext);
  const at = findAmount(plaintext)!;
  const flip = expectOk(
    flipCiphertext({
      scheme,
      wire,
      offset: at.offset,
      known: plaintext.subarray(at.offset, at.offset + at.length),
      want: utf8ToBytes(want),
    }),
  );
  return { plaintext, wire, flip, opened: await open(scheme, env.subtle, k, flip.wire) };
}

describe('the flip, on the default transfer', () => {
  it('CTR: the receiver decrypts amount=900 and nothing else changes', async () => {
    const { opened, flip } = await attack('ctr', DEFAULT_TRANSFER, '900');
    expect(opened.ok && bytesToUtf8(opened.plaintext)).toBe(
      'to=mallory&memo=invoice 42, rent&amount=900&cur=EUR',
    );
    // '1' ⊕ '9' = 0x08; '0' ⊕ '0' = 0: one byte flipped, 16 + 40 on the wire.
    expect([...flip.mask]).toEqual([0x08, 0, 0]);
    expect(flip.flipped).toEqual([56]);
    expect(flip.garbledBlocks).toEqual([]);
  });

  it('CBC: amount=900, the memo block (block 1) garbled, the payee intact', async () => {
    const { opened, flip, plaintext } = await attack('cbc', DEFAULT_TRANSFER, '900');
    if (!opened.ok) throw new Error(opened.errorMessage);
    expect(flip.flipped).toEqual([40]);
    expect(flip.garbledBlocks).toEqual([1]);
    const reading = readTransfer(opened.plaintext);
    expect(reading.amount).toBe('900');
    expect(reading.to).toBe('mallory');
    // Block 1 differs from the original (overwhelmingly likely: 2^-128 otherwise), the rest match
    // except the flipped byte.
    expect(opened.plaintext.subarray(16, 32)).not.toEqual(plaintext.subarray(16, 32));
    expect(opened.plaintext.subarray(0, 16)).toEqual(plaintext.subarray(0, 16));
    expect(bytesToUtf8(opened.plaintext.subarray(32))).toBe('&amount=900&cur=EUR');
  });

  it('GCM: the same flip is refused with OperationError', async () => {
    const { opened } = await attack('gcm', DEFAULT_TRANSFER, '900');
    expect(opened).toMatchObject({ ok: false, errorName: 'OperationError' });
  });

  it('CBC: a field in block 0 is flipped through the IV, garbling nothing', async () => {
    const { opened, flip } = await attack('cbc', 'amount=100&to=mallory', '999');
    expect(flip.garbledBlocks).toEqual([]);
    expect(opened.ok && bytesToUtf8(opened.plaintext)).toBe('amount=999&to=mallory');
  });
});

describe('property: for any transfer and any same-length amount', () => {
  const digits = fc.stringMatching(/^[0-9]{1,8}$/);
  const memo = fc.string({ maxLength: 60 }).map((s) => s.replace(/[&=]/g, '_'));

  it('CTR delivers exactly the wanted amount; CBC too, outside the blocks it garbles; GCM refuses', async () => {
    await fc.assert(
      fc.asyncProperty(memo, digits, fc.nat(), async (note, amount, seed) => {
        const want = String(seed).padStart(amount.length, '7').slice(-amount.length);
        const message = `to=mallory&memo=${note}&amount=${amount}&cur=EUR`;
        const expected = utf8ToBytes(message);
        expected.set(utf8ToBytes(want), findAmount(expected)!.offset);

        const ctr = await attack('ctr', message, want);
        expect(ctr.opened.ok && readTransfer(ctr.opened.plaintext).amount).toBe(want);
        expect(ctr.opened.ok && ctr.opened.plaintext).toEqual(expected);

        // CBC: every block but the garbled ones decrypts to the wanted bytes. When the value
        // straddles a block boundary, the garbled block can be the one holding "amount=" itself.
        const cbc = await attack('cbc', message, want);
        if (!cbc.opened.ok) throw new Error(cbc.opened.errorMessage);
        for (let block = 0; block * 16 < expected.length; block++) {
          const got = cbc.opened.plaintext.subarray(block * 16, block * 16 + 16);
          const wanted = expected.subarray(block * 16, block * 16 + 16);
          if (cbc.flip.garbledBlocks.includes(block)) expect(got).not.toEqual(wanted);
          else expect(got).toEqual(wanted);
        }

        const gcm = await attack('gcm', message, want);
        expect(gcm.opened).toMatchObject({ ok: false, errorName: 'OperationError' });
      }),
      { numRuns: 40 },
    );
  });
});

describe('bad requests', () => {
  const wire = new Uint8Array(16 + 10);
  it('refuse a different length, an empty guess and a range past the end', () => {
    const base = { scheme: 'ctr' as const, wire, offset: 7 };
    expect(
      flipCiphertext({ ...base, known: utf8ToBytes('100'), want: utf8ToBytes('9000') }),
    ).toMatchObject({ ok: false, error: { code: 'flip/length' } });
    expect(
      flipCiphertext({ ...base, known: new Uint8Array(0), want: new Uint8Array(0) }),
    ).toMatchObject({ ok: false, error: { code: 'flip/empty' } });
    expect(
      flipCiphertext({ ...base, offset: 8, known: utf8ToBytes('100'), want: utf8ToBytes('900') }),
    ).toMatchObject({ ok: false, error: { code: 'flip/out-of-range' } });
    expect(
      flipCiphertext({ ...base, offset: 7, known: utf8ToBytes('100'), want: utf8ToBytes('900') })
        .ok,
    ).toBe(true);
  });

  it('offsets are whole numbers', () => {
    expect(parseOffset(' 40 ')).toEqual({ ok: true, value: 40 });
    for (const bad of ['-1', '4.5', 'forty', '', '9999999'])
      expect(parseOffset(bad).ok, bad).toBe(false);
  });

  it('transfers need an amount and stay small', () => {
    expect(parseTransfer('to=mallory').ok).toBe(false);
    expect(parseTransfer('x'.repeat(1_000_000) + '&amount=1')).toMatchObject({
      ok: false,
      error: { code: 'transfer/too-long' },
    });
  });
});
