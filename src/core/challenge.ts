/**
 * Challenges: the learner does the attack, and the app (or an instructor's CLI) judges the answer.
 *
 * A challenge makes an instance from a generator: a public part (what the learner sees: a tag, 624
 * order numbers, a command to run) and a secret part (what the server keeps: the key, the next
 * reset key). With a seed the generator is deterministic, so an instructor who holds the seed can
 * hand students only the public part and later re-make the secret to grade their answers; without
 * one, the instance comes from Web Crypto. `check` judges an answer with a reason that teaches
 * without handing out the answer; `solve` is the automatic attack ("Show me", and the tests), which
 * reaches the server only through the same `check` a learner's request would.
 *
 * Two optional capabilities, for servers a learner must question before answering and for answers
 * that are programs:
 * - `ask`: the instance's server takes requests besides answers (time this guess; time these 256
 *   guesses 50 times each). A request is parsed like an answer (`requestShape`, `parseRequest`),
 *   costs some of the instance's `budget`, and is answered by `respond` from the public and secret
 *   parts and a noise generator. A `ChallengeSession` holds that generator and the budget's count:
 *   made from a seed, it answers the same requests with the same responses, request after request
 *   (a simulated clock, never the wall clock), so an instructor can replay a student's transcript.
 *   `solve` asks through the same session, so "Show me" spends the same budget a learner would.
 * - `run`: an answer that is code cannot be judged in the judge's own realm. `run` names a kind of
 *   runner (the code lab's `code-battery`) that the environment supplies: the browser runs the code
 *   in the sandbox (src/platform/sandbox), the CLI in its isolated child (src/cli/isolated). The
 *   runner returns evidence (the battery's verdicts, computed outside the code's realm), and `check`
 *   judges the evidence. Such answers are checked with `checkAnswerWith`, which is asynchronous;
 *   `checkAnswer` refuses them.
 *
 * Everything here is pure: no DOM, no Node, so the same code runs in a worker, the CLI and tests.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import {
  bytesToBase64,
  bytesToHex,
  concatBytes,
  parseBase64,
  parseHex,
  tryBytesToUtf8,
  utf8ToBytes,
} from './bytes';
import { fail, ok, type Result } from './result';
import { formatNumber } from './number-format';

export type ChallengeLevel = 1 | 2 | 3;

export interface Verdict {
  solved: boolean;
  /** Why, in a sentence or two that teach without giving the answer away. */
  reason: string;
}

export interface ChallengeInstance<P, S> {
  /** JSON-able: handed to the learner, printed by `challenge make`, put in links. */
  public: P;
  /** Kept by the server (the worker, or re-made from the instructor's seed). */
  secret: S;
}

/**
 * One input of the answer form the app generates for a challenge (optional: without `fields`, the
 * page offers a JSON textarea with `answerShape` as its example). Each field fills the answer
 * property `name`:
 * - `text`: one line, sent as typed (a key, a URL query string);
 * - `textarea`: several lines, sent as typed (a JSON body);
 * - `hex`: one line of hex, sent as typed (a tag), checked as hex at the field;
 * - `bytes`: bytes the learner types as text, hex, base64, URL-encoding or C escapes (their choice),
 *   converted in the page and sent as `as` (hex or base64), so a malformed encoding is reported at
 *   the field before anything is sent;
 * - `number`, `choice`, `checkboxes`: a whole number, one option, any items of a public list.
 * The messages of `parseAnswer` that start with `<name>:` or quote `"<name>"` are shown at the field.
 */
export type AnswerField =
  | { name: string; label: string; kind: 'text' | 'textarea' | 'hex'; hint?: string }
  | { name: string; label: string; kind: 'bytes'; as: 'hex' | 'base64'; hint?: string }
  /** A whole number, sent as a JSON number. */
  | { name: string; label: string; kind: 'number'; hint?: string }
  /** One of the options, sent as the option's value (a string or a boolean). */
  | {
      name: string;
      label: string;
      kind: 'choice';
      options: readonly { value: string | boolean; label: string }[];
      hint?: string;
    }
  /** Any of the public part's list `from` (items with `id` and `label`), sent as a list of ids. */
  | { name: string; label: string; kind: 'checkboxes'; from: string; hint?: string };

