import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ChallengeSession,
  encodeInstanceParam,
  makeInstance,
  solveInstance,
} from '../core/challenge';
import { CHALLENGES } from '../labs/challenges';
import { everyAttackFails } from '../labs/code/core/challenges';
import { PRESETS } from '../labs/code/core/presets';
import { unknownLength } from '../labs/length-extension/core/challenges';
import { nextResetKey } from '../labs/randomness/core/challenges';
import { byHand, type TimingSecret } from '../labs/timing/core/challenges';

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

  for (const challenge of CHALLENGES.filter((c) => !c.run))
    it(`${challenge.id}: make → solve → check round-trips through the CLI`, () => {
      const seed = `round-trip/${challenge.id}`;
      const made = runCli('challenge', 'make', '--id', challenge.id, '--seed', seed, '--json');
      expect(made.code).toBe(0);
      const instance = makeInstance(challenge, seed);
      expect(JSON.parse(made.stdout)).toEqual({ id: challenge.id, public: instance.public });
      const answer = solveInstance(challenge, instance, seed);
      const file = answerFile(`${challenge.id.replace('/', '-')}.json`, JSON.stringify(answer));
      const args = ['challenge', 'check', '--id', challenge.id, '--answer-file', file, '--json'];
      const checked = runCli(...args, '--seed', seed);
      expect(checked.stderr).toBe('');
      expect(JSON.parse(checked.stdout)).toMatchObject({ solved: true });
    });

  it('code/every-attack-fails: runs the module in the isolated child and judges the battery', () => {
    const id = ['--id', 'code/every-attack-fails', '--seed', 'frank'];
    const made = JSON.parse(runCli('challenge', 'make', ...id, '--json').stdout);
    expect(made.public.attacks.map((a: { id: string }) => a.id)).toContain('timing');
    const check = (name: string, answer: object) =>
      runCli(
        'challenge',
        'check',
        ...id,
        '--answer-file',
        answerFile(name, JSON.stringify(answer)),
      );
    const solution = solveInstance(everyAttackFails, makeInstance(everyAttackFails, 'frank'));
    const hmac = check('hmac.json', solution as object);
    expect(hmac.stderr).toBe('');
    expect(hmac.stdout).toMatch(/^Solved: Every attack failed against your module/);
    const md5 = check('md5.json', { code: PRESETS.md5.code });
    expect(md5.code).toBe(0);
    expect(md5.stdout).toMatch(
      /^Not solved: 2 attacks get through: length extension and keys per use\./,
    );
    const broken = check('broken.json', { code: 'export function sign(\n' });
    expect(broken.stdout).toMatch(
      /^Not solved: The module does not load, so no attack could be tried: .*line 2/,
    );
    // The module ran in the child: what it tries there does not reach the CLI's process.
    const marker = join(dir, 'written-by-the-module');
    const writer = check('writer.json', {
      code: `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'x');\n${PRESETS.hmac.code}`,
    });
    expect(writer.stdout).toMatch(/^Not solved: The module does not load/);
    expect(existsSync(marker)).toBe(false);
  }, 180_000);

  it('ask: answers a request and a transcript from the seed, the same every time', () => {
    const id = ['--id', 'timing/by-hand', '--seed', 'dora'];
    const one = answerFile('one.json', '{"guesses": ["0000", "00"], "repeat": 3}');
    const first = runCli('challenge', 'ask', ...id, '--request-file', one, '--json');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(runCli('challenge', 'ask', ...id, '--request-file', one, '--json').stdout).toBe(
      first.stdout,
    );
    const asked = JSON.parse(first.stdout);
    // The same as a session in this process: the CLI adds nothing of its own.
    const session = new ChallengeSession(byHand, makeInstance(byHand, 'dora'), 'dora');
    const here = session.ask({ guesses: ['0000', '00'], repeat: 3 });
    expect(here.ok && here.value).toEqual(asked);
    expect(asked).toMatchObject({ used: 6, left: 994 });
    expect(asked.response.times[0].ns).toHaveLength(3);
    // A transcript: one server, the budget over the whole list, earlier answers unchanged.
    const transcript = answerFile(
      'transcript.json',
      JSON.stringify([{ guesses: ['0000', '00'], repeat: 3 }, { guess: '0100' }]),
    );
    const both = JSON.parse(
      runCli('challenge', 'ask', ...id, '--request-file', transcript, '--json').stdout,
    );
    expect(both[0]).toEqual(asked);
    expect(both[1]).toMatchObject({ used: 7, left: 993 });
    const human = runCli('challenge', 'ask', ...id, '--request-file', transcript);
    expect(human.stdout).toMatch(
      /^Request 1: 6 requests used, 994 left\.\n0000 +median [\d,]+ ns of 3/,
    );
    // The tag found from the CLI's timings is the seed's.
    const { tag } = makeInstance(byHand, 'dora').secret as TimingSecret;
    const all = Array.from({ length: 256 }, (_, c) => c.toString(16).padStart(2, '0') + '00');
    const batch = JSON.parse(
      runCli(
        'challenge',
        'ask',
        ...id,
        '--request-file',
        answerFile('batch.json', JSON.stringify({ guesses: all })),
        '--json',
      ).stdout,
    ).response.times as { guess: string; ns: number[] }[];
    const slowest = batch.reduce((a, b) => (b.ns[0]! > a.ns[0]! ? b : a));
    expect(slowest.guess.slice(0, 2)).toBe(tag.slice(0, 2));
  });

  it('ask: refuses what the budget cannot pay for, bad requests, and challenges without requests', () => {
    const id = ['--id', 'timing/by-hand', '--seed', 'erin'];
    for (const [args, message] of [
      [
        [
          ...id,
          '--request-file',
          answerFile(
            'over.json',
            '[{"guess": "00", "repeat": 600}, {"guess": "00", "repeat": 600}]',
          ),
        ],
        /over\.json: request 2: This costs 600 requests, and only 400 of the 1,000 are left/,
      ],
      [
        [...id, '--request-file', answerFile('hex.json', '{"guess": "0g"}')],
        /hex\.json: guess: "g" is not a hex digit/,
      ],
      [[...id, '--request-file', answerFile('nojson.json', '{"guess": ')], /not valid JSON/],
      [[...id, '--request-file', answerFile('empty.json', '[]')], /the list of requests is empty/],
      [
        [...id, '--request-file', answerFile('arr.json', '[[1]]')],
        /request 1 must be a JSON object/,
      ],
      [
        [
          '--id',
          'randomness/next-reset-key',
          '--seed',
          's',
          '--request-file',
          answerFile('x.json', '{}'),
        ],
        /takes answers only/,
      ],
    ] as const) {
      const { code, stdout, stderr } = runCli('challenge', 'ask', ...args);
      expect(stderr).toMatch(message);
      expect(code).toBe(1);
      expect(stdout).toBe('');
    }
    const usage = runCli('challenge', 'ask', ...id);
    expect(usage.stderr).toMatch(/Give --request-file/);
    expect(usage.code).toBe(2);
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
      [['challenge', 'frob'], /"challenge" needs one of list, make, ask, check \(not "frob"\)/, 2],
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
