/**
 * The browser's `code-battery` runner for the code lab's challenge: one run of the lab's battery
 * (sandbox-client.ts: a fresh sandbox for the module, a fresh battery worker, a time limit per
 * phase), its outcome turned into evidence for the challenge's check. A module that does not
 * compile or load, hangs or crashes the sandbox is evidence (the learner's doing); a cancelled or
 * failed run is an error (the answer was not judged).
 */
import { fail, ok, type Result } from '../../core/result';
import {
  batteryEvidence,
  type CodeBatteryEvidence,
  type CodeBatteryInput,
} from './core/challenges';

/** The lab's default phase limit (RunSection's), and its share for timing and tokens. */
export function sandboxBatteryRunner(limitMs = 10_000) {
  return async (input: unknown): Promise<Result<CodeBatteryEvidence>> => {
    const { code, language } = input as CodeBatteryInput;
    const { startBatteryRun } = await import('./sandbox-client');
    const run = startBatteryRun(
      {
        source: code,
        language,
        timingBudgetMs: Math.min(1500, limitMs * 0.35),
        tokenBudgetMs: Math.min(2000, limitMs * 0.35),
        secretLengths: [0, 64],
      },
      limitMs,
      () => {},
    );
    const outcome = await run.outcome;
    const unfinished = (why: string): Result<CodeBatteryEvidence> =>
      ok({ kind: 'ran', checkProblem: null, results: [], incomplete: [why] });
    switch (outcome.kind) {
      case 'finished': {
        const done = outcome.outcome;
        if (done.status === 'compile-error')
          return ok({ kind: 'not-loaded', message: done.error.message });
        if (done.status === 'load-error') return ok({ kind: 'not-loaded', message: done.message });
        return ok(batteryEvidence(done.report, []));
      }
      case 'timed-out':
        return unfinished(
          `the ${outcome.phase} phase passed its ${outcome.limitMs / 1000} s limit, so the sandbox was stopped`,
        );
      case 'crashed':
        return unfinished('the sandbox stopped answering (out of memory, most often)');
      case 'cancelled':
        return fail('challenge/cancelled', 'The run was cancelled before the module was judged.');
      case 'failed':
        return fail(
          'challenge/run-failed',
          `The sandbox could not run the module: ${outcome.message}`,
        );
    }
  };
}
