/** Pyodide's files in this build (scripts/vite-python.ts). */
declare module 'virtual:pyodide-files' {
  /** False in the single file: Python needs the served app. */
  export const PYTHON_AVAILABLE: boolean;
  export const PYODIDE_VERSION: string;
  /** Relative to the app's root, like PYTHON_FRAME. */
  export const PYODIDE_FOLDER: string;
  export const PYTHON_FRAME: string;
  export const PYODIDE_FILES: readonly { name: string; bytes: number }[];
}
