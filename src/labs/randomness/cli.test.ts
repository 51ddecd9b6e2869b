import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runCliJson } from '../../cli/run-cli';
import shared from './core/vectors/cpython-random.json' with { type: 'json' };
import more from './core/vectors/cpython-more.json' with { type: 'json' };
import node20 from './core/vectors/math-random-node20.json' with { type: 'json' };
import chromium from './core/vectors/math-random-chromium.json' with { type: 'json' };
import boot from './core/vectors/boot-seed-cpython.json' with { type: 'json' };
import { seedWords } from './core/python-random';

const dir = mkdtempSync(join(tmpdir(), 'randomness-cli-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('cli mt-clone', () => {
  it('predicts the next outputs and the next choice key of a CPython session', () => {
    const c = more.clone[0]!;
    const outputs = file('outputs.txt', `[${c.observed_getrandbits32.join(', ')}]`);
    expect(
      runCliJson(
        'mt-clone',
        '--outputs-file',
        outputs,
        '--next',
        '10',
        '--choice-alphabet',
        c.alphabet,
        '--choice-count',
        String(c.next_key.length),
      ),
    ).toEqual({ next: c.next_getrandbits32, choice: c.next_key });
  });

  it('reads one value per line, and prints only "next" without a choice alphabet', () => {
    const v = shared.mt_clone[1]!;
    const outputs = file('lines.txt', v.observed_getrandbits32.join('\n'));
    const result = runCliJson<{ next: number[] }>(
      'mt-clone',
      '--outputs-file',
      outputs,
      '--next',
      '2',
    );
    expect(Object.keys(result)).toEqual(['next']);
    expect(result.next).toHaveLength(2);
  });
});

describe('cli mt-seed-search', () => {
  it('finds the seed of a key made right after random.seed(t)', () => {
    const v = shared.time_seed[0]!;
    expect(
      runCliJson(
        'mt-seed-search',
        '--from',
        String(v.window_start),
        '--to',
        String(v.window_start + v.window_seconds - 1),
        '--alphabet',
        v.alphabet,
        '--length',
        '32',
        '--key',
        v.key_32,
      ),
    ).toEqual({ seed: v.seed });
  });

  it('prints null when no seed in the window makes the key', () => {
    const v = shared.time_seed[0]!;
    expect(
      runCliJson(
        'mt-seed-search',
        '--from',
        String(v.seed + 1),
        '--to',
        String(v.seed + 1000),
        '--alphabet',
        v.alphabet,
        '--length',
        '32',
        '--key',
        v.key_32,
      ),
    ).toEqual({ seed: null });
  });
});

describe('cli v8-predict', () => {
  it('names the engine model and predicts Chromium 156 and Node 20 exactly', () => {
    const chrome = chromium[2]!;
    expect(
      runCliJson(
        'v8-predict',
        '--outputs-file',
        file('chrome.json', JSON.stringify(chrome.observed)),
        '--next',
        '60',
      ),
    ).toEqual({ model: 'v8-sum', order: 'step-order', next: chrome.next });
    const node = node20[3]!;
    expect(
      runCliJson(
        'v8-predict',
        '--outputs-file',
        file('node.txt', node.observed.join('\n')),
        '--next',
        '60',
      ),
    ).toEqual({ model: 'v8-legacy', order: 'caches-backwards', next: node.next });
  });
});

