/**
 * CPython (Pyodide) for the CLI, always inside the isolated child: where the pyodide package is,
 * the start-up snapshot the CLI keeps beside its bundle, and `pickle.loads` under the audit hook.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { bytesToHex } from '../../core/bytes';
import { fail, ok, type Result } from '../../core/result';
import {
  parsePickleLoadReport,
  PRELOAD_SOURCE,
  type PickleLoadReport,
} from '../../labs/untrusted-data/core/python/audit-hook';
import { childEntry, IsolatedChild, type ChildActivity } from './runner';

/** Pickles larger than this are refused before they reach Python. */
export const MAX_PICKLE_BYTES = 16 * 1024 * 1024;

interface PyodidePackage {
  folder: string;
  version: string;
}

export function findPyodide(): Result<PyodidePackage> {
  try {
    const manifest = createRequire(import.meta.url).resolve('pyodide/package.json');
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
    return ok({ folder: dirname(manifest), version });
  } catch {
    return fail(
      'python/not-installed',
      'The pyodide package is not installed; run npm ci (pickle-load runs CPython through it).',
    );
  }
}

function snapshotPath(pyodide: PyodidePackage): string {
  const key = createHash('sha256')
    .update(`${pyodide.version}\n${process.version}\n${PRELOAD_SOURCE}`)
    .digest('hex')
    .slice(0, 16);
  return join(dirname(dirname(childEntry())), `pyodide-${pyodide.version}-${key}.snapshot`);
}

/** Snapshots for other versions, once no run that started a minute ago can still be reading one. */
function removeOldSnapshots(current: string): void {
  const folder = dirname(current);
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    if (
      /^pyodide-.*\.snapshot$/.test(name) &&
      path !== current &&
      Date.now() - statSync(path).mtimeMs > 60_000
    )
      rmSync(path, { force: true });
  }
}

/**
 * The snapshot of a started interpreter, made once by a child that gets no untrusted input and may
 * write only that file; null if it cannot be made (the child then starts CPython from scratch).
 */
async function ensureSnapshot(
  pyodide: PyodidePackage,
  allowNetwork: boolean,
): Promise<string | null> {
  const path = snapshotPath(pyodide);
  if (existsSync(path)) return path;
  const temporary = `${path}.${process.pid}.tmp`;
  const child = await IsolatedChild.start({
    mode: 'pyodide-snapshot',
    args: [pyodide.folder, temporary],
    readPaths: [pyodide.folder],
    writePath: temporary,
    memoryMb: 2048,
    startMs: 180_000,
    allowNetwork,
  });
  if (!child.ok) return null;
  try {
    const made = await child.value.request('make-snapshot', null, 60_000);
    if (!made.ok) return null;
    renameSync(temporary, path);
    removeOldSnapshots(path);
    return path;
  } catch {
    return null;
  } finally {
    await child.value.stop();
    rmSync(temporary, { force: true });
  }
}

/**
 * A child in a mode that runs CPython (`pickle`, `python-learner`), started from the snapshot
 * (made first if missing); a snapshot it cannot start from is dropped and CPython started afresh.
 */
export async function startPythonChild(
  mode: 'pickle' | 'python-learner',
  allowNetwork: boolean,
): Promise<Result<IsolatedChild>> {
  const pyodide = findPyodide();
  if (!pyodide.ok) return pyodide;
  const start = (snapshot: string | null) =>
    IsolatedChild.start({
      mode,
      args: [pyodide.value.folder, snapshot ?? '-'],
      readPaths: [pyodide.value.folder, ...(snapshot ? [snapshot] : [])],
      memoryMb: 1536,
      startMs: snapshot ? 30_000 : 180_000,
      allowNetwork,
    });
  const snapshot = await ensureSnapshot(pyodide.value, allowNetwork);
  let child = await start(snapshot);
  if (!child.ok && snapshot && child.error.code === 'isolation/crashed') {
    // A snapshot this Pyodide cannot start from (damaged on disk, say): drop it, start from scratch.
    rmSync(snapshot, { force: true });
    child = await start(null);
  }
  return child;
}

export interface PickleLoadOutcome {
  report: PickleLoadReport;
  activity: ChildActivity;
}

/**
 * `pickle.loads` of the bytes in CPython 3.14, in the isolated child, under the audit hook
 * (core/python/audit-hook.ts). The hook is in place before the bytes are sent to the child.
 */
export async function loadPickleIsolated(
  bytes: Uint8Array,
  options: { allowNetwork?: boolean; timeLimitMs?: number } = {},
): Promise<Result<PickleLoadOutcome>> {
  if (bytes.length > MAX_PICKLE_BYTES)
    return fail(
      'input/too-large',
      `The pickle is ${bytes.length} bytes; pickle-load takes at most ${MAX_PICKLE_BYTES}.`,
    );
  const child = await startPythonChild('pickle', options.allowNetwork ?? false);
  if (!child.ok) return child;
  try {
    const answer = await child.value.request(
      'pickle-load',
      { hex: bytesToHex(bytes) },
      options.timeLimitMs ?? 10_000,
    );
    if (!answer.ok) return answer;
    if (typeof answer.value !== 'string')
      return fail(
        'python/bad-report',
        'The isolated child answered with something other than a report.',
      );
    const report = parsePickleLoadReport(answer.value);
    if (!report.ok) return report;
    return ok({ report: report.value, activity: child.value.activity() });
  } finally {
    await child.value.stop();
  }
}