/** Asks the instance's server to judge an answer: what a learner's request does, one at a time. */
export type Oracle<A> = (answer: A) => Verdict;

/**
 * Asks the instance's server something other than an answer (`ask`), through the session: the
 * request is counted against the budget. Throws `BudgetSpent` when the budget would be exceeded
 * (an automatic attack that overspends is a bug, not a learner's input).
 */
export type Asker<Q, R> = (request: Q) => R;

/** The `ask` to hand a `solve` whose server takes no requests (tests calling `solve` directly). */
export const noRequests: Asker<unknown, never> = () => {
  throw new Error('this server takes no requests');
};

/** Requests, besides answers, that an instance's server takes. */
export interface ChallengeAsk<P, S, Q, R> {
  /** The request's JSON shape, as the README and the CLI show it. */
  requestShape: string;
  /** The response's JSON shape. */
  responseShape: string;
  /** Checks a request's fields (already a JSON object); messages name the field. */
  parseRequest(request: Record<string, unknown>, pub: P): Result<Q>;
  /** How much of the budget the request takes (a batch of N timings: N). */
  cost(request: Q): number;
  /**
   * The server's response. Everything random in it (network noise) comes from `noise`, the
   * session's generator, so it is deterministic for the instance's seed and the requests before.
   */
  respond(pub: P, secret: S, request: Q, noise: ChallengeRng): R;
}

/**
 * An answer that must be run to be judged (code): `kind` names the runner the environment
 * supplies (`ChallengeRunners`), `input` is what the runner gets. The runner runs it isolated
 * and returns evidence for `check`.
 */
export interface ChallengeRun<P, S, A> {
  kind: string;
  /** Where it runs and what it does, one sentence for the page and the CLI. */
  what: string;
  input(pub: P, secret: S, answer: A): unknown;
}

/**
 * The runners an environment provides, by kind: the browser's run the code in the sandbox, the
 * CLI's in its isolated child. A runner's failure (the sandbox died, a limit passed) is an error,
 * not a verdict: the answer was not judged.
 */
export type ChallengeRunners = Readonly<
  Record<string, (input: unknown) => Promise<Result<unknown>>>
>;

/**
 * The attack written as a script (`async function attack(oracle)`), which the page runs in the
 * sandbox: each oracle method the script calls is relayed, as `{ method, args }`, to the instance's
 * session outside the sandbox, which answers it (a timing, a verdict) or refuses it (a malformed
 * call, the budget spent). The script never sees the secret, and only `relay` judges.
 */
export interface ChallengeScript {
  /** The oracle's methods, as the script calls them (`oracle.time(guess)`). */
  methods: readonly string[];
  /** The script the editor starts with. */
  starter: string;
  /** What the oracle offers, one sentence for the page. */
  what: string;
  /** Constant properties of the oracle (`oracle.tagBytes`), from the public part. */
  constants(pub: unknown): Record<string, string | number | boolean | null>;
  /**
   * Answers one call the script made. The call comes from the learner's code: check everything.
   * A verdict (the script handed in an answer) is returned beside the value the script gets.
   */
  relay(session: ChallengeSession, method: string, args: unknown): Result<ScriptReply>;
}

export interface ScriptReply {
  /** What the script's call resolves to (structured-clonable). */
  value: unknown;
  /** Set when the call handed in an answer: the server's verdict on it. */
  verdict?: Verdict;
}

export interface ChallengeDefinition<P, S, A, Q = never, R = never, E = undefined> {
  /** `<lab>/<slug>`. */
  id: string;
  lab: string;
  level: ChallengeLevel;
  title: string;
  brief: string;
  goal: string;
  /** Revealed one at a time, from a nudge to nearly the method. */
  hints: readonly [string, string, ...string[]];
  /** The answer's JSON shape, as the README and the CLI show it. */
  answerShape: string;
  /** The answer form's inputs; without them the app asks for the answer as JSON. */
  fields?: readonly AnswerField[];
  /**
   * How many requests the server answers for one instance, when it is limited: each answer checked
   * costs one, and each `ask` its `cost`. Counted by a `ChallengeSession`.
   */
  budget?: { requests: number; what: string };
  /** The server takes requests besides answers (see the module's header). */
  ask?: ChallengeAsk<P, S, Q, R>;
  /** The answer is judged by running it, isolated (see the module's header). */
  run?: ChallengeRun<P, S, A>;
  /** The attack may be written as a script the page runs in the sandbox (`ChallengeScript`). */
  script?: ChallengeScript;
  make(rng: ChallengeRng): ChallengeInstance<P, S>;
  /** Checks the answer's fields (already a JSON object); messages name the field. */
  parseAnswer(answer: Record<string, unknown>, pub: P): Result<A>;
  /**
   * The verdict; with `run`, from the runner's evidence (absent when the answer could not be run,
   * which is then the verdict's reason).
   */
  check(pub: P, secret: S, answer: A, evidence?: E): Verdict;
  /**
   * The automatic attack: from the public part, asking the server through `oracle` (answers) and
   * `ask` (other requests, with `ask`) if it must. Both count against the budget.
   */
  solve(pub: P, oracle: Oracle<A>, ask: Asker<Q, R>): A;
}

