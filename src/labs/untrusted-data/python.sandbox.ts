/**
 * The real `pickle.loads`, in CPython 3.14 (Pyodide) inside the Python sandbox (the app's
 * sandbox frame loaded by URL, the only place with 'wasm-unsafe-eval'; src/platform/sandbox/).
 * Pyodide's files arrive in the start message and are served to it from memory: the frame may
 * fetch nothing.
 *
 * One interpreter per sandbox, and one sandbox per load: the audit hook (core/python/audit-hook.ts)
 * is installed before the bytes are read, and whatever the pickle changed in the interpreter
 * (BUILD can set attributes on a module) goes with the sandbox.
 */
import { serveSandbox } from '../../platform/sandbox/inside';
import { pythonStartHandler } from '../../platform/sandbox/inside-pyodide';
import { AUDIT_HOOK_SOURCE, PRELOAD_SOURCE } from './core/python/audit-hook';

let load: ((hex: string) => string) | null = null;

serveSandbox({
  'python.start': pythonStartHandler((pyodide) => {
    pyodide.runPython(PRELOAD_SOURCE);
    // A namespace of its own, so nothing a pickle can name refers to the loader or the hook.
    const namespace = pyodide.toPy({});
    pyodide.runPython(AUDIT_HOOK_SOURCE, { globals: namespace });
    load = (namespace.get('make_loader') as () => (hex: string) => string)();
  }),
  'pickle.load': (payload, reply) => {
    const hex = (payload as { hex?: unknown } | null)?.hex;
    if (typeof hex !== 'string' || !/^(?:[0-9a-f]{2})*$/.test(hex))
      throw new TypeError('The request carries no hex bytes.');
    if (!load) throw new Error('Python has not started.');
    reply(load(hex));
  },
});
