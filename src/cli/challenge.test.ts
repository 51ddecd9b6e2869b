import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeInstanceParam, makeInstance, solveInstance } from '../core/challenge';
import { CHALLENGES } from '../labs/challenges';
import { unknownLength } from '../labs/length-extension/core/challenges';
import { nextResetKey } from '../labs/randomness/core/challenges';

/** Runs the real CLI as a user would (`npm run -s cli -- …` runs exactly this). */
function runCli(...args: string[]) {
  const result = spawnSync(process.execPath, ['scripts/cli.mjs', ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'challenge-cli-'));
function answerFile(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('cli challenge', () => {
  it('lists every challenge as id, lab, level and title', () => {
    const { code, stdout, stderr } = runCli('challenge', 'list', '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(
      CHALLENGES.map(({ id, lab, level, title }) => ({ id, lab, level, title })),
    );
  });

  it('makes the same public part for the same seed, and only the public part', () => {
    const args = [
      'challenge',
      'make',
      '--id',
      'length-extension/unknown-length',
      '--seed',
      'alice',
    ];
    const first = runCli(...args, '--json');
    expect(first.code).toBe(0);
    expect(runCli(...args, '--json').stdout).toBe(first.stdout);
    const made = JSON.parse(first.stdout);
    const instance = makeInstance(unknownLength, 'alice');
    expect(made).toEqual({ id: 'length-extension/unknown-length', public: instance.public });
    const { key } = instance.secret as { key: string };
    expect(first.stdout).not.toContain(key);
    // The tag really is MD5(secret ‖ message), by node:crypto.
    const tag = createHash('md5')
      .update(Buffer.concat([Buffer.from(key, 'hex'), Buffer.from(made.public.message)]))
      .digest('hex');
    expect(made.public.tag).toBe(tag);
    const human = runCli(...args);
    expect(human.stdout).toMatch(
      /Public part \(hand this to the student\):\n\{\n {2}"algorithm": "md5"/,
    );
    expect(human.stdout).toMatch(/Budget: 64 requests/);
    // The link that opens this instance in the app: its public part, as base64url JSON.
    expect(human.stdout).toContain(
      `#/challenges/length-extension/unknown-length?instance=${encodeInstanceParam(instance.public)}`,
    );
  });

  it('checks answers: solved and not solved both exit 0, with the reason', () => {
    const instance = makeInstance(nextResetKey, 'bob');
    const right = solveInstance(nextResetKey, instance) as { key: string };
    const solved = runCli(
      'challenge',
      'check',
      '--id',
      'randomness/next-reset-key',
      '--seed',
      'bob',
      '--answer-file',
      answerFile('right.json', JSON.stringify(right)),
      '--json',
    );
    expect(solved.stderr).toBe('');
    expect(solved.code).toBe(0);
    expect(JSON.parse(solved.stdout)).toEqual({ solved: true, reason: expect.any(String) });
    // Another student's seed makes another instance: the same answer fails there.
    const other = runCli(
      'challenge',
      'check',
      '--id',
      'randomness/next-reset-key',
      '--seed',
      'carol',
      '--answer-file',
      answerFile('right.json', JSON.stringify(right)),
    );
    expect(other.code).toBe(0);
    expect(other.stdout).toMatch(/^Not solved: /);
  });

  it('reports bad input on stderr with exit 1, bad usage with exit 2, never a stack trace', () => {
    const good = answerFile('good.json', '{"key": "abc"}');
    const id = ['--id', 'randomness/next-reset-key', '--seed', 's'];
    for (const [args, message, exit] of [
      [['challenge', 'check', ...id, '--answer-file', '/no/such/file'], /No such file/, 1],
      [
        ['challenge', 'check', ...id, '--answer-file', answerFile('bad.json', '{"key": ')],
        /not valid JSON/,
        1,
      ],
      [
        ['challenge', 'check', ...id, '--answer-file', answerFile('num.json', '{"key": 7}')],
        /key: must be a string/,
        1,
      ],
      [
        [
          'challenge',
          'check',
          ...id,
          '--answer-file',
          answerFile('big.json', Buffer.alloc(1_000_000, 0x61)),
        ],
        /answers are at most 100,000 characters/,
        1,
      ],
      [
        ['challenge', 'check', '--id', 'nope/nope', '--seed', 's', '--answer-file', good],
        /There is no challenge "nope\/nope"/,
        1,
      ],
      [
        ['challenge', 'make', '--id', 'randomness/next-reset-key', '--seed', ''],
        /--seed: The seed is empty/,
        1,
      ],
      [
        ['challenge', 'check', '--id', 'randomness/next-reset-key', '--answer-file', good],
        /Give --seed/,
        2,
      ],
      [['challenge', 'make', '--seed', 's'], /Give --id/, 2],
      [['challenge', 'frob'], /"challenge" needs one of list, make, check \(not "frob"\)/, 2],
      [['challenge', 'list', '--nope'], /Unknown option '--nope'/, 2],
    ] as const) {
      const { code, stdout, stderr } = runCli(...args);
      expect(stderr, args.join(' ')).toMatch(message);
      expect(code, args.join(' ')).toBe(exit);
      expect(stdout).toBe('');
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });
});
