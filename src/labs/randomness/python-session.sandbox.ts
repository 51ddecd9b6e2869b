/**
 * The randomness lab's Python session: one CPython 3.14 (Pyodide) inside the Python sandbox (the
 * app's sandbox frame loaded by URL, the only place with 'wasm-unsafe-eval'; src/platform/sandbox/),
 * kept for the sandbox's life so that later cells continue the same generator. The audit hook is
 * installed before the first cell (core/python-session.ts); the page checks every answer.
 */
import { serveSandbox } from '../../platform/sandbox/inside';
import type { PyodideAPI } from 'pyodide';
import { pythonStartHandler } from '../../platform/sandbox/inside-pyodide';
import {
  MAX_CODE_LENGTH,
  MAX_DRAW,
  SESSION_PRELOAD_SOURCE,
  SESSION_SOURCE,
} from './core/python-session';

interface Session {
  run: (code: string) => string;
  draw_bits: (count: number) => string;
  draw_key: (alphabet: string, length: number) => string;
}

let session: Session | null = null;

function setup(pyodide: PyodideAPI): void {
  pyodide.runPython(SESSION_PRELOAD_SOURCE);
  // A namespace of its own: the cells run in another, and cannot name the runner or the hook.
  const namespace = pyodide.toPy({});
  pyodide.runPython(SESSION_SOURCE, { globals: namespace });
  const controls = (namespace.get('make_session') as () => { get: (key: string) => unknown })();
  session = {
    run: controls.get('run') as Session['run'],
    draw_bits: controls.get('draw_bits') as Session['draw_bits'],
    draw_key: controls.get('draw_key') as Session['draw_key'],
  };
}

function started(): Session {
  if (!session) throw new Error('Python has not started.');
  return session;
}

const field = (payload: unknown, name: string): unknown =>
  typeof payload === 'object' && payload !== null && Object.hasOwn(payload, name)
    ? (payload as Record<string, unknown>)[name]
    : undefined;

const whole = (value: unknown, max: number): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 1 && value <= max;

serveSandbox({
  'python.start': pythonStartHandler(setup),
  'session.run': (payload, reply) => {
    const code = field(payload, 'code');
    if (typeof code !== 'string' || code.length > MAX_CODE_LENGTH)
      throw new TypeError('The request carries no cell.');
    reply(started().run(code));
  },
  'session.draw-bits': (payload, reply) => {
    const count = field(payload, 'count');
    if (!whole(count, MAX_DRAW)) throw new TypeError('The request carries no count.');
    reply(started().draw_bits(count));
  },
  'session.draw-key': (payload, reply) => {
    const alphabet = field(payload, 'alphabet');
    const length = field(payload, 'length');
    if (typeof alphabet !== 'string' || alphabet.length === 0 || alphabet.length > 1000)
      throw new TypeError('The request carries no alphabet.');
    if (!whole(length, 1000)) throw new TypeError('The request carries no length.');
    reply(started().draw_key(alphabet, length));
  },
});
