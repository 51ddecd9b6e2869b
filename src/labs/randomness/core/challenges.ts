/**
 * The randomness challenges: a Python web shop draws everything from `random` (MT19937). Order
 * numbers are `getrandbits(32)`; keys are `''.join(random.choice(alphabet) for _ in range(N))`,
 * where choice is `seq[_randbelow(len(seq))]` and _randbelow draws getrandbits(k), k =
 * len(seq).bit_length(), until the draw is below len(seq) (Lib/random.py 3.11). The learner
 * predicts a key from the order numbers, recovers one made before them, or finds a time seed.
 */
import {
  defineChallenge,
  type AnswerField,
  onlyFields,
  stringField,
  type Challenge,
  type ChallengeRng,
  type Verdict,
} from '../../../core/challenge';
import { ok, type Result } from '../../../core/result';
import { MAX_KEY_LENGTH } from './key-format';
import { MT_N } from './mt19937';
import { cloneFromOutputs, keyEndingAt, predictAfter, recoverEarlierOutputs } from './mt-clone';
import { PythonRandom } from './python-random';
import { searchSeeds } from './seed-search';

const ALPHABETS = [
  'ABCDEFGHJKLMNPQRSTUVWXYZ23456789',
  'abcdefghijklmnopqrstuvwxyz0123456789',
  'abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)',
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
] as const;

/** The public part of next-reset-key and earlier-admin-key (issue 14's format). */
export interface OrdersPublic {
  /** Consecutive getrandbits(32) outputs: the order numbers the shop handed out. */
  outputs: number[];
  alphabet: string;
  /** The length of the key to find. */
  length: number;
}

export interface KeySecret {
  key: string;
}

export interface KeyAnswer {
  key: string;
}

export interface TimeSeedPublic {
  alphabet: string;
  length: number;
  /** The reset key the shop made for you, right after it seeded itself. */
  yourKey: string;
  /** The shop restarted at some Unix time in this window (inclusive), and seeded with it. */
  window: { from: number; to: number };
}

export interface TimeSeedSecret {
  seed: number;
  key: string;
}

const KEY_FIELDS: readonly AnswerField[] = [{ name: 'key', label: 'Key', kind: 'text' }];

function parseKeyAnswer(answer: Record<string, unknown>): Result<KeyAnswer> {
  const fields = onlyFields(answer, ['key']);
  if (!fields.ok) return fields;
  const key = stringField(answer, 'key', MAX_KEY_LENGTH);
  if (!key.ok) return key;
  return ok({ key: key.value });
}

/** What is wrong with a key's shape, before comparing it: its length or a symbol not in the alphabet. */
function shapeProblem(key: string, alphabet: string, length: number): string | null {
  const chars = Array.from(key);
  if (chars.length !== length)
    return `The shop's keys have ${length} characters; this one has ${chars.length}.`;
  const symbols = Array.from(alphabet);
  const at = chars.findIndex((c) => !symbols.includes(c));
  if (at >= 0)
    return `Character ${at + 1} (“${chars[at]}”) is not in the alphabet, so random.choice could not have made it.`;
  return null;
}

/** The victim's generator as `random.seed()` leaves it: init_by_array over 624 words of entropy. */
function freshVictim(rng: ChallengeRng): PythonRandom {
  return PythonRandom.fromSeedWords(Array.from({ length: MT_N }, () => rng.uint32()));
}

function makeOrders(rng: ChallengeRng) {
  const victim = freshVictim(rng);
  const alphabet = rng.pick(ALPHABETS);
  const adminKey = victim.choiceString(alphabet, rng.between(20, 32));
  const outputs = Array.from({ length: MT_N + rng.below(48) }, () => victim.nextUint32());
  const resetLength = rng.between(12, 20);
  return { victim, alphabet, adminKey, outputs, resetLength };
}

/** What the order numbers predict comes next (null if they are not one generator's outputs). */
function predictKey(outputs: readonly number[], alphabet: string, length: number): string | null {
  const clone = cloneFromOutputs(outputs);
  return clone.ok ? predictAfter(clone.value, { next: 0, alphabet, length }).key : null;
}

