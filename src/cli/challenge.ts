/**
 * `challenge list | make | check`: instructor grading without a server. The instructor keeps a seed
 * per student; `make` prints the public part to hand out, and `check` re-makes the secret from the
 * seed and judges the answer the student handed in. `check` exits 0 whether or not it is solved;
 * bad input exits 1, bad usage 2, as every command does.
 */
import { tryBytesToUtf8 } from '../core/bytes';
import {
  MAX_ANSWER_CHARS,
  checkAnswer,
  encodeInstanceParam,
  findChallenge,
  makeInstance,
  parseSeed,
  type Challenge,
  type Verdict,
} from '../core/challenge';
import { fail, ok, type Result } from '../core/result';
import { CHALLENGES } from '../labs/challenges';
import { stringOption, type CliCommand, type OptionValues } from './command';
import { readWholeFile } from './read-file';

function challengeAndSeed(values: OptionValues): Result<{ challenge: Challenge; seed: string }> {
  const id = stringOption(values, 'id');
  if (id === undefined)
    return fail('usage/missing-id', 'Give --id (`challenge list` prints the ids).');
  const seedText = stringOption(values, 'seed');
  if (seedText === undefined)
    return fail(
      'usage/missing-seed',
      'Give --seed: any text you keep (one per student), from which the instance is made again when you check.',
    );
  const challenge = findChallenge(CHALLENGES, id);
  if (!challenge.ok) return challenge;
  const seed = parseSeed(seedText);
  if (!seed.ok) return fail(seed.error.code, `--seed: ${seed.error.message}`);
  return ok({ challenge: challenge.value, seed: seed.value });
}

export const challengeListCommand: CliCommand = {
  name: 'challenge list',
  summary: 'The challenges: id, lab, level and title.',
  usage: '[--json]',
  options: {},
  run: async () => ok(CHALLENGES.map(({ id, lab, level, title }) => ({ id, lab, level, title }))),
  format: (value) =>
    (value as { id: string; level: number; title: string }[])
      .map((c) => `${c.id.padEnd(36)} level ${c.level}  ${c.title}`)
      .join('\n'),
};

export const challengeMakeCommand: CliCommand = {
  name: 'challenge make',
  summary:
    'Makes the instance of a challenge for a seed and prints its public part (deterministic).',
  usage: '--id ID --seed SEED [--json]',
  options: { id: { type: 'string' }, seed: { type: 'string' } },
  async run(values) {
    const chosen = challengeAndSeed(values);
    if (!chosen.ok) return chosen;
    const { challenge, seed } = chosen.value;
    return ok({ id: challenge.id, public: makeInstance(challenge, seed).public });
  },
  format(value) {
    const { id, public: pub } = value as { id: string; public: unknown };
    const c = CHALLENGES.find((x) => x.id === id)!;
    return [
      `${c.title} (${c.id}, level ${c.level})`,
      '',
      c.brief,
      '',
      `Goal: ${c.goal}`,
      ...(c.budget ? [`Budget: ${c.budget.requests} requests. ${c.budget.what}`] : []),
      `Answer: ${c.answerShape}`,
      '',
      'Public part (hand this to the student):',
      JSON.stringify(pub, null, 2),
      '',
      "Or a link: the app's address followed by",
      `#/challenges/${c.id}?instance=${encodeInstanceParam(pub)}`,
    ].join('\n');
  },
};

export const challengeCheckCommand: CliCommand = {
  name: 'challenge check',
  summary: 'Judges an answer file against the instance made from the seed; exits 0 either way.',
  usage: '--id ID --seed SEED --answer-file FILE [--json]',
  options: {
    id: { type: 'string' },
    seed: { type: 'string' },
    'answer-file': { type: 'string' },
  },
  async run(values) {
    const chosen = challengeAndSeed(values);
    if (!chosen.ok) return chosen;
    const path = stringOption(values, 'answer-file');
    if (path === undefined)
      return fail(
        'usage/missing-answer',
        'Give --answer-file: the JSON answer the student handed in.',
      );
    const bytes = await readWholeFile(path);
    if (!bytes.ok) return bytes;
    // UTF-8 takes at most 4 bytes a character: a bigger file cannot be within the answer limit.
    if (bytes.value.length > MAX_ANSWER_CHARS * 4)
      return fail(
        'answer/too-long',
        `${path} is ${bytes.value.length.toLocaleString('en')} bytes; answers are at most ${MAX_ANSWER_CHARS.toLocaleString('en')} characters.`,
      );
    const text = tryBytesToUtf8(bytes.value);
    if (!text.ok) return fail(text.error.code, `${path}: ${text.error.message}`);
    const { challenge, seed } = chosen.value;
    const verdict = checkAnswer(
      challenge,
      makeInstance(challenge, seed),
      text.value.replace(/^\uFEFF/, ''),
    );
    if (!verdict.ok) return fail(verdict.error.code, `${path}: ${verdict.error.message}`);
    return ok(verdict.value);
  },
  format: (value) => {
    const { solved, reason } = value as Verdict;
    return `${solved ? 'Solved' : 'Not solved'}: ${reason}`;
  },
};

export const challengeCommands = [
  challengeListCommand,
  challengeMakeCommand,
  challengeCheckCommand,
];
