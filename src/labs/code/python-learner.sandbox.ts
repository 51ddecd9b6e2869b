/**
 * The code lab's sandbox script for a Python module: it runs in the Python sandbox (the app's
 * sandbox frame loaded by URL, the only place with 'wasm-unsafe-eval'; src/platform/sandbox/),
 * starts CPython 3.14 (Pyodide, from the files handed to the frame), installs the Python harness
 * and its audit hook (core/python-harness.ts) before any learner text arrives, and then answers
 * the battery's requests, each as JSON text (core/python-wire.ts). The battery runs outside, in the
 * app's worker (battery.worker.ts), and decides every verdict there.
 */
import { serveSandbox } from '../../platform/sandbox/inside';
import { pythonStartHandler } from '../../platform/sandbox/inside-pyodide';
import { PYTHON_HARNESS_SOURCE } from './core/python-harness';

let handle: ((op: string, json: string) => string) | null = null;

/** One request to the harness; a Python exception's last traceback line is the message. */
function ask(op: string, payload: unknown): string {
  const json = (payload as { json?: unknown } | null)?.json;
  if (typeof json !== 'string') throw new TypeError('The request carries no JSON text.');
  if (!handle) throw new Error('Python has not started.');
  try {
    return handle(op, json);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(message.trim().split('\n').slice(-1)[0] ?? 'The Python harness failed.', {
      cause: error,
    });
  }
}

const answer = (op: string) => (payload: unknown, reply: (value: unknown) => void) =>
  reply(ask(op, payload));

serveSandbox({
  'python.start': pythonStartHandler((pyodide) => {
    // A namespace of its own, so the module cannot name the harness or the hook's state.
    const namespace = pyodide.toPy({});
    pyodide.runPython(PYTHON_HARNESS_SOURCE, { globals: namespace });
    handle = (namespace.get('make_harness') as () => (op: string, json: string) => string)();
  }),
  load: answer('load'),
  events: answer('events'),
  sign: answer('sign'),
  verify: answer('verify'),
  'timing-start': answer('timing-start'),
  'timing-sample': answer('timing-sample'),
  'tokens-collect': answer('tokens-collect'),
  'tokens-replay': answer('tokens-replay'),
});
