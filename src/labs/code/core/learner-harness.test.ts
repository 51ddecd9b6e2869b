/**
 * The harness next to the module, and the battery that reaches it only through requests. The
 * module's realm is hostile: here it is this test's realm, patched by "the module" while the
 * harness answers (as in the sandbox, where the patches stay) and restored before the battery
 * reads the answer (as in the battery's own worker, which no patch reaches).
 */
import { describe, expect, test } from 'vitest';
import { PythonRandom } from '../../randomness/core';
import { runBattery, type BatteryOptions } from './battery';
import { md5, PythonRandomModule } from './learner-api';
import type { LearnerModule } from './learner';
import { createLearnerHarness, describeExports, type HarnessEnv } from './learner-harness';
import { inProcessLearner, remoteLearner, type LearnerTransport } from './remote-learner';

const md5Module: LearnerModule = {
  sign: (secret, message) => md5(secret + message),
  verify: (secret, message, tag) => md5(secret + message) === tag,
};

function env(): HarnessEnv {
  let t = 0;
  return { now: () => (t += 0.001), random: new PythonRandomModule(new PythonRandom(1)) };
}

const options: BatteryOptions = {
  now: () => performance.now(),
  secret: 'correct horse battery',
  only: ['length-extension', 'tampering', 'truncation', 'keys-per-use'],
};

/**
 * What a module can do to its realm: the built-ins an in-realm battery (or a careless harness)
 * would use to collect and judge answers now lie. Returns the function that undoes it all.
 */
function patchTheRealm(): () => void {
  const define = Object.defineProperty;
  const remove = Reflect.deleteProperty;
  const undo: (() => void)[] = [];
  const replace = (object: object, key: PropertyKey, descriptor: PropertyDescriptor) => {
    const previous = Object.getOwnPropertyDescriptor(object, key);
    define(object, key, { configurable: true, ...descriptor });
    undo.unshift(() => (previous ? define(object, key, previous) : remove(object, key)));
  };
  const push = Array.prototype.push;
  replace(Array.prototype, 'push', {
    value(this: unknown[], ...items: unknown[]) {
      for (const item of items)
        if (item && typeof item === 'object') {
          const record = item as Record<string, unknown>;
          if (record.accepted === true) record.accepted = false;
          if (record.verdict === 'fail') record.verdict = 'pass';
        }
      return push.apply(this, items);
    },
    writable: true,
  });
  replace(JSON, 'stringify', { value: () => '{}', writable: true });
  for (const key of ['accepted', 'tag', 'problem', 'verdict', 'calls', 'exports'])
    replace(Object.prototype, key, { get: () => undefined, set: () => {} });
  replace(Object.prototype, 'then', { value: (resolve: (v: unknown) => void) => resolve({}) });
  replace(Array, 'isArray', { value: () => false, writable: true });
  replace(Reflect, 'apply', { value: () => 'patched', writable: true });
  replace(Object, 'defineProperty', { value: (o: object) => o, writable: true });
  replace(Math, 'floor', { value: () => 0, writable: true });
  replace(String.prototype, 'slice', { value: () => '', writable: true });
  return () => {
    for (const step of undo) step();
  };
}

/** The harness answering inside a patched realm; the answers checked outside it. */
function patchedLearner(module: LearnerModule) {
  const harness = createLearnerHarness(module, env());
  const send: LearnerTransport = async (op, payload) => {
    const request = structuredClone(payload);
    const restore = patchTheRealm();
    let answer: unknown;
    try {
      answer = harness(op, request);
    } finally {
      restore();
    }
    return structuredClone(answer);
  };
  return remoteLearner(send, describeExports(module));
}

describe('a module that patches built-ins cannot change a verdict', () => {
  test('md5(secret + message) still falls to length extension and cross-purpose replay', async () => {
    const report = await runBattery(patchedLearner(md5Module), options);
    expect(Object.fromEntries(report.results.map((r) => [r.id, r.verdict]))).toEqual({
      'length-extension': 'fail',
      tampering: 'pass',
      truncation: 'pass',
      'keys-per-use': 'fail',
    });
    // The patches are gone again (the test's own realm is intact).
    expect([1].concat([2])).toEqual([1, 2]);
    expect(JSON.stringify({ a: 1 })).toBe('{"a":1}');
    expect(({} as Record<string, unknown>).accepted).toBeUndefined();
  });

  test('the same module unpatched gets the same verdicts', async () => {
    const report = await runBattery(inProcessLearner(md5Module, env()), options);
    expect(report.results.map((r) => r.verdict)).toEqual(['fail', 'pass', 'pass', 'fail']);
  });
});