/** A challenge with its types erased, as lists hold them (each one's parts only meet each other). */
export type Challenge = ChallengeDefinition<unknown, unknown, unknown, unknown, unknown, unknown>;

export function defineChallenge<P, S, A, Q = never, R = never, E = undefined>(
  definition: ChallengeDefinition<P, S, A, Q, R, E>,
): Challenge {
  return definition as unknown as Challenge;
}

// ---------------------------------------------------------------- the generator

/**
 * A deterministic byte generator in the shape of HKDF (RFC 5869): Extract turns the seed into a
 * pseudorandom key, PRK = HMAC-SHA256(salt, seed); Expand's counter blocks
 * T(i) = HMAC-SHA256(PRK, label ‖ 0x00 ‖ i as 32-bit big-endian) follow one another without end.
 * The label is the challenge id, so one seed gives unrelated secrets to different challenges.
 */
export interface ChallengeRng {
  bytes(n: number): Uint8Array;
  /** Uniform in [0, 2^32). */
  uint32(): number;
  /** Uniform in [0, n) for 1 <= n <= 2^32, by rejection (no modulo bias). */
  below(n: number): number;
  /** Uniform in [min, max]. */
  between(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  hex(bytes: number): string;
}

const SEED_SALT = utf8ToBytes('security-playground/challenge/v1');
export const MAX_SEED_LENGTH = 256;

function rngFromKey(prk: Uint8Array, label: string): ChallengeRng {
  const info = concatBytes(utf8ToBytes(label), Uint8Array.of(0));
  let counter = 0;
  let pool = new Uint8Array(0);
  let used = 0;
  const bytes = (n: number): Uint8Array => {
    const out = new Uint8Array(n);
    for (let filled = 0; filled < n;) {
      if (used === pool.length) {
        const c = counter++;
        pool = hmac(
          sha256,
          prk,
          concatBytes(info, Uint8Array.of(c >>> 24, (c >>> 16) & 255, (c >>> 8) & 255, c & 255)),
        );
        used = 0;
      }
      const take = Math.min(n - filled, pool.length - used);
      out.set(pool.subarray(used, used + take), filled);
      used += take;
      filled += take;
    }
    return out;
  };
  const uint32 = () => {
    const b = bytes(4);
    return ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  };
  const below = (n: number) => {
    if (!Number.isInteger(n) || n < 1 || n > 2 ** 32) throw new RangeError(`below(${n})`);
    // The largest multiple of n below 2^32: values at or above it would favour small results.
    const limit = 2 ** 32 - (2 ** 32 % n);
    for (;;) {
      const r = uint32();
      if (r < limit) return r % n;
    }
  };
  return {
    bytes,
    uint32,
    below,
    between: (min, max) => min + below(max - min + 1),
    pick: (items) => {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[below(items.length)]!;
    },
    hex: (n) => bytesToHex(bytes(n)),
  };
}

/** The instructor's generator: the same seed and challenge give the same instance, everywhere. */
export function seededRng(seed: string, label: string): ChallengeRng {
  return rngFromKey(hmac(sha256, SEED_SALT, utf8ToBytes(seed)), label);
}

/** A fresh instance's generator, keyed by 32 bytes from Web Crypto (the worker's, or Node's). */
export function randomRng(label: string): ChallengeRng {
  return rngFromKey(crypto.getRandomValues(new Uint8Array(32)), label);
}

export function parseSeed(text: string): Result<string> {
  if (text.length === 0) return fail('challenge/seed', 'The seed is empty: give any text.');
  if (text.length > MAX_SEED_LENGTH)
    return fail(
      'challenge/seed',
      `The seed is ${text.length} characters long; use at most ${MAX_SEED_LENGTH}.`,
    );
  return ok(text);
}

/** An instance of `challenge`: from the seed if given, else from Web Crypto. */
export function makeInstance(
  challenge: Challenge,
  seed?: string,
): ChallengeInstance<unknown, unknown> {
  return challenge.make(
    seed === undefined ? randomRng(challenge.id) : seededRng(seed, challenge.id),
  );
}

export function findChallenge(list: readonly Challenge[], id: string): Result<Challenge> {
  const found = list.find((c) => c.id === id);
  if (found) return ok(found);
  const shown = id.length > 80 ? id.slice(0, 80) + '…' : id;
  return fail(
    'challenge/unknown',
    `There is no challenge "${shown}". The ids look like "length-extension/unknown-length" (\`challenge list\` prints them all).`,
  );
}

// ---------------------------------------------------------------- answers

/**
 * An answer is a small JSON object. The cap is checked before anything is parsed, so a pasted
 * megabyte is refused at once rather than parsed, hashed and scanned.
 */
export const MAX_ANSWER_CHARS = 100_000;

export function parseAnswerText(text: string): Result<Record<string, unknown>> {
  return parseObjectText(text, 'answer');
}

/** A request to the server (`ask`), as pasted or read from a file: the same limits as an answer. */
export function parseRequestText(text: string): Result<Record<string, unknown>> {
  return parseObjectText(text, 'request');
}

function parseObjectText(
  text: string,
  what: 'answer' | 'request',
): Result<Record<string, unknown>> {
  const The = what === 'answer' ? 'The answer' : 'The request';
  const example = what === 'answer' ? '{"key": "…"}' : '{"guesses": ["…"]}';
  if (text.length > MAX_ANSWER_CHARS)
    return fail(
      `${what}/too-long`,
      `${The} is ${formatNumber(text.length)} characters; ${what}s are at most ${formatNumber(MAX_ANSWER_CHARS)}. Paste just the JSON object.`,
    );
  if (text.trim() === '')
    return fail(`${what}/empty`, `${The} is empty: paste a JSON object such as ${example}.`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return fail(
      `${what}/json`,
      `${The} is not valid JSON (${(error as Error).message}). It should be one object, such as ${example}.`,
    );
  }
  return jsonObject(value, what);
}

export function answerObject(value: unknown): Result<Record<string, unknown>> {
  return jsonObject(value, 'answer');
}

function jsonObject(value: unknown, what: 'answer' | 'request'): Result<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return fail(
      `${what}/not-object`,
      `The ${what} must be a JSON object ({…}), not ${Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`}.`,
    );
  return ok(value as Record<string, unknown>);
}

function parsedAnswer(
  challenge: Challenge,
  instance: ChallengeInstance<unknown, unknown>,
  answer: string | Record<string, unknown>,
): Result<unknown> {
  const object = typeof answer === 'string' ? parseAnswerText(answer) : answerObject(answer);
  if (!object.ok) return object;
  return challenge.parseAnswer(object.value, instance.public);
}

function needsRunner(challenge: Challenge): Result<never> {
  return fail(
    'challenge/needs-runner',
    `This answer is judged by running it: ${challenge.run!.what} Check it with checkAnswerWith and a "${challenge.run!.kind}" runner.`,
  );
}

/**
 * Parses and judges an answer (text as pasted or a file's contents, or an already parsed value).
 * Not for challenges whose answers must be run (`run`): see `checkAnswerWith`.
 */
export function checkAnswer(
  challenge: Challenge,
  instance: ChallengeInstance<unknown, unknown>,
  answer: string | Record<string, unknown>,
): Result<Verdict> {
  const parsed = parsedAnswer(challenge, instance, answer);
  if (!parsed.ok) return parsed;
  if (challenge.run) return needsRunner(challenge);
  return ok(challenge.check(instance.public, instance.secret, parsed.value));
}

/**
 * Parses and judges any answer; one that must be run goes to the environment's runner of its
 * kind first (the sandbox, the CLI's isolated child), and `check` judges the evidence it returns.
 */
export async function checkAnswerWith(
  challenge: Challenge,
  instance: ChallengeInstance<unknown, unknown>,
  answer: string | Record<string, unknown>,
  runners: ChallengeRunners,
): Promise<Result<Verdict>> {
  const parsed = parsedAnswer(challenge, instance, answer);
  if (!parsed.ok) return parsed;
  const { run } = challenge;
  if (!run) return ok(challenge.check(instance.public, instance.secret, parsed.value));
  const runner = runners[run.kind];
  if (!runner)
    return fail(
      'challenge/no-runner',
      `This answer must be run to be judged (${run.what}), and nothing here can run "${run.kind}".`,
    );
  const evidence = await runner(run.input(instance.public, instance.secret, parsed.value));
  if (!evidence.ok) return evidence;
  return ok(challenge.check(instance.public, instance.secret, parsed.value, evidence.value));
}

// ---------------------------------------------------------------- sessions: budget and noise

/** Thrown at an automatic attack (`solve`) that would spend more than the budget: a bug. */
export class BudgetSpent extends Error {}

export interface AskAnswer {
  response: unknown;
  /** Requests spent so far in this session, this one included. */
  used: number;
  /** Requests left, or null when the budget is not limited. */
  left: number | null;
}

/** The noise generator's label: apart from the instance's own draws, which use the bare id. */
const noiseLabel = (challenge: Challenge) => `${challenge.id}#server-noise`;

/**
 * One learner's conversation with one instance's server: the requests it answered so far, counted
 * against the budget, and the generator its noise comes from. From a seed, the same requests get
 * the same responses, each depending only on the seed and the requests before it, so a transcript
 * can be replayed; without one, the noise comes from Web Crypto.
 */
export class ChallengeSession {
  used = 0;
  private readonly noise: ChallengeRng;

