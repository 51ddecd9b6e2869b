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
import type { SandboxChannel } from './channel';
import {
  SNAPSHOT_FILE,
  isSnapshotBytes,
  parseStartAnswer,
  type StartRequest,
} from './python-snapshot';
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

/**
 * Where the page keeps the snapshot of a started CPython (python-snapshot.ts): in memory, and in
 * this browser's Cache Storage under this Pyodide's version, so that a reload starts Python from
 * it too. Not one of the service worker's caches (their names start with its prefix, and it
 * deletes them when the app updates); a new Pyodide makes its own and the old one is deleted.
 */
const SNAPSHOT_CACHE = 'security-playground-python-snapshot';
const snapshotKey = () => new URL(`python-snapshot/${PYODIDE_VERSION}`, document.baseURI).href;
/** Cache Storage, where the page has it (a secure context: https, or http on localhost). */
const cacheStorage = (): CacheStorage | null => ('caches' in window ? window.caches : null);

let snapshot: Promise<ArrayBuffer | null> | null = null;

/** The snapshot this page holds (read from Cache Storage once), or null. */
function heldSnapshot(): Promise<ArrayBuffer | null> {
  snapshot ??= (async () => {
    try {
      const storage = cacheStorage();
      if (!storage) return null;
      const response = await (await storage.open(SNAPSHOT_CACHE)).match(snapshotKey());
      const bytes = response ? await response.arrayBuffer() : null;
      return isSnapshotBytes(bytes) ? bytes : null;
    } catch {
      // Storage refused (a private window, a full disk): Python starts the long way.
      return null;
    }
  })();
  return snapshot;
}

function keepSnapshot(bytes: ArrayBuffer): void {
  snapshot = Promise.resolve(bytes);
  void (async () => {
    try {
      const cache = await cacheStorage()?.open(SNAPSHOT_CACHE);
      if (!cache) return;
      for (const old of await cache.keys()) await cache.delete(old);
      await cache.put(
        snapshotKey(),
        new Response(bytes.slice(0), { headers: { 'Content-Type': 'application/octet-stream' } }),
      );
    } catch {
      // Kept in memory for this page only.
    }
  })();
}

function dropSnapshot(): void {
  snapshot = Promise.resolve(null);
  void cacheStorage()
    ?.open(SNAPSHOT_CACHE)
    .then((cache) => cache.delete(snapshotKey()))
    .catch(() => {});
}

/**
 * A Python sandbox running `script`, with its own copies of Pyodide's files and of the snapshot
 * of a started CPython when the page holds one.
 */
export async function openPythonSandbox(
  script: string,
  files: Record<string, ArrayBuffer>,
): Promise<Sandbox> {
  const copies: Record<string, ArrayBuffer> = {};
  for (const [name, buffer] of Object.entries(files)) copies[name] = buffer.slice(0);
  const held = await heldSnapshot();
  if (held) copies[SNAPSHOT_FILE] = held.slice(0);
  return Sandbox.open(script, {
    url: new URL(PYTHON_FRAME, document.baseURI).href,
    files: copies,
  });
}

/** What the page asks of `python.start`: a snapshot, unless it holds one. */
export async function pythonStartRequest(): Promise<StartRequest> {
  return { makeSnapshot: (await heldSnapshot()) === null };
}

/** How a Python was started, as the page says it next to the version. */
export const startedHow = (restored: boolean) =>
  restored ? 'restored from the snapshot this browser keeps' : 'started from scratch';

export interface PythonStarted {
  /** `sys.version`. */
  version: string;
  /** Restored from the snapshot this browser keeps, rather than started the long way. */
  restored: boolean;
}

/**
 * Takes in the sandbox's answer to `python.start` (python-snapshot.ts): keeps a new snapshot,
 * drops one the sandbox could not restore. Throws when the answer is not one.
 */
export function takeStartAnswer(value: unknown): PythonStarted {
  const answer = parseStartAnswer(value);
  if (!answer.ok) throw new Error(answer.error.message);
  const { version, restored, snapshot: made, refused } = answer.value;
  if (refused !== null && !made) dropSnapshot();
  if (made) keepSnapshot(made);
  return { version, restored };
}

/** Starts CPython in a Python sandbox opened by openPythonSandbox, from the page. */
export async function startPython(channel: SandboxChannel): Promise<PythonStarted> {
  return takeStartAnswer(await channel.request('python.start', await pythonStartRequest()));
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
