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
  it('parses the challenges, one challenge with an instance, and an embedded challenge', () => {
    expect(parseRoute('#/challenges')).toEqual({ kind: 'challenges' });
    expect(parseRoute('#/challenges/')).toEqual({ kind: 'challenges' });
    expect(parseRoute('#/challenges/randomness/next-reset-key?instance=eyJ9')).toEqual({
      kind: 'challenge',
      challengeId: 'randomness/next-reset-key',
      params: { instance: 'eyJ9' },
      mode: 'normal',
    });
    expect(parseRoute('#/embed/challenge/hashes/md5-collision-suffix')).toEqual({
      kind: 'challenge',
      challengeId: 'hashes/md5-collision-suffix',
      params: {},
      mode: 'embed',
    });
    expect(parseRoute('#/challenges/hashes')).toEqual({ kind: 'home' });
    expect(parseRoute('#/challenges/a/b/c')).toEqual({ kind: 'home' });
    expect(parseRoute('#/embed/challenge')).toEqual({ kind: 'home' });
    expect(parseRoute('#/challenges/<x>/y')).toEqual({ kind: 'home' });
    // Only the exact prefixes count: an embedded lab stays a lab.
    expect(parseRoute('#/embed/hashes')).toMatchObject({ kind: 'lab', labId: 'hashes' });
  });
  it('round-trips challenge routes with any params', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ minLength: 1 }), fc.string()),
        fc.constantFrom('normal', 'embed'),
        (params, mode) => {
          const route = {
            kind: 'challenge' as const,
            challengeId: 'length-extension/unknown-length',
            params,
            mode,
          };
          expect(parseRoute(formatRoute(route))).toEqual({ ...route, params: { ...params } });
        },
      ),
    );
    expect(formatRoute({ kind: 'challenges' })).toBe('#/challenges');
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
