import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { SpeedResult } from './core/speed';

/** Runs the real CLI as a user would (`npm run -s cli -- …` runs exactly this). */
function runCli(...args: string[]) {
  const result = spawnSync(process.execPath, ['scripts/cli.mjs', ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('cli hash-speed', () => {
  it('prints every measured algorithm × engine and sentences that agree with the rows', () => {
    const { code, stdout, stderr } = runCli('hash-speed', '--runs', '3', '--ms', '10', '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as SpeedResult;
    expect(result.plan).toEqual({ runs: 3, minRunMs: 10, bufferBytes: 1024 * 1024 });
    expect(result.rows.map((r) => `${r.algorithm}/${r.engine}`)).toEqual([
      'md5/teaching',
      'md5/noble',
      'sha256/teaching',
      'sha256/noble',
      'sha256/webcrypto',
      'sha512/teaching',
      'sha512/noble',
      'sha512/webcrypto',
    ]);
    for (const row of result.rows) {
      expect(row.samples).toHaveLength(3);
      expect(row.min).toBeGreaterThan(0);
      expect(row.min).toBeLessThanOrEqual(row.median);
      expect(row.median).toBeLessThanOrEqual(row.max);
    }
    expect(result.unavailable).toEqual([
      { algorithm: 'md5', engine: 'webcrypto', reason: 'Web Crypto has no MD5' },
    ]);
    // Whatever this machine measured, the first sentence names the side its rows are on.
    const rate = (algorithm: string, engine: string) =>
      result.rows.find((r) => r.algorithm === algorithm && r.engine === engine)!;
    const [sha256, sha512] = [rate('sha256', 'teaching'), rate('sha512', 'teaching')];
    const [first] = result.verdict.sentences;
    if (sha256.min > sha512.max) expect(first).toMatch(/SHA-256 is [\d.]+× as fast as SHA-512/);
    else if (sha512.min > sha256.max)
      expect(first).toMatch(/SHA-512 is [\d.]+× as fast as SHA-256/);
    else expect(first).toContain('neither is clearly faster');
  });

  it('refuses a bad option on stderr with a non-zero exit', () => {
    const zero = runCli('hash-speed', '--runs', '0');
    expect(zero.code).toBe(1);
    expect(zero.stdout).toBe('');
    expect(zero.stderr).toMatch(/runs must be a whole number from 1 to 25/);
    const words = runCli('hash-speed', '--ms', 'fast');
    expect(words.code).toBe(2);
    expect(words.stderr).toMatch(/--ms takes a whole number/);
  });
});
