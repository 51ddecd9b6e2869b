import { describe, expect, it } from 'vitest';
import {
  checkAnswer,
  makeInstance,
  solveInstance,
  type Challenge,
  type ChallengeInstance,
} from '../../../core/challenge';
import { expectOk } from '../../../core/result';
import {
  UNTRUSTED_DATA_CHALLENGES,
  mergeAdmin,
  pastNaiveScanner,
  posixSystem,
  type CommandPublic,
} from './challenges';
import vectors from './vectors/challenge-pickles.json';

const SEEDS = ['course-2025/student-01', 'course-2025/student-02', 'x'];

function verdict(
  challenge: Challenge,
  instance: ChallengeInstance<unknown, unknown>,
  answer: object,
) {
  return expectOk(checkAnswer(challenge, instance, JSON.stringify(answer)));
}

/** An instance whose command is the one the CPython vectors were made with. */
const vectorInstance = { public: { command: vectors.command }, secret: {} };

describe('pickle challenges, judged against what CPython 3.11 really called (challenge-pickles.json)', () => {
  it('posix-system: solved exactly when pickle.loads called os.system with the command', () => {
    for (const c of vectors.cases) {
      const ranIt = c.called.some(
        (call) => call.callee === 'os.system' && call.args[0] === vectors.command,
      );
      const result = verdict(posixSystem, vectorInstance, { pickleBase64: c.pickle_b64 });
      expect(result.solved, `${c.name} at protocol ${c.protocol}`).toBe(ranIt);
    }
  });

  it('past-naive-scanner: solved when the bytes lack "system" and CPython ran the command directly', () => {
    for (const c of vectors.cases) {
      const result = verdict(pastNaiveScanner, vectorInstance, { pickleBase64: c.pickle_b64 });
      const label = `${c.name} at protocol ${c.protocol}`;
      if (c.contains_system) {
        expect(result.solved, label).toBe(false);
        expect(result.reason, label).toMatch(/found the bytes "system" at offset \d+/);
      } else if (c.name === 'builtins.eval') {
        // CPython ran the command from inside eval's string; the judge, which never runs Python,
        // declines to credit it and says why.
        expect(c.called[0]?.callee).toBe('os.popen');
        expect(result.solved, label).toBe(false);
        expect(result.reason).toMatch(/builtins\.eval, which runs Python code from a string/);
      } else {
        const ranIt = c.called.some((call) => JSON.stringify(call.args).includes(vectors.command));
        const runner = c.name !== 'builtins.print';
        expect(result.solved, label).toBe(ranIt && runner);
      }
    }
  });
});

describe('untrusted-data challenges', () => {
  for (const challenge of UNTRUSTED_DATA_CHALLENGES) {
    it(`${challenge.id}: make, solve, check round-trips and the public part is stable`, () => {
      for (const seed of SEEDS) {
        const instance = makeInstance(challenge, seed);
        expect(makeInstance(challenge, seed)).toEqual(instance);
        expect(JSON.parse(JSON.stringify(instance.public))).toEqual(instance.public);
        const answer = solveInstance(challenge, instance) as object;
        expect(verdict(challenge, instance, answer)).toMatchObject({ solved: true });
      }
    });
  }

  it('gives each instance its own command, so one answer does not solve another', () => {
    const a = makeInstance(posixSystem, 'a');
    const b = makeInstance(posixSystem, 'b');
    expect((a.public as CommandPublic).command).not.toBe((b.public as CommandPublic).command);
    const answer = solveInstance(posixSystem, a) as object;
    expect(verdict(posixSystem, b, answer).reason).toMatch(
      /right function, but the watcher is waiting for exactly 'touch \/tmp\/pwned-[0-9a-f]{6}'/,
    );
  });

  it('explains pickles that import without calling, fail first, or call something else', () => {
    const instance = makeInstance(posixSystem, 'reasons');
    const reason = (hex: string) => verdict(posixSystem, instance, { pickleHex: hex }).reason;
    const ascii = (text: string) => Buffer.from(text, 'latin1').toString('hex');
    expect(reason(ascii('cposix\nsystem\n.'))).toMatch(/imports posix\.system but calls nothing/);
    expect(reason(ascii('(tR.'))).toMatch(/pickle\.loads raises .*before it calls/);
    expect(reason(ascii('cposix\nsystem\n(tR.'))).toMatch(
      /calls posix\.system\(\): right function/,
    );
    expect(reason(ascii('cbuiltins\nprint\n(Vhi\ntR.'))).toMatch(/calls builtins\.print\('hi'\)/);
    expect(reason(ascii('(dp0\n.'))).toMatch(/only builds data/);
  });

  it('merge-admin: judges bodies by the merge model, with reasons', () => {
    const instance = makeInstance(mergeAdmin, 'merge');
    const reason = (body: string) => verdict(mergeAdmin, instance, { body });
    expect(reason('{"constructor": {"prototype": {"isAdmin": 1}}}').solved).toBe(true);
    expect(reason('{"isAdmin": true}').reason).toMatch(/onto the settings object only/);
    expect(reason('{"__proto__": {"isAdmin": false}}').reason).toMatch(
      /Object\.prototype\.isAdmin is now false: on the right object, but falsy/,
    );
    expect(reason('{"theme": "dark"}').reason).toBe(
      'After the merge, user.isAdmin is still undefined.',
    );
    expect(reason('{"constructor": {"name": "x"}}').reason).toMatch(
      /threw TypeError: Cannot assign to read only property 'name'/,
    );
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('rejects malformed answers with a message naming the field', () => {
    const pickle = makeInstance(posixSystem, 'malformed');
    const merge = makeInstance(mergeAdmin, 'malformed');
    const error = (challenge: Challenge, instance: typeof pickle, text: string) => {
      const result = checkAnswer(challenge, instance, text);
      return result.ok ? null : result.error.message;
    };
    expect(error(posixSystem, pickle, '{"pickleHex": "8"}')).toMatch(/^pickleHex: .*two digits/);
    expect(error(posixSystem, pickle, '{"pickleBase64": "@@@@"}')).toMatch(/^pickleBase64: "@"/);
    expect(error(posixSystem, pickle, '{"pickleHex": ""}')).toMatch(/^pickle: the pickle is empty/);
    expect(error(posixSystem, pickle, '{"pickle": "gAM="}')).toMatch(/"pickle" is not a field/);
    expect(
      error(posixSystem, pickle, JSON.stringify({ pickleBase64: 'A'.repeat(90_000) })),
    ).toMatch(/^pickleBase64: 90000 characters is too long/);
    expect(error(mergeAdmin, merge, '{"body": "{nope"}')).toMatch(/^body: JSON\.parse refuses it/);
    expect(error(mergeAdmin, merge, '{"body": "[1]"}')).toMatch(/^body: must be a JSON object/);
    expect(error(mergeAdmin, merge, '{"body": {"__proto__": 1}}')).toMatch(
      /^body: must be a string/,
    );
  });
});