describe('cli boot-seed-search', () => {
  it('finds the fallback seeds real CPython used: int(time.time() * 256), and time + pid + monotonic', () => {
    const old = boot.time_256[0]!;
    expect(
      runCliJson(
        'boot-seed-search',
        '--model',
        'time-256',
        '--from-seed',
        String(old.seed - 3000),
        '--to-seed',
        String(old.seed + 3000),
        '--token',
        old.token_getrandbits128_hex,
      ),
    ).toEqual({ found: { key: seedWords(old.seed), seed: old.seed }, tried: 3001 });
    const today = boot.time_pid[2]!;
    const wall = BigInt(today.wall_ns);
    const bootNs = wall - BigInt(today.monotonic_ns);
    const result = runCliJson<{
      found: { key: number[]; pid: number; wallNs: string; monotonicNs: string };
    }>(
      'boot-seed-search',
      '--model',
      'time-pid',
      '--pid-from',
      String(today.pid),
      '--pid-to',
      String(today.pid),
      '--wall-from',
      String(wall - 40n),
      '--wall-to',
      String(wall + 40n),
      '--boot-from',
      String(bootNs - 30n),
      '--boot-to',
      String(bootNs + 30n),
      '--token',
      today.token_getrandbits128_hex,
    );
    expect(result.found).toEqual({
      key: today.key,
      pid: today.pid,
      wallNs: today.wall_ns,
      monotonicNs: today.monotonic_ns,
    });
    const plain = runCli(
      'boot-seed-search',
      '--model',
      'time-256',
      '--from-seed',
      '1',
      '--to-seed',
      '100',
      '--token',
      old.token_getrandbits128_hex,
    );
    expect(plain.stdout.trim()).toBe('no key in the space makes this token (100 tried)');
    expect(plain.code).toBe(0);
  });
});

describe('cli errors', () => {
  it('reports bad input on stderr with a non-zero exit and no stack trace', () => {
    const short = file('short.txt', '1 2 3');
    const bad = file('bad.txt', '1, 2, banana');
    const doubles = file('doubles.txt', '0.5 1.5');
    for (const [args, message, exit] of [
      [['mt-clone', '--outputs-file', short], /needs 624 consecutive outputs; there are 3/, 1],
      [['mt-clone', '--outputs-file', bad], /Value 3 \(“banana”\) is not a whole number/, 1],
      [['mt-clone', '--outputs-file', '/no/such/file'], /No such file/, 1],
      [['mt-clone'], /Give --outputs-file/, 2],
      [['mt-clone', '--outputs-file', short, '--choice-count', '5'], /together/, 2],
      [
        [
          'mt-seed-search',
          '--from',
          '5',
          '--to',
          '1',
          '--alphabet',
          'ab',
          '--length',
          '1',
          '--key',
          'a',
        ],
        /must not be before/,
        1,
      ],
      [['mt-seed-search', '--from', '5'], /Give --to, --alphabet, --length, --key/, 2],
      [
        [
          'mt-seed-search',
          '--from',
          '0',
          '--to',
          '9',
          '--alphabet',
          'ab',
          '--length',
          '3',
          '--key',
          'ab',
        ],
        /The key has 2 characters, not 3/,
        1,
      ],
      [
        ['v8-predict', '--outputs-file', doubles, '--next', '3'],
        /Value 2 \(“1.5”\) is not in \[0, 1\)/,
        1,
      ],
      [
        ['v8-predict', '--outputs-file', file('few.txt', '0.5 0.25'), '--next', '3'],
        /give more consecutive values/,
        1,
      ],
      [
        ['v8-predict', '--outputs-file', doubles, '--next', 'lots'],
        /--next must be a whole number/,
        2,
      ],
      [
        [
          'boot-seed-search',
          '--model',
          'time-256',
          '--from-seed',
          '1',
          '--to-seed',
          '2',
          '--token',
          'abc',
        ],
        /The token must be 32 hex digits/,
        1,
      ],
      [
        ['boot-seed-search', '--model', 'time-pid', '--token', '0'.repeat(32)],
        /The first pid must be a whole number/,
        1,
      ],
      [['boot-seed-search', '--model', 'time-256'], /Give --token/, 2],
    ] as const) {
      const { code, stdout, stderr } = runCli(...args, '--json');
      expect(stderr, args.join(' ')).toMatch(message);
      expect(code, args.join(' ')).toBe(exit);
      expect(stdout).toBe('');
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
