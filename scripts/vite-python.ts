/**
 * Build support for real Python in the page (src/platform/sandbox/python.ts): Pyodide's files,
 * copied from the pinned `pyodide` package into `pyodide/` of the build (nothing comes from a CDN),
 * the Python sandbox frame's document `sandbox-python.html`, and `virtual:pyodide-files`, which
 * tells the page their names and sizes (for its progress bar) or that this build has none (the
 * single file, which then says that Python needs the served app).
 *
 * The page loads them only when a learner asks for Python: they are not in the initial bundle,
 * and the service worker caches them on first use instead of at install (PYODIDE_FOLDER).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Connect, Plugin } from 'vite';
import { frameDocumentWith, pythonFramePolicy } from '../src/platform/sandbox/frame-bootstrap.ts';
import { sandboxFrameHash } from './vite-sandbox.ts';

/** Where the build puts Pyodide's files, relative to the app's root. */
export const PYODIDE_FOLDER = 'pyodide/';
/** The Python sandbox frame's document, at the app's root. */
export const PYTHON_FRAME = 'sandbox-python.html';
/** What the sandbox needs of the package: the loader, the runtime, the standard library. */
export const PYODIDE_FILE_NAMES = [
  'pyodide.mjs',
  'pyodide.asm.mjs',
  'pyodide.asm.wasm',
  'python_stdlib.zip',
  'pyodide-lock.json',
] as const;

const VIRTUAL = 'virtual:pyodide-files';
const RESOLVED = '\0virtual:pyodide-files';

function pyodideFolder(): string {
  return dirname(createRequire(import.meta.url).resolve('pyodide/package.json'));
}

export function pythonFrameDocument(): string {
  return frameDocumentWith(sandboxFrameHash(), pythonFramePolicy);
}

/** The Python frame's policy, as a header for hosts and servers that send one per path. */
export function pythonFrameHeaderPolicy(): string {
  return pythonFramePolicy(sandboxFrameHash());
}

/**
 * `available`: false for the single file (file:// cannot load a frame by URL from its own
 * origin, and 13 MB of Pyodide does not belong in one HTML file).
 */
export function pythonRuntime({ available }: { available: boolean }): Plugin {
  const folder = pyodideFolder();
  const read = (name: string) => readFileSync(join(folder, name));
  return {
    name: 'security-playground:python-runtime',
    resolveId: (id) => (id === VIRTUAL ? RESOLVED : null),
    load(id) {
      if (id !== RESOLVED) return null;
      const files = available
        ? PYODIDE_FILE_NAMES.map((name) => ({ name, bytes: read(name).length }))
        : [];
      const version = (JSON.parse(read('package.json').toString()) as { version: string }).version;
      return [
        `export const PYTHON_AVAILABLE = ${JSON.stringify(available)};`,
        `export const PYODIDE_VERSION = ${JSON.stringify(version)};`,
        `export const PYODIDE_FOLDER = ${JSON.stringify(PYODIDE_FOLDER)};`,
        `export const PYTHON_FRAME = ${JSON.stringify(PYTHON_FRAME)};`,
        `export const PYODIDE_FILES = ${JSON.stringify(files)};`,
      ].join('\n');
    },
    generateBundle() {
      if (!available) return;
      for (const name of PYODIDE_FILE_NAMES)
        this.emitFile({ type: 'asset', fileName: PYODIDE_FOLDER + name, source: read(name) });
      this.emitFile({ type: 'asset', fileName: PYTHON_FRAME, source: pythonFrameDocument() });
    },
    configureServer(server) {
      if (!available) return;
      const serve: Connect.NextHandleFunction = (req, res, next) => {
        const path = (req.url ?? '/').split('?')[0]!.replace(/^\//, '');
        if (path === PYTHON_FRAME) {
          res.setHeader('Content-Type', 'text/html; charset=utf-8');
          res.end(pythonFrameDocument());
          return;
        }
        const name = path.startsWith(PYODIDE_FOLDER) ? path.slice(PYODIDE_FOLDER.length) : '';
        if (!(PYODIDE_FILE_NAMES as readonly string[]).includes(name)) return next();
        res.setHeader(
          'Content-Type',
          name.endsWith('.wasm')
            ? 'application/wasm'
            : name.endsWith('.mjs')
              ? 'text/javascript'
              : 'application/octet-stream',
        );
        res.end(read(name));
      };
      server.middlewares.use(serve);
    },
  };
}

/**
 * The Content-Security-Policy header on the dev and preview servers, per path: the Python frame
 * gets its own policy (with 'wasm-unsafe-eval'), every other file the page's. One policy per
 * response: a second one would be enforced as well and take WebAssembly away from the frame.
 */
export function policyHeaders(
  server: 'dev' | 'preview',
  pagePolicy: string,
  pythonPolicy: string,
): Plugin {
  const setPolicy: Connect.NextHandleFunction = (req, res, next) => {
    const path = (req.url ?? '/').split('?')[0]!;
    res.setHeader(
      'Content-Security-Policy',
      path.endsWith(`/${PYTHON_FRAME}`) ? pythonPolicy : pagePolicy,
    );
    next();
  };
  return {
    name: 'security-playground:policy-headers',
    configureServer: (dev) => void (server === 'dev' && dev.middlewares.use(setPolicy)),
    configurePreviewServer: (preview) =>
      void (server === 'preview' && preview.middlewares.use(setPolicy)),
  };
}
