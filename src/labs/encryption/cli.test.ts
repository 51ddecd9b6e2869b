import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runCli, runCliJson } from '../../cli/run-cli';

/** What the cipher commands print (each prints some of these). */
interface CipherJson {
  ciphertextHex: string;
  flipped: number[];
  sameNonce: boolean;
  hits: { readable: boolean }[];
}
const json = (...args: string[]) => runCliJson<CipherJson>(...args);

const ORDER = 'to=mallory&memo=invoice 42, rent&amount=100&cur=EUR';
const key = randomBytes(16);

function nodeDecrypt(algorithm: 'aes-128-ctr' | 'aes-128-cbc', wireHex: string) {
  const wire = Buffer.from(wireHex, 'hex');
  const decipher = createDecipheriv(algorithm, key, wire.subarray(0, 16));
  return Buffer.concat([decipher.update(wire.subarray(16)), decipher.final()]);
}

describe('cli cipher-seal, cipher-flip and cipher-open', () => {
  for (const [scheme, algorithm] of [
    ['ctr', 'aes-128-ctr'],
    ['cbc', 'aes-128-cbc'],
  ] as const) {
    it(`${scheme}: node:crypto makes the same ciphertext, and decrypts the flip to amount=900`, () => {
      const iv = randomBytes(16);
      const sealed = json(
        'cipher-seal',
        '--scheme',
        scheme,
        '--text',
        ORDER,
        '--key-hex',
        key.toString('hex'),
        '--nonce-hex',
        iv.toString('hex'),
      );
      const cipher = createCipheriv(algorithm, key, iv);
      const expected = Buffer.concat([iv, cipher.update(ORDER), cipher.final()]);
      expect(sealed).toEqual({
        scheme,
        keyHex: key.toString('hex'),
        ciphertextHex: expected.toString('hex'),
      });

      const flipped = json(
        'cipher-flip',
        '--scheme',
        scheme,
        '--ciphertext-hex',
        sealed.ciphertextHex,
        '--offset',
        '40',
        '--known',
        '100',
        '--want',
        '900',
      );
      expect(flipped).toMatchObject({
        maskHex: '080000',
        flipped: [scheme === 'ctr' ? 56 : 40],
        garbledBlocks: scheme === 'ctr' ? [] : [1],
      });
      const decrypted = nodeDecrypt(algorithm, flipped.ciphertextHex);
      expect(decrypted.subarray(32).toString()).toBe('&amount=900&cur=EUR');
      if (scheme === 'ctr') expect(decrypted.toString()).toBe(ORDER.replace('100', '900'));

      const opened = json(
        'cipher-open',
        '--scheme',
        scheme,
        '--key-hex',
        key.toString('hex'),
        '--ciphertext-hex',
        flipped.ciphertextHex,
      );
      expect(opened).toMatchObject({ accepted: true, plaintextHex: decrypted.toString('hex') });
    });
  }

  it('gcm: the flipped message is refused with OperationError, as node:crypto refuses it', () => {
    const sealed = json(
      'cipher-seal',
      '--scheme',
      'gcm',
      '--text',
      ORDER,
      '--key-hex',
      key.toString('hex'),
    );
    expect(sealed.ciphertextHex).toHaveLength(2 * (12 + ORDER.length + 16));
    const flipped = json(
      'cipher-flip',
      '--scheme',
      'gcm',
      '--ciphertext-hex',
      sealed.ciphertextHex,
      '--offset',
      '40',
      '--known',
      '100',
      '--want',
      '900',
    );
    expect(flipped.flipped).toEqual([52]);
    const args = ['--scheme', 'gcm', '--key-hex', key.toString('hex'), '--ciphertext-hex'];
    expect(json('cipher-open', ...args, sealed.ciphertextHex)).toMatchObject({
      accepted: true,
      text: ORDER,
    });
    expect(json('cipher-open', ...args, flipped.ciphertextHex)).toMatchObject({
      accepted: false,
      error: 'OperationError',
    });
    const wire = Buffer.from(flipped.ciphertextHex, 'hex');
    const decipher = createDecipheriv('aes-128-gcm', key, wire.subarray(0, 12));
    decipher.setAuthTag(wire.subarray(-16));
    decipher.update(wire.subarray(12, -16));
    expect(() => decipher.final()).toThrow(/unable to authenticate/i);
    expect(runCli('cipher-open', ...args, flipped.ciphertextHex).stdout).toMatch(
      /^Refused: OperationError/,
    );
  });
});

