/**
 * One run of a learner's attack script, on the page's side: a fresh sandbox
 * (src/platform/sandbox/) runs the script (oracle.sandbox.ts), and its channel goes straight to
 * the challenges worker, which answers every oracle call from the instance's session
 * (`run-script`). The page only opens and removes the sandbox and watches it: on Stop, or when
 * its process dies, it tells the worker to end the run and removes the frame, whatever the script
 * was doing. Every run ends with the sandbox gone; the worker (and the secret it holds) stays.
 */
import { Sandbox } from '../../platform/sandbox/sandbox';
import type { WorkerClient } from '../../platform/worker-client';
import type { ChallengesApi, ScriptOutcome, ScriptProgress } from './challenges.worker';
import ORACLE_SANDBOX from './oracle.sandbox.ts?sandbox-script';

export interface ScriptRun {
  outcome: Promise<ScriptOutcome>;
  stop: () => void;
}

const notRun = (end: 'stopped' | 'lost', message: string): ScriptOutcome => ({
  end,
  message,
  requestsUsed: 0,
  calls: 0,
  submits: 0,
  verdict: null,
  log: [],
  logDropped: 0,
});

export function startScriptRun(
  worker: WorkerClient<ChallengesApi>,
  instance: number,
  code: string,
  onProgress: (progress: ScriptProgress) => void,
): ScriptRun {
  let stopped = false;
  let sandbox: Sandbox | null = null;
  let running = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    if (running) void worker.call('stop-script', { instance, why: 'stopped' });
    sandbox?.dispose();
  };
  const outcome = (async (): Promise<ScriptOutcome> => {
    try {
      sandbox = await Sandbox.open(ORACLE_SANDBOX);
    } catch (error) {
      return notRun('lost', error instanceof Error ? error.message : String(error));
    }
    if (stopped) {
      sandbox.dispose();
      return notRun('stopped', 'You stopped the script before it started.');
    }
    const opened = sandbox;
    void opened.lost.then((loss) => {
      if (loss.reason !== 'disposed') void worker.call('stop-script', { instance, why: 'lost' });
    });
    running = true;
    try {
      return await worker.call('run-script', { instance, code, port: opened.port }, onProgress, [
        opened.port,
      ]);
    } finally {
      running = false;
      opened.dispose();
    }
  })();
  return { outcome, stop };
}
