import { describe, expect, it } from 'vitest';
import { RECAPS } from './recaps';
import { LABS } from './registry';

describe('recaps', () => {
  it('every lab has 3–5 questions, each with one right option and an explanation per option', () => {
    expect(Object.keys(RECAPS).sort()).toEqual(LABS.map((l) => l.id).sort());
    for (const lab of LABS) {
      const questions = RECAPS[lab.id]!;
      expect(questions.length, lab.id).toBeGreaterThanOrEqual(3);
      expect(questions.length, lab.id).toBeLessThanOrEqual(5);
      expect(new Set(questions.map((q) => q.id)).size).toBe(questions.length);
      for (const q of questions) {
        const where = `${lab.id}/${q.id}`;
        expect(q.question.trim(), where).not.toBe('');
        expect(q.options.length, where).toBeGreaterThanOrEqual(2);
        expect(
          q.options.filter((o) => o.right),
          where,
        ).toHaveLength(1);
        expect(new Set(q.options.map((o) => o.text)).size, where).toBe(q.options.length);
        for (const o of q.options) expect(o.why.length, `${where}: ${o.text}`).toBeGreaterThan(20);
      }
    }
  });
});
