/**
 * The CLI's `code-battery` runner for the code lab's challenge: the learner's module runs in the
 * CLI's isolated child and the battery in this process, exactly as `code-attack --file` runs them
 * (isolated-learner.ts). A module that does not compile or load, or that passes a limit, is
 * evidence for the verdict (the learner's doing); an environment that cannot isolate it is an
 * error (the answer was not judged).
 */
import { fail, ok, type Result } from '../../core/result';
import { runBattery } from './core/battery';
import {
  batteryEvidence,
  type CodeBatteryEvidence,
  type CodeBatteryInput,
} from './core/challenges';
import { printable } from './cli';
import type { IsolatedLearnerOptions } from './isolated-learner';

/** Failures of the machine, not of the module: the child could not be started as required. */
const ENVIRONMENT_ERRORS = new Set(['isolation/not-built', 'isolation/no-network-namespace']);

export function isolatedBatteryRunner(options: IsolatedLearnerOptions = {}) {
  return async (input: unknown): Promise<Result<CodeBatteryEvidence>> => {
    const { code, language } = input as CodeBatteryInput;
    const { IsolatedLearner } = await import('./isolated-learner');
    const started = await IsolatedLearner.start(code, language, options);
    if (!started.ok) {
      const { code: errorCode, message } = started.error;
      if (ENVIRONMENT_ERRORS.has(errorCode)) return fail(errorCode, printable(message));
      return ok({ kind: 'not-loaded', message });
    }
    const isolated = started.value;
    try {
      const report = await runBattery(isolated.learner, {
        now: () => performance.now(),
        // Read for the kind of compare verify uses (compare-scan.ts), never run here.
        source: code,
      });
      return ok(batteryEvidence(report, isolated.failures));
    } finally {
      await isolated.stop();
    }
  };
}
