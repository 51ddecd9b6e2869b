import { describe, expect, it } from 'vitest';
import { MAX_ANSWER_ITEMS, MAX_ANSWER_TEXT, parseEvalAnswer, parseMergeAnswer } from './answers';
import { SAMPLE_MERGE_TEXT, evalJsonDemo, mergeDemo } from './contrast';

describe('the eval demo’s answer', () => {
  it('passes a real answer unchanged', async () => {
    const demo = await evalJsonDemo('{"a": 1}', async (text) => (0, eval)(`(${text})`));
    expect(parseEvalAnswer(structuredClone(demo))).toEqual({ ok: true, value: demo });
  });

  it('cuts long texts and long lists instead of showing them whole', () => {
    const parsed = parseEvalAnswer({
      jsonParse: { ok: false, message: 'x'.repeat(1 << 20) },
      eval: { ok: true, value: 'y' },
      newGlobals: Array.from({ length: 10_000 }, (_, i) => ({ name: `g${i}`, value: '1' })),
    });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.jsonParse.ok).toBe(false);
    const message = parsed.value.jsonParse.ok ? '' : parsed.value.jsonParse.message;
    expect(message.length).toBeLessThan(MAX_ANSWER_TEXT + 50);
    expect(message).toMatch(/… \(\d+ more characters\)$/);
    expect(parsed.value.newGlobals).toHaveLength(MAX_ANSWER_ITEMS);
  });

  it('refuses an answer of the wrong shape', () => {
    for (const value of [
      null,
      'done',
      { jsonParse: { ok: true, value: 1 }, eval: { ok: true, value: 'x' }, newGlobals: [] },
      { jsonParse: { ok: true, value: 'x' }, eval: { ok: 'yes' }, newGlobals: [] },
      { jsonParse: { ok: true, value: 'x' }, eval: { ok: true, value: 'x' }, newGlobals: {} },
      {
        jsonParse: { ok: true, value: 'x' },
        eval: { ok: true, value: 'x' },
        newGlobals: [{ name: 'a', value: { html: '<b>' } }],
      },
    ])
      expect(parseEvalAnswer(value)).toMatchObject({
        ok: false,
        error: { code: 'sandbox/malformed' },
      });
  });
});

describe('the merge demo’s answer', () => {
  it('passes a real answer, and a refusal to merge', () => {
    const demo = mergeDemo(SAMPLE_MERGE_TEXT);
    expect(parseMergeAnswer(structuredClone(demo))).toEqual({ ok: true, value: demo });
    const refusal = mergeDemo('[1]');
    expect(parseMergeAnswer(refusal)).toEqual({ ok: true, value: refusal });
  });

  it('refuses outcomes that are missing, repeated or unknown', () => {
    const demo = mergeDemo(SAMPLE_MERGE_TEXT);
    if (!demo.ok) throw new Error(demo.message);
    const outcomes = demo.value.outcomes;
    const variants = [
      { ...demo.value, outcomes: outcomes.slice(1) },
      { ...demo.value, outcomes: [outcomes[0], ...outcomes.slice(0, -1)] },
      { ...demo.value, outcomes: outcomes.map((o, i) => (i === 0 ? { ...o, id: 'eval' } : o)) },
      {
        ...demo.value,
        outcomes: outcomes.map((o, i) => (i === 0 ? { ...o, polluted: 'all' } : o)),
      },
    ];
    for (const value of variants)
      expect(parseMergeAnswer({ ok: true, value })).toMatchObject({ ok: false });
    expect(parseMergeAnswer({ ok: false, message: 42 })).toMatchObject({ ok: false });
  });
});
