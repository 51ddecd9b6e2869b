/**
 * The challenges' server, in its own thread. It makes each instance with Web Crypto's randomness
 * and keeps the secret here: the page receives the public part, verdicts, responses to its requests
 * and (after "Show me") the automatic attack's answer, never the secret. Each instance has one
 * `ChallengeSession`: one budget over answers checked, requests asked and "Show me"'s own requests. Instructor instances (from a link) have no secret:
 * for them it only checks the public part's shape and an answer's fields.
 */
import {
  answerObject,
  ChallengeSession,
  checkPublicShape,
  findChallenge,
  makeInstance,
  parseSeed,
  solveInSession,
  type Challenge,
  type Verdict,
} from '../../core/challenge';
import type { InputError } from '../../core/result';
import { CHALLENGES } from '../../labs/challenges';
import { SandboxChannel, SandboxClosed } from '../../platform/sandbox/channel';
import type { SandboxNotice } from '../../platform/sandbox/protocol';
import { serveWorker } from '../../platform/worker-host';
import type { CallAnswer, ScriptEvent } from './oracle.sandbox';
import { formatNumber } from '../../core/number-format';

export type CheckOutcome =
  /** The answer never reached the server: its fields are wrong. */
  | { kind: 'invalid'; error: InputError }
  | { kind: 'verdict'; verdict: Verdict; requestsUsed: number }
  /** The server has answered all the requests its budget allows for this instance. */
  | { kind: 'over-budget'; message: string; requestsUsed: number }
  /**
   * The answer must be run to be judged: the page runs `input` with the runner of `runKind` (the
   * sandbox needs the page's document) and hands the evidence back to `judge-run`.
   */
  | { kind: 'needs-runner'; runKind: string; input: unknown };

export type AskOutcome =
  /** The request never reached the server: its fields are wrong. */
  | { kind: 'invalid'; error: InputError }
  | { kind: 'response'; response: unknown; requestsUsed: number }
  | { kind: 'over-budget'; message: string; requestsUsed: number };

export type ChallengesApi = {
  /** A fresh instance; from `seed` (a link's `seed=`), the same instance every time. */
  make: { payload: { id: string; seed?: string }; result: { instance: number; public: unknown } };
  check: { payload: { instance: number; answer: unknown }; result: CheckOutcome };
  /** Judges a run answer from the evidence the page's runner returned (see `needs-runner`). */
  'judge-run': {
    payload: { instance: number; answer: unknown; evidence: unknown };
    result: { verdict: Verdict; requestsUsed: number };
  };
  /** A request other than an answer (`ask`), as the learner typed it (JSON). */
  ask: { payload: { instance: number; request: string }; result: AskOutcome };
  /** "Show me": the automatic attack, through the instance's session (it spends the budget). */
  solve: { payload: { instance: number }; result: { answer: unknown; requestsUsed: number } };
  /**
   * Runs a learner's attack script (`script`): `port` is the channel of the sandbox the page
   * opened for it. Every oracle call the script makes is answered here, through the instance's
   * session; the run ends when the script returns or throws, stalls, or is stopped.
   */
  'run-script': {
    payload: { instance: number; code: string; port: MessagePort };
    progress: ScriptProgress;
    result: ScriptOutcome;
  };
  /** Ends the instance's script run: the page pressed Stop, or the sandbox died. */
  'stop-script': { payload: { instance: number; why: 'stopped' | 'lost' }; result: null };
  /** An instructor's instance: is this public part one of this challenge's? */
  'open-public': { payload: { id: string; public: unknown }; result: InputError | null };
  /** An instructor's instance: are the answer's fields right? (It cannot be judged here.) */
  'parse-answer': {
    payload: { id: string; public: unknown; answer: unknown };
    result: InputError | null;
  };
};

export interface ScriptProgress {
  requestsUsed: number;
  calls: number;
  /** Answers the script handed in so far. */
  submits: number;
}

export interface ScriptOutcome extends ScriptProgress {
  /** How the run ended; `message` says it in a sentence. */
  end: 'returned' | 'threw' | 'stalled' | 'stopped' | 'lost';
  message: string;
  /** The first accepted verdict, else the last one; null when nothing was handed in. */
  verdict: Verdict | null;
  /** What the script printed, and what it tried that the sandbox refused. */
  log: string[];
  /** Lines printed past the log's cap (counted, not kept). */
  logDropped: number;
}

