import { createContext, runInContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { naiveMerge } from './contrast';
import { runMergeModel } from './merge-model';

/**
 * The real naiveMerge on V8's real objects, in a fresh realm per body: the settings object and the
 * parsed body come from that realm, so whatever the merge pollutes is that realm's Object.prototype,
 * never this process's.
 */
function runInFreshRealm(body: string) {
  const context = createContext({});
  const parse = runInContext('JSON.parse', context) as (text: string) => Record<string, unknown>;
  const settings = runInContext('({ theme: "light", language: "en" })', context) as Record<
    string,
    unknown
  >;
  let threw: string | null = null;
  try {
    naiveMerge(settings, parse(body));
  } catch (error) {
    threw = (error as Error).name;
  }
  const isAdmin = runInContext(
    'const user = { name: "guest" }; typeof user.isAdmin === "function" ? "function" : JSON.stringify(user.isAdmin) ?? "undefined"',
    context,
  ) as string;
  const truthy = runInContext('!!({ name: "guest" }).isAdmin', context) as boolean;
  return { truthy, isAdmin, threw };
}

function runModel(body: string) {
  const outcome = runMergeModel(JSON.parse(body) as Record<string, unknown>);
  return {
    truthy: outcome.userIsAdmin,
    isAdmin: outcome.userIsAdminValue.startsWith('[function')
      ? 'function'
      : outcome.userIsAdminValue,
    threw: outcome.threw?.split(':')[0] ?? null,
  };
}

const CASES = [
  '{"theme": "dark"}',
  '{"isAdmin": true}',
  '{"__proto__": {"isAdmin": true}}',
  '{"__proto__": {"isAdmin": 0}}',
  '{"__proto__": {"isAdmin": "yes"}}',
  '{"__proto__": {"isAdmin": [1]}}',
  '{"constructor": {"prototype": {"isAdmin": true}}}',
  '{"constructor": {"name": "x"}, "__proto__": {"isAdmin": true}}',
  '{"__proto__": {"isAdmin": true}, "constructor": {"name": "x"}}',
  '{"constructor": {"prototype": 5}}',
  '{"__proto__": {"__proto__": {"isAdmin": true}}}',
  '{"__proto__": {"__proto__": null}}',
  '{"__proto__": null, "isAdmin": true}',
  '{"__proto__": 5}',
  '{"toString": {"isAdmin": true}}',
  '{"constructor": {"constructor": {"prototype": {"isAdmin": true}}}}',
  '{"__proto__": {"k": [1, 2]}, "k": {"constructor": {"prototype": {"isAdmin": true}}}}',
  '{"__proto__": {"k": [1, 2]}, "k": {"length": 0}}',
  '{"__proto__": {"k": [1, 2]}, "k": {"length": -1}}',
  '{"__proto__": {"k": {"isAdmin": true}}, "k": {"__proto__": {"isAdmin": 1}}}',
  '{"__proto__": {"a": {"x": 1}}, "b": {"a": {"isAdmin": true}}}',
  '{"__proto__": {"isAdmin": true}, "b": {"c": 1}}',
  '{"a": {"__proto__": {"isAdmin": true}}}',
  '{"theme": {"__proto__": {"isAdmin": true}}}',
  '{"2": 1, "1": {"__proto__": {"isAdmin": true}}}',
];

describe('the merge model agrees with V8 running naiveMerge', () => {
  it('on bodies chosen for the corners of the merge', () => {
    for (const body of CASES) expect(runModel(body), body).toEqual(runInFreshRealm(body));
  });

  it('on random bodies built from the keys that matter', () => {
    const key = fc.constantFrom(
      '__proto__',
      'constructor',
      'prototype',
      'isAdmin',
      'theme',
      'toString',
      'name',
      'length',
      'k',
      '0',
      '3',
    );
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constantFrom(true, false, null, 0, 1, -1, 2.5, '', 'x', '3'),
        fc.array(tie('value'), { maxLength: 3 }),
        fc.dictionary(key, tie('value'), { maxKeys: 4 }),
      ),
    }));
    // fc.dictionary writes "__proto__" as a plain key only through JSON text, so go through it.
    const body = fc
      .array(fc.tuple(key, value), { maxLength: 5 })
      .map(
        (entries) =>
          `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')}}`,
      );
    fc.assert(
      fc.property(body, (text) => {
        expect(runModel(text), text).toEqual(runInFreshRealm(text));
      }),
      { numRuns: 400 },
    );
  });

  it('leaves this realm untouched', () => {
    runMergeModel(JSON.parse('{"__proto__": {"isAdmin": true}}') as Record<string, unknown>);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });
});
