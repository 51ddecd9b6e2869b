/**
 * Real Python for the page: Pyodide's files fetched from the app's own origin (the build copies
 * them from the pinned package, scripts/vite-python.ts; the service worker caches them on first
 * use), only when a learner asks for Python, with the bytes fetched reported for a progress bar,
 * then handed to a Python sandbox (sandbox.ts, the `python` frame), where they are served to
 * Pyodide from memory.
 */
import {
  PYODIDE_FILES,
  PYODIDE_FOLDER,
  PYODIDE_VERSION,
  PYTHON_AVAILABLE,
  PYTHON_FRAME,
} from 'virtual:pyodide-files';
import { Sandbox } from './sandbox';

export { PYODIDE_VERSION };

/** Why there is no Python here, or null when there can be. */
export function pythonUnavailable(): string | null {
  if (!PYTHON_AVAILABLE || location.protocol === 'file:')
    return 'Python needs the served app (npm start, or any static host): this single-file copy does not carry Pyodide.';
  return null;
}

export interface PythonProgress {
  loaded: number;
  total: number;
}

/** Every byte Pyodide needs, as the progress bar counts them. */
export const PYODIDE_BYTES = PYODIDE_FILES.reduce((sum, file) => sum + file.bytes, 0);

let fetched: Promise<Record<string, ArrayBuffer>> | null = null;

async function fetchFile(
  name: string,
  expected: number,
  signal: AbortSignal,
  onBytes: (count: number) => void,
): Promise<ArrayBuffer> {
  const response = await fetch(new URL(PYODIDE_FOLDER + name, document.baseURI), { signal });
  if (!response.ok || !response.body)
    throw new Error(
      `Pyodide's ${name} could not be loaded (the server answered ${response.status}).`,
    );
  const out = new Uint8Array(expected);
  let at = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (at + value.length > expected)
      throw new Error(`Pyodide's ${name} is longer than this build's.`);
    out.set(value, at);
    at += value.length;
    onBytes(value.length);
  }
  if (at !== expected) throw new Error(`Pyodide's ${name} is shorter than this build's.`);
  return out.buffer;
}

/**
 * Pyodide's files, fetched once per page (kept in memory: each sandbox gets copies). Cancelling
 * through `signal` stops the download; a later call starts it again.
 */
export function fetchPyodide(
  signal: AbortSignal,
  onProgress: (progress: PythonProgress) => void,
): Promise<Record<string, ArrayBuffer>> {
  if (!fetched) {
    let loaded = 0;
    const report = (count: number) => {
      loaded += count;
      onProgress({ loaded, total: PYODIDE_BYTES });
    };
    fetched = Promise.all(
      PYODIDE_FILES.map(
        async ({ name, bytes }) => [name, await fetchFile(name, bytes, signal, report)] as const,
      ),
    ).then(
      Object.fromEntries as (
        entries: (readonly [string, ArrayBuffer])[],
      ) => Record<string, ArrayBuffer>,
    );
    fetched.catch(() => (fetched = null));
  } else onProgress({ loaded: PYODIDE_BYTES, total: PYODIDE_BYTES });
  return fetched;
}

/** A Python sandbox running `script`, with its own copies of Pyodide's files. */
export function openPythonSandbox(
  script: string,
  files: Record<string, ArrayBuffer>,
): Promise<Sandbox> {
  const copies: Record<string, ArrayBuffer> = {};
  for (const [name, buffer] of Object.entries(files)) copies[name] = buffer.slice(0);
  return Sandbox.open(script, {
    url: new URL(PYTHON_FRAME, document.baseURI).href,
    files: copies,
  });
}