/** A script that neither calls the oracle nor finishes for this long is stopped. */
export const SCRIPT_IDLE_MS = 15_000;
const PROGRESS_EVERY_MS = 200;
const MAX_LOG_LINES = 200;

interface ScriptRun {
  channel: SandboxChannel;
  why: 'stopped' | 'lost' | null;
}

/** At most one run per instance (the page runs one script at a time). */
const runs = new Map<number, ScriptRun>();

const STALLED = Symbol('stalled');

function within<T>(promise: Promise<T>, ms: number): Promise<T | typeof STALLED> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise,
    new Promise<typeof STALLED>((resolve) => (timer = setTimeout(() => resolve(STALLED), ms))),
  ]).finally(() => clearTimeout(timer));
}

/** An event as the sandbox sent it, checked: the learner's code may have sent anything. */
function parseEvent(value: unknown): ScriptEvent | null {
  if (typeof value !== 'object' || value === null) return null;
  const event = value as Record<string, unknown>;
  if (event.kind === 'returned') return { kind: 'returned' };
  if (event.kind === 'threw')
    return {
      kind: 'threw',
      message: typeof event.message === 'string' ? event.message.slice(0, 1000) : 'It threw.',
    };
  if (
    event.kind === 'call' &&
    typeof event.id === 'number' &&
    Number.isSafeInteger(event.id) &&
    typeof event.method === 'string'
  )
    return { kind: 'call', id: event.id, method: event.method.slice(0, 60), args: event.args };
  return null;
}

function noticeLine(notice: SandboxNotice): string {
  if (notice.kind === 'console') return notice.text;
  if (notice.kind === 'blocked')
    return `[refused] ${notice.label}${notice.text ? ` ${notice.text}` : ''}`;
  return `[error] ${notice.text}`;
}

async function runScript(
  held: Held,
  instance: number,
  code: string,
  port: MessagePort,
  progress: (update: ScriptProgress) => void,
): Promise<ScriptOutcome> {
  const { challenge, session } = held;
  const script = challenge.script;
  if (!script) throw new Error('This challenge takes no script.');
  const log: string[] = [];
  let logDropped = 0;
  const channel = new SandboxChannel(port, (notice) => {
    if (log.length < MAX_LOG_LINES) log.push(noticeLine(notice));
    else logDropped++;
  });
  const run: ScriptRun = { channel, why: null };
  runs.get(instance)?.channel.close();
  runs.set(instance, run);
  const startUsed = session.used;
  let calls = 0;
  let submits = 0;
  let verdict: Verdict | null = null;
  let lastProgress = 0;
  const counts = () => ({ requestsUsed: session.used, calls, submits });
  const finish = (end: ScriptOutcome['end'], message: string): ScriptOutcome => ({
    ...counts(),
    end,
    message,
    verdict,
    log,
    logDropped: logDropped + channel.notices.dropped().console,
  });
  try {
    let pulled = await within(
      channel.request('script.start', {
        code,
        methods: script.methods,
        constants: script.constants(session.instance.public),
        left: session.left ?? Number.MAX_SAFE_INTEGER,
      }),
      SCRIPT_IDLE_MS,
    );
    for (;;) {
      if (pulled === STALLED)
        return finish(
          'stalled',
          `Your script neither called the oracle nor finished for ${SCRIPT_IDLE_MS / 1000} s, so it was stopped: an endless loop, or a promise that never settles?`,
        );
      const event = parseEvent(pulled);
      if (!event) return finish('threw', 'The sandbox sent something that is not an event.');
      if (event.kind === 'returned')
        return finish(
          'returned',
          submits === 0
            ? 'Your script finished without handing in a tag: call await oracle.submit(tag) with the tag you found.'
            : `Your script finished: ${formatNumber(calls)} oracle calls, ${formatNumber(session.used - startUsed)} requests.`,
        );
      if (event.kind === 'threw') return finish('threw', event.message);
      calls++;
      const reply = script.relay(session, event.method, event.args);
      const left = session.left ?? Number.MAX_SAFE_INTEGER;
      let answer: CallAnswer;
      if (reply.ok) {
        answer = { id: event.id, ok: true, value: reply.value.value, left };
        if (reply.value.verdict) {
          submits++;
          if (!verdict?.solved) verdict = reply.value.verdict;
        }
      } else answer = { id: event.id, ok: false, message: reply.error.message, left };
      const now = performance.now();
      if (now - lastProgress >= PROGRESS_EVERY_MS) {
        lastProgress = now;
        progress(counts());
      }
      pulled = await within(channel.request('script.next', answer), SCRIPT_IDLE_MS);
    }
  } catch (error) {
    if (!(error instanceof SandboxClosed)) return finish('threw', String(error));
    return run.why === 'lost'
      ? finish(
          'lost',
          'The sandbox running your script stopped answering (out of memory, most often), so the run ended.',
        )
      : finish('stopped', 'You stopped the script.');
  } finally {
    channel.close();
    if (runs.get(instance) === run) runs.delete(instance);
  }
}

