/**
 * `challenge list | make | ask | check`: instructor grading without a server. The instructor keeps a
 * seed per student; `make` prints the public part to hand out, `ask` answers a student's requests
 * to the instance's server (the timing challenges' timings) from the seed, and `check` re-makes the
 * secret from the seed and judges the answer the student handed in. `check` exits 0 whether or not
 * it is solved; bad input exits 1, bad usage 2, as every command does.
 */
import { tryBytesToUtf8 } from '../core/bytes';
import {
  ChallengeSession,
  MAX_ANSWER_CHARS,
  type AskAnswer,
  type ChallengeRunners,
  checkAnswerWith,
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
import { formatNumber } from '../core/number-format';

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

/** A file's text, refusing what cannot be within `maxChars` before decoding it. */
async function readTextFile(
  path: string,
  maxChars: number,
  what: 'answer' | 'request',
): Promise<Result<string>> {
  const bytes = await readWholeFile(path);
  if (!bytes.ok) return bytes;
  // UTF-8 takes at most 4 bytes a character: a bigger file cannot be within the limit.
  if (bytes.value.length > maxChars * 4)
    return fail(
      `${what}/too-long`,
      `${path} is ${formatNumber(bytes.value.length)} bytes; ${what}s are at most ${formatNumber(maxChars)} characters.`,
    );
  const text = tryBytesToUtf8(bytes.value);
  if (!text.ok) return fail(text.error.code, `${path}: ${text.error.message}`);
  return ok(text.value.replace(/^\uFEFF/, ''));
}

/**
 * The CLI's runners for answers that must be run to be judged, loaded only when such an answer is
 * checked. Learner code runs in the isolated child, never in this process.
 */
async function cliRunners(values: OptionValues): Promise<ChallengeRunners> {
  const { isolatedBatteryRunner } = await import('../labs/code/challenge-runner');
  return {
    'code-battery': isolatedBatteryRunner({ allowNetwork: values['allow-network'] === true }),
  };
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
      ...(c.ask
        ? [`Requests (challenge ask): ${c.ask.requestShape}`, `Responses: ${c.ask.responseShape}`]
        : []),
      `Answer: ${c.answerShape}`,
      ...(c.run ? [`Judged by running it: ${c.run.what}`] : []),
      '',
      'Public part (hand this to the student):',
      JSON.stringify(pub, null, 2),
      '',
      "Or a link: the app's address followed by",
      `#/challenges/${c.id}?instance=${encodeInstanceParam(pub)}`,
    ].join('\n');
  },
};

/** A transcript may hold many requests; each is still at most an answer's size. */
const MAX_TRANSCRIPT_CHARS = 40 * MAX_ANSWER_CHARS;

export const challengeAskCommand: CliCommand = {
  name: 'challenge ask',
  summary:
    'Answers requests to the instance’s server (a timing challenge’s timings) from the seed: the same requests get the same responses.',
  usage: [
    '--id ID --seed SEED --request-file FILE [--json]',
    '',
    'FILE holds one request (a JSON object, `challenge make` shows its shape) or a transcript: a JSON list of requests, answered in order by one server, so the budget counts over the whole list. A response depends only on the seed and the requests before it: append requests to a transcript and the earlier responses stay the same. With --json: {"response", "used", "left"} for one request, a list of them for a transcript.',
  ].join('\n'),
  options: {
    id: { type: 'string' },
    seed: { type: 'string' },
    'request-file': { type: 'string' },
  },
  async run(values) {
    const chosen = challengeAndSeed(values);
    if (!chosen.ok) return chosen;
    const path = stringOption(values, 'request-file');
    if (path === undefined)
      return fail(
        'usage/missing-request',
        'Give --request-file: a JSON request, or a list of them (`challenge make` shows the shape).',
      );
    const { challenge, seed } = chosen.value;
    if (!challenge.ask)
      return fail(
        'challenge/no-requests',
        `${challenge.id} takes answers only: there is nothing to ask its server (\`challenge check\` judges an answer).`,
      );
    const text = await readTextFile(path, MAX_TRANSCRIPT_CHARS, 'request');
    if (!text.ok) return text;
    let value: unknown;
    try {
      value = JSON.parse(text.value);
    } catch (error) {
      return fail(
        'request/json',
        `${path}: not valid JSON (${(error as Error).message}). It should hold one request object, or a list of them.`,
      );
    }
    const session = new ChallengeSession(challenge, makeInstance(challenge, seed), seed);
    const requests = Array.isArray(value) ? value : [value];
    if (requests.length === 0)
      return fail('request/empty', `${path}: the list of requests is empty.`);
    const answers: AskAnswer[] = [];
    for (const [i, request] of requests.entries()) {
      if (typeof request !== 'object' || request === null || Array.isArray(request))
        return fail(
          'request/not-object',
          `${path}: ${Array.isArray(value) ? `request ${i + 1}` : 'the request'} must be a JSON object ({…}).`,
        );
      const answer = session.ask(request as Record<string, unknown>);
      if (!answer.ok)
        return fail(
          answer.error.code,
          `${path}: ${Array.isArray(value) ? `request ${i + 1}: ` : ''}${answer.error.message}`,
        );
      answers.push(answer.value);
    }
    return ok(Array.isArray(value) ? answers : answers[0]);
  },
  format(value) {
    const answers = (Array.isArray(value) ? value : [value]) as AskAnswer[];
    return answers
      .map((answer, i) => {
        const { times } = answer.response as {
          times?: { guess: string; ns: number[]; accepted: boolean }[];
        };
        const head = `${answers.length > 1 ? `Request ${i + 1}: ` : ''}${formatNumber(answer.used)} requests used${answer.left === null ? '' : `, ${formatNumber(answer.left)} left`}.`;
        if (!times) return `${head}\n${JSON.stringify(answer.response, null, 2)}`;
        const lines = times.map(({ guess, ns, accepted }) => {
          const sorted = ns.slice().sort((a, b) => a - b);
          const median = sorted[sorted.length >> 1]!;
          const shown = guess === '' ? '(empty)' : guess;
          return `${shown.padEnd(20)} ${ns.length === 1 ? `${formatNumber(ns[0]!)} ns` : `median ${formatNumber(median)} ns of ${ns.length}`}${accepted ? '  accepted' : ''}`;
        });
        return [head, ...lines].join('\n');
      })
      .join('\n\n');
  },
};

export const challengeCheckCommand: CliCommand = {
  name: 'challenge check',
  summary: 'Judges an answer file against the instance made from the seed; exits 0 either way.',
  usage: [
    '--id ID --seed SEED --answer-file FILE [--allow-network] [--json]',
    '',
    'An answer that is code (code/every-attack-fails) runs in the isolated child, as `code-attack --file` does (see its help for the confinement and --allow-network), and the attack battery judges it from this process.',
  ].join('\n'),
  options: {
    id: { type: 'string' },
    seed: { type: 'string' },
    'answer-file': { type: 'string' },
    'allow-network': { type: 'boolean' },
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
    const text = await readTextFile(path, MAX_ANSWER_CHARS, 'answer');
    if (!text.ok) return text;
    const { challenge, seed } = chosen.value;
    const runners = challenge.run ? await cliRunners(values) : {};
    const verdict = await checkAnswerWith(
      challenge,
      makeInstance(challenge, seed),
      text.value,
      runners,
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
  challengeAskCommand,
  challengeCheckCommand,
];
