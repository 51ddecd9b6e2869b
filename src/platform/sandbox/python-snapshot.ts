/**
 * A memory snapshot of a started CPython, so that Python starts in about a second instead of
 * three. Most of Pyodide's start-up is CPython initialising itself inside WebAssembly (importing
 * its bootstrap modules from the standard library zip); Pyodide can instead restore the heap of an
 * interpreter that has done so (`loadPyodide({ _loadSnapshot })`, made by `makeMemorySnapshot()`
 * on an interpreter loaded with `_makeSnapshot: true`; the CLI does the same, cli/isolated/).
 *
 * What is in the snapshot: the bare interpreter just after `loadPyodide`, before any script of
 * ours imports its modules or installs its audit hook, and before any learner input exists. Each
 * script then does exactly what it does on a fresh interpreter, so a restored one refuses and
 * reports the same imports and events.
 *
 * Who makes it and who keeps it: the Python sandbox makes one when the page asks in `python.start`
 * (the first request, answered before the page sends anything a learner typed), and sends it back
 * with its answer; the page keeps it in memory and in this browser's Cache Storage
 * (python.ts), and hands a copy to each later Python sandbox with Pyodide's files. A snapshot the
 * sandbox cannot restore (another Pyodide build, damaged bytes) is refused there: the sandbox
 * starts CPython the long way, says why, and the page drops its copy.
 *
 * This file is shared by the page and the sandbox: no DOM, no Pyodide.
 */
import { fail, ok, type Result } from '../../core/result';

/** The name under which a snapshot travels with Pyodide's files (inside.ts MEMORY_FILES). */
export const SNAPSHOT_FILE = 'python-snapshot.bin';

/**
 * Bounds on a snapshot's size: Pyodide 314.0.7's is 31 MB (its whole WebAssembly heap after start,
 * plus a header). Anything far outside is not a snapshot, and is not kept.
 */
export const MIN_SNAPSHOT_BYTES = 1 << 20;
export const MAX_SNAPSHOT_BYTES = 256 << 20;

/**
 * Python run on every interpreter after it starts, restored or not. `random` is imported while
 * CPython boots (tempfile and asyncio import it), so a restored interpreter would hold the
 * generator state of the one that made the snapshot: every session would draw the same numbers.
 * `random.seed()` reseeds it from the operating system (crypto.getRandomValues here), as a fresh
 * interpreter is. (The str hash seed is also fixed at boot and stays the snapshot's: it only
 * orders sets and dicts, which no lab compares across sessions.)
 */
export const RESEED_SOURCE = 'import random\nrandom.seed()\n';

/** What the page sends with `python.start`. */
export interface StartRequest {
  /** The page has no snapshot: make one (before anything else runs) and send it back. */
  makeSnapshot: boolean;
}

/** What the sandbox answers to `python.start`. */
export interface StartAnswer {
  /** `sys.version`. */
  version: string;
  /** CPython was restored from the snapshot handed in, not started the long way. */
  restored: boolean;
  /** A new snapshot, when the request asked for one. */
  snapshot: ArrayBuffer | null;
  /** Why a snapshot handed in could not be restored (then the page drops it), or null. */
  refused: string | null;
}

export function parseStartRequest(payload: unknown): StartRequest {
  const record = typeof payload === 'object' && payload !== null ? payload : {};
  return {
    makeSnapshot: Object.hasOwn(record, 'makeSnapshot')
      ? (record as { makeSnapshot: unknown }).makeSnapshot === true
      : false,
  };
}

const field = (record: object, name: string): unknown =>
  Object.hasOwn(record, name) ? (record as Record<string, unknown>)[name] : undefined;

/** The sandbox's answer to `python.start`, checked as anything from a sandbox is. */
export function parseStartAnswer(value: unknown): Result<StartAnswer> {
  if (typeof value !== 'object' || value === null)
    return fail('python/start', 'The Python sandbox did not say how it started.');
  const version = field(value, 'version');
  const restored = field(value, 'restored');
  const snapshot = field(value, 'snapshot') ?? null;
  const refused = field(value, 'refused') ?? null;
  if (typeof version !== 'string' || version.length === 0)
    return fail('python/start', 'The Python sandbox did not say its version.');
  if (typeof restored !== 'boolean')
    return fail('python/start', 'The Python sandbox did not say how it started.');
  if (snapshot !== null && !isSnapshotBytes(snapshot))
    return fail('python/snapshot', 'The Python sandbox sent something that is not a snapshot.');
  if (refused !== null && typeof refused !== 'string')
    return fail('python/start', 'The Python sandbox did not say why it refused its snapshot.');
  return ok({
    version: version.slice(0, 200),
    restored,
    snapshot: snapshot,
    refused: refused === null ? null : refused.slice(0, 300),
  });
}

/** An ArrayBuffer of a snapshot's size (its contents are checked by Pyodide when restored). */
export function isSnapshotBytes(value: unknown): value is ArrayBuffer {
  return (
    value instanceof ArrayBuffer &&
    value.byteLength >= MIN_SNAPSHOT_BYTES &&
    value.byteLength <= MAX_SNAPSHOT_BYTES
  );
}