describe('cli crib-drag', () => {
  it('finds "password" at 10 in two GCM messages node:crypto sealed under one nonce', () => {
    const nonce = randomBytes(12);
    const seal = (text: string) => {
      const c = createCipheriv('aes-128-gcm', key, nonce);
      return Buffer.concat([nonce, c.update(text), c.final(), c.getAuthTag()]).toString('hex');
    };
    const result = json(
      'crib-drag',
      '--scheme',
      'gcm',
      '--a-hex',
      seal('Meet me at the north gate at nine tonight. Bring the vault key.'),
      '--b-hex',
      seal('The vault password is amber-falcon-7. Burn this note after use.'),
      '--guess',
      'password',
    );
    expect(result.sameNonce).toBe(true);
    expect(result.hits[0]).toMatchObject({ position: 10, revealed: ' the nor', readable: true });
    expect(result.hits.every((h: { readable: boolean }) => h.readable)).toBe(true);
  });
});

describe('cli errors', () => {
  it('bad input goes to stderr, one line, non-zero, no stack trace', () => {
    const ct = '00'.repeat(40);
    for (const [args, message, exit] of [
      [
        ['cipher-flip', '--ciphertext-hex', 'zz', '--offset', '1', '--known', '1', '--want', '2'],
        /"z" is not a hex digit/,
        1,
      ],
      [
        [
          'cipher-flip',
          '--scheme',
          'cbc',
          '--ciphertext-hex',
          '00'.repeat(33),
          '--offset',
          '1',
          '--known',
          '1',
          '--want',
          '2',
        ],
        /not a multiple of 16/,
        1,
      ],
      [
        [
          'cipher-flip',
          '--ciphertext-hex',
          ct,
          '--offset',
          '1',
          '--known',
          '100',
          '--want',
          '9000',
        ],
        /as long as the known one/,
        1,
      ],
      [
        [
          'cipher-flip',
          '--ciphertext-hex',
          ct,
          '--offset',
          '23',
          '--known',
          '100',
          '--want',
          '900',
        ],
        /runs past the 24 bytes/,
        1,
      ],
      [
        ['cipher-flip', '--ciphertext-hex', ct, '--offset=-3', '--known', '1', '--want', '2'],
        /--offset: "-3" is not a byte offset/,
        1,
      ],
      [['cipher-flip', '--ciphertext-hex', ct, '--known', '1', '--want', '2'], /Give --offset/, 2],
      [
        ['cipher-flip', '--scheme', 'ecb', '--ciphertext-hex', ct],
        /"ecb" is not one of ctr, cbc, gcm/,
        2,
      ],
      [['cipher-seal', '--text', 'x', '--key-hex', 'abcd'], /--key-hex must be 16 bytes, not 2/, 1],
      [
        ['cipher-seal', '--scheme', 'gcm', '--text', 'x', '--nonce-hex', '00'.repeat(16)],
        /--nonce-hex must be 12 bytes/,
        1,
      ],
      // 120,000 characters: Linux caps one argument at 128 KiB, so a megabyte cannot be passed.
      [
        ['cipher-open', '--key-hex', '00'.repeat(16), '--ciphertext-hex', 'ab'.repeat(60_000)],
        /at most 4,096 bytes/,
        1,
      ],
      [
        ['crib-drag', '--scheme', 'cbc', '--a-hex', ct, '--b-hex', ct, '--guess', 'x'],
        /not one of ctr, gcm/,
        2,
      ],
      [
        ['crib-drag', '--a-hex', ct, '--b-hex', ct, '--guess', 'x'.repeat(30)],
        /only 24 bytes long/,
        1,
      ],
    ] as const) {
      const { code, stdout, stderr } = runCli(...args);
      expect(code, args.join(' ').slice(0, 80)).toBe(exit);
      expect(stdout).toBe('');
      expect(stderr).toMatch(message);
      expect(stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
