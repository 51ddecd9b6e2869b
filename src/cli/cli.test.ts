import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli';

describe('cli hash', () => {
  it('prints the SHA-256 of "abc" as one JSON value', () => {
    const { code, stdout, stderr } = runCli(
      'hash',
      '--algorithm',
      'sha256',
      '--text',
      'abc',
      '--json',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      algorithm: 'sha256',
      digest: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    });
  });

  it('hashes hex and files like node:crypto', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-'));
    const file = join(dir, 'data.bin');
    const data = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7) % 256));
    writeFileSync(file, data);
    const fromFile = JSON.parse(runCli('hash', '-a', 'SHA-512', '--file', file, '--json').stdout);
    expect(fromFile.digest).toBe(createHash('sha512').update(data).digest('hex'));
    const fromHex = JSON.parse(runCli('hash', '-a', 'md5', '--hex', '00ff', '--json').stdout);
    expect(fromHex.digest).toBe(
      createHash('md5')
        .update(Buffer.from([0, 255]))
        .digest('hex'),
    );
  });

  it('reports bad input on stderr with a non-zero exit and no stack trace', () => {
    for (const [args, message, exit] of [
      [['hash', '-a', 'md5', '--hex', 'abc', '--json'], /two digits per byte/, 1],
      [['hash', '-a', 'sha257', '--text', 'x'], /Unknown hash "sha257"/, 1],
      [['hash', '-a', 'md5', '--file', '/no/such/file'], /No such file/, 1],
      [['hash', '--text', 'x'], /Give --algorithm/, 2],
      [['hash', '-a', 'md5', '--nope'], /Unknown option '--nope'/, 2],
      [['frobnicate'], /unknown command "frobnicate"/, 2],
    ] as const) {
      const { code, stdout, stderr } = runCli(...args);
      expect(code).toBe(exit);
      expect(stdout).toBe('');
      expect(stderr).toMatch(message);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe('command registry', () => {
  it('lists, for each lab module, exactly the names of the commands it loads', async () => {
    const { COMMAND_MODULES } = await import('./commands');
    for (const module of COMMAND_MODULES) {
      const loaded = await module.load();
      expect(loaded.map((c) => c.name)).toEqual(module.names);
    }
  });
});
