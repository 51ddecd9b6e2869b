import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Runs the real CLI as a user would (`npm run -s cli -- …` runs exactly this). */
function runCli(...args: string[]) {
  const result = spawnSync(process.execPath, ['scripts/cli.mjs', ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function writeModule(name: string, code: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'code-cli-')), name);
  writeFileSync(file, code);
  return file;
}

describe('cli code-attack', () => {
  it('forges against md5(key + message), and node:crypto agrees the forged tag is right', () => {
    // The module ignores the battery's secret and uses its own key, so this test knows the key
    // and can check the forgery with an independent MD5.
    const file = writeModule(
      'module.js',
      `const KEY = 'an undisclosed key';
export function sign(secret, message) { return md5(KEY + message); }
export function verify(secret, message, tag) { return sign(secret, message) === tag; }
`,
    );
    const { code, stdout, stderr } = runCli(
      'code-attack',
      '--file',
      file,
      '--only',
      'length-extension',
      '--json',
    );
    expect(stderr).toBe('');
    expect(code).toBe(3); // an attack got through
    const [result] = JSON.parse(stdout).results;
    expect(result).toMatchObject({ id: 'length-extension', verdict: 'fail' });
    const forgery = result.evidence.forgery;
    expect(forgery.secretLength).toBe('an undisclosed key'.length);
    const message = Buffer.from(forgery.forgedMessageHex, 'hex');
    expect(message.subarray(0, 21).toString('latin1')).toBe('user=alice&role=user\x80');
    expect(message.subarray(-11).toString('latin1')).toBe('&role=admin');
    const expected = createHash('md5')
      .update(Buffer.concat([Buffer.from('an undisclosed key'), message]))
      .digest('hex');
    expect(forgery.forgedTag).toBe(expected);
  });

  it('the HMAC preset passes the signing attacks', () => {
    const { code, stdout } = runCli(
      'code-attack',
      '--preset',
      'hmac',
      '--only',
      'length-extension,tampering,truncation,keys-per-use',
      '--json',
    );
    expect(code).toBe(0);
    const verdicts = JSON.parse(stdout).results.map((r: { verdict: string }) => r.verdict);
    expect(verdicts).toEqual(['pass', 'pass', 'pass', 'pass']);
  });

  it('reports bad input on stderr with a non-zero exit and no stack trace', () => {
    const broken = writeModule('broken.ts', 'export function sign(\n');
    for (const [args, message, exit] of [
      [['--preset', 'nope'], /Unknown preset "nope"/, 1],
      [['--file', broken], /Syntax error on line 2/, 1],
      [['--preset', 'md5', '--only', 'magic'], /Unknown attack "magic"/, 2],
      [['--preset', 'md5', '--file', broken], /exactly one of --file or --preset/, 2],
    ] as const) {
      const { code, stdout, stderr } = runCli('code-attack', ...args, '--json');
      expect(stdout).toBe('');
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(message);
      expect(code).toBe(exit);
    }
  });
});
