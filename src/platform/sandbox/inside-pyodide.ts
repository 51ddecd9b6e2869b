/**
 * Pyodide inside the Python sandbox (sandbox.ts, the `python` frame): its files arrive in the
 * start message and are served to it from memory (inside.ts MEMORY_FILES), since the frame may
 * fetch nothing. Used by every Python sandbox script; call it from a handler, after serveSandbox.
 */
import type { PyodideAPI } from 'pyodide';
import { MEMORY_FILES, importModuleText, memoryFile } from './inside';

type LoadPyodide = (options: Record<string, unknown>) => Promise<PyodideAPI>;

function text(name: string): string {
  const file = memoryFile(name);
  if (!file) throw new Error(`Pyodide's ${name} was not handed to the sandbox.`);
  return new TextDecoder().decode(file);
}

/** A fresh CPython (one per sandbox), started from the files handed in. */
export async function startPyodide(): Promise<PyodideAPI> {
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
  });
}
