import { describe, expect, it } from 'vitest';
import { timingVerdict } from './attack-timing';
import { blankCommentsAndStrings, functionBody, scanVerifyCompare } from './compare-scan';
import { PRESETS, PRESET_IDS } from './presets';

describe('scanVerifyCompare', () => {
  it('reads each preset as the talk describes it', () => {
    const kinds = Object.fromEntries(
      PRESET_IDS.map((id) => [id, scanVerifyCompare(PRESETS[id].code).kind]),
    );
    expect(kinds).toEqual({
      md5: 'early-exit',
      'sha256-eq': 'early-exit',
      'xor-compare': 'accumulate',
      'math-random': 'constant-time-api',
      'python-random': 'constant-time-api',
      'no-length-check': 'accumulate',
      hmac: 'constant-time-api',
      blank: expect.any(String),
    });
  });

  it('names the operator and where it is', () => {
    expect(scanVerifyCompare(PRESETS.md5.code)).toEqual({
      kind: 'early-exit',
      where: 'verify',
      how: '===',
    });
    expect(scanVerifyCompare(PRESETS['sha256-eq'].code)).toMatchObject({
      kind: 'early-exit',
      where: 'equals',
    });
  });

  it.each([
    ['== in JavaScript', 'function verify(s, m, t) { return sign(s, m) == t; }', 'early-exit'],
    [
      '!== on the tag',
      'function verify(s, m, tag) { if (sign(s, m) !== tag) return false; return true; }',
      'early-exit',
    ],
    ['startsWith', 'const verify = (s, m, t) => sign(s, m).startsWith(t);', 'early-exit'],
    [
      'an arrow with a helper',
      'const verify = (s, m, t) => same(sign(s, m), t);\nfunction same(a, b) { for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false; return true; }',
      'early-exit',
    ],
    [
      'timingSafeEqual',
      'export function verify(s: string, m: string, t: string): boolean { return timingSafeEqual(sign(s, m), t); }',
      'constant-time-api',
    ],
    [
      'a compare only in a comment',
      'function verify(s, m, t) {\n  // never use sign(s, m) === t\n  return check(sign(s, m), t);\n}',
      'unknown',
    ],
    [
      'a compare only in a string',
      "function verify(s, m, t) { log('a === b'); return check(sign(s, m), t); }",
      'unknown',
    ],
    ['no verify at all', 'export function sign(s, m) { return md5(s + m); }', 'unknown'],
    [
      'a length check alone is not a compare of values',
      'function verify(s, m, t) { if (t.length !== 32) return false; return check(sign(s, m), t); }',
      'unknown',
    ],
  ])('%s', (_name, source, kind) => {
    expect(scanVerifyCompare(source).kind).toBe(kind);
  });

  it('gives up on a huge module instead of scanning it', () => {
    const huge = `function verify(s, m, t) { return timingSafeEqual(sign(s, m), t); }\n${'// x\n'.repeat(60_000)}`;
    expect(scanVerifyCompare(huge).kind).toBe('unknown');
  });

  it('survives unterminated comments and strings', () => {
    for (const source of [
      'function verify(a, b, c) { /* ',
      "function verify(a, b, c) { '",
      'function verify(',
      '`',
    ])
      expect(() => scanVerifyCompare(source)).not.toThrow();
    expect(blankCommentsAndStrings("a = 'x=='; // y\nb")).toBe("a = '   ';     \nb");
    expect(functionBody('function f(a: { x: number }) { return a.x; }', 'f')).toBe(' return a.x; ');
  });
});

describe('timingVerdict', () => {
  const reason = 'slope 0.0 ns per character, within its spread';
  it('never passes on no slope alone', () => {
    expect(timingVerdict(false, reason, 'character', { kind: 'unknown' }).verdict).toBe(
      'unmeasured',
    );
  });
  it('flags an early exit the clock could not see, as the md5 preset’s ===', () => {
    const v = timingVerdict(false, reason, 'character', scanVerifyCompare(PRESETS.md5.code));
    expect(v.verdict).toBe('warn');
    expect(v.headline).toMatch(/^Not measurable here, but not safe: verify compares with ===/);
  });
  it('passes a constant-time compare with no slope', () => {
    expect(timingVerdict(false, reason, 'byte', scanVerifyCompare(PRESETS.hmac.code)).verdict).toBe(
      'pass',
    );
  });
  it('fails a measured leak whatever the source says', () => {
    expect(timingVerdict(true, reason, 'byte', scanVerifyCompare(PRESETS.hmac.code)).verdict).toBe(
      'fail',
    );
  });
});
