/**
 * Starting the sandbox and holding it to a time limit, on the page's side.
 *
 * A worker loaded from the app's own URL takes its Content-Security-Policy from its own HTTP
 * response, and a static host sends none (the page's policy is a <meta> tag). A worker made from a
 * blob: URL inherits the policy of the page that made it. So the sandbox starts from a one-line
 * blob: module that imports the built sandbox worker by its absolute URL, and everything the
 * learner's code does then runs under the page's policy.
 */
import { WorkerStopped } from '../../platform/worker-protocol';
import type { WorkerClient } from '../../platform/worker-client';
import type { SandboxApi, SandboxEvent, SandboxOutcome, SandboxRequest } from './sandbox.worker';

/**
 * How to start a sandbox worker. The single-file build inlines the worker as a blob: URL
 * (scripts/vite-plugins.ts inlineWorkers), which inherits the page's policy as it is; the
 * multi-file build starts it through a blob: bootstrap, and first loads the worker's address
 * (a separate module, so the single file does not carry a copy of the worker it never uses).
 */
export async function sandboxFactory(): Promise<() => Worker> {
  if (import.meta.env.MODE === 'single')
    return () =>
      new Worker(new URL('./sandbox.worker.ts', import.meta.url), {
        type: 'module',
        name: 'code-lab-sandbox',
      });
  const { default: sandboxUrl } = await import('./sandbox-url');
  return () => startFromBootstrap(sandboxUrl);
}

function startFromBootstrap(sandboxUrl: string): Worker {
  const absolute = new URL(sandboxUrl, window.location.href).href;
  const bootstrap = new Blob([`import ${JSON.stringify(absolute)};\n`], {
    type: 'text/javascript',
  });
  const url = URL.createObjectURL(bootstrap);
  try {
    return new Worker(url, { type: 'module', name: 'code-lab-sandbox' });
  } finally {
    // The worker has its URL; revoking it later keeps the page from holding blobs forever.
    window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}

export type RunOutcome =
  | { kind: 'finished'; outcome: SandboxOutcome }
  | { kind: 'timed-out'; phase: string; limitMs: number }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string };

/**
 * Runs the battery with a time limit per phase: every phase (compile, load, each attack) gets
 * `limitMs`; past it the worker is terminated, whatever it is doing (an infinite loop included),
 * and the page stays responsive because it never waited on the worker. The worker is always
 * terminated at the end, so every run starts from a fresh sandbox.
 */
export async function runSandboxed(
  client: WorkerClient<SandboxApi>,
  request: SandboxRequest,
  limitMs: number,
  onEvent: (event: SandboxEvent) => void,
): Promise<RunOutcome> {
  let phase = 'start';
  let timedOut = false;
  let timer = 0;
  const arm = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => {
      timedOut = true;
      client.stop();
    }, limitMs);
  };
  arm();
  try {
    const outcome = await client.call('run', request, (event) => {
      if (event.kind === 'phase') {
        phase = event.phase;
        arm();
      }
      onEvent(event);
    });
    return { kind: 'finished', outcome };
  } catch (error) {
    if (timedOut) return { kind: 'timed-out', phase, limitMs };
    if (error instanceof WorkerStopped) return { kind: 'cancelled' };
    return { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
  } finally {
    window.clearTimeout(timer);
    client.stop();
  }
}
