/**
 * Pyodide inside the Python sandbox (sandbox.ts, the `python` frame): its files arrive in the
 * start message and are served to it from memory (inside.ts MEMORY_FILES), since the frame may
 * fetch nothing. Every Python sandbox script answers `python.start` with `pythonStartHandler`,
 * which starts CPython (from the page's memory snapshot when one was handed in, and making one
 * when asked: python-snapshot.ts), then runs the script's own setup before answering.
 */
import type { PyodideAPI } from 'pyodide';
import { MEMORY_FILES, importModuleText, memoryFile, type SandboxHandler } from './inside';
import {
  RESEED_SOURCE,
  SNAPSHOT_FILE,
  parseStartRequest,
  type StartAnswer,
  type StartRequest,
} from './python-snapshot';

type LoadPyodide = (options: Record<string, unknown>) => Promise<PyodideAPI>;

function text(name: string): string {
  const file = memoryFile(name);
  if (!file) throw new Error(`Pyodide's ${name} was not handed to the sandbox.`);
  return new TextDecoder().decode(file);
}

async function load(options: Record<string, unknown>): Promise<PyodideAPI> {
  const { loadPyodide } = (await importModuleText(text('pyodide.mjs'))) as {
    loadPyodide: LoadPyodide;
  };
  const runtime = await importModuleText(text('pyodide.asm.mjs'));
  return loadPyodide({
    indexURL: MEMORY_FILES,
    packageBaseUrl: MEMORY_FILES,
    lockFileContents: text('pyodide-lock.json'),
    createPyodideModule: runtime.default,
    env: { HOME: '/home/pyodide' },
    ...options,
  });
}

export interface StartedPython extends Omit<StartAnswer, 'version'> {
  pyodide: PyodideAPI;
}

/**
 * A fresh CPython (one per sandbox): restored from the snapshot handed in if there is one and it
 * restores, else started the long way; when asked (or when the one handed in was refused) a new
 * snapshot is made first, before anything else runs in it. Either way `random` is reseeded.
 */
export async function startPyodide(
  request: StartRequest = { makeSnapshot: false },
): Promise<StartedPython> {
  const given = memoryFile(SNAPSHOT_FILE);
  let refused: string | null = null;
  if (given) {
    try {
      const pyodide = await load({ _loadSnapshot: new Uint8Array(given) });
      pyodide.runPython(RESEED_SOURCE);
      return { pyodide, restored: true, snapshot: null, refused: null };
    } catch (error) {
      // Pyodide checks the snapshot's magic number and build id before it touches the heap.
      refused = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    }
  }
  const make = request.makeSnapshot || refused !== null;
  const pyodide = await load(make ? { _makeSnapshot: true } : {});
  let snapshot: ArrayBuffer | null = null;
  if (make) {
    const bytes = pyodide.makeMemorySnapshot();
    snapshot =
      bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
        ? (bytes.buffer as ArrayBuffer)
        : (bytes.buffer.slice(
            bytes.byteOffset,
            bytes.byteOffset + bytes.byteLength,
          ) as ArrayBuffer);
  }
  pyodide.runPython(RESEED_SOURCE);
  return { pyodide, restored: false, snapshot, refused };
}

/**
 * The `python.start` handler of a Python sandbox script: CPython started, then `setup` (the
 * script's imports, its audit hook, its namespace), then the answer (python-snapshot.ts
 * StartAnswer). Nothing a learner wrote has reached the sandbox before this answer.
 */
export function pythonStartHandler(setup: (pyodide: PyodideAPI) => void): SandboxHandler {
  return async (payload, reply) => {
    const { pyodide, ...started } = await startPyodide(parseStartRequest(payload));
    const version = pyodide.runPython('import sys; sys.version') as string;
    setup(pyodide);
    const answer: StartAnswer = { version, ...started };
    reply(answer);
  };
}
