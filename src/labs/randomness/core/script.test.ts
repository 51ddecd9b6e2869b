import { describe, expect, it } from 'vitest';
import { hasPython, runScript, runScriptOk } from '../../../../scripts/run-exported-script';
import { expectOk } from '../../../core/result';
import { playCloneScenario, pythonRandomVictim } from './clone-scenario';
import { DEFAULT_ALPHABET } from './key-format';
import { cloneFromOutputs, predictAfter } from './mt-clone';
import { cloneScript, seedSearchScript } from './script';
import { searchSeeds } from './seed-search';

/** CPython itself: outputs of a seeded generator, then the key it really makes next. */
function pythonSession(seed: number, count: number, alphabet: string, length: number) {
  const run = runScriptOk(
    'python',
    [
      'import json, random, sys',
      `r = random.Random(${seed})`,
      `outputs = [r.getrandbits(32) for _ in range(${count})]`,
      `alphabet = json.loads(sys.argv[1])`,
      `key = ''.join(r.choice(alphabet) for i in range(${length}))`,
      'print(json.dumps({"outputs": outputs, "key": key}))',
    ].join('\n'),
    { args: [JSON.stringify(alphabet)] },
  );
  return JSON.parse(run) as { outputs: number[]; key: string };
}

const nextKey = (output: string) => /^next key: (.*)$/m.exec(output)?.[1];

describe.skipIf(!hasPython)('the MT clone script', () => {
  it.each([
    { seed: 20120310, count: 624, alphabet: DEFAULT_ALPHABET, length: 50 },
    { seed: 7, count: 1000, alphabet: 'ab', length: 40 },
    { seed: 99, count: 700, alphabet: `é'"\\ \u{1f600}xyz\t`, length: 12 },
  ])(
    'predicts the key CPython makes next, as the core does ($count outputs, $length characters)',
    ({ seed, count, alphabet, length }) => {
      const session = pythonSession(seed, count, alphabet, length);
      const clone = expectOk(cloneFromOutputs(session.outputs));
      const core = predictAfter(clone, { next: 0, alphabet, length }).key;
      expect(core).toBe(session.key);
      const printed = runScriptOk('python', cloneScript({ ...session, alphabet, length }));
      expect(nextKey(printed)).toBe(session.key);
      expect(printed).toContain(`cloned from ${count} outputs`);
    },
  );

  it('reproduces the victim shop: the reset key the lab predicted from its 624 order numbers', () => {
    const result = playCloneScenario({
      victim: pythonRandomVictim(Uint32Array.from({ length: 624 }, (_, i) => i * 2654435761)),
      alphabet: DEFAULT_ALPHABET,
      keyLength: 50,
      adminKeyLength: 50,
    });
    expect(result.resetKeyMatches).toBe(true);
    const script = cloneScript({
      outputs: result.victim.orderNumbers,
      alphabet: DEFAULT_ALPHABET,
      length: 50,
    });
    expect(nextKey(runScriptOk('python', script))).toBe(result.attack.predictedResetKey);
  });

  it('reads the outputs from a file named on the command line, and refuses a broken stream', () => {
    const session = pythonSession(3, 630, 'abc', 20);
    const script = cloneScript({ outputs: session.outputs, alphabet: 'abc', length: 20 });
    // Another session's outputs in a printed list: the file wins over the embedded ones.
    const other = pythonSession(4, 624, 'abc', 20);
    const fromFile = runScriptOk('python', script, {
      args: ['outputs.txt'],
      files: { 'outputs.txt': `[${other.outputs.join(', ')}]\n` },
    });
    expect(nextKey(fromFile)).toBe(other.key);

    const broken = session.outputs.slice();
    broken[627] = (broken[627]! + 1) >>> 0;
    const run = runScript('python', script, {
      args: ['broken.txt'],
      files: { 'broken.txt': broken.join('\n') },
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('Value 628 is not what the first 624 predict');
  });

  it('embeds the outputs as the lab showed them, one list a reader can check', () => {
    const outputs = Array.from({ length: 624 }, (_, i) => (i * 2654435761) >>> 0);
    const script = cloneScript({ outputs, alphabet: 'abc', length: 5 });
    expect(script).toContain(`${outputs[0]} ${outputs[1]} ${outputs[2]}`);
    expect(script).toContain("ALPHABET = 'abc'");
    expect(script).toContain('LENGTH = 5');
    for (const line of script.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });
});

describe.skipIf(!hasPython)('the time-seed search script', () => {
  const BASE36 = 'abcdefghijklmnopqrstuvwxyz0123456789';

  it('finds the seed the lab finds: its sample key, made by CPython after random.seed(1700001389)', () => {
    const query = {
      from: 1700000000,
      to: 1700003599,
      alphabet: BASE36,
      key: 'bhhyw1x42b9xdr875acxm1sufltmn5mq',
    };
    expect(searchSeeds(query).seed).toBe(1700001389);
    expect(runScriptOk('python', seedSearchScript(query))).toBe('seed found: 1700001389\n');
  });

  it('finds a seed CPython really used, and reports none for a key from outside the window', () => {
    const alphabet = `${DEFAULT_ALPHABET}'\\é`;
    const key = (seed: number) =>
      runScriptOk(
        'python',
        `import random, sys, json\nrandom.seed(${seed})\nprint(json.dumps(''.join(random.choice(json.loads(sys.argv[1])) for i in range(24))))`,
        { args: [JSON.stringify(alphabet)] },
      );
    const inside = JSON.parse(key(1234)) as string;
    const query = { from: 1000, to: 2000, alphabet, key: inside };
    expect(searchSeeds(query).seed).toBe(1234);
    expect(runScriptOk('python', seedSearchScript(query))).toBe('seed found: 1234\n');

    const outside = JSON.parse(key(5000)) as string;
    const missing = { ...query, key: outside };
    expect(searchSeeds(missing).seed).toBeNull();
    expect(runScriptOk('python', seedSearchScript(missing))).toBe(
      'no seed from 1000 to 2000 makes this key\n',
    );
  });
});
