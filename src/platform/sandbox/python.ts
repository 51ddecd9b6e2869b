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
import { OFFLINE_STATUS } from '../offline-cache';
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

const STATUS_LIMIT_MS = 10_000;

/** Where offline Python stands: why it cannot be, or the files still to cache (none: ready). */
export type PythonOfflineStatus =
  { ok: false; reason: string } | { ok: true; missing: readonly string[] };

/**
 * Asks the service worker which of Python's files (Pyodide's, and the sandbox frame) it cannot
 * serve offline: it checks each cached copy against this build's SHA-256.
 */
export async function pythonOfflineStatus(): Promise<PythonOfflineStatus> {
  const controller = 'serviceWorker' in navigator ? navigator.serviceWorker.controller : null;
  if (!controller)
    return {
      ok: false,
      reason:
        'Offline use needs the service worker, which does not run here (it starts on a visit over http or https, and a private window may refuse it).',
    };
  const channel = new MessageChannel();
  // An older service worker, still in charge of this tab, does not know the question.
  const answer = new Promise<unknown>((resolve) => {
    channel.port1.onmessage = (event: MessageEvent) => resolve(event.data);
    window.setTimeout(() => resolve(null), STATUS_LIMIT_MS);
  });
  controller.postMessage({ type: OFFLINE_STATUS }, [channel.port2]);
  const data = (await answer) as { missing?: unknown } | null;
  channel.port1.close();
  const missing = data?.missing;
  if (!Array.isArray(missing) || !missing.every((path) => typeof path === 'string'))
    return {
      ok: false,
      reason:
        'The service worker did not say what it has cached (an older version may be in charge of this tab: reload it).',
    };
  return { ok: true, missing };
}

/**
 * Makes Python available offline: fetches each of Pyodide's files the service worker does not
 * have yet, through the service worker, which checks it against this build's SHA-256 and caches
 * it (offline-cache.ts loadChecked), then asks it again. Resolves with what is still missing.
 */
export async function cachePythonForOffline(
  signal: AbortSignal,
  onProgress: (progress: PythonProgress) => void,
): Promise<PythonOfflineStatus> {
  const before = await pythonOfflineStatus();
  if (!before.ok) return before;
  const wanted = PYODIDE_FILES.filter(({ name }) => before.missing.includes(PYODIDE_FOLDER + name));
  const total = wanted.reduce((sum, file) => sum + file.bytes, 0);
  let loaded = 0;
  onProgress({ loaded, total });
  const others = before.missing.filter((path) => !path.startsWith(PYODIDE_FOLDER));
  await Promise.all([
    ...wanted.map(({ name, bytes }) =>
      fetchFile(name, bytes, signal, (count) => {
        loaded += count;
        onProgress({ loaded, total });
      }),
    ),
    // The sandbox frame, normally cached at install: a fetch through the worker puts it back.
    ...others.map((path) => fetch(new URL(path, document.baseURI), { signal }).then(() => {})),
  ]);
  return pythonOfflineStatus();
}