const SHOP =
  'A Python web shop draws everything from the random module: order numbers with random.getrandbits(32), keys with "".join(random.choice(alphabet) for _ in range(N)). It seeded itself from the operating system at start-up, so the seed cannot be guessed.';

export const nextResetKey = defineChallenge<OrdersPublic, KeySecret, KeyAnswer>({
  id: 'randomness/next-reset-key',
  lab: 'randomness',
  level: 1,
  title: 'Predict the next password-reset key',
  brief: `${SHOP} You placed orders and collected every order number it handed out, in order. Right after the last one, it made a password-reset key for the admin.`,
  goal: 'Hand in the reset key the shop made right after your order numbers.',
  hints: [
    'Each getrandbits(32) output is one of the 624 words of MT19937’s state, put through an invertible "tempering" step.',
    'Untemper 624 consecutive outputs to get a full state; from there, twisting and tempering reproduce every later output. If you have more than 624, keep going until your clone has produced all of them.',
    'Then run choice exactly as CPython does: k = len(alphabet).bit_length(), draw getrandbits(k) (the top k bits of one output) and reject draws ≥ len(alphabet). The lab’s clone tool and `security-playground mt-clone` do all of this.',
  ],
  answerShape: '{ "key": "…" }',
  fields: KEY_FIELDS,
  make(rng) {
    const { victim, alphabet, outputs, resetLength } = makeOrders(rng);
    return {
      public: { outputs, alphabet, length: resetLength },
      secret: { key: victim.choiceString(alphabet, resetLength) },
    };
  },
  parseAnswer: parseKeyAnswer,
  check(pub, secret, { key }): Verdict {
    if (key === secret.key)
      return {
        solved: true,
        reason:
          'That is the admin’s reset key, predicted from order numbers alone: 624 outputs of MT19937 are its whole state.',
      };
    const shape = shapeProblem(key, pub.alphabet, pub.length);
    if (shape) return { solved: false, reason: shape };
    if (
      pub.outputs.length > MT_N &&
      key === predictKey(pub.outputs.slice(0, MT_N), pub.alphabet, pub.length)
    )
      return {
        solved: false,
        reason: `That is the key that would have come right after order number ${MT_N}, but the shop handed out ${pub.outputs.length} before it made the reset key. Run your clone past all of them first.`,
      };
    return {
      solved: false,
      reason:
        'That is not the key the shop made next. Check that your clone reproduces every order number you were given, and that each letter comes from CPython’s choice (rejection sampling on the top k bits).',
    };
  },
  solve: (pub) => ({ key: predictKey(pub.outputs, pub.alphabet, pub.length) ?? '' }),
});

export const earlierAdminKey = defineChallenge<OrdersPublic, KeySecret, KeyAnswer>({
  id: 'randomness/earlier-admin-key',
  lab: 'randomness',
  level: 2,
  title: 'Recover the admin key made before your orders',
  brief: `${SHOP} At start-up, before any order, it made the admin’s API key with that line. Then it handed out the order numbers you collected.`,
  goal: 'Hand in the admin key the shop made before your first order number.',
  hints: [
    'Cloning from 624 outputs gives the state; the twist that made those words from earlier ones can be run backwards too.',
    'The twist says x[n+624] = x[n+397] ^ A((x[n] & 0x80000000) | (x[n+1] & 0x7fffffff)). A reveals whether its input was odd, so each equation gives back the top bit of x[n] and the low 31 bits of x[n+1].',
    'Recover a few dozen outputs before the first order number, then walk backwards from the last of them: every output whose top k bits are below len(alphabet) was a letter of the key (rejected draws are simply skipped).',
  ],
  answerShape: '{ "key": "…" }',
  fields: KEY_FIELDS,
  make(rng) {
    const { alphabet, adminKey, outputs } = makeOrders(rng);
    return {
      public: { outputs, alphabet, length: Array.from(adminKey).length },
      secret: { key: adminKey },
    };
  },
  parseAnswer: parseKeyAnswer,
  check(pub, secret, { key }): Verdict {
    if (key === secret.key)
      return {
        solved: true,
        reason:
          'That is the admin key: the twist runs backwards as well as forwards, so outputs reveal what came before them too.',
      };
    const shape = shapeProblem(key, pub.alphabet, pub.length);
    if (shape) return { solved: false, reason: shape };
    if (key === predictKey(pub.outputs, pub.alphabet, pub.length))
      return {
        solved: false,
        reason:
          'That is the key the generator makes after your order numbers. The admin key was made before the first of them: run the generator backwards.',
      };
    return {
      solved: false,
      reason:
        'That is not the admin key. Check the recovered earlier outputs by twisting them forwards again: they must reproduce your order numbers.',
    };
  },
  solve(pub) {
    // A choice draw is accepted with probability at least 1/2, so 4x the length always suffices here.
    const earlier = recoverEarlierOutputs(pub.outputs, Math.max(16, pub.length * 4));
    return { key: keyEndingAt(earlier, pub.alphabet, pub.length) ?? '' };
  },
});

