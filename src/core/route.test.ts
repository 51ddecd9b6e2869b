import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatRoute, parseRoute } from './route';

describe('routes', () => {
  it('parses home, labs, params, embeds and presenter mode', () => {
    expect(parseRoute('')).toEqual({ kind: 'home' });
    expect(parseRoute('#/')).toEqual({ kind: 'home' });
    expect(parseRoute('#/hashes?input=a%20b&mode=text')).toEqual({
      kind: 'lab',
      labId: 'hashes',
      params: { input: 'a b', mode: 'text' },
      mode: 'normal',
    });
    expect(parseRoute('#/embed/timing')).toEqual({
      kind: 'lab',
      labId: 'timing',
      params: {},
      mode: 'embed',
    });
    expect(parseRoute('#/present/timing?step=2')).toMatchObject({
      mode: 'present',
      params: { step: '2' },
    });
    expect(parseRoute('#/<script>')).toEqual({ kind: 'home' });
    expect(parseRoute('#/embed/')).toEqual({ kind: 'home' });
  });
  it('round-trips any params in every mode', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ minLength: 1 }), fc.string()),
        fc.constantFrom('normal', 'embed', 'present'),
        (params, mode) => {
          const route = { kind: 'lab' as const, labId: 'hashes', params, mode };
          const back = parseRoute(formatRoute(route));
          expect(back).toEqual({ ...route, params: { ...params } });
        },
      ),
    );
  });
});
