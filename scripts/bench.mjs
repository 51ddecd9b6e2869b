#!/usr/bin/env node
// `npm run bench`: bundles bench/ with esbuild (packages stay external) and runs it.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// BENCH_OUTFILE: where the bundle goes (the smoke test, scripts/bench-bundle.test.ts, sets it).
const outfile = process.env.BENCH_OUTFILE ?? join(root, 'dist-bench', 'bench.mjs');
await build({
  entryPoints: [join(root, 'bench', 'main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'error',
  plugins: [
    {
      // The registry names every lab's panel; the page suite never renders one, so the editor
      // (Monaco and its workers, and the sandboxes' scripts, which only Vite can bundle) is stubbed
      // out here.
      name: 'stub-editor',
      setup(b) {
        b.onResolve({ filter: /^monaco-editor|\?(worker|sandbox-script)$/ }, (args) => ({
          path: args.path,
          namespace: 'stub',
        }));
        // Pyodide's file list is made by a Vite plugin (scripts/vite-python.ts); the page suite
        // needs none of it (the python suite drives the built app).
        b.onResolve({ filter: /^virtual:pyodide-files$/ }, (args) => ({
          path: args.path,
          namespace: 'stub-pyodide',
        }));
        b.onLoad({ filter: /.*/, namespace: 'stub-pyodide' }, () => ({
          contents:
            "export const PYTHON_AVAILABLE = false, PYODIDE_VERSION = '', PYODIDE_FOLDER = 'pyodide/', PYTHON_FRAME = 'sandbox-python.html', PYODIDE_FILES = [];",
          loader: 'js',
        }));
        b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
          contents: 'export default class {}; export const editor = {}, languages = {};',
          loader: 'js',
        }));
      },
    },
  ],
});
process.chdir(root);
await import(pathToFileURL(outfile).href);
