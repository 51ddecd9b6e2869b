/**
 * The sentence under the generators' statistics, computed from this run's results (a step's text
 * must not state results it has not seen: issue 19). At a significance of 0.01 a healthy generator
 * fails each test about once in a hundred runs, so a lone failure is expected now and then; and
 * passing says nothing about whether an attacker can predict the output.
 */
import { SIGNIFICANCE } from './bit-tests';
import type { GeneratorReport } from './entropy';

const TEST_NAMES = { monobit: 'monobit', runs: 'runs', chiSquare: 'chi-square' } as const;

const formatP = (p: number) => (p < 0.001 ? p.toExponential(1) : p.toFixed(3));

export function statisticsSummary(reports: readonly Pick<GeneratorReport, 'label' | 'tests'>[]): {
  passedAll: number;
  sentences: string[];
} {
  const failures = reports.flatMap((r) =>
    (Object.keys(TEST_NAMES) as (keyof typeof TEST_NAMES)[])
      .filter((t) => !r.tests[t].passed)
      .map((t) => `${r.label} failed ${TEST_NAMES[t]} (p = ${formatP(r.tests[t].pValue)})`),
  );
  const passedAll = reports.filter((r) => Object.values(r.tests).every((t) => t.passed)).length;
  const total = reports.length;
  const tests = total * Object.keys(TEST_NAMES).length;
  const sentences = [
    passedAll === total
      ? `All ${total} generators passed all three tests this run.`
      : `${passedAll} of ${total} generators passed all three tests this run; ${failures.join('; ')}.`,
  ];
  if (failures.length > 0)
    sentences.push(
      `At p < ${SIGNIFICANCE} a perfectly good generator fails a test about once in ${Math.round(1 / SIGNIFICANCE)} runs: ${tests} tests here, so about ${(tests * SIGNIFICANCE).toFixed(2)} failures are expected by chance. Run it again: a failure that comes back every run is a real bias.`,
    );
  sentences.push(
    'Either way, the tests cannot tell a predictable generator from a safe one: compare the bits an attacker must guess.',
  );
  return { passedAll, sentences };
}
