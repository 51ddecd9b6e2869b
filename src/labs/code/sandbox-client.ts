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
import {
  fetchPyodide,
  openPythonSandbox,
  pythonStartRequest,
  pythonUnavailable,
  takeStartAnswer,
} from '../../platform/sandbox/python';
import LEARNER_SANDBOX from './learner.sandbox.ts?sandbox-script';
import PYTHON_LEARNER_SANDBOX from './python-learner.sandbox.ts?sandbox-script';

/** Fetching Pyodide and starting CPython take seconds, on a slow machine many: not the learner's time. */
export const PYTHON_START_LIMIT_MS = 120_000;

/** The sandbox for the module's language: for Python, Pyodide's files first (with progress). */
async function openSandbox(
  request: RunRequest,
  signal: AbortSignal,
  onEvent: (event: BatteryEvent) => void,
): Promise<Sandbox> {
  if (request.language !== 'python') return Sandbox.open(LEARNER_SANDBOX);
  const unavailable = pythonUnavailable();
  if (unavailable) throw new Error(unavailable);
  const files = await fetchPyodide(signal, ({ loaded, total }) =>
    onEvent({ kind: 'python-progress', loaded, total }),
  );
  if (signal.aborted) throw new Error('cancelled');
  return openPythonSandbox(PYTHON_LEARNER_SANDBOX, files);
}

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
  const controller = new AbortController();
  const cancelled = new Promise<RunOutcome>(
    (resolve) =>
      (cancel = () => {
        controller.abort();
        resolve({ kind: 'cancelled' });
      }),
  );
  let phase = 'start';
  let timer = 0;
  let armPhase: () => void = () => {};
  // Starting the sandbox is not the learner's code: Sandbox.open has its own, longer limit
  // (START_LIMIT_MS), and the phase limits start once the sandbox is up.
  const timedOut = new Promise<RunOutcome>((resolve) => {
    armPhase = () => {
      window.clearTimeout(timer);
      // Starting CPython is the playground's work, not the module's: it gets its own limit.
      const limit = phase === 'python' ? PYTHON_START_LIMIT_MS : limitMs;
      timer = window.setTimeout(() => resolve({ kind: 'timed-out', phase, limitMs: limit }), limit);
    };
  });

  const outcome = (async (): Promise<RunOutcome> => {
    let sandbox: Sandbox | null = null;
    const client = new WorkerClient<BatteryApi>(createBatteryWorker);
    try {
      const opened = openSandbox(request, controller.signal, onEvent).then(
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
      const pythonStart = request.language === 'python' ? await pythonStartRequest() : undefined;
      const finished = client
        .call(
          'run',
          { ...request, pythonStart, port },
          (event) => {
            if (event.kind === 'python-started') {
              // A snapshot made for this page is kept for the next Python (python-snapshot.ts);
              // a malformed answer is only not kept: the battery goes on either way.
              try {
                takeStartAnswer(event.answer);
              } catch {
                // nothing to keep
              }
              return;
            }
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
