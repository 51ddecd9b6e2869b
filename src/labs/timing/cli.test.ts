import { describe, expect, it } from 'vitest';
import { runCli } from '../../cli/run-cli';

const cli = (...args: string[]) => runCli('timing-attack', ...args);

describe('timing-attack CLI', () => {
  it('recovers the tag, deterministically for a seed', () => {
    const run = () =>
      cli(
        '--tag-bytes',
        '6',
        '--per-byte-ns',
        '100',
        '--jitter-ns',
        '300',
        '--seed',
        '7',
        '--json',
      );
    const first = run();
    expect(first.code, first.stderr).toBe(0);
    const value = JSON.parse(first.stdout);
    expect(value.recovered).toBe(true);
    expect(value.recoveredHex).toBe(value.secretHex);
    expect(value.secretHex).toMatch(/^[0-9a-f]{12}$/);
    expect(JSON.parse(run().stdout)).toEqual(value);
  });

  it('finds nothing against constant time', () => {
    const out = cli('--compare', 'constant-time', '--seed', '3', '--json');
    expect(out.code).toBe(0);
    const value = JSON.parse(out.stdout);
    expect(value.recovered).toBe(false);
    expect(value.recoveredHex).not.toBe(value.secretHex);
  });

  it('bad input: one line on stderr, non-zero exit', () => {
    const out = cli('--compare', 'strcmp', '--json');
    expect(out.code).not.toBe(0);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
    expect(out.stderr).toMatch(/early-exit or constant-time/);
  });
});
