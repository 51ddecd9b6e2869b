/** Tag encodings, token decoders, the compiler wrapper and the share codec: parsers of what the learner's code or a link gives. */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  compileLearnerCode,
  importRefusal,
  MAX_SOURCE_LENGTH,
  SCRIPT_GLOBAL,
  stripTypes,
} from './compile';
import { decodeCode, encodeCode, parseReportSummary, summarizeReport } from './share';
import {
  decodeTag,
  encodeTag,
  flipTagBit,
  guessWithPrefix,
  truncateTag,
  type TagFormat,
} from './tag-format';
import {
  decodeMathRandomTokens,
  decodeMtTokens,
  doublesPrintingAs,
  lastCertainRun,
} from './token-decoders';
import { bytesToBase64 } from '../../../core/bytes';

const formats: TagFormat[] = [
  { kind: 'hex', upper: false },
  { kind: 'hex', upper: true },
  { kind: 'base64', url: false, padded: true },
  { kind: 'base64', url: true, padded: false },
  { kind: 'bytes' },
];

describe('tags', () => {
  test('a tag decodes to its digest and re-encodes to itself, in every encoding', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(16, 20, 32, 64).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
        fc.constantFrom(...formats),
        (digest, format) => {
          const tag = encodeTag(format, digest);
          const decoded = decodeTag(tag)!;
          expect(decoded.digest).toEqual(digest);
          expect(encodeTag(decoded.format, decoded.digest)).toEqual(tag);
        },
      ),
    );
  });

  test('a flipped bit changes exactly one bit of the digest; a guess first differs where asked', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 64 }),
        fc.nat(),
        fc.constantFrom(...formats),
        (digest, bit, format) => {
          const decoded = decodeTag(encodeTag(format, digest))!;
          const flipped = decodeTag(flipTagBit(decoded, bit % (digest.length * 8)))!.digest;
          let differing = 0;
          for (let i = 0; i < digest.length; i++)
            differing += ((digest[i]! ^ flipped[i]!).toString(2).match(/1/g) ?? []).length;
          expect(differing).toBe(1);
          const tag = encodeTag(format, digest);
          const k = bit % tag.length;
          const guess = guessWithPrefix(tag, k, decoded.format);
          expect(guess.length).toBe(tag.length);
          for (let i = 0; i < tag.length; i++) expect(guess[i] === tag[i]).toBe(i < k);
          if (format.kind === 'hex')
            expect(guess).toMatch(format.upper ? /^[0-9A-F]+$/ : /^[0-9a-f]+$/);
        },
      ),
    );
    expect(truncateTag('abcdef', 2)).toBe('ab');
    expect(decodeTag(42)).toBeNull();
    expect(decodeTag('✓✓')).toBeNull();
  });
});

describe('token decoders', () => {
  const doubles = fc.bigInt({ min: 0n, max: 2n ** 53n - 1n }).map((k) => Number(k) / 2 ** 53);

  test('every Math.random value is among the doubles its printed form decodes to, in every radix', () => {
    fc.assert(
      fc.property(
        doubles,
        fc.constantFrom(2, 8, 10, 16, 32, 36),
        fc.boolean(),
        (x, radix, keepPrefix) => {
          const text = x.toString(radix);
          fc.pre(!text.includes('e') && text.startsWith('0.'));
          const token = keepPrefix ? text : text.slice(2);
          expect(doublesPrintingAs(token, radix)).toContain(x);
        },
      ),
      { numRuns: 500 },
    );
  });

  test('a token set decodes only when every token fits one radix', () => {
    const xs = [0.5, 0.25, 0.125 + 2 ** -53];
    expect(decodeMathRandomTokens(xs.map((x) => x.toString(36).slice(2)))!.radix).toBe(36);
    expect(decodeMathRandomTokens(xs.map(String))!.radix).toBe(10);
    expect(decodeMathRandomTokens(['hello', 'world!'])).toBeNull();
    expect(decodeMathRandomTokens(['0.5', '5'])).toBeNull();
  });

  test('getrandbits(32) outputs are read from decimal or 8-hex-digit groups', () => {
    expect(decodeMtTokens(['1', '4294967295'])!.words).toEqual([1, 4294967295]);
    expect(decodeMtTokens(['4294967296'])).toBeNull();
    expect(decodeMtTokens(['0000000aFFFFFFFF'])!.words).toEqual([10, 0xffffffff]);
    expect(decodeMtTokens(['abc'])).toBeNull();
  });

  test('the last run of single-candidate tokens is found', () => {
    expect(lastCertainRun([[1], [2], [3, 4], [5], [6]], 2)).toEqual([3, 5]);
    expect(lastCertainRun([[1], [2], [3, 4], [5], [6]], 3)).toBeNull();
    expect(lastCertainRun([[1], [2], [3], [4, 5]], 3)).toEqual([0, 3]);
  });
});

