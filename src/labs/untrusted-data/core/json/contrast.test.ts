import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  SAMPLE_EVAL_TEXT,
  SAMPLE_MERGE_CONSTRUCTOR,
  SAMPLE_MERGE_TEXT,
  evalJsonDemo,
  mergeDemo,
} from './contrast';

// In Node the tests evaluate with indirect eval; the app uses a blob: module in a worker.
const evaluate = async (expression: string) => (0, eval)(`(${expression}\n)`);

describe('eval of a "JSON" string', () => {
  it('runs the code inside it, while JSON.parse refuses it', async () => {
    const scope = globalThis as Record<string, unknown>;
    try {
      const demo = await evalJsonDemo(SAMPLE_EVAL_TEXT, evaluate);
      expect(demo.jsonParse.ok).toBe(false);
      expect(demo.eval).toEqual({ ok: true, value: '{"user":"alice","theme":"dark"}' });
      expect(demo.newGlobals).toEqual([
        { name: 'stolen', value: `"code ran while parsing: ${typeof postMessage}"` },
      ]);
    } finally {
      delete scope.stolen;
    }
  });

  it('gives the same data as JSON.parse for real JSON, and creates no global', async () => {
    const demo = await evalJsonDemo('{"a": [1, 2, {"b": null}]}', evaluate);
    expect(demo.jsonParse).toEqual({ ok: true, value: '{"a":[1,2,{"b":null}]}' });
    expect(demo.eval).toEqual(demo.jsonParse);
    expect(demo.newGlobals).toEqual([]);
  });
});

describe('prototype pollution through a deep merge', () => {
  const outcome = (text: string, id: string) => {
    const demo = mergeDemo(text);
    if (!demo.ok) throw new Error(demo.message);
    return demo.value.outcomes.find((o) => o.id === id)!;
  };

  it('pollutes Object.prototype with the naive merge, for __proto__ and constructor.prototype', () => {
    for (const text of [SAMPLE_MERGE_TEXT, SAMPLE_MERGE_CONSTRUCTOR]) {
      const naive = outcome(text, 'naive');
      expect(naive.polluted).toEqual([
        { target: 'Object.prototype', name: 'isAdmin', value: 'true' },
      ]);
      expect(naive.freshObject).toBe('({}).isAdmin → true');
    }
    // ...and the demo put Object.prototype back.
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('leaves Object.prototype alone with every fix, and with JSON.parse alone', () => {
    for (const id of ['parse', 'filtered', 'null-prototype', 'clone']) {
      expect(outcome(SAMPLE_MERGE_TEXT, id).polluted, id).toEqual([]);
      expect(outcome(SAMPLE_MERGE_CONSTRUCTOR, id).polluted, id).toEqual([]);
    }
    expect(mergeDemo(SAMPLE_MERGE_TEXT)).toMatchObject({
      ok: true,
      value: { parsedOwnKeys: ['theme', '__proto__'] },
    });
  });

  it('never leaves Object.prototype changed and never throws, whatever the JSON', () => {
    const names = fc.constantFrom(
      '__proto__',
      'constructor',
      'prototype',
      'toString',
      'a',
      'isAdmin',
    );
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.integer(),
        fc.string(),
        fc.boolean(),
        fc.constant(null),
        tie('object'),
      ),
      object: fc.dictionary(names, tie('value'), { maxKeys: 3 }),
    })).object;
    const snapshot = () =>
      [Object.prototype, Object, Function.prototype, Object.prototype.toString].map((o) =>
        Object.getOwnPropertyNames(o)
          .sort()
          .map((name) => [name, Object.getOwnPropertyDescriptor(o, name)!.value]),
      );
    const before = snapshot();
    fc.assert(
      fc.property(json, (object) => {
        mergeDemo(JSON.stringify(object));
        expect(snapshot()).toEqual(before);
      }),
      { numRuns: 500 },
    );
  });

  it('explains input that is not a JSON object', () => {
    expect(mergeDemo('{"a":')).toMatchObject({ ok: false, message: /JSON.parse refused it/ });
    expect(mergeDemo('[1]')).toMatchObject({ ok: false, message: /JSON object/ });
  });
});
