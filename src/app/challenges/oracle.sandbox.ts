/**
 * A learner's attack script (`async function attack(oracle)`), run in the app's sandbox
 * (src/platform/sandbox/): a fresh one for every run, removed after it. The oracle given to the
 * script holds nothing: each method call becomes an event that the challenges worker pulls with
 * `script.next` and answers (a timing, a verdict, or a refusal) in its next `script.next`, from
 * the instance's session outside the sandbox. The secret never comes here, and no verdict is
 * decided here: the worker records every answer the script hands in.
 *
 * The app only pulls; the sandbox only answers (the sandbox protocol's one direction). A script
 * that loops, never calls or never settles just stops answering, and the worker's limit ends it.
 * The learner's code shares this realm and may patch built-ins: what this file uses after the
 * script exists was taken before it, and its promises resolve with nothing (inside.ts).
 */
import { errorText, runClassicScript, serveSandbox } from '../../platform/sandbox/inside';

/** What the script did, as the worker pulls it. */
export type ScriptEvent =
  | { kind: 'call'; id: number; method: string; args: unknown }
  | { kind: 'returned' }
  | { kind: 'threw'; message: string };

/** The worker's answer to a call, sent with the next pull. */
export type CallAnswer =
  | { id: number; ok: true; value: unknown; left: number }
  | { id: number; ok: false; message: string; left: number };

const scope = self as unknown as Record<string, unknown>;
const PromiseConstructor = Promise;
const clone = structuredClone;
const hasOwn = Object.hasOwn;
const freeze = Object.freeze;
const ErrorConstructor = Error;

// A queue without prototype methods (the script may patch Array.prototype.push).
const queue: Record<number, ScriptEvent> = Object.create(null) as Record<number, ScriptEvent>;
let head = 0;
let tail = 0;
let wake: (() => void) | null = null;
const waiting: Record<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }> =
  Object.create(null) as Record<
    number,
    { resolve: (v: unknown) => void; reject: (e: unknown) => void }
  >;
let nextCall = 1;
let left = 0;
let started = false;

function emit(event: ScriptEvent): void {
  queue[tail++] = event;
  const waker = wake;
  wake = null;
  if (waker) waker();
}

/** The next event, once there is one (resolves with nothing: see the header). */
async function nextEvent(): Promise<ScriptEvent> {
  while (head === tail) await new PromiseConstructor<void>((resolve) => (wake = resolve));
  const event = queue[head]!;
  delete queue[head++];
  return event;
}

function makeOracle(methods: string[], constants: Record<string, unknown>): object {
  const oracle: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [name, value] of Object.entries(constants)) oracle[name] = value;
  oracle.left = () => left;
  for (const method of methods)
    oracle[method] = (...args: unknown[]) =>
      new PromiseConstructor((resolve, reject) => {
        let copy: unknown;
        try {
          // Only data crosses: a function or a DOM object among the arguments is refused here.
          copy = clone(args);
        } catch (error) {
          reject(new ErrorConstructor(`oracle.${method}: ${errorText(error)}`));
          return;
        }
        const id = nextCall++;
        waiting[id] = { resolve, reject };
        emit({ kind: 'call', id, method, args: copy });
      });
  return freeze(oracle);
}

function settle(answer: unknown): void {
  if (typeof answer !== 'object' || answer === null) return;
  const { id, ok, value, message, left: remaining } = answer as Record<string, unknown>;
  if (typeof remaining === 'number') left = remaining;
  if (typeof id !== 'number' || !hasOwn(waiting, id)) return;
  const call = waiting[id]!;
  delete waiting[id];
  if (ok === true) call.resolve(value);
  else call.reject(new ErrorConstructor(typeof message === 'string' ? message : 'Refused.'));
}

serveSandbox({
  'script.start': async (payload, reply) => {
    const { code, methods, constants, left: budget } = (payload ?? {}) as Record<string, unknown>;
    if (started || typeof code !== 'string' || !Array.isArray(methods))
      throw new Error('One script per sandbox, as text.');
    started = true;
    left = typeof budget === 'number' ? budget : 0;
    const oracle = makeOracle(
      methods.filter((m): m is string => typeof m === 'string'),
      typeof constants === 'object' && constants !== null
        ? (constants as Record<string, unknown>)
        : {},
    );
    try {
      runClassicScript(code);
    } catch (error) {
      reply({ kind: 'threw', message: `Your script does not run: ${errorText(error)}` });
      return;
    }
    const attack = hasOwn(scope, 'attack') ? scope.attack : undefined;
    if (typeof attack !== 'function') {
      reply({
        kind: 'threw',
        message:
          'Your script defines no function called attack: write it as async function attack(oracle) { … }.',
      });
      return;
    }
    void PromiseConstructor.resolve()
      .then(() => (attack as (oracle: object) => unknown)(oracle))
      .then(
        () => emit({ kind: 'returned' }),
        (error: unknown) =>
          emit({ kind: 'threw', message: `Your script threw: ${errorText(error)}` }),
      );
    reply(await nextEvent());
  },
  'script.next': async (payload, reply) => {
    settle(payload);
    reply(await nextEvent());
  },
});
