import { describe, expect, it } from 'vitest';
import { statisticsSummary } from './entropy-summary';

const pass = { statistic: 0, pValue: 0.5, passed: true };
const report = (label: string, monobit = pass) => ({
  label,
  tests: { monobit, runs: pass, chiSquare: pass },
});

describe('statisticsSummary', () => {
  it('says all pass only when all pass', () => {
    const all = statisticsSummary([report('a'), report('b')]);
    expect(all.passedAll).toBe(2);
    expect(all.sentences[0]).toBe('All 2 generators passed all three tests this run.');
  });

  it('names a failure on screen instead of claiming all pass, and says how often chance does it (issue 19)', () => {
    const { passedAll, sentences } = statisticsSummary([
      report('random.choice'),
      report('crypto.getRandomValues', { statistic: 2.9, pValue: 0.004, passed: false }),
    ]);
    expect(passedAll).toBe(1);
    expect(sentences[0]).toBe(
      '1 of 2 generators passed all three tests this run; crypto.getRandomValues failed monobit (p = 0.004).',
    );
    expect(sentences[1]).toMatch(/about once in 100 runs: 6 tests here, so about 0.06 failures/);
    expect(sentences.join(' ')).not.toMatch(/All \d+ generators passed/);
  });
});
