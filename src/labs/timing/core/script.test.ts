import { describe, expect, it } from 'vitest';
import { hasPython, runScriptOk } from '../../../../scripts/run-exported-script';
import { findPreset } from './noise';
import { playAttack, seededSetup, type AttackScenario } from './scenario';
import { attackScript } from './script';

/** The lab's attack on its simulated server, then the script given the tag the lab revealed. */
function labThenScript(scenario: AttackScenario, seed: number, args: string[] = []) {
  const report = playAttack(scenario, seededSetup(seed));
  const script = attackScript({
    tagHex: report.secretHex,
    compare: scenario.compare,
    perByteNs: scenario.perByteNs,
    jitterNs: scenario.jitterNs,
    baseNs: scenario.baseNs,
  });
  return { report, script, output: runScriptOk('python', script, { args }) };
}

const recovered = (output: string) => /^recovered: ([0-9a-f]+) /m.exec(output)?.[1];

describe.skipIf(!hasPython)('the timing attack script', () => {
  const vm = findPreset('neighbouring-vm')!;

  it('recovers, from times alone, the tag the lab recovered (neighbouring VM, 100 ns a byte)', () => {
    const scenario = {
      tagBytes: 5,
      perByteNs: 100,
      jitterNs: vm.jitterNs,
      baseNs: vm.baseNs,
      compare: 'early-exit' as const,
    };
    const { report, output } = labThenScript(scenario, 3);
    expect(report.recovered).toBe(true);
    expect(recovered(output)).toBe(report.recoveredHex);
    expect(output).toContain('the server accepts it: True');
    expect(output).toMatch(/^calibrated: one compared byte costs about \d+(\.\d+)? ns/m);
  });

  it('is deterministic for a seed, and a seed on the command line changes only the route', () => {
    const scenario = {
      tagBytes: 8,
      perByteNs: 100,
      jitterNs: 20,
      compare: 'early-exit' as const,
    };
    const first = labThenScript(scenario, 1);
    expect(recovered(first.output)).toBe(first.report.recoveredHex);
    expect(runScriptOk('python', first.script)).toBe(first.output);
    const other = runScriptOk('python', first.script, { args: ['42'] });
    expect(recovered(other)).toBe(first.report.recoveredHex);
    expect(other).not.toBe(first.output);
  });

  it('finds nothing against the constant-time compare, as the lab does', () => {
    const scenario = {
      tagBytes: 4,
      perByteNs: 100,
      jitterNs: vm.jitterNs,
      baseNs: vm.baseNs,
      compare: 'constant-time' as const,
    };
    const { report, output } = labThenScript(scenario, 2);
    expect(report.recovered).toBe(false);
    expect(recovered(output)).toBeUndefined();
    expect(output).toMatch(/^not recovered: no candidate for byte 0 took longer/m);
  });
});

describe('the timing attack script as text', () => {
  it("carries the lab's settings and its noise model", () => {
    const script = attackScript({
      tagHex: 'af6d',
      compare: 'early-exit',
      perByteNs: 2.5,
      jitterNs: 1e6,
      baseNs: 40e6,
      seed: 7,
    });
    expect(script).toContain("TAG = bytes.fromhex('af6d')");
    expect(script).toContain("COMPARE = 'early-exit'");
    expect(script).toContain('PER_BYTE_NS = 2.5 ');
    expect(script).toContain('JITTER_NS = 1000000.0 ');
    expect(script).toContain('BASE_NS = 40000000.0 ');
    expect(script).toContain('HICCUP_RATE, HICCUP_SCALE = 0.02, 8.0 ');
    expect(script).toContain('else 7\n');
  });
});