/** 2024-01-01 and 2026-01-01, 00:00 UTC: the day the shop restarted falls between. */
const FIRST_DAY = 1704067200;
const DAYS = 731;
const DAY = 86400;

export const timeSeeded = defineChallenge<TimeSeedPublic, TimeSeedSecret, KeyAnswer>({
  id: 'randomness/time-seeded',
  lab: 'randomness',
  level: 3,
  title: 'A key from random.seed(int(time.time()))',
  brief:
    'This shop calls random.seed(int(time.time())) when it starts, "to make the keys unpredictable". You know the day it restarted (the window below, in Unix seconds). Right after starting, it made a password-reset key for you, then one for the admin, both with "".join(random.choice(alphabet) for _ in range(N)).',
  goal: 'Hand in the admin’s reset key.',
  hints: [
    'A day has only 86,400 seconds: the seed is one of them.',
    'For each t in the window, seed CPython’s generator with t and make a key: the t whose key is yours is the seed. The lab’s seed search and `security-playground mt-seed-search` do this quickly.',
    'Seeded with t, the generator makes your key and then, continuing, the admin’s.',
  ],
  answerShape: '{ "key": "…" }',
  fields: KEY_FIELDS,
  make(rng) {
    const from = FIRST_DAY + rng.below(DAYS) * DAY;
    // Strictly inside the window, so the seed is not printed as one of its ends.
    const seed = from + 1 + rng.below(DAY - 2);
    const alphabet = rng.pick(ALPHABETS);
    const length = rng.between(12, 20);
    const victim = new PythonRandom(seed);
    const yourKey = victim.choiceString(alphabet, length);
    return {
      public: { alphabet, length, yourKey, window: { from, to: from + DAY - 1 } },
      secret: { seed, key: victim.choiceString(alphabet, length) },
    };
  },
  parseAnswer: parseKeyAnswer,
  check(pub, secret, { key }): Verdict {
    if (key === secret.key)
      return {
        solved: true,
        reason:
          'That is the admin’s key: a seed taken from the clock has as many possibilities as the window has seconds, and trying them all takes moments.',
      };
    const shape = shapeProblem(key, pub.alphabet, pub.length);
    if (shape) return { solved: false, reason: shape };
    if (key === pub.yourKey)
      return {
        solved: false,
        reason: 'That is your own key. The admin’s was made right after it, by the same generator.',
      };
    return {
      solved: false,
      reason:
        'That is not the admin’s key. Is your seed the one whose first key is yours, and did you make the admin’s key after yours, from the same generator?',
    };
  },
  solve(pub) {
    const found = searchSeeds({ ...pub.window, alphabet: pub.alphabet, key: pub.yourKey });
    if (found.seed === null) return { key: '' };
    const victim = new PythonRandom(found.seed);
    victim.choiceString(pub.alphabet, pub.length);
    return { key: victim.choiceString(pub.alphabet, pub.length) };
  },
});

export const RANDOMNESS_CHALLENGES: readonly Challenge[] = [
  nextResetKey,
  earlierAdminKey,
  timeSeeded,
];
