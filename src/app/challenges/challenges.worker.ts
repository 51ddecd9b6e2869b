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
  solveInSession,
  type Challenge,
  type Verdict,
} from '../../core/challenge';
import type { InputError } from '../../core/result';
import { CHALLENGES } from '../../labs/challenges';
import { serveWorker } from '../../platform/worker-host';

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
  make: { payload: { id: string }; result: { instance: number; public: unknown } };
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
  /** An instructor's instance: is this public part one of this challenge's? */
  'open-public': { payload: { id: string; public: unknown }; result: InputError | null };
  /** An instructor's instance: are the answer's fields right? (It cannot be judged here.) */
  'parse-answer': {
    payload: { id: string; public: unknown; answer: unknown };
    result: InputError | null;
  };
};

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
  make: ({ id }) => {
    const challenge = challengeFor(id);
    const instance = makeInstance(challenge);
    held.clear();
    const number = nextInstance++;
    held.set(number, { challenge, session: new ChallengeSession(challenge, instance) });
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