  constructor(
    readonly challenge: Challenge,
    readonly instance: ChallengeInstance<unknown, unknown>,
    seed?: string,
  ) {
    this.noise =
      seed === undefined
        ? randomRng(noiseLabel(challenge))
        : seededRng(seed, noiseLabel(challenge));
  }

  get left(): number | null {
    const { budget } = this.challenge;
    return budget ? budget.requests - this.used : null;
  }

  private spend(cost: number): Result<void> {
    const { budget } = this.challenge;
    if (budget && this.used + cost > budget.requests) {
      const left = budget.requests - this.used;
      return fail(
        'challenge/budget',
        left === 0
          ? `This server has answered all ${formatNumber(budget.requests)} requests it answers for this instance. ${budget.what} Start a new instance to try again.`
          : `This costs ${formatNumber(cost)} requests, and only ${formatNumber(left)} of the ${formatNumber(budget.requests)} are left. ${budget.what}`,
      );
    }
    this.used += cost;
    return ok(undefined);
  }

  /** A request as pasted or read from a file, or an already parsed object. */
  ask(request: string | Record<string, unknown>): Result<AskAnswer> {
    const { ask } = this.challenge;
    if (!ask)
      return fail(
        'challenge/no-requests',
        'This server takes answers only: there is nothing to ask it.',
      );
    const object =
      typeof request === 'string' ? parseRequestText(request) : jsonObject(request, 'request');
    if (!object.ok) return object;
    const parsed = ask.parseRequest(object.value, this.instance.public);
    if (!parsed.ok) return parsed;
    return this.askParsed(parsed.value);
  }

