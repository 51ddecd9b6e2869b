/**
 * Pyodide (CPython 3.14 in WebAssembly) inside the isolated child. It is loaded from the pyodide
 * package in node_modules, whose standard library is in the package: nothing is fetched. Its file
 * system is Pyodide's own, in memory; under Node its `os.system` would start a real process, which
 * the audit hook refuses first and the permission model refuses after it.
 *
 * Starting CPython takes several seconds (it imports its standard library from a zip inside
 * WebAssembly), so the CLI keeps a memory snapshot of a started interpreter with the preloaded
 * modules imported (mode `pyodide-snapshot`, made once, before any untrusted input, by a child that
 * may write that one file) and later children start from it in about a second.
 *
 * argv: `child.js <mode> <pyodide folder> <snapshot file or "-">`.
 */
import { readFileSync, writeFileSync, constants as fsConstants } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { PyodideAPI } from 'pyodide';
import {
  AUDIT_HOOK_SOURCE,
  PRELOAD_SOURCE,
} from '../../labs/untrusted-data/core/python/audit-hook';
import { PYTHON_HARNESS_SOURCE } from '../../labs/code/core';
import { RESEED_SOURCE } from '../../platform/sandbox/python-snapshot';
import { ChildError, hasOwn, jsonNumber, jsonString, type ChildHandler } from './harness';

type LoadPyodide = (options: Record<string, unknown>) => Promise<PyodideAPI>;

const [, , , folder = '', snapshotPath = '-'] = process.argv;

async function startPyodide(options: Record<string, unknown>): Promise<PyodideAPI> {
  // Pyodide's NODEFS reads the file-system flags through process.binding('constants'), which the
  // permission model refuses; give it the same numbers from the public API.
  (process as unknown as { binding: (name: string) => unknown }).binding = (name: string) => {
    if (name === 'constants') return { fs: fsConstants, os: osConstants };
    throw new Error(`process.binding('${name}') is not available in the isolated child.`);
  };
  const url = pathToFileURL(`${folder}/pyodide.mjs`).href;
  const { loadPyodide } = (await import(/* @vite-ignore */ url)) as { loadPyodide: LoadPyodide };
  return loadPyodide({
    indexURL: `${folder}/`,
    env: { HOME: '/home/pyodide' },
    stdout: (text: string) => process.stdout.write(`${text}\n`),
    stderr: (text: string) => process.stderr.write(`${text}\n`),
    ...options,
  });
}

/** Mode `pyodide-snapshot`: start CPython, import the preloaded modules, write the snapshot. */
export function snapshotHandler(): ChildHandler {
  let pyodide: PyodideAPI | null = null;
  return {
    async prepare() {
      pyodide = await startPyodide({ _makeSnapshot: true });
      pyodide.runPython(PRELOAD_SOURCE);
    },
    handle(op) {
      if (op !== 'make-snapshot' || snapshotPath === '-')
        throw new ChildError('child/op', `unknown request "${op}"`);
      const snapshot = pyodide!.makeMemorySnapshot();
      writeFileSync(snapshotPath, snapshot);
      return jsonNumber(snapshot.length);
    },
  };
}

/**
 * Mode `pickle`: CPython with the audit hook installed before the first request is read, then
 * `pickle-load` requests `{ hex }` answered with the hook's report (JSON text, parsed by the CLI).
 */
export function pickleHandler(): ChildHandler {
  let load: ((hex: string) => string) | null = null;
  return {
    async prepare() {
      const pyodide = await startPyodide(
        snapshotPath === '-' ? {} : { _loadSnapshot: readFileSync(snapshotPath) },
      );
      if (snapshotPath === '-') pyodide.runPython(PRELOAD_SOURCE);
      // A restored interpreter holds the snapshot's generator state: reseed it, as a fresh one is.
      pyodide.runPython(RESEED_SOURCE);
      // A namespace of its own, so nothing a pickle can name refers to the loader or the hook.
      const namespace = pyodide.toPy({});
      pyodide.runPython(AUDIT_HOOK_SOURCE, { globals: namespace });
      const make = namespace.get('make_loader') as () => (hex: string) => string;
      load = make();
    },
    handle(op, payload) {
      const hex =
        typeof payload === 'object' && payload !== null && hasOwn(payload, 'hex')
          ? (payload as { hex: unknown }).hex
          : undefined;
      if (op !== 'pickle-load' || typeof hex !== 'string')
        throw new ChildError('child/op', `unknown request "${op}"`);
      return jsonString(load!(hex));
    },
  };
}

/**
 * Mode `python-learner`: CPython with the code lab's Python harness (and its audit hook) installed
 * before the first request is read; then `load` {code} and the battery's requests, each
 * `{ json }` (python-wire.ts), answered with the harness's JSON text (decoded and checked by the
 * CLI). After the hook is in place nothing here compiles Python: only the harness is called.
 */
export function pythonLearnerHandler(): ChildHandler {
  let handle: ((op: string, json: string) => string) | null = null;
  return {
    async prepare() {
      const pyodide = await startPyodide(
        snapshotPath === '-' ? {} : { _loadSnapshot: readFileSync(snapshotPath) },
      );
      if (snapshotPath === '-') pyodide.runPython(PRELOAD_SOURCE);
      // A restored interpreter holds the snapshot's generator state: reseed it, as a fresh one is.
      pyodide.runPython(RESEED_SOURCE);
      const namespace = pyodide.toPy({});
      pyodide.runPython(PYTHON_HARNESS_SOURCE, { globals: namespace });
      const make = namespace.get('make_harness') as () => (op: string, json: string) => string;
      handle = make();
    },
    handle(op, payload) {
      const json =
        typeof payload === 'object' && payload !== null && hasOwn(payload, 'json')
          ? (payload as { json: unknown }).json
          : undefined;
      if (typeof json !== 'string') throw new ChildError('child/op', `malformed request "${op}"`);
      try {
        return jsonString(handle!(op, json));
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        // A PythonError's message is the whole traceback: its last line says what happened.
        const last = text.trim().split('\n').slice(-1)[0] ?? '';
        throw new ChildError('python/harness', last.slice(0, 500));
      }
    },
  };
}
