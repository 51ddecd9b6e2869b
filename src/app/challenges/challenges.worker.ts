/**
 * The challenges' server, in its own thread. It makes each instance with Web Crypto's randomness
 * and keeps the secret here: the page receives the public part, verdicts and (after "Show me") the
 * automatic attack's answer, never the secret. It counts the requests each instance has answered
 * and refuses those past the challenge's budget. Instructor instances (from a link) have no secret:
 * for them it only checks the public part's shape and an answer's fields.
 */
import {
  answerObject,
  checkPublicShape,
  findChallenge,
  makeInstance,
  solveInstance,
  type Challenge,
  type ChallengeInstance,
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
  | { kind: 'over-budget'; requestsUsed: number };

export type ChallengesApi = {
  make: { payload: { id: string }; result: { instance: number; public: unknown } };
  check: { payload: { instance: number; answer: unknown }; result: CheckOutcome };
  solve: { payload: { instance: number }; result: { answer: unknown } };
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
  instance: ChallengeInstance<unknown, unknown>;
  requests: number;
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
    held.set(number, { challenge, instance, requests: 0 });
    return { instance: number, public: instance.public };
  },

  check: ({ instance: number, answer }) => {
    const entry = holding(number);
    const { challenge, instance } = entry;
    const object = answerObject(answer);
    if (!object.ok) return { kind: 'invalid', error: object.error };
    const parsed = challenge.parseAnswer(object.value, instance.public);
    if (!parsed.ok) return { kind: 'invalid', error: parsed.error };
    if (challenge.budget && entry.requests >= challenge.budget.requests)
      return { kind: 'over-budget', requestsUsed: entry.requests };
    entry.requests++;
    return {
      kind: 'verdict',
      verdict: challenge.check(instance.public, instance.secret, parsed.value),
      requestsUsed: entry.requests,
    };
  },

  solve: ({ instance: number }) => {
    const { challenge, instance } = holding(number);
    return { answer: solveInstance(challenge, instance) };
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
