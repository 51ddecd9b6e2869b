import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../cli/run-cli';

describe('cli forge', () => {
  it('prints the hash_extender README forgery as one JSON object', () => {
    const { code, stdout, stderr } = runCli(
      'forge',
      '--algorithm',
      'md5',
      '--signature',
      '6036708eba0d11f6ef52ad44e8b74d5b',
      '--data',
      'data',
      '--append',
      'append',
      '--secret-length',
      '6',
      '--json',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const value = JSON.parse(stdout);
    expect(value).toEqual({
      algorithm: 'md5',
      secretLength: 6,
      newSignature: '6ee582a1669ce442f3719c47430dadee',
      newDataHex: expect.stringMatching(/^6461746180(00)+5000000000000000617070656e64$/),
    });
    const secretPlusData = Buffer.concat([
      Buffer.from('secret'),
      Buffer.from(value.newDataHex, 'hex'),
    ]);
    expect(createHash('md5').update(secretPlusData).digest('hex')).toBe(value.newSignature);
  });

  it('forges a range as a JSON array, guessing SHA-1 from the signature (HashPump example)', () => {
    const { code, stdout } = runCli(
      'forge',
      '-s',
      '6d5f807e23db210bc254a28be2d6759a0f5f5d99',
      '--data-hex',
      Buffer.from('count=10&lat=37.351&user_id=1&long=-119.827&waffle=eggo').toString('hex'),
      '--append',
      '&waffle=liege',
      '--secret-min',
      '0',
      '--secret-max',
      '128',
      '--json',
    );
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as {
      algorithm: string;
      secretLength: number;
      newSignature: string;
    }[];
    expect(rows).toHaveLength(129);
    expect(rows.map((r) => r.secretLength)).toEqual(Array.from({ length: 129 }, (_, i) => i));
    expect(rows[14]).toMatchObject({
      algorithm: 'sha1',
      newSignature: '0e41270260895979317fff3898ab85668953aaa2',
    });
  });

  it('reports bad input on stderr with a non-zero exit and no stack trace', () => {
    const sig = ['-s', '6036708eba0d11f6ef52ad44e8b74d5b'];
    for (const [args, message, exit] of [
      [['forge', '-s', 'abc', '--data', 'x', '--append', 'y', '-l', '1'], /two digits per byte/, 1],
      [
        ['forge', '-s', 'aa'.repeat(24), '--data', 'x', '--append', 'y', '-l', '1'],
        /24-byte tag .* fits none of MD5/,
        1,
      ],
      [
        ['forge', '-a', 'sha256', ...sig, '--data', 'x', '--append', 'y', '-l', '1'],
        /SHA-256 signature is 32 bytes/,
        1,
      ],
      [['forge', ...sig, '--data', 'x', '--append-hex', 'zz', '-l', '1'], /--append-hex: "z"/, 1],
      [
        ['forge', ...sig, '--data-hex', 'abc', '--append', 'y', '-l', '1'],
        /--data-hex: Hex needs/,
        1,
      ],
      [['forge', ...sig, '--data', 'x', '--append', 'y', '-l', 'six'], /whole number of bytes/, 1],
      [
        ['forge', ...sig, '--data', 'x', '--append', 'y', '--secret-min', '9', '--secret-max', '2'],
        /is empty/,
        1,
      ],
      [['forge', ...sig, '--data', 'x', '--append', 'y'], /Give --secret-length N/, 2],
      [['forge', ...sig, '--append', 'y', '-l', '1'], /exactly one of --data or --data-hex/, 2],
      [['forge', '--data', 'x', '--append', 'y', '-l', '1'], /Give --signature/, 2],
      [
        ['forge', ...sig, '-a', 'sha3', '--data', 'x', '--append', 'y', '-l', '1'],
        /Unknown algorithm/,
        1,
      ],
    ] as const) {
      const { code, stdout, stderr } = runCli(...args);
      expect(code, args.join(' ')).toBe(exit);
      expect(stdout).toBe('');
      expect(stderr).toMatch(message);
      expect(stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
