/**
 * One run of the attack battery, on the page's side: a fresh sandbox (src/platform/sandbox/) for
 * the learner's module, a fresh battery worker (battery.worker.ts) holding the sandbox's channel,
 * and a time limit per phase. The page watches both: past a phase's limit, or when the sandbox's
 * process dies (out of memory, most often), or on cancel, it removes the sandbox and ends the
 * worker, whatever they were doing, and says which it was. Every run ends with both gone.
 */
import { Sandbox } from '../../platform/sandbox/sandbox';
import { WorkerClient } from '../../platform/worker-client';
import { WorkerStopped } from '../../platform/worker-protocol';
import type { BatteryApi, BatteryEvent, BatteryOutcome, BatteryRequest } from './battery.worker';
import LEARNER_SANDBOX from './learner.sandbox.ts?sandbox-script';

export type RunRequest = Omit<BatteryRequest, 'port'>;

export type RunOutcome =
  | { kind: 'finished'; outcome: BatteryOutcome }
  | { kind: 'timed-out'; phase: string; limitMs: number }
  /** The sandbox stopped answering: its process crashed (out of memory, most often). */
  | { kind: 'crashed' }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string };

export interface BatteryRun {
  outcome: Promise<RunOutcome>;
  cancel: () => void;
}

function createBatteryWorker(): Worker {
  return new Worker(new URL('./battery.worker.ts', import.meta.url), {
    type: 'module',
    name: 'code-lab-battery',
  });
}

/**
 * Runs the battery with a time limit per phase: compiling, loading the module and each attack get
 * `limitMs` each (starting the sandbox has its own limit, START_LIMIT_MS). The page never waits on the learner's code (it runs
 * in another process), so it stays responsive whatever that code does.
 */
export function startBatteryRun(
  request: RunRequest,
  limitMs: number,
  onEvent: (event: BatteryEvent) => void,
): BatteryRun {
  let cancel: () => void = () => {};
  const cancelled = new Promise<RunOutcome>(
    (resolve) => (cancel = () => resolve({ kind: 'cancelled' })),
  );
  let phase = 'start';
  let timer = 0;
  let armPhase: () => void = () => {};
  // Starting the sandbox is not the learner's code: Sandbox.open has its own, longer limit
  // (START_LIMIT_MS), and the phase limits start once the sandbox is up.
  const timedOut = new Promise<RunOutcome>((resolve) => {
    armPhase = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => resolve({ kind: 'timed-out', phase, limitMs }), limitMs);
    };
  });

  const outcome = (async (): Promise<RunOutcome> => {
    let sandbox: Sandbox | null = null;
    const client = new WorkerClient<BatteryApi>(createBatteryWorker);
    try {
      const opened = Sandbox.open(LEARNER_SANDBOX).then(
        (value) => value,
        (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
      );
      const first = await Promise.race([opened, cancelled, timedOut]);
      if (!(first instanceof Sandbox)) {
        void opened.then((late) => late instanceof Sandbox && late.dispose());
        return first instanceof Error ? { kind: 'failed', message: first.message } : first;
      }
      sandbox = first;
      phase = 'compile';
      armPhase();
      const crashed = sandbox.lost.then((loss): RunOutcome =>
        loss.reason === 'unresponsive'
          ? { kind: 'crashed' }
          : loss.reason === 'failed'
            ? { kind: 'failed', message: loss.message }
            : { kind: 'cancelled' },
      );
      const port = sandbox.port;
      const finished = client
        .call(
          'run',
          { ...request, port },
          (event) => {
            if (event.kind === 'phase') {
              phase = event.phase;
              armPhase();
            }
            onEvent(event);
          },
          [port],
        )
        .then(
          (result): RunOutcome => ({ kind: 'finished', outcome: result }),
          (error: unknown): RunOutcome =>
            error instanceof WorkerStopped
              ? { kind: 'cancelled' }
              : { kind: 'failed', message: error instanceof Error ? error.message : String(error) },
        );
      return await Promise.race([finished, crashed, timedOut, cancelled]);
    } finally {
      window.clearTimeout(timer);
      client.stop();
      sandbox?.dispose();
    }
  })();
  return { outcome, cancel };
}
