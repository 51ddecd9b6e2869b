import { describe, expect, it } from 'vitest';
import { MAX_ANSWER_CHARS, makeInstance, solveInstance } from '../../core/challenge';
import { CHALLENGES } from '../../labs/challenges';
import { assembleAnswer, fieldOfMessage, valuesFromAnswer, type FormValues } from './answer-form';

const byId = (id: string) => CHALLENGES.find((c) => c.id === id)!;
const values = (
  text: Record<string, string>,
  encoding: FormValues['encoding'] = {},
): FormValues => ({
  text,
  encoding,
  json: '',
});

describe('the answer form', () => {
  it('sends bytes typed in any encoding as the field travels, and hex as typed', () => {
    const known = byId('length-extension/known-length');
    expect(
      assembleAnswer(
        known,
        values({ messageHex: 'a\\x80b', tag: 'AB'.repeat(16) }, { messageHex: 'c' }),
      ),
    ).toEqual({ ok: true, answer: { messageHex: '618062', tag: 'AB'.repeat(16) } });
    const pickle = byId('untrusted-data/posix-system');
    expect(
      assembleAnswer(pickle, values({ pickleBase64: '8004' }, { pickleBase64: 'hex' })),
    ).toEqual({
      ok: true,
      answer: { pickleBase64: 'gAQ=' },
    });
  });

  it('reports malformed hex and base64, an empty field and a megabyte at the field', () => {
    const known = byId('length-extension/known-length');
    const result = assembleAnswer(known, values({ messageHex: 'zz', tag: '' }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fields.messageHex).toMatch(/hex/i);
    expect(result.fields.tag).toBe('Tag (hex): empty.');
    const pickle = byId('untrusted-data/posix-system');
    const b64 = assembleAnswer(pickle, values({ pickleBase64: 'ab$c' }));
    expect(!b64.ok && b64.fields.pickleBase64).toMatch(/"\$" is not a base64 character/);
    const huge = assembleAnswer(
      byId('randomness/next-reset-key'),
      values({ key: 'x'.repeat(1_000_000) }),
    );
    expect(!huge.ok && huge.fields.key).toMatch(/1,000,000 characters is too long/);
    expect(MAX_ANSWER_CHARS).toBeLessThan(1_000_000);
  });

  it('puts the server’s field messages under their field', () => {
    const pickle = byId('untrusted-data/posix-system');
    expect(fieldOfMessage(pickle, 'pickle: the pickle is empty (zero bytes).')).toBe(null);
    expect(fieldOfMessage(pickle, 'pickleBase64: bad')).toBe('pickleBase64');
    expect(
      fieldOfMessage(
        pickle,
        'Give the bytes as exactly one of "pickleHex" (hex) or "pickleBase64" (base64).',
      ),
    ).toBe('pickleBase64');
    const known = byId('length-extension/known-length');
    expect(
      fieldOfMessage(known, 'tag: MD5 tags are 16 bytes (32 hex digits), but this one is 3 bytes.'),
    ).toBe('tag');
    expect(fieldOfMessage(known, 'The answer is empty.')).toBe(null);
  });

  for (const challenge of CHALLENGES)
    it(`${challenge.id}: "Show me" fills the form with an answer that reassembles to itself`, () => {
      const instance = makeInstance(challenge, 'form');
      const answer = solveInstance(challenge, instance) as Record<string, unknown>;
      const filled = valuesFromAnswer(challenge, answer);
      const again = assembleAnswer(challenge, filled);
      expect(again).toEqual({ ok: true, answer });
    });

  it('sends numbers as numbers, a choice as its value, and checked items as a list of ids', () => {
    const claim = byId('timing/constant-time');
    expect(
      assembleAnswer(claim, values({ tagBytes: '12', bytesLeak: '1', samplesPerCandidate: '256' })),
    ).toEqual({ ok: true, answer: { tagBytes: 12, bytesLeak: false, samplesPerCandidate: 256 } });
    expect(
      assembleAnswer(claim, values({ tagBytes: '1e3', samplesPerCandidate: '256' })),
    ).toMatchObject({ ok: false, fields: { tagBytes: expect.stringMatching(/whole number/) } });
    const supply = byId('untrusted-data/fewest-defences');
    expect(assembleAnswer(supply, values({ defences: 'lock,log' }))).toEqual({
      ok: true,
      answer: { defences: ['lock', 'log'] },
    });
    expect(assembleAnswer(supply, values({}))).toEqual({ ok: true, answer: { defences: [] } });
    // "Show me"'s answers fill the same inputs back.
    expect(
      valuesFromAnswer(claim, { tagBytes: 9, bytesLeak: false, samplesPerCandidate: 256 }).text,
    ).toEqual({ tagBytes: '9', bytesLeak: '1', samplesPerCandidate: '256' });
    expect(valuesFromAnswer(supply, { defences: ['sha256'] }).text).toEqual({ defences: 'sha256' });
  });
});