interface Held {
  challenge: Challenge;
  session: ChallengeSession;
}

/** The page shows one instance at a time; a new one replaces the old, whose secret goes. */
const held = new Map<number, Held>();
let nextInstance = 1;

function challengeFor(id: string): Challenge {
  const found = findChallenge(CHALLENGES, id);
  if (!found.ok) throw new Error(found.error.message);
  return found.value;
}

function holding(instance: number): Held {
  const found = held.get(instance);
  if (!found) throw new Error('This instance is gone; make a new one.');
  return found;
}

serveWorker<ChallengesApi>({
  make: ({ id, seed }) => {
    const challenge = challengeFor(id);
    if (seed !== undefined) {
      const checked = parseSeed(seed);
      if (!checked.ok) throw new Error(checked.error.message);
    }
    const instance = makeInstance(challenge, seed);
    held.clear();
    const number = nextInstance++;
    held.set(number, { challenge, session: new ChallengeSession(challenge, instance, seed) });
    return { instance: number, public: instance.public };
  },

  check: ({ instance: number, answer }) => {
    const { challenge, session } = holding(number);
    const object = answerObject(answer);
    if (!object.ok) return { kind: 'invalid', error: object.error };
    const parsed = challenge.parseAnswer(object.value, session.instance.public);
    if (!parsed.ok) return { kind: 'invalid', error: parsed.error };
    if (challenge.run)
      return {
        kind: 'needs-runner',
        runKind: challenge.run.kind,
        input: challenge.run.input(session.instance.public, session.instance.secret, parsed.value),
      };
    const result = session.checkParsed(parsed.value);
    if (!result.ok)
      return { kind: 'over-budget', message: result.error.message, requestsUsed: session.used };
    return { kind: 'verdict', verdict: result.value, requestsUsed: session.used };
  },

  'judge-run': ({ instance: number, answer, evidence }) => {
    const { challenge, session } = holding(number);
    const object = answerObject(answer);
    if (!object.ok) throw new Error(object.error.message);
    const parsed = challenge.parseAnswer(object.value, session.instance.public);
    if (!parsed.ok) throw new Error(parsed.error.message);
    // The evidence comes from the learner's own page (the sandbox runs there): a run challenge
    // judges the learner's code, with no secret to keep from them.
    const { public: pub, secret } = session.instance;
    session.used++;
    return {
      verdict: challenge.check(pub, secret, parsed.value, evidence),
      requestsUsed: session.used,
    };
  },

  ask: ({ instance: number, request }) => {
    const { session } = holding(number);
    const answered = session.ask(request);
    if (answered.ok)
      return { kind: 'response', response: answered.value.response, requestsUsed: session.used };
    if (answered.error.code === 'challenge/budget')
      return { kind: 'over-budget', message: answered.error.message, requestsUsed: session.used };
    return { kind: 'invalid', error: answered.error };
  },

  solve: ({ instance: number }) => {
    const { session } = holding(number);
    // Throws when the attack would overspend what is left: the page shows it as the job's error.
    const answer = solveInSession(session);
    return { answer, requestsUsed: session.used };
  },

  'run-script': ({ instance, code, port }, progress) =>
    runScript(holding(instance), instance, code, port, progress),

  'stop-script': ({ instance, why }) => {
    const run = runs.get(instance);
    if (run) {
      run.why = why;
      run.channel.close();
    }
    return null;
  },

  'open-public': ({ id, public: pub }) => {
    const challenge = challengeFor(id);
    // A fresh instance's public part is the model of the shape; its secret is dropped at once.
    const shape = checkPublicShape(makeInstance(challenge).public, pub);
    return shape.ok ? null : shape.error;
  },

  'parse-answer': ({ id, public: pub, answer }) => {
    const challenge = challengeFor(id);
    const shape = checkPublicShape(makeInstance(challenge).public, pub);
    if (!shape.ok) return shape.error;
    const object = answerObject(answer);
    if (!object.ok) return object.error;
    const parsed = challenge.parseAnswer(object.value, pub);
    return parsed.ok ? null : parsed.error;
  },
});
