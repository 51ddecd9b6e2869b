/**
 * Statements in the guided steps that were once wrong (issue 16), checked where they can drift:
 * against the app's own models and CPython's disassembly of the sample.
 */
import { describe, expect, it } from 'vitest';
import { LABS } from './registry';
import { findPreset } from './timing/core/noise';
import { orderOfMagnitude, queriesPerByte } from './timing/core/verdict';

const stepTexts = (id: string) =>
  LABS.find((lab) => lab.id === id)!
    .steps.map((s) => s.text)
    .join('\n');

describe('the guided steps say what the models say', () => {
  it('timing: the internet figure is the noise model’s, not “millions”', () => {
    const text = stepTexts('timing');
    expect(text).not.toMatch(/millions of queries/);
    const perByte = queriesPerByte(findPreset('internet')!.jitterNs, 100);
    expect(orderOfMagnitude(perByte)).toBe('about 10^11');
    expect(text).toContain('10^11–10^12 queries');
  });

  it('untrusted data: the sample’s opcodes as pickletools.dis lists them', () => {
    // python3 -c "import pickletools; pickletools.dis(b\"cos\\nsystem\\n(S'id'\\ntR.\")"
    expect(stepTexts('untrusted-data')).toMatch(
      /Six opcodes: GLOBAL .*, MARK and STRING .*, TUPLE .*, REDUCE .*, STOP/,
    );
  });

  it('length extension: truncated SHA-2 is qualified, and HMAC’s simplification is named', () => {
    const text = stepTexts('length-extension');
    expect(text).not.toMatch(/truncated SHA-2 resist/);
    expect(text).toMatch(/SHA-224 only hides 32 bits/);
    expect(text).toMatch(/is a simplification: HMAC is H\(K ⊕ opad ‖ H\(K ⊕ ipad ‖ message\)\)/);
  });
});