  /** A request already checked by `parseRequest` (the automatic attack's). */
  askParsed(request: unknown): Result<AskAnswer> {
    const { ask } = this.challenge;
    if (!ask) throw new Error(`${this.challenge.id} takes no requests`);
    const spent = this.spend(ask.cost(request));
    if (!spent.ok) return spent;
    const response = ask.respond(this.instance.public, this.instance.secret, request, this.noise);
    return ok({ response, used: this.used, left: this.left });
  }

  /** Judges an answer; once parsed, it costs one request. Not for answers that must be run. */
  check(answer: string | Record<string, unknown>): Result<Verdict> {
    const parsed = parsedAnswer(this.challenge, this.instance, answer);
    if (!parsed.ok) return parsed;
    if (this.challenge.run) return needsRunner(this.challenge);
    return this.checkParsed(parsed.value);
  }

  checkParsed(answer: unknown): Result<Verdict> {
    const spent = this.spend(1);
    if (!spent.ok) return spent;
    const { public: pub, secret } = this.instance;
    return ok(this.challenge.check(pub, secret, answer));
  }

  /** Judges any answer, running it with the environment's runners when it must be run. */
  async checkWith(
    answer: string | Record<string, unknown>,
    runners: ChallengeRunners,
  ): Promise<Result<Verdict>> {
    const parsed = parsedAnswer(this.challenge, this.instance, answer);
    if (!parsed.ok) return parsed;
    const spent = this.spend(1);
    if (!spent.ok) return spent;
    return checkAnswerWith(this.challenge, this.instance, answer, runners);
  }
}

/**
 * Runs the automatic attack on an instance, through a session (so it spends the budget a learner
 * would, and its noise is the seed's); its answer, as a learner would hand it in. An attack that
 * would overspend throws `BudgetSpent`.
 */
export function solveInstance(
  challenge: Challenge,
  instance: ChallengeInstance<unknown, unknown>,
  seed?: string,
): unknown {
  return solveInSession(new ChallengeSession(challenge, instance, seed));
}

export function solveInSession(session: ChallengeSession): unknown {
  const { challenge, instance } = session;
  const unwrap = <T>(result: Result<T>): T => {
    if (!result.ok) throw new BudgetSpent(`${challenge.id}: ${result.error.message}`);
    return result.value;
  };
  return challenge.solve(
    instance.public,
    (answer) => {
      if (challenge.run)
        throw new Error(`${challenge.id}: its answers are run to be judged, not checked in solve`);
      return unwrap(session.checkParsed(answer));
    },
    (request) => unwrap(session.askParsed(request)).response,
  );
}

// ---------------------------------------------------------------- answer fields

/** Refuses fields the challenge does not read (a typo would otherwise be silently ignored). */
export function onlyFields(
  answer: Record<string, unknown>,
  allowed: readonly string[],
): Result<void> {
  for (const key of Object.keys(answer))
    if (!allowed.includes(key)) {
      const shown = key.length > 40 ? key.slice(0, 40) + '…' : key;
      return fail(
        'answer/unknown-field',
        `"${shown}" is not a field of this answer; it has ${allowed.map((k) => `"${k}"`).join(' and ')}.`,
      );
    }
  return ok(undefined);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

export function stringField(
  answer: Record<string, unknown>,
  name: string,
  maxLength: number,
): Result<string> {
  const value = answer[name];
  if (value === undefined) return fail('answer/missing', `The answer has no "${name}" field.`);
  if (typeof value !== 'string')
    return fail('answer/type', `${name}: must be a string in quotes, not ${typeName(value)}.`);
  if (value.length > maxLength)
    return fail(
      'answer/too-long',
      `${name}: ${value.length} characters is too long; at most ${maxLength} are accepted.`,
    );
  return ok(value);
}

export function hexField(
  answer: Record<string, unknown>,
  name: string,
  maxBytes: number,
): Result<Uint8Array> {
  const text = stringField(answer, name, maxBytes * 3 + 8);
  if (!text.ok) return text;
  const bytes = parseHex(text.value);
  if (!bytes.ok) return fail(bytes.error.code, `${name}: ${bytes.error.message}`);
  if (bytes.value.length > maxBytes)
    return fail(
      'answer/too-long',
      `${name}: ${bytes.value.length} bytes is too long; at most ${maxBytes} are accepted.`,
    );
  return ok(bytes.value);
}

/** A tag: hex of exactly `size` bytes, with a message naming the hash. */
export function tagField(
  answer: Record<string, unknown>,
  name: string,
  size: number,
  hashLabel: string,
): Result<Uint8Array> {
  const tag = hexField(answer, name, 1024);
  if (!tag.ok) return tag;
  if (tag.value.length !== size)
    return fail(
      'answer/tag-length',
      `${name}: ${hashLabel} tags are ${size} bytes (${size * 2} hex digits), but this one is ${tag.value.length} bytes.`,
    );
  return tag;
}

/** Bytes given as exactly one of `<base>Hex` or `<base>Base64`. */
export function bytesField(
  answer: Record<string, unknown>,
  base: string,
  maxBytes: number,
): Result<Uint8Array> {
  const hexName = `${base}Hex`;
  const b64Name = `${base}Base64`;
  const hasHex = answer[hexName] !== undefined;
  const hasB64 = answer[b64Name] !== undefined;
  if (hasHex === hasB64)
    return fail(
      'answer/missing',
      `Give the bytes as exactly one of "${hexName}" (hex) or "${b64Name}" (base64).`,
    );
  if (hasHex) return hexField(answer, hexName, maxBytes);
  const text = stringField(answer, b64Name, Math.ceil(maxBytes / 3) * 4 + 8);
  if (!text.ok) return text;
  const bytes = parseBase64(text.value);
  if (!bytes.ok) return fail(bytes.error.code, `${b64Name}: ${bytes.error.message}`);
  if (bytes.value.length > maxBytes)
    return fail(
      'answer/too-long',
      `${b64Name}: ${bytes.value.length} bytes is too long; at most ${maxBytes} are accepted.`,
    );
  return ok(bytes.value);
}

// ---------------------------------------------------------------- instances from a link

/** An instructor's instance in a link: the public part, as JSON, at most this long. */
export const MAX_PUBLIC_CHARS = 200_000;

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isFinite(value) ? 'a number' : 'not a number';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Checks that a public part from a link has the shape of the challenge's own (`sample`, from a
 * fresh instance): the same keys, values of the same JSON types, recursively; every item of an
 * array like the sample's first. The page shows the public part and parseAnswer reads it, so a
 * link must not slip in something else. Messages name the path (`instance.window.from`).
 */
export function checkPublicShape(sample: unknown, value: unknown, path = 'instance'): Result<void> {
  const want = jsonType(sample);
  const got = jsonType(value);
  if (want !== got) return fail('instance/shape', `${path} should be ${want}, but it is ${got}.`);
  if (Array.isArray(sample) && Array.isArray(value)) {
    if (sample.length === 0) return ok(undefined);
    if (value.length === 0) return fail('instance/shape', `${path} is empty.`);
    for (let i = 0; i < value.length; i++) {
      const item = checkPublicShape(sample[0], value[i], `${path}[${i}]`);
      if (!item.ok) return item;
    }
    return ok(undefined);
  }
  if (want === 'an object') {
    const expected = Object.keys(sample as object);
    const actual = Object.keys(value as object);
    const missing = expected.find((key) => !actual.includes(key));
    if (missing !== undefined) return fail('instance/shape', `${path} has no "${missing}".`);
    const extra = actual.find((key) => !expected.includes(key));
    if (extra !== undefined) {
      const shown = extra.length > 40 ? extra.slice(0, 40) + '…' : extra;
      return fail('instance/shape', `${path} has "${shown}", which this challenge does not have.`);
    }
    for (const key of expected) {
      const inner = checkPublicShape(
        (sample as Record<string, unknown>)[key],
        (value as Record<string, unknown>)[key],
        `${path}.${key}`,
      );
      if (!inner.ok) return inner;
    }
  }
  return ok(undefined);
}

/**
 * An instructor's instance in an app link: `#/challenges/<id>?instance=` followed by the public
 * part as JSON in base64url (`challenge make` prints the link).
 */
export function encodeInstanceParam(pub: unknown): string {
  return bytesToBase64(utf8ToBytes(JSON.stringify(pub)), { url: true });
}

/** The public part in a link, or what is wrong with it, in words a learner can pass on. */
export function decodeInstanceParam(param: string): Result<unknown> {
  if (param.length > (MAX_PUBLIC_CHARS * 4) / 3 + 4)
    return fail('instance/too-long', 'The instance in this link is far too long to be one.');
  const bytes = parseBase64(param);
  if (!bytes.ok)
    return fail(
      'instance/base64',
      `The instance in this link is not base64url: ${bytes.error.message} Was the link cut short or changed?`,
    );
  const text = tryBytesToUtf8(bytes.value);
  if (!text.ok)
    return fail('instance/utf8', 'The instance in this link does not decode to text (UTF-8).');
  try {
    return ok(JSON.parse(text.value) as unknown);
  } catch (error) {
    return fail(
      'instance/json',
      `The instance in this link is not JSON (${(error as Error).message}). Was the link cut short?`,
    );
  }
}