describe('compiling the learner’s code', () => {
  test('TypeScript becomes one async function with the exports on an object', () => {
    const compiled = compileLearnerCode(
      'export function sign(a: string): string { return a; }',
      'typescript',
    );
    expect(compiled.ok && compiled.value).toMatch(
      /^export default async function \(exports, require\) \{.*exports\.sign = sign/s,
    );
  });

  test('as a classic script, the same function lands on a global the sandbox takes', async () => {
    const compiled = compileLearnerCode(
      'export function sign(a: string): string { return a + "!"; }\nexport const n = 2;',
      'typescript',
      'script',
    );
    if (!compiled.ok) throw new Error(compiled.error.message);
    expect(compiled.value).not.toMatch(/\bexport\b/);
    const scope = globalThis as unknown as Record<string, unknown>;
    new Function(compiled.value)();
    const fn = scope[SCRIPT_GLOBAL] as (exports: object, require: unknown) => Promise<void>;
    delete scope[SCRIPT_GLOBAL];
    const exports: Record<string, unknown> = {};
    await fn(exports, () => {});
    expect((exports.sign as (a: string) => string)('hi')).toBe('hi!');
    expect(exports.n).toBe(2);
  });

  test('a syntax error says where, on the learner’s own line numbers', () => {
    const result = compileLearnerCode('export function sign() {\n  return (;\n}', 'typescript');
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'compile/syntax', line: 2, column: 11 },
    });
    expect(!result.ok && result.error.message).toMatch(/^Syntax error on line 2, column 11/);
    expect(compileLearnerCode('let x: number = 1;', 'javascript').ok).toBe(false);
    expect(compileLearnerCode('x'.repeat(MAX_SOURCE_LENGTH + 1), 'javascript')).toMatchObject({
      ok: false,
      error: { code: 'compile/too-long' },
    });
  });

  test('imports, static or dynamic, become require calls the sandbox refuses', () => {
    const result = compileLearnerCode(
      "import { x } from 'https://example.com/x.js';\nexport const y = x;\nexport const z = () => import('./other.js');",
      'typescript',
    );
    expect(result.ok && result.value).not.toMatch(/\bimport\s*\(|\bimport\s+\{/);
    expect(result.ok && result.value).toMatch(/require\('https:\/\/example\.com\/x\.js'\)/);
    expect(importRefusal('fs')).toMatch(/not available in the sandbox/);
  });

  test('stripping types keeps the module syntax', () => {
    const stripped = stripTypes('export function f(a: string): number { return a.length; }');
    expect(stripped.ok && stripped.value.trim()).toBe('export function f(a) { return a.length; }');
  });

  test('any input compiles or fails with a message, never throws', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 200 }),
        fc.constantFrom('typescript', 'javascript'),
        (source, language) => {
          const result = compileLearnerCode(source, language);
          if (!result.ok) expect(result.error.message.length).toBeGreaterThan(0);
        },
      ),
    );
  });
});

describe('share links', () => {
  test('code round-trips through the link, and the link is URL-safe', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 400 }), async (code) => {
        const param = await encodeCode(code);
        expect(param).toMatch(/^1[A-Za-z0-9_-]*$/);
        expect(await decodeCode(param)).toEqual({ ok: true, value: code });
      }),
      { numRuns: 60 },
    );
  });

  test('a damaged link gives a typed error, never an exception', async () => {
    const good = await encodeCode('export function sign() { return "x"; }');
    expect(await decodeCode('2' + good.slice(1))).toMatchObject({
      ok: false,
      error: { code: 'share/version' },
    });
    expect(await decodeCode('1@@@')).toMatchObject({ ok: false, error: { code: 'share/base64' } });
    expect(await decodeCode(good.slice(0, good.length - 6))).toMatchObject({ ok: false });
    expect(
      await decodeCode('1' + bytesToBase64(new Uint8Array([0xff, 0xfe, 0x00]), { url: true })),
    ).toMatchObject({ ok: false, error: { code: 'share/corrupt' } });
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 60 }), async (junk) => {
        const result = await decodeCode(junk);
        if (!result.ok) expect(result.error.code).toMatch(/^share\//);
      }),
      { numRuns: 100 },
    );
  });

  test('a decompression bomb is refused', async () => {
    const huge = await encodeCode('a'.repeat(MAX_SOURCE_LENGTH * 5));
    expect(await decodeCode(huge)).toMatchObject({ ok: false, error: { code: 'share/too-long' } });
  });

  test('the report summary round-trips; a damaged one is refused', () => {
    const results = [
      { id: 'length-extension', verdict: 'fail' },
      { id: 'timing', verdict: 'pass' },
      { id: 'tokens', verdict: 'warn' },
    ] as const;
    expect(summarizeReport(results)).toBe('length-extension:fail,timing:pass,tokens:warn');
    expect(parseReportSummary(summarizeReport(results))).toEqual({ ok: true, value: results });
    for (const bad of [
      '',
      'timing',
      'timing:maybe',
      'nope:pass',
      'timing:pass,timing:fail',
      'timing:pass:x',
    ])
      expect(parseReportSummary(bad)).toMatchObject({ ok: false, error: { code: 'share/report' } });
  });
});
