import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatRoute, parseRoute } from './route';

describe('routes', () => {
  it('parses home, labs, params and embeds', () => {
    expect(parseRoute('')).toEqual({ kind: 'home' });
    expect(parseRoute('#/')).toEqual({ kind: 'home' });
    expect(parseRoute('#/hashes?input=a%20b&mode=text')).toEqual({
      kind: 'lab',
      labId: 'hashes',
      params: { input: 'a b', mode: 'text' },
      embed: false,
    });
    expect(parseRoute('#/embed/timing')).toEqual({
      kind: 'lab',
      labId: 'timing',
      params: {},
      embed: true,
    });
    expect(parseRoute('#/<script>')).toEqual({ kind: 'home' });
  });
  it('round-trips any params', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ minLength: 1 }), fc.string()),
        fc.boolean(),
        (params, embed) => {
          const route = { kind: 'lab' as const, labId: 'hashes', params, embed };
          const back = parseRoute(formatRoute(route));
          expect(back).toEqual({ ...route, params: { ...params } });
        },
      ),
    );
  });
});
