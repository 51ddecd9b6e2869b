import { describe, expect, it } from 'vitest';
import { findPreset } from './noise';
import { playAttack, seededSetup } from './scenario';
import { attackVerdict, orderOfMagnitude, queriesPerByte } from './verdict';

describe('the attack verdict', () => {
  it('puts the Internet at 10^11–10^12 queries per byte for a 100 ns compare (issue 16)', () => {
    const sigma = findPreset('internet')!.jitterNs;
    const perByte = queriesPerByte(sigma, 100);
    expect(perByte).toBeGreaterThanOrEqual(1e11);
    expect(perByte).toBeLessThan(1e12);
    expect(orderOfMagnitude(perByte)).toBe('about 10^11');
    // Noise over signal squared: ten times the noise, a hundred times the queries.
    expect(queriesPerByte(10 * sigma, 100) / perByte).toBeCloseTo(100, 5);
  });

  it('never says an early-exit compare holds, even when the attack gave up (issue 19)', () => {
    const scenario = {
      tagBytes: 4,
      perByteNs: 100,
      jitterNs: findPreset('internet')!.jitterNs,
      baseNs: findPreset('internet')!.baseNs,
      compare: 'early-exit' as const,
    };
    const report = playAttack(scenario, { ...seededSetup(7), maxQueries: 200_000 });
    expect(report.recovered).toBe(false);
    expect(report.verdict.tone).toBe('warning');
    expect(report.verdict.title).toBe('Not safe: the leak is buried in noise');
    expect(report.verdict.text).toMatch(/deciding one byte would take about 10\^11 queries/);
    expect(report.summary).not.toMatch(/does not depend/);
  });

  it('holds for constant time, and is broken when the tag comes back', () => {
    expect(
      attackVerdict(
        { compare: 'constant-time', perByteNs: 100, jitterNs: 20, tagBytes: 4 },
        { recovered: false, queries: 10 },
      ).tone,
    ).toBe('success');
    const report = playAttack(
      { tagBytes: 3, perByteNs: 2000, jitterNs: 20, baseNs: 15_000, compare: 'early-exit' },
      seededSetup(3),
    );
    expect(report.recovered).toBe(true);
    expect(report.verdict).toMatchObject({ tone: 'danger', title: 'Broken' });
  });
});