describe('answers are checked, not trusted', () => {
  test('an over-long tag is refused with its length, and the attacks say why they did not run', async () => {
    const long: LearnerModule = { sign: () => 'a'.repeat(5000), verify: () => true };
    const report = await runBattery(inProcessLearner(long, env()), options);
    expect(report.checkProblem).toMatch(
      /5000 characters or bytes long; the battery takes at most 4096/,
    );
    expect(report.results.every((r) => r.verdict === 'skip')).toBe(true);
  });

  test('a transport that sends garbage ends the attacks as not run, never as a pass', async () => {
    const exports = describeExports(md5Module);
    for (const garbage of [null, {}, [{ accepted: 'yes' }], [{ tag: 42 }], 'pass'] as unknown[]) {
      const lying: LearnerTransport = async () => garbage;
      const report = await runBattery(remoteLearner(lying, exports), options);
      expect(report.checkProblem).toMatch(/malformed answer/);
      expect(report.results.map((r) => r.verdict)).toEqual(['skip', 'skip', 'skip', 'skip']);
    }
  });

  test('a verify that answers a Promise, or a non-boolean, is described', async () => {
    const promising: LearnerModule = { ...md5Module, verify: async () => true };
    const report = await runBattery(inProcessLearner(promising, env()), options);
    expect(report.checkProblem).toMatch(/verify returned a Promise/);
    const truthy: LearnerModule = {
      ...md5Module,
      verify: (s, m, t) => (md5Module.verify!(s, m, t) ? 'yes' : ''),
    };
    const answered = await runBattery(inProcessLearner(truthy, env()), {
      ...options,
      only: ['tampering'],
    });
    expect(answered.results[0]!.verdict).toBe('pass');
    const tries = (answered.results[0]!.evidence as { tries: { note?: string }[] }).tries;
    expect(tries[0]!.note).toBe('verify returned the string "", not true or false');
  });
});

describe('the harness', () => {
  test('copies a tag’s bytes, not the buffer behind them', () => {
    const buffer = new Uint8Array(1 << 20);
    const harness = createLearnerHarness({ sign: () => buffer.subarray(5, 21) }, env());
    const [answer] = harness('sign', {
      secret: 's',
      calls: [{ message: 'm', purpose: 'p' }],
    }) as { tag: Uint8Array }[];
    expect(answer!.tag.byteLength).toBe(16);
    expect(answer!.tag.buffer.byteLength).toBe(16);
  });

  test('tells bytes by their brand, not by instanceof (which the module can answer)', () => {
    const harness = createLearnerHarness({ sign: () => ({ length: 16 }) }, env());
    const hasInstance = Object.getOwnPropertyDescriptor(Uint8Array, Symbol.hasInstance);
    Object.defineProperty(Uint8Array, Symbol.hasInstance, {
      value: () => true,
      configurable: true,
    });
    let answers: unknown;
    try {
      answers = harness('sign', { secret: 's', calls: [{ message: 'm', purpose: 'p' }] });
    } finally {
      if (hasInstance) Object.defineProperty(Uint8Array, Symbol.hasInstance, hasInstance);
      else Reflect.deleteProperty(Uint8Array, Symbol.hasInstance);
    }
    expect(answers).toEqual([{ problem: { kind: 'value', value: { type: 'object' } } }]);
  });

  test('refuses requests it cannot read, and functions the module does not export', () => {
    const harness = createLearnerHarness(md5Module, env());
    expect(() => harness('sign', { calls: [] })).toThrow(/no secret/);
    expect(() =>
      harness('verify', { secret: 's', calls: [{ message: 'm', tag: 1, purpose: 'p' }] }),
    ).toThrow(/neither a string nor bytes/);
    expect(() => harness('tokens-collect', { count: 1, minCount: 1, budgetMs: 0 })).toThrow(
      /no makeToken/,
    );
    expect(() => harness('timing-sample', { visits: [0], batchSize: 1 })).toThrow(/not started/);
    expect(() => harness('eval', {})).toThrow(/Unknown request/);
  });

  test('times verify on the given visits with the clock it was given', () => {
    let t = 0;
    const harness = createLearnerHarness(
      { ...md5Module, verify: (_s, _m, tag) => ((t += (tag as string).length), false) },
      { now: () => t / 1000, random: new PythonRandomModule() },
    );
    const calibration = harness('timing-start', {
      secret: 's',
      message: 'm',
      purpose: 'p',
      guesses: ['ab', 'abcd'],
      minBatchMs: 0.01,
    }) as { batchSize: number };
    expect(calibration.batchSize).toBeGreaterThanOrEqual(1);
    const samples = harness('timing-sample', { visits: [0, 1, 0], batchSize: 4 }) as Float64Array;
    // 2 and 4 "µs" per call on this clock, in nanoseconds.
    expect(samples).toHaveLength(3);
    [2000, 4000, 2000].forEach((ns, i) => expect(samples[i]).toBeCloseTo(ns, 6));
  });
});
